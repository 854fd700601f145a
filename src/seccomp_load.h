/* seccomp_load.h - install a compiled BPF program as the seccomp filter. */
#ifndef CAPEJAIL_SECCOMP_LOAD_H
#define CAPEJAIL_SECCOMP_LOAD_H

#include <linux/filter.h>
#include <stddef.h>

#include "err.h"

/* Load prog with seccomp(2). Needs no_new_privs (or CAP_SYS_ADMIN). With
 * listener not NULL, asks for the user-notification fd of the filter and
 * stores it there. */
int seccomp_load_bpf(const struct sock_filter *prog, size_t len, int *listener,
		     struct cj_err *err);

#endif
