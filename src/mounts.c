/* mounts.c - mounts by file descriptor: new file systems and binds made
 * detached, given their flags, then attached beneath a directory fd with
 * no symlink followed; and the few files the jail's tree needs made
 * beneath a directory fd. rootfs.c builds the jail's tree with these. */
#define _GNU_SOURCE
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "banned.h"

/* mount(2), for the default root's own tmpfs mounts and the staging
 * mount point (rootfs.c). */
int mnt_mount(const char *src, const char *dst, const char *type,
	      unsigned long flags, const char *data, struct cj_err *err)
{
	if (mount(src, dst, type, flags, data) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount %s on %s",
				     src    ? src
				     : type ? type
					    : "(remount)",
				     dst);
	return 0;
}

/* A new file system of type, with opts (NULL-terminated key, value
 * pairs) and attr (MOUNT_ATTR_*) on its mount: not attached anywhere yet
 * (fsopen, fsconfig, fsmount). The fd is the mount's root; what is where
 * it goes, for the error. */
int mnt_new(const char *type, const char *const *opts, uint64_t attr,
	    const char *what, struct cj_err *err)
{
	int fs = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC), mnt = -1, e;

	if (fs < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "fsopen %s for %s", type, what);
	/* The source shows in the jail's mount table, as mount(2)'s would. */
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", type, 0) <
	    0)
		goto fail;
	/* A read-only mount of a new file system: read-only all through. */
	if ((attr & MOUNT_ATTR_RDONLY) &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, "ro", NULL, 0) < 0)
		goto fail;
	for (size_t i = 0; opts != NULL && opts[i] != NULL; i += 2)
		if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, opts[i],
			    opts[i + 1], 0) < 0)
			goto fail;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		goto fail;
	mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, (unsigned)attr);
	if (mnt < 0)
		goto fail;
	(void)close(fs);
	return mnt;
fail:
	e = errno;
	/* In a user namespace the kernel mounts a new /proc only where one
	 * is visible whole (fs/namespace.c, mount_too_revealing): a
	 * container runtime's masks over parts of its /proc forbid it. */
	cj_fail(err, CJ_EXIT_SETUP, "mount %s on %s: %s%s", type, what,
		strerror(e),
		e != EPERM || strcmp(type, "proc") != 0
		    ? ""
		    : " (a container's /proc with masked or read-only "
		      "parts?); doc/deploying.md \"Running many jails across "
		      "machines\"");
	(void)close(fs);
	return -1;
}

/* The one way a mount of fds gets into the jail's tree, for binds and new
 * file systems alike (every mount kind, /dev's nodes, /proc, the masks):
 * mnt, a detached mount (open_tree's copy or fsmount's), gets attr
 * (MOUNT_ATTR_*) on its every mount (rec: its submounts too) before it is
 * attached, so there is no moment when it is visible without them, and
 * is attached on name beneath dirfd ("" for dirfd itself), no symlink
 * followed at name's end (move_mount without MOVE_MOUNT_T_SYMLINKS). attr
 * 0: a copy of a mount that has its flags already (open_tree's copy keeps
 * them). mount_setattr sets every flag asked, on every mount of the tree,
 * or fails: the flags are not looked at again (each look was a syscall
 * on the launch's path; 20-isolation checks them from inside the jail).
 * what names it in an error. */
