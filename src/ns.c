/* ns.c - namespaces and the jail's init. */
#define _GNU_SOURCE
#include "ns.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timings.h"

#include "banned.h"

const int ns_forwarded_signals[] = {SIGINT,   SIGTERM, SIGHUP,
				    SIGQUIT,  SIGUSR1, SIGUSR2,
				    SIGWINCH, SIGTSTP, SIGCONT};
const int ns_forwarded_count =
    (int)(sizeof(ns_forwarded_signals) / sizeof(ns_forwarded_signals[0]));

void ns_send_error(int fd, const struct cj_err *err)
{
	struct cj_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = CJ_MSG_ERROR;
	m.value = err->status;
	(void)snprintf(m.text, sizeof(m.text), "%s", err->msg);
	/* Nothing to do if capejail is gone: the jail dies with it. */
	(void)send(fd, &m, sizeof(m), MSG_NOSIGNAL);
}

void ns_send_exit(int fd, int wstatus)
{
	struct cj_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = CJ_MSG_EXIT;
	m.value = wstatus;
	(void)send(fd, &m, sizeof(m), MSG_NOSIGNAL);
}

void ns_send_timings(int fd)
{
	struct cj_msg m;
	size_t from = 0;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.kind = CJ_MSG_TIMINGS;
		if (timings_encode(m.text, sizeof(m.text), &from) == 0)
			return;
		/* Best effort: timings are no part of the run's outcome. */
		if (send(fd, &m, sizeof(m), MSG_NOSIGNAL) < 0)
			return;
	}
}

int ns_send_fd(int fd, int kind, int passed, struct cj_err *err)
{
	struct cj_msg m;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {&m, sizeof(m)};
	struct msghdr mh;
	struct cmsghdr *c;

	memset(&m, 0, sizeof(m));
	memset(&ctl, 0, sizeof(ctl));
	memset(&mh, 0, sizeof(mh));
	m.kind = kind;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &passed, sizeof(int));
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(m))
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "handing the %s to capejail",
				     kind == CJ_MSG_PTY ? "jail's terminal"
							: "seccomp listener");
	return 0;
}

long ns_recv(int fd, struct cj_msg *m, int *passed)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov;
	struct msghdr mh;
	ssize_t n;

	*passed = -1;
	memset(m, 0, sizeof(*m));
	iov.iov_base = m;
	iov.iov_len = sizeof(*m);
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (*passed >= 0)
			(void)close(*passed);
		*passed = -1;
		return -1;
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c != NULL;
	     c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(passed, CMSG_DATA(c), sizeof(int));
	if (n > 0 && n != (ssize_t)sizeof(*m)) {
		if (*passed >= 0)
			(void)close(*passed);
		*passed = -1;
		errno = EPROTO;
		return -1; /* not one of ours */
	}
	m->text[sizeof(m->text) - 1] = '\0';
	return (long)n;
}

