/* channel.c - messages from the jail to capejail, and the go handshake. */
#define _GNU_SOURCE
#include "channel.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "timings.h"

#include "banned.h"

void chan_send_error(int fd, const struct cj_err *err)
{
	struct cj_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = CJ_MSG_ERROR;
	m.value = err->status;
	(void)snprintf(m.text, sizeof(m.text), "%s", err->msg);
	/* Nothing to do if capejail is gone: the jail dies with it. */
	(void)send(fd, &m, sizeof(m), MSG_NOSIGNAL);
}

void chan_send_exit(int fd, int wstatus)
{
	struct cj_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = CJ_MSG_EXIT;
	m.value = wstatus;
	(void)send(fd, &m, sizeof(m), MSG_NOSIGNAL);
}

void chan_send_timings(int fd)
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

int chan_send(int fd, int kind, int32_t value, int32_t value2, int passed,
	      struct cj_err *err)
{
	struct cj_msg m;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {&m, sizeof(m)};
	struct msghdr mh;
	struct cmsghdr *c;
	ssize_t n;

	memset(&m, 0, sizeof(m));
	memset(&ctl, 0, sizeof(ctl));
	memset(&mh, 0, sizeof(mh));
	m.kind = kind;
	m.value = value;
	m.value2 = value2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (passed >= 0) {
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &passed, sizeof(int));
	}
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(m))
		return cj_fail_errno(err, CJ_EXIT_SETUP, n < 0 ? errno : EIO,
				     "%s",
				     kind == CJ_MSG_PTY ? "handing the jail's "
							  "terminal to capejail"
				     : kind == CJ_MSG_LISTENER
					 ? "handing the seccomp listener to "
					   "capejail"
					 : "the channel between capejail and "
					   "the jail");
	return 0;
}

int chan_send_fd(int fd, int kind, int passed, struct cj_err *err)
{
	return chan_send(fd, kind, 0, 0, passed, err);
}

long chan_recv(int fd, struct cj_msg *m, int *passed)
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

/* 'j' and the tasks files of the jail's cgroups (v1): we move ourselves
 * into each by writing 0 ("this thread") to it. A thread that moves
 * itself needs no lock of every thread group (the kernel's
 * cgroup_threadgroup_rwsem), whose first taker waits for an RCU grace
 * period: 10-60 ms on a busy machine, where capejail writing our pid took
 * that every run. We are single-threaded here, so the whole of us moves.
 * The file was opened by capejail, whose credentials the kernel checks. */
static int join_cgroups(const int *fds, size_t n, struct cj_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && write(fds[i], "0", 1) != 1)
			rc = cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					   "joining the jail's cgroup");
		(void)close(fds[i]);
	}
	return rc;
}

int chan_wait_go(int sync_fd, bool *data_limit, struct cj_err *err)
{
	for (;;) {
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(int) * CHAN_MAX_JOIN)];
		} ctl;
		char go;
		struct iovec iov = {&go, 1};
		struct msghdr mh;
		struct cmsghdr *c;
		int fds[CHAN_MAX_JOIN];
		size_t nfds = 0;
		ssize_t n;

		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		do
			n = recvmsg(sync_fd, &mh, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "capejail went away");
		for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_RIGHTS) {
				size_t k =
				    (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

				for (size_t i = 0;
				     i < k && nfds < CHAN_MAX_JOIN; i++)
					memcpy(&fds[nfds++],
					       CMSG_DATA(c) + i * sizeof(int),
					       sizeof(int));
			}
		if (go == 'd') {
			for (size_t i = 0; i < nfds; i++)
				(void)close(fds[i]);
			if (data_limit != NULL)
				*data_limit = true;
			continue;
		}
		if (go != 'j') {
			for (size_t i = 0; i < nfds; i++)
				(void)close(fds[i]);
			return 0;
		}
		if (join_cgroups(fds, nfds, err) < 0)
			return -1;
	}
}

int chan_send_join(int sync_fd, const int *fds, size_t n, struct cj_err *err)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * CHAN_MAX_JOIN)];
	} ctl;
	struct iovec iov = {(void *)(uintptr_t) "j", 1};
	struct msghdr mh;
	struct cmsghdr *c;

	if (n == 0)
		return 0;
	if (n > CHAN_MAX_JOIN)
		return cj_fail(err, CJ_EXIT_SETUP, "too many cgroups to join");
	memset(&ctl, 0, sizeof(ctl));
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	if (sendmsg(sync_fd, &mh, MSG_NOSIGNAL) != 1)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "handing the jail its cgroups");
	return 0;
}

int chan_arm_deathsig(struct cj_err *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_PDEATHSIG");
	return 0;
}

int chan_say_data_limit(int sync_fd)
{
	ssize_t n;

	do
		n = send(sync_fd, "d", 1, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

int chan_say_go(int sync_fd)
{
	ssize_t n;

	/* A socket, not a pipe: a jail that is already gone is EPIPE, not a
	 * SIGPIPE that would kill capejail. */
	do
		n = send(sync_fd, "g", 1, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

int chan_rebind(int sync_fd, struct cj_err *err)
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
