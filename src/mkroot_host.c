/* mkroot_host.c - --mkroot-from host (the default): the programs named,
 * found on PATH, with a script's interpreter or an ELF file's loader and
 * libraries; --mkroot-add's files and trees; a minimal /etc. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

/* --- the build --------------------------------------------------------- */

/* Programs of a root made without a list: a shell and the basics. Those the
 * host lacks are left out; sh is required. */
static const char *const default_programs[] = {
    "sh",    "ls",   "cat",   "cp",	  "mv",	     "rm",     "mkdir",
    "rmdir", "ln",   "chmod", "touch",	  "echo",    "printf", "env",
    "id",    "pwd",  "head",  "tail",	  "wc",	     "sort",   "uniq",
    "tr",    "cut",  "grep",  "sed",	  "true",    "false",  "sleep",
    "test",  "date", "uname", "basename", "dirname", "find",   "xargs",
};

static const char etc_passwd[] =
    "root:x:0:0:root:/root:/bin/sh\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
static const char etc_group[] = "root:x:0:\n"
				"nogroup:x:65534:\n";
static const char etc_nsswitch[] = "passwd: files\n"
				   "group: files\n"
				   "shadow: files\n"
				   "hosts: files dns\n"
				   "networks: files\n"
				   "protocols: files\n"
				   "services: files\n";
static const char etc_hosts[] = "127.0.0.1\tlocalhost\n"
				"::1\tlocalhost ip6-localhost ip6-loopback\n"
				"127.0.1.1\tjail\n";
static const char *const etc_files[][2] = {
    {"/etc/passwd", etc_passwd},	  {"/etc/group", etc_group},
    {"/etc/nsswitch.conf", etc_nsswitch}, {"/etc/hosts", etc_hosts},
    {"/etc/hostname", "jail\n"},
};
/* A program's path on the host: as given when it has a '/', else the
 * first executable file of that name on PATH. */
/* The first executable file name in a directory of the PATH list: 0 with
 * out filled, or 1. Relative entries (the caller's cwd) are not looked in. */
static int search_path(const char *list, const char *name, char *out)
{
	for (const char *p = list; p != NULL;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char dir[PATH_MAX];
		struct stat st;

		if (n > 0 && n < sizeof(dir) && p[0] == '/') {
			memcpy(dir, p, n);
			dir[n] = '\0';
			if (mkroot_join(dir, name, out, PATH_MAX) == 0 &&
			    stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
			    (st.st_mode & 0111) != 0)
				return 0;
		}
		p = colon ? colon + 1 : NULL;
	}
	return 1;
}

/* A name with a '/': the path, from the current directory if relative. */
static int given_path(struct mk *mk, const char *name, char *out)
{
	char cwd[PATH_MAX];

	if (name[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "getcwd");
	if (mkroot_join(name[0] == '/' ? "/" : cwd, name, out, PATH_MAX) < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: path too long",
			       name);
	return 0;
}

int mk_find_program(struct mk *mk, const char *name, bool missing_ok, char *out)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/') != NULL)
		return given_path(mk, name, out);
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	if (search_path(path, name, out) == 0)
		return 0;
	if (missing_ok)
		return 1;
	return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: not found on PATH", name);
}

/* A program of the jail: a name without a '/' is looked for on the jail's
 * PATH, where `-r DIR -- name` will look, not on the caller's (whose
 * first match may be a shim, such as pyenv's, of a directory the jail
 * never searches). 0, 1 when missing_ok and it is not there, or -1. */
static int find_jail_program(struct mk *mk, const char *name, bool missing_ok,
			     char *out)
{
	const char *path = getenv("PATH");
	char other[PATH_MAX];

	if (strchr(name, '/') != NULL)
		return given_path(mk, name, out);
	if (search_path(MK_JAIL_PATH, name, out) == 0)
		return 0;
	if (missing_ok)
		return 1;
	if (path != NULL && search_path(path, name, other) == 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: not on the jail's PATH (%s), only at %s; "
			       "give a path to copy that one (-r DIR -- %s "
			       "then runs it)",
			       name, MK_JAIL_PATH, other, other);
	return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: not found on PATH (%s)",
		       name, MK_JAIL_PATH);
}

/* A program: the file, then a script's interpreter, or an ELF file's
 * loader and libraries. */
