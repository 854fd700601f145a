/* tap.h - a minimal TAP producer for the unit tests (read by prove). */
#ifndef CAPEJAIL_TAP_H
#define CAPEJAIL_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                                          \
	do {                                                                   \
		int ok_ = !!(cond);                                            \
		tap_n++;                                                       \
		if (!ok_)                                                      \
			tap_failed++;                                          \
		printf("%sok %d - ", ok_ ? "" : "not ", tap_n);                \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		if (!ok_)                                                      \
			printf("#   failed at %s:%d\n", __FILE__, __LINE__);   \
	} while (0)

#define is_str(got, want, ...)                                                 \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int same_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;         \
		ok(same_, __VA_ARGS__);                                        \
		if (!same_)                                                    \
			printf("#   got: '%s'\n#   expected: '%s'\n",          \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)

/* A test of a known bug, not fixed yet: written to the correct behaviour and
 * marked with a TAP TODO directive, so that it does not fail the run while
 * the bug is there (prove reports it as "unexpectedly succeeded" once it is
 * fixed). `bug` says what is wrong; no '#' in the description. */
#define todo(cond, bug, ...)                                                   \
	do {                                                                   \
		int todo_ = !!(cond);                                          \
		tap_n++;                                                       \
		printf("%sok %d - ", todo_ ? "" : "not ", tap_n);              \
		printf(__VA_ARGS__);                                           \
		printf(" # TODO bug: %s\n", bug);                              \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
