/* rootfs.h - the jail's file system: root, /proc, /dev, /tmp. */
#ifndef CAPEJAIL_ROOTFS_H
#define CAPEJAIL_ROOTFS_H

#include "err.h"
#include "spec.h"

/* Build the jail's mount tree in the (already new) mount namespace and make
 * it the root; root_fd is sources_open_root's, and closed here (-1 for
 * the default root). On return the process's / and
 * cwd are the jail's root and the host's tree is detached. */
int rootfs_enter(const struct jail_fs *fs, int root_fd, const int *src_fds,
		 struct cj_err *err);

#endif
