/* netns.h - the jail's network namespace. */
#ifndef CAPEJAIL_NETNS_H
#define CAPEJAIL_NETNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* Bring up lo in the network namespace of pid (the jail's init), from
 * capejail: it enters the namespace only to make a socket there (a socket
 * works on the namespace it was made in, wherever it is used). With
 * user, --net user's route too (below). */
int netns_loopback_up_in(pid_t pid, bool user, struct cj_err *err);

/* The same from inside the jail's network namespace (PID 1, rootless: an
 * ordinary user cannot enter a namespace and come back). */
int netns_loopback_up(bool user, struct cj_err *err);

/* --net user: the jail's network namespace gets a tap device behind
 * slirp4netns, a user-mode TCP/IP stack that makes the jail's connections
 * as sockets of its own on the host: outbound TCP and UDP, DNS at
 * 10.0.2.3 (forwarded to the host's resolvers), nothing inbound. It runs
 * sandboxed (a mount namespace of its own; as root, it keeps no capability
 * but CAP_NET_BIND_SERVICE) and with a seccomp filter of its own, with
 * --disable-host-loopback: 10.0.2.2 does not lead to the host's loopback.
 * In the jail, 169.254.0.0/16 (the cloud metadata address, link-local
 * hosts) is unreachable. */
struct net_helper {
	pid_t pid;   /* slirp4netns; -1: none */
	int ready;   /* it writes '1' here once the tap is up */
	int exit_fd; /* it exits when this closes */
};

/* Start it for the jail whose init is pid, as capejail's user (root: a
 * tap device needs /dev/net/tun, which only root may open on many hosts;
 * rootless, the caller, which needs /dev/net/tun open to all, as rootless
 * Podman does). */
int netns_user_start(pid_t init, struct net_helper *h, struct cj_err *err);

/* Wait until the jail's network is up (10 s at most). */
int netns_user_ready(struct net_helper *h, struct cj_err *err);

/* End it (after the jail), and reap it. */
void netns_user_stop(struct net_helper *h);

#endif
