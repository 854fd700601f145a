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

/* --- what this build made ------------------------------------------------ */

static size_t made_slot(const ino_t *v, size_t cap, ino_t ino)
{
	size_t i = (size_t)(ino * 0x9e3779b97f4a7c15ULL) & (cap - 1);

	while (v[i] != 0 && v[i] != ino)
		i = (i + 1) & (cap - 1);
	return i;
}

int mk_made_add(struct mk *mk, ino_t ino)
{
	size_t i;

	if (ino == 0)
		return 0;
	if (2 * (mk->n_made + 1) > mk->cap_made) {
		size_t cap = mk->cap_made ? 2 * mk->cap_made : 1024;
		ino_t *nv = calloc(cap, sizeof(*nv));

		if (nv == NULL)
			return mk_oom(mk);
		for (size_t k = 0; k < mk->cap_made; k++)
			if (mk->made[k] != 0)
				nv[made_slot(nv, cap, mk->made[k])] =
				    mk->made[k];
		free(mk->made);
		mk->made = nv;
		mk->cap_made = cap;
	}
	i = made_slot(mk->made, mk->cap_made, ino);
	if (mk->made[i] == 0) {
		mk->made[i] = ino;
		mk->n_made++;
	}
	return 0;
}

bool mk_made_here(const struct mk *mk, const struct stat *st)
{
	if (mk->adopt)
		return true;
	return st->st_dev == mk->root_dev && st->st_ino != 0 &&
	       mk->cap_made > 0 &&
	       mk->made[made_slot(mk->made, mk->cap_made, st->st_ino)] ==
		   st->st_ino;
}

int mk_refuse(struct mk *mk, const char *path)
{
	return cj_fail(mk->err, CJ_EXIT_SETUP,
		       "%s: already in DIR, and not made by this build (was "
		       "DIR written while it was built?)",
		       path);
}

/* fd closed after a failure of fstat (errno) or of mk_made_add (err set). */
static int close_fail(struct mk *mk, int fd, const char *path)
{
	int e = errno;

	(void)close(fd);
	if (mk->err->msg[0] != '\0')
		return -1;
	return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e, "%s", path);
}

int mk_dir_mode(struct mk *mk, int fd, const char *path, mode_t mode)
{
	struct mk_later *l;

	if (fchmod(fd, mode & ~(mode_t)022) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "chmod %s",
				     path);
	if ((mode & 022) == 0)
		return 0;
	if (mk->n_later == mk->cap_later) {
		size_t cap = mk->cap_later ? 2 * mk->cap_later : 16;

		l = realloc(mk->later, cap * sizeof(*l));
		if (l == NULL)
			return mk_oom(mk);
		mk->later = l;
		mk->cap_later = cap;
	}
	l = &mk->later[mk->n_later];
	l->path = strdup(path);
	if (l->path == NULL)
		return mk_oom(mk);
	l->mode = mode;
	mk->n_later++;
	return 0;
}

int mk_finish(struct mk *mk)
{
	for (size_t i = 0; i < mk->n_later; i++) {
		const struct mk_later *l = &mk->later[i];
		const char *rel = l->path[1] != '\0' ? l->path + 1 : ".";
		struct stat st;
		int fd = mk_open_below(mk->root, rel, O_RDONLY | O_DIRECTORY);

		if (fd < 0)
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					     "%s", l->path);
		if (fstat(fd, &st) < 0 || !mk_made_here(mk, &st)) {
			(void)close(fd);
			return mk_refuse(mk, l->path);
		}
		if (fchmod(fd, l->mode) < 0) {
			int e = errno;

			(void)close(fd);
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e,
					     "chmod %s", l->path);
		}
		(void)close(fd);
	}
	return 0;
}

