/* rootfs.c - the jail's mount tree.
 *
 * Everything happens in the jail's own mount namespace, made private first,
 * so nothing here is seen by the host and all of it disappears with the
 * namespace. The new root is assembled at a staging mount point (STAGE),
 * then entered with pivot_root, and the host's tree is detached. */
#define _GNU_SOURCE
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kinds.h"
#include "timings.h"
#include "util.h"

#include "banned.h"

/* Where the new root is put together. Any directory of the host will do: we
 * mount over it in our private namespace only. */
static const char *const stage_candidates[] = {"/tmp", "/mnt", "/run"};

/* Host directories the default root shows, read-only. A symlink (merged
 * /usr) is recreated as the same symlink. */
static const char *const default_binds[] = {"usr",   "bin",   "sbin",	"lib",
					    "lib64", "lib32", "libx32", "etc"};

/* Files of the default root's /etc that no jail may read. */
static const char *const etc_masked[] = {"etc/shadow", "etc/gshadow",
					 "etc/shadow-", "etc/gshadow-"};

/* The only device nodes a jail ever has. */
static const char *const dev_nodes[] = {"null",	  "zero",    "full",
					"random", "urandom", "tty"};

/* /proc entries that reach host-global state: read-only... */
static const char *const proc_readonly[] = {"sys", "sysrq-trigger", "irq",
					    "bus", "fs"};
/* ...or hidden. Files get an inaccessible node, directories an empty
 * read-only tmpfs. */
static const char *const proc_masked[] = {
    "kcore",	   "keys",	    "key-users",  "timer_list", "timer_stats",
    "sched_debug", "latency_stats", "kmsg",	  "acpi",	"scsi",
    "asound",	   "kpagecount",    "kpageflags", "kpagecgroup"};

#define MNT_SAFE (MS_NOSUID | MS_NODEV)

static int do_mount(const char *src, const char *dst, const char *type,
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

#define ATTR_SAFE (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)

/* Add attr (MOUNT_ATTR_*) to the mount at path, and with rec to every mount
 * below it: one call, which sets them on all of those mounts or on none. */
static int set_attr(const char *path, uint64_t attr, bool rec,
		    struct cj_err *err)
{
	struct mount_attr a = {attr, 0, 0, 0};

	if (syscall(SYS_mount_setattr, AT_FDCWD, path, rec ? AT_RECURSIVE : 0,
		    &a, sizeof(a)) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount flags of %s", path);
	return 0;
}

/* Did attr stick on the mount that fd is on? */
static bool has_attr(int fd, uint64_t attr)
{
	struct statvfs sv;

	return fstatvfs(fd, &sv) == 0 &&
	       (!(attr & MOUNT_ATTR_RDONLY) || (sv.f_flag & ST_RDONLY)) &&
	       (!(attr & MOUNT_ATTR_NOSUID) || (sv.f_flag & ST_NOSUID)) &&
	       (!(attr & MOUNT_ATTR_NODEV) || (sv.f_flag & ST_NODEV)) &&
	       (!(attr & MOUNT_ATTR_NOEXEC) || (sv.f_flag & ST_NOEXEC));
}

/* A bind of src (relative to dirfd; "" for dirfd itself) at dst, with rec
 * its submounts too, as the host has them. attr is set on every mount of
 * the copy before the copy is attached, so there is no moment when it is
 * visible without them, and checked after. dst is never followed if it is
 * a symlink. */
static int bind_tree(int dirfd, const char *src, const char *dst, uint64_t attr,
		     bool rec, struct cj_err *err)
{
	struct mount_attr a = {attr, 0, 0, 0};
	unsigned at =
	    (src[0] == '\0' ? AT_EMPTY_PATH : 0) | (rec ? AT_RECURSIVE : 0);
	int tree = (int)syscall(SYS_open_tree, dirfd, src,
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | at);

	if (tree < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "bind %s",
				     src[0] ? src : dst);
	if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | at, &a,
		    sizeof(a)) < 0 ||
	    syscall(SYS_move_mount, tree, "", AT_FDCWD, dst,
		    MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "bind %s on %s",
			      src[0] ? src : "(root)", dst);
		(void)close(tree);
		return -1;
	}
	if (!has_attr(tree, attr)) {
		(void)close(tree);
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: the mount flags did not stick", dst);
	}
	(void)close(tree);
	return 0;
}

