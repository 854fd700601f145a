/* kfeatures.c - the kernel features that protect a jail (see kfeatures.h). */
#define _GNU_SOURCE
#include "kfeatures.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "banned.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* Is the kernel k at least major.minor? */
static bool at_least(const struct cj_kernel_facts *k, int major, int minor)
{
	return k->major > major || (k->major == major && k->minor >= minor);
}

/* Is c one of the space-separated names in list? */
static bool has_word(const char *list, const char *c)
{
	size_t n = strlen(c);

	for (const char *p = list; p != NULL;
	     p = strchr(p, ' '), p = p ? p + 1 : p)
		if (strncmp(p, c, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

size_t features_list(const struct cj_kernel_facts *k, struct cj_feature *out,
		     size_t max)
{
	const bool cg = k->cgroup2;
	const struct cj_feature all[CJ_FEATURES_N] = {
	    {"Landlock (file-system access rules, ABI 1)", "5.13",
	     k->landlock_abi >= 1},
	    {"Landlock ABI 6 (scoping: no abstract UNIX sockets or signals "
	     "out of the jail)",
	     "6.12", k->landlock_abi >= 6},
	    {"idmapped mounts (mount_setattr)", "5.12", k->idmapped},
	    {"CLONE_INTO_CGROUP (clone3 straight into a cgroup)", "5.7",
	     k->into_cgroup},
	    {"SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (the supervisor answers "
	     "on the CPU it was woken on)",
	     "6.6", at_least(k, 6, 6)},
	    {"cgroup v2 pids controller (--pids)", "4.5",
	     cg && has_word(k->controllers, "pids")},
	    {"cgroup v2 memory controller (--memory)", "4.5",
	     cg && has_word(k->controllers, "memory")},
	    {"cgroup v2 cpu controller (--cpus)", "4.15",
	     cg && has_word(k->controllers, "cpu")},
	};
	size_t n = max < CJ_FEATURES_N ? max : CJ_FEATURES_N;

	for (size_t i = 0; i < n; i++)
		out[i] = all[i];
	return n;
}

int features_line(const struct cj_feature *f, char *buf, size_t size)
{
	return snprintf(buf, size, "%s: %s (Linux %s)",
			f->present ? "has" : "lacks", f->name, f->since);
}

/* clone3 with CLONE_INTO_CGROUP and an fd that is not open: EBADF where
 * the kernel knows the flag, EINVAL where it does not, ENOSYS without
 * clone3. A child, should one start all the same, exits at once. */
static bool probe_into_cgroup(void)
{
	struct clone_args args;
	long rc;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = INT_MAX;
	rc = syscall(SYS_clone3, &args, sizeof(args));
	if (rc == 0)
		_exit(0);
	if (rc > 0) {
		(void)waitpid((pid_t)rc, NULL, 0);
		return true;
	}
	return errno == EBADF;
}

void features_probe(struct cj_kernel_facts *k)
{
	struct utsname u;
	struct statfs sf;
	long abi;
	int fd;

	memset(k, 0, sizeof(*k));
	if (uname(&u) == 0) {
		char *end;

		k->major = (int)strtol(u.release, &end, 10);
		if (*end == '.')
			k->minor = (int)strtol(end + 1, NULL, 10);
	}
	abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U << 0);
	k->landlock_abi = abi > 0 ? (int)abi : 0;
	/* mount_setattr on no fd: EBADF where it exists. */
	k->idmapped = syscall(SYS_mount_setattr, -1, "", 0, NULL, 0) < 0 &&
		      errno != ENOSYS;
	k->into_cgroup = probe_into_cgroup();
	k->cgroup2 = statfs("/sys/fs/cgroup", &sf) == 0 &&
		     sf.f_type == CGROUP2_SUPER_MAGIC;
	fd = k->cgroup2 ? open("/sys/fs/cgroup/cgroup.controllers",
			       O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
			: -1;
	if (fd >= 0) {
		ssize_t n =
		    read(fd, k->controllers, sizeof(k->controllers) - 1);

		k->controllers[n > 0 ? n : 0] = '\0';
		k->controllers[strcspn(k->controllers, "\n")] = '\0';
		(void)close(fd);
	}
}