int mk_subdir(struct mk *mk, int dirfd, const char *name, const char *path,
	      mode_t mode, bool *made)
{
	struct stat st;
	bool new = mkdirat(dirfd, name, 0700) == 0;
	int fd;

	if (!new &&errno != EEXIST)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "mkdir %s",
				     path);
	fd = mk_open_below(dirfd, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
				     "%s in the root", path);
	if (fstat(fd, &st) < 0) {
		int e = errno;

		(void)close(fd);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e, "%s", path);
	}
	if (new ? mk_made_add(mk, st.st_ino) < 0 ||
		      mk_dir_mode(mk, fd, path, mode) < 0
		: !mk_made_here(mk, &st) && mk_refuse(mk, path) < 0) {
		(void)close(fd);
		return -1;
	}
	if (made != NULL)
		*made = new;
	return fd;
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
	for (;;) {
		const char *s;
		char name[NAME_MAX + 1];
		size_t n = mkroot_next_name(&p, &s);
		int next;

		if (n == 0)
			break;
		if (n > NAME_MAX) {
			(void)close(fd);
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s: name too long", path);
		}
		memcpy(name, s, n);
		name[n] = '\0';
		(void)snprintf(sub, sizeof(sub), "%.*s", (int)(p - path), path);
		next = mk_subdir(mk, fd, name, sub, host_dir_mode(sub), NULL);
		if (next < 0) {
			(void)close(fd);
			return -1;
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

/* Record the entry just made at name in dirfd (path in DIR). */
int mk_link_made(struct mk *mk, int dirfd, const char *name, const char *path)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", path);
	return mk_made_add(mk, st.st_ino);
}

/* Whether the entry at name in dirfd is one this build made. */
bool mk_exists_made(const struct mk *mk, int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       mk_made_here(mk, &st);
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
	if (symlinkat(target, dfd, name) == 0) {
		rc = mk_link_made(mk, dfd, name, path);
	} else if (errno != EEXIST) {
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "symlink %s",
				   path);
	} else if (!mk_exists_made(mk, dfd, name)) {
		rc = mk_refuse(mk, path);
	} else if (!keep) {
		n = readlinkat(dfd, name, old, sizeof(old) - 1);
		if (n < 0 || (size_t)n != strlen(target) ||
		    memcmp(old, target, (size_t)n) != 0)
			rc = cj_fail(mk->err, CJ_EXIT_SETUP,
				     "%s: already in the root as something "
				     "else than a symlink to %s",
				     path, target);
	}
	(void)close(dfd);
	return rc;
}

/* The bytes of data (not holes) of fd in [0, size): all of it where the
 * file system cannot say. */
static unsigned long long data_bytes(int fd, off_t size)
{
	unsigned long long sum = 0;
	off_t pos = 0;

	while (pos < size) {
		off_t d = lseek(fd, pos, SEEK_DATA), h;

		if (d < 0 && errno == ENXIO)
			break; /* only a hole is left */
		if (d < 0)
			return sum + (unsigned long long)(size - pos);
		if (d >= size)
			break;
		h = lseek(fd, d, SEEK_HOLE);
		if (h < 0 || h > size)
			h = size;
		sum += (unsigned long long)(h - d);
		pos = h;
	}
	return sum;
}

/* Copy len bytes at off of src to the same place of dst. 0, or -1 with
 * errno. A file that shrank meanwhile ends the copy early. */
static int copy_range(int src, int dst, off_t off, off_t len, bool *plain)
{
	off_t end = off + len;

	while (off < end) {
		off_t out = off;
		ssize_t n;

		if (!*plain) {
			n = copy_file_range(src, &off, dst, &out,
					    (size_t)(end - off), 0);
			if (n < 0 && (errno == EXDEV || errno == EINVAL ||
				      errno == ENOSYS || errno == EOPNOTSUPP)) {
				*plain = true;
				continue;
			}
		} else {
			char buf[65536];
			size_t want = (size_t)(end - off) < sizeof(buf)
					  ? (size_t)(end - off)
					  : sizeof(buf);

			n = pread(src, buf, want, off);
			for (ssize_t w = 0; n > 0 && w < n;) {
				ssize_t k = pwrite(dst, buf + w,
						   (size_t)(n - w), off + w);

				if (k < 0 && errno != EINTR)
					return -1;
				w += k > 0 ? k : 0;
			}
			if (n > 0)
				off += n;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break; /* the file shrank meanwhile */
	}
	return 0;
}

/* The data of src (size bytes) into dst, holes left as holes, at most
 * budget bytes (what was measured: a file that grows meanwhile is not
 * copied further). */
static int copy_data(int src, int dst, off_t size, unsigned long long budget)
{
	bool plain = false;
	off_t pos = 0;

	while (pos < size && budget > 0) {
		off_t d = lseek(src, pos, SEEK_DATA), h = size;

		if (d < 0 && errno == ENXIO)
			break;
		if (d < 0)
			d = pos;
		else if (d >= size)
			break;
		else if ((h = lseek(src, d, SEEK_HOLE)) < 0 || h > size)
			h = size;
		if ((unsigned long long)(h - d) > budget)
			h = d + (off_t)budget;
		if (copy_range(src, dst, d, h - d, &plain) < 0)
			return -1;
		budget -= (unsigned long long)(h - d);
		pos = h;
	}
	return ftruncate(dst, size);
}

int mk_copy_into(struct mk *mk, int dirfd, const char *name, int src,
		 const struct stat *st, const char *path)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};
	struct stat have;
	unsigned long long data;
	int dst;

	if (fstatat(dirfd, name, &have, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!mk_made_here(mk, &have))
			return mk_refuse(mk, path);
		if (S_ISREG(have.st_mode))
			return 0; /* copied before: the same path twice */
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: already in the root as something else",
			       path);
	}
	data = data_bytes(src, st->st_size);
	if (data > MK_FILE_MAX)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: %llu MiB of data, more than --mkroot "
			       "copies of one file (%llu MiB)",
			       path, data >> 20, MK_FILE_MAX >> 20);
	if (mk->copied + data > MK_TOTAL_MAX)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: more than --mkroot copies in all "
			       "(%llu MiB of data)",
			       path, MK_TOTAL_MAX >> 20);
	dst =
	    openat(dirfd, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dst < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "create %s",
				     path);
	if (fstat(dst, &have) < 0 || mk_made_add(mk, have.st_ino) < 0)
		return close_fail(mk, dst, path);
	if (copy_data(src, dst, st->st_size, data) < 0 ||
	    fchmod(dst, st->st_mode & 0777) < 0 || futimens(dst, times) < 0) {
		int e = errno;

		(void)close(dst);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, e, "copy %s",
				     path);
	}
	mk->copied += data;
	if (close(dst) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "write %s",
				     path);
	return 0;
}

