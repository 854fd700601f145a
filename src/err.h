/* err.h - how an error travels up: one struct, filled once, printed once. */
#ifndef CAPEJAIL_ERR_H
#define CAPEJAIL_ERR_H

#include <stddef.h>

/* Exit statuses, as documented in the README. */
enum {
	CJ_EXIT_SETUP = 125,   /* the jail could not be set up */
	CJ_EXIT_NOEXEC = 126,  /* the program exists but cannot be executed */
	CJ_EXIT_NOTFOUND = 127 /* the program was not found */
};

struct cj_err {
	int status;    /* exit status the error turns into */
	char msg[480]; /* one line, without the "capejail: " prefix */
};

/* Fill err with a formatted message; returns -1 so callers can
 * `return cj_fail(...)`. */
int cj_fail(struct cj_err *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, with ": strerror(errnum)" appended. */
int cj_fail_errno(struct cj_err *err, int status, int errnum, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));

/* One line "capejail: warning: ..." on stderr: what capejail itself
 * wants the user to know (an option that weakens the jail, a protection
 * this kernel lacks). fmt without the newline. */
void cj_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An errno's symbolic name ("EPERM"), or "errno N" for one without. */
const char *errno_name(int e);

#endif
