/* landlock.h - Landlock scoping: the jail cannot reach the host's abstract
 * unix sockets or signal outside itself, even when it shares the host's
 * network namespace (abstract sockets live in the network namespace). */
#ifndef CAPEJAIL_LANDLOCK_H
#define CAPEJAIL_LANDLOCK_H

#include "err.h"

/* Restrict the calling process (and what it starts) to its own abstract
 * sockets and signals. Returns 0, 1 if the kernel lacks the scoping
 * (Landlock ABI 6, Linux 6.12), -1 on error. Needs no_new_privs. */
int landlock_scope(struct cj_err *err);

#endif
