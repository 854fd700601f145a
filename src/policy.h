/* policy.h - the SYSCALLS.md format: `## Blocked` / `## Allowed` sections of
 * `### name [⚠️] [(arch)]` entries, each with a reason. The same parser is
 * used by the build-time generator and (for policy files) at run time, so the
 * two readers cannot disagree. Pure: parses a buffer, does no I/O. */
#ifndef CAPEJAIL_POLICY_H
#define CAPEJAIL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "policy_marks.h"

#define CJ_POLICY_MAX_BYTES (1U << 20) /* 1 MiB: SYSCALLS.md is ~40 KiB */
#define CJ_NAME_MAX	    64
#define CJ_ARCH_MAX	    16

/* Argument rules, written in an entry as list items in backticks:
 *   - `errno ENOSYS`                     the errno of this entry's blocks
 *   - `quiet`                            its blocks are answered in the
 *                                        kernel, not reported (hot calls)
 *   - `block if arg0 has 0x10000000 ...` blocked if any of these bits is set
 *   - `block if arg1 in 0x5412 ...`      blocked if equal to one of these
 *   - `block if arg0 not in 1 2 ...`     blocked unless equal to one
 *   - `block if arg1 & 0xf000 in 0x2000` the same on the argument's bits
 *                                        under a mask (in, not in)
 *   - `block if arg1,arg2 not in 1,2 6,1` the same on a pair of arguments
 *                                        (in, not in), each value a pair
 * A value may carry its name: `TIOCSTI=0x5412`, `SOL_SOCKET=1,SO_KEEPALIVE=9`.
 * A rule's code span may go on over the list item's next lines (as
 * Markdown reads it). Rules compare the low 32 bits of the argument, which
 * is all the kernel reads of the int-typed arguments (flags, commands,
 * families, levels) they are meant for. */
#define CJ_MAX_ARGRULES	  4
#define CJ_MAX_VALUES	  64
#define CJ_VALUE_NAME_MAX 24
#define CJ_RULE_TEXT_MAX  4096

enum cj_argrule_kind { CJ_ARG_HAS = 1, CJ_ARG_IN, CJ_ARG_NOT_IN };

struct cj_argrule {
	enum cj_argrule_kind kind;
	unsigned arg; /* 0..5 */
	bool masked;  /* `argN & MASK`: compared is arg & mask */
	uint32_t mask;
	bool pair;     /* `argN,argM`: (arg, arg2) against (v, v2) pairs */
	unsigned arg2; /* 0..5, not arg */
	size_t n;      /* values (pairs) */
	uint32_t v[CJ_MAX_VALUES];
	uint32_t v2[CJ_MAX_VALUES];		      /* pairs: second halves */
	char names[CJ_MAX_VALUES][CJ_VALUE_NAME_MAX]; /* "" if unnamed */
	char names2[CJ_MAX_VALUES][CJ_VALUE_NAME_MAX];
	char mask_name[CJ_VALUE_NAME_MAX];
};

struct policy_entry {
	char name[CJ_NAME_MAX];
	char arch[CJ_ARCH_MAX]; /* "(ia64)": only on an arch libseccomp lacks */
	struct cj_marks m;	/* verdict, ⚠️, `errno X`, `quiet` */
	unsigned line;		/* line of the heading, for messages */
	char *reason;		/* whole reason text, blank-trimmed */
	char *summary;		/* its first sentence, links flattened */
	const char *source;	/* where its words come from, for messages:
				   the file name given to policy_parse */
	struct cj_argrule *rules; /* `block if ...`: n_rules, malloc'd */
	size_t n_rules;
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

/* An errno by name ("EPERM") or number (1-4095). */
int policy_parse_errno(const char *s, int *out);

/* Index of name in p, or -1. */
long policy_find(const struct policy *p, const char *name);

/* First sentence of a reason (ended by its first full stop or paragraph),
 * with [text](link) made text and white space
 * folded; malloc'd. */
char *policy_summary(const char *reason);

/* An entry whose first sentence only points at another ("See
 * [mknod](#mknod).") gets that entry's first sentence as its summary, the
 * words capejail prints. policy_parse does it within a file; call it again
 * on a policy merged from several. */
int policy_resolve_see(struct policy *p, const char *file, struct cj_err *err);

#endif
