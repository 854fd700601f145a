/* filter.h - policy -> seccomp filter. */
#ifndef CAPEJAIL_FILTER_H
#define CAPEJAIL_FILTER_H

#include <linux/filter.h>
#include <seccomp.h>
#include <stddef.h>

#include "err.h"
#include "policy.h"

/* Build the libseccomp filter of policy p for the native architecture:
 *   allowed        -> ALLOW
 *   blocked        -> ERRNO(EPERM)
 *   blocked + ⚠️   -> USER_NOTIF: the call waits, never runs, and
 *                     capejail's supervisor kills the whole jail
 *   not in p       -> ERRNO(ENOSYS) (a newer kernel's syscall: libc falls
 *                     back)
 *   another ABI    -> USER_NOTIF too (x32 numbering, int 0x80): killed
 * Entries that do not exist on this architecture are skipped. */
int filter_build(const struct policy *p, scmp_filter_ctx *out,
		 struct cj_err *err);

/* Export ctx as a BPF program into a malloc'd array. */
int filter_export(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len,
		  struct cj_err *err);

#endif
