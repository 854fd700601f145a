/* fuzz_mkroot_text.c - libFuzzer harness of the text parsers of --mkroot
 * (make fuzz): ld.so.conf, a script's "#!" line (the program handed to
 * --mkroot, read as root), os-release, apt sources (one-line and deb822),
 * and the path helpers their results go through.
 *
 * The input is "SEL TEXT": SEL (a byte) picks the parser. Besides crashes,
 * leaks and undefined behaviour, it checks what mkroot_parse.h promises of
 * each result. tests/unit/test_fuzz.c runs check_mkroot_text on every file
 * of tests/fuzz/mkroot_text/regressions. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mkroot_parse.h"

#include "banned.h"

static bool has_space(const char *s)
{
	return strpbrk(s, " \t\r\n\v\f") != NULL;
}

/* A path as mkroot_clean_path leaves it. */
static bool clean(const char *p)
{
	size_t n = strlen(p);

	if (p[0] != '/' || (n > 1 && p[n - 1] == '/') ||
	    strstr(p, "//") != NULL)
		return false;
	for (const char *c = p; (c = strchr(c, '/')) != NULL; c++)
		if ((c[1] == '.' && (c[2] == '/' || c[2] == '\0')) ||
		    (c[1] == '.' && c[2] == '.' &&
		     (c[3] == '/' || c[3] == '\0')))
			return false;
	return true;
}

struct ldconf_seen {
	size_t calls, max;
	bool bad;
};

static int ldconf_word(void *vctx, bool include, const char *word)
{
	struct ldconf_seen *s = vctx;
	size_t n = strlen(word);

	if (++s->calls > s->max || n == 0 || n >= PATH_MAX ||
	    strchr(word, '#') != NULL ||
	    (include ? has_space(word)
		     : (has_space((char[]){word[0], '\0'}) ||
			(n > 1 && word[n - 1] == '/'))))
		s->bad = true;
	return s->calls == 1000 ? -7 : 0; /* and a stop, now and then */
}

static int check_ldconf(const char *text)
{
	struct ldconf_seen s = {0, strlen(text) + 1, false};
	int rc = mkroot_ldconf_parse(text, ldconf_word, &s);

	return s.bad || (rc != 0 && rc != -7) ||
	       (rc == -7) != (s.calls == 1000);
}

static int check_shebang(const char *buf, size_t len)
{
	char interp[PATH_MAX], arg[256];
	int rc =
	    mkroot_shebang(buf, len, interp, sizeof(interp), arg, sizeof(arg));
	bool script = len >= 2 && buf[0] == '#' && buf[1] == '!';
	size_t a;

	if (!script)
		return rc != 0;
	if (rc == -1)
		return 0;
	if (rc != 1)
		return 1;
	a = strlen(arg);
	/* As the kernel: the interpreter ends at a blank (' ', '\t') or the
	 * line's end; the argument is the rest, trimmed. */
	return interp[0] == '\0' || strpbrk(interp, " \t\n") != NULL ||
	       strchr(arg, '\n') != NULL ||
	       (a > 0 &&
		(arg[0] == ' ' || arg[0] == '\t' || has_space(arg + a - 1)));
}

static int check_codename(const char *text)
{
	char out[64];

	if (mkroot_os_codename(text, out, sizeof(out)) != 0)
		return 0;
	return !mkroot_valid_name(out, strlen(out));
}

static int check_apt(const char *text, bool deb822)
{
	char out[256];
	size_t n;

	if (mkroot_apt_mirror(text, deb822, "bookworm", out, sizeof(out)) != 0)
		return 0;
	n = strlen(out);
	return n == 0 || n >= sizeof(out) || has_space(out) ||
	       (strncmp(out, "http://", 7) != 0 &&
		strncmp(out, "https://", 8) != 0 &&
		strncmp(out, "ftp://", 6) != 0 &&
		strncmp(out, "file:/", 6) != 0);
}

/* clean_path, join and expand_origin: a result is clean, and cleaning it
 * again changes nothing. TEXT is "ORIGIN\nELEMENT". */
static int check_paths(const char *text)
{
	char a[PATH_MAX], b[PATH_MAX], origin[PATH_MAX];
	const char *nl = strchr(text, '\n'), *elem = nl ? nl + 1 : "";
	size_t on = nl ? (size_t)(nl - text) : strlen(text);

	if (mkroot_clean_path(text, a, sizeof(a)) == 0 &&
	    (!clean(a) || mkroot_clean_path(a, b, sizeof(b)) != 0 ||
	     strcmp(a, b) != 0))
		return 1;
	if (on >= sizeof(origin))
		return 0;
	memcpy(origin, text, on);
	origin[on] = '\0';
	if (mkroot_join(origin[0] == '/' ? origin : "/", elem, a, sizeof(a)) ==
		0 &&
	    !clean(a))
		return 1;
	if (mkroot_expand_origin(elem, strlen(elem), origin, a, sizeof(a)) ==
		0 &&
	    !clean(a))
		return 1;
	return 0;
}

/* 0 when the parsers kept their promises on data, 1 when they did not. */
static int check_mkroot_text(const uint8_t *data, size_t size)
{
	unsigned sel = size > 0 ? data[0] % 6 : 0;
	size_t len = size > 0 ? size - 1 : 0;
	char *text = malloc(len + 1);
	int bad = 0;

	if (text == NULL)
		abort(); /* out of memory: not a finding */
	if (len > 0)
		memcpy(text, data + 1, len);
	text[len] = '\0';
	switch (sel) {
	case 0:
		bad = check_ldconf(text);
		break;
	case 1: /* the bytes as read from the file: not NUL-terminated */
		bad = check_shebang((const char *)data + 1, len);
		break;
	case 2:
		bad = check_codename(text);
		break;
	case 3:
	case 4:
		bad = check_apt(text, sel == 4);
		break;
	default:
		bad = check_paths(text);
		break;
	}
	free(text);
	return bad;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (check_mkroot_text(data, size) != 0)
		abort();
	return 0;
}
#endif
