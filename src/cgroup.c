/* cgroup.c - the jail's cgroups (see cgroup.h). */
#define _GNU_SOURCE
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

#define ROOT   "/sys/fs/cgroup"
#define PREFIX "capejail."

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

static long long read_num(const char *dir, const char *file, const char *key)
{
	char path[PATH_MAX + 64], *text = NULL, *p;
	struct cj_err ignored;
	long long v = -1;
	size_t len;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (read_small_file(path, 1U << 16, &text, &len, &ignored) < 0)
		return -1;
	if (key == NULL) {
		v = strtoll(text, NULL, 10);
	} else {
		size_t k = strlen(key);

		for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
			if (strncmp(p, key, k) == 0 && p[k] == ' ')
				v = strtoll(p + k + 1, NULL, 10);
	}
	free(text);
	return v;
}

/* v2 where the unified hierarchy is at /sys/fs/cgroup and offers all of
 * pids, memory and cpu; v1 otherwise. */
static bool use_v2(void)
{
	char *text = NULL;
	struct cj_err ignored;
	size_t len;
	bool ok;

	if (read_small_file(ROOT "/cgroup.controllers", 4096, &text, &len,
			    &ignored) < 0)
		return false;
	ok = strstr(text, "pids") && strstr(text, "memory") &&
	     strstr(text, "cpu");
	free(text);
	return ok;
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

/* Where the jail's cgroup goes for each controller: below capejail's own
 * cgroup of that controller (one read of /proc/self/cgroup). "" where that
 * hierarchy is not there or not writable. */
struct bases {
	char dir[CG_N][PATH_MAX];
};

static void find_bases(bool v2, struct bases *b)
{
	char *text = NULL, *line, *next;
	struct cj_err ignored;
	size_t len;

	for (int c = 0; c < CG_N; c++)
		b->dir[c][0] = '\0';
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

			if (v2 ? *ctrls != '\0'
			       : !has_token(ctrls, ctrl_name[c]))
				continue;
			n = v2 ? snprintf(b->dir[c], PATH_MAX, ROOT "%s", path)
			       : snprintf(b->dir[c], PATH_MAX, ROOT "/%s%s",
					  ctrl_name[c], path);
			if (n < 0 || n >= PATH_MAX ||
			    access(b->dir[c], W_OK) < 0)
				b->dir[c][0] = '\0';
		}
	}
	free(text);
}

static int make_dir_for(struct cgroup_set *cg, int c, const struct bases *b,
			struct cj_err *err)
{
	int n;

