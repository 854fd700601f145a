/* mkroot.c - --mkroot DIR: a root directory for -r, made by capejail.
 *
 * From the host (the default): each program named, found on PATH, is copied
 * to the same path in DIR, with the symlinks on the way (merged /usr, the
 * loader's /lib64 link) made again as symlinks; then its loader (PT_INTERP)
 * and the closure of the libraries it needs (DT_NEEDED, searched as the
 * loader searches: DT_RPATH, DT_RUNPATH, ld.so.conf, the system
 * directories), all read from the ELF files by elfdeps.c, never by running
 * anything. --mkroot-add copies a file or a whole directory the same way
 * (the libraries of the ELF files in it too). Then a minimal /etc and the
 * mount points -r uses: /proc, /dev, /tmp (1777).
 *
 * Files are copied, never hard-linked: a -r root is mounted nosuid and nodev
 * but not read-only, and a hard link is the host's file itself (a jail user
 * with the owner's uid could change it, as could a later chmod in DIR).
 * Copies belong to the caller, with the host's permission bits less setuid
 * and setgid, and the host's times (Python checks its .pyc by them).
 *
 * Writing: DIR must be new, or an empty directory of ours that others cannot
 * write, reached through no symlink. Everything is made relative to DIR's fd
 * with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), O_EXCL and
 * O_NOFOLLOW, so no symlink, including the ones made here, can lead a write
 * out of DIR. When the host mode fails, what it made is removed again.
 *
 * With --mkroot-from debootstrap, debootstrap --variant=minbase builds DIR
 * (it is run with DIR's path), then the mount points are checked. */
#define _GNU_SOURCE
#include "mkroot.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elfdeps.h"
#include "util.h"

#include "banned.h"

extern char **environ;

/* --- pure helpers ------------------------------------------------------ */

int mkroot_clean_path(const char *in, char *out, size_t size)
{
	const char *p = in;
	size_t o = 1;

	if (in[0] != '/' || size < 2)
		return -1;
	out[0] = '/';
	while (*p != '\0') {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 1 && s[0] == '.')
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 1 && out[o - 1] != '/')
				o--;
			if (o > 1)
				o--;
			continue;
		}
		if (o > 1) {
			if (o + 1 >= size)
				return -1;
			out[o++] = '/';
		}
		if (o + n >= size)
			return -1;
		memcpy(out + o, s, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
}

int mkroot_join(const char *dir, const char *rel, char *out, size_t size)
{
	char tmp[2 * PATH_MAX];
	int n;

	if (rel[0] == '/')
		return mkroot_clean_path(rel, out, size);
	n = snprintf(tmp, sizeof(tmp), "%s/%s", dir, rel);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	return mkroot_clean_path(tmp, out, size);
}

int mkroot_expand_origin(const char *elem, size_t n, const char *origin,
			 char *out, size_t size)
{
	char tmp[2 * PATH_MAX];
	size_t o = 0, olen = strlen(origin);

	for (size_t i = 0; i < n;) {
		const char *rest = elem + i;
		size_t left = n - i, skip = 0;

		if (*rest != '$') {
			if (o + 1 >= sizeof(tmp))
				return -1;
			tmp[o++] = *rest;
			i++;
			continue;
		}
		if (left >= 9 && memcmp(rest, "${ORIGIN}", 9) == 0)
			skip = 9;
		else if (left >= 7 && memcmp(rest, "$ORIGIN", 7) == 0 &&
			 (left == 7 || rest[7] == '/'))
			skip = 7;
		else
			return -1; /* $LIB, $PLATFORM, or not a token */
		if (o + olen >= sizeof(tmp))
			return -1;
		memcpy(tmp + o, origin, olen);
		o += olen;
		i += skip;
	}
	tmp[o] = '\0';
	if (tmp[0] != '/')
		return -1;
	return mkroot_clean_path(tmp, out, size);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The next line of text at *p: copied, trimmed, without a '#' comment;
 * false at the end. Lines too long for buf are skipped. */
static bool next_line(const char **p, char *buf, size_t size, bool comments)
{
	const char *s, *e;
	size_t n;

	do {
		s = *p;
		if (*s == '\0')
			return false;
		e = strchr(s, '\n');
		n = e ? (size_t)(e - s) : strlen(s);
		*p = e ? e + 1 : s + n;
	} while (n >= size);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (comments) {
		char *hash = strchr(buf, '#');

		if (hash != NULL)
			*hash = '\0';
	}
	n = strlen(buf);
	while (n > 0 && is_space(buf[n - 1]))
		buf[--n] = '\0';
	return true;
}

/* The next whitespace-separated word of *p (modified in place), or NULL. */
static char *next_word(char **p)
{
	char *s = *p, *w;

	while (is_space(*s))
		s++;
	if (*s == '\0')
		return NULL;
	w = s;
	while (*s != '\0' && !is_space(*s))
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return w;
}

static bool starts_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	return strncmp(s, word, n) == 0 && is_space(s[n]);
}

int mkroot_ldconf_parse(const char *text, mkroot_ldconf_fn fn, void *ctx)
{
	char line[PATH_MAX];
	const char *p = text;

	while (next_line(&p, line, sizeof(line), true)) {
		char *s = line, *w;
		size_t n;
		int rc;

		while (is_space(*s))
			s++;
		if (*s == '\0' || starts_word(s, "hwcap"))
			continue;
		if (starts_word(s, "include")) {
			s += strlen("include");
			while ((w = next_word(&s)) != NULL)
				if ((rc = fn(ctx, true, w)) < 0)
					return rc;
			continue;
		}
		n = strlen(s);
		while (n > 1 && s[n - 1] == '/')
			s[--n] = '\0';
		if ((rc = fn(ctx, false, s)) < 0)
			return rc;
	}
	return 0;
}

