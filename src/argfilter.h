/* argfilter.h - argument rules -> a BPF prefix for the seccomp filter.
 *
 * libseccomp cannot say "allowed unless arg1 is TIOCSTI" safely (a
 * conditional rule next to an unconditional allow of the same syscall is
 * dropped, and it allows one comparison per argument), so the argument
 * rules are emitted here as a short prefix that falls through into
 * libseccomp's program: a checked syscall whose arguments break a rule
 * returns its block action; everything else reaches the main program. The
 * prefix reads only the arch and the number for unchecked syscalls, so the
 * kernel's action cache still answers those without running the filter. */
#ifndef CAPEJAIL_ARGFILTER_H
#define CAPEJAIL_ARGFILTER_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "policy.h"

struct argcheck {
	int nr; /* native syscall number */
	const struct cj_argrule *rules;
	size_t n_rules;
	uint32_t block; /* SECCOMP_RET_* action on a break */
};

/* Emit the prefix for checks c[0..n) on architecture audit_arch into out
 * (cap instructions). *len gets its length. */
int argfilter_build(uint32_t audit_arch, const struct argcheck *c, size_t n,
		    struct sock_filter *out, size_t cap, size_t *len,
		    struct cj_err *err);

#endif
