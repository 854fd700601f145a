/* cgroup_int.h - what cgroup.c and cgroup_v2.c share: the hierarchy's
 * place, names, and the helpers both use. Not for other layers. */
#ifndef CAPEJAIL_CGROUP_INT_H
#define CAPEJAIL_CGROUP_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "err.h"

#define ROOT   "/sys/fs/cgroup"
#define PREFIX "capejail."
#define SLICE  "capejail.slice"

/* Up to size - 1 bytes of file in the directory dfd, NUL-terminated; the
 * length, or -1. */
ssize_t cg_read_at(int dfd, const char *file, char *buf, size_t size);

/* Remove the cgroups below dfd that earlier capejails, since killed, could
 * not remove. */
void cg_sweep_dir_at(int dfd);

/* Remove the cgroup name below dfd, killing what is left in it. */
void cg_remove_at(int dfd, const char *name);

/* cgroup v2: the jail's cgroup where the controllers it needs can be had
 * (cgroup.h says in which order), made, its controllers enabled on the way;
 * need: the controllers that must be there, use: those it uses (of which
 * pids and the default memory limit, where not in need, only where they
 * can be had: cg->used says). */
int cg_v2_place(struct cgroup_set *cg, bool as_root, unsigned need,
		unsigned use, const char *why, struct cj_err *err);

#endif