int mkroot_shebang(const char *buf, size_t len, char *interp, size_t isz,
		   char *arg, size_t asz)
{
	size_t i = 2, s, n;

	if (len < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	s = i;
	while (i < len && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
	       buf[i] != '\0')
		i++;
	n = i - s;
	if (n == 0 || n >= isz)
		return -1;
	memcpy(interp, buf + s, n);
	interp[n] = '\0';
	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	s = i;
	while (i < len && buf[i] != '\n' && buf[i] != '\0')
		i++;
	n = i - s;
	while (n > 0 && (is_space(buf[s + n - 1])))
		n--;
	if (n >= asz)
		return -1;
	memcpy(arg, buf + s, n);
	arg[n] = '\0';
	return 1;
}

bool mkroot_valid_name(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '+' ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

int mkroot_os_codename(const char *text, char *out, size_t size)
{
	static const char key[] = "VERSION_CODENAME=";
	char line[512];
	const char *p = text;

	while (next_line(&p, line, sizeof(line), false)) {
		char *v = line;
		size_t n;

		if (strncmp(line, key, sizeof(key) - 1) != 0)
			continue;
		v += sizeof(key) - 1;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') &&
		    v[n - 1] == v[0]) {
			v++;
			n -= 2;
		}
		if (!mkroot_valid_name(v, n) || n >= size)
			return -1;
		memcpy(out, v, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

static bool has_word(const char *list, const char *word)
{
	char buf[1024], *p = buf, *w;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return false;
	while ((w = next_word(&p)) != NULL)
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

static bool usable_uri(const char *u)
{
	return strncmp(u, "http://", 7) == 0 ||
	       strncmp(u, "https://", 8) == 0 || strncmp(u, "ftp://", 6) == 0 ||
	       strncmp(u, "file:/", 6) == 0;
}

static int put_uri(const char *u, char *out, size_t size)
{
	if (!usable_uri(u) || strlen(u) >= size)
		return -1;
	(void)snprintf(out, size, "%s", u);
	return 0;
}

/* One deb822 stanza: Types, URIs, Suites, Enabled. */
struct stanza {
	char types[256], uris[1024], suites[1024], enabled[16];
};

static int stanza_end(struct stanza *st, const char *suite, char *out,
		      size_t size)
{
	char *p = st->uris, *u;
	int rc = -1;

	if (has_word(st->types, "deb") && has_word(st->suites, suite) &&
	    strcmp(st->enabled, "no") != 0)
		while (rc < 0 && (u = next_word(&p)) != NULL)
			rc = put_uri(u, out, size);
	memset(st, 0, sizeof(*st));
	return rc;
}

static int deb822_mirror(const char *text, const char *suite, char *out,
			 size_t size)
{
	struct stanza st;
	char line[1024], *field = NULL;
	size_t fsize = 0;
	const char *p = text;

	memset(&st, 0, sizeof(st));
	while (next_line(&p, line, sizeof(line), false)) {
		char *colon, *v;
		size_t have;

		if (line[0] == '#')
			continue;
		if (line[0] == '\0') {
			if (stanza_end(&st, suite, out, size) == 0)
				return 0;
			field = NULL;
			continue;
		}
		if (is_space(line[0])) { /* a continuation line */
			v = line;
		} else {
			colon = strchr(line, ':');
			field = NULL;
			if (colon == NULL)
				continue;
			*colon = '\0';
			v = colon + 1;
			if (strcasecmp(line, "Types") == 0)
				field = st.types, fsize = sizeof(st.types);
			else if (strcasecmp(line, "URIs") == 0)
				field = st.uris, fsize = sizeof(st.uris);
			else if (strcasecmp(line, "Suites") == 0)
				field = st.suites, fsize = sizeof(st.suites);
			else if (strcasecmp(line, "Enabled") == 0)
				field = st.enabled, fsize = sizeof(st.enabled);
		}
		if (field == NULL)
			continue;
		while (is_space(*v))
			v++;
		have = strlen(field);
		(void)snprintf(field + have, fsize - have, "%s%s",
			       have ? " " : "", v);
	}
	return stanza_end(&st, suite, out, size);
}

int mkroot_apt_mirror(const char *text, bool deb822, const char *suite,
		      char *out, size_t size)
{
	char line[1024];
	const char *p = text;

	if (deb822)
		return deb822_mirror(text, suite, out, size);
	while (next_line(&p, line, sizeof(line), true)) {
		char *s = line, *w = next_word(&s), *uri;

		if (w == NULL || strcmp(w, "deb") != 0)
			continue;
		uri = next_word(&s);
		if (uri != NULL && uri[0] == '[') { /* [options] */
			while (uri != NULL && uri[strlen(uri) - 1] != ']')
				uri = next_word(&s);
			uri = next_word(&s);
		}
		w = next_word(&s);
		if (uri != NULL && w != NULL && strcmp(w, suite) == 0 &&
		    put_uri(uri, out, size) == 0)
			return 0;
	}
	return -1;
}

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

/* The kernel's own limits: symlinks followed in one path, and nested
 * interpreters of a script. */
#define MAX_HOPS	40
#define MAX_SHEBANG	4
#define MAX_TREE_DEPTH	128
#define MAX_LDCONF_NEST 8
/* Libraries that need libraries: real chains are a few deep; this bounds
 * the recursion (and its stack) whatever the files say. */
#define MAX_LIB_DEPTH 64

struct strv {
	char **v;
	size_t n, cap;
};

static int strv_add(struct strv *s, const char *str)
{
	char *d;

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **nv = realloc((void *)s->v, cap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		s->v = nv;
		s->cap = cap;
	}
	d = strdup(str);
	if (d == NULL)
		return -1;
	s->v[s->n++] = d;
	return 0;
}

static void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free((void *)s->v);
	memset(s, 0, sizeof(*s));
}

struct mk {
	const char *dir; /* DIR as given, for messages */
	int root;	 /* DIR, open */
	dev_t root_dev;	 /* DIR itself, never copied into itself */
	ino_t root_ino;
	struct strv libdirs;   /* ld.so.conf's directories, then the loader's */
	char sysdir[PATH_MAX]; /* the loader's directory ("" until known) */
	struct {
		dev_t dev;
		ino_t ino;
	} * done; /* ELF objects whose libraries are in DIR */
	size_t n_done, cap_done;
	/* Set while the files of a --mkroot-add tree are read: what they
	 * need but the host lacks (a plugin whose library is not installed),
	 * and ELF files that cannot be read, are skipped, as they fail on the
	 * host too; a named program's must be there. */
	bool lenient;
	int depth; /* of add_elf's recursion through libraries */
	struct cj_err *err;
};

/* An error of the build: one line in mk->err (mkroot_build puts
 * "--mkroot DIR: " in front), and -1. */
#define FAIL(mk, ...) (cj_fail((mk)->err, CJ_EXIT_SETUP, __VA_ARGS__), -1)
#define FAIL_ERRNO(mk, e, ...)                                                 \
	(cj_fail_errno((mk)->err, CJ_EXIT_SETUP, (e), __VA_ARGS__), -1)

static int oom(struct mk *mk)
{
	return FAIL(mk, "out of memory");
}

/* openat2 below dirfd: never through a symlink, never out of it. */
static int open_below(int dirfd, const char *name, int flags)
{
	struct open_how how = {(uint64_t)flags | O_CLOEXEC, 0,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
				   RESOLVE_NO_MAGICLINKS};

	return (int)syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
}

/* The mode a directory made at path gets: the host's directory's, less
 * setuid and setgid; 0755 where the host has none. */
static mode_t host_dir_mode(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return st.st_mode & 01777;
	return 0755;
}

/* An fd of DIR's directory at path (clean, absolute, as on the host), the
 * missing components made with the host's modes. */
static int dir_at(struct mk *mk, const char *path)
{
	char sub[PATH_MAX];
	const char *p = path;
	int fd = fcntl(mk->root, F_DUPFD_CLOEXEC, 0);

	if (fd < 0)
		return FAIL_ERRNO(mk, errno, "dup");
	while (*p != '\0') {
		const char *s;
		char name[NAME_MAX + 1];
		size_t n;
		int next;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n > NAME_MAX) {
			(void)close(fd);
			return FAIL(mk, "%s: name too long", path);
		}
		memcpy(name, s, n);
		name[n] = '\0';
		next = open_below(fd, name, O_RDONLY | O_DIRECTORY);
		if (next < 0 && errno == ENOENT) {
			(void)snprintf(sub, sizeof(sub), "%.*s",
				       (int)(p - path), path);
			if (mkdirat(fd, name, 0700) < 0 && errno != EEXIST) {
				int e = errno;

				(void)close(fd);
				return FAIL_ERRNO(mk, e, "mkdir %s", sub);
			}
			next = open_below(fd, name, O_RDONLY | O_DIRECTORY);
			if (next >= 0 && fchmod(next, host_dir_mode(sub)) < 0) {
				int e = errno;

				(void)close(next);
				(void)close(fd);
				return FAIL_ERRNO(mk, e, "chmod %s", sub);
			}
		}
		if (next < 0) {
			int e = errno;

			(void)close(fd);
			return FAIL_ERRNO(mk, e, "%.*s in the root",
					  (int)(p - path), path);
		}
		(void)close(fd);
		fd = next;
	}
	return fd;
}

/* path's parent directory in DIR, and path's last name. */
static int parent_at(struct mk *mk, const char *path, const char **name)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash[1] == '\0')
		return FAIL(mk, "%s: not a file name", path);
	(void)snprintf(dir, sizeof(dir), "%.*s",
		       slash == path ? 1 : (int)(slash - path), path);
	*name = slash + 1;
	return dir_at(mk, dir);
}

/* The symlink path -> target in DIR. An existing one with the same target
 * is fine; with keep, anything already there is left alone. */
static int put_symlink(struct mk *mk, const char *path, const char *target,
		       bool keep)
{
	const char *name;
	char old[PATH_MAX];
	int dfd = parent_at(mk, path, &name), rc = 0;
	ssize_t n;

	if (dfd < 0)
		return -1;
	if (symlinkat(target, dfd, name) < 0) {
		if (errno != EEXIST) {
			rc = FAIL_ERRNO(mk, errno, "symlink %s", path);
		} else if (!keep) {
			n = readlinkat(dfd, name, old, sizeof(old) - 1);
			if (n < 0 || (size_t)n != strlen(target) ||
			    memcmp(old, target, (size_t)n) != 0)
				rc = FAIL(mk,
					  "%s: already in the root as "
					  "something else than a symlink to %s",
					  path, target);
		}
	}
	(void)close(dfd);
	return rc;
}

/* Copy the regular file src (st) to name in dirfd. A file already there is
 * taken as this one, copied before (the same path asked twice). */
static int copy_into(struct mk *mk, int dirfd, const char *name, int src,
		     const struct stat *st, const char *path)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};
	struct stat have;
	off_t off = 0;
	bool plain = false;
	int dst;

	dst =
	    openat(dirfd, name,
		   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dst < 0 && errno == EEXIST) {
		if (fstatat(dirfd, name, &have, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(have.st_mode))
			return 0;
		return FAIL(mk, "%s: already in the root as something else",
			    path);
	}
	if (dst < 0)
		return FAIL_ERRNO(mk, errno, "create %s", path);
	while (off < st->st_size) {
		ssize_t n;

		if (!plain) {
			n = copy_file_range(src, &off, dst, NULL,
					    (size_t)(st->st_size - off), 0);
			if (n < 0 && off == 0 &&
			    (errno == EXDEV || errno == EINVAL ||
			     errno == ENOSYS || errno == EOPNOTSUPP)) {
				plain = true;
				continue;
			}
		} else {
			char buf[65536];

			n = pread(src, buf, sizeof(buf), off);
			if (n > 0 && write_all(dst, buf, (size_t)n) < 0)
				n = -1;
			if (n > 0)
				off += n;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			(void)close(dst);
			return FAIL_ERRNO(mk, e, "copy %s", path);
		}
		if (n == 0)
			break; /* the file shrank meanwhile */
	}
	if (fchmod(dst, st->st_mode & 0777) < 0 || futimens(dst, times) < 0) {
		int e = errno;

		(void)close(dst);
		return FAIL_ERRNO(mk, e, "%s", path);
	}
	if (close(dst) < 0)
		return FAIL_ERRNO(mk, errno, "write %s", path);
	return 0;
}

