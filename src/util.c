/* util.c - small helpers shared by the layers. */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

ssize_t read_kernel_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	size_t got = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	while (got + 1 < cap) {
		n = read(fd, buf + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	/* Full: there may be more; a part is not the file. */
	if (got + 1 >= cap && n > 0 && read(fd, &(char){0}, 1) != 0)
		n = -1;
	(void)close(fd);
	if (n < 0 || cap == 0)
		return -1;
	buf[got] = '\0';
	return (ssize_t)got;
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

_Noreturn void exec_helper(const char *path, char *const argv[],
			   char *const envp[], const int *fds, int nfds,
			   pid_t parent)
{
	int high[4];
	sigset_t none;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0 || nfds < 0 || nfds > 4)
		_exit(126);
	/* Out of the way first: a source may be one of the fds it is to
	 * become (a helper's fd 3 passed as its fd 4). */
	for (int i = 0; i < nfds; i++) {
		high[i] =
		    fcntl(fds[i] >= 0 ? fds[i] : null, F_DUPFD_CLOEXEC, 10);
		if (high[i] < 0)
			_exit(126);
	}
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0 || dup2(null, 0) < 0)
		_exit(126);
	for (int i = 0; i < nfds; i++)
		if (dup2(high[i], 1 + i) < 0)
			_exit(126);
	if (syscall(SYS_close_range, 1U + (unsigned)nfds, ~0U, 0U) < 0)
		_exit(126);
	if (parent > 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
			   getppid() != parent))
		_exit(126);
	(void)execve(path, argv, envp);
	_exit(127);
}

long long self_cpu_ns(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return -1;
	return ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		   1000000000LL +
	       ((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

/* The first object dl_iterate_phdr reports is the program itself. */
static int map_code_of(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t from = info->dlpi_addr + ph->p_vaddr, to;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		to = (from + ph->p_memsz + 4095) & ~(uintptr_t)4095;
		from &= ~(uintptr_t)4095;
		/* An optimisation only: a kernel without it says EINVAL. */
		(void)madvise((void *)from, to - from, MADV_POPULATE_READ);
	}
	return 1;
}

void map_own_code(void)
{
	(void)dl_iterate_phdr(map_code_of, NULL);
}
