/* hostpath.c - host paths named by capejail's caller, resolved one
 * component at a time (hostpath.h). */
#define _GNU_SOURCE
#include "hostpath.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

#define MAX_LINKS 40 /* as the kernel's own limit */

/* A symlink capejail may follow: one of root's (only root could have
 * made it) or of the uid capejail runs as (the caller's own, rootless).
 * Any other user's may have been put there to lead root elsewhere. */
static bool trusted_link(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

static int fail(const char *opt, const char *path, int e, struct cj_err *err)
{
	cj_fail_errno(err, CJ_EXIT_SETUP, e, "%s %s", opt, path);
	errno = e;
	return -1;
}

/* rest := target "/" rest, in place (rest is PATH_MAX * 2 long). */
static int splice_link(char *rest, const char *after, const char *target)
{
	char tmp[PATH_MAX * 2];
	int n = snprintf(tmp, sizeof(tmp), "%s/%s", target, after);

	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	memcpy(rest, tmp, (size_t)n + 1);
	return 0;
}

/* Walk path from / or the working directory, every component opened
 * O_PATH|O_NOFOLLOW and looked at before it is used. With last != NULL,
 * stop before the last component and copy it there. */
static int walk(const char *opt, const char *path, char *last,
		struct cj_err *err)
{
	char rest[PATH_MAX * 2];
	const char *p;
	int cur, links = 0, n;

	n = snprintf(rest, sizeof(rest), "%s", path);
	if (n < 0 || (size_t)n >= PATH_MAX)
		return fail(opt, path, ENAMETOOLONG, err);
	if (rest[0] == '\0')
		return fail(opt, path, ENOENT, err);
	cur =
	    open(rest[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return fail(opt, path, errno, err);
	p = rest;
	for (;;) {
		char comp[NAME_MAX + 1], target[PATH_MAX];
		const char *end, *after;
		struct stat st;
		size_t len;
		ssize_t tn;
		int next;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = strchrnul(p, '/');
		len = (size_t)(end - p);
		after = end;
		while (*after == '/')
			after++;
		if (len > NAME_MAX) {
			(void)close(cur);
			return fail(opt, path, ENAMETOOLONG, err);
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (last != NULL && *after == '\0') {
			/* The last component: left to the caller, unless it
			 * only names a directory. */
			if (*end == '/' || strcmp(comp, ".") == 0 ||
			    strcmp(comp, "..") == 0)
				break;
			memcpy(last, comp, len + 1);
			return cur;
		}
		next = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 || fstat(next, &st) < 0) {
			int e = errno;

			if (next >= 0)
				(void)close(next);
			(void)close(cur);
			return fail(opt, path, e, err);
		}
		if (!S_ISLNK(st.st_mode)) {
			(void)close(cur);
			cur = next;
			p = end;
			continue;
		}
		if (!trusted_link(&st)) {
			(void)close(next);
			(void)close(cur);
			cj_fail(err, CJ_EXIT_SETUP,
				"%s %s: %s is a symlink of uid %u: capejail "
				"follows only root's and its own (uid %u) in "
				"the paths it is given; name the place it "
				"leads to",
				opt, path, comp, (unsigned)st.st_uid,
				(unsigned)geteuid());
			errno = ELOOP;
			return -1;
		}
		tn = readlinkat(next, "", target, sizeof(target) - 1);
		(void)close(next);
		if (tn < 0 || ++links > MAX_LINKS) {
			int e = tn < 0 ? errno : ELOOP;

			(void)close(cur);
			return fail(opt, path, e, err);
		}
		target[tn] = '\0';
		if (splice_link(rest, after, target) < 0) {
			(void)close(cur);
			return fail(opt, path, ENAMETOOLONG, err);
		}
		if (rest[0] == '/') {
			(void)close(cur);
			cur = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (cur < 0)
				return fail(opt, path, errno, err);
		}
		p = rest;
	}
	if (last != NULL) {
		(void)close(cur);
		return fail(opt, path, EISDIR, err);
	}
	return cur;
}

int hostpath_open(const char *opt, const char *path, struct cj_err *err)
{
	return walk(opt, path, NULL, err);
}

int hostpath_open_parent(const char *opt, const char *path,
			 char last[NAME_MAX + 1], struct cj_err *err)
{
	return walk(opt, path, last, err);
}