int mnt_attach(int mnt, uint64_t attr, bool rec, int dirfd, const char *name,
	       const char *what, struct cj_err *err)
{
	struct mount_attr a = {attr, 0, 0, 0};

	if (attr != 0 && syscall(SYS_mount_setattr, mnt, "",
				 AT_EMPTY_PATH | (rec ? AT_RECURSIVE : 0), &a,
				 sizeof(a)) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount flags of %s", what);
	if (syscall(SYS_move_mount, mnt, "", dirfd, name,
		    MOVE_MOUNT_F_EMPTY_PATH |
			(name[0] == '\0' ? MOVE_MOUNT_T_EMPTY_PATH : 0)) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "mount %s",
				     what);
	return 0;
}

/* A new file system attached at name beneath dirfd; its fd, or -1. */
int mnt_new_at(const char *type, const char *const *opts, uint64_t attr,
	       int dirfd, const char *name, const char *what,
	       struct cj_err *err)
{
	int mnt = mnt_new(type, opts, attr, what, err);

	/* fsmount gave it attr. */
	if (mnt >= 0 && mnt_attach(mnt, 0, false, dirfd, name, what, err) < 0) {
		(void)close(mnt);
		return -1;
	}
	return mnt;
}

/* Add attr (MOUNT_ATTR_*) to the mount that fd is the root of. */
int mnt_set_attr(int fd, uint64_t attr, const char *what, struct cj_err *err)
{
	struct mount_attr a = {attr, 0, 0, 0};

	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &a, sizeof(a)) <
	    0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount flags of %s", what);
	return 0;
}

/* A bind of src (beneath sdir; "" for sdir itself) at dst (beneath ddir;
 * "" for ddir itself), with rec its submounts too, as the host has them,
 * with attr (attach). Neither end is followed if it is a symlink. Returns
 * the attached copy's fd (the caller closes it), -1 on error, or -2 when
 * src does not exist and missing_ok. */
int mnt_bind(int sdir, const char *src, int ddir, const char *dst,
	     uint64_t attr, bool rec, bool missing_ok, const char *what,
	     struct cj_err *err)
{
	unsigned at = AT_SYMLINK_NOFOLLOW |
		      (src[0] == '\0' ? AT_EMPTY_PATH : 0) |
		      (rec ? AT_RECURSIVE : 0);
	int tree = (int)syscall(SYS_open_tree, sdir, src,
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | at);

	if (tree < 0 && errno == ENOENT && missing_ok)
		return -2;
	if (tree < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "bind %s",
				     what);
	if (mnt_attach(tree, attr, rec, ddir, dst, what, err) < 0) {
		(void)close(tree);
		return -1;
	}
	return tree;
}

int mnt_bind_tree(int sdir, const char *src, int ddir, const char *dst,
		  uint64_t attr, bool rec, struct cj_err *err)
{
	int tree = mnt_bind(sdir, src, ddir, dst, attr, rec, false,
			    dst[0] ? dst : src, err);

	if (tree < 0)
		return -1;
	(void)close(tree);
	return 0;
}

/* mount(2) of a new file system on name, a directory of one of our own
 * mounts (dirfd): through /proc/self/fd, which leads to dirfd's very
 * directory, so no path of anyone else's is walked, and no fd more is held
 * (fsopen and fsmount take two; rootfs.c's struct build says why that
 * matters). */
int mnt_beneath(int dirfd, const char *name, const char *type,
		unsigned long flags, const char *data, struct cj_err *err)
{
	char at[64];

	(void)snprintf(at, sizeof(at), "/proc/self/fd/%d/%s", dirfd, name);
	if (mount(type, at, type, flags, data) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount %s on %s", type, name);
	return 0;
}

int path_join(char *out, const char *a, const char *b, struct cj_err *err)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", a, b);

	if (n < 0 || n >= PATH_MAX)
		return cj_fail(err, CJ_EXIT_SETUP, "%s/%s: path too long", a,
			       b);
	return 0;
}

int mk_dir(int dirfd, const char *name, mode_t mode, struct cj_err *err)
{
	if (mkdirat(dirfd, name, mode) < 0 && errno != EEXIST)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "mkdir %s",
				     name);
	return 0;
}

int mk_file(int dirfd, const char *name, struct cj_err *err)
{
	int fd =
	    openat(dirfd, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "create %s",
				     name);
	(void)close(fd);
	return 0;
}

int mk_link(const char *target, int dirfd, const char *name, struct cj_err *err)
{
	if (symlinkat(target, dirfd, name) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "symlink %s",
				     name);
	return 0;
}