/* A file no one in the jail can open: the host's /dev/null on a nodev,
 * read-only mount. The first is a bind of /dev/null with those flags; every
 * later one a bind of the first, which carries its flags along (a bind
 * copies its source mount's flags): one mount(2) instead of the four calls
 * of a bind with flags, checked all the same. */
static char mask_template[PATH_MAX];

static int mask_file(const char *dst, struct cj_err *err)
{
	const uint64_t attr = MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC;
	struct statvfs sv;
	int n;

	if (mask_template[0] == '\0') {
		if (bind_tree(AT_FDCWD, "/dev/null", dst, attr, false, err) < 0)
			return -1;
		n = snprintf(mask_template, sizeof(mask_template), "%s", dst);
		if (n < 0 || (size_t)n >= sizeof(mask_template))
			mask_template[0] = '\0';
		return 0;
	}
	if (mount(mask_template, dst, NULL, MS_BIND, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "mask %s", dst);
	if (statvfs(dst, &sv) < 0 ||
	    (sv.f_flag & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC)) !=
		(ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: the mount flags did not stick", dst);
	return 0;
}

static int join(char *out, const char *a, const char *b, struct cj_err *err)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", a, b);

	if (n < 0 || n >= PATH_MAX)
		return cj_fail(err, CJ_EXIT_SETUP, "%s/%s: path too long", a,
			       b);
	return 0;
}

static int make_dir(const char *path, mode_t mode, struct cj_err *err)
{
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "mkdir %s",
				     path);
	return 0;
}

static int make_file(const char *path, struct cj_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0444);

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "create %s",
				     path);
	(void)close(fd);
	return 0;
}

static int make_link(const char *target, const char *path, struct cj_err *err)
{
	if (symlink(target, path) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "symlink %s",
				     path);
	return 0;
}

/* A real directory (not a symlink) at path? Mount points inside a user's
 * root are only used when they are, so a symlink there cannot steer a mount
 * elsewhere. */
static bool is_real_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The staging mount point, or NULL with err filled. */
static const char *pick_stage(struct cj_err *err)
{
	for (size_t i = 0;
	     i < sizeof(stage_candidates) / sizeof(*stage_candidates); i++)
		if (is_real_dir(stage_candidates[i]))
			return stage_candidates[i];
	(void)cj_fail(err, CJ_EXIT_SETUP,
		      "no /tmp, /mnt or /run on the host to stage the root");
	return NULL;
}

static int tmpfs(const char *dst, const char *mode, unsigned long long size,
		 unsigned long flags, struct cj_err *err)
{
	char data[64];

	(void)snprintf(data, sizeof(data), "mode=%s,size=%llu", mode, size);
	return do_mount("tmpfs", dst, "tmpfs", flags, data, err);
}

/* Default root: a read-only tmpfs holding the host's system directories
 * (read-only binds), a private /tmp, and mount points for /dev and /proc. */
/* The default root's /etc/hostname says the jail's hostname, not the
 * host's: a file of the root's own tmpfs, bound read-only over the host's,
 * and unlinked (the mount keeps it). Only where the host has one. */
static int etc_hostname(const char *root, const char *hostname,
			struct cj_err *err)
{
	char src[PATH_MAX], dst[PATH_MAX], text[80];
	struct stat st;
	int fd, n = snprintf(text, sizeof(text), "%s\n", hostname);

