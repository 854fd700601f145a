/* launch - the timing harness of `make bench`.
 *
 *   launch latency N SAMPLES.csv NAME CMD [NAME CMD]...
 *	N rounds; each round runs every CMD once (fork, exec, wait), starting
 *	with a different one each round, so every command sees the same
 *	conditions. Per NAME: "NAME MEDIAN P10 P90 MAXRSS_KB CPU_MS" (ms; the
 *	median of the max RSS that wait4 reports for the command's process;
 *	the median CPU time, user and system, that wait4 reports for the
 *	command and everything it left: see reap_orphans). Every sample goes
 *	to SAMPLES.csv as "name,round,ms,maxrss_kb,cpu_ms".
 *
 *   launch throughput TOTAL CONCURRENCY[,CONCURRENCY]... CHUNK NAME CMD...
 *	TOTAL launches per CMD and CONCURRENCY, that many at a time, in chunks
 *	of CHUNK launches taken in turn from each CMD at each CONCURRENCY, so
 *	that the concurrencies interleave too. Per NAME and CONCURRENCY:
 *	"NAME CONCURRENCY JAILS_PER_S P10 P90" (the rate over all its chunks,
 *	and the spread of the chunks' own rates).
 *
 * CMD is one argument, split at spaces (no quoting). The command's stdout
 * goes to /dev/null; any failure stops the harness with the name and the
 * status, so a number is never the time of a failed run.
 *
 * The harness is a child subreaper: a process that a command leaves
 * running when it exits (bubblewrap returns as soon as its pid 1 reports
 * the program's status, while that pid 1 still tears the jail down) comes
 * back to the harness, which waits for it before the next launch, and
 * counts its CPU time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS    32
#define MAX_ARGS    64
#define MAX_CONC    4
#define MAX_RUNNING 64

struct cmd {
	const char *name;
	char *argv[MAX_ARGS + 1];
	double *ms;
	double *cpu;
	long *rss;
	size_t n;
	size_t conc; /* throughput: launches at a time */
};

static struct cmd cmds[MAX_CMDS];
static int n_cmds;
static int devnull = -1;

static double now_ms(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) < 0) {
		perror("clock_gettime");
		exit(2);
	}
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int parse_cmds(int argc, char *argv[], size_t samples)
{
	if (argc < 2 || argc % 2 != 0 || argc / 2 > MAX_CMDS) {
		fprintf(stderr,
			"launch: expected NAME CMD pairs (at most %d)\n",
			MAX_CMDS);
		return -1;
	}
	for (int i = 0; i < argc; i += 2) {
		struct cmd *c = &cmds[n_cmds++];
		int k = 0;

		c->name = argv[i];
		for (char *save = NULL, *t = strtok_r(argv[i + 1], " ", &save);
		     t != NULL; t = strtok_r(NULL, " ", &save)) {
			if (k == MAX_ARGS) {
				fprintf(stderr, "launch: %s: too many words\n",
					c->name);
				return -1;
			}
			c->argv[k++] = t;
		}
		c->argv[k] = NULL;
		c->ms = calloc(samples ? samples : 1, sizeof(*c->ms));
		c->cpu = calloc(samples ? samples : 1, sizeof(*c->cpu));
		c->rss = calloc(samples ? samples : 1, sizeof(*c->rss));
		if (k == 0 || c->ms == NULL || c->cpu == NULL ||
		    c->rss == NULL) {
			fprintf(stderr, "launch: %s: empty command\n", c->name);
			return -1;
		}
	}
	return 0;
}

static pid_t start(const struct cmd *c)
{
	pid_t p = fork();

	if (p == 0) {
		if (dup2(devnull, 1) < 0)
			_exit(126);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (p < 0) {
		perror("fork");
		exit(2);
	}
	return p;
}

static double tv_ms(struct timeval t)
{
	return (double)t.tv_sec * 1e3 + (double)t.tv_usec / 1e3;
}

/* A command's end: anything but exit status 0 ends the harness. */
static void check_status(const char *name, int st)
{
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "launch: %s failed (%s %d)\n", name,
			WIFEXITED(st) ? "exit status" : "signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		exit(1);
	}
}

/* Wait for pid, a launch of name. maxrss_kb and cpu_ms get what wait4
 * reports for it: its peak RSS, and its CPU time, user and system, with
 * that of every descendant it waited for (whose own includes theirs): for
 * a jail the launcher, its init and the program, if the launcher waits for
 * its init (see reap_orphans for one that does not). */
static void reap(pid_t pid, const char *name, long *maxrss_kb, double *cpu_ms)
{
	struct rusage ru;
	int st;
	pid_t w;

	do
		w = wait4(pid, &st, 0, &ru);
	while (w < 0 && errno == EINTR);
	if (w < 0) {
		perror("wait4");
		exit(2);
	}
	check_status(name, st);
	*maxrss_kb = ru.ru_maxrss;
	*cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
}

/* Wait for every child left, that is every process a command left
 * behind and that came back to the harness, the subreaper, when its
 * parent ended; their statuses are theirs (a pid 1 killed in its teardown
 * is no failure of the command). Adds their CPU time, and that of what
 * they reaped, to *cpu_ms (if not NULL). */
