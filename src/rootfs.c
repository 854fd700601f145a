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
#include <linux/capability.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kinds.h"
#include "mounts.h"
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
 * read-only directory. */
static const char *const proc_masked[] = {
    "kcore",	   "keys",	    "key-users",  "timer_list", "timer_stats",
    "sched_debug", "latency_stats", "kmsg",	  "acpi",	"scsi",
    "asound",	   "kpagecount",    "kpageflags", "kpagecgroup"};

/* What the build holds from one part to the next. Few fds at once: a small
 * --rlimit nofile may already hold for init while it builds (capejail sets
 * the rlimits meanwhile), and init holds its channels and the binds'
 * sources too. So -r DIR's fd is closed once bound, the first mask of a
 * kind is found again as a name beneath a directory fd that stays open
 * while masks are made (the root's, or the new /proc's), and mounts inside
 * our own mounts are made with mount(2) (mnt_beneath). */
struct build {
	const struct jail_fs *fs;
	const char *stage; /* the staging mount point (a path of root's) */
	int root;	   /* the staged root, O_PATH */
	struct mask_tmpl {
		int dirfd; /* -1: none yet */
		const char *name;
	} mask_file, mask_dir; /* the first mask of each kind */
	/* The default root's empty /proc directory as it was before the new
	 * /proc covered it (a detached copy, open_tree), for the first
	 * directory mask; -1: none. */
	int empty_dir;
};

/* The default root's mask template closed, used or not. */
static void drop_empty_dir(struct build *b)
{
	if (b->empty_dir >= 0)
		(void)close(b->empty_dir);
	b->empty_dir = -1;
}

/* A copy of the mask at tmpl, at name beneath dirfd. */
static int clone_mask(const struct mask_tmpl *tmpl, int dirfd, const char *name,
		      struct cj_err *err)
{
	int tree = (int)syscall(SYS_open_tree, tmpl->dirfd, tmpl->name,
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				    AT_SYMLINK_NOFOLLOW);
	int rc;

	if (tree < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "mask %s",
				     name);
	/* The copy has the first mask's flags. */
	rc = mnt_attach(tree, 0, false, dirfd, name, name, err);
	(void)close(tree);
	return rc;
}

/* A file no one in the jail can open: the host's /dev/null on a nodev,
 * read-only mount. The first is a bind of /dev/null with those flags,
 * every later one a copy of the first. */
static int mask_file(struct build *b, int dirfd, const char *name,
		     struct cj_err *err)
{
	const uint64_t attr = MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC;

	if (b->mask_file.dirfd >= 0)
		return clone_mask(&b->mask_file, dirfd, name, err);
	if (mnt_bind_tree(AT_FDCWD, "/dev/null", dirfd, name, attr, false,
			  err) < 0)
		return -1;
	b->mask_file = (struct mask_tmpl){dirfd, name};
	return 0;
}

/* A directory no one in the jail sees into: an empty read-only directory,
 * once, then copies of it. In the default root that is a copy of its own
 * empty /proc directory (made by us, 0555, nothing can be made in it: the
 * new /proc covers it and the root is read-only), on a read-only mount; a
 * tmpfs per jail cost a superblock made and torn down on every launch
 * (0.2 ms here). Elsewhere (-r DIR, whose /proc is its owner's), an empty
 * read-only tmpfs. */
static int mask_dir(struct build *b, int dirfd, const char *name,
		    struct cj_err *err)
{
	if (b->mask_dir.dirfd >= 0)
		return clone_mask(&b->mask_dir, dirfd, name, err);
	if (b->empty_dir >= 0) {
		int rc = mnt_attach(b->empty_dir,
				    MOUNT_ATTR_RDONLY | ATTR_SAFE |
					MOUNT_ATTR_NOEXEC,
				    false, dirfd, name, name, err);

		drop_empty_dir(b);
		if (rc < 0)
			return -1;
	} else if (mnt_beneath(dirfd, name, "tmpfs",
			       MS_RDONLY | MNT_SAFE | MS_NOEXEC,
			       "mode=0555,size=4096", err) < 0)
		return -1;
	b->mask_dir = (struct mask_tmpl){dirfd, name};
	return 0;
}

/* A real directory (not a symlink) at path? For the host's staging
 * candidates, which only root can change. */
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
	return mnt_mount("tmpfs", dst, "tmpfs", flags, data, err);
}

