/* cgroup_v2.c - where the jail's cgroup goes on cgroup v2 (cgroup.h says
 * the order): the root cgroup, a delegated subtree capejail is in, or
 * capejail.slice; fd-based, beneath the hierarchy, no symlinks. */
#define _GNU_SOURCE
#include "cgroup_int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

static const char *const v2_name[CG_N] = {"pids", "memory", "cpu", NULL};

/* The bits of the controllers named in a space-separated list. */
static unsigned v2_mask(const char *list)
{
	unsigned m = 0;

	for (int c = 0; c < CG_N; c++) {
		size_t n;

		if (v2_name[c] == NULL)
			continue;
		n = strlen(v2_name[c]);
		for (const char *p = list; p != NULL;
		     p = strchr(p, ' '), p = p ? p + 1 : p)
			if (strncmp(p, v2_name[c], n) == 0 &&
			    (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
				m |= 1U << c;
	}
	return m;
}

/* A directory of the hierarchy below rootfd, never through a symlink nor
 * out of it; rel without its leading slash, "" for the root itself. */
static int open_beneath(int rootfd, const char *rel, int flags)
{
	struct open_how how = {(unsigned)flags | O_DIRECTORY | O_CLOEXEC, 0,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
				   RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV};

	return (int)syscall(SYS_openat2, rootfd, rel[0] ? rel : ".", &how,
			    sizeof(how));
}

/* The search's state: the root, why the last place was not fit. */
struct v2_search {
	int rootfd;
	unsigned need, want; /* the limits' controllers; pids if it can */
	char why[160];
};

/* Can the cgroup dfd (rel) hold the jail's? It can if it offers the
 * controllers needed and has them enabled for its children, or can enable
 * them now (the root, or a cgroup with no process of its own that the
 * caller may write). Those wanted are enabled where offered. */
static bool v2_fit(struct v2_search *s, int dfd, const char *rel)
{
	char avail[512], on[512];
	unsigned have, enabled;

	if (cg_read_at(dfd, "cgroup.controllers", avail, sizeof(avail)) < 0 ||
	    cg_read_at(dfd, "cgroup.subtree_control", on, sizeof(on)) < 0) {
		(void)snprintf(s->why, sizeof(s->why), "/%s: %s", rel,
			       strerror(errno));
		return false;
	}
	have = v2_mask(avail);
	enabled = v2_mask(on);
	for (int c = 0; c < CG_N; c++) {
		unsigned bit = 1U << c;
		char op[16];
		int fd;

		if (!((s->need | s->want) & bit) || (enabled & bit))
			continue;
		if (!(have & bit)) {
			if (!(s->need & bit))
				continue;
			(void)snprintf(s->why, sizeof(s->why),
				       "/%s offers no %s controller", rel,
				       v2_name[c]);
			return false;
		}
		(void)snprintf(op, sizeof(op), "+%s", v2_name[c]);
		fd = openat(dfd, "cgroup.subtree_control",
			    O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0 || write_all(fd, op, strlen(op)) < 0) {
			int e = errno;

			if (fd >= 0)
				(void)close(fd);
			if (!(s->need & bit))
				continue;
			(void)snprintf(s->why, sizeof(s->why),
				       "enabling %s in /%s: %s", v2_name[c],
				       rel, strerror(e));
			return false;
		}
		(void)close(fd);
	}
	return true;
}

/* Is the cgroup dfd delegated to capejail? Rootless: owned by its uid.
 * Root: marked so by systemd (Delegate=yes), and root's: a cgroup a user
 * owns (its user manager's, which systemd marks user.delegate, as the
 * owner may too) is the user's to rearrange, the limits root set on the
 * jail's included. */
static bool v2_ours(int dfd)
{
	struct stat st;

	return fstat(dfd, &st) == 0 && st.st_uid == geteuid();
}

static bool v2_delegated(int dfd, bool as_root)
{
	char v[8];

	if (!v2_ours(dfd))
		return false;
	if (!as_root)
		return true;
	for (int i = 0; i < 2; i++) {
		ssize_t n =
		    fgetxattr(dfd, i ? "user.delegate" : "trusted.delegate", v,
			      sizeof(v) - 1);

		if (n > 0 && v[0] == '1')
			return true;
	}
	return false;
}

/* capejail's own cgroup, relative to the root ("" for the root); false if
 * unknown or outside the hierarchy this namespace sees. */
static bool v2_own(char *own, size_t size)
{
	char *text = NULL, *line, *next;
	struct cj_err ignored;
	bool found = false;
	size_t len;

	if (read_small_file("/proc/self/cgroup", 1U << 16, &text, &len,
			    &ignored) < 0)
		return false;
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "0::/", 4) != 0 || strstr(line, "/..") ||
		    strstr(line, " (deleted)"))
			continue;
		found = snprintf(own, size, "%s", line + 4) < (int)size;
	}
	free(text);
	return found;
}

