/* nocore.h - core dumps never leave the jail, whatever the host's
 * kernel.core_pattern.
 *
 * The kernel writes a dump to a file only within RLIMIT_CORE (and never one
 * below a page), but to a pipe (`|/usr/lib/systemd/systemd-coredump`,
 * apport) it writes whatever the limit, unless the limit is exactly 1: then
 * it skips the dump. That helper runs as root in the host's namespaces and
 * reads the jail's memory. So the jail's RLIMIT_CORE is 1 (soft and hard;
 * rlimits.c), and since a program may always lower its soft limit (to 0,
 * which a pipe ignores), rules of their own in front of the policy's
 * seccomp filter refuse with EPERM every change of RLIMIT_CORE: setrlimit of
 * it, and prlimit64 of it with a new limit; reading it (prlimit64 with new
 * NULL, as getrlimit does) still works. Making the program non-dumpable instead
 * would not last: every execve makes a process dumpable again. */
#ifndef CAPEJAIL_NOCORE_H
#define CAPEJAIL_NOCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct sock_filter;

/* Load the policy's filter (len instructions; needs no_new_privs) with
 * these rules in front of it, as one filter (listener: as
 * seccomp_load_bpf's). */
int nocore_load_with(const struct sock_filter *policy, size_t len,
		     int *listener, struct cj_err *err);

/* Does kernel.core_pattern hand a dump to something outside the jail (a
 * pipe, a socket)? */
bool nocore_pattern_leaves(const char *pattern);

/* --rlimit core=SOFT:HARD: a limit that allows a dump (above 1) is an
 * error where the host's core_pattern would take the dump out. */
int nocore_check_rlimit(uint64_t soft, uint64_t hard, struct cj_err *err);

#endif