/* The host's path in DIR at the same place: the symlinks on the way are
 * made again in DIR and followed on the host. Fills real (the path with no
 * symlink left) and st (lstat of it). Returns 0, 1 if some component is
 * missing and missing_ok, or -1. */
static int walk_host(struct mk *mk, const char *path, bool missing_ok,
		     char *real, struct stat *st)
{
	char cur[PATH_MAX], prefix[PATH_MAX], target[PATH_MAX];
	char dir[PATH_MAX], next[2 * PATH_MAX];
	int hops = 0;

	if (mkroot_clean_path(path, cur, sizeof(cur)) < 0)
		return FAIL(mk, "%s: not an absolute path", path);
restart:
	for (const char *p = cur + 1;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - cur) : strlen(cur);
		ssize_t len;

		memcpy(prefix, cur, n);
		prefix[n] = '\0';
		if (lstat(prefix, st) < 0) {
			if (missing_ok && (errno == ENOENT || errno == ENOTDIR))
				return 1;
			return FAIL_ERRNO(mk, errno, "%s", prefix);
		}
		if (S_ISLNK(st->st_mode)) {
			if (++hops > MAX_HOPS)
				return FAIL_ERRNO(mk, ELOOP, "%s", path);
			len = readlink(prefix, target, sizeof(target) - 1);
			if (len <= 0)
				return FAIL_ERRNO(mk, len < 0 ? errno : EINVAL,
						  "readlink %s", prefix);
			target[len] = '\0';
			if (put_symlink(mk, prefix, target, false) < 0)
				return -1;
			/* The rest of the path, from where the link leads. */
			(void)snprintf(dir, sizeof(dir), "%s", prefix);
			*strrchr(dir, '/') = '\0';
			if (snprintf(next, sizeof(next), "%s%s", target,
				     end ? end : "") >= (int)sizeof(next) ||
			    mkroot_join(dir[0] ? dir : "/", next, cur,
					sizeof(cur)) < 0)
				return FAIL(mk, "%s: path too long", path);
			goto restart;
		}
		if (end == NULL)
			break;
		if (!S_ISDIR(st->st_mode))
			return FAIL_ERRNO(mk, ENOTDIR, "%s", prefix);
		p = end + 1;
	}
	(void)snprintf(real, PATH_MAX, "%s", cur);
	return 0;
}