pid_t ns_clone(unsigned long flags)
{
	/* Raw clone without a new stack behaves like fork; one call makes
	 * every namespace at once. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL,
			      NULL);
}

int ns_wait_go(int sync_fd, struct cj_err *err)
{
	char go;
	ssize_t n;

	do
		n = read(sync_fd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return cj_fail(err, CJ_EXIT_SETUP, "capejail went away");
	return 0;
}

int ns_arm_deathsig(struct cj_err *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_PDEATHSIG");
	return 0;
}

int ns_say_go(int sync_fd)
{
	ssize_t n;

	/* A socket, not a pipe: a jail that is already gone is EPIPE, not a
	 * SIGPIPE that would kill capejail. */
	do
		n = send(sync_fd, "g", 1, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

int ns_rebind_to_parent(int sync_fd, struct cj_err *err)
{
	struct pollfd p = {sync_fd, POLLIN, 0};

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_PDEATHSIG");
	/* capejail holds its end until the end of the run; a go not read
	 * yet is POLLIN, capejail gone is POLLHUP. */
	if (poll(&p, 1, 0) < 0 || (p.revents & ~POLLIN) != 0)
		return cj_fail(err, CJ_EXIT_SETUP, "capejail went away");
	return 0;
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

int ns_map_ids(pid_t pid, bool rootless, struct cj_err *err)
{
	/* -1 (4294967295) means "no id" and is never mapped. */
	char uids[64], gids[64], path[64];

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
		(void)snprintf(uids, sizeof(uids), "0 %u 1\n1 1 %u\n",
			       CJ_JAIL_ROOT, CJ_JAIL_ROOT - 1);
		(void)snprintf(gids, sizeof(gids), "%s", uids);
	}
	(void)snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if (write_file(path, uids, err) < 0)
		return -1;
	(void)snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	return write_file(path, gids, err);
}

int ns_become_jail_root(bool rootless, struct cj_err *err)
{
	/* Our credentials are still the host's root, which the map leaves
	 * out; take the jail's uid 0 (capabilities in our namespace stay).
	 * Rootless, we are the caller, already the namespace's 0, and
	 * setgroups is denied. */
	if (!rootless && setgroups(0, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setgroups");
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

int ns_forbid_userns(bool rootless, struct cj_err *err)
{
	/* The user sysctls are per user namespace: this is the jail's own
	 * limit, and the host's stays as it is. The kernel checks a new user
	 * namespace against the limit of every namespace above it, so the
	 * one that ns_enter_user makes below ours uses up a limit of 1, and
	 * none can be made inside that one either. */
	return write_file("/proc/sys/user/max_user_namespaces",
			  rootless ? "1\n" : "0\n", err);
}

int ns_enter_user(int proc_fd, uid_t uid, gid_t gid, struct cj_err *err)
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

/* lo up, through fd, a socket of its network namespace. */
static int lo_up(int fd, struct cj_err *err)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	(void)snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "lo: SIOCGIFFLAGS");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "lo: up");
	return 0;
}

int ns_loopback_up(struct cj_err *err)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "socket for lo");
	rc = lo_up(fd, err);
	(void)close(fd);
	return rc;
}

int ns_loopback_up_in(pid_t pid, struct cj_err *err)
{
	char path[64];
	int self, jail, fd = -1, e = 0, rc = -1;

	(void)snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	jail = open(path, O_RDONLY | O_CLOEXEC);
	if (self < 0 || jail < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "the jail's network namespace");
		goto done;
	}
	/* A socket made in the jail's namespace works on that namespace
	 * wherever it is used from: in and straight out again. */
	if (setns(jail, CLONE_NEWNET) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "entering the jail's network namespace");
		goto done;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	e = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "leaving the jail's network namespace");
		goto done;
	}
	if (fd < 0)
		cj_fail_errno(err, CJ_EXIT_SETUP, e, "socket for lo");
	else
		rc = lo_up(fd, err);
done:
	if (fd >= 0)
		(void)close(fd);
	if (jail >= 0)
		(void)close(jail);
	if (self >= 0)
		(void)close(self);
	return rc;
}

_Noreturn void ns_init_loop(pid_t program, int msg_fd, const sigset_t *waited)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(waited, &si);

		if (sig < 0 && errno == EINTR)
			continue;
		if (sig < 0) {
			/* Cannot wait: end the jail rather than spin. */
			ns_send_exit(msg_fd, 128 + SIGKILL);
			_exit(CJ_EXIT_SETUP);
		}
		if (sig != SIGCHLD) {
			/* si_pid is 0 for a sender outside the jail's PID
			 * namespace, i.e. capejail, by kill(2) (SI_USER;
			 * rt_sigqueueinfo lets a sender forge si_pid but not
			 * SI_USER). A signal from inside the jail to PID 1 is
			 * not passed on: the program could otherwise bounce
			 * signals off init. */
			if (si.si_pid == 0 && si.si_code == SI_USER)
				(void)kill(getpgid(program) == program
					       ? -program
					       : program,
					   sig);
			continue;
		}
		for (;;) {
			int st;
			pid_t w = waitpid(-1, &st, WNOHANG | WUNTRACED);

			if (w <= 0)
				break;
			if (w == program && WIFSTOPPED(st)) {
				/* capejail stops with it (job control). */
				struct cj_msg m;

				memset(&m, 0, sizeof(m));
				m.kind = CJ_MSG_STOPPED;
				m.value = WSTOPSIG(st);
				(void)send(msg_fd, &m, sizeof(m), MSG_NOSIGNAL);
				continue;
			}
			if (w == program) {
				/* Our exit kills every process left in the
				 * jail's PID namespace. */
				ns_send_exit(msg_fd, st);
				_exit(0);
			}
		}
	}
}
