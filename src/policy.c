/* policy.c - parser of the SYSCALLS.md format (see policy.h). */
#define _GNU_SOURCE
#include "policy.h"
#include "policy_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum section { SEC_NONE, SEC_OTHER, SEC_BLOCKED, SEC_ALLOWED };

/* Valid UTF-8, no NUL and no control characters but tab/CR/LF: anything else
 * is not a text file written by a person. Control characters include the C1
 * ones (U+0080-U+009F: U+009B is a terminal's CSI) and the bidi overrides
 * and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what a
 * terminal shows: capejail prints a policy's words on the caller's. */
static long first_junk(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return (long)i;
			if (c == 0x7f)
				return (long)i;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return (long)i;
		if (i + n >= len)
			return (long)i; /* truncated sequence */
		/* The second byte's range rules out overlong forms,
		 * surrogates and code points above U+10FFFF (RFC 3629). */
		if ((c == 0xe0 && s[i + 1] < 0xa0) ||
		    (c == 0xed && s[i + 1] > 0x9f) ||
		    (c == 0xf0 && s[i + 1] < 0x90) ||
		    (c == 0xf4 && s[i + 1] > 0x8f))
			return (long)i;
		for (size_t k = 1; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return (long)i;
		if ((c == 0xc2 && s[i + 1] < 0xa0) ||
		    (c == 0xe2 && s[i + 1] == 0x80 && s[i + 2] >= 0xaa &&
		     s[i + 2] <= 0xae) ||
		    (c == 0xe2 && s[i + 1] == 0x81 && s[i + 2] >= 0xa6 &&
		     s[i + 2] <= 0xa9))
			return (long)i;
		i += n + 1;
	}
	return -1;
}

static unsigned line_of(const char *text, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* A ``` or ~~~ fence line: up to three spaces of indent, as Markdown has
 * it. Both readers of the text (headings and rule lines) use this one. */
static bool is_fence(const char *ln, size_t llen)
{
	size_t i = 0;

	while (i < 3 && i < llen && ln[i] == ' ')
		i++;
	return starts_with(ln + i, llen - i, "```") ||
	       starts_with(ln + i, llen - i, "~~~");
}

/* Trim blanks of [*s, *s+*len). */
static void trim(const char **s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static enum section section_of(const char *title, size_t len)
{
	trim(&title, &len);
	if (len == 7 && memcmp(title, "Blocked", 7) == 0)
		return SEC_BLOCKED;
	if (len == 7 && memcmp(title, "Allowed", 7) == 0)
		return SEC_ALLOWED;
	return SEC_OTHER;
}

/* Skip U+FE0F (variation selector-16, EF B8 8F), which editors put next to
 * emoji, sometimes on the wrong side. */
static void skip_vs16(const char **s, size_t *len)
{
	while (*len >= 3 && memcmp(*s, "\xef\xb8\x8f", 3) == 0) {
		*s += 3;
		*len -= 3;
	}
}

/* Parse "name [⚠️] [(arch)]" of a ### heading into e. */
static int parse_heading(const char *s, size_t len, struct policy_entry *e,
			 const char *file, struct cj_err *err)
{
	size_t n = 0;

	trim(&s, &len);
	while (n < len && (isalnum((unsigned char)s[n]) || s[n] == '_'))
		n++;
	if (n == 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: a ### heading must start with a syscall "
			       "name",
			       file, e->line);
	if (n >= CJ_NAME_MAX)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: syscall name too long", file, e->line);
	memcpy(e->name, s, n);
	e->name[n] = '\0';
	s += n;
	len -= n;
	trim(&s, &len);
	skip_vs16(&s, &len);
	if (len >= 3 && memcmp(s, "\xe2\x9a\xa0", 3) == 0) { /* U+26A0 */
		e->m.warn = true;
		s += 3;
		len -= 3;
		skip_vs16(&s, &len);
		trim(&s, &len);
	}
	if (len > 0 && s[0] == '(') {
		size_t k = 1;

		while (k < len && (isalnum((unsigned char)s[k]) || s[k] == '_'))
			k++;
		if (k == 1 || k >= len || s[k] != ')' || k - 1 >= CJ_ARCH_MAX)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: expected (ARCH) after the "
				       "name",
				       file, e->line, e->name);
		memcpy(e->arch, s + 1, k - 1);
		e->arch[k - 1] = '\0';
		s += k + 1;
		len -= k + 1;
		trim(&s, &len);
	}
	if (len > 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: unexpected text after the name "
			       "(only ⚠️ or (ARCH) may follow)",
			       file, e->line, e->name);
	return 0;
}