	if (b->dir[c][0] == '\0')
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

static void sweep(const struct bases *b);

int cgroup_create(const struct jail_spec *spec, struct cgroup_set *cg,
		  bool *pids_fallback, struct cj_err *err)
{
	static struct bases base; /* large; one run at a time */
	char v[64];
	int rc;

	memset(cg, 0, sizeof(*cg));
	/* Only a limit that needs a cgroup makes one (the default memory
	 * limit does, where a memory controller is). The default process
	 * cap is RLIMIT_NPROC: Linux (5.14 on) counts it per user namespace,
	 * so in the jail's own namespace it counts the jail's processes and
	 * threads alone, as a pids cgroup would, and costs nothing. A cgroup
	 * costs a mkdir and an rmdir and, on v1, a move into it that can wait
	 * for an RCU grace period (10-20 ms on an idle machine). */
	*pids_fallback = true;
	if (!spec->limits.pids_set && spec->limits.memory == 0 &&
	    spec->limits.cpus_milli == 0 && spec->limits.cpu_time_ms == 0)
		return 0;
	cg->v2 = use_v2();
	*pids_fallback = false;
	find_bases(cg->v2, &base);
	sweep(&base);
	/* The default pids cap stays RLIMIT_NPROC (above) even with a
	 * cgroup: one directory less to make, move into and remove. */
	rc = spec->limits.pids_set ? make_dir_for(cg, CG_PIDS, &base, err) : 1;
	if (rc < 0)
		goto fail;
	if (rc > 0 && spec->limits.pids_set) {
		no_controller(spec->rootless, CG_PIDS, "--pids", err);
		goto fail;
	}
	*pids_fallback = rc > 0;
	if (cg->used[CG_PIDS]) {
		(void)snprintf(v, sizeof(v), "%" PRIu64, spec->limits.pids);
		if (write_str(cg->dir[CG_PIDS], "pids.max", v, err) < 0)
			goto fail;
	}
	if (spec->limits.memory > 0) {
		rc = make_dir_for(cg, CG_MEMORY, &base, err);
		if (rc < 0)
			goto fail;
		if (rc > 0 && spec->limits.memory_set) {
			no_controller(spec->rootless, CG_MEMORY, "--memory",
				      err);
			goto fail;
		}
		cg->memory_fallback = rc > 0; /* the default: RLIMIT_DATA */
	}
	if (cg->used[CG_MEMORY]) {
		(void)snprintf(v, sizeof(v), "%" PRIu64, spec->limits.memory);
		if (cg->v2) {
			if (write_str(cg->dir[CG_MEMORY], "memory.max", v,
				      err) < 0 ||
			    write_str(cg->dir[CG_MEMORY], "memory.swap.max",
				      "0", err) < 0)
				goto fail;
		} else {
			if (write_str(cg->dir[CG_MEMORY],
				      "memory.limit_in_bytes", v, err) < 0)
				goto fail;
			/* memory + swap: the same cap, where swap is
			 * accounted at all. */
			if (access("/sys/fs/cgroup/memory/"
				   "memory.memsw.limit_in_bytes",
				   F_OK) == 0 &&
			    write_str(cg->dir[CG_MEMORY],
				      "memory.memsw.limit_in_bytes", v,
				      err) < 0)
				goto fail;
		}
	}
	if (spec->limits.cpus_milli > 0) {
		if (need(cg, CG_CPU, &base, "--cpus", spec->rootless, err) < 0)
			goto fail;
		if (cg->v2) {
			(void)snprintf(v, sizeof(v), "%" PRIu64 " 100000",
				       spec->limits.cpus_milli * 100);
			if (write_str(cg->dir[CG_CPU], "cpu.max", v, err) < 0)
				goto fail;
		} else {
			(void)snprintf(v, sizeof(v), "%" PRIu64,
				       spec->limits.cpus_milli * 100);
			if (write_str(cg->dir[CG_CPU], "cpu.cfs_period_us",
				      "100000", err) < 0 ||
			    write_str(cg->dir[CG_CPU], "cpu.cfs_quota_us", v,
				      err) < 0)
				goto fail;
		}
	}
	if (spec->limits.cpu_time_ms > 0 &&
	    need(cg, CG_CPUACCT, &base, "--cpu-time", spec->rootless, err) < 0)
		goto fail;
	return 0;
fail:
	cgroup_destroy(cg);
	return -1;
}

int cgroup_add(const struct cgroup_set *cg, pid_t pid, struct cj_err *err)
{
	char v[32];

	(void)snprintf(v, sizeof(v), "%d", (int)pid);
	for (int c = 0; c < CG_N; c++) {
		bool done = false;

		for (int o = 0; o < c; o++)
			done = done || (cg->used[o] &&
					strcmp(cg->dir[o], cg->dir[c]) == 0);
		if (cg->used[c] && !done &&
		    write_str(cg->dir[c], "cgroup.procs", v, err) < 0)
			return -1;
	}
	return 0;
}

int cgroup_open_tasks(const struct cgroup_set *cg, int *fds, size_t *n,
		      struct cj_err *err)
{
	*n = 0;
	for (int c = 0; c < CG_N && !cg->v2; c++) {
		char path[PATH_MAX + 16];
		bool done = false;

		for (int o = 0; o < c; o++)
			done = done || (cg->used[o] &&
					strcmp(cg->dir[o], cg->dir[c]) == 0);
		if (!cg->used[c] || done)
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
int cgroup_join_cpu(const struct cgroup_set *cg, struct cj_err *err)
{
	for (int c = 0; c < CG_N; c++)
		if (is_cpu_dir(cg, c) &&
		    write_str(cg->dir[c], "tasks", "0", err) < 0)
			return -1;
	return 0;
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

void cgroup_stats(const struct cgroup_set *cg, long long *oom_kills,
		  long long *cpu_ns, long long *peak_bytes)
{
	*oom_kills = *cpu_ns = *peak_bytes = -1;
	if (cg->used[CG_MEMORY]) {
		*oom_kills = cg->v2
				 ? read_num(cg->dir[CG_MEMORY], "memory.events",
					    "oom_kill")
				 : read_num(cg->dir[CG_MEMORY],
					    "memory.oom_control", "oom_kill");
		*peak_bytes = read_num(
		    cg->dir[CG_MEMORY],
		    cg->v2 ? "memory.peak" : "memory.max_usage_in_bytes", NULL);
	}
	if (cg->v2 && cg->used[CG_CPUACCT]) {
		long long us =
		    read_num(cg->dir[CG_CPUACCT], "cpu.stat", "usage_usec");

		*cpu_ns = us < 0 ? -1 : us * 1000;
	} else if (cg->used[CG_CPUACCT]) {
		*cpu_ns = read_num(cg->dir[CG_CPUACCT], "cpuacct.usage", NULL);
	}
}

/* SIGKILL whatever is still in dir, then remove it; a few tries, as the
 * kernel takes a moment to let go of the dead. */
static void remove_cgroup(const char *dir)
{
	for (int tries = 0; tries < 200; tries++) {
		char path[PATH_MAX + 32], *text = NULL;
		struct cj_err ignored;
		size_t len;

		if (rmdir(dir) == 0 || errno == ENOENT)
			return;
		(void)snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		if (read_small_file(path, 1U << 20, &text, &len, &ignored) ==
		    0) {
			char *p = text;

			while (*p != '\0') {
				pid_t pid = (pid_t)strtol(p, &p, 10);

				if (pid > 0 && pid != getpid())
					(void)kill(pid, SIGKILL);
				while (*p == '\n' || *p == ' ')
					p++;
				if (pid <= 0 && *p != '\0')
					p++; /* not a number: step over */
			}
			free(text);
		}
		(void)usleep(5000);
	}
}

void cgroup_destroy(struct cgroup_set *cg)
{
	for (int c = CG_N - 1; c >= 0; c--)
		if (cg->used[c])
			remove_cgroup(cg->dir[c]);
	memset(cg->used, 0, sizeof(cg->used));
}

static void sweep_dir(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char dir[PATH_MAX];
		long pid;
		char *end;

		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0)
			continue;
		pid = strtol(e->d_name + strlen(PREFIX), &end, 10);
		if (*end != '\0' || pid <= 0 || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue; /* its capejail is alive */
		(void)snprintf(dir, sizeof(dir), "%s/%s", base, e->d_name);
		remove_cgroup(dir);
	}
	(void)closedir(d);
}

/* Cgroups that earlier capejails, since killed, could not remove. */
static void sweep(const struct bases *b)
{
	for (int c = 0; c < CG_N; c++) {
		bool seen = false;

		for (int o = 0; o < c; o++)
			seen = seen || strcmp(b->dir[o], b->dir[c]) == 0;
		if (b->dir[c][0] != '\0' && !seen)
			sweep_dir(b->dir[c]);
	}
}
