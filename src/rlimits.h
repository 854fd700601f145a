/* rlimits.h - the rlimits of the jail's processes (the cgroup limits of the
 * whole jail are cgroup.h's). */
#ifndef CAPEJAIL_RLIMITS_H
#define CAPEJAIL_RLIMITS_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"
#include "spec.h"

/* Before anything is made: a hard limit above capejail's own, without
 * the privilege to raise it, is an error naming that privilege. */
int rlimits_check(const struct jail_limits *lim, bool rootless,
		  struct cj_err *err);

/* On init (its children inherit them): no core dumps, --rlimit, and the
 * pids cap as RLIMIT_NPROC when pids_fallback (no cgroup holds it). */
int rlimits_set(const struct jail_limits *lim, pid_t init, bool pids_fallback,
		struct cj_err *err);

/* Does --rlimit set resource? */
bool rlimits_has(const struct jail_limits *lim, int resource);

#endif
