/* policy_int.h - what policy.c and policy_rule.c share. Not for other
 * layers. */
#ifndef CAPEJAIL_POLICY_INT_H
#define CAPEJAIL_POLICY_INT_H

#include "err.h"
#include "policy.h"

/* One rule of entry e, the text of its code span without the backticks:
 * `errno NAME`, `quiet`, or `block if argN [& MASK] has|in|not in
 * VALUE...` (or a pair, argN,argM). text is cut up in place. line and file
 * are for the error. */
int policy_parse_rule(struct policy_entry *e, char *text, unsigned line,
		      const char *file, struct cj_err *err);

#endif
