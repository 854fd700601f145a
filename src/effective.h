/* effective.h - the policy of one run: SYSCALLS.md as built in, then
 * --policy FILE, then --allow/--block, with --blocked-errno and --on-blocked
 * deciding how blocks end. */
#ifndef CAPEJAIL_EFFECTIVE_H
#define CAPEJAIL_EFFECTIVE_H

#include <linux/filter.h>
#include <stdbool.h>

#include "err.h"
#include "filter.h"
#include "policy.h"
#include "spec.h"

/* Does this run use the built-in policy as it is? Then its BPF program,
 * compiled at build time, is loaded as it is. */
bool effective_is_default(const struct jail_spec *spec);

/* The outcomes this run asks for. */
struct cj_outcomes effective_outcomes(const struct jail_spec *spec);

/* Parse the built-in policy and apply spec's --policy, --allow and --block.
 * Every error names what is wrong (file:line for a policy file); nothing is
 * partly applied. */
int effective_policy(const struct jail_spec *spec, struct policy *out,
		     struct cj_err *err);

/* The BPF program for this run: the built-in one, or one compiled now.
 * *owned is what to free afterwards (NULL for the built-in one). */
int effective_program(const struct jail_spec *spec,
		      const struct sock_filter **prog, size_t *len,
		      struct sock_filter **owned, struct cj_err *err);

#endif
