/* nocore.c - core dumps never leave the jail (nocore.h). */
#define _GNU_SOURCE
#include "nocore.h"

#include <endian.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "seccomp_load.h"
#include "sysnames.h"
#include "util.h"

#include "banned.h"

/* An argument's low and high 32 bits in struct seccomp_data. */
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define ARG_LO(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#define ARG_HI(i) ((uint32_t)offsetof(struct seccomp_data, args[i]) + 4)
#else
#define ARG_LO(i) ((uint32_t)offsetof(struct seccomp_data, args[i]) + 4)
#define ARG_HI(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#endif

#define LD(off)	     BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define RET(v)	     BPF_STMT(BPF_RET | BPF_K, (v))
#define DENY	     (SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
/* Not run, and 0 returned: "core dumps off" is true already (RLIMIT_CORE
 * 1 makes none), and programs that turn them off before they hold secrets
 * (gpg, ssh-agent) treat a refusal as fatal. */
#define PRETEND (SECCOMP_RET_ERRNO | 0U)

/* The rules, in front of the policy's filter: what they do not refuse
 * goes on to the policy's first instruction (the jump at 17, past the
 * end of the rules), which looks at the call as if they were not there.
 * Every other syscall, and another ABI (the policy's filter kills those),
 * is let through without a look at its arguments: the kernel's action
 * cache still answers the policy's plain allows. The resource is an int:
 * its low 32 bits, as the kernel reads it; the limits are pointers: all
 * 64 bits. A change of RLIMIT_CORE is not made, and seems to succeed
 * (PRETEND). */
#define NOCORE_LEN 20
static void nocore_rules(struct sock_filter out[NOCORE_LEN])
{
	const struct sock_filter prog[NOCORE_LEN] = {
	    /* 0 */ LD(offsetof(struct seccomp_data, arch)),
	    /* 1 */ JEQ(sysnames_arch(), 0, 15),
	    /* 2 */ LD(offsetof(struct seccomp_data, nr)),
	    /* 3 */ JEQ(SYS_prlimit64, 1, 0),
#ifdef SYS_setrlimit
	    /* 4 */ JEQ(SYS_setrlimit, 10, 12),
#else
	    /* 4 */ BPF_JUMP(BPF_JMP | BPF_JA, 12, 0, 0),
#endif
	    /* 5: prlimit64(pid, resource, new, old): a read (new NULL) */
	    LD(ARG_LO(1)),
	    /* 6 */ JEQ(RLIMIT_CORE, 0, 10),
	    /* 7 */ LD(ARG_LO(2)),
	    /* 8 */ JEQ(0, 0, 2),
	    /* 9 */ LD(ARG_HI(2)),
	    /* 10 */ JEQ(0, 6, 0),
	    /* 11: a new limit: without old (glibc's setrlimit), as
	     * setrlimit; with old, refused (old would not be filled) */
	    LD(ARG_LO(3)),
	    /* 12 */ JEQ(0, 0, 6),
	    /* 13 */ LD(ARG_HI(3)),
	    /* 14 */ JEQ(0, 3, 4),
	    /* 15: setrlimit(resource, new) */
	    LD(ARG_LO(0)),
	    /* 16 */ JEQ(RLIMIT_CORE, 1, 0),
	    /* 17: on to the policy's filter */
	    BPF_JUMP(BPF_JMP | BPF_JA, NOCORE_LEN - 18, 0, 0),
	    /* 18 */ RET(PRETEND),
	    /* 19 */ RET(DENY),
	};

	memcpy(out, prog, sizeof(prog));
}

int nocore_load_with(const struct sock_filter *policy, size_t len,
		     int *listener, struct cj_err *err)
{
	struct sock_filter *all;
	int rc;

	/* One filter: one program for the kernel to check, compile, run on
	 * every call and free. Where the two do not fit in one, the rules
	 * go alone first, ending where the policy would begin: allowed. */
	if (len > BPF_MAXINSNS - NOCORE_LEN) {
		struct sock_filter rules[NOCORE_LEN + 1];

		nocore_rules(rules);
		rules[NOCORE_LEN] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
		if (seccomp_load_bpf(rules, NOCORE_LEN + 1, NULL, err) < 0)
			return -1;
		return seccomp_load_bpf(policy, len, listener, err);
	}
	all = malloc((NOCORE_LEN + len) * sizeof(*all));
	if (all == NULL)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "seccomp filter: out of "
			       "memory");
	nocore_rules(all);
	memcpy(all + NOCORE_LEN, policy, len * sizeof(*all));
	rc = seccomp_load_bpf(all, NOCORE_LEN + len, listener, err);
	free(all);
	return rc;
}

/* A core_pattern that hands the dump to something outside the jail: a
 * pipe to a helper (|), which the kernel starts as root in the host's
 * namespaces, or a socket (@, Linux 6.16). */
bool nocore_pattern_leaves(const char *pattern)
{
	return pattern[0] == '|' || pattern[0] == '@';
}

int nocore_check_rlimit(uint64_t soft, uint64_t hard, struct cj_err *err)
{
	char *pattern = NULL;
	size_t len;
	struct cj_err ignored;
	int rc = 0;

	if (hard <= 1 && soft <= 1)
		return 0;
	if (read_small_file("/proc/sys/kernel/core_pattern", 4096, &pattern,
			    &len, &ignored) < 0)
		return 0; /* no /proc/sys: no pattern to leave by */
	pattern[strcspn(pattern, "\n")] = '\0';
	if (nocore_pattern_leaves(pattern))
		rc = cj_fail(err, CJ_EXIT_SETUP,
			     "--rlimit core: this host's kernel.core_pattern "
			     "(%.60s) hands core dumps to a helper outside the "
			     "jail; only core=0 or 1 (no dump) is allowed",
			     pattern);
	free(pattern);
	return rc;
}
