/* ns.h - making the jail's namespaces, and the fds that enter them. */
#ifndef CAPEJAIL_NS_H
#define CAPEJAIL_NS_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* clone(2) into new namespaces (CLONE_NEW* flags), fork-like: returns 0 in
 * the child, its pid in the parent, -1 on error. */
pid_t ns_clone(unsigned long flags);

/* Close every fd from 3 up but the n in keep (each >= 3, ascending). */
int ns_close_fds_except(const int *keep, size_t n, struct cj_err *err);

#endif
