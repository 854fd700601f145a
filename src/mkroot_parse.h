/* mkroot_parse.h - the parts of --mkroot that only compute: paths by their
 * text, and the parsers of ld.so.conf, "#!" lines, os-release and apt
 * sources (unit tests, tests/fuzz). */
#ifndef CAPEJAIL_MKROOT_PARSE_H
#define CAPEJAIL_MKROOT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* An absolute path, normalised by its text alone: no empty, "." or ".."
 * components (".." of / is /), no trailing slash. Only right for a path
 * whose components are known to hold no symlink. 0, or -1 if in is not
 * absolute or out is too small. */
/* The next name of path *p ("/a//b": "a", then "b"): *name and its length
 * (0 at the end), *p moved past it. */
size_t mkroot_next_name(const char **p, const char **name);

int mkroot_clean_path(const char *in, char *out, size_t size);

/* rel taken from directory dir (rel as it is when absolute), cleaned. */
int mkroot_join(const char *dir, const char *rel, char *out, size_t size);

/* One element (n bytes) of a DT_RPATH or DT_RUNPATH list, with $ORIGIN and
 * ${ORIGIN} replaced by origin, cleaned. -1 for what the jail's loader
 * would not read the same way here: another $TOKEN ($LIB, $PLATFORM), an
 * empty or relative element, a result too long. */
int mkroot_expand_origin(const char *elem, size_t n, const char *origin,
			 char *out, size_t size);

/* The lines of an ld.so.conf: fn(ctx, false, DIR) for each directory,
 * fn(ctx, true, PATTERN) for each pattern of an "include" line; "hwcap"
 * lines and comments are skipped. Stops at fn's first negative return,
 * which is returned; else 0. */
typedef int (*mkroot_ldconf_fn)(void *ctx, bool include, const char *word);
int mkroot_ldconf_parse(const char *text, mkroot_ldconf_fn fn, void *ctx);

/* A script's "#!" line, read as the kernel reads it: the interpreter, and
 * the rest of the line as one optional argument. 1 if buf starts a script
 * (interp and arg filled; arg may be empty), 0 if it does not, -1 if the
 * line names no usable interpreter. */
int mkroot_shebang(const char *buf, size_t len, char *interp, size_t isz,
		   char *arg, size_t asz);

/* VERSION_CODENAME of an os-release text. 0, or -1 if it has none. */
int mkroot_os_codename(const char *text, char *out, size_t size);

/* The first http(s), ftp or file URI of a "deb" source for suite: from an
 * apt sources.list (one line per source) or, with deb822, a .sources file
 * (stanzas with Types, URIs, Suites, Enabled). 0, or -1 if there is none. */
int mkroot_apt_mirror(const char *text, bool deb822, const char *suite,
		      char *out, size_t size);

/* A Debian suite name or package name as debootstrap takes them: letters,
 * digits, '.', '+', '-', '_', not starting with '-'. */
bool mkroot_valid_name(const char *s, size_t n);

#endif
