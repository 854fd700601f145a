/* ns.h - making the jail's namespaces, and the fds that enter them. */
#ifndef CAPEJAIL_NS_H
#define CAPEJAIL_NS_H

#include <stddef.h>
#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* clone(2) into new namespaces (CLONE_NEW* flags), fork-like: returns 0 in
 * the child, its pid in the parent, -1 on error. */
pid_t ns_clone(unsigned long flags);

/* The same, born in the cgroup v2 directory cgroup_fd (clone3's
 * CLONE_INTO_CGROUP, Linux 5.7): no move afterwards, which waits for the
 * kernel's lock on every thread group. *placed says whether it was; a
 * kernel without it gets ns_clone. cgroup_fd -1: ns_clone. */
pid_t ns_clone_into(unsigned long flags, int cgroup_fd, bool *placed);

/* Close every fd from 3 up but the n in keep (each >= 3, ascending). */
int ns_close_fds_except(const int *keep, size_t n, struct cj_err *err);

#endif
