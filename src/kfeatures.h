/* kfeatures.h - the kernel features that protect a jail, and which of them
 * this machine's kernel has: for capejail -v (describe), and for a user
 * deciding whether a kernel is new enough. */
#ifndef CAPEJAIL_KFEATURES_H
#define CAPEJAIL_KFEATURES_H

#include <stdbool.h>
#include <stddef.h>

/* What the running kernel was found to offer (features_probe), or what a
 * test says it offers. */
struct cj_kernel_facts {
	int major, minor;      /* of the release (uname), 0.0 if unknown */
	int landlock_abi;      /* 0: no Landlock (not built or not enabled) */
	bool idmapped;	       /* mount_setattr(2) is there */
	bool into_cgroup;      /* clone3(2) knows CLONE_INTO_CGROUP */
	bool cgroup2;	       /* cgroup v2 at /sys/fs/cgroup */
	char controllers[128]; /* its root's cgroup.controllers, one line */
};

enum { CJ_FEATURES_N = 8 };

struct cj_feature {
	const char *name;  /* what it is, what it protects */
	const char *since; /* the Linux version that brings it */
	bool present;
};

/* Probe the running kernel: each fact by the system call or file that
 * shows it (where none does, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, by the
 * version). Makes no change to the system. */
void features_probe(struct cj_kernel_facts *k);

/* The features (at most max, CJ_FEATURES_N all told) and whether k has
 * each, in a fixed order; how many were written. Pure. */
size_t features_list(const struct cj_kernel_facts *k, struct cj_feature *out,
		     size_t max);

/* One line for f, without a newline: "has: NAME (Linux X)" or "lacks: NAME
 * (Linux X)". Pure; the length, as snprintf's. */
int features_line(const struct cj_feature *f, char *buf, size_t size);

#endif
