/* idmap.c - root mode: read-write binds written as their owner (idmap.h). */
#define _GNU_SOURCE
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "kinds.h"
#include "ns.h"
#include "sources.h"

#include "banned.h"

static bool is_writable_bind(const struct jail_mount *m)
{
	unsigned fl = mount_flags(m);

	return (fl & CJ_MNT_SOURCE) && !(fl & CJ_MNT_RDONLY);
}

bool idmap_writable_binds(const struct jail_fs *fs)
{
	for (size_t i = 0; i < fs->n_mounts; i++)
		if (is_writable_bind(&fs->mounts[i]))
			return true;
	return false;
}

bool idmap_wanted(const struct jail_fs *fs, bool rootless)
{
	return !rootless && idmap_writable_binds(fs);
}

void idmap_plan(const struct jail_fs *fs, const struct jail_sources *v,
		const struct host_ids *ids, struct idmap_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->fs = fs;
	p->ids = ids;
	for (size_t i = 0; i < CJ_MAX_MOUNTS; i++)
		p->tree[i] = -1;
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct jail_mount *m = &fs->mounts[i];
		struct stat st;
		int t;

		if (!is_writable_bind(m) || v->path[i] == NULL)
			continue;
		/* The path capejail vetted (sources.h), as init opens it: a
		 * clone of anything else (swapped in since) is not used. One
		 * that cannot be made here stays a plain bind: init binds
		 * it, or says why it cannot. */
		t = (int)syscall(SYS_open_tree, AT_FDCWD, v->path[i],
				 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				     AT_SYMLINK_NOFOLLOW);
		if (t < 0)
			continue;
		if (fstat(t, &st) < 0 || st.st_dev != v->dev[i] ||
		    st.st_ino != v->ino[i]) {
			(void)close(t);
			continue;
		}
		if (st.st_uid == 0) {
			/* Never map a jail's user to host root. A -w the
			 * jail cannot write is worth a line; a --bind may be
			 * meant for reading. */
			(void)close(t);
			if ((mount_flags(m) & CJ_MNT_WORKDIR) &&
			    S_ISDIR(st.st_mode) && !(st.st_mode & S_IWOTH))
				cj_warn("%s: owned by root: the jail cannot "
					"write there (it is no user of the "
					"host); hand the directory over to "
					"the user its files should belong to "
					"(chown USER %s)",
					m->src, m->src);
			continue;
		}
		p->tree[i] = t;
		p->owner[i] = st.st_uid;
		p->group[i] = st.st_gid;
	}
}

void idmap_free(struct idmap_plan *p)
{
	for (size_t i = 0; i < CJ_MAX_MOUNTS; i++) {
		if (p->tree[i] >= 0)
			(void)close(p->tree[i]);
		p->tree[i] = -1;
	}
}

static int write_map(pid_t pid, const char *file, unsigned from, unsigned to)
{
	char path[64], map[64];
	int fd, ok;

	(void)snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	(void)snprintf(map, sizeof(map), "%u %u 1\n", from, to);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, map, strlen(map)) == (ssize_t)strlen(map);
	if (close(fd) < 0 || !ok)
		return -1;
	return 0;
}

/* A user namespace, with no process left in it, where the host's owner
 * and group are the ids to (the jail's user and group on the host), and
 * nothing else is mapped: what an idmapped mount reads its map from. */
static int make_userns(uid_t owner, gid_t group, uid_t to, gid_t gto)
{
	int pipefd[2], ns = -1, saved;
	char path[64];
	pid_t child;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	child = ns_clone(CLONE_NEWUSER);
	if (child == 0) {
		char b;

		(void)close(pipefd[1]);
		/* Until capejail closes its end. */
		if (read(pipefd[0], &b, 1) < 0)
			_exit(1);
		_exit(0);
	}
	(void)close(pipefd[0]);
	if (child > 0 && write_map(child, "uid_map", owner, to) == 0 &&
	    write_map(child, "gid_map", group, gto) == 0) {
		(void)snprintf(path, sizeof(path), "/proc/%d/ns/user",
			       (int)child);
		ns = open(path, O_RDONLY | O_CLOEXEC);
	}
	saved = errno;
	(void)close(pipefd[1]);
	if (child > 0)
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
	errno = saved;
	return ns;
}