/* The default root's /etc/hostname says the jail's hostname, not the
 * host's: a file of the root's own tmpfs, bound read-only over the host's,
 * and unlinked (the mount keeps it). Only where the host has one. All
 * beneath b->root, the tmpfs of ours. */
static int etc_hostname(struct build *b, struct cj_err *err)
{
	static const char tmp[] = ".hostname";
	char text[80];
	struct stat st;
	int fd, n = snprintf(text, sizeof(text), "%s\n", b->fs->hostname);

	if (fstatat(b->root, "etc/hostname", &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	fd = openat(b->root, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", tmp);
	if (n < 0 || write_all(fd, text, (size_t)n) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", tmp);
		(void)close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", tmp);
	if (mnt_bind_tree(b->root, tmp, b->root, "etc/hostname",
			  MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC,
			  false, err) < 0)
		return -1;
	if (unlinkat(b->root, tmp, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", tmp);
	return 0;
}

/* Default root: a read-only tmpfs holding the host's system directories
 * (read-only binds), a private /tmp, and mount points for /dev and /proc.
 * Paths are fine here: the tmpfs is capejail's own, in a mount namespace
 * no one else can enter, mounted on a directory of root's (the stage), and
 * what it binds are root's directories of the host. No one but root can
 * change what these paths lead to. */
static int build_default_root(struct build *b, struct cj_err *err)
{
	char dst[PATH_MAX], src[PATH_MAX], target[PATH_MAX];
	const char *root = b->stage;

	/* noexec: programs are run from the binds below (the merged-/usr
	 * links lead there) and from /tmp, never from the root itself. */
	if (tmpfs(root, "0755", 1U << 20, MNT_SAFE | MS_NOEXEC, err) < 0)
		return -1;
	b->root = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (b->root < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s", root);
	for (size_t i = 0; i < sizeof(default_binds) / sizeof(*default_binds);
	     i++) {
		struct stat st;
		ssize_t n;

		if (path_join(src, "", default_binds[i], err) < 0)
			return -1;
		if (lstat(src, &st) < 0)
			continue; /* e.g. no /lib32 on this host */
		if (S_ISLNK(st.st_mode)) {
			n = readlink(src, target, sizeof(target) - 1);
			if (n < 0)
				return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
						     "readlink %s", src);
			target[n] = '\0';
			if (mk_link(target, b->root, default_binds[i], err) < 0)
				return -1;
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		if (mk_dir(b->root, default_binds[i], 0755, err) < 0 ||
		    mnt_bind_tree(AT_FDCWD, src, b->root, default_binds[i],
				  MOUNT_ATTR_RDONLY | ATTR_SAFE, true, err) < 0)
			return -1;
	}
	/* The host's password hashes: readable to groups such as shadow,
	 * which a jail's gid may be. Present, but no one can open them. */
	for (size_t i = 0; i < sizeof(etc_masked) / sizeof(*etc_masked); i++) {
		struct stat st;

		if (fstatat(b->root, etc_masked[i], &st, AT_SYMLINK_NOFOLLOW) <
			0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (mask_file(b, b->root, etc_masked[i], err) < 0)
			return -1;
	}
	if (etc_hostname(b, err) < 0)
		return -1;
	if (path_join(dst, root, "tmp", err) < 0 ||
	    mk_dir(b->root, "tmp", 01777, err) < 0 ||
	    tmpfs(dst, "1777", b->fs->tmp_size, MNT_SAFE, err) < 0)
		return -1;
	if (mk_dir(b->root, "dev", 0755, err) < 0 ||
	    mk_dir(b->root, "proc", 0555, err) < 0)
		return -1;
	return 0; /* read-only once the user's mount points are made */
}

/* -r DIR: DIR itself, as the original, with nosuid and nodev on every mount
 * of it: a recursive bind of what root_fd holds, no path to walk again.
 * From here on, DIR's tree is its owner's to change while we work in it:
 * nothing below is done by a path that goes through it. */
static int build_user_root(struct build *b, int root_fd, struct cj_err *err)
{
	char what[PATH_MAX + 8];

	(void)snprintf(what, sizeof(what), "--root %s", b->fs->root);
	b->root = mnt_bind(root_fd, "", AT_FDCWD, b->stage, ATTR_SAFE, true,
			   false, what, err);
	/* Bound: one fd fewer while init builds (struct build says why). */
	(void)close(root_fd);
	return b->root < 0 ? -1 : 0;
}

/* name, a directory right beneath the root, not reached through any
 * symlink (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): in a -r root, a link
 * its owner put there (or swaps in meanwhile) leads nowhere. -1 with
 * errno ENOENT, ELOOP or ENOTDIR when there is no such directory, so the
 * jail has none; -2 with err for any other error. */
static int root_subdir(const struct build *b, const char *name,
		       struct cj_err *err)
{
	struct open_how how = {O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
				   RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, b->root, name, &how, sizeof(how));

	if (fd >= 0 || errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
		return fd;
	cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", name);
	return -2;
}

/* A new file system on name, a directory right beneath the root (as
 * root_subdir finds it): its fd; -1 with errno ENOENT when there is no such
 * directory; -2 with err on an error. Made before the directory is looked
 * up, so that init holds two fds here, not three. */
static int mount_on_subdir(const struct build *b, const char *name,
			   const char *type, const char *const *opts,
			   uint64_t attr, const char *what, struct cj_err *err)
{
	int mnt = mnt_new(type, opts, attr, what, err), dir;

	if (mnt < 0) {
		/* Where the root has no such directory, the jail gets none
		 * anyway: no error (a -r DIR without /proc in a container
		 * whose /proc is masked). */
		dir = root_subdir(b, name, &(struct cj_err){0, ""});
		if (dir == -1)
			return -1;
		if (dir >= 0)
			(void)close(dir);
		return -2;
	}
	dir = root_subdir(b, name, err);
	if (dir < 0) {
		(void)close(mnt);
		errno = ENOENT;
		return dir;
	}
	/* fsmount gave it attr. */
	if (mnt_attach(mnt, 0, false, dir, "", what, err) < 0) {
		(void)close(dir);
		(void)close(mnt);
		return -2;
	}
	(void)close(dir);
	return mnt;
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
 * jails and containers on the host. Everything is made through the fd of
 * the /dev tmpfs: in a -r root, whatever DIR/dev's owner does meanwhile
 * cannot lead a file of ours anywhere else. */
static int build_dev(struct build *b, struct cj_err *err)
{
	static const char *const links[][2] = {{"/proc/self/fd", "fd"},
					       {"/proc/self/fd/0", "stdin"},
					       {"/proc/self/fd/1", "stdout"},
					       {"/proc/self/fd/2", "stderr"},
					       {"pts/ptmx", "ptmx"}};
	static const char *const opts[] = {"mode", "0755", "size", "1048576",
					   NULL};
	char src[PATH_MAX], shm[64];
	int dev, rc = -1;

	/* The default root is a tmpfs of ours already (nodev, noexec, and
	 * read-only once built): /dev is a directory of it, one superblock
	 * fewer to make and to tear down. */
	if (b->fs->root == NULL)
		dev = root_subdir(b, "dev", err);
	else
		dev =
		    mount_on_subdir(b, "dev", "tmpfs", opts,
				    ATTR_SAFE | MOUNT_ATTR_NOEXEC, "/dev", err);
	if (dev == -2)
		return -1;
	if (dev < 0)
		return 0; /* -r DIR without /dev: the jail has none */
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++)
		if (path_join(src, "/dev", dev_nodes[i], err) < 0 ||
		    mk_file(dev, dev_nodes[i], err) < 0 ||
		    mnt_bind_tree(AT_FDCWD, src, dev, dev_nodes[i],
				  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				      MOUNT_ATTR_NOEXEC,
				  false, err) < 0)
			goto done;
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++)
		if (mk_link(links[i][0], dev, links[i][1], err) < 0)
			goto done;
	(void)snprintf(shm, sizeof(shm), "mode=1777,size=%llu",
		       (unsigned long long)b->fs->shm_size);
	if (mk_dir(dev, "pts", 0755, err) < 0 ||
	    mnt_beneath(dev, "pts", "devpts", MS_NOSUID | MS_NOEXEC,
			"ptmxmode=0666,mode=620,max=64", err) < 0 ||
	    mk_dir(dev, "shm", 01777, err) < 0 ||
	    mnt_beneath(dev, "shm", "tmpfs", MNT_SAFE | MS_NOEXEC, shm, err) <
		0)
		goto done;
	rc = b->fs->root != NULL
		 ? mnt_set_attr(dev, MOUNT_ATTR_RDONLY, "/dev", err)
		 : 0;
done:
	(void)close(dev);
	return rc;
}

/* A fresh /proc for the jail's PID namespace, with the entries that reach
 * host-global state read-only or masked, as container runtimes do: a uid 0
 * in the jail must not write host sysctls such as kernel.core_pattern.
 * Every mask is made through the fd of the new proc mount itself, so
 * whatever DIR/proc's owner swaps in meanwhile, no /proc of this jail is
 * without them. */
static int build_proc(struct build *b, struct cj_err *err)
{
	enum {
		ABSENT,
		A_FILE,
		A_DIR
	} kind[sizeof(proc_masked) / sizeof(*proc_masked)];
	int proc, rc = -1;

	if (b->fs->root == NULL) {
		/* The default root's /proc directory, empty, before /proc
		 * covers it: the template of its directory masks (mask_dir).
		 * Taken once fsmount's other fd is closed, and /proc attached
		 * by name beneath our own root (no one else can change it),
		 * not through a third fd: a small nofile must still hold
		 * (struct build). */
		proc = mnt_new("proc", NULL, ATTR_SAFE | MOUNT_ATTR_NOEXEC,
			       "/proc", err);
		if (proc < 0)
			return -1;
		b->empty_dir = (int)syscall(
		    SYS_open_tree, b->root, "proc",
		    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
		if (b->empty_dir < 0) {
			cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				      "mask template /proc");
			(void)close(proc);
			return -1;
		}
		if (mnt_attach(proc, 0, false, b->root, "proc", "/proc", err) <
		    0) {
			(void)close(proc);
			proc = -2;
		}
	} else
		proc = mount_on_subdir(b, "proc", "proc", NULL,
				       ATTR_SAFE | MOUNT_ATTR_NOEXEC, "/proc",
				       err);
	if (proc == -2)
		goto done;
	if (proc < 0) {
		rc = 0; /* -r DIR without /proc */
		goto done;
	}
	/* The directory masks first: the default root's template is closed
	 * before any other fd is opened here. */
	for (size_t i = 0; i < sizeof(proc_masked) / sizeof(*proc_masked);
	     i++) {
		struct stat st;

		kind[i] = ABSENT;
		if (fstatat(proc, proc_masked[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		kind[i] = S_ISDIR(st.st_mode) ? A_DIR : A_FILE;
		/* Present, but it shows empty. */
		if (kind[i] == A_DIR &&
		    mask_dir(b, proc, proc_masked[i], err) < 0)
			goto done;
	}
	drop_empty_dir(b);
	for (size_t i = 0; i < sizeof(proc_readonly) / sizeof(*proc_readonly);
	     i++) {
		int tree =
		    mnt_bind(proc, proc_readonly[i], proc, proc_readonly[i],
			     MOUNT_ATTR_RDONLY | ATTR_SAFE | MOUNT_ATTR_NOEXEC,
			     true, true, proc_readonly[i], err);

		if (tree == -1)
			goto done;
		if (tree >= 0)
			(void)close(tree);
	}
	/* Present, but opening it fails. */
	for (size_t i = 0; i < sizeof(proc_masked) / sizeof(*proc_masked); i++)
		if (kind[i] == A_FILE &&
		    mask_file(b, proc, proc_masked[i], err) < 0)
			goto done;
	rc = 0;
done:
	/* The /proc masks' templates go with the fd they are found by. */
	if (b->mask_file.dirfd == proc)
		b->mask_file.dirfd = -1;
	if (b->mask_dir.dirfd == proc)
		b->mask_dir.dirfd = -1;
	if (proc >= 0)
		(void)close(proc);
	drop_empty_dir(b);
	return rc;
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

static int mount_one(struct build *b, const struct jail_mount *m, int src,
		     struct cj_err *err)
{
	const struct cj_mount_info *k = mount_kind(m->kind);
	uint64_t attr = ATTR_SAFE;
	struct stat st;
	char what[2 * PATH_MAX + 32];
	int dst, tree;
	bool dir = true; /* a tmpfs's mount point is a directory */

	if (k->flags & CJ_MNT_SOURCE) {
		if (fstat(src, &st) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s",
					     m->src);
		dir = S_ISDIR(st.st_mode);
	}
	dst = mount_point(b->root, m->dst, b->fs->root == NULL, dir, err);
	if (dst < 0)
		return -1;
	if (k->flags & CJ_MNT_RDONLY)
		attr |= MOUNT_ATTR_RDONLY;
	if (k->flags & CJ_MNT_TMPFS) {
		char size[32];
		const char *opts[] = {"mode", "1777", "size", size, NULL};

		(void)snprintf(size, sizeof(size), "%llu",
			       (unsigned long long)m->size);
		tree = mnt_new_at("tmpfs", opts, attr, dst, "", m->dst, err);
	} else {
		/* A copy of the source tree, with its submounts, made nosuid
		 * and nodev (and read-only) before it is attached. */
		(void)snprintf(what, sizeof(what), "%s %s on %s", k->option,
			       m->src, m->dst);
		tree = mnt_bind(src, "", dst, "", attr, true, false, what, err);
	}
	(void)close(dst);
	if (tree < 0)
		return -1;
	(void)close(tree);
	return 0;
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

/* While the file system is built, init holds only CAP_SYS_ADMIN (of the
 * jail's user namespace, which maps every host id but 0 as root runs it):
 * no CAP_DAC_OVERRIDE, CAP_FOWNER or the like over the host's files in a
 * -r root or a bind. Everything it makes is in file systems of its own
 * anyway; this is the second lock, should a path ever lead elsewhere. The
 * rest of the capabilities come back for the steps after (the user and
 * groups are read from the jail's files as its root). */
static int file_caps(bool on, struct __user_cap_data_struct saved[2],
		     struct cj_err *err)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (on)
		return syscall(SYS_capset, &hdr, saved) < 0
			   ? cj_fail_errno(err, CJ_EXIT_SETUP, errno, "capset")
			   : 0;
	if (syscall(SYS_capget, &hdr, saved) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "capget");
	memcpy(data, saved, sizeof(data));
	data[0].effective &= 1U << CAP_SYS_ADMIN;
	data[1].effective = 0;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "capset");
	return 0;
}

static int build(struct build *b, int root_fd, const int *src_fds,
		 struct cj_err *err)
{
	if (b->fs->root == NULL ? build_default_root(b, err)
				: build_user_root(b, root_fd, err))
		return -1;
	timings_mark("root");
	/* /dev before /proc: the /proc masks bind the host's /dev/null. */
	if (build_dev(b, err) < 0)
		return -1;
	timings_mark("dev");
	if (build_proc(b, err) < 0)
		return -1;
	timings_mark("proc");
	/* The user's mounts last, in their order: later over earlier. */
	for (size_t i = 0; i < b->fs->n_mounts; i++) {
		const struct jail_mount *m = &b->fs->mounts[i];

		/* A -try kind whose source was missing: nothing to mount. */
		if ((mount_flags(m) & CJ_MNT_SOURCE) && src_fds[i] < 0)
			continue;
		if (mount_one(b, m, src_fds[i], err) < 0)
			return -1;
	}
	/* The default root is read-only once its mount points are made. */
	if (b->fs->root == NULL &&
	    mnt_set_attr(b->root, MOUNT_ATTR_RDONLY, "/", err) < 0)
		return -1;
	if (b->fs->n_mounts > 0)
		timings_mark("user-mounts");
	return 0;
}

int rootfs_enter(const struct jail_fs *fs, int root_fd, const int *src_fds,
		 struct cj_err *err)
{
	struct build b = {fs, NULL, -1, {-1, NULL}, {-1, NULL}, -1};
	struct __user_cap_data_struct caps[2];
	int rc;

	/* Nothing we mount may propagate to the host, and nothing the host
	 * mounts later should appear in the jail. */
	if (mnt_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL, err) < 0)
		goto early;
	timings_mark("mounts-private");
	b.stage = pick_stage(err);
	if (b.stage == NULL || file_caps(false, caps, err) < 0)
		goto early;
	rc = build(&b, root_fd, src_fds, err);
	if (rc == 0)
		rc = file_caps(true, caps, err);
	else
		(void)file_caps(true, caps, &(struct cj_err){0, ""});
	if (b.root >= 0)
		(void)close(b.root);
	if (rc < 0)
		return -1;
	/* The stage is a directory of root's on the host, with our root
	 * mounted on it: a path no one else can change. */
	if (enter(b.stage, err) < 0)
		return -1;
	timings_mark("pivot-root");
	return 0;
early:
	if (root_fd >= 0)
		(void)close(root_fd);
	return -1;
}
