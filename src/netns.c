/* netns.c - the jail's network namespace. */
#define _GNU_SOURCE
#include "netns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

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

/* --net user: 169.254.0.0/16 unreachable, through nl, a route netlink
 * socket of the jail's namespace. The route is more specific than the
 * default route slirp4netns adds, whenever that comes. */
static int block_link_local(int nl, struct cj_err *err)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		struct rtattr a;
		struct in_addr dst;
	} req;
	struct {
		struct nlmsghdr n;
		struct nlmsgerr e;
	} ack;
	ssize_t got;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = RTM_NEWROUTE;
	req.n.nlmsg_flags =
	    NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	req.r.rtm_family = AF_INET;
	req.r.rtm_dst_len = 16;
	req.r.rtm_table = RT_TABLE_MAIN;
	req.r.rtm_protocol = RTPROT_STATIC;
	req.r.rtm_scope = RT_SCOPE_UNIVERSE;
	req.r.rtm_type = RTN_UNREACHABLE;
	req.a.rta_type = RTA_DST;
	req.a.rta_len = RTA_LENGTH(sizeof(struct in_addr));
	req.dst.s_addr = htonl(0xa9fe0000U); /* 169.254.0.0 */
	if (send(nl, &req, sizeof(req), 0) != (ssize_t)sizeof(req))
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "--net user: route for 169.254.0.0/16");
	got = recv(nl, &ack, sizeof(ack), 0);
	if (got < (ssize_t)sizeof(ack) || ack.n.nlmsg_type != NLMSG_ERROR ||
	    ack.e.error != 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP,
				     got < 0 ? errno
				     : got < (ssize_t)sizeof(ack)
					 ? EIO
					 : -ack.e.error,
				     "--net user: route for 169.254.0.0/16");
	return 0;
}

/* lo up and, with user, the link-local block; sockets of the namespace
 * we are in now. */
static int setup_here(bool user, int *fd, int *nl, struct cj_err *err)
{
	*fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (*fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "socket for lo");
	if (user) {
		*nl =
		    socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		if (*nl < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "--net user: a netlink socket");
	}
	return 0;
}

static int setup_with(int fd, int nl, struct cj_err *err)
{
	if (lo_up(fd, err) < 0)
		return -1;
	return nl >= 0 ? block_link_local(nl, err) : 0;
}

int netns_loopback_up(bool user, struct cj_err *err)
{
	int fd = -1, nl = -1, rc;

	rc = setup_here(user, &fd, &nl, err);
	if (rc == 0)
		rc = setup_with(fd, nl, err);
	if (fd >= 0)
		(void)close(fd);
	if (nl >= 0)
		(void)close(nl);
	return rc;
}

int netns_loopback_up_in(pid_t pid, bool user, struct cj_err *err)
{
	char path[64];
	int self, jail, fd = -1, nl = -1, rc = -1, made;

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
	made = setup_here(user, &fd, &nl, err);
	if (setns(self, CLONE_NEWNET) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "leaving the jail's network namespace");
		goto done;
	}
	if (made == 0)
		rc = setup_with(fd, nl, err);
done:
	if (fd >= 0)
		(void)close(fd);
	if (nl >= 0)
		(void)close(nl);
	if (jail >= 0)
		(void)close(jail);
	if (self >= 0)
		(void)close(self);
	return rc;
}

/* Only where root's packages put it: capejail runs as root, and PATH is
 * the caller's. */
static const char *slirp_path(void)
{
	static const char *const paths[] = {"/usr/bin/slirp4netns",
					    "/bin/slirp4netns"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* The child, before the exec: as uid and gid only, fds 3 (ready) and 4
 * (exit), nothing else of capejail's; dies with capejail. */
static _Noreturn void exec_slirp(const char *path, pid_t init, int ready,
				 int exit_fd, pid_t parent)
{
	char pid[16], ns_opt[64];
	char *const argv[] = {(char *)"slirp4netns",
			      (char *)"--configure",
			      (char *)"--mtu=65520",
			      (char *)"--disable-host-loopback",
			      (char *)"--enable-sandbox",
			      (char *)"--enable-seccomp",
			      (char *)"--ready-fd=3",
			      (char *)"--exit-fd=4",
			      ns_opt,
			      pid,
			      (char *)"tap0",
			      NULL};
	char *const envp[] = {(char *)"PATH=/usr/bin:/bin", NULL};
	int fds[4] = {-1, -1, ready, exit_fd};

	(void)snprintf(pid, sizeof(pid), "%d", (int)init);
	/* Rootless, it must join the jail's user namespace (the caller's)
	 * to enter its network namespace; as root it enters directly. */
	if (getuid() != 0)
		(void)snprintf(ns_opt, sizeof(ns_opt),
			       "--userns-path=/proc/%d/ns/user", (int)init);
	else
		(void)snprintf(ns_opt, sizeof(ns_opt), "--netns-type=pid");
	exec_helper(path, argv, envp, fds, 4, parent);
}

int netns_user_start(pid_t init, struct net_helper *h, struct cj_err *err)
{
	const char *path = slirp_path();
	int ready[2], ex[2];
	pid_t self;

	h->pid = -1;
	h->ready = h->exit_fd = -1;
	if (path == NULL)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--net user needs slirp4netns "
			       "(/usr/bin/slirp4netns; Debian: apt-get "
			       "install slirp4netns)");
	/* It opens /dev/net/tun inside the jail's namespaces, where only
	 * the mode can let an ordinary user in. */
	if (getuid() != 0 && access("/dev/net/tun", R_OK | W_OK) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "--net user: rootless, slirp4netns needs "
				     "/dev/net/tun open to every user (mode "
				     "0666, as rootless Podman does)");
	if (pipe2(ready, O_CLOEXEC) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "pipe");
	if (pipe2(ex, O_CLOEXEC) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "pipe");
		(void)close(ready[0]);
		(void)close(ready[1]);
		return -1;
	}
	self = getpid();
	h->pid = fork();
	if (h->pid == 0)
		exec_slirp(path, init, ready[1], ex[0], self);
	(void)close(ready[1]);
	(void)close(ex[0]);
	h->ready = ready[0];
	h->exit_fd = ex[1];
	if (h->pid < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "starting slirp4netns");
	return 0;
}

int netns_user_ready(struct net_helper *h, struct cj_err *err)
{
	struct pollfd p = {h->ready, POLLIN, 0};
	char c = 0;
	int n;

	do
		n = poll(&p, 1, 10000);
	while (n < 0 && errno == EINTR);
	if (n > 0 && read(h->ready, &c, 1) == 1 && c == '1')
		return 0;
	return cj_fail(err, CJ_EXIT_SETUP,
		       "--net user: slirp4netns did not set up the jail's "
		       "network (%s)",
		       n == 0 ? "no answer in 10 s" : "it ended");
}

void netns_user_stop(struct net_helper *h)
{
	if (h->exit_fd >= 0)
		(void)close(h->exit_fd);
	if (h->ready >= 0)
		(void)close(h->ready);
	h->exit_fd = h->ready = -1;
	if (h->pid > 0) {
		/* It exits when the exit fd closes; a stuck one is killed
		 * after a second. */
		for (int i = 0; i < 100; i++) {
			pid_t w = waitpid(h->pid, NULL, WNOHANG);

			if (w != 0) {
				h->pid = -1;
				return;
			}
			(void)nanosleep(&(struct timespec){0, 10000000}, NULL);
		}
		(void)kill(h->pid, SIGKILL);
		(void)waitpid(h->pid, NULL, 0);
		h->pid = -1;
	}
}
