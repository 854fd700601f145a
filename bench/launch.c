/* launch - run a command N times (fork, exec, wait) and print the median
 * and the 10th and 90th percentiles of its wall time, in ms. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char *argv[])
{
	int n;
	double *t;

	if (argc < 3) {
		fprintf(stderr, "usage: launch N COMMAND [ARG]...\n");
		return 2;
	}
	n = atoi(argv[1]);
	t = calloc((size_t)n, sizeof(*t));
	if (n <= 0 || t == NULL)
		return 2;
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		int st;
		pid_t p;

		clock_gettime(CLOCK_MONOTONIC, &a);
		p = fork();
		if (p == 0) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				(void)dup2(null, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "launch: %s failed\n", argv[2]);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 +
		       (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.3f %.3f %.3f\n", t[n / 2], t[n / 10], t[n * 9 / 10]);
	free(t);
	return 0;
}
