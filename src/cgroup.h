/* cgroup.h - one cgroup per jail, for limits that hold for all its
 * processes: memory (+swap), pids, CPU quota, and CPU time accounting.
 * cgroup v2 where the unified hierarchy has the controllers, v1 otherwise.
 *
 * cgroup v1: the jail's cgroup is made below capejail's own, per
 * controller. cgroup v2: capejail's own cgroup is most often a leaf that
 * holds processes (a login's session-N.scope, a service), and a leaf
 * cannot enable controllers for children. The jail's cgroup goes, in this
 * order, to the first place that has the controllers the limits need
 * (enabled there on the way where they are not yet):
 *   1. capejail in the root cgroup (no manager, a VM, a container's init):
 *      below the root, /capejail.PID;
 *   2. a delegated subtree capejail is in: the nearest cgroup above its
 *      own that is delegated to it and holds no process. Rootless: owned
 *      by capejail's uid (systemd's Delegate=yes for User= units, the user
 *      manager's user@UID.service, a directory an administrator chowned).
 *      As root: inside a cgroup systemd marked delegated (the xattr
 *      trusted.delegate or user.delegate, systemd 251 and later) that
 *      root owns (a user's cgroup, the user manager's, is the user's to
 *      rearrange, the jail's limits included);
 *   3. as root, elsewhere: /capejail.slice/capejail.PID, beside the
 *      manager's tree (capejail.slice is removed with its last jail);
 *   4. otherwise an error of one line that names the delegation missing.
 * capejail does not ask systemd for a transient scope itself (no D-Bus
 * client): `systemd-run --user --scope -p Delegate=yes capejail ...` runs
 * it in one, and then 2. applies. The cgroup is made before the clone:
 * on v2, init is born in it (CLONE_INTO_CGROUP, ns.h). Controllers capejail
 * enabled on the way stay enabled (siblings may have come to rely on them), as
 * systemd's do. */
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
	 * without a delegated one, no controller, a container): rlimits.c
	 * sets RLIMIT_DATA instead. */
	bool memory_fallback;
	/* the jail's directory per controller: dir[c] is read only where
	 * used[c] (each is a page of its own, faulted in when written) */
	char dir[CG_N][PATH_MAX];
	/* cgroup v2, where has_fd: the jail's cgroup (O_PATH) and the one it
	 * is in (O_RDONLY), and whether that one is capejail.slice. */
	bool has_fd;
	bool in_slice;
	int fd;
	int parent_fd;
	/* capejail's own CPU time (ns) when cgroup_join_cpu put it in the
	 * jail's cpuacct cgroup (v1): its part of what that cgroup counts is
	 * taken out of the jail's (cgroup_jail_cpu). */
	long long joined_ns;
};

/* No cgroup yet: the set's flags and fds, without writing its paths. */
void cgroup_reset(struct cgroup_set *cg);

/* The controllers (1 << enum cj_ctrl) the limits need a cgroup of, 0 when
 * the run needs no cgroup; *optional: those of them the run does without
 * where none can be had (the default memory limit: RLIMIT_DATA instead);
 * *why: the option to name when one that must hold cannot be had (NULL if
 * none must). The one place that says which limit needs a cgroup. */
unsigned cgroup_needed(const struct jail_limits *lim, unsigned *optional,
		       const char **why);

/* Create the jail's cgroups for what spec asks, named after capejail's pid,
 * and set their limits; nothing when spec asks for no limit a cgroup holds
 * (the default pids cap is then RLIMIT_NPROC: *pids_fallback is set, and
 * so it is on v1 with a cgroup too; on v2 the pids cap is in the jail's
 * cgroup where pids can be had). First the cgroups that earlier
 * capejails, since killed, left behind are removed. A limit asked for
 * that cannot be set is an error; the default pids cap without a pids
 * controller is not (*pids_fallback again), nor the default memory limit
 * without a memory cgroup (cg->memory_fallback: RLIMIT_DATA instead). */
/* Does this host put jails' cgroups on v2 (its unified hierarchy has the
 * controllers)? There the cgroup is made before the clone, for
 * CLONE_INTO_CGROUP; on v1, after it, while init builds its file system. */
bool cgroup_v2_host(void);

int cgroup_create(const struct jail_spec *spec, struct cgroup_set *cg,
		  bool *pids_fallback, struct cj_err *err);

/* The jail's cgroup v2 directory as an O_PATH | O_DIRECTORY fd, owned by
 * cg (closed by cgroup_destroy); -1 where there is none (no limit needs a
 * cgroup, or cgroup v1). For clone3's CLONE_INTO_CGROUP (Linux 5.7): the
 * child then starts in the jail's cgroup, with its cgroup namespace rooted
 * there, and cgroup_add is not needed for it. */
int cgroup_fd(const struct cgroup_set *cg);

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
int cgroup_join_cpu(struct cgroup_set *cg, struct cj_err *err);
void cgroup_leave_cpu(const struct cgroup_set *cg);

/* Does the jail's CPU time (cgroup_cpu_ns) hold capejail's own, that is,
 * did cgroup_join_cpu put capejail in the jail's cpuacct cgroup? Where
 * not (v2), the supervisor adds its own CPU to the jail's for --cpu-time:
 * the limit holds for the jail and capejail's work for it together. On
 * v2 --cpus holds for the jail alone: moving capejail into a v2 cgroup
 * and out again would make every run wait for two RCU grace periods
 * (the kernel's lock of every thread group; v1 moves one thread). */
bool cgroup_counts_supervisor(const struct cgroup_set *cg);

/* How many processes of the jail the kernel killed for its memory limit
 * (its memory cgroup's oom_kill), -1 if unknown. */
long long cgroup_oom_kills(const struct cgroup_set *cg);

/* The CPU time (ns) the jail's cgroup counted so far: on v2 any jail
 * cgroup's (cpu.stat is in every one); on v1 --cpu-time's cpuacct one,
 * with capejail's own where cgroup_counts_supervisor; -1 where unknown. */
long long cgroup_cpu_ns(const struct cgroup_set *cg);

/* cpu.stat of the jail's v2 cgroup, kept open by one who reads it often
 * (the --cpus bucket, supervise.c); -1 where there is none (v1, no
 * cgroup). cgroup_cpu_ns_at reads its usage (ns) again; -1 if it cannot. */
int cgroup_cpu_stat_open(const struct cgroup_set *cg);
long long cgroup_cpu_ns_at(int fd);

/* The jail's own user and system CPU time so far (µs), every process of it
 * that ever ran, those killed too (a killed init's rusage lacks the
 * children it had not reaped): v2, the jail's cgroup's cpu.stat; v1, its
 * cpuacct cgroup's count less capejail's part since it joined, split as
 * the cgroup's ticks are. false where no cgroup counts it (no cgroup; v1
 * without --cpu-time). */
bool cgroup_jail_cpu(const struct cgroup_set *cg, long long *user_us,
		     long long *sys_us);

/* Kill what is left and remove the directories. */
void cgroup_destroy(struct cgroup_set *cg);

/* Is c one of the comma-separated names in list (the controllers field of a
 * v1 line of /proc/self/cgroup, "cpu,cpuacct")? Exported for the unit
 * tests. */
bool has_token(const char *list, const char *c);

#endif