char *policy_summary(const char *reason)
{
	size_t len = strlen(reason);
	char *out = malloc(len + 1);
	size_t o = 0;
	bool space = false;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = reason[i];

		/* A paragraph ends the sentence too (a seed line without its
		 * full stop: "See [x](#x)"). */
		if (c == '\n' && o > 0 && i + 1 < len) {
			size_t j = i + 1;

			while (j < len && reason[j] != '\n' &&
			       isspace((unsigned char)reason[j]))
				j++;
			if (j < len && reason[j] == '\n')
				break;
		}
		if (isspace((unsigned char)c)) {
			space = o > 0;
			continue;
		}
		if (space) {
			out[o++] = ' ';
			space = false;
		}
		if (c == ']' && i + 1 < len && reason[i + 1] == '(') {
			/* [text](link): keep text, drop the link. */
			const char *close = strchr(reason + i + 1, ')');

			if (close != NULL) {
				i = (size_t)(close - reason);
				continue;
			}
		}
		if (c == '[') {
			/* The start of [text](link) goes; a lone '[' stays. */
			const char *close = strchr(reason + i, ']');

			if (close != NULL && close[1] == '(')
				continue;
		}
		if (c == '`')
			continue;
		out[o++] = c;
		if ((c == '.' || c == '!' || c == '?') &&
		    (i + 1 == len || isspace((unsigned char)reason[i + 1])))
			break;
	}
	out[o] = '\0';
	return out;
}

/* An errno by name (strerrorname_np) or number. */
int policy_parse_errno(const char *s, int *out)
{
	char *end;
	long v;

	for (int e = 1; e < 4096; e++) {
		const char *name = strerrorname_np(e);

		if (name != NULL && strcmp(name, s) == 0) {
			*out = e;
			return 0;
		}
	}
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > 4095)
		return -1;
	*out = (int)v;
	return 0;
}

/* Is [r, r+rlen) (a list item's text, trimmed) the start of a rule: a code
 * span of `errno ...`, `quiet` or `block ...`? *open: its span goes on
 * over the next lines. */
static bool rule_start(const char *r, size_t rlen, bool *open)
{
	const char *close;

	if (rlen < 2 || r[0] != '`')
		return false;
	close = memchr(r + 1, '`', rlen - 1);
	*open = close == NULL;
	if (!*open && close != r + rlen - 1)
		return false; /* text after the span: prose */
	if (*open)
		return starts_with(r + 1, rlen - 1, "block ");
	return starts_with(r + 1, rlen - 2, "errno ") ||
	       (rlen == 7 && starts_with(r + 1, 5, "quiet")) ||
	       starts_with(r + 1, rlen - 2, "block ");
}

/* Gather a rule's code span into text (*tlen bytes, NUL-terminated): the
 * item's first line [r, r+rlen), and while open (no closing backtick yet)
 * the next lines, joined by a space as Markdown joins them. *p, *nl and
 * *line move to the span's last line. */
static int rule_text(const char **p, const char **nl, const char *end,
		     unsigned *line, const char *r, size_t rlen, bool open,
		     char *text, size_t *tlen, const char *name,
		     const char *file, struct cj_err *err)
{
	unsigned at = *line;

	*tlen = 0;
	for (;;) {
		size_t take = open ? rlen : rlen - 1; /* no closing ` */
		const char *q;

		if (*tlen + take + 2 > CJ_RULE_TEXT_MAX)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: rule too long", file, at,
				       name);
		if (*tlen > 0)
			text[(*tlen)++] = ' ';
		memcpy(text + *tlen, r, take);
		*tlen += take;
		if (!open)
			break;
		if (*nl == NULL)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: the rule's ` is never "
				       "closed",
				       file, at, name);
		*p = *nl + 1;
		(*line)++;
		*nl = memchr(*p, '\n', (size_t)(end - *p));
		r = *p;
		rlen = *nl ? (size_t)(*nl - *p) : (size_t)(end - *p);
		trim(&r, &rlen);
		if (rlen == 0 || r[0] == '-' || r[0] == '*' || r[0] == '#' ||
		    r[0] == '`')
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: the rule's ` is never "
				       "closed",
				       file, at, name);
		q = memchr(r, '`', rlen);
		if (q != NULL && q != r + rlen - 1)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: text after a rule", file,
				       *line, name);
		open = q == NULL;
	}
	text[*tlen] = '\0';
	return 0;
}