/* Make the jail's cgroup in the cgroup pfd (rel): the fds and names go to
 * cg; of use, those in maybe only where the place offers them. pfd is
 * cg's from here on, also on failure. 1: pfd is gone (a capejail.slice
 * removed meanwhile by the last jail in it). */
static int v2_make(struct cgroup_set *cg, int pfd, const char *rel,
		   unsigned use, unsigned maybe, struct cj_err *err)
{
	char name[32];
	int n;

	cg->parent_fd = pfd;
	(void)snprintf(name, sizeof(name), PREFIX "%d", (int)getpid());
	n = snprintf(cg->dir[0], sizeof(cg->dir[0]), ROOT "%s%s/%s",
		     rel[0] ? "/" : "", rel, name);
	if (n < 0 || (size_t)n >= sizeof(cg->dir[0]))
		return cj_fail(err, CJ_EXIT_SETUP, ROOT "/%s: path too long",
			       rel);
	if (mkdirat(pfd, name, 0755) < 0 && errno != EEXIST) {
		if (errno == ENOENT && cg->in_slice)
			return 1;
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s",
				     cg->dir[0]);
	}
	cg->fd =
	    openat(pfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (cg->fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s",
				     cg->dir[0]);
	cg->has_fd = true;
	/* One that was there already (a capejail of the same pid, killed,
	 * not swept yet) is used only if it is ours: one that another user
	 * made for us to find would be theirs to rewrite. */
	if (!v2_ours(cg->fd))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: there already, and not made by uid %u",
			       cg->dir[0], (unsigned)geteuid());
	for (int c = 0; c < CG_N; c++) {
		unsigned bit = 1U << c;
		char file[32];

		if (c > 0)
			memcpy(cg->dir[c], cg->dir[0], strlen(cg->dir[0]) + 1);
		/* What the limits use; those they may do without (pids, the
		 * default memory limit) where they are there. */
		(void)snprintf(file, sizeof(file), "%s.max",
			       v2_name[c] ? v2_name[c] : "");
		cg->used[c] = ((use & bit) && !(maybe & bit)) ||
			      ((maybe & bit) && v2_name[c] != NULL &&
			       faccessat(cg->fd, file, F_OK, 0) == 0);
	}
	return 0;
}

/* 1. and 2. of cgroup.h's order: the root cgroup, or a delegated subtree
 * capejail is in. Its fd (O_RDONLY), or -1 with rel "" and s->why set.
 * rel: where it is. */
static int v2_find_above(struct v2_search *s, bool as_root, const char *own,
			 char *rel, size_t size)
{
	size_t top = 0; /* as root: the outermost marked cgroup's length */
	char *slash;
	int fd;

	(void)snprintf(rel, size, "%s", own);
	if (rel[0] == '\0') {
		/* Rootless, the root is no place unless it is ours. */
		fd = open_beneath(s->rootfd, "", O_RDONLY);
		if (fd >= 0 && (as_root || v2_delegated(fd, false)) &&
		    v2_fit(s, fd, ""))
			return fd;
		if (fd >= 0)
			(void)close(fd);
		return -1;
	}
	if (as_root) {
		/* Delegated to root: below a marked cgroup (systemd marks the
		 * unit's own, not what the unit makes below it). */
		for (size_t l = strlen(rel); l > 0; l = (size_t)(slash - rel)) {
			rel[l] = '\0';
			fd = open_beneath(s->rootfd, rel, O_RDONLY);
			if (fd >= 0 && v2_delegated(fd, true))
				top = l;
			if (fd >= 0)
				(void)close(fd);
			slash = strrchr(rel, '/');
			if (slash == NULL)
				break;
		}
		(void)snprintf(rel, size, "%s", own);
		if (top == 0) {
			(void)snprintf(s->why, sizeof(s->why),
				       "no delegated cgroup above /%.100s",
				       own);
			rel[0] = '\0';
			return -1;
		}
	}
	/* From the parent of capejail's own cgroup up, while delegated. */
	while ((slash = strrchr(rel, '/')) != NULL) {
		*slash = '\0';
		if (as_root && strlen(rel) < top)
			break;
		fd = open_beneath(s->rootfd, rel, O_RDONLY);
		if (fd < 0)
			break;
		if (!as_root && !v2_delegated(fd, false)) {
			(void)close(fd);
			break;
		}
		if (v2_fit(s, fd, rel))
			return fd;
		(void)close(fd);
	}
	if (s->why[0] == '\0')
		(void)snprintf(s->why, sizeof(s->why),
			       "no delegated cgroup above /%.100s", own);
	rel[0] = '\0';
	return -1;
}