static void reap_orphans(double *cpu_ms)
{
	struct rusage ru;
	int st;

	for (;;) {
		pid_t w = wait4(-1, &st, 0, &ru);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == ECHILD)
			return;
		if (w < 0) {
			perror("wait4");
			exit(2);
		}
		if (cpu_ms != NULL)
			*cpu_ms += tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of n sorted values, linear between neighbours. */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

static int latency(int argc, char *argv[])
{
	size_t rounds;
	FILE *csv;

	if (argc < 4)
		return 2;
	rounds = strtoul(argv[0], NULL, 10);
	if (rounds == 0 || parse_cmds(argc - 2, argv + 2, rounds) < 0)
		return 2;
	csv = fopen(argv[1], "w");
	if (csv == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(csv, "name,round,ms,maxrss_kb,cpu_ms\n");
	for (size_t r = 0; r < rounds; r++)
		for (int j = 0; j < n_cmds; j++) {
			struct cmd *c = &cmds[(j + (int)r) % n_cmds];
			double t0 = now_ms();

			reap(start(c), c->name, &c->rss[c->n], &c->cpu[c->n]);
			c->ms[c->n] = now_ms() - t0;
			reap_orphans(&c->cpu[c->n]);
			fprintf(csv, "%s,%zu,%.4f,%ld,%.3f\n", c->name, r,
				c->ms[c->n], c->rss[c->n], c->cpu[c->n]);
			c->n++;
		}
	if (fclose(csv) != 0) {
		perror(argv[1]);
		return 2;
	}
	for (int i = 0; i < n_cmds; i++) {
		struct cmd *c = &cmds[i];

		qsort(c->ms, c->n, sizeof(*c->ms), cmp_double);
		qsort(c->cpu, c->n, sizeof(*c->cpu), cmp_double);
		qsort(c->rss, c->n, sizeof(*c->rss), cmp_long);
		printf("%s %.3f %.3f %.3f %ld %.3f\n", c->name,
		       quantile(c->ms, c->n, 0.5), quantile(c->ms, c->n, 0.1),
		       quantile(c->ms, c->n, 0.9), c->rss[c->n / 2],
		       quantile(c->cpu, c->n, 0.5));
	}
	return 0;
}

/* count launches of c, c->conc at a time; returns the wall time in ms,
 * up to the end of the last process any of them left behind. */
static double burst(const struct cmd *c, size_t count)
{
	pid_t running[MAX_RUNNING];
	size_t started = 0, n_running = 0;
	double t0 = now_ms();

	while (started < count || n_running > 0) {
		struct rusage ru;
		pid_t w;
		int st;
		size_t i;

		if (started < count && n_running < c->conc) {
			running[n_running++] = start(c);
			started++;
			continue;
		}
		do
			w = wait4(-1, &st, 0, &ru);
		while (w < 0 && errno == EINTR);
		if (w < 0) {
			perror("wait4");
			exit(2);
		}
		for (i = 0; i < n_running && running[i] != w; i++)
			;
		if (i == n_running)
			continue; /* left behind by one of them */
		check_status(c->name, st);
		running[i] = running[--n_running];
	}
	reap_orphans(NULL);
	return now_ms() - t0;
}

static int throughput(int argc, char *argv[])
{
	size_t total, conc[MAX_CONC], n_conc = 0, chunk, chunks;
	int n_base;

	if (argc < 5)
		return 2;
	total = strtoul(argv[0], NULL, 10);
	for (char *save = NULL, *t = strtok_r(argv[1], ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save)) {
		if (n_conc == MAX_CONC)
			return 2;
		conc[n_conc] = strtoul(t, NULL, 10);
		if (conc[n_conc] == 0 || conc[n_conc] > MAX_RUNNING)
			return 2;
		n_conc++;
	}
	chunk = strtoul(argv[2], NULL, 10);
	if (total == 0 || n_conc == 0 || chunk == 0 || total % chunk != 0)
		return 2;
	chunks = total / chunk;
	if (parse_cmds(argc - 3, argv + 3, chunks) < 0)
		return 2;
	/* One entry per command and concurrency, sharing the command's
	 * words, each with its own samples. */
	n_base = n_cmds;
	if ((size_t)n_base * n_conc > MAX_CMDS) {
		fprintf(stderr, "launch: at most %d commands x concurrencies\n",
			MAX_CMDS);
		return 2;
	}
	for (size_t k = 0; k < n_conc; k++)
		for (int i = 0; i < n_base; i++) {
			struct cmd *c = &cmds[k == 0 ? i : n_cmds++];

			if (k > 0) {
				*c = cmds[i];
				c->ms = calloc(chunks, sizeof(*c->ms));
				if (c->ms == NULL) {
					perror("calloc");
					return 2;
				}
			}
			c->conc = conc[k];
		}
	for (size_t r = 0; r < chunks; r++)
		for (int j = 0; j < n_cmds; j++) {
			struct cmd *c = &cmds[(j + (int)r) % n_cmds];

			c->ms[c->n++] = burst(c, chunk);
		}
	for (int i = 0; i < n_cmds; i++) {
		struct cmd *c = &cmds[i];
		double sum = 0;

		for (size_t k = 0; k < c->n; k++) {
			sum += c->ms[k];
			c->ms[k] = (double)chunk * 1e3 / c->ms[k]; /* per s */
		}
		qsort(c->ms, c->n, sizeof(*c->ms), cmp_double);
		printf("%s %zu %.1f %.1f %.1f\n", c->name, c->conc,
		       (double)total * 1e3 / sum, quantile(c->ms, c->n, 0.1),
		       quantile(c->ms, c->n, 0.9));
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int rc = 2;

	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0) {
		perror("/dev/null");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) < 0) {
		perror("PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	if (argc > 1 && strcmp(argv[1], "latency") == 0)
		rc = latency(argc - 2, argv + 2);
	else if (argc > 1 && strcmp(argv[1], "throughput") == 0)
		rc = throughput(argc - 2, argv + 2);
	if (rc == 2)
		fprintf(
		    stderr,
		    "usage: launch latency N SAMPLES.csv NAME CMD...\n"
		    "       launch throughput TOTAL CONCURRENCY[,...] CHUNK "
		    "NAME CMD...\n");
	return rc;
}
