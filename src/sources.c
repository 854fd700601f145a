/* sources.c - the host paths a jail is given (-r DIR, the binds'
 * sources), from capejail's check to init's open (sources.h). */
#define _GNU_SOURCE
#include "sources.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostpath.h"
#include "kinds.h"

#include "banned.h"

/* One host path for the jail (-r DIR, a bind's source), checked here, in
 * capejail, before the clone, where the owners of the symlinks on the way
 * can be seen (in init, before its ids are mapped, every file shows as
 * nobody's). What init opens later must be the same file. */
static int vet(const char *opt, const char *path, bool missing_ok,
	       struct jail_sources *v, size_t i, struct cj_err *err)
{
	/* -r DIR is a directory; a source may be a file. */
	struct open_how how = {O_PATH | O_CLOEXEC |
				   (i == CJ_MAX_MOUNTS ? O_DIRECTORY : 0),
			       0, RESOLVE_NO_SYMLINKS};
	char link[64], canon[PATH_MAX];
	struct stat st;
	ssize_t n = 0;
	int fd, e = 0;

	v->path[i] = NULL;
	/* Mostly, no symlink on the way: init opens the same path so. */
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd >= 0) {
		n = -1; /* path is what init opens */
	} else if (errno != ELOOP) {
		e = errno;
		if (missing_ok && e == ENOENT)
			return 0;
		return cj_fail_errno(err, CJ_EXIT_SETUP, e, "%s %s", opt, path);
	} else {
		/* err says why, errno keeps the cause. */
		fd = hostpath_open(opt, path, err);
		if (fd < 0)
			return missing_ok && errno == ENOENT ? 0 : -1;
	}
	if (fstat(fd, &st) < 0)
		e = errno;
	else if ((how.flags & O_DIRECTORY) && !S_ISDIR(st.st_mode))
		e = ENOTDIR; /* reached through a symlink */
	if (e != 0) {
		(void)close(fd);
		return cj_fail_errno(err, CJ_EXIT_SETUP, e, "%s %s", opt, path);
	}
	/* Through symlinks of root's or ours: the place they led to, which
	 * has none, for init. */
	if (n == 0) {
		(void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, canon, sizeof(canon) - 1);
		if (n < 0 || canon[0] != '/') {
			(void)close(fd);
			return cj_fail_errno(err, CJ_EXIT_SETUP,
					     n < 0 ? errno : ENOENT, "%s %s",
					     opt, path);
		}
		canon[n] = '\0';
	}
	(void)close(fd);
	v->path[i] = strdup(n > 0 ? canon : path);
	if (v->path[i] == NULL)
		return cj_fail_errno(err, CJ_EXIT_SETUP, ENOMEM, "%s %s", opt,
				     path);
	v->dev[i] = st.st_dev;
	v->ino[i] = st.st_ino;
	return 0;
}

int sources_vet(const struct jail_fs *fs, struct jail_sources *v,
		struct cj_err *err)
{
	memset(v, 0, sizeof(*v));
	if (fs->root != NULL &&
	    vet("--root", fs->root, false, v, CJ_MAX_MOUNTS, err) < 0)
		return -1;
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct jail_mount *m = &fs->mounts[i];

		if ((mount_flags(m) & CJ_MNT_SOURCE) &&
		    vet(mount_kind(m->kind)->option, m->src,
			(mount_flags(m) & CJ_MNT_TRY) != 0, v, i, err) < 0) {
			sources_free(v);
			return -1;
		}
	}
	return 0;
}

void sources_free(struct jail_sources *v)
{
	for (size_t i = 0; i <= CJ_MAX_MOUNTS; i++) {
		free(v->path[i]);
		v->path[i] = NULL;
	}
}

/* In init: what vet checked, opened (O_PATH) with no symlink followed,
 * and the same file, or an error: a path changed in between is refused. */
static int open_vetted(const char *opt, const struct jail_sources *v, size_t i,
		       int *fd, struct cj_err *err)
{
	struct open_how how = {O_PATH | O_CLOEXEC |
				   (i == CJ_MAX_MOUNTS ? O_DIRECTORY : 0),
			       0, RESOLVE_NO_SYMLINKS};
	struct stat st;

	*fd =
	    (int)syscall(SYS_openat2, AT_FDCWD, v->path[i], &how, sizeof(how));
	if (*fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s", opt,
				     v->path[i]);
	if (fstat(*fd, &st) < 0 || st.st_dev != v->dev[i] ||
	    st.st_ino != v->ino[i]) {
		(void)close(*fd);
		*fd = -1;
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s %s: changed while capejail opened it", opt,
			       v->path[i]);
	}
	return 0;
}

int sources_open_root(const struct jail_fs *fs, const struct jail_sources *v,
		      int *fd, struct cj_err *err)
{
	*fd = -1;
	if (fs->root == NULL)
		return 0;
	return open_vetted("--root", v, CJ_MAX_MOUNTS, fd, err);
}

int sources_open_binds(const struct jail_fs *fs, const struct jail_sources *v,
		       int *fds, struct cj_err *err)
{
	for (size_t i = 0; i < fs->n_mounts; i++)
		fds[i] = -1;
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct jail_mount *m = &fs->mounts[i];

		/* A tmpfs, or a missing source of a -try kind: no fd. */
		if (!(mount_flags(m) & CJ_MNT_SOURCE) || v->path[i] == NULL)
			continue;
		if (open_vetted(mount_kind(m->kind)->option, v, i, &fds[i],
				err) < 0)
			return -1;
	}
	return 0;
}