/* Place the jail's cgroup (cgroup.h's order) and make it: need, the
 * controllers the limits need; use, what the limits read or write (need
 * and CPU time); why, the option named in an error. */
int cg_v2_place(struct cgroup_set *cg, bool as_root, unsigned need,
		unsigned use, const char *why, struct cj_err *err)
{
	/* Wanted where they can be had: pids, and what the limits use but
	 * may do without (the default memory limit, beside another). */
	unsigned want = ((1U << CG_PIDS) | use) & ~need & ~(1U << CG_CPUACCT);
	struct v2_search s = {-1, need, want, ""};
	char own[PATH_MAX], rel[PATH_MAX];
	struct statfs sf;
	int fd, rc = -2; /* -2: no place found (yet) */

	s.rootfd = open(ROOT, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s.rootfd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, ROOT);
	if (fstatfs(s.rootfd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
		(void)close(s.rootfd);
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: " ROOT " is not cgroup v2", why);
	}
	if (!v2_own(own, sizeof(own))) {
		(void)close(s.rootfd);
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: capejail's own cgroup v2 is unknown "
			       "(/proc/self/cgroup)",
			       why);
	}
	fd = v2_find_above(&s, as_root, own, rel, sizeof(rel));
	if (fd >= 0) {
		cg_sweep_dir_at(fd);
		rc = v2_make(cg, fd, rel, use, want, err) < 0 ? -1 : 0;
	} else if (as_root) {
		/* 3. capejail.slice, beside the manager's tree. The jail that
		 * leaves it last removes it: again if it went meanwhile. */
		int root = open_beneath(s.rootfd, "", O_RDONLY);

		for (int tries = 0; root >= 0 && rc == -2 && tries < 20;
		     tries++) {
			if (!v2_fit(&s, root, ""))
				break;
			if (mkdirat(root, SLICE, 0755) < 0 && errno != EEXIST) {
				(void)snprintf(s.why, sizeof(s.why),
					       ROOT "/" SLICE ": %s",
					       strerror(errno));
				break;
			}
			fd = open_beneath(s.rootfd, SLICE, O_RDONLY);
			if (fd < 0)
				continue;
			if (!v2_fit(&s, fd, SLICE)) {
				(void)close(fd);
				continue;
			}
			cg_sweep_dir_at(fd);
			cg->in_slice = true;
			rc = v2_make(cg, fd, SLICE, use, want, err);
			if (rc > 0) { /* the slice went: fd is not cg's */
				cg->parent_fd = -1;
				cg->in_slice = false;
				(void)close(fd);
				rc = -2;
			}
		}
		if (root >= 0)
			(void)close(root);
	}
	if (rc == -2) {
		const char *c = NULL;

		for (int i = CG_N - 1; i >= 0; i--)
			if (need & (1U << i))
				c = v2_name[i];
		if (as_root)
			cj_fail(err, CJ_EXIT_SETUP,
				"%s: no place for the jail's cgroup v2 (%s)",
				why, s.why);
		else
			cj_fail(err, CJ_EXIT_SETUP,
				"%s: needs root or a cgroup delegated to uid "
				"%u%s%s%s (none above /%s; systemd-run --user "
				"--scope -p Delegate=yes makes one)",
				why, (unsigned)getuid(), c ? " with the " : "",
				c ? c : "", c ? " controller" : "", own);
	}
	(void)close(s.rootfd);
	return rc < 0 ? -1 : 0;
}
