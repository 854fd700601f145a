/* util.c - small helpers shared by the layers. */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "banned.h"

int read_small_file(const char *path, size_t max, char **buf, size_t *len,
		    struct cj_err *err)
{
	struct stat st;
	char *b = NULL;
	size_t got = 0, cap;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
	if (fstat(fd, &st) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		cj_fail(err, CJ_EXIT_SETUP, "%s: not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		cj_fail(err, CJ_EXIT_SETUP, "%s: larger than %zu bytes", path,
			max);
		goto fail;
	}
	/* /proc files say size 0: read those until EOF. */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 16384;
	b = malloc(cap);
	if (b == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory", path);
		goto fail;
	}
	for (;;) {
		ssize_t n;

		if (got + 1 >= cap) {
			char *nb = realloc(b, cap * 2);

			if (nb == NULL) {
				cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory",
					path);
				goto fail;
			}
			b = nb;
			cap *= 2;
		}
		n = read(fd, b + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", path);
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max) {
			cj_fail(err, CJ_EXIT_SETUP, "%s: larger than %zu bytes",
				path, max);
			goto fail;
		}
	}
	b[got] = '\0';
	(void)close(fd);
	*buf = b;
	*len = got;
	return 0;
fail:
	free(b);
	(void)close(fd);
	return -1;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

int write_all_within(int fd, const void *buf, size_t len, unsigned ms)
{
	/* The timer fires after ms, then every 50 ms until it is disarmed,
	 * so that a write that blocks after the first tick returns too. */
	struct itimerval t = {
	    {0, 50000}, {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000}};
	struct itimerval off;
	struct sigaction sa, old;
	const char *p = buf;
	int rc = 0;

	memset(&off, 0, sizeof(off));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: a blocked write returns */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &old) < 0)
		return -1;
	timed_out = 0;
	if (setitimer(ITIMER_REAL, &t, NULL) < 0) {
		(void)sigaction(SIGALRM, &old, NULL);
		return -1;
	}
	while (len > 0 && !timed_out) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	(void)setitimer(ITIMER_REAL, &off, NULL);
	(void)sigaction(SIGALRM, &old, NULL);
	if (rc == 0 && len > 0) {
		errno = ETIMEDOUT;
		rc = -1;
	}
	return rc;
}

DIR *dir_of_fd(int dirfd)
{
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);
		return NULL;
	}
	rewinddir(d); /* the offset is shared with dirfd, maybe read before */
	return d;
}

bool parse_decimal(const char *s, size_t len, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}
