/* channel.c - messages from the jail to capejail, and the go handshake. */
#define _GNU_SOURCE
#include "channel.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
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

int chan_wait_go(int sync_fd, struct cj_err *err)
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

int chan_arm_deathsig(struct cj_err *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_PDEATHSIG");
	return 0;
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
