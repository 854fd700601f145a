/* probe - a static program run inside test jails whose root holds nothing
 * else. Each subcommand prints one line a test can compare.
 *   probe ids          "uid=U gid=G groups=G1,G2"
 *   probe fds          open fds above 2, space-separated ("" for none)
 *   probe sys NR [A0 [A1 ...]]  raw syscall NR, args default 0:
 *                      "ret=R errno=E"
 *   probe exit N       exit with N
 *   probe sig N        kill itself with signal N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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
