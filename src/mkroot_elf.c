/* mkroot_elf.c - the host's files a program needs, as the loader finds
 * them: its interpreter (PT_INTERP) and the closure of its libraries
 * (DT_NEEDED, searched in DT_RPATH, DT_RUNPATH, ld.so.conf's directories and
 * the loader's), read from the files by elfdeps.c, never by running
 * anything; each copied to the same path in DIR, the symlinks on the way made
 * again as symlinks. */
#define _GNU_SOURCE
#include "mkroot_int.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfdeps.h"
#include "util.h"

#include "banned.h"

int mk_strv_add(struct strv *s, const char *str)
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

void mk_strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free((void *)s->v);
	memset(s, 0, sizeof(*s));
}

/* The host's path in DIR at the same place: the symlinks on the way are
 * made again in DIR and followed on the host. Fills real (the path with no
 * symlink left) and st (lstat of it). Returns 0, 1 if some component is
 * missing and missing_ok, or -1. */
int mk_walk_host(struct mk *mk, const char *path, bool missing_ok, char *real,
		 struct stat *st)
{
	char cur[PATH_MAX], prefix[PATH_MAX], target[PATH_MAX];
	char dir[PATH_MAX], next[2 * PATH_MAX];
	int hops = 0;

	memset(st, 0, sizeof(*st));

	if (mkroot_clean_path(path, cur, sizeof(cur)) < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: not an absolute path", path);
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
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno,
					     "%s", prefix);
		}
		if (S_ISLNK(st->st_mode)) {
			if (++hops > MAX_HOPS)
				return cj_fail_errno(mk->err, CJ_EXIT_SETUP,
						     ELOOP, "%s", path);
			len = readlink(prefix, target, sizeof(target) - 1);
			if (len <= 0)
				return cj_fail_errno(mk->err, CJ_EXIT_SETUP,
						     len < 0 ? errno : EINVAL,
						     "readlink %s", prefix);
			target[len] = '\0';
			if (mk_put_symlink(mk, prefix, target, false) < 0)
				return -1;
			/* The rest of the path, from where the link leads. */
			(void)snprintf(dir, sizeof(dir), "%s", prefix);
			*strrchr(dir, '/') = '\0';
			if (snprintf(next, sizeof(next), "%s%s", target,
				     end ? end : "") >= (int)sizeof(next) ||
			    mkroot_join(dir[0] ? dir : "/", next, cur,
					sizeof(cur)) < 0)
				return cj_fail(mk->err, CJ_EXIT_SETUP,
					       "%s: path too long", path);
			goto restart;
		}
		if (end == NULL)
			break;
		if (!S_ISDIR(st->st_mode))
			return cj_fail_errno(mk->err, CJ_EXIT_SETUP, ENOTDIR,
					     "%s", prefix);
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
int mk_add_file(struct mk *mk, const char *path, bool missing_ok, char *real)
{
	struct stat st, fst;
	const char *name = "";
	int rc, fd, dfd;

	rc = mk_walk_host(mk, path, missing_ok, real, &st);
	if (rc != 0)
		return rc < 0 ? -1 : -2;
	if (!S_ISREG(st.st_mode)) {
		if (missing_ok)
			return -2;
		return cj_fail(
		    mk->err, CJ_EXIT_SETUP, "%s: not a regular file%s", real,
		    S_ISDIR(st.st_mode) ? " (directories: --mkroot-add)" : "");
	}
	fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", real);
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode)) {
		(void)close(fd);
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: changed while it was read", real);
	}
	dfd = mk_parent_at(mk, real, &name);
	if (dfd < 0 || mk_copy_into(mk, dfd, name, fd, &fst, real) < 0) {
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

int mk_add_elf(struct mk *mk, int fd, const char *path, const char *origin,
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
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s needs %s, a relative path: not "
				       "supported",
				       who, name);
		if (mkroot_clean_path(name, found, sizeof(found)) < 0)
			return cj_fail(mk->err, CJ_EXIT_SETUP,
				       "%s: path too long", name);
		/* As the loader: only an ELF object of the same kind, not
		 * any file the program names. */
		if (!elf_matches(found, d))
			return mk->lenient ? 0
					   : cj_fail(mk->err, CJ_EXIT_SETUP,
						     "%s needs %s: not an ELF "
						     "object of its kind",
						     who, name);
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
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: not found (needed by %s)", name, who);
	fd = mk_add_file(mk, found, false, real);
	if (fd < 0)
		return -1;
	/* Found where the host's loader looks only through ld.so.cache: the
	 * root has no cache, so a symlink in the loader's own directory. */
	if (elsewhere && mk->sysdir[0] != '\0') {
		if (mkroot_join(mk->sysdir, name, dir, sizeof(dir)) < 0 ||
		    mk_put_symlink(mk, dir, found, true) < 0) {
			(void)close(fd);
			return -1;
		}
	}
	(void)snprintf(dir, sizeof(dir), "%s", found);
	*strrchr(dir, '/') = '\0';
	if (mk->depth >= MAX_LIB_DEPTH) {
		(void)close(fd);
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: libraries nested more than %d deep", who,
			       MAX_LIB_DEPTH);
	}
	mk->depth++;
	rc = mk_add_elf(mk, fd, real, dir[0] ? dir : "/", chain);
	mk->depth--;
	(void)close(fd);
	return rc;
}

