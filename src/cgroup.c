/* cgroup.c - the jail's cgroups (see cgroup.h). */
#define _GNU_SOURCE
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cgroup_int.h"
#include "util.h"

#include "banned.h"

static const char *const ctrl_name[CG_N] = {"pids", "memory", "cpu", "cpuacct"};

static int write_str(const char *dir, const char *file, const char *val,
		     struct cj_err *err)
{
	char path[PATH_MAX + 64];
	int fd, n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return cj_fail(err, CJ_EXIT_SETUP, "%s/%s: path too long", dir,
			       file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
	if (write_all(fd, val, strlen(val)) < 0) {
		int e = errno;

		(void)close(fd);
		return cj_fail_errno(err, CJ_EXIT_SETUP, e, "writing %s to %s",
				     val, path);
	}
	(void)close(fd);
	return 0;
}

/* cgroup v2: file in the directory dfd, never through a symlink; dir names
 * it in the error. */
static int write_at(int dfd, const char *dir, const char *file, const char *val,
		    struct cj_err *err)
{
	int fd = openat(dfd, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s/%s", dir,
				     file);
	if (write_all(fd, val, strlen(val)) < 0) {
		int e = errno;

		(void)close(fd);
		return cj_fail_errno(err, CJ_EXIT_SETUP, e,
				     "writing %s to %s/%s", val, dir, file);
	}
	(void)close(fd);
	return 0;
}

/* A limit's file in the jail's cgroup of controller c. */
static int set_limit(const struct cgroup_set *cg, int c, const char *file,
		     const char *val, struct cj_err *err)
{
	if (cg->has_fd)
		return write_at(cg->fd, cg->dir[c], file, val, err);
	return write_str(cg->dir[c], file, val, err);
}

/* Up to size - 1 bytes of file in the directory dfd, NUL-terminated; the
 * length, or -1. */
ssize_t cg_read_at(int dfd, const char *file, char *buf, size_t size)
{
	int fd = openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	size_t got = 0;

	if (fd < 0)
		return -1;
	while (got + 1 < size) {
		ssize_t n = read(fd, buf + got, size - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			(void)close(fd);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	(void)close(fd);
	return (ssize_t)got;
}

/* The number after "key " at the start of a line of text; the whole
 * text's number where key is NULL; -1 if none. */
static long long key_num(const char *text, const char *key)
{
	long long v = -1;
	size_t k;

	if (key == NULL)
		return strtoll(text, NULL, 10);
	k = strlen(key);
	for (const char *p = text; p && *p;
	     p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, k) == 0 && p[k] == ' ')
			v = strtoll(p + k + 1, NULL, 10);
	return v;
}

static long long read_num(const char *dir, const char *file, const char *key)
{
	char path[PATH_MAX + 64], text[4096]; /* a few lines of numbers */

	(void)snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (read_kernel_file(path, text, sizeof(text)) < 0)
		return -1;
	return key_num(text, key);
}

/* v2 where the unified hierarchy is at /sys/fs/cgroup and offers all of
 * pids, memory and cpu; v1 otherwise. */
static bool use_v2(void)
{
	static int v2 = -1; /* looked at once a run */
	char text[512];

	if (v2 < 0)
		v2 = read_kernel_file(ROOT "/cgroup.controllers", text,
				      sizeof(text)) >= 0 &&
		     strstr(text, "pids") && strstr(text, "memory") &&
		     strstr(text, "cpu");
	return v2 == 1;
}

bool cgroup_v2_host(void)
{
	return use_v2();
}

/* Is c one of the comma-separated names in list? */
bool has_token(const char *list, const char *c)
{
	size_t n = strlen(c);

	for (const char *p = list; p != NULL;
	     p = strchr(p, ','), p = p ? p + 1 : p)
		if (strncmp(p, c, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* cgroup v1: where the jail's cgroup goes for each controller of use (bits
 * of enum cj_ctrl): below capejail's own cgroup of that controller (one
 * read of /proc/self/cgroup). "" where that hierarchy is not there, not
 * writable, or not used by this run. */
struct bases {
	bool set[CG_N]; /* dir[c] holds a path (only those are written: each
			   is a page of its own, faulted in when touched) */
	char dir[CG_N][PATH_MAX];
};

static void find_bases(unsigned use, struct bases *b)
{
	char *text = NULL, *line, *next;
	struct cj_err ignored;
	size_t len;

	memset(b->set, 0, sizeof(b->set));
	if (read_small_file("/proc/self/cgroup", 1U << 16, &text, &len,
			    &ignored) < 0)
		return;
	for (line = text; line && *line; line = next) {
		char *ctrls = strchr(line, ':'), *colon;
		const char *path;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (ctrls == NULL || (colon = strchr(ctrls + 1, ':')) == NULL)
			continue;
		*colon = '\0';
		path = strcmp(colon + 1, "/") == 0 ? "" : colon + 1;
		ctrls++;
		for (int c = 0; c < CG_N; c++) {
			int n;

			if (!(use & 1U << c) || !has_token(ctrls, ctrl_name[c]))
				continue;
			n = snprintf(b->dir[c], PATH_MAX, ROOT "/%s%s",
				     ctrl_name[c], path);
			b->set[c] = n > 0 && n < PATH_MAX &&
				    access(b->dir[c], W_OK) == 0;
		}
	}
	free(text);
}

static int make_dir_for(struct cgroup_set *cg, int c, const struct bases *b,
			struct cj_err *err)
{
	int n;

	if (!b->set[c])
		return 1; /* no such hierarchy here */
	n = snprintf(cg->dir[c], sizeof(cg->dir[c]), "%s/" PREFIX "%d",
		     b->dir[c], (int)getpid());
	if (n < 0 || (size_t)n >= sizeof(cg->dir[c]))
		return cj_fail(err, CJ_EXIT_SETUP, "%s: path too long",
			       b->dir[c]);
	/* v2: one directory serves every controller. */
	for (int o = 0; o < c; o++)
		if (cg->used[o] && strcmp(cg->dir[o], cg->dir[c]) == 0) {
			cg->used[c] = true;
			return 0;
		}
	if (mkdir(cg->dir[c], 0755) < 0 && errno != EEXIST)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s",
				     cg->dir[c]);
	cg->used[c] = true;
	return 0;
}

/* A limit asked for that no cgroup here can hold. Rootless, the reason is
 * (almost always) the privilege: only a cgroup delegated to the user is
 * writable without root. */
static int no_controller(bool rootless, int c, const char *why,
			 struct cj_err *err)
{
	if (rootless)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: needs root or a %s cgroup delegated to uid "
			       "%u (rootless, no writable one here)",
			       why, ctrl_name[c], (unsigned)getuid());
	return cj_fail(err, CJ_EXIT_SETUP,
		       "%s: no usable %s cgroup controller here", why,
		       ctrl_name[c]);
}

static int need(struct cgroup_set *cg, int c, const struct bases *b,
		const char *why, bool rootless, struct cj_err *err)
{
	int rc = make_dir_for(cg, c, b, err);

	if (rc > 0)
		return no_controller(rootless, c, why, err);
	return rc;
}

/* --- which limit needs which controller ------------------------------- */

static void sweep(const struct bases *b);

/* The controllers, as bits of enum cj_ctrl. CPU time is read from
 * cpu.stat on v2, which every v2 cgroup has: no controller there. */
unsigned cgroup_needed(const struct jail_limits *lim, unsigned *optional,
		       const char **why)
{
	static const struct {
		int ctrl;
		const char *option;
	} by[] = {{CG_CPUACCT, "--cpu-time"},
		  {CG_CPU, "--cpus"},
		  {CG_MEMORY, "--memory"},
		  {CG_PIDS, "--pids"}};
	bool wanted[CG_N] = {false};
	unsigned set = 0;

	wanted[CG_PIDS] = lim->pids_set;
	wanted[CG_MEMORY] = lim->memory > 0;
	wanted[CG_CPU] = lim->cpus_milli > 0;
	wanted[CG_CPUACCT] = lim->cpu_time_ms > 0;
	/* The default memory limit (no --memory): a cgroup where one can be
	 * had, RLIMIT_DATA where not; it never makes a run fail. */
	*optional = lim->memory > 0 && !lim->memory_set ? 1U << CG_MEMORY : 0;
	*why = NULL;
	/* The option named when none can be had: the last wanted of by[]
	 * that must hold. */
	for (size_t i = 0; i < sizeof(by) / sizeof(by[0]); i++)
		if (wanted[by[i].ctrl]) {
			set |= 1U << by[i].ctrl;
			if (!(*optional & 1U << by[i].ctrl))
				*why = by[i].option;
		}
	return set;
}

/* The jail's memory limit, in its memory cgroup. */
static int set_memory(const struct cgroup_set *cg, uint64_t memory,
		      struct cj_err *err)
{
	char v[64];