/* Find the rule lines of an entry's text: list items that are one
 * backticked `errno ...` or `block ...`, outside ``` blocks; a `block`
 * span may go on over the item's next lines up to its closing backtick.
 * *prose counts the other non-blank lines: the reason proper. */
static int parse_rules(struct policy_entry *e, const char *body, size_t blen,
		       size_t *prose, const char *file, struct cj_err *err)
{
	unsigned line = e->line + 1;
	const char *p = body, *end = body + blen;
	bool fence = false;
	char text[CJ_RULE_TEXT_MAX];

	*prose = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned at = line;
		bool open = false;

		if (is_fence(p, len))
			fence = !fence;
		trim(&s, &len);
		if (!fence && len >= 4 && (s[0] == '-' || s[0] == '*') &&
		    s[1] == ' ') {
			const char *r = s + 2;
			size_t rlen = len - 2, tlen;

			trim(&r, &rlen);
			if (rule_start(r, rlen, &open)) {
				if (rule_text(&p, &nl, end, &line, r, rlen,
					      open, text, &tlen, e->name, file,
					      err) < 0)
					return -1;
				/* Without the opening backtick. */
				if (policy_parse_rule(e, text + 1, at, file,
						      err) < 0)
					return -1;
				len = 0; /* a rule is not prose */
			}
		}
		if (len > 0)
			(*prose)++;
		line++;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int finish_entry(struct policy_entry *e, const char *body, size_t blen,
			const char *file, struct cj_err *err)
{
	size_t prose;

	if (parse_rules(e, body, blen, &prose, file, err) < 0)
		return -1;
	trim(&body, &blen);
	if (prose == 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: no reason given (every entry needs "
			       "one)",
			       file, e->line, e->name);
	e->reason = strndup(body, blen);
	if (e->reason == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory", file);
	e->summary = policy_summary(e->reason);
	if (e->summary == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory", file);
	return 0;
}

long policy_find(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return (long)i;
	return -1;
}

void policy_free(struct policy *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].reason);
		free(p->v[i].summary);
		free(p->v[i].rules);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

static int push(struct policy *p, size_t *cap, struct cj_err *err,
		const char *file)
{
	if (p->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct policy_entry *nv = realloc(p->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory",
				       file);
		p->v = nv;
		*cap = ncap;
	}
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->n++;
	return 0;
}

/* Markdown ATX heading level of a line (1-6), or 0 if it is not one. */
static int heading_level(const char *ln, size_t llen)
{
	size_t n = 0;

	while (n < llen && ln[n] == '#')
		n++;
	if (n == 0 || n > 6 || (n < llen && ln[n] != ' ' && ln[n] != '\t'))
		return 0;
	return (int)n;
}

/* Append the entry whose heading text is [s, s+len). */
static int add_entry(struct policy *p, size_t *cap, enum section sec,
		     const char *s, size_t len, unsigned line, const char *file,
		     struct cj_err *err)
{
	struct policy_entry *e;
	long dup;

	if (push(p, cap, err, file) < 0)
		return -1;
	e = &p->v[p->n - 1];
	e->line = line;
	e->source = file;
	e->m.verdict = sec == SEC_BLOCKED ? CJ_BLOCK : CJ_ALLOW;
	if (parse_heading(s, len, e, file, err) < 0)
		return -1;
	p->n--; /* look for the name among the earlier entries only */
	dup = policy_find(p, e->name);
	p->n++;
	if (dup >= 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s is listed twice (also at line %u%s)",
			       file, e->line, e->name, p->v[dup].line,
			       p->v[dup].m.verdict == e->m.verdict
				   ? ""
				   : ", with the other verdict");
	return 0;
}

/* "See NAME." (a first sentence that only points at another entry):
 * NAME into name. */
static bool see_target(const char *summary, char name[CJ_NAME_MAX])
{
	size_t n = 0;

	if (strncmp(summary, "See ", 4) != 0)
		return false;
	summary += 4;
	while (n + 1 < CJ_NAME_MAX &&
	       (isalnum((unsigned char)summary[n]) || summary[n] == '_'))
		n++;
	if (n == 0 || (summary[n] != '\0' && strcmp(summary + n, ".") != 0))
		return false;
	memcpy(name, summary, n);
	name[n] = '\0';
	return true;
}

/* A reason whose first sentence only points at another entry ("See
 * [mknod](#mknod).") would say nothing where capejail prints it: its
 * summary becomes the first sentence of the entry it points at, followed a
 * few steps. */
int policy_resolve_see(struct policy *p, const char *file, struct cj_err *err)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *t = &p->v[i];
		char name[CJ_NAME_MAX], *s;

		for (int hop = 0; hop < 8 && see_target(t->summary, name);
		     hop++) {
			long at = policy_find(p, name);

			if (at < 0 || (size_t)at == i)
				break;
			t = &p->v[at];
		}
		if (t == &p->v[i] || see_target(t->summary, name))
			continue;
		s = strdup(t->summary);
		if (s == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory",
				       file);
		free(p->v[i].summary);
		p->v[i].summary = s;
	}
	return 0;
}

int policy_parse(const char *text, size_t len, const char *file,
		 struct policy *out, struct cj_err *err)
{
	struct policy p = {NULL, 0};
	size_t cap = 0;
	enum section sec = SEC_NONE;
	bool fence = false;
	const char *body = NULL; /* reason text of the open entry */
	long junk;
	size_t i = 0;

	out->v = NULL;
	out->n = 0;
	if (len > CJ_POLICY_MAX_BYTES)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: larger than %u bytes, not a policy", file,
			       CJ_POLICY_MAX_BYTES);
	junk = first_junk((const unsigned char *)text, len);
	if (junk >= 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: not text (a NUL, a control character "
			       "or invalid UTF-8)",
			       file, line_of(text, (size_t)junk));

	while (i <= len) {
		const char *ln = text + i;
		const char *nl = memchr(ln, '\n', len - i);
		size_t llen = nl ? (size_t)(nl - ln) : len - i;
		bool heading;
		int level;

		if (llen > 0 && ln[llen - 1] == '\r')
			llen--;
		if (is_fence(ln, llen))
			fence = !fence;
		level = heading_level(ln, llen);
		heading = !fence && level > 0;
		if (heading && body != NULL) {
			if (finish_entry(&p.v[p.n - 1], body,
					 (size_t)(ln - body), file, err) < 0)
				goto fail;
			body = NULL;
		}
		if (heading && level == 1) {
			sec = SEC_OTHER; /* a new part of the document */
		} else if (heading && level == 2) {
			sec = section_of(ln + 2, llen - 2);
		} else if (heading && level == 3) {
			if (sec != SEC_BLOCKED && sec != SEC_ALLOWED) {
				cj_fail(
				    err, CJ_EXIT_SETUP,
				    "%s:%u: ### heading outside the "
				    "'## Blocked' and '## Allowed' sections",
				    file, line_of(text, i));
				goto fail;
			}
			if (add_entry(&p, &cap, sec, ln + 3, llen - 3,
				      line_of(text, i), file, err) < 0)
				goto fail;
			body = nl ? nl + 1 : text + len;
		} else if (heading && level > 3 &&
			   (sec == SEC_BLOCKED || sec == SEC_ALLOWED)) {
			cj_fail(err, CJ_EXIT_SETUP,
				"%s:%u: only ### entries belong in the "
				"policy sections",
				file, line_of(text, i));
			goto fail;
		}
		if (nl == NULL)
			break;
		i = (size_t)(nl - text) + 1;
	}
	if (body != NULL &&
	    finish_entry(&p.v[p.n - 1], body, (size_t)(text + len - body), file,
			 err) < 0)
		goto fail;
	if (fence) {
		cj_fail(err, CJ_EXIT_SETUP, "%s: unterminated ``` block", file);
		goto fail;
	}
	if (policy_resolve_see(&p, file, err) < 0)
		goto fail;
	*out = p;
	return 0;
fail:
	policy_free(&p);
	return -1;
}