static int idmap_one(struct idmap_plan *p, size_t i, uint32_t uid, uint32_t gid)
{
	uid_t to = (uid_t)(p->ids->uid + uid);
	gid_t gto = (gid_t)(p->ids->gid + gid);
	struct mount_attr a;
	int ns = make_userns(p->owner[i], p->group[i], to, gto);

	if (ns < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	a.userns_fd = (uint64_t)ns;
	if (syscall(SYS_mount_setattr, p->tree[i], "", AT_EMPTY_PATH, &a,
		    sizeof(a)) < 0) {
		int e = errno;

		(void)close(ns);
		errno = e;
		return -1;
	}
	(void)close(ns);
	return 0;
}

void idmap_answer(struct idmap_plan *p, int msg_fd, uint32_t uid, uint32_t gid)
{
	struct cj_err err = {0, ""};

	/* Asked once; the jail's ids only (init checks its user's range
	 * itself, and fails). */
	if (!p->asked && uid < CJ_JAIL_IDS && gid < CJ_JAIL_IDS) {
		for (size_t i = 0; i < p->fs->n_mounts; i++) {
			if (p->tree[i] < 0)
				continue;
			if (idmap_one(p, i, uid, gid) < 0) {
				cj_warn("%s: cannot be mounted idmapped here "
					"(%s): the jail writes it as its own "
					"host uid %u, only where the mode "
					"lets others write",
					p->fs->mounts[i].src, errno_name(errno),
					(unsigned)(p->ids->uid + uid));
				continue;
			}
			if (chan_send(msg_fd, CJ_MSG_MOUNT, (int32_t)i, 0,
				      p->tree[i], &err) < 0)
				break;
		}
	}
	p->asked = true;
	idmap_free(p);
	/* If this is lost, init sees capejail's end of the channel close
	 * when the jail is killed. */
	(void)chan_send(msg_fd, CJ_MSG_MOUNTS_END, 0, 0, -1, &err);
}

/* The bind at dst, opened beneath the jail's root, no link followed. */
static int open_target(const char *dst, struct cj_err *err)
{
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve =
	    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	while (*dst == '/')
		dst++;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, *dst ? dst : ".", &how,
			  sizeof(how));
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/%s", dst);
	return fd;
}

static long recv_wait(int fd, struct cj_msg *m, int *passed)
{
	struct pollfd pfd = {fd, POLLIN, 0};

	while (poll(&pfd, 1, -1) < 0)
		if (errno != EINTR)
			return -1;
	return chan_recv(fd, m, passed);
}

int idmap_attach(int msg_fd, const struct jail_fs *fs, uid_t uid, gid_t gid,
		 struct cj_err *err)
{
	if (!idmap_wanted(fs, false))
		return 0;
	if (chdir("/") < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/");
	if (chan_send(msg_fd, CJ_MSG_USER, (int32_t)uid, (int32_t)gid, -1,
		      err) < 0)
		return -1;
	for (;;) {
		struct cj_msg m;
		int passed, target, rc;
		long n = recv_wait(msg_fd, &m, &passed);

		if (n <= 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP,
					     n < 0 ? errno : EPIPE,
					     "waiting for the idmapped binds");
		if (m.kind == CJ_MSG_MOUNTS_END) {
			if (passed >= 0)
				(void)close(passed);
			return 0;
		}
		if (m.kind != CJ_MSG_MOUNT || passed < 0 || m.value < 0 ||
		    (size_t)m.value >= fs->n_mounts) {
			if (passed >= 0)
				(void)close(passed);
			return cj_fail(err, CJ_EXIT_SETUP,
				       "the idmapped binds: a message out of "
				       "place");
		}
		/* Over the plain bind rootfs made at the same place. */
		target = open_target(fs->mounts[m.value].dst, err);
		if (target < 0) {
			(void)close(passed);
			return -1;
		}
		rc = (int)syscall(SYS_move_mount, passed, "", target, "",
				  MOVE_MOUNT_F_EMPTY_PATH |
				      MOVE_MOUNT_T_EMPTY_PATH);
		(void)close(target);
		(void)close(passed);
		if (rc < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "%s: mounting it idmapped",
					     fs->mounts[m.value].dst);
	}
}
