/* rlimits.c - the rlimits of the jail's processes, checked before the
 * launch and set on its init by capejail. */
#define _GNU_SOURCE
#include "rlimits.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "kinds.h"
#include "nocore.h"

#include "banned.h"

/* Is CAP_SYS_RESOURCE in our effective set (in the host's namespace)? */
static bool may_raise_limits(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return (data[CAP_SYS_RESOURCE / 32].effective &
		(1U << (CAP_SYS_RESOURCE % 32))) != 0;
}

/* Without CAP_SYS_RESOURCE (always so rootless), a hard limit can only go
 * down: one above capejail's own is an error that names the privilege,
 * before anything is made, not a bare EPERM from prlimit later. */
int rlimits_check(const struct jail_limits *lim, bool rootless,
		  struct cj_err *err)
{
	for (size_t i = 0; i < lim->n_rlimits; i++)
		if (lim->rlimits[i].resource == RLIMIT_CORE &&
		    nocore_check_rlimit(lim->rlimits[i].soft,
					lim->rlimits[i].hard, err) < 0)
			return -1;
	if (lim->n_rlimits == 0 || (!rootless && may_raise_limits()))
		return 0;
	for (size_t i = 0; i < lim->n_rlimits; i++) {
		struct rlimit cur;

		if (getrlimit(lim->rlimits[i].resource, &cur) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "getrlimit");
		if (lim->rlimits[i].hard > cur.rlim_max)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "--rlimit %s: a hard limit above the caller's "
			    "(%llu) needs %s",
			    rlimit_name(lim->rlimits[i].resource),
			    (unsigned long long)cur.rlim_max,
			    rootless ? "root (CAP_SYS_RESOURCE)"
				     : "CAP_SYS_RESOURCE, which this "
				       "root does not have");
	}
	return 0;
}

/* No core dumps: RLIMIT_CORE 1, the one value that stops a dump to a pipe
 * too (nocore.h). A caller whose hard limit is 0 cannot raise it to 1
 * rootless: then 0, where the host's core_pattern is a file, and an error
 * where it would pipe the dump out of the jail. */
static int no_core(pid_t init, struct cj_err *err)
{
	struct rlimit one = {1, 1}, zero = {0, 0};

	if (prlimit(init, RLIMIT_CORE, &one, NULL) == 0)
		return 0;
	if (errno != EPERM || nocore_check_rlimit(2, 2, err) < 0 ||
	    prlimit(init, RLIMIT_CORE, &zero, NULL) < 0)
		return err->status != 0 ? -1
					: cj_fail_errno(err, CJ_EXIT_SETUP,
							errno, "RLIMIT_CORE");
	return 0;
}

/* A limit of PID 1 that may only go down: a hard limit of capejail's own
 * below it is kept (it is the stricter one, and rootless it could not be
 * raised). */
static int set_at_most(pid_t init, int resource, uint64_t soft, uint64_t hard,
		       const char *what, struct cj_err *err)
{
	struct rlimit r = {soft, hard}, cur;

	if (getrlimit(resource, &cur) == 0 && cur.rlim_max < r.rlim_max)
		r.rlim_max = cur.rlim_max;
	if (r.rlim_cur > r.rlim_max)
		r.rlim_cur = r.rlim_max;
	if (prlimit(init, resource, &r, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", what);
	return 0;
}

bool rlimits_has(const struct jail_limits *lim, int resource)
{
	for (size_t i = 0; i < lim->n_rlimits; i++)
		if (lim->rlimits[i].resource == resource)
			return true;
	return false;
}

/* rlimits of PID 1, inherited by everything in the jail: set by capejail
 * with the host's privilege, so a hard limit may also go up (as root). No
 * core dumps unless asked; the pids cap as RLIMIT_NPROC where no cgroup can
 * hold it (Linux counts it per user namespace: the jail's processes).
 * --rlimit last: it overrides them. (The default memory limit without a
 * memory cgroup is RLIMIT_DATA of the program, which init sets:
 * chan_say_data_limit.) */
int rlimits_set(const struct jail_limits *lim, pid_t init, bool pids_fallback,
		struct cj_err *err)
{
	if (no_core(init, err) < 0)
		return -1;
	if (pids_fallback && set_at_most(init, RLIMIT_NPROC, lim->pids,
					 lim->pids, "RLIMIT_NPROC", err) < 0)
		return -1;
	/* The per-user budgets (spec.h): bounded, whatever the caller's. */
	if (set_at_most(init, RLIMIT_SIGPENDING, CJ_DEFAULT_SIGPENDING,
			CJ_DEFAULT_SIGPENDING, "RLIMIT_SIGPENDING", err) < 0 ||
	    set_at_most(init, RLIMIT_MSGQUEUE, CJ_DEFAULT_MSGQUEUE,
			CJ_DEFAULT_MSGQUEUE, "RLIMIT_MSGQUEUE", err) < 0 ||
	    set_at_most(init, RLIMIT_NOFILE, CJ_DEFAULT_NOFILE_SOFT,
			CJ_DEFAULT_NOFILE_HARD, "RLIMIT_NOFILE", err) < 0)
		return -1;
	for (size_t i = 0; i < lim->n_rlimits; i++) {
		struct rlimit r = {lim->rlimits[i].soft, lim->rlimits[i].hard};

		/* 0 is no dump to a file, but a pipe's helper ignores it;
		 * 1 is no dump either way (nocore.h). */
		if (lim->rlimits[i].resource == RLIMIT_CORE) {
			r.rlim_cur = r.rlim_cur < 1 ? 1 : r.rlim_cur;
			r.rlim_max = r.rlim_max < 1 ? 1 : r.rlim_max;
		}
		if (prlimit(init, lim->rlimits[i].resource, &r, NULL) < 0)
			return cj_fail_errno(
			    err, CJ_EXIT_SETUP, errno, "--rlimit %s",
			    rlimit_name(lim->rlimits[i].resource));
	}
	return 0;
}
