/* sources.h - the host paths a jail is given: -r DIR and the binds'
 * sources (-w, --bind, --ro-bind, --ro-bind-try). capejail resolves them
 * before the clone, where the owners of the symlinks on the way can be
 * seen, following only root's and its own (hostpath.h); the jail's init,
 * which must open them in its own mount namespace (a bind needs its source
 * there), opens the path capejail found with no symlink allowed, and only
 * if it is still the same file. */
#ifndef CAPEJAIL_SOURCES_H
#define CAPEJAIL_SOURCES_H

#include <sys/types.h>

#include "err.h"
#include "spec.h"

struct jail_sources {
	char *path[CJ_MAX_MOUNTS + 1]; /* [CJ_MAX_MOUNTS]: -r DIR; NULL: none
					  (no -r, a tmpfs, a -try source
					  that is missing) */
	dev_t dev[CJ_MAX_MOUNTS + 1];
	ino_t ino[CJ_MAX_MOUNTS + 1];
};

/* In capejail, before the clone: check -r DIR and every source into v. */
int sources_vet(const struct jail_fs *fs, struct jail_sources *v,
		struct cj_err *err);
void sources_free(struct jail_sources *v);

/* In init, while it still has the host root's identity (rootless: the
 * caller's): -r DIR (O_PATH) into *fd, -1 for the default root. */
int sources_open_root(const struct jail_fs *fs, const struct jail_sources *v,
		      int *fd, struct cj_err *err);

/* The same, for the binds' sources: fds[i] for fs->mounts[i], -1 for a
 * tmpfs or a missing -try source. */
int sources_open_binds(const struct jail_fs *fs, const struct jail_sources *v,
		       int *fds, struct cj_err *err);

#endif
