/* mkroot_parse.c - the text parsers of --mkroot, pure: paths by their text,
 * ld.so.conf lines, a script's "#!" line, os-release's VERSION_CODENAME and
 * the mirror of an apt source (one-line or deb822). Their input is the host's
 * files or the program handed to --mkroot, so tests/fuzz runs each. */
#define _GNU_SOURCE
#include "mkroot_parse.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

size_t mkroot_next_name(const char **p, const char **name)
{
	while (**p == '/')
		(*p)++;
	*name = *p;
	while (**p != '\0' && **p != '/')
		(*p)++;
	return (size_t)(*p - *name);
}

int mkroot_clean_path(const char *in, char *out, size_t size)
{
	const char *p = in;
	size_t o = 1;

	if (in[0] != '/' || size < 2)
		return -1;
	out[0] = '/';
	for (;;) {
		const char *s;
		size_t n = mkroot_next_name(&p, &s);

		if (n == 0)
			break;
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
