/* netns.c - the jail's network namespace. */
#define _GNU_SOURCE
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "banned.h"

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

int netns_loopback_up(struct cj_err *err)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "socket for lo");
	rc = lo_up(fd, err);
	(void)close(fd);
	return rc;
}

int netns_loopback_up_in(pid_t pid, struct cj_err *err)
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