/* pread for elfdeps. */
static int fd_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	int fd = *(int *)ctx;
	char *b = buf;

	while (len > 0) {
		ssize_t n = pread(fd, b, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* The host's regular file at path, open, and copied into DIR at the same
 * place. real gets the path with no symlink left. Returns the fd, -1, or
 * -2 when missing_ok and it is not there or not a regular file. */
static int add_file(struct mk *mk, const char *path, bool missing_ok,
		    char *real)
{
	struct stat st, fst;
	const char *name;
	int rc, fd, dfd;

	rc = walk_host(mk, path, missing_ok, real, &st);
	if (rc != 0)
		return rc < 0 ? -1 : -2;
	if (!S_ISREG(st.st_mode)) {
		if (missing_ok)
			return -2;
		return FAIL(mk, "%s: not a regular file%s", real,
			    S_ISDIR(st.st_mode) ? " (directories: --mkroot-add)"
						: "");
	}
	fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return FAIL_ERRNO(mk, errno, "%s", real);
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode)) {
		(void)close(fd);
		return FAIL(mk, "%s: changed while it was read", real);
	}
	dfd = parent_at(mk, real, &name);
	if (dfd < 0 || copy_into(mk, dfd, name, fd, &fst, real) < 0) {
		if (dfd >= 0)
			(void)close(dfd);
		(void)close(fd);
		return -1;
	}
	(void)close(dfd);
	return fd;
}

/* Whether the host's file at path is a regular ELF file of this class and
 * machine: the loader passes over the others (a 32-bit libc on a 64-bit
 * host's search path, another architecture's). */
static bool elf_matches(const char *path, const struct elf_deps *d)
{
	unsigned char h[20];
	struct stat st;
	uint16_t machine;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	     fd_read(&fd, 0, h, sizeof(h)) == 0;
	(void)close(fd);
	if (!ok || memcmp(h, ELFMAG, SELFMAG) != 0 ||
	    h[EI_CLASS] != d->elf_class || h[EI_DATA] != d->data)
		return false;
	machine = d->data == ELFDATA2MSB ? (uint16_t)(h[18] << 8 | h[19])
					 : (uint16_t)(h[19] << 8 | h[18]);
	return machine == d->machine;
}

/* A chain of the DT_RPATHs of the objects that led to this one: the loader
 * searches them all (unless the object has a DT_RUNPATH). */
struct rchain {
	const char *rpath;  /* NULL when the object has none (or a RUNPATH) */
	const char *origin; /* its $ORIGIN */
	const struct rchain *up;
};

/* Look for name in each directory of a DT_RPATH or DT_RUNPATH list. */
static bool search_list(const char *list, const char *origin, const char *name,
			const struct elf_deps *d, char *out)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char dir[PATH_MAX];

		if (mkroot_expand_origin(p, n, origin, dir, sizeof(dir)) == 0 &&
		    mkroot_join(dir, name, out, PATH_MAX) == 0 &&
		    elf_matches(out, d))
			return true;
		p = colon ? colon + 1 : NULL;
	}
	return false;
}

/* Whether dir is one the loader searches without ld.so.cache: its own
 * directory (and the /usr-less twin of it), /lib, /usr/lib. */
static bool loader_default(const struct mk *mk, const char *dir)
{
	const char *s = mk->sysdir;

	if (strcmp(dir, "/lib") == 0 || strcmp(dir, "/usr/lib") == 0)
		return true;
	if (s[0] == '\0')
		return false;
	return strcmp(dir, s) == 0 ||
	       (strncmp(s, "/usr/", 5) == 0 && strcmp(dir, s + 4) == 0) ||
	       (strncmp(dir, "/usr/", 5) == 0 && strcmp(dir + 4, s) == 0);
}

static int add_elf(struct mk *mk, int fd, const char *path, const char *origin,
		   const struct rchain *up);

/* One DT_NEEDED name of the object d (at origin), found as the loader would
 * find it, and added with what it needs. */
