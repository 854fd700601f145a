/* userns.c - the jail's user namespaces. */
#define _GNU_SOURCE
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <linux/securebits.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

/* Write text to path, relative to dirfd, in one write(2) (the kernel
 * takes an id map in one piece only). */
static int write_at(int dirfd, const char *path, const char *text,
		    struct cj_err *err)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
	n = write(fd, text, strlen(text));
	if (n != (ssize_t)strlen(text)) {
		int e = n < 0 ? errno : EIO;

		(void)close(fd);
		return cj_fail_errno(err, CJ_EXIT_SETUP, e, "writing %s", path);
	}
	if (close(fd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
	return 0;
}

static int write_file(const char *path, const char *text, struct cj_err *err)
{
	return write_at(AT_FDCWD, path, text, err);
}

/* One of newuidmap and newgidmap on pid: the jail's 0 is the caller's own
 * id, its 1 to count the subordinate ids from start. The helper is setuid
 * root: no environment of ours, stdin /dev/null, what it says into out. */
static pid_t spawn_map(const char *path, pid_t pid, unsigned self,
		       uint32_t start, uint32_t count, int out)
{
	char spid[16], sself[16], sstart[16], scount[16];
	char *const argv[] = {(char *)path, spid,	 (char *)"0",
			      sself,	    (char *)"1", (char *)"1",
			      sstart,	    scount,	 NULL};
	char *const envp[] = {NULL};
	pid_t child;

	(void)snprintf(spid, sizeof(spid), "%d", (int)pid);
	(void)snprintf(sself, sizeof(sself), "%u", self);
	(void)snprintf(sstart, sizeof(sstart), "%u", (unsigned)start);
	(void)snprintf(scount, sizeof(scount), "%u", (unsigned)count);
	child = fork();
	if (child == 0) {
		int fds[2] = {out, out};

		exec_helper(path, argv, envp, fds, 2, 0);
	}
	return child;
}

/* Both helpers at once (each is an exec of a setuid program), then what
 * the first that failed said. */
static int map_subordinate(pid_t pid, const struct rootless_ids *r,
			   struct cj_err *err)
{
	const char *path[2] = {CJ_NEWUIDMAP, CJ_NEWGIDMAP};
	pid_t child[2] = {-1, -1};
	char said[256] = "";
	size_t len = 0;
	int out[2], status[2] = {0, 0}, spawn_errno = 0;
	ssize_t n;

	if (pipe2(out, O_CLOEXEC) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "pipe");
	child[0] = spawn_map(path[0], pid, (unsigned)getuid(), r->uid_start,
			     r->count, out[1]);
	if (child[0] < 0)
		spawn_errno = errno;
	else {
		child[1] = spawn_map(path[1], pid, (unsigned)getgid(),
				     r->gid_start, r->count, out[1]);
		if (child[1] < 0)
			spawn_errno = errno;
	}
	(void)close(out[1]);
	/* Until both ended (or the pipe is full of their words). */
	while (len + 1 < sizeof(said) &&
	       ((n = read(out[0], said + len, sizeof(said) - 1 - len)) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	said[len] = '\0';
	(void)close(out[0]);
	for (int i = 0; i < 2; i++)
		while (child[i] > 0 && waitpid(child[i], &status[i], 0) < 0)
			if (errno != EINTR) {
				status[i] = -1;
				break;
			}
	if (spawn_errno != 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, spawn_errno,
				     "starting %s", path[child[0] < 0 ? 0 : 1]);
	for (int i = 0; i < 2; i++) {
		if (status[i] == 0)
			continue;
		said[strcspn(said, "\n")] = '\0';
		return cj_fail(err, CJ_EXIT_SETUP,
			       "mapping the caller's subordinate ids: %s %s",
			       path[i],
			       said[0]		      ? said
			       : WIFEXITED(status[i]) ? "failed"
						      : "was killed");
	}
	return 0;
}

int userns_map_ids(pid_t pid, const struct host_ids *h,
		   const struct rootless_ids *r, struct cj_err *err)
{
	bool rootless = h == NULL;
	/* -1 (4294967295) means "no id" and is never mapped. */
	char uids[64], gids[64], path[64];

	if (rootless && r->sub)
		return map_subordinate(pid, r, err);
	if (rootless) {
		/* The one map the kernel grants an ordinary user: itself.
		 * A gid map needs setgroups denied first, for good: a
		 * process could otherwise drop a group that a file denies
		 * access to (a negative group permission). */
		(void)snprintf(uids, sizeof(uids), "0 %u 1\n",
			       (unsigned)getuid());
		(void)snprintf(gids, sizeof(gids), "0 %u 1\n",
			       (unsigned)getgid());
		(void)snprintf(path, sizeof(path), "/proc/%d/setgroups",
			       (int)pid);
		if (write_file(path, "deny\n", err) < 0)
			return -1;
	} else {
		/* The jail's own host ids (hostids.h), and no other. */
		(void)snprintf(uids, sizeof(uids), "0 %u %u\n",
			       (unsigned)h->uid, CJ_JAIL_IDS);
		(void)snprintf(gids, sizeof(gids), "0 %u %u\n",
			       (unsigned)h->gid, CJ_JAIL_IDS);
	}
	(void)snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if (write_file(path, uids, err) < 0)
		return -1;
	(void)snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	return write_file(path, gids, err);
}

int userns_become_jail_root(bool rootless, bool one_id, struct cj_err *err)
{
	/* Our credentials are still the host's root (effective: the jail's
	 * 0), which the map leaves out; take the jail's uid 0 (capabilities in
	 * our namespace stay). Rootless, we are the caller, already the
	 * namespace's 0; with one id mapped, setgroups is denied (the
	 * caller's groups stay), with its subordinate ids newgidmap allowed
	 * it, and the caller's groups go. */
	if (!one_id && setgroups(0, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setgroups");
	/* Inherited from capejail's clone (userns_owner_begin): from here
	 * on, an id change drops capabilities as it should. */
	if (!rootless) {
		int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);

		if (bits < 0 ||
		    prctl(PR_SET_SECUREBITS,
			  (unsigned long)bits &
			      ~(unsigned long)SECBIT_NO_SETUID_FIXUP,
			  0, 0, 0) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "PR_SET_SECUREBITS");
	}
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "becoming the jail's root");
	/* The id change made us non-dumpable, which hides /proc/self/fd
	 * from ourselves; setting up needs it (creds_drop ends it again). */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_DUMPABLE");
	return 0;
}

/* The per-user budgets that the kernel keeps per user namespace (its
 * ucounts): a count of the jail's user is checked against the jail's own
 * limit, then charged to the namespace's owner on the host, against the
 * host's. Bounded here, the jail cannot use up the owner's: inotify (128
 * instances a user on the host by default; 200 in a jail made host root's
 * tail -f fail), fanotify, and the namespaces the filter already refuses to
 * make (a second lock, as max_user_namespaces, for -I too; mount namespaces
 * 16, not 0: building the root clones trees, each an anonymous one for a
 * moment; cgroup namespaces 1: the jail's own, which PID 1 makes once it
 * is in the jail's cgroup, after this). A kernel without one of them skips
 * it. */
static const struct {
	const char *name, *value;
} budgets[] = {
    {"max_inotify_instances", "32\n"}, {"max_inotify_watches", "8192\n"},
    {"max_fanotify_groups", "16\n"},   {"max_fanotify_marks", "8192\n"},
    {"max_mnt_namespaces", "16\n"},    {"max_ipc_namespaces", "0\n"},
    {"max_net_namespaces", "0\n"},     {"max_pid_namespaces", "0\n"},
    {"max_uts_namespaces", "0\n"},     {"max_cgroup_namespaces", "1\n"},
    {"max_time_namespaces", "0\n"},
};

int userns_bound_budgets(struct cj_err *err)
{
	int dir = open("/proc/sys/user", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "/proc/sys/user");
	for (size_t i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
		struct cj_err e = {0, ""};

		if (write_at(dir, budgets[i].name, budgets[i].value, &e) < 0 &&
		    faccessat(dir, budgets[i].name, F_OK, 0) == 0) {
			*err = e;
			(void)close(dir);
			return -1;
		}
	}
	(void)close(dir);
	return 0;
}

int userns_forbid_nested(bool one_id, struct cj_err *err)
{
	/* The user sysctls are per user namespace: this is the jail's own
	 * limit, and the host's stays as it is. The kernel checks a new user
	 * namespace against the limit of every namespace above it, so the
	 * one that userns_enter_user makes below ours uses up a limit of 1, and
	 * none can be made inside that one either. */
	static const char limit[] = "/proc/sys/user/max_user_namespaces";

	if (write_file(limit, one_id ? "1\n" : "0\n", err) < 0) {
		/* A container runtime's readonlyPaths: the jail cannot be
		 * made as it must be there. */
		if (access(limit, W_OK) < 0 && errno == EROFS)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "%s: read-only here (a container's "
			    "read-only /proc/sys?): the jail's own "
			    "limit cannot be set; doc/deploying.md \"Running "
			    "many jails across machines\"",
			    limit);
		return -1;
	}
	return 0;
}

int userns_enter_user(int proc_fd, uid_t uid, gid_t gid, struct cj_err *err)
{
	char map[64];

	if (unshare(CLONE_NEWUSER) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "the jail user's namespace");
	/* Opened now, so that they are the new namespace's maps: our own 0
	 * outside (the caller) is the only id we map, which the kernel
	 * allows the namespace's owner. setgroups is denied here too (it is
	 * inherited). */
	(void)snprintf(map, sizeof(map), "%u 0 1\n", (unsigned)uid);
	if (write_at(proc_fd, "self/uid_map", map, err) < 0)
		return -1;
	(void)snprintf(map, sizeof(map), "%u 0 1\n", (unsigned)gid);
	if (write_at(proc_fd, "self/gid_map", map, err) < 0)
		return -1;
	/* We are that uid and gid now; setting them again (creds_drop) is
	 * what the identity check expects. */
	if (getuid() != uid || getgid() != gid)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "the jail user's namespace: uid %u gid %u did "
			       "not map",
			       (unsigned)uid, (unsigned)gid);
	return 0;
}

int userns_owner_begin(const struct host_ids *h, struct userns_owner *saved,
		       struct cj_err *err)
{
	saved->bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	saved->dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	if (saved->bits < 0 || saved->dumpable < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_GET_SECUREBITS");
	/* With SECBIT_NO_SETUID_FIXUP, a change of effective ids keeps our
	 * capabilities: we stay able to change them back. */
	if (prctl(PR_SET_SECUREBITS,
		  (unsigned long)saved->bits | SECBIT_NO_SETUID_FIXUP, 0, 0,
		  0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_SECUREBITS");
	if (setresgid(h->gid, h->gid, h->gid) < 0 ||
	    setresuid(h->uid, h->uid, h->uid) < 0) {
		int e = errno;

		(void)userns_owner_end(saved, err);
		return cj_fail_errno(err, CJ_EXIT_SETUP, e,
				     "taking the jail's host ids %u",
				     (unsigned)h->uid);
	}
	/* Files are still opened as the host's root: init opens -r DIR and
	 * the binds' sources before anything else (launch.c, step 1).
	 * setfsuid reports no error: read it back. */
	(void)setfsuid(0);
	(void)setfsgid(0);
	if (setfsuid((uid_t)-1) != 0 || setfsgid((gid_t)-1) != 0) {
		(void)userns_owner_end(saved, err);
		return cj_fail(err, CJ_EXIT_SETUP, "setfsuid 0: did not stick");
	}
	return 0;
}

int userns_owner_end(const struct userns_owner *saved, struct cj_err *err)
{
	if (setresuid(0, 0, 0) < 0 || setresgid(0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "becoming root again");
	/* The change of euid made us non-dumpable; as we were again. */
	if (prctl(PR_SET_SECUREBITS, (unsigned long)saved->bits, 0, 0, 0) < 0 ||
	    prctl(PR_SET_DUMPABLE, (unsigned long)saved->dumpable, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "restoring securebits");
	return 0;
}
