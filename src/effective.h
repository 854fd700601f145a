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

/* What capejail's supervisor does with a call the filter hands it, by
 * native syscall number, and what it saw of that call during the run. */
#define CJ_MAX_NR 1024

struct cj_answer {
	const char *name;   /* NULL: the policy does not name this number */
	const char *why;    /* the first sentence of its reason */
	const char *source; /* "SYSCALLS.md", a --policy file, "--block" */
	int err_no;	    /* the errno its blocks get */
	bool kills;	/* ⚠️, or --on-blocked kill: the jail is killed */
	bool warn;	/* ⚠️ */
	bool own_errno; /* its entry names its errno (kept in learn mode) */
	bool quiet;	/* answered by the kernel but in learn mode */
	bool allowed;	/* allowed: blocked only by its argument rules */
	const char *lifted_by; /* the shipped policy that allows it, or
				  NULL */
	/* What the run saw: */
	unsigned long count;
	long first_pid; /* in the jail */
	char first_comm[16];
};

/* The policy of one run, ready to load and to answer with. */
struct cj_effective {
	const struct sock_filter *insns; /* the BPF program to load */
	size_t len;
	struct sock_filter *owned; /* insns if compiled now, to free */
	struct policy p;	   /* parsed (empty for the built-in one) */
	struct cj_outcomes o;	   /* how blocks end */
	struct cj_answer *by_nr;   /* CJ_MAX_NR entries; NULL until
				      effective_answers */
	char hash[17];		   /* of the policy and outcomes in force */
};

/* Decide this run's policy (built-in or compiled now). Nothing is loaded;
 * on error nothing is left to release. */
int effective_prepare(const struct jail_spec *spec, struct cj_effective *eff,
		      struct cj_err *err);

/* Its table of answers (by_nr), needed only once the jail's syscalls can
 * reach capejail: launch makes it while the jail is being built. */
int effective_answers(struct cj_effective *eff, struct cj_err *err);

void effective_release(struct cj_effective *eff);

/* The shipped policies that allow every blocked call the run saw (but
 * for quiet ones and those with an errno of their own, which programs
 * survive), as a --policy argument ("server" or "build,server"), or ""
 * when they do not cover them or nothing was seen. */
void effective_shipped_cover(const struct cj_effective *eff, char *buf,
			     size_t cap);

/* The names of the shipped policies, ", "-separated, for messages. */
void effective_shipped_names(char *buf, size_t cap);

#endif
