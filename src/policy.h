/* policy.h - the SYSCALLS.md format: `## Blocked` / `## Allowed` sections of
 * `### name [⚠️] [(arch)]` entries, each with a reason. The same parser is
 * used by the build-time generator and (for policy files) at run time, so the
 * two readers cannot disagree. Pure: parses a buffer, does no I/O. */
#ifndef CAPEJAIL_POLICY_H
#define CAPEJAIL_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define CJ_POLICY_MAX_BYTES (1U << 20) /* 1 MiB: SYSCALLS.md is ~40 KiB */
#define CJ_NAME_MAX	    64
#define CJ_ARCH_MAX	    16

enum cj_verdict { CJ_ALLOW = 0, CJ_BLOCK = 1 };

struct policy_entry {
	char name[CJ_NAME_MAX];
	char arch[CJ_ARCH_MAX]; /* "(ia64)": only on an arch libseccomp lacks */
	int verdict;		/* enum cj_verdict */
	bool warn;		/* ⚠️: a violation kills the whole jail */
	unsigned line;		/* line of the heading, for messages */
	char *reason;		/* whole reason text, blank-trimmed */
	char *summary;		/* its first sentence, links flattened */
};

struct policy {
	struct policy_entry *v;
	size_t n;
};

/* Parse text (len bytes, not necessarily NUL-terminated). On error fills err
 * with "file:line: what is wrong" and leaves out empty. */
int policy_parse(const char *text, size_t len, const char *file,
		 struct policy *out, struct cj_err *err);

void policy_free(struct policy *p);

/* Index of name in p, or -1. */
long policy_find(const struct policy *p, const char *name);

/* First sentence of a reason, with [text](link) made text and white space
 * folded; malloc'd. */
char *policy_summary(const char *reason);

#endif
