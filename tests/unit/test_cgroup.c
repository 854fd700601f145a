/* test_cgroup.c - the parts of cgroup.c that need no cgroup: the decision
 * that a run needs none, the controller list of a /proc/self/cgroup line,
 * and, on directories made here that stand in for a jail's cgroups, the
 * reading of the statistics files, the move into cgroup.procs and the
 * removal. Nothing here touches /sys/fs/cgroup. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"
#include "tap.h"

#include "banned.h"

static char dir[] = "/tmp/cj-test-cgroup.XXXXXX";
static struct cj_err err;

static void bail(const char *why)
{
	printf("Bail out! %s: %s\n", why, strerror(errno));
	exit(1);
}

#define PATH_LEN (sizeof(dir) + 64)

/* dir/name into out (PATH_LEN bytes); out. */
static const char *at(char *out, const char *name)
{
	(void)snprintf(out, PATH_LEN, "%s/%s", dir, name);
	return out;
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0700) < 0)
		bail(path);
}

static void put(const char *d, const char *file, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", d, file);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		bail(path);
}

/* The text of d/file (at most 255 bytes) in a static buffer; NULL if it
 * cannot be read. */
static const char *text_of(const char *d, const char *file)
{
	static char buf[256];
	char path[PATH_MAX + 64];
	ssize_t n;
	int fd;

	(void)snprintf(path, sizeof(path), "%s/%s", d, file);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void set_dir(struct cgroup_set *cg, int c, const char *path)
{
	cg->used[c] = true;
	(void)snprintf(cg->dir[c], sizeof(cg->dir[c]), "%s", path);
}

static void test_has_token(void)
{
	ok(has_token("cpu,cpuacct", "cpu"), "has_token: cpu in cpu,cpuacct");
	ok(has_token("cpu,cpuacct", "cpuacct"),
	   "has_token: cpuacct in cpu,cpuacct");
	ok(has_token("pids", "pids"), "has_token: pids alone");
	ok(has_token("cpuset,cpu", "cpu"), "has_token: cpu last");
	ok(!has_token("cpuacct", "cpu"),
	   "has_token: cpu not in cpuacct (a prefix is no match)");
	ok(!has_token("cpuset", "cpu"), "has_token: cpu not in cpuset");
	ok(!has_token("net_cls,net_prio", "cpu"),
	   "has_token: cpu not in net_cls,net_prio");
	ok(!has_token("", "memory"), "has_token: nothing in an empty list");
	ok(!has_token("name=systemd", "systemd"),
	   "has_token: systemd not in name=systemd");
	ok(!has_token("xpids,memory", "pids"),
	   "has_token: pids not in xpids (a suffix is no match)");
	ok(has_token("blkio,memory", "memory"), "has_token: memory last");
}

/* A run that asks for no limit a cgroup holds makes none: no file system
 * access at all, and the default pids cap falls back to RLIMIT_NPROC. */
static void test_no_cgroup_needed(void)
{
	struct jail_spec spec;
	struct cgroup_set cg;
	bool fallback = false, used = false;

	memset(&spec, 0, sizeof(spec));
	spec.limits.pids = CJ_DEFAULT_PIDS;
	memset(&cg, 0x5a, sizeof(cg));
	memset(&err, 0, sizeof(err));
	ok(cgroup_create(&spec, &cg, &fallback, &err) == 0,
	   "no limit: cgroup_create succeeds");
	ok(fallback, "no limit: the default pids cap falls back to "
		     "RLIMIT_NPROC");
	for (int c = 0; c < CG_N; c++)
		used = used || cg.used[c];
	ok(!used, "no limit: no cgroup used");
	ok(!cg.v2 && !cg.has_fd && cg.fd == -1 && cg.parent_fd == -1,
	   "no limit: the set cleared (its paths are garbage, and read only "
	   "where used: nothing to remove)");

	spec.rootless = true;
	fallback = false;
	ok(cgroup_create(&spec, &cg, &fallback, &err) == 0 && fallback,
	   "no limit, rootless: no cgroup, no error");
	cgroup_destroy(&cg); /* nothing to do */
}

/* What the supervisor reads of a jail's cgroup: its OOM kills and its CPU
 * time. */
static void stats(const struct cgroup_set *cg, long long *oom, long long *cpu)
{
	*oom = cgroup_oom_kills(cg);
	*cpu = cgroup_cpu_ns(cg);
}

static void test_stats(void)
{
	struct cgroup_set cg;
	long long oom, cpu;
	char v2[PATH_LEN], mem[PATH_LEN], acct[PATH_LEN], gone[PATH_LEN];

	at(v2, "v2");
	at(mem, "v1-memory");
	at(acct, "v1-cpuacct");
	at(gone, "gone");
	memset(&cg, 0, sizeof(cg));
	stats(&cg, &oom, &cpu);
	ok(oom == -1 && cpu == -1, "stats without cgroups: all unknown (-1)");

	/* v2: one directory for every controller. */
	make_dir(v2);
	put(v2, "memory.events",
	    "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 5\n");
	put(v2, "cpu.stat",
	    "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n"
	    "nr_periods 0\n");
	memset(&cg, 0, sizeof(cg));
	cg.v2 = true;
	for (int c = 0; c < CG_N; c++)
		set_dir(&cg, c, v2);
	stats(&cg, &oom, &cpu);
	ok(cpu == -1,
	   "v2 without a jail cgroup of its own (no fd): no CPU time");
	cg.has_fd = true; /* the jail's one directory, as launch makes it */
	stats(&cg, &oom, &cpu);
	ok(oom == 2,
	   "v2: oom_kill of memory.events (not oom, not "
	   "oom_group_kill) (got %lld)",
	   oom);
	ok(cpu == 1500000, "v2: usage_usec of cpu.stat, in ns (got %lld)", cpu);

	put(v2, "cpu.stat", "user_usec 1000\nsystem_usec 500\n");
	put(v2, "memory.events", "low 0\noom_group_kill 5\n");
	stats(&cg, &oom, &cpu);
	ok(cpu == -1 && oom == -1,
	   "v2: a key missing from its file: unknown (cpu %lld, oom %lld)", cpu,
	   oom);

	cg.used[CG_MEMORY] = false;
	put(v2, "cpu.stat", "usage_usec 7\n");
	stats(&cg, &oom, &cpu);
	ok(oom == -1 && cpu == 7000,
	   "v2 without the memory controller: only the CPU time");

	/* v1: a directory per controller. */
	make_dir(mem);
	make_dir(acct);
	put(mem, "memory.oom_control",
	    "oom_kill_disable 0\nunder_oom 0\noom_kill 7\n");
	put(acct, "cpuacct.usage", "987654321\n");
	memset(&cg, 0, sizeof(cg));
	set_dir(&cg, CG_MEMORY, mem);
	set_dir(&cg, CG_CPUACCT, acct);
	stats(&cg, &oom, &cpu);
	ok(oom == 7,
	   "v1: oom_kill of memory.oom_control (not "
	   "oom_kill_disable) (got %lld)",
	   oom);
	ok(cpu == 987654321, "v1: cpuacct.usage, in ns (got %lld)", cpu);

	/* A cgroup already gone: its files too. */
	set_dir(&cg, CG_MEMORY, gone);
	set_dir(&cg, CG_CPUACCT, gone);
	stats(&cg, &oom, &cpu);
	ok(oom == -1 && cpu == -1, "v1, the directories gone: all unknown");
}

static void test_add(void)
{
	struct cgroup_set cg;
	char pids[PATH_LEN], mem[PATH_LEN], cpu[PATH_LEN], v2[PATH_LEN],
	    gone[PATH_LEN], fifo[PATH_LEN + 16], got[64];
	ssize_t n;
	int rfd;

	make_dir(at(pids, "add-pids"));
	make_dir(at(mem, "add-memory"));
	make_dir(at(cpu, "add-cpu"));
	make_dir(at(v2, "add-v2"));
	at(gone, "gone");
	put(pids, "cgroup.procs", "");
	put(mem, "cgroup.procs", "");
	put(cpu, "cgroup.procs", "");
	memset(&cg, 0, sizeof(cg));
	set_dir(&cg, CG_PIDS, pids);
	set_dir(&cg, CG_MEMORY, mem);
	(void)snprintf(cg.dir[CG_CPU], sizeof(cg.dir[CG_CPU]), "%s", cpu);
	memset(&err, 0, sizeof(err));
	ok(cgroup_add(&cg, 4242, &err) == 0, "v1: cgroup_add ('%s')", err.msg);
	is_str(text_of(pids, "cgroup.procs"), "4242",
	       "v1: the pid written to the pids cgroup");
	is_str(text_of(mem, "cgroup.procs"), "4242",
	       "v1: the pid written to the memory cgroup");
	is_str(text_of(cpu, "cgroup.procs"), "",
	       "v1: nothing written where the controller is not used");

	/* v2: one directory serves every controller; one write. The
	 * cgroup.procs here is a FIFO, so that each write can be counted. */
	(void)snprintf(fifo, sizeof(fifo), "%s/cgroup.procs", v2);
	if (mkfifo(fifo, 0600) < 0)
		bail("mkfifo");
	rfd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (rfd < 0)
		bail("open fifo");
	memset(&cg, 0, sizeof(cg));
	cg.v2 = true;
	for (int c = 0; c < CG_N; c++)
		set_dir(&cg, c, v2);
	ok(cgroup_add(&cg, 77, &err) == 0, "v2: cgroup_add ('%s')", err.msg);
	n = read(rfd, got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = '\0';
	is_str(got, "77", "v2: the pid written once, not once a controller");
	(void)close(rfd);
	(void)unlink(fifo);

	/* A cgroup whose cgroup.procs cannot be opened. */
	memset(&cg, 0, sizeof(cg));
	set_dir(&cg, CG_PIDS, cpu);
	set_dir(&cg, CG_MEMORY, gone);
	memset(&err, 0, sizeof(err));
	{
		char want[PATH_MAX + 128];

		(void)snprintf(want, sizeof(want),
			       "%s/cgroup.procs: No such file or directory",
			       gone);
		ok(cgroup_add(&cg, 5, &err) == -1 &&
		       err.status == CJ_EXIT_SETUP,
		   "cgroup_add to a cgroup gone: an error, status 125");
		is_str(err.msg, want, "cgroup_add to a cgroup gone: the path");
	}

	(void)unlink(at(fifo, "add-pids/cgroup.procs"));
	(void)unlink(at(fifo, "add-memory/cgroup.procs"));
	(void)unlink(at(fifo, "add-cpu/cgroup.procs"));
	(void)rmdir(pids);
	(void)rmdir(mem);
	(void)rmdir(cpu);
	(void)rmdir(v2);
}

static void test_destroy(void)
{
	struct cgroup_set cg;
	char a[PATH_LEN], b[PATH_LEN], keep[PATH_LEN], v2[PATH_LEN];
	struct timespec t0, t1;
	bool used = false;
	double s;

	make_dir(at(a, "d-pids"));
	make_dir(at(b, "d-memory"));
	make_dir(at(keep, "d-cpu"));
	memset(&cg, 0, sizeof(cg));
	set_dir(&cg, CG_PIDS, a);
	set_dir(&cg, CG_MEMORY, b);
	(void)snprintf(cg.dir[CG_CPU], sizeof(cg.dir[CG_CPU]), "%s", keep);
	cgroup_destroy(&cg);
	ok(!exists(a) && !exists(b), "v1: cgroup_destroy removes the used "
				     "directories");
	ok(exists(keep), "v1: an unused one is left alone");
	for (int c = 0; c < CG_N; c++)
		used = used || cg.used[c];
	ok(!used, "cgroup_destroy: nothing used afterwards");
	(void)rmdir(keep);

	/* v2: the one directory of every controller, removed once through
	 * the fd of the cgroup it is in (no path walked again); the later
	 * controllers do not wait for it. */
	make_dir(at(v2, "d-v2"));
	memset(&cg, 0, sizeof(cg));
	cg.v2 = true;
	for (int c = 0; c < CG_N; c++)
		set_dir(&cg, c, v2);
	cg.parent_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cg.fd = open(v2, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cg.has_fd = cg.parent_fd >= 0 && cg.fd >= 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cgroup_destroy(&cg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(!exists(v2), "v2: the shared directory removed");
	ok(s < 0.9, "v2: at once, no retries (%.3f s)", s);
}

/* cg_remove_at kills what cgroup.procs lists (through a pidfd taken
 * before a second look at the list), and nothing else. Here the list is a
 * plain file in a plain directory, which is never removed: it gives up
 * after its tries. */
static void test_kill_listed(void)
{
	char d[PATH_LEN], procs[PATH_LEN], text[64];
	pid_t listed = fork(), other;
	int st, dfd;

	if (listed == 0) {
		pause();
		_exit(0);
	}
	other = fork();
	if (other == 0) {
		pause();
		_exit(0);
	}
	if (listed < 0 || other < 0)
		bail("fork");
	make_dir(at(d, "d-procs"));
	(void)snprintf(text, sizeof(text), "%d\n%d\n", (int)getpid(),
		       (int)listed);
	put(d, "cgroup.procs", text);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		bail(dir);
	cg_remove_at(dfd, "d-procs");
	(void)close(dfd);
	ok(waitpid(listed, &st, WNOHANG) == listed && WIFSIGNALED(st) &&
	       WTERMSIG(st) == SIGKILL,
	   "cg_remove_at: a process cgroup.procs lists is killed");
	ok(waitpid(other, &st, WNOHANG) == 0,
	   "... one it does not list is left alone (and so is capejail, "
	   "listed too)");
	(void)kill(other, SIGKILL);
	(void)waitpid(other, &st, 0);
	(void)unlink(at(procs, "d-procs/cgroup.procs"));
	(void)rmdir(d);
}

/* cgroup_needed: which limit needs which controller, which of them the
 * run does without (the default memory limit), and the option an error
 * names. */
static void test_needed(void)
{
	struct jail_limits lim;
	const char *why;
	unsigned opt;

	memset(&lim, 0, sizeof(lim));
	lim.pids = CJ_DEFAULT_PIDS; /* the default cap: RLIMIT_NPROC */
	ok(cgroup_needed(&lim, &opt, &why) == 0 && opt == 0 && why == NULL,
	   "cgroup_needed: no limit (--memory unlimited) needs none");
	lim.memory = CJ_DEFAULT_MEMORY_MAX;
	ok(cgroup_needed(&lim, &opt, &why) == 1U << CG_MEMORY &&
	       opt == 1U << CG_MEMORY && why == NULL,
	   "cgroup_needed: the defaults: memory, which may fall back, and "
	   "no option to name");
	lim.cpus_milli = 500;
	ok(cgroup_needed(&lim, &opt, &why) ==
		   (1U << CG_MEMORY | 1U << CG_CPU) &&
	       opt == 1U << CG_MEMORY && why && strcmp(why, "--cpus") == 0,
	   "cgroup_needed: --cpus and the default memory limit: --cpus "
	   "named, memory may fall back");
	lim.cpus_milli = 0;
	lim.memory = 64 << 20;
	lim.memory_set = true;
	ok(cgroup_needed(&lim, &opt, &why) == 1U << CG_MEMORY && opt == 0 &&
	       why && strcmp(why, "--memory") == 0,
	   "cgroup_needed: --memory, memory, which must hold");
	lim.cpu_time_ms = 500;
	lim.cpus_milli = 500;
	ok(cgroup_needed(&lim, &opt, &why) ==
		   (1U << CG_MEMORY | 1U << CG_CPU | 1U << CG_CPUACCT) &&
	       why && strcmp(why, "--memory") == 0,
	   "cgroup_needed: --memory, --cpus, --cpu-time; --memory named");
	lim.pids_set = true;
	ok((cgroup_needed(&lim, &opt, &why) & 1U << CG_PIDS) && why &&
	       strcmp(why, "--pids") == 0,
	   "cgroup_needed: --pids given: pids, and --pids named first");
	memset(&lim, 0, sizeof(lim));
	lim.cpu_time_ms = 1;
	ok(cgroup_needed(&lim, &opt, &why) == 1U << CG_CPUACCT && opt == 0 &&
	       why && strcmp(why, "--cpu-time") == 0,
	   "cgroup_needed: --cpu-time alone, cpuacct");
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	test_has_token();
	test_no_cgroup_needed();
	test_needed();
	test_stats();
	test_add();
	test_destroy();
	test_kill_listed();
	{
		char p[PATH_LEN];
		static const char *const left[] = {
		    "v2/memory.events", "v2/cpu.stat",
		    "v1-memory/memory.oom_control", "v1-cpuacct/cpuacct.usage"};

		for (size_t i = 0; i < sizeof(left) / sizeof(*left); i++)
			(void)unlink(at(p, left[i]));
		(void)rmdir(at(p, "v2"));
		(void)rmdir(at(p, "v1-memory"));
		(void)rmdir(at(p, "v1-cpuacct"));
		(void)rmdir(dir);
	}
	return tap_done();
}
