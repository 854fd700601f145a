/* mkroot_fs.c - the dir-fd writer of --mkroot: every directory, file and
 * symlink of DIR made relative to DIR's fd, with openat2 (RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), O_EXCL and O_NOFOLLOW, so no symlink, including the
 * ones made here, leads a write out of DIR. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

int mk_oom(struct mk *mk)
{
	return cj_fail(mk->err, CJ_EXIT_SETUP, "out of memory");
}

/* openat2 below dirfd: never through a symlink, never out of it. */
int mk_open_below(int dirfd, const char *name, int flags)
{
	struct open_how how = {(uint64_t)flags | O_CLOEXEC, 0,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
				   RESOLVE_NO_MAGICLINKS};

	return (int)syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
}

/* The mode a directory made at path gets: the host's directory's, less
 * setuid and setgid; 0755 where the host has none. */
static mode_t host_dir_mode(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return st.st_mode & 01777;
	return 0755;
}

/* An fd of DIR's directory at path (clean, absolute, as on the host), the
 * missing components made with the host's modes. */
int mk_dir_at(struct mk *mk, const char *path)
{
	char sub[PATH_MAX];
	const char *p = path;
	int fd = fcntl(mk->root, F_DUPFD_CLOEXEC, 0);

	if (fd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "dup");
	while (*p != '\0') {
		const char *s;
		char name[NAME_MAX + 1];
		size_t n;
		int next;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n > NAME_MAX) {
			(void)close(fd);
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s: name too long", path);
		}
		memcpy(name, s, n);
		name[n] = '\0';
		next = mk_open_below(fd, name, O_RDONLY | O_DIRECTORY);
		if (next < 0 && errno == ENOENT) {
			(void)snprintf(sub, sizeof(sub), "%.*s",
				       (int)(p - path), path);
			if (mkdirat(fd, name, 0700) < 0 && errno != EEXIST) {
				int e = errno;

				(void)close(fd);
				return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e,
						     "mkdir %s", sub);
			}
			next = mk_open_below(fd, name, O_RDONLY | O_DIRECTORY);
			if (next >= 0 && fchmod(next, host_dir_mode(sub)) < 0) {
				int e = errno;

				(void)close(next);
				(void)close(fd);
				return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e,
						     "chmod %s", sub);
			}
		}
		if (next < 0) {
			int e = errno;

			(void)close(fd);
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e,
					     "%.*s in the root",
					     (int)(p - path), path);
		}
		(void)close(fd);
		fd = next;
	}
	return fd;
}

/* path's parent directory in DIR, and path's last name. */
int mk_parent_at(struct mk *mk, const char *path, const char **name)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash[1] == '\0')
		return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: not a file name",
			       path);
	(void)snprintf(dir, sizeof(dir), "%.*s",
		       slash == path ? 1 : (int)(slash - path), path);
	*name = slash + 1;
	return mk_dir_at(mk, dir);
}

/* The symlink path -> target in DIR. An existing one with the same target
 * is fine; with keep, anything already there is left alone. */
int mk_put_symlink(struct mk *mk, const char *path, const char *target,
		   bool keep)
{
	const char *name = "";
	char old[PATH_MAX];
	int dfd = mk_parent_at(mk, path, &name), rc = 0;
	ssize_t n;

	if (dfd < 0)
		return -1;
	if (symlinkat(target, dfd, name) < 0) {
		if (errno != EEXIST) {
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "symlink %s", path);
		} else if (!keep) {
			n = readlinkat(dfd, name, old, sizeof(old) - 1);
			if (n < 0 || (size_t)n != strlen(target) ||
			    memcmp(old, target, (size_t)n) != 0)
				rc = cj_fail(
				    mk->err, CJ_EXIT_SETUP,
				    "%s: already in the root as "
				    "something else than a symlink to %s",
				    path, target);
		}
	}
	(void)close(dfd);
	return rc;
}