/* A directory in DIR with exactly this mode. */
int mk_put_dir(struct mk *mk, const char *name, mode_t mode)
{
	char path[NAME_MAX + 2];
	bool made = false;
	int fd, rc = 0;

	(void)snprintf(path, sizeof(path), "/%s", name);
	fd = mk_subdir(mk, mk->root, name, path, mode, &made);
	if (fd < 0)
		return -1;
	if (!made)
		rc = mk_dir_mode(mk, fd, path, mode);
	(void)close(fd);
	return rc;
}

/* Write text to the new or emptied regular file fd (path). */
static int write_text(struct mk *mk, int fd, const char *path, const char *text)
{
	int rc = 0;

	if (fchmod(fd, 0644) < 0 || write_all(fd, text, strlen(text)) < 0)
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "write %s",
				   path);
	if (close(fd) < 0 && rc == 0)
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "write %s",
				   path);
	return rc;
}

/* A small file of ours, unless one is there already (--mkroot-add'ed);
 * with replace, over what is there (but never through a symlink). What is
 * there must be this build's (or adopted). */
int mk_put_text(struct mk *mk, const char *path, const char *text, bool replace)
{
	const char *name = "";
	int dfd = mk_parent_at(mk, path, &name), fd, rc = 0;
	struct stat st;

	if (dfd < 0)
		return -1;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!mk_made_here(mk, &st))
			rc = mk_refuse(mk, path);
		else if (!S_ISREG(st.st_mode))
			rc = cj_fail(mk->err, CJ_EXIT_SETUP,
				     "%s: not a regular file", path);
		else if (replace &&
			 (fd = openat(dfd, name,
				      O_WRONLY | O_TRUNC | O_NOFOLLOW |
					  O_NONBLOCK | O_CLOEXEC)) < 0)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "open %s", path);
		else if (replace)
			rc = write_text(mk, fd, path, text);
	} else {
		fd = openat(
		    dfd, name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					   "create %s", path);
		else if (fstat(fd, &st) < 0 || mk_made_add(mk, st.st_ino) < 0)
			rc = close_fail(mk, fd, path);
		else
			rc = write_text(mk, fd, path, text);
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
	struct dirent *e;
	DIR *d = dir_of_fd(dirfd);

	if (d == NULL)
		return;
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

void mk_count(int dirfd, int depth, unsigned long long *files,
	      unsigned long long *bytes, unsigned long long *disk)
{
	struct dirent *e;
	DIR *d = dir_of_fd(dirfd);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISREG(st.st_mode)) {
			(*files)++;
			*bytes += (unsigned long long)st.st_size;
			*disk += (unsigned long long)st.st_blocks * 512;
		} else if (S_ISDIR(st.st_mode) && depth < MAX_TREE_DEPTH + 8) {
			sub = openat(dirfd, e->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);
			if (sub >= 0) {
				mk_count(sub, depth + 1, files, bytes, disk);
				(void)close(sub);
			}
		}
	}
	(void)closedir(d);
}