	(void)snprintf(v, sizeof(v), "%" PRIu64, memory);
	if (cg->v2)
		/* No swap: memory.swap.max is there where swap is accounted
		 * at all. */
		return set_limit(cg, CG_MEMORY, "memory.max", v, err) < 0 ||
			       (faccessat(cg->fd, "memory.swap.max", F_OK, 0) ==
				    0 &&
				set_limit(cg, CG_MEMORY, "memory.swap.max", "0",
					  err) < 0)
			   ? -1
			   : 0;
	if (write_str(cg->dir[CG_MEMORY], "memory.limit_in_bytes", v, err) < 0)
		return -1;
	/* memory + swap: the same cap, where swap is accounted at all. */
	if (access("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", F_OK) ==
		0 &&
	    write_str(cg->dir[CG_MEMORY], "memory.memsw.limit_in_bytes", v,
		      err) < 0)
		return -1;
	return 0;
}

/* The default memory limit could not be had in a cgroup: none of memory,
 * RLIMIT_DATA instead (v1: its directory goes, unless another controller
 * shares it). */
static void memory_falls_back(struct cgroup_set *cg)
{
	bool shared = false;

	if (!cg->v2 && cg->used[CG_MEMORY]) {
		for (int c = 0; c < CG_N; c++)
			shared = shared ||
				 (c != CG_MEMORY && cg->used[c] &&
				  strcmp(cg->dir[c], cg->dir[CG_MEMORY]) == 0);
		if (!shared)
			cg_remove_at(AT_FDCWD, cg->dir[CG_MEMORY]);
	}
	cg->used[CG_MEMORY] = false;
	cg->memory_fallback = true;
}

/* cgroup v1: a directory per controller, below capejail's own. The
 * default pids cap stays RLIMIT_NPROC even with a cgroup: one directory
 * less to make, move into and remove. Only the hierarchies this run uses
 * are looked at and swept (a default run: memory alone). */
static int make_v1(const struct jail_spec *spec, struct cgroup_set *cg,
		   unsigned use, unsigned optional, struct cj_err *err)
{
	static struct bases base; /* large; one run at a time */
	int rc;

	find_bases(use, &base);
	sweep(&base);
	if (spec->limits.pids_set &&
	    need(cg, CG_PIDS, &base, "--pids", spec->rootless, err) < 0)
		return -1;
	if (use & 1U << CG_MEMORY) {
		rc = make_dir_for(cg, CG_MEMORY, &base, err);
		if (rc != 0 && (optional & 1U << CG_MEMORY)) {
			err->status = 0;
			err->msg[0] = '\0';
			memory_falls_back(cg);
		} else if (rc < 0) {
			return -1;
		} else if (rc > 0) {
			return no_controller(spec->rootless, CG_MEMORY,
					     "--memory", err);
		}
	}
	if (spec->limits.cpus_milli > 0 &&
	    need(cg, CG_CPU, &base, "--cpus", spec->rootless, err) < 0)
		return -1;
	if (spec->limits.cpu_time_ms > 0 &&
	    need(cg, CG_CPUACCT, &base, "--cpu-time", spec->rootless, err) < 0)
		return -1;
	return 0;
}

/* The cgroups, then their limits; cgroup_create says what falls back. */
static int make_cgroup(const struct jail_spec *spec, struct cgroup_set *cg,
		       unsigned use, unsigned optional, const char *why,
		       struct cj_err *err)
{
	char v[64];

