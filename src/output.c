/* output.c - --report and --learn-out, written where the jail cannot
 * interfere (output.h). */
#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostpath.h"

#include "banned.h"

/* What is at the name: nothing, or a regular file. Anything else (a
 * symlink, a FIFO that would block an open, a socket, a device, a
 * directory) was not made by an earlier report: the run is refused rather
 * than the thing replaced, as the caller may have meant it (a FIFO a
 * reader waits on, /dev/stdout, which is a symlink). One line that says
 * what is there and what capejail writes to. */
static int check_name(const struct cj_output *o, struct cj_err *err)
{
	struct stat st;

	if (fstatat(o->dirfd, o->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s", o->opt,
				     o->path);
	}
	if (S_ISREG(st.st_mode))
		return 0;
	return cj_fail(err, CJ_EXIT_SETUP,
		       "%s %s: a %s; capejail writes %s only to regular files",
		       o->opt, o->path,
		       S_ISLNK(st.st_mode)    ? "symbolic link"
		       : S_ISFIFO(st.st_mode) ? "FIFO"
		       : S_ISSOCK(st.st_mode) ? "socket"
		       : S_ISDIR(st.st_mode)  ? "directory"
					      : "device",
		       strcmp(o->opt, "--report") == 0 ? "reports"
						       : "learnt policies");
}

/* A name of our own beside FILE: ".capejail-" and 12 random letters. */
static int new_tmp_name(struct cj_output *o)
{
	static const char az[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[12];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return -1;
	memcpy(o->tmp, ".capejail-", 10);
	for (size_t i = 0; i < sizeof(r); i++)
		o->tmp[10 + i] = az[r[i] % (sizeof(az) - 1)];
	o->tmp[10 + sizeof(r)] = '\0';
	return 0;
}

/* Can a file be made in the directory? An unnamed one (O_TMPFILE) says so
 * without leaving anything; file systems without it get a named one,
 * removed at once. */
static int check_writable(struct cj_output *o, struct cj_err *err)
{
	int fd = openat(o->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);

	if (fd >= 0) {
		(void)close(fd);
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s", o->opt,
				     o->path);
	fd = output_begin(o, err);
	if (fd < 0)
		return -1;
	(void)close(fd);
	(void)unlinkat(o->dirfd, o->tmp, 0);
	return 0;
}

int output_open(struct cj_output *o, const char *opt, const char *path,
		struct cj_err *err)
{
	o->opt = opt;
	o->path = path;
	o->dirfd = -1;
	o->tmp[0] = '\0';
	if (path == NULL)
		return 0;
	o->dirfd = hostpath_open_parent(opt, path, o->name, err);
	if (o->dirfd < 0)
		return -1;
	if (check_name(o, err) < 0 || check_writable(o, err) < 0) {
		output_release(o);
		return -1;
	}
	return 0;
}

int output_begin(struct cj_output *o, struct cj_err *err)
{
	for (int tries = 0; tries < 8; tries++) {
		int fd;

		if (new_tmp_name(o) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "%s: getrandom", o->opt);
		fd = openat(
		    o->dirfd, o->tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s",
					     o->opt, o->path);
	}
	return cj_fail_errno(err, CJ_EXIT_SETUP, EEXIST, "%s %s", o->opt,
			     o->path);
}

int output_end(struct cj_output *o, int fd, int rc, struct cj_err *err)
{
	if (close(fd) < 0 && rc == 0)
		rc = cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s", o->opt,
				   o->path);
	/* rename(2) replaces the name, whatever it is now: a link there is
	 * not followed, a FIFO not opened. A directory there is an error. */
	if (rc == 0 && renameat(o->dirfd, o->tmp, o->dirfd, o->name) < 0)
		rc = cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s", o->opt,
				   o->path);
	if (rc < 0)
		(void)unlinkat(o->dirfd, o->tmp, 0);
	output_release(o);
	return rc;
}

void output_release(struct cj_output *o)
{
	if (o->dirfd >= 0)
		(void)close(o->dirfd);
	o->dirfd = -1;
}