static int add_program(struct mk *mk, const char *path, int depth)
{
	char real[PATH_MAX], dir[PATH_MAX], head[256];
	char interp[PATH_MAX], arg[sizeof(head)], found[PATH_MAX];
	ssize_t n;
	int fd, rc;

	fd = mk_add_file(mk, path, false, real);
	if (fd < 0)
		return -1;
	do
		n = pread(fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", real);
		goto out;
	}
	rc = mkroot_shebang(head, (size_t)n, interp, sizeof(interp), arg,
			    sizeof(arg));
	if (rc < 0) {
		rc = cj_fail(mk->err, CJ_EXIT_SETUP,
			     "%s: a #! line without an interpreter", real);
		goto out;
	}
	if (rc == 1) {
		const char *base = strrchr(interp, '/');

		if (depth >= MAX_SHEBANG) {
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, ELOOP, "%s",
					   real);
			goto out;
		}
		if (interp[0] != '/') {
			rc = cj_fail(mk->err, CJ_EXIT_SETUP,
				     "%s: a relative #! interpreter", real);
			goto out;
		}
		rc = add_program(mk, interp, depth + 1);
		/* "#!/usr/bin/env prog": prog, from the jail's PATH, as env
		 * will find it there. */
		if (rc == 0 && base != NULL && strcmp(base, "/env") == 0 &&
		    arg[0] != '\0' && arg[0] != '-' &&
		    strchr(arg, ' ') == NULL) {
			rc = find_jail_program(mk, arg, true, found);
			rc = rc == 0  ? add_program(mk, found, depth + 1)
			     : rc < 0 ? -1
				      : cj_fail(mk->err, CJ_EXIT_SETUP,
						"%s: #!%s %s: %s is not on the "
						"jail's PATH (%s)",
						real, interp, arg, arg,
						MK_JAIL_PATH);
		}
		if (rc == 0 && depth == 0)
			(void)fprintf(stderr,
				      "capejail: --mkroot %s: note: %s is a "
				      "script: its #! interpreter is copied, "
				      "not what the script runs\n",
				      mk->dir, real);
		goto out;
	}
	/* $ORIGIN of a program is where it really is, as /proc/self/exe. */
	(void)snprintf(dir, sizeof(dir), "%s", real);
	*strrchr(dir, '/') = '\0';
	rc = mk_add_elf(mk, fd, real, dir[0] ? dir : "/", NULL);
out:
	(void)close(fd);
	return rc;
}

/* One entry of a tree that copy_tree copies: where it is (src, dst: the
 * directories; name in both; child: its host path; path: its directory's),
 * and the tree's file system and depth. */
struct tree_at {
	int src, dst;
	const char *name, *child, *path;
	dev_t dev;
	int depth;
};

static int copy_tree(struct mk *mk, int src, int dst, const char *path,
		     dev_t dev, int depth);

/* A directory of the tree, on its file system and not DIR itself. */
static int tree_dir(struct mk *mk, const struct tree_at *at,
		    const struct stat *st)
{
	bool made = false;
	int s, t, rc;

	if (st->st_dev != at->dev ||
	    (st->st_dev == mk->root_dev && st->st_ino == mk->root_ino))
		return 0; /* a mount point, or DIR itself */
	t = mk_subdir(mk, at->dst, at->name, at->child, st->st_mode & 01777,
		      &made);
	if (t < 0)
		return -1;
	s = openat(at->src, at->name,
		   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s < 0)
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s",
				   at->child);
	else if (!made &&
		 mk_dir_mode(mk, t, at->child, st->st_mode & 01777) < 0)
		rc = -1;
	else
		rc = copy_tree(mk, s, t, at->child, at->dev, at->depth + 1);
	if (t >= 0)
		(void)close(t);
	if (s >= 0)
		(void)close(s);
	return rc;
}

/* A regular file of the tree, with what it needs if it is ELF. */
static int tree_file(struct mk *mk, const struct tree_at *at)
{
	struct stat fst;
	int s, rc;

	s = openat(at->src, at->name,
		   O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (s < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s",
				     at->child);
	if (fstat(s, &fst) < 0 || !S_ISREG(fst.st_mode))
		rc = cj_fail(mk->err, CJ_EXIT_SETUP,
			     "%s: changed while it was read", at->child);
	else
		rc = mk_copy_into(mk, at->dst, at->name, s, &fst, at->child);
	if (rc == 0)
		rc = mk_add_elf(mk, s, at->child, at->path, NULL);
	(void)close(s);
	return rc;
}

/* A symlink of the tree, made again as it is, and the regular file it
 * leads to (the symlink would dangle without it). */
static int tree_link(struct mk *mk, const struct tree_at *at)
{
	char target[PATH_MAX], real[PATH_MAX];
	ssize_t n;
	int s, rc = 0;

	n = readlinkat(at->src, at->name, target, sizeof(target) - 1);
	if (n <= 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP,
				     n < 0 ? errno : EINVAL, "readlink %s",
				     at->child);
	target[n] = '\0';
	if (symlinkat(target, at->dst, at->name) == 0)
		rc = mk_link_made(mk, at->dst, at->name, at->child);
	else if (errno != EEXIST)
		rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "symlink %s",
				   at->child);
	else if (!mk_exists_made(mk, at->dst, at->name))
		rc = mk_refuse(mk, at->child);
	if (rc < 0)
		return -1;
	if (mkroot_join(at->path, target, real, sizeof(real)) < 0)
		return 0;
	s = mk_add_file(mk, real, true, target);
	if (s == -1)
		return -1;
	if (s >= 0) {
		rc = mk_add_elf(mk, s, target, at->path, NULL);
		(void)close(s);
	}
	return rc;
}

