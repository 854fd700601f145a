/* filter.h - policy -> seccomp filter. */
#ifndef CAPEJAIL_FILTER_H
#define CAPEJAIL_FILTER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "policy.h"

/* How blocks end: the policy's own words can be changed per run. */
struct cj_outcomes {
	int blocked_errno; /* errno of a block without its own; EPERM */
	int kill_blocked;  /* --on-blocked kill: every block kills the jail
			      (but for entries with their own errno) */
	int learn;	   /* enum cj_learn: --learn */
};

extern const struct cj_outcomes cj_default_outcomes;

/* How a block of an entry of marks m ends under o: the jail killed, or
 * this errno. An entry with its own errno (ENOSYS so that libc falls back,
 * say) keeps it even under --on-blocked kill. The filter, the exported
 * profiles and the supervisor's answers all ask here. */
bool filter_block_kills(const struct cj_marks *m, const struct cj_outcomes *o);
int filter_block_errno(const struct cj_marks *m, const struct cj_outcomes *o);

/* The action of a block of an entry of marks m under o (SCMP_ACT_*). */
uint32_t filter_block_action(const struct cj_marks *m,
			     const struct cj_outcomes *o);

/* A hash of what p does under o on arch: 16 hex digits and a NUL. Only the
 * decisions count (verdicts, marks, errnos, rules), not the words. The
 * built-in policy's is cj_policy_hash. */
void filter_policy_hash(const struct policy *p, const struct cj_outcomes *o,
			uint32_t arch, char out[17]);

/* The seccomp program of policy p under o (bpfgen.h), *prog malloc'd:
 *   allowed        -> ALLOW, or its block action if an argument rule of it
 *                     breaks
 *   blocked        -> USER_NOTIF: the call waits, never runs; capejail's
 *                     supervisor answers it with the entry's errno (or
 *                     o->blocked_errno) and says once which call it was
 *   blocked, quiet -> ERRNO(that errno), answered by the kernel: a call
 *                     programs make in hot loops (sched_yield)
 *   blocked + ⚠️   -> USER_NOTIF: the call waits, never runs, and
 *                     capejail's supervisor kills the whole jail
 *   learning       -> every block is USER_NOTIF (filter_block_action)
 *   not in p       -> ERRNO(ENOSYS) (a newer kernel's syscall: libc falls
 *                     back)
 *   another ABI    -> USER_NOTIF too (x32 numbering, int 0x80): killed */
int filter_compile(const struct policy *p, const struct cj_outcomes *o,
		   struct sock_filter **prog, size_t *len, struct cj_err *err);

/* The same for another architecture (SCMP_ARCH_*): cross-building.
 * Entries that do not exist on it are skipped. */
int filter_compile_arch(const struct policy *p, const struct cj_outcomes *o,
			uint32_t arch, struct sock_filter **prog, size_t *len,
			struct cj_err *err);

#endif
