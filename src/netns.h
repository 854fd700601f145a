/* netns.h - the jail's network namespace. */
#ifndef CAPEJAIL_NETNS_H
#define CAPEJAIL_NETNS_H

#include <sys/types.h>

#include "err.h"

/* Bring up lo in the network namespace of pid (the jail's init), from
 * capejail: it enters the namespace only to make a socket there. */
int netns_loopback_up_in(pid_t pid, struct cj_err *err);

/* The same from inside the jail's network namespace (PID 1, rootless: an
 * ordinary user cannot enter a namespace and come back). */
int netns_loopback_up(struct cj_err *err);

#endif
