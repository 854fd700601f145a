/* syscalls - ns per call of a few syscalls, for `make bench`: run it
 * outside and inside a jail and compare. Static, so it runs in a bare
 * root. Prints "NAME NS" lines, the best of 5 rounds of N calls each. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
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
static void call_blocked(void)
{
	/* EPERM in the jail, answered by capejail's supervisor (chmod is not
	 * quiet); outside, EFAULT from the NULL path: nothing changes. */
	(void)syscall(SYS_chmod, (const char *)0, 0);
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
	if (zero_fd < 0 || null_fd < 0) {
		perror("open /dev/zero or /dev/null");
		return 1;
	}
	measure("getppid", call_getppid, n);
	measure("read_1_byte", call_read, n);
	measure("ioctl_checked", call_ioctl, n);
	measure("blocked_eperm", call_blocked, n);
	return 0;
}