/* A directory of the host, copied into dst with everything in it: files
 * (with the libraries of those that are ELF), symlinks (and the regular
 * files they lead to), directories on the same file system. Other kinds
 * of files are left out. path is src's clean host path. */
static int copy_tree(struct mk *mk, int src, int dst, const char *path,
		     dev_t dev, int depth)
{
	int dupfd = fcntl(src, F_DUPFD_CLOEXEC, 0);
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > MAX_TREE_DEPTH)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: directories nested too deep", path);
	if (dupfd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "dup");
	d = fdopendir(dupfd);
	if (d == NULL) {
		(void)close(dupfd);
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", path);
	}
	while (rc == 0) {
		char child[PATH_MAX];
		struct tree_at at = {src, dst, NULL, child, path, dev, depth};
		struct stat st;

		errno = 0;
		e = readdir(d);
		if (e == NULL) {
			if (errno != 0)
				rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP,
						   errno, "%s", path);
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		at.name = e->d_name;
		if (snprintf(child, sizeof(child), "%s/%s",
			     strcmp(path, "/") == 0 ? "" : path,
			     e->d_name) >= (int)sizeof(child))
			rc = cj_fail(mk->err, CJ_EXIT_SETUP,
				     "%s/%s: path too long", path, e->d_name);
		else if (fstatat(src, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			rc = cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s",
					   child);
		else if (S_ISDIR(st.st_mode))
			rc = tree_dir(mk, &at, &st);
		else if (S_ISREG(st.st_mode))
			rc = tree_file(mk, &at);
		else if (S_ISLNK(st.st_mode))
			rc = tree_link(mk, &at);
	}
	(void)closedir(d);
	return rc;
}

/* --mkroot-add PATH: a file (a program, with what it needs), or a
 * directory and all in it. */
static int add_any(struct mk *mk, const char *arg)
{
	char path[PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];
	struct stat st;
	int src, dst, rc;

	if (arg[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "getcwd");
	if (mkroot_join(arg[0] == '/' ? "/" : cwd, arg, path, sizeof(path)) < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: path too long",
			       arg);
	if (mk_walk_host(mk, path, false, real, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return add_program(mk, real, 0);
	if (st.st_dev == mk->root_dev && st.st_ino == mk->root_ino)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "--mkroot-add %s: that is DIR itself", arg);
	src = open(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", real);
	dst = mk_dir_at(mk, real);
	if (dst < 0) {
		(void)close(src);
		return -1;
	}
	mk->lenient = true;
	rc = copy_tree(mk, src, dst, real, st.st_dev, 0);
	mk->lenient = false;
	(void)close(dst);
	(void)close(src);
	return rc;
}

int mk_build_host(struct mk *mk, const struct mkroot_spec *ms)
{
	char path[PATH_MAX];
	bool given = ms->programs != NULL && ms->programs[0] != NULL;

	if (mk_search_dirs(mk) < 0 || mk_mount_points(mk) < 0 ||
	    mk_put_dir(mk, "root", 0700) < 0)
		return -1;
	if (given) {
		for (size_t i = 0; ms->programs[i] != NULL; i++)
			if (find_jail_program(mk, ms->programs[i], false,
					      path) < 0 ||
			    add_program(mk, path, 0) < 0)
				return -1;
	} else {
		for (size_t i = 0;
		     i < sizeof(default_programs) / sizeof(*default_programs);
		     i++) {
			int rc = find_jail_program(mk, default_programs[i],
						   i > 0, path);

			if (rc < 0 || (rc == 0 && add_program(mk, path, 0) < 0))
				return -1;
		}
	}
	for (size_t i = 0; i < ms->n_add; i++)
		if (add_any(mk, ms->add[i]) < 0)
			return -1;
	/* Last, so that an --mkroot-add'ed file of the same name wins. */
	for (size_t i = 0; i < sizeof(etc_files) / sizeof(*etc_files); i++)
		if (mk_put_text(mk, etc_files[i][0], etc_files[i][1], false) <
		    0)
			return -1;
	return 0;
}