static int add_needed(struct mk *mk, const char *name, const char *who,
		      const struct elf_deps *d, const char *origin,
		      const struct rchain *chain)
{
	char found[PATH_MAX], real[PATH_MAX], dir[PATH_MAX];
	bool ok = false, elsewhere = false;
	int fd, rc;

	if (strchr(name, '/') != NULL) {
		if (name[0] != '/')
			return FAIL(mk,
				    "%s needs %s, a relative path: not "
				    "supported",
				    who, name);
		if (mkroot_clean_path(name, found, sizeof(found)) < 0)
			return FAIL(mk, "%s: path too long", name);
		ok = true;
	}
	if (!ok && d->runpath == NULL)
		for (const struct rchain *c = chain; c && !ok; c = c->up)
			if (c->rpath != NULL)
				ok = search_list(c->rpath, c->origin, name, d,
						 found);
	if (!ok && d->runpath != NULL)
		ok = search_list(d->runpath, origin, name, d, found);
	for (size_t i = 0; !ok && i < mk->libdirs.n; i++)
		if (mkroot_join(mk->libdirs.v[i], name, found, sizeof(found)) ==
			0 &&
		    elf_matches(found, d)) {
			ok = true;
			elsewhere = !loader_default(mk, mk->libdirs.v[i]);
		}
	if (!ok && mk->lenient)
		return 0;
	if (!ok)
		return FAIL(mk, "%s: not found (needed by %s)", name, who);
	fd = add_file(mk, found, false, real);
	if (fd < 0)
		return -1;
	/* Found where the host's loader looks only through ld.so.cache: the
	 * root has no cache, so a symlink in the loader's own directory. */
	if (elsewhere && mk->sysdir[0] != '\0') {
		if (mkroot_join(mk->sysdir, name, dir, sizeof(dir)) < 0 ||
		    put_symlink(mk, dir, found, true) < 0) {
			(void)close(fd);
			return -1;
		}
	}
	(void)snprintf(dir, sizeof(dir), "%s", found);
	*strrchr(dir, '/') = '\0';
	if (mk->depth >= MAX_LIB_DEPTH) {
		(void)close(fd);
		return FAIL(mk, "%s: libraries nested more than %d deep", who,
			    MAX_LIB_DEPTH);
	}
	mk->depth++;
	rc = add_elf(mk, fd, real, dir[0] ? dir : "/", chain);
	mk->depth--;
	(void)close(fd);
	return rc;
}

/* The loader and the libraries of the ELF file open at fd (path; origin is
 * its $ORIGIN), if it is one; a file that is not ELF needs nothing. */
static int add_elf(struct mk *mk, int fd, const char *path, const char *origin,
		   const struct rchain *up)
{
	struct elf_deps d;
	struct cj_err why = {0, ""};
	struct stat st;
	struct rchain me;
	int rc = 0;

	if (fstat(fd, &st) < 0)
		return FAIL_ERRNO(mk, errno, "%s", path);
	for (size_t i = 0; i < mk->n_done; i++)
		if (mk->done[i].dev == st.st_dev &&
		    mk->done[i].ino == st.st_ino)
			return 0;
	rc = elf_deps_read(fd_read, &fd, (uint64_t)st.st_size, &d, &why);
	if (rc < 0 && mk->lenient)
		return 0;
	if (rc < 0)
		return FAIL(mk, "%s: %s", path, why.msg);
	if (rc == 0)
		return 0;
	if (mk->n_done == mk->cap_done) {
		size_t cap = mk->cap_done ? mk->cap_done * 2 : 64;
		void *nd = realloc(mk->done, cap * sizeof(*mk->done));

		if (nd == NULL) {
			elf_deps_free(&d);
			return oom(mk);
		}
		mk->done = nd;
		mk->cap_done = cap;
	}
	mk->done[mk->n_done].dev = st.st_dev;
	mk->done[mk->n_done].ino = st.st_ino;
	mk->n_done++;
	rc = 0;
	if (d.interp != NULL) {
		char real[PATH_MAX];
		int ifd = add_file(mk, d.interp, false, real);

		if (ifd < 0) {
			elf_deps_free(&d);
			return -1;
		}
		if (mk->sysdir[0] == '\0') {
			(void)snprintf(mk->sysdir, sizeof(mk->sysdir), "%s",
				       real);
			*strrchr(mk->sysdir, '/') = '\0';
		}
		rc = add_elf(mk, ifd, real, mk->sysdir, NULL);
		(void)close(ifd);
	}
	me.rpath = d.runpath == NULL ? d.rpath : NULL;
	me.origin = origin;
	me.up = up;
	for (size_t i = 0; rc == 0 && i < d.n_needed; i++)
		rc = add_needed(mk, d.needed[i], path, &d, origin, &me);
	elf_deps_free(&d);
	return rc;
}

/* A program's path on the host: as given when it has a '/', else the
 * first executable file of that name on PATH. */
static int find_program(struct mk *mk, const char *name, bool missing_ok,
			char *out)
{
	const char *path = getenv("PATH");
	char cwd[PATH_MAX];

	if (strchr(name, '/') != NULL) {
		if (name[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL)
			return FAIL_ERRNO(mk, errno, "getcwd");
		if (mkroot_join(name[0] == '/' ? "/" : cwd, name, out,
				PATH_MAX) < 0)
			return FAIL(mk, "%s: path too long", name);
		return 0;
	}
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	while (path != NULL) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		char dir[PATH_MAX];
		struct stat st;

		/* Relative entries (the caller's cwd) are not looked in. */
		if (n > 0 && n < sizeof(dir) && path[0] == '/') {
			memcpy(dir, path, n);
			dir[n] = '\0';
			if (mkroot_join(dir, name, out, PATH_MAX) == 0 &&
			    stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
			    (st.st_mode & 0111) != 0)
				return 0;
		}
		path = colon ? colon + 1 : NULL;
	}
	if (missing_ok)
		return 1;
	return FAIL(mk, "%s: not found on PATH", name);
}

/* A program: the file, then a script's interpreter, or an ELF file's
 * loader and libraries. */