/* Copy the regular file src (st) to name in dirfd. A file already there is
 * taken as this one, copied before (the same path asked twice). */
int mk_copy_into(struct mk *mk, int dirfd, const char *name, int src,
		 const struct stat *st, const char *path)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};
	struct stat have;
	off_t off = 0;
	bool plain = false;
	int dst;

	dst =
	    openat(dirfd, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dst < 0 && errno == EEXIST) {
		if (fstatat(dirfd, name, &have, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(have.st_mode))
			return 0;
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: already in the root as something else",
			       path);
	}
	if (dst < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "create %s",
				     path);
	while (off < st->st_size) {
		ssize_t n;

		if (!plain) {
			n = copy_file_range(src, &off, dst, NULL,
					    (size_t)(st->st_size - off), 0);
			if (n < 0 && off == 0 &&
			    (errno == EXDEV || errno == EINVAL ||
			     errno == ENOSYS || errno == EOPNOTSUPP)) {
				plain = true;
				continue;
			}
		} else {
			char buf[65536];

			n = pread(src, buf, sizeof(buf), off);
			if (n > 0 && write_all(dst, buf, (size_t)n) < 0)
				n = -1;
			if (n > 0)
				off += n;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			(void)close(dst);
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e,
					     "copy %s", path);
		}
		if (n == 0)
			break; /* the file shrank meanwhile */
	}
	if (fchmod(dst, st->st_mode & 0777) < 0 || futimens(dst, times) < 0) {
		int e = errno;

		(void)close(dst);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e, "%s", path);
	}
	if (close(dst) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "write %s",
				     path);
	return 0;
}

/* A directory in DIR with exactly this mode. */
int mk_put_dir(struct mk *mk, const char *name, mode_t mode)
{
	int fd;

	if (mkdirat(mk->root, name, 0700) < 0 && errno != EEXIST)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "mkdir /%s",
				     name);
	fd = mk_open_below(mk->root, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "/%s",
				     name);
	if (fchmod(fd, mode) < 0) {
		int e = errno;

		(void)close(fd);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e, "chmod /%s",
				     name);
	}
	(void)close(fd);
	return 0;
}

/* A small file of ours, unless one is there already (--mkroot-add'ed);
 * with replace, over what is there (but never through a symlink). */
int mk_put_text(struct mk *mk, const char *path, const char *text, bool replace)
{
	const char *name = "";
	int dfd = mk_parent_at(mk, path, &name), fd, rc = 0;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, name,
		    O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
			(replace ? O_TRUNC : O_EXCL),
		    0644);
	if (fd < 0) {
		if (errno != EEXIST)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "create %s", path);
	} else {
		if (fchmod(fd, 0644) < 0 ||
		    write_all(fd, text, strlen(text)) < 0)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "write %s", path);
		if (close(fd) < 0 && rc == 0)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "write %s", path);
	}
	(void)close(dfd);
	return rc;
}

/* The mount points -r uses. */
int mk_mount_points(struct mk *mk)
{
	return mk_put_dir(mk, "proc", 0555) < 0 ||
		       mk_put_dir(mk, "dev", 0755) < 0 ||
		       mk_put_dir(mk, "tmp", 01777) < 0
		   ? -1
		   : 0;
}

/* Remove everything below dirfd, never following a symlink. Best effort:
 * it runs after an error, which is what is reported. */
void mk_remove_below(int dirfd, int depth)
{
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	struct dirent *e;
	DIR *d;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);
		return;
	}
	rewinddir(d); /* the offset is shared with dirfd, read before */
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < MAX_TREE_DEPTH + 8) {
			sub = openat(dirfd, e->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);
			if (sub >= 0) {
				mk_remove_below(sub, depth + 1);
				(void)close(sub);
			}
			(void)unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			(void)unlinkat(dirfd, e->d_name, 0);
		}
	}
	(void)closedir(d);
}
