/* syscalls - ns per call of a few syscalls, for `make bench`: run it
 * outside and inside a jail and compare. Static, so it runs in a bare
 * root. Prints "NAME NS" lines, the best of 5 rounds of N calls each. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int zero_fd, null_fd;

static void call_getppid(void)
{
	(void)syscall(SYS_getppid);
}
static void call_read(void)
{
	char c;

	if (read(zero_fd, &c, 1) != 1)
		abort();
}
static void call_ioctl(void)
{
	struct termios t;

	(void)ioctl(null_fd, TCGETS, &t); /* ENOTTY: argument-checked */
}
/* setsockopt has a rule on (level, option) pairs: the filter reads both
 * and searches its list. SO_KEEPALIVE is in the first group (SOL_SOCKET),
 * IPV6_TCLASS the last pair of the last group: the rule's best and worst
 * case. getsockopt has no rule: the kernel's action cache answers it. */
static int tcp_fd, tcp6_fd;

static void call_setsockopt_first(void)
{
	int one = 1;

	(void)setsockopt(tcp_fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
}
static void call_setsockopt_last(void)
{
	int tc = 0;

	(void)setsockopt(tcp6_fd, IPPROTO_IPV6, IPV6_TCLASS, &tc, sizeof(tc));
}
static void call_getsockopt(void)
{
	int v;
	socklen_t l = sizeof(v);

	(void)getsockopt(tcp_fd, SOL_SOCKET, SO_KEEPALIVE, &v, &l);
}
/* Blocked with EPERM in the jail, two ways: capget is "quiet" in
 * SYSCALLS.md (the filter answers it in the kernel), fchmod with S_ISUID
 * breaks its argument rule and is answered by capejail's supervisor. Both
 * are harmless outside (EFAULT, EBADF). */
static void call_blocked_quiet(void)
{
	(void)syscall(SYS_capget, NULL, NULL);
}
static void call_blocked_supervisor(void)
{
	(void)syscall(SYS_fchmod, -1, 04755);
}

static void measure(const char *name, void (*f)(void), long n)
{
	double best = 1e18;

	for (int round = 0; round < 5; round++) {
		double t0 = now();

		for (long i = 0; i < n; i++)
			f();
		if ((now() - t0) / (double)n < best)
			best = (now() - t0) / (double)n;
	}
	printf("%s %.1f\n", name, best);
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;

	zero_fd = open("/dev/zero", O_RDONLY);
	null_fd = open("/dev/null", O_RDONLY);
	tcp_fd = socket(AF_INET, SOCK_STREAM, 0);
	tcp6_fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (zero_fd < 0 || null_fd < 0 || tcp_fd < 0 || tcp6_fd < 0) {
		perror("open /dev/zero, /dev/null or a socket");
		return 1;
	}
	measure("getppid", call_getppid, n);
	measure("read_1_byte", call_read, n);
	measure("ioctl_checked", call_ioctl, n);
	measure("getsockopt_norule", call_getsockopt, n);
	measure("setsockopt_pair_first", call_setsockopt_first, n);
	measure("setsockopt_pair_last", call_setsockopt_last, n);
	measure("blocked_quiet", call_blocked_quiet, n);
	measure("blocked_supervisor", call_blocked_supervisor,
		n / 20 > 0 ? n / 20 : 1);
	return 0;
}