static int add_program(struct mk *mk, const char *path, int depth)
{
	char real[PATH_MAX], dir[PATH_MAX], head[256];
	char interp[PATH_MAX], arg[sizeof(head)], found[PATH_MAX];
	ssize_t n;
	int fd, rc;

	fd = add_file(mk, path, false, real);
	if (fd < 0)
		return -1;
	do
		n = pread(fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = FAIL_ERRNO(mk, errno, "%s", real);
		goto out;
	}
	rc = mkroot_shebang(head, (size_t)n, interp, sizeof(interp), arg,
			    sizeof(arg));
	if (rc < 0) {
		rc = FAIL(mk, "%s: a #! line without an interpreter", real);
		goto out;
	}
	if (rc == 1) {
		const char *base = strrchr(interp, '/');

		if (depth >= MAX_SHEBANG) {
			rc = FAIL_ERRNO(mk, ELOOP, "%s", real);
			goto out;
		}
		if (interp[0] != '/') {
			rc = FAIL(mk, "%s: a relative #! interpreter", real);
			goto out;
		}
		rc = add_program(mk, interp, depth + 1);
		/* "#!/usr/bin/env prog": prog, from PATH, as env would. */
		if (rc == 0 && base != NULL && strcmp(base, "/env") == 0 &&
		    arg[0] != '\0' && arg[0] != '-' &&
		    strchr(arg, ' ') == NULL &&
		    find_program(mk, arg, true, found) == 0)
			rc = add_program(mk, found, depth + 1);
		goto out;
	}
	/* $ORIGIN of a program is where it really is, as /proc/self/exe. */
	(void)snprintf(dir, sizeof(dir), "%s", real);
	*strrchr(dir, '/') = '\0';
	rc = add_elf(mk, fd, real, dir[0] ? dir : "/", NULL);
out:
	(void)close(fd);
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
		return FAIL(mk, "%s: directories nested too deep", path);
	if (dupfd < 0)
		return FAIL_ERRNO(mk, errno, "dup");
	d = fdopendir(dupfd);
	if (d == NULL) {
		(void)close(dupfd);
		return FAIL_ERRNO(mk, errno, "%s", path);
	}
	for (;;) {
		char child[PATH_MAX], target[PATH_MAX], real[PATH_MAX];
		struct stat st;
		ssize_t n;
		int s, t;

		errno = 0;
		e = readdir(d);
		if (e == NULL) {
			if (errno != 0)
				rc = FAIL_ERRNO(mk, errno, "%s", path);
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s",
			     strcmp(path, "/") == 0 ? "" : path,
			     e->d_name) >= (int)sizeof(child)) {
			rc = FAIL(mk, "%s/%s: path too long", path, e->d_name);
			break;
		}
		if (fstatat(src, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = FAIL_ERRNO(mk, errno, "%s", child);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			if (st.st_dev != dev || (st.st_dev == mk->root_dev &&
						 st.st_ino == mk->root_ino))
				continue; /* a mount point, or DIR itself */
			if (mkdirat(dst, e->d_name, 0700) < 0 &&
			    errno != EEXIST) {
				rc = FAIL_ERRNO(mk, errno, "mkdir %s", child);
				break;
			}
			t = open_below(dst, e->d_name, O_RDONLY | O_DIRECTORY);
			s = openat(src, e->d_name,
				   O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				       O_CLOEXEC);
			if (t < 0 || s < 0 || fchmod(t, st.st_mode & 01777) < 0)
				rc = FAIL_ERRNO(mk, errno, "%s", child);
			else
				rc = copy_tree(mk, s, t, child, dev, depth + 1);
			if (t >= 0)
				(void)close(t);
			if (s >= 0)
				(void)close(s);
		} else if (S_ISREG(st.st_mode)) {
			struct stat fst;

			s = openat(src, e->d_name,
				   O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
				       O_CLOEXEC);
			if (s < 0) {
				rc = FAIL_ERRNO(mk, errno, "%s", child);
				break;
			}
			if (fstat(s, &fst) < 0 || !S_ISREG(fst.st_mode))
				rc = FAIL(mk, "%s: changed while it was read",
					  child);
			else
				rc = copy_into(mk, dst, e->d_name, s, &fst,
					       child);
			if (rc == 0)
				rc = add_elf(mk, s, child, path, NULL);
			(void)close(s);
		} else if (S_ISLNK(st.st_mode)) {
			n = readlinkat(src, e->d_name, target,
				       sizeof(target) - 1);
			if (n <= 0) {
				rc = FAIL_ERRNO(mk, n < 0 ? errno : EINVAL,
						"readlink %s", child);
				break;
			}
			target[n] = '\0';
			if (symlinkat(target, dst, e->d_name) < 0 &&
			    errno != EEXIST) {
				rc = FAIL_ERRNO(mk, errno, "symlink %s", child);
				break;
			}
			/* What it leads to, when that is a file: the
			 * symlink would dangle without it. */
			if (mkroot_join(path, target, real, sizeof(real)) ==
			    0) {
				s = add_file(mk, real, true, target);
				if (s == -1) {
					rc = -1;
				} else if (s >= 0) {
					rc = add_elf(mk, s, target, path, NULL);
					(void)close(s);
				}
			}
		}
		if (rc < 0)
			break;
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
		return FAIL_ERRNO(mk, errno, "getcwd");
	if (mkroot_join(arg[0] == '/' ? "/" : cwd, arg, path, sizeof(path)) < 0)
		return FAIL(mk, "%s: path too long", arg);
	if (walk_host(mk, path, false, real, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return add_program(mk, real, 0);
	if (st.st_dev == mk->root_dev && st.st_ino == mk->root_ino)
		return FAIL(mk, "--mkroot-add %s: that is DIR itself", arg);
	src = open(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0)
		return FAIL_ERRNO(mk, errno, "%s", real);
	dst = dir_at(mk, real);
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

/* The ld.so.conf file at path, its includes read in turn. */
struct ldconf_ctx {
	struct mk *mk;
	const char *file;
	int depth;
};

static int load_ldconf(struct mk *mk, const char *path, int depth);

static int ldconf_word(void *vctx, bool include, const char *word)
{
	struct ldconf_ctx *c = vctx;
	char pat[PATH_MAX], dir[PATH_MAX], clean[PATH_MAX];
	glob_t g;
	int rc = 0;

	if (!include) {
		if (word[0] == '/' &&
		    mkroot_clean_path(word, clean, sizeof(clean)) == 0 &&
		    strv_add(&c->mk->libdirs, clean) < 0)
			return oom(c->mk);
		return 0;
	}
	/* A relative pattern is taken from the including file's directory. */
	(void)snprintf(dir, sizeof(dir), "%s", c->file);
	*strrchr(dir, '/') = '\0';
	if (snprintf(pat, sizeof(pat), "%s%s%s", word[0] == '/' ? "" : dir,
		     word[0] == '/' ? "" : "/", word) >= (int)sizeof(pat))
		return 0;
	if (glob(pat, 0, NULL, &g) != 0)
		return 0; /* nothing matches */
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
		rc = load_ldconf(c->mk, g.gl_pathv[i], c->depth + 1);
	globfree(&g);
	return rc;
}

static int load_ldconf(struct mk *mk, const char *path, int depth)
{
	struct ldconf_ctx c = {mk, path, depth};
	char *text;
	size_t len;
	int rc;

	if (depth > MAX_LDCONF_NEST)
		return FAIL(mk, "%s: includes nested too deep", path);
	if (access(path, F_OK) < 0)
		return 0;
	if (read_small_file(path, 1U << 20, &text, &len, mk->err) < 0)
		return -1;
	rc = mkroot_ldconf_parse(text, ldconf_word, &c);
	free(text);
	return rc;
}

/* Where libraries are looked for after DT_RPATH and DT_RUNPATH: the
 * directories of ld.so.conf (the loader's cache is made from them), then
 * the loader's own defaults. */
static int search_dirs(struct mk *mk)
{
	static const char *const defaults[] = {
	    "/lib64",
	    "/usr/lib64",
	    "/lib",
	    "/usr/lib",
	};

	if (load_ldconf(mk, "/etc/ld.so.conf", 0) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(defaults) / sizeof(*defaults); i++)
		if (strv_add(&mk->libdirs, defaults[i]) < 0)
			return oom(mk);
	return 0;
}

/* A directory in DIR with exactly this mode. */
static int put_dir(struct mk *mk, const char *name, mode_t mode)
{
	int fd;

	if (mkdirat(mk->root, name, 0700) < 0 && errno != EEXIST)
		return FAIL_ERRNO(mk, errno, "mkdir /%s", name);
	fd = open_below(mk->root, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return FAIL_ERRNO(mk, errno, "/%s", name);
	if (fchmod(fd, mode) < 0) {
		int e = errno;

		(void)close(fd);
		return FAIL_ERRNO(mk, e, "chmod /%s", name);
	}
	(void)close(fd);
	return 0;
}

/* A small file of ours, unless one is there already (--mkroot-add'ed);
 * with replace, over what is there (but never through a symlink). */
static int put_text(struct mk *mk, const char *path, const char *text,
		    bool replace)
{
	const char *name;
	int dfd = parent_at(mk, path, &name), fd, rc = 0;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, name,
		    O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
			(replace ? O_TRUNC : O_EXCL),
		    0644);
	if (fd < 0) {
		if (errno != EEXIST)
			rc = FAIL_ERRNO(mk, errno, "create %s", path);
	} else {
		if (fchmod(fd, 0644) < 0 ||
		    write_all(fd, text, strlen(text)) < 0)
			rc = FAIL_ERRNO(mk, errno, "write %s", path);
		if (close(fd) < 0 && rc == 0)
			rc = FAIL_ERRNO(mk, errno, "write %s", path);
	}
	(void)close(dfd);
	return rc;
}

/* The mount points -r uses. */
static int mount_points(struct mk *mk)
{
	return put_dir(mk, "proc", 0555) < 0 || put_dir(mk, "dev", 0755) < 0 ||
		       put_dir(mk, "tmp", 01777) < 0
		   ? -1
		   : 0;
}

static int build_host(struct mk *mk, const struct jail_spec *spec)
{
	char path[PATH_MAX];
	bool given = spec->argv != NULL && spec->argv[0] != NULL;

	if (search_dirs(mk) < 0 || mount_points(mk) < 0 ||
	    put_dir(mk, "root", 0700) < 0)
		return -1;
	if (given) {
		for (size_t i = 0; spec->argv[i] != NULL; i++)
			if (find_program(mk, spec->argv[i], false, path) < 0 ||
			    add_program(mk, path, 0) < 0)
				return -1;
	} else {
		for (size_t i = 0;
		     i < sizeof(default_programs) / sizeof(*default_programs);
		     i++) {
			int rc =
			    find_program(mk, default_programs[i], i > 0, path);

			if (rc < 0 || (rc == 0 && add_program(mk, path, 0) < 0))
				return -1;
		}
	}
	for (size_t i = 0; i < spec->n_mkroot_add; i++)
		if (add_any(mk, spec->mkroot_add[i]) < 0)
			return -1;
	/* Last, so that an --mkroot-add'ed file of the same name wins. */
	for (size_t i = 0; i < sizeof(etc_files) / sizeof(*etc_files); i++)
		if (put_text(mk, etc_files[i][0], etc_files[i][1], false) < 0)
			return -1;
	return 0;
}

/* --- debootstrap ------------------------------------------------------- */

/* The first mirror of the host's apt sources for suite. */
static void host_mirror(const char *suite, char *out, size_t size)
{
	static const char *const lists[] = {
	    "/etc/apt/sources.list", "/etc/apt/sources.list.d/*.list",
	    "/etc/apt/sources.list.d/*.sources"};

	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		glob_t g;

		if (glob(lists[i], 0, NULL, &g) != 0)
			continue;
		for (size_t j = 0; j < g.gl_pathc; j++) {
			struct cj_err why;
			char *text;
			size_t len;
			int rc;

			if (read_small_file(g.gl_pathv[j], 1U << 20, &text,
					    &len, &why) < 0)
				continue;
			rc = mkroot_apt_mirror(text, i == 2, suite, out, size);
			free(text);
			if (rc == 0) {
				globfree(&g);
				return;
			}
		}
		globfree(&g);
	}
	(void)snprintf(out, size, "%s", "http://deb.debian.org/debian");
}

static int build_debootstrap(struct mk *mk, const struct jail_spec *spec,
			     const char *dirpath)
{
	char suite[128], mirror[1024], prog[PATH_MAX], include[1024];
	char *argv[8];
	struct stat st;
	size_t a = 0;
	pid_t pid;
	int status;

	/* sudo's and root's PATH have /usr/sbin; a user's may not. */
	if (find_program(mk, "debootstrap", true, prog) != 0)
		(void)snprintf(prog, sizeof(prog), "/usr/sbin/debootstrap");
	if (access(prog, X_OK) < 0)
		return FAIL(mk, "debootstrap not found (an optional "
				"dependency: apt-get install debootstrap)");
	if (spec->mkroot_suite != NULL) {
		(void)snprintf(suite, sizeof(suite), "%s", spec->mkroot_suite);
	} else {
		struct cj_err why;
		char *text;
		size_t len;
		int rc;

		if (read_small_file("/etc/os-release", 1U << 16, &text, &len,
				    &why) < 0)
			return FAIL(mk, "%s (give --mkroot-suite)", why.msg);
		rc = mkroot_os_codename(text, suite, sizeof(suite));
		free(text);
		if (rc < 0)
			return FAIL(mk,
				    "no VERSION_CODENAME in "
				    "/etc/os-release (give --mkroot-suite)");
	}
	if (spec->mkroot_mirror != NULL)
		(void)snprintf(mirror, sizeof(mirror), "%s",
			       spec->mkroot_mirror);
	else
		host_mirror(suite, mirror, sizeof(mirror));
	argv[a++] = prog;
	argv[a++] = (char *)(uintptr_t) "--variant=minbase";
	if (spec->mkroot_include != NULL) {
		(void)snprintf(include, sizeof(include), "--include=%s",
			       spec->mkroot_include);
		argv[a++] = include;
	}
	argv[a++] = suite;
	argv[a++] = (char *)(uintptr_t)dirpath;
	argv[a++] = mirror;
	argv[a] = NULL;
	(void)fflush(NULL);
	pid = fork();
	if (pid < 0)
		return FAIL_ERRNO(mk, errno, "fork");
	if (pid == 0) {
		(void)execve(prog, argv, environ);
		(void)fprintf(stderr, "capejail: --mkroot %s: %s: %s\n",
			      mk->dir, prog, strerror(errno));
		_exit(CJ_EXIT_NOEXEC);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return FAIL_ERRNO(mk, errno, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return FAIL(
		    mk,
		    "debootstrap %s %s failed (%s %d); DIR is left as "
		    "it is, see its debootstrap/debootstrap.log",
		    suite, mirror, WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	/* debootstrap was given the path: check that it filled the
	 * directory this fd holds. */
	if (fstatat(mk->root, "etc/passwd", &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode))
		return FAIL(mk, "no etc/passwd after debootstrap: was DIR "
				"replaced while it ran?");
	/* debootstrap copies the host's name in; the jail's is "jail". */
	return mount_points(mk) < 0 ||
		       put_text(mk, "/etc/hostname", "jail\n", true) < 0
		   ? -1
		   : 0;
}

/* --- DIR --------------------------------------------------------------- */

/* DIR: made, or an empty directory of ours that others cannot write,
 * reached through no symlink. The parent's fd and DIR's name in it are
 * kept, for removal after a failure. */
static int open_target(struct mk *mk, int *parent, char *base, size_t bsz,
		       bool *created)
{
	char buf[PATH_MAX];
	struct open_how how = {O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
			       RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
	const char *slash, *pdir;
	struct stat st;
	size_t n = strlen(mk->dir);
	DIR *d;
	struct dirent *e;
	int fd;

	*created = false;
	while (n > 1 && mk->dir[n - 1] == '/')
		n--;
	if (n >= sizeof(buf))
		return FAIL(mk, "path too long");
	memcpy(buf, mk->dir, n);
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (snprintf(base, bsz, "%s", slash ? slash + 1 : buf) >= (int)bsz)
		return FAIL(mk, "name too long");
	if (base[0] == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		return FAIL(mk, "name a new or empty directory");
	if (slash == NULL)
		pdir = ".";
	else if (slash == buf)
		pdir = "/";
	else {
		buf[slash - buf] = '\0';
		pdir = buf;
	}
	*parent = (int)syscall(SYS_openat2, AT_FDCWD, pdir, &how, sizeof(how));
	if (*parent < 0)
		return errno == ELOOP
			   ? FAIL(mk, "the path goes through a symlink (give "
				      "the real path)")
			   : FAIL_ERRNO(mk, errno, "%s", pdir);
	if (mkdirat(*parent, base, 0700) == 0) {
		*created = true;
	} else if (errno != EEXIST) {
		return FAIL_ERRNO(mk, errno, "mkdir");
	}
	fd = open_below(*parent, base, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return errno == ELOOP	  ? FAIL(mk, "is a symlink (give the "
							 "real path)")
		       : errno == ENOTDIR ? FAIL(mk, "exists and is not a "
						     "directory")
					  : FAIL_ERRNO(mk, errno, "open");
	mk->root = fd;
	if (fstat(fd, &st) < 0)
		return FAIL_ERRNO(mk, errno, "stat");
	mk->root_dev = st.st_dev;
	mk->root_ino = st.st_ino;
	if (*created)
		return fchmod(fd, 0755) < 0 ? FAIL_ERRNO(mk, errno, "chmod")
					    : 0;
	if (st.st_uid != geteuid())
		return FAIL(mk, "belongs to uid %u, not to us",
			    (unsigned)st.st_uid);
	if ((st.st_mode & 022) != 0)
		return FAIL(mk, "others can write into it (chmod go-w)");
	fd = fcntl(mk->root, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return FAIL_ERRNO(mk, errno, "dup");
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);
		return FAIL_ERRNO(mk, errno, "opendir");
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	(void)closedir(d);
	if (e != NULL)
		return FAIL(mk, "not empty (give a new or empty directory)");
	return 0;
}

/* Remove everything below dirfd, never following a symlink. Best effort:
 * it runs after an error, which is what is reported. */
static void remove_below(int dirfd, int depth)
{
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	struct dirent *e;
	DIR *d;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (d == NULL) {
		(void)close(fd);
		return;
	}
	rewinddir(d); /* the offset is shared with dirfd, read before */
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < MAX_TREE_DEPTH + 8) {
			sub = openat(dirfd, e->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);
			if (sub >= 0) {
				remove_below(sub, depth + 1);
				(void)close(sub);
			}
			(void)unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			(void)unlinkat(dirfd, e->d_name, 0);
		}
	}
	(void)closedir(d);
}

int mkroot_build(const struct jail_spec *spec, struct cj_err *err)
{
	struct mk mk;
	char base[NAME_MAX + 1];
	int parent = -1, rc;
	bool created = false, ours = false;

	memset(&mk, 0, sizeof(mk));
	mk.dir = spec->mkroot;
	mk.root = -1;
	mk.err = err;
	rc = open_target(&mk, &parent, base, sizeof(base), &created);
	ours = rc == 0; /* DIR new or empty: what is in it is this run's */
	if (rc == 0)
		rc = spec->mkroot_debootstrap
			 ? build_debootstrap(&mk, spec, spec->mkroot)
			 : build_host(&mk, spec);
	/* A root half made from the host is taken away again (debootstrap's
	 * is kept for its log). */
	if (rc < 0 && ours && !spec->mkroot_debootstrap) {
		remove_below(mk.root, 0);
		if (created)
			(void)unlinkat(parent, base, AT_REMOVEDIR);
	}
	if (rc < 0) {
		char msg[sizeof(err->msg)];

		(void)snprintf(msg, sizeof(msg), "%s", err->msg);
		int n = snprintf(err->msg, sizeof(err->msg), "--mkroot %s: %s",
				 spec->mkroot, msg);

		if (n < 0)
			err->msg[0] = '\0';
	}
	if (mk.root >= 0)
		(void)close(mk.root);
	if (parent >= 0)
		(void)close(parent);
	strv_free(&mk.libdirs);
	free(mk.done);
	return rc;
}
