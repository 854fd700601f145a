/* rootfs.h - the jail's file system: root, /proc, /dev, /tmp. */
#ifndef CAPEJAIL_ROOTFS_H
#define CAPEJAIL_ROOTFS_H

#include "err.h"
#include "spec.h"

/* Open -r DIR (O_PATH) into *fd (-1 for the default root), in the jail's
 * mount namespace (a bind needs its source there). */
int rootfs_open_root(const struct jail_fs *fs, int *fd, struct cj_err *err);

/* Build the jail's mount tree in the (already new) mount namespace and make
 * it the root; root_fd is rootfs_open_root's. On return the process's / and
 * cwd are the jail's root and the host's tree is detached. */
int rootfs_enter(const struct jail_fs *fs, int root_fd, const int *src_fds,
		 struct cj_err *err);

/* Open the sources of spec's binds (O_PATH) into fds (-1 for a tmpfs),
 * while PID 1 still has the host root's identity. */
int rootfs_open_sources(const struct jail_fs *fs, int *fds, struct cj_err *err);

#endif