	if (join(dst, root, "etc/hostname", err) < 0 ||
	    join(src, root, ".hostname", err) < 0)
		return -1;
	if (lstat(dst, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	fd = open(src, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", src);
	if (n < 0 || write_all(fd, text, (size_t)n) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", src);
		(void)close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", src);
	if (bind_tree(AT_FDCWD, src, dst,
		      MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC, false,
		      err) < 0)
		return -1;
	if (unlink(src) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", src);
	return 0;
}

static int build_default_root(const char *root, const struct jail_fs *fs,
			      struct cj_err *err)
{
	char dst[PATH_MAX], src[PATH_MAX], target[PATH_MAX];

	/* noexec: programs are run from the binds below (the merged-/usr
	 * links lead there) and from /tmp, never from the root itself. */
	if (tmpfs(root, "0755", 1U << 20, MNT_SAFE | MS_NOEXEC, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(default_binds) / sizeof(*default_binds);
	     i++) {
		struct stat st;
		ssize_t n;

		if (join(src, "", default_binds[i], err) < 0 ||
		    join(dst, root, default_binds[i], err) < 0)
			return -1;
		if (lstat(src, &st) < 0)
			continue; /* e.g. no /lib32 on this host */
		if (S_ISLNK(st.st_mode)) {
			n = readlink(src, target, sizeof(target) - 1);
			if (n < 0)
				return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
						     "readlink %s", src);
			target[n] = '\0';
			if (make_link(target, dst, err) < 0)
				return -1;
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		if (make_dir(dst, 0755, err) < 0 ||
		    bind_tree(AT_FDCWD, src, dst, MOUNT_ATTR_RDONLY | ATTR_SAFE,
			      true, err) < 0)
			return -1;
	}
	/* The host's password hashes: readable to groups such as shadow,
	 * which a jail's gid may be. Present, but no one can open them. */
	for (size_t i = 0; i < sizeof(etc_masked) / sizeof(*etc_masked); i++) {
		struct stat st;

		if (join(dst, root, etc_masked[i], err) < 0)
			return -1;
		if (lstat(dst, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (mask_file(dst, err) < 0)
			return -1;
	}
	if (etc_hostname(root, fs->hostname, err) < 0)
		return -1;
	if (join(dst, root, "tmp", err) < 0 || make_dir(dst, 01777, err) < 0 ||
	    tmpfs(dst, "1777", fs->tmp_size, MNT_SAFE, err) < 0)
		return -1;
	if (join(dst, root, "dev", err) < 0 || make_dir(dst, 0755, err) < 0 ||
	    join(dst, root, "proc", err) < 0 || make_dir(dst, 0555, err) < 0)
		return -1;
	return 0; /* read-only once the user's mount points are made */
}

int rootfs_open_root(const struct jail_fs *fs, int *fd, struct cj_err *err)
{
	*fd = -1;
	if (fs->root == NULL)
		return 0;
	*fd = open(fs->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "--root %s",
				     fs->root);
	return 0;
}

/* -r DIR: DIR itself, as the original, with nosuid and nodev on every mount
 * of it. DIR was opened while init still had the host root's identity: the
 * jail's root, which is no host root, may not be able to walk to it. */
static int build_user_root(const char *root, int root_fd, struct cj_err *err)
{
	/* A recursive bind of what the fd holds: no path to walk again. */
	if (bind_tree(root_fd, "", root, ATTR_SAFE, true, err) < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "--root: %s", err->msg);
	return 0;
}

/* /dev: a tmpfs with the listed nodes bound from the host, a private devpts
 * and /dev/shm. Device nodes need a mount without nodev, so each node is its
 * own bind mount, read-only: reading and writing the device still work (a
 * read-only mount only refuses changes to the node itself), but its mode,
 * ACL and times, which are the host's node's, cannot be changed. The tmpfs
 * around them is nodev and, once filled, read-only, so no other node can
 * ever appear. The devpts is not nodev, or no pty could be opened: its
 * nodes are made by the kernel alone (no mknod there), and only for the
 * jail's own ptys. At most 64 of them: the host's pool (kernel.pty.max,
 * 4096 less 1024 kept for the host's own devpts) is shared by every other
 * instance, and one jail could otherwise take all of it from the other
 * jails and containers on the host. */
static int build_dev(const char *root, const struct jail_fs *fs,
		     struct cj_err *err)
{
	char dev[PATH_MAX], p[PATH_MAX], src[PATH_MAX];
	static const char *const links[][2] = {{"/proc/self/fd", "fd"},
					       {"/proc/self/fd/0", "stdin"},
					       {"/proc/self/fd/1", "stdout"},
					       {"/proc/self/fd/2", "stderr"},
					       {"pts/ptmx", "ptmx"}};

	if (join(dev, root, "dev", err) < 0)
		return -1;
	if (!is_real_dir(dev))
		return 0; /* -r DIR without /dev: the jail has none */
	/* The default root is a tmpfs of ours already (nodev, noexec, and
	 * read-only once built): /dev is a directory of it, one superblock
	 * fewer to make and to tear down. */
	if (fs->root != NULL &&
	    tmpfs(dev, "0755", 1U << 20, MNT_SAFE | MS_NOEXEC, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++) {
		if (join(p, dev, dev_nodes[i], err) < 0 ||
		    join(src, "/dev", dev_nodes[i], err) < 0 ||
		    make_file(p, err) < 0 ||
		    bind_tree(AT_FDCWD, src, p,
			      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				  MOUNT_ATTR_NOEXEC,
			      false, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++)
		if (join(p, dev, links[i][1], err) < 0 ||
		    make_link(links[i][0], p, err) < 0)
			return -1;
	if (join(p, dev, "pts", err) < 0 || make_dir(p, 0755, err) < 0 ||
	    do_mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=620,max=64", err) < 0)
		return -1;
	if (join(p, dev, "shm", err) < 0 || make_dir(p, 01777, err) < 0 ||
	    tmpfs(p, "1777", fs->shm_size, MNT_SAFE | MS_NOEXEC, err) < 0)
		return -1;
	return fs->root != NULL ? set_attr(dev, MOUNT_ATTR_RDONLY, false, err)
				: 0;
}

/* A fresh /proc for the jail's PID namespace, with the entries that reach
 * host-global state read-only or masked, as container runtimes do: a uid 0
 * in the jail must not write host sysctls such as kernel.core_pattern. */
static int build_proc(const char *root, struct cj_err *err)
{
	char proc[PATH_MAX], p[PATH_MAX];

	if (join(proc, root, "proc", err) < 0)
		return -1;
	if (!is_real_dir(proc))
		return 0; /* -r DIR without /proc */
	if (mount("proc", proc, "proc", MNT_SAFE | MS_NOEXEC, NULL) < 0) {
		int e = errno;

		/* In a user namespace the kernel mounts a new /proc only where
		 * one is visible whole (fs/namespace.c, mount_too_revealing):
		 * a container runtime's masks over parts of its /proc forbid
		 * it. */
		return cj_fail(err, CJ_EXIT_SETUP, "mount proc on %s: %s%s",
			       proc, strerror(e),
			       e != EPERM ? ""
					  : " (a container's /proc with masked "
					    "or read-only parts?); README "
					    "\"Running many jails across "
					    "machines\"");
	}
	for (size_t i = 0; i < sizeof(proc_readonly) / sizeof(*proc_readonly);
	     i++) {
		if (join(p, proc, proc_readonly[i], err) < 0)
			return -1;
		if (access(p, F_OK) < 0)
			continue;
		if (bind_tree(AT_FDCWD, p, p,
			      MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC,
			      true, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(proc_masked) / sizeof(*proc_masked);
	     i++) {
		struct stat st;

		if (join(p, proc, proc_masked[i], err) < 0)
			return -1;
		if (lstat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (tmpfs(p, "0555", 4096,
				  MS_RDONLY | MNT_SAFE | MS_NOEXEC, err) < 0)
				return -1;
			continue;
		}
		/* Present, but opening it fails. */
		if (mask_file(p, err) < 0)
			return -1;
	}
	return 0;
}

int rootfs_open_sources(const struct jail_fs *fs, int *fds, struct cj_err *err)
{
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct jail_mount *m = &fs->mounts[i];

		fds[i] = -1;
		if (!(mount_flags(m) & CJ_MNT_SOURCE))
			continue;
		fds[i] = open(m->src, O_PATH | O_CLOEXEC);
		/* A missing source of a -try kind: no mount (fds[i] -1). */
		if (fds[i] < 0 && errno == ENOENT &&
		    (mount_flags(m) & CJ_MNT_TRY))
			continue;
		if (fds[i] < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s",
					     mount_kind(m->kind)->option,
					     m->src);
	}
	return 0;
}

/* The mount point for dst in the jail's root, as an O_PATH fd, resolved
 * inside that root: a symlink in it cannot lead the mount out, only to
 * another place of the root. Missing components are made where the root is
 * ours (the default root's tmpfs; never in -r DIR's tree): directories, and
 * a file at the end when the source is not a directory. */
static int mount_point(int rootfd, const char *dst, bool create, bool dir,
		       struct cj_err *err)
{
	struct open_how how = {O_PATH | O_CLOEXEC, 0,
			       RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	char path[PATH_MAX];
	int fd;

	fd = (int)syscall(SYS_openat2, rootfd, dst, &how, sizeof(how));
	if (fd >= 0 || errno != ENOENT)
		goto done;
	if (!create) {
		errno = ENOENT;
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: not in the -r root (capejail makes no "
			       "mount points in it)",
			       dst);
	}
	/* Make each missing component, from the top. */
	(void)snprintf(path, sizeof(path), "%s", dst);
	for (char *p = path + 1;; p++) {
		bool last = *p == '\0';
		char saved = *p;
		int parent, r;

		if (*p != '/' && !last)
			continue;
		*p = '\0';
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
		if (fd < 0 && errno == ENOENT) {
			char *slash = strrchr(path, '/');

			*slash = '\0';
			parent = (int)syscall(SYS_openat2, rootfd,
					      path[0] ? path : "/", &how,
					      sizeof(how));
			*slash = '/';
			if (parent < 0)
				break;
			if (last && !dir)
				r = openat(parent, slash + 1,
					   O_WRONLY | O_CREAT | O_EXCL |
					       O_CLOEXEC | O_NOFOLLOW,
					   0644);
			else
				r = mkdirat(parent, slash + 1, 0755);
			(void)close(parent);
			if (r < 0)
				break;
			if (last && !dir)
				(void)close(r);
			fd = (int)syscall(SYS_openat2, rootfd, path, &how,
					  sizeof(how));
		}
		*p = saved;
		if (fd < 0 || last)
			break;
		(void)close(fd);
	}
done:
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "mount point %s", dst);
	return fd;
}

static int mount_one(const char *root, const struct jail_mount *m, int src,
		     bool create, struct cj_err *err)
{
	const struct cj_mount_info *k = mount_kind(m->kind);
	struct mount_attr attr = {MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0, 0,
				  0};
	struct stat st;
	struct statvfs sv;
	int rootfd, dst = -1, tree = -1, rc = -1;
	bool dir = true; /* a tmpfs's mount point is a directory */
	char target[64];

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", root);
	if (k->flags & CJ_MNT_SOURCE) {
		if (fstat(src, &st) < 0) {
			cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", m->src);
			goto done;
		}
		dir = S_ISDIR(st.st_mode);
	}
	dst = mount_point(rootfd, m->dst, create, dir, err);
	if (dst < 0)
		goto done;
	if (k->flags & CJ_MNT_TMPFS) {
		char data[64];

		(void)snprintf(target, sizeof(target), "/proc/self/fd/%d", dst);
		(void)snprintf(data, sizeof(data), "mode=1777,size=%llu",
			       (unsigned long long)m->size);
		if (mount("tmpfs", target, "tmpfs", MNT_SAFE, data) < 0) {
			cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s",
				      k->option, m->dst);
			goto done;
		}
		rc = 0;
		goto done;
	}
	/* A copy of the source tree, made nosuid and nodev (and read-only)
	 * before it is attached, then moved onto the mount point fd. */
	tree = (int)syscall(SYS_open_tree, src, "",
			    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				AT_EMPTY_PATH | AT_RECURSIVE);
	if (k->flags & CJ_MNT_RDONLY)
		attr.attr_set |= MOUNT_ATTR_RDONLY;
	if (tree < 0 ||
	    syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE,
		    &attr, sizeof(attr)) < 0 ||
	    syscall(SYS_move_mount, tree, "", dst, "",
		    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s %s on %s",
			      k->option, m->src, m->dst);
		goto done;
	}
	/* Trust, but check: the flags are on the mount as attached. */
	if (fstatvfs(tree, &sv) < 0 || !(sv.f_flag & ST_NOSUID) ||
	    !(sv.f_flag & ST_NODEV) ||
	    ((k->flags & CJ_MNT_RDONLY) && !(sv.f_flag & ST_RDONLY))) {
		cj_fail(err, CJ_EXIT_SETUP, "%s: the mount flags did not stick",
			m->dst);
		goto done;
	}
	rc = 0;
done:
	if (tree >= 0)
		(void)close(tree);
	if (dst >= 0)
		(void)close(dst);
	(void)close(rootfd);
	return rc;
}

/* Make root the process's root and detach the host's tree. pivot_root(".",
 * ".") stacks the old root on the new one, so no put_old directory has to
 * be created in the jail's root. */
static int enter(const char *root, struct cj_err *err)
{
	if (chdir(root) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "chdir %s",
				     root);
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "detaching the host's root");
	} else {
		/* pivot_root cannot leave an initramfs (rootfs): move the
		 * new root over / and chroot, as switch_root does. The host's
		 * tree is then shadowed rather than detached. */
		int perr = errno;

		if (perr != EINVAL)
			return cj_fail_errno(err, CJ_EXIT_SETUP, perr,
					     "pivot_root");
		(void)fprintf(stderr,
			      "capejail: pivot_root: %s; using chroot\n",
			      strerror(perr));
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "moving the root to /");
		if (chroot(".") < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "chroot");
	}
	if (chdir("/") < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "chdir /");
	return 0;
}

int rootfs_enter(const struct jail_fs *fs, int root_fd, const int *src_fds,
		 struct cj_err *err)
{
	const char *root;

	/* Nothing we mount may propagate to the host, and nothing the host
	 * mounts later should appear in the jail. */
	if (do_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL, err) < 0)
		return -1;
	mask_template[0] = '\0';
	timings_mark("mounts-private");
	root = pick_stage(err);
	if (root == NULL)
		return -1;
	if (fs->root == NULL ? build_default_root(root, fs, err)
			     : build_user_root(root, root_fd, err))
		return -1;
	timings_mark("root");
	/* /dev before /proc: the /proc masks bind the host's /dev/null. */
	if (build_dev(root, fs, err) < 0)
		return -1;
	timings_mark("dev");
	if (build_proc(root, err) < 0)
		return -1;
	timings_mark("proc");
	/* The user's mounts last, in their order: later over earlier. */
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct jail_mount *m = &fs->mounts[i];

		/* A -try kind whose source was missing: nothing to mount. */
		if ((mount_flags(m) & CJ_MNT_SOURCE) && src_fds[i] < 0)
			continue;
		if (mount_one(root, m, src_fds[i], fs->root == NULL, err) < 0)
			return -1;
	}
	/* The default root is read-only once its mount points are made. */
	if (fs->root == NULL &&
	    set_attr(root, MOUNT_ATTR_RDONLY, false, err) < 0)
		return -1;
	if (fs->n_mounts > 0)
		timings_mark("user-mounts");
	if (enter(root, err) < 0)
		return -1;
	timings_mark("pivot-root");
	return 0;
}
