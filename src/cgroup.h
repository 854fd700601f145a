/* cgroup.h - one cgroup per jail, for limits that hold for all its
 * processes: memory (+swap), pids, CPU quota, and CPU time accounting.
 * cgroup v2 where the unified hierarchy has the controllers, v1 otherwise. */
#ifndef CAPEJAIL_CGROUP_H
#define CAPEJAIL_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "spec.h"

enum cj_ctrl { CG_PIDS, CG_MEMORY, CG_CPU, CG_CPUACCT, CG_N };

struct cgroup_set {
	bool v2;
	bool used[CG_N];
	/* The default memory limit had no memory cgroup to hold it (rootless
	 * without a delegated one): rlimits.c sets RLIMIT_DATA instead. */
	bool memory_fallback;
	char dir[CG_N][PATH_MAX]; /* the jail's directory per controller */
};

/* Create the jail's cgroups for what spec asks, named after capejail's pid,
 * and set their limits; nothing when spec asks for no limit a cgroup holds
 * (the default pids cap is RLIMIT_NPROC, a cgroup or not: *pids_fallback is
 * set). With a cgroup, first the cgroups that earlier capejails, since
 * killed, left behind are removed. A limit asked for that cannot be set is
 * an error; the default memory limit without a memory controller is not
 * (cg->memory_fallback: RLIMIT_DATA instead). */
int cgroup_create(const struct jail_spec *spec, struct cgroup_set *cg,
		  bool *pids_fallback, struct cj_err *err);

/* Put pid in every one of the jail's cgroups. */
int cgroup_add(const struct cgroup_set *cg, pid_t pid, struct cj_err *err);

/* cgroup v1: the jail's cgroups' tasks files, opened for init to move
 * itself into (a thread that moves itself does not wait for the kernel's
 * lock of every thread group; capejail writing init's pid, as cgroup_add
 * does, can wait 10-60 ms for it). *n of them in fds (at most CG_N); none
 * on v2. */
int cgroup_open_tasks(const struct cgroup_set *cg, int *fds, size_t *n,
		      struct cj_err *err);

/* capejail itself into the jail's cpu and cpuacct cgroups (v1) while it
 * supervises, so that its work for the jail (answering the filter's
 * notifications, relaying the terminal) is within the jail's --cpus quota
 * and counts to its --cpu-time: a jail that floods blocked calls cannot
 * make capejail spend CPU beyond its own limit. Nothing without such a
 * cgroup, and nothing on v2, where one directory holds the memory and pids
 * limits too (capejail must not count against those). cgroup_leave_cpu
 * goes back to capejail's own cgroups, before cgroup_destroy. */
int cgroup_join_cpu(const struct cgroup_set *cg, struct cj_err *err);
void cgroup_leave_cpu(const struct cgroup_set *cg);

/* What the run used: OOM kills, CPU time (ns), peak memory (bytes); each
 * -1 where unknown. */
void cgroup_stats(const struct cgroup_set *cg, long long *oom_kills,
		  long long *cpu_ns, long long *peak_bytes);

/* Kill what is left and remove the directories. */
void cgroup_destroy(struct cgroup_set *cg);

/* Is c one of the comma-separated names in list (the controllers field of a
 * v1 line of /proc/self/cgroup, "cpu,cpuacct")? Exported for the unit
 * tests. */
bool has_token(const char *list, const char *c);

#endif
