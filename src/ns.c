/* ns.c - the jail's namespaces, made in one clone, and the fds that may
 * enter them. */
#define _GNU_SOURCE
#include "ns.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "banned.h"

pid_t ns_clone(unsigned long flags)
{
	/* Raw clone without a new stack behaves like fork; one call makes
	 * every namespace at once. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL,
			      NULL);
}

pid_t ns_clone_into(unsigned long flags, int cgroup_fd, bool *placed)
{
	struct clone_args args;
	long pid;

	*placed = false;
	if (cgroup_fd < 0)
		return ns_clone(flags);
	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgroup_fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid >= 0) {
		*placed = true;
		return (pid_t)pid;
	}
	/* Before Linux 5.7 (ENOSYS: no clone3; E2BIG: no cgroup field):
	 * the clone, and capejail moves the child in after. */
	if (errno != ENOSYS && errno != E2BIG)
		return -1;
	return ns_clone(flags);
}

static int close_between(unsigned lo, unsigned hi, struct cj_err *err)
{
	if (lo > hi)
		return 0;
	if (syscall(SYS_close_range, lo, hi, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "closing inherited fds");
	return 0;
}

int ns_close_fds_except(const int *keep, size_t n, struct cj_err *err)
{
	unsigned from = 3;

	for (size_t i = 0; i < n; i++) {
		if (close_between(from, (unsigned)keep[i] - 1, err) < 0)
			return -1;
		from = (unsigned)keep[i] + 1;
	}
	return close_between(from, ~0U, err);
}
