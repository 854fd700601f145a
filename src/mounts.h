/* mounts.h - mounts by file descriptor, and files beneath a directory fd
 * (mounts.c says how; rootfs.c is its user). */
#ifndef CAPEJAIL_MOUNTS_H
#define CAPEJAIL_MOUNTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/types.h>
#include <linux/mount.h>

#include "err.h"

/* The flags every mount of the jail has (mount(2)'s and MOUNT_ATTR_'s). */
#define MNT_SAFE  (MS_NOSUID | MS_NODEV)
#define ATTR_SAFE (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)

/* mount(2), for the default root's own tmpfs mounts only. */
int mnt_mount(const char *src, const char *dst, const char *type,
	      unsigned long flags, const char *data, struct cj_err *err);
/* A new file system of type, detached; its fd, or -1. */
int mnt_new(const char *type, const char *const *opts, uint64_t attr,
	    const char *what, struct cj_err *err);
/* mnt (detached) given attr (0: none to add), then attached at name
 * beneath dirfd. */
int mnt_attach(int mnt, uint64_t attr, bool rec, int dirfd, const char *name,
	       const char *what, struct cj_err *err);
/* mnt_new, then mnt_attach; the mount's fd, or -1. */
int mnt_new_at(const char *type, const char *const *opts, uint64_t attr,
	       int dirfd, const char *name, const char *what,
	       struct cj_err *err);
/* Add attr to the mount that fd is the root of. */
int mnt_set_attr(int fd, uint64_t attr, const char *what, struct cj_err *err);
/* A bind of src beneath sdir at dst beneath ddir: the copy's fd, -1, or
 * -2 when src is missing and missing_ok. */
int mnt_bind(int sdir, const char *src, int ddir, const char *dst,
	     uint64_t attr, bool rec, bool missing_ok, const char *what,
	     struct cj_err *err);
/* mnt_bind, the copy's fd closed: 0 or -1. */
int mnt_bind_tree(int sdir, const char *src, int ddir, const char *dst,
		  uint64_t attr, bool rec, struct cj_err *err);
/* mount(2) on name beneath dirfd, one of our own mounts. */
int mnt_beneath(int dirfd, const char *name, const char *type,
		unsigned long flags, const char *data, struct cj_err *err);

/* a/b into out (PATH_MAX bytes). */
int path_join(char *out, const char *a, const char *b, struct cj_err *err);
/* A directory (EEXIST is fine), an empty read-only file, a symlink: each
 * at name beneath dirfd. */
int mk_dir(int dirfd, const char *name, mode_t mode, struct cj_err *err);
int mk_file(int dirfd, const char *name, struct cj_err *err);
int mk_link(const char *target, int dirfd, const char *name,
	    struct cj_err *err);

#endif
