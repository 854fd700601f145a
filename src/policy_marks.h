/* policy_marks.h - what a policy entry decides of a syscall: its verdict
 * and its marks (⚠️, `errno X`, `quiet`). One struct, held both by a parsed
 * entry (policy.h) and by a row of the built-in table (policy_table.h), so
 * that a new mark is one field here (and one line of cj_marks_same). */
#ifndef CAPEJAIL_POLICY_MARKS_H
#define CAPEJAIL_POLICY_MARKS_H

#include <stdbool.h>

enum cj_verdict { CJ_ALLOW = 0, CJ_BLOCK = 1 };

struct cj_marks {
	enum cj_verdict verdict;
	bool warn;  /* ⚠️: a violation kills the whole jail (on an
		       allowed entry: a broken rule kills) */
	int err_no; /* `errno X`: errno of its blocks; 0: the default */
	bool quiet; /* `quiet`: its blocks are answered by the kernel and
		       reported in learn mode only */
};

/* Do a and b decide the same? (The unit tests compare entries with it.) */
static inline bool cj_marks_same(const struct cj_marks *a,
				 const struct cj_marks *b)
{
	return a->verdict == b->verdict && a->warn == b->warn &&
	       a->err_no == b->err_no && a->quiet == b->quiet;
}

#endif
