/* seccomp_load.c - install a compiled BPF program. No libseccomp here: the
 * default policy is compiled at build time, so a run pays one syscall. */
#define _GNU_SOURCE
#include "seccomp_load.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "banned.h"

int seccomp_load_bpf(const struct sock_filter *prog, size_t len, int *listener,
		     struct cj_err *err)
{
	unsigned long flags = listener ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
	struct sock_fprog fprog;
	long rc;

	if (len == 0 || len > BPF_MAXINSNS)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "seccomp filter of %zu instructions", len);
	fprog.len = (unsigned short)len;
	/* The kernel copies the program; it does not write through it. */
	fprog.filter = (struct sock_filter *)(uintptr_t)prog;
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
	if (rc < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "loading the seccomp filter");
	if (listener != NULL)
		*listener = (int)rc;
	return 0;
}
