/* probe - a static program run inside test jails whose root holds nothing
 * else. Each subcommand prints one line a test can compare.
 *   probe ids          "uid=U gid=G groups=G1,G2"
 *   probe fds          open fds above 2, space-separated ("" for none)
 *   probe sys NR [A0 [A1 ...]]  raw syscall NR, args default 0:
 *                      "ret=R errno=E"
 *   probe batch NR...  each syscall NR with zero arguments, each in a child
 *                      of its own, all at once: "NR ret R E" per number
 *                      that returned within a second, "NR none" for the
 *                      others (still blocked, exited, died)
 *   probe int80 NR     syscall NR through int 0x80 (the i386 ABI)
 *   probe ls DIR       the names in DIR, sorted, space-separated
 *   probe read FILE... for each FILE, "read" when some of it could be read,
 *                      else the errno's number
 *   probe exit N       exit with N
 *   probe sig N        kill itself with signal N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int ids(void)
{
	gid_t groups[256];
	int n = getgroups(256, groups);

	printf("uid=%u gid=%u groups=", (unsigned)getuid(), (unsigned)getgid());
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", (unsigned)groups[i]);
	printf("\n");
	return n < 0;
}

static int fds(void)
{
	const char *sep = "";

	for (int fd = 3; fd < 4096; fd++) {
		if (fcntl(fd, F_GETFD) >= 0) {
			printf("%s%d", sep, fd);
			sep = " ";
		}
	}
	printf("\n");
	return 0;
}

/* Every child writes one line into one pipe (atomic below PIPE_BUF), so
 * that ~500 children need two fds, not a thousand. */
static int batch(int argc, char *argv[])
{
	static char seen[4096];
	static long result[4096][2];
	int p[2];
	struct pollfd pf;
	char buf[65536];
	size_t have = 0;

	if (pipe(p) < 0)
		return 1;
	for (int i = 2; i < argc; i++) {
		long nr = strtol(argv[i], NULL, 0);
		pid_t c = fork();

		if (c < 0)
			return 1;
		if (c == 0) {
			char line[64];
			long r;
			int n;

			close(p[0]);
			errno = 0;
			r = syscall(nr, 0L, 0L, 0L, 0L, 0L, 0L);
			n = snprintf(line, sizeof(line), "%ld %ld %d\n", nr, r,
				     r == -1 ? errno : 0);
			if (write(p[1], line, (size_t)n) < 0)
				_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	pf.fd = p[0];
	pf.events = POLLIN;
	/* Blocked calls answer at once; give the rest a second. */
	while (poll(&pf, 1, 1000) > 0) {
		ssize_t n = read(p[0], buf + have, sizeof(buf) - 1 - have);

		if (n <= 0)
			break;
		have += (size_t)n;
		if (have >= sizeof(buf) - 1)
			break;
	}
	buf[have] = '\0';
	for (char *l = buf; l && *l;) {
		char *next = strchr(l, '\n');
		long nr, r;
		int e;

		if (next)
			*next++ = '\0';
		if (sscanf(l, "%ld %ld %d", &nr, &r, &e) == 3 && nr >= 0 &&
		    nr < 4096 && !seen[nr]) {
			seen[nr] = 1; /* a forking call answers twice */
			result[nr][0] = r;
			result[nr][1] = e;
		}
		l = next;
	}
	for (int i = 2; i < argc; i++) {
		long nr = strtol(argv[i], NULL, 0);

		if (nr >= 0 && nr < 4096 && seen[nr])
			printf("%ld ret %ld %ld\n", nr, result[nr][0],
			       result[nr][1]);
		else
			printf("%ld none\n", nr);
	}
	fflush(stdout);
	/* What still runs (pause, select...) goes with the jail. */
	kill(-1, SIGKILL);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ls(const char *dir)
{
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL) {
		printf("error %d\n", errno);
		return 1;
	}
	while ((e = readdir(d)) != NULL && n < 1024)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", names[i]);
	printf("\n");
	return 0;
}

static int int80(long nr)
{
#if defined(__x86_64__) || defined(__i386__)
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr) : "memory");
	printf("ret=%ld\n", r);
	return 0;
#else
	/* The i386 ABI is x86's alone (make cross-aarch64's probe). */
	(void)nr;
	fprintf(stderr, "probe: no int 0x80 on this architecture\n");
	return 2;
#endif
}

static int readable(int argc, char *argv[])
{
	for (int i = 2; i < argc; i++) {
		char c;
		int fd = open(argv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, &c, 1);

		if (n >= 0)
			printf("%sread", i > 2 ? " " : "");
		else
			printf("%s%d", i > 2 ? " " : "", errno);
		if (fd >= 0)
			close(fd);
	}
	printf("\n");
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "ids") == 0)
		return ids();
	if (argc >= 2 && strcmp(argv[1], "fds") == 0)
		return fds();
	if (argc >= 3 && strcmp(argv[1], "sys") == 0) {
		long nr = strtol(argv[2], NULL, 0);
		unsigned long a[6] = {0, 0, 0, 0, 0, 0};
		long r;

		for (int i = 3; i < argc && i < 9; i++)
			a[i - 3] = strtoull(argv[i], NULL, 0);
		errno = 0;
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		printf("ret=%ld errno=%d\n", r, r < 0 ? errno : 0);
		return 0;
	}
	/* flood NR N: make syscall NR N times, say how they ended. */
	if (argc == 4 && strcmp(argv[1], "flood") == 0) {
		long nr = strtol(argv[2], NULL, 0),
		     n = strtol(argv[3], NULL, 0);
		long fails = 0;
		int last = 0;

		for (long i = 0; i < n; i++)
			if (syscall(nr, 0L, 0L, 0L, 0L, 0L, 0L) == -1) {
				fails++;
				last = errno;
			}
		printf("calls=%ld fails=%ld errno=%d\n", n, fails, last);
		return 0;
	}
	/* seq NR...: these syscalls one after the other, in this process. */
	if (argc >= 3 && strcmp(argv[1], "seq") == 0) {
		for (int i = 2; i < argc; i++) {
			long r;

			errno = 0;
			r = syscall(strtol(argv[i], NULL, 0), 0L, 0L, 0L, 0L,
				    0L, 0L);
			printf("%s ret=%ld errno=%d\n", argv[i], r,
			       r < 0 ? errno : 0);
		}
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "batch") == 0)
		return batch(argc, argv);
	if (argc >= 3 && strcmp(argv[1], "ls") == 0)
		return ls(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "read") == 0)
		return readable(argc, argv);
	if (argc >= 3 && strcmp(argv[1], "int80") == 0)
		return int80(strtol(argv[2], NULL, 0));
	if (argc >= 3 && strcmp(argv[1], "exit") == 0)
		return (int)strtol(argv[2], NULL, 10);
	if (argc >= 3 && strcmp(argv[1], "sig") == 0) {
		fflush(stdout);
		kill(getpid(), (int)strtol(argv[2], NULL, 10));
		return 100;
	}
	fprintf(stderr, "usage: probe ids|fds|sys NR [A0..A5]|exit N|sig N\n");
	return 2;
}