	cg->v2 = use_v2();
	if (cg->v2) {
		/* cpuacct is only read (--cpu-time): no need to set it. The
		 * default memory limit is needed where it is all the cgroup
		 * is for, else wanted (where the place found has it). */
		unsigned need = use & ~(1U << CG_CPUACCT);

		if ((use & ~optional) != 0)
			need &= ~optional;
		if (cg_v2_place(cg, !spec->rootless, need, use, why, err) < 0)
			return -1;
		if ((optional & 1U << CG_MEMORY) && !cg->used[CG_MEMORY])
			memory_falls_back(cg);
	} else if (make_v1(spec, cg, use, optional, err) < 0) {
		return -1;
	}
	if (cg->used[CG_PIDS]) {
		(void)snprintf(v, sizeof(v), "%" PRIu64, spec->limits.pids);
		if (set_limit(cg, CG_PIDS, "pids.max", v, err) < 0)
			return -1;
	}
	if (cg->used[CG_MEMORY] &&
	    set_memory(cg, spec->limits.memory, err) < 0) {
		if (!(optional & 1U << CG_MEMORY))
			return -1;
		err->status = 0;
		err->msg[0] = '\0';
		memory_falls_back(cg);
	}
	if (spec->limits.cpus_milli > 0) {
		if (cg->v2) {
			(void)snprintf(v, sizeof(v), "%" PRIu64 " 100000",
				       spec->limits.cpus_milli * 100);
			if (set_limit(cg, CG_CPU, "cpu.max", v, err) < 0)
				return -1;
		} else {
			(void)snprintf(v, sizeof(v), "%" PRIu64,
				       spec->limits.cpus_milli * 100);
			if (write_str(cg->dir[CG_CPU], "cpu.cfs_period_us",
				      "100000", err) < 0 ||
			    write_str(cg->dir[CG_CPU], "cpu.cfs_quota_us", v,
				      err) < 0)
				return -1;
		}
	}
	return 0;
}

int cgroup_create(const struct jail_spec *spec, struct cgroup_set *cg,
		  bool *pids_fallback, struct cj_err *err)
{
	/* Only a limit that needs a cgroup makes one (the default memory
	 * limit does, where a memory controller can be had). The default
	 * process cap is RLIMIT_NPROC: Linux (5.14 on) counts it per user
	 * namespace, so in the jail's own namespace it counts the jail's
	 * processes and threads alone, as a pids cgroup would, and costs
	 * nothing. A cgroup costs a mkdir and an rmdir and, on v1, a move
	 * into it that can wait for an RCU grace period (10-20 ms on an idle
	 * machine; init moves itself, launch.c). */
	const char *why;
	unsigned optional, use = cgroup_needed(&spec->limits, &optional, &why);

	cgroup_reset(cg);
	*pids_fallback = true;
	if (use == 0)
		return 0;
	if ((use & ~optional) == 0) {
		/* The default memory limit alone: whatever stands in the way
		 * of its cgroup (no memory controller, no delegation, a
		 * container), no cgroup and RLIMIT_DATA, as if it had not
		 * been tried. */
		struct cj_err ignored = {0, ""};

		if (make_cgroup(spec, cg, use, optional,
				"the default memory limit", &ignored) < 0) {
			cgroup_destroy(cg);
			cgroup_reset(cg);
			cg->memory_fallback = true;
			return 0;
		}
	} else if (make_cgroup(spec, cg, use, optional, why, err) < 0) {
		cgroup_destroy(cg);
		return -1;
	}
	*pids_fallback = !cg->used[CG_PIDS];
	return 0;
}

int cgroup_fd(const struct cgroup_set *cg)
{
	return cg->v2 && cg->has_fd ? cg->fd : -1;
}

void cgroup_reset(struct cgroup_set *cg)
{
	cg->v2 = false;
	memset(cg->used, 0, sizeof(cg->used));
	cg->memory_fallback = false;
	cg->has_fd = cg->in_slice = false;
	cg->fd = cg->parent_fd = -1;
	cg->joined_ns = 0;
}

/* Does used controller c share its directory with a used one before it
 * (v1's "cpu,cpuacct"; v2's one directory)? */
static bool shares_dir(const struct cgroup_set *cg, int c)
{
	for (int o = 0; o < c; o++)
		if (cg->used[o] && strcmp(cg->dir[o], cg->dir[c]) == 0)
			return true;
	return false;
}

int cgroup_add(const struct cgroup_set *cg, pid_t pid, struct cj_err *err)
{
	char v[32];

	(void)snprintf(v, sizeof(v), "%d", (int)pid);
	if (cg->v2 && cg->has_fd)
		return write_at(cg->fd, cg->dir[0], "cgroup.procs", v, err);
	for (int c = 0; c < CG_N; c++)
		if (cg->used[c] && !shares_dir(cg, c) &&
		    write_str(cg->dir[c], "cgroup.procs", v, err) < 0)
			return -1;
	return 0;
}

int cgroup_open_tasks(const struct cgroup_set *cg, int *fds, size_t *n,
		      struct cj_err *err)
{
	*n = 0;
	for (int c = 0; c < CG_N && !cg->v2; c++) {
		char path[PATH_MAX + 16];

		if (!cg->used[c] || shares_dir(cg, c))
			continue;
		(void)snprintf(path, sizeof(path), "%s/tasks", cg->dir[c]);
		fds[*n] = open(path, O_WRONLY | O_CLOEXEC);
		if (fds[*n] < 0) {
			int e = errno;

			while (*n > 0)
				(void)close(fds[--*n]);
			return cj_fail_errno(err, CJ_EXIT_SETUP, e, "%s", path);
		}
		(*n)++;
	}
	return 0;
}

/* The cpu and cpuacct hierarchies of the jail, once each (one directory
 * may serve both, as "cpu,cpuacct"). */
static bool is_cpu_dir(const struct cgroup_set *cg, int c)
{
	if (cg->v2 || !cg->used[c] || (c != CG_CPU && c != CG_CPUACCT))
		return false;
	return !(c == CG_CPUACCT && cg->used[CG_CPU] &&
		 strcmp(cg->dir[CG_CPU], cg->dir[CG_CPUACCT]) == 0);
}

/* capejail is single-threaded: "0" in tasks moves this thread, all of
 * it, without the wait that writing a pid to cgroup.procs has (channel.c
 * says why). */
int cgroup_join_cpu(struct cgroup_set *cg, struct cj_err *err)
{
	if (cgroup_counts_supervisor(cg) && (cg->joined_ns = self_cpu_ns()) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "getrusage");
	for (int c = 0; c < CG_N; c++)
		if (is_cpu_dir(cg, c) &&
		    write_str(cg->dir[c], "tasks", "0", err) < 0)
			return -1;
	return 0;
}

bool cgroup_counts_supervisor(const struct cgroup_set *cg)
{
	/* cgroup_join_cpu put capejail in the cpuacct directory, or in the
	 * cpu one where both are one directory. */
	return !cg->v2 && cg->used[CG_CPUACCT];
}

void cgroup_leave_cpu(const struct cgroup_set *cg)
{
	char parent[PATH_MAX];
	struct cj_err ignored;

	for (int c = 0; c < CG_N; c++) {
		char *slash;

		if (!is_cpu_dir(cg, c))
			continue;
		(void)snprintf(parent, sizeof(parent), "%s", cg->dir[c]);
		slash = strrchr(parent, '/');
		if (slash == NULL)
			continue;
		*slash = '\0';
		(void)write_str(parent, "tasks", "0", &ignored);
	}
}

long long cgroup_oom_kills(const struct cgroup_set *cg)
{
	if (!cg->used[CG_MEMORY])
		return -1;
	return cg->v2
		   ? read_num(cg->dir[CG_MEMORY], "memory.events", "oom_kill")
		   : read_num(cg->dir[CG_MEMORY], "memory.oom_control",
			      "oom_kill");
}

long long cgroup_cpu_ns(const struct cgroup_set *cg)
{
	long long us;

	if (cg->v2) { /* in every v2 cgroup, with "cpu" enabled or not */
		if (!cg->has_fd)
			return -1;
		us = read_num(cg->dir[0], "cpu.stat", "usage_usec");
		return us < 0 ? -1 : us * 1000;
	}
	if (!cg->used[CG_CPUACCT])
		return -1;
	return read_num(cg->dir[CG_CPUACCT], "cpuacct.usage", NULL);
}

int cgroup_cpu_stat_open(const struct cgroup_set *cg)
{
	if (!cg->v2 || !cg->has_fd)
		return -1;
	return openat(cg->fd, "cpu.stat", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
}

long long cgroup_cpu_ns_at(int fd)
{
	char text[1024];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long long us;

	if (n < 0)
		return -1;
	text[n] = '\0';
	us = key_num(text, "usage_usec");
	return us < 0 ? -1 : us * 1000;
}

bool cgroup_jail_cpu(const struct cgroup_set *cg, long long *user_us,
		     long long *sys_us)
{
	long long total, user, sys, self = self_cpu_ns();

	if (cg->v2) { /* cpu.stat's base counts are there without "cpu" */
		if (!cg->has_fd)
			return false;
		*user_us = read_num(cg->dir[0], "cpu.stat", "user_usec");
		*sys_us = read_num(cg->dir[0], "cpu.stat", "system_usec");
		return *user_us >= 0 && *sys_us >= 0;
	}
	if (!cg->used[CG_CPUACCT] || self < 0)
		return false;
	/* v1: the total (ns) less capejail's part since it joined, split as
	 * the cgroup's user and system ticks are (the split of the jail's
	 * and capejail's time together: capejail's own split is per
	 * process, and taking it out side by side could leave one side
	 * below 0). */
	total = read_num(cg->dir[CG_CPUACCT], "cpuacct.usage", NULL);
	user = read_num(cg->dir[CG_CPUACCT], "cpuacct.stat", "user");
	sys = read_num(cg->dir[CG_CPUACCT], "cpuacct.stat", "system");
	if (total < 0 || user < 0 || sys < 0)
		return false;
	total = (total -
		 (cgroup_counts_supervisor(cg) ? self - cg->joined_ns : 0)) /
		1000;
	total = total < 0 ? 0 : total;
	*user_us = user + sys > 0 ? total * user / (user + sys) : total;
	*sys_us = total - *user_us;
	return true;
}

/* The pids of cgroup.procs of the cgroup cfd, at most max; how many. */
static size_t listed_pids(int cfd, pid_t *pids, size_t max)
{
	char text[4096], *p = text;
	size_t n = 0;

	if (cg_read_at(cfd, "cgroup.procs", text, sizeof(text)) <= 0)
		return 0;
	while (*p != '\0' && n < max) {
		pid_t pid = (pid_t)strtol(p, &p, 10);

		if (pid > 0 && pid != getpid())
			pids[n++] = pid;
		while (*p == '\n' || *p == ' ')
			p++;
		if (pid <= 0 && *p != '\0')
			p++; /* not a number: step over */
	}
	return n;
}

/* SIGKILL what the cgroup cfd holds. Each pid is held by a pidfd before a
 * second look at the list, and killed only if it is still there: one that
 * ended and was taken since by a process outside the cgroup is left alone
 * (its pidfd is of the one that ended). Before Linux 5.3 (no pidfd_open),
 * by pid. */
static void kill_listed(int cfd)
{
	pid_t pids[64], again[64];
	int fds[64];
	size_t n = listed_pids(cfd, pids, 64), m;

	for (size_t i = 0; i < n; i++) {
		fds[i] = (int)syscall(SYS_pidfd_open, pids[i], 0);
		if (fds[i] < 0 && errno == ENOSYS)
			(void)kill(pids[i], SIGKILL);
	}
	m = listed_pids(cfd, again, 64);
	for (size_t i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		for (size_t j = 0; j < m; j++)
			if (again[j] == pids[i]) {
				(void)syscall(SYS_pidfd_send_signal, fds[i],
					      SIGKILL, NULL, 0);
				break;
			}
		(void)close(fds[i]);
	}
}

/* SIGKILL whatever is still in the cgroup name below dfd, then remove it;
 * a few tries, as the kernel takes a moment to let go of the dead. */
void cg_remove_at(int dfd, const char *name)
{
	for (int tries = 0; tries < 200; tries++) {
		int cfd;

		if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return;
		cfd = openat(dfd, name,
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0)
			return;
		/* cgroup v2 (Linux 5.14): one write kills them all, those
		 * forking too. */
		if (tries == 0) {
			int k = openat(cfd, "cgroup.kill",
				       O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

			if (k >= 0) {
				(void)write_all(k, "1", 1);
				(void)close(k);
			}
		}
		kill_listed(cfd);
		(void)close(cfd);
		(void)usleep(5000);
	}
}

void cgroup_destroy(struct cgroup_set *cg)
{
	if (cg->v2) {
		if (cg->has_fd) {
			const char *name = strrchr(cg->dir[0], '/');

			cg_remove_at(cg->parent_fd,
				     name ? name + 1 : cg->dir[0]);
			(void)close(cg->fd);
			cg->has_fd = false;
		}
		if (cg->parent_fd >= 0)
			(void)close(cg->parent_fd);
		cg->parent_fd = -1;
		/* The last jail in capejail.slice takes it away (EBUSY while
		 * another is in it). */
		if (cg->in_slice)
			(void)rmdir(ROOT "/" SLICE);
		cg->in_slice = false;
		memset(cg->used, 0, sizeof(cg->used));
		return;
	}
	for (int c = CG_N - 1; c >= 0; c--)
		if (cg->used[c])
			cg_remove_at(AT_FDCWD, cg->dir[c]);
	memset(cg->used, 0, sizeof(cg->used));
}

/* Remove the cgroups below dfd that earlier capejails, since killed, could
 * not remove. */
void cg_sweep_dir_at(int dfd)
{
	struct dirent *e;
	struct stat st;
	DIR *d;

	/* A cgroup directory's link count is 2 and one per cgroup below it
	 * (kernfs): with none below, there is nothing to read (one call,
	 * where reading the directory takes eight). Not below 2: some file
	 * systems count no links for directories (btrfs says 1). */
	if (fstat(dfd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2)
		return;
	d = dir_of_fd(dfd);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		long pid;
		char *end;

		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0)
			continue;
		pid = strtol(e->d_name + strlen(PREFIX), &end, 10);
		if (*end != '\0' || pid <= 0 || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue; /* its capejail is alive */
		cg_remove_at(dfd, e->d_name);
	}
	(void)closedir(d);
}

/* cgroup v1: in each hierarchy's directory. */
static void sweep(const struct bases *b)
{
	for (int c = 0; c < CG_N; c++) {
		bool seen = false;

		for (int o = 0; o < c && b->set[c]; o++)
			seen = seen ||
			       (b->set[o] && strcmp(b->dir[o], b->dir[c]) == 0);
		if (b->set[c] && !seen) {
			int fd =
			    open(b->dir[c], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (fd >= 0) {
				cg_sweep_dir_at(fd);
				(void)close(fd);
			}
		}
	}
}