/* The loader and the libraries of the ELF file open at fd (path; origin is
 * its $ORIGIN), if it is one; a file that is not ELF needs nothing. */
/* The loader (PT_INTERP) of the program d (at path), with what it needs. */
static int add_interp(struct mk *mk, const struct elf_deps *d, const char *path)
{
	char real[PATH_MAX];
	int ifd, rc;

	if (!elf_matches(d->interp, d))
		return mk->lenient ? 0
				   : cj_fail(mk->err, CJ_EXIT_SETUP,
					     "%s: its loader %s is not an ELF "
					     "object of its kind",
					     path, d->interp);
	ifd = mk_add_file(mk, d->interp, false, real);
	if (ifd < 0)
		return -1;
	if (mk->sysdir[0] == '\0') {
		(void)snprintf(mk->sysdir, sizeof(mk->sysdir), "%s", real);
		*strrchr(mk->sysdir, '/') = '\0';
	}
	mk->depth++;
	rc = mk_add_elf(mk, ifd, real, mk->sysdir, NULL);
	mk->depth--;
	(void)close(ifd);
	return rc;
}

int mk_add_elf(struct mk *mk, int fd, const char *path, const char *origin,
	       const struct rchain *up)
{
	struct elf_deps d;
	struct cj_err why = {0, ""};
	struct stat st;
	struct rchain me;
	int rc = 0;

	if (fstat(fd, &st) < 0)
		return cj_fail_errno(mk->err, CJ_EXIT_SETUP, errno, "%s", path);
	for (size_t i = 0; i < mk->n_done; i++)
		if (mk->done[i].dev == st.st_dev &&
		    mk->done[i].ino == st.st_ino)
			return 0;
	rc = elf_deps_read(fd_read, &fd, (uint64_t)st.st_size, &d, &why);
	if (rc < 0 && mk->lenient)
		return 0;
	if (rc < 0)
		return cj_fail(mk->err, CJ_EXIT_SETUP, "%s: %s", path, why.msg);
	if (rc == 0)
		return 0;
	if (mk->n_done == mk->cap_done) {
		size_t cap = mk->cap_done ? mk->cap_done * 2 : 64;
		void *nd = realloc(mk->done, cap * sizeof(*mk->done));

		if (nd == NULL) {
			elf_deps_free(&d);
			return mk_oom(mk);
		}
		mk->done = nd;
		mk->cap_done = cap;
	}
	mk->done[mk->n_done].dev = st.st_dev;
	mk->done[mk->n_done].ino = st.st_ino;
	mk->n_done++;
	/* The loader of what is run (a library's PT_INTERP is not used, nor
	 * the loader's own: the kernel reads one, of the program). */
	rc = d.interp != NULL && mk->depth == 0 ? add_interp(mk, &d, path) : 0;
	me.rpath = d.runpath == NULL ? d.rpath : NULL;
	me.origin = origin;
	me.up = up;
	for (size_t i = 0; rc == 0 && i < d.n_needed; i++)
		rc = add_needed(mk, d.needed[i], path, &d, origin, &me);
	elf_deps_free(&d);
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
		    mk_strv_add(&c->mk->libdirs, clean) < 0)
			return mk_oom(c->mk);
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
		return cj_fail(mk->err, CJ_EXIT_SETUP,
			       "%s: includes nested too deep", path);
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
int mk_search_dirs(struct mk *mk)
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
		if (mk_strv_add(&mk->libdirs, defaults[i]) < 0)
			return mk_oom(mk);
	return 0;
}
