/* json.h - a strict, minimal JSON reader for the unit tests (RFC 8259): the
 * reports and profiles capejail writes are parsed here, so that a test can
 * say "valid JSON" without a tool outside the test and then look at the
 * values. Strict where capejail's writers could go wrong: raw control bytes
 * and bytes that are not UTF-8 in strings, bad escapes, lone surrogates,
 * duplicate keys, trailing commas, leading zeros, anything after the value. */
#ifndef CAPEJAIL_TEST_JSON_H
#define CAPEJAIL_TEST_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json {
	int type;	 /* enum json_type */
	bool b;		 /* JSON_BOOL */
	bool is_int;	 /* JSON_NUM without fraction or exponent */
	long long i;	 /* JSON_NUM, is_int */
	char *s;	 /* JSON_STR: decoded (UTF-8, NUL-terminated) */
	size_t len;	 /* JSON_STR: its length (it may hold a NUL) */
	size_t n;	 /* JSON_ARR, JSON_OBJ: members */
	struct json **v; /* their values */
	char **k;	 /* JSON_OBJ: their keys */
};

struct json_in {
	const char *p, *end;
	const char *why; /* the first error */
	int depth;
};

static inline struct json *json_value(struct json_in *in);

static inline void json_free(struct json *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++) {
		json_free(j->v[i]);
		if (j->k)
			free(j->k[i]);
	}
	free(j->v);
	free(j->k);
	free(j->s);
	free(j);
}

static inline void *json_fail(struct json_in *in, const char *why)
{
	if (in->why == NULL)
		in->why = why;
	return NULL;
}

static inline void json_ws(struct json_in *in)
{
	while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' ||
				   *in->p == '\n' || *in->p == '\r'))
		in->p++;
}

static inline bool json_lit(struct json_in *in, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(in->end - in->p) < n || memcmp(in->p, word, n) != 0)
		return false;
	in->p += n;
	return true;
}

/* Append code point c to buf as UTF-8. */
static inline void json_put_utf8(char *buf, size_t *o, unsigned long c)
{
	if (c < 0x80) {
		buf[(*o)++] = (char)c;
	} else if (c < 0x800) {
		buf[(*o)++] = (char)(0xc0 | (c >> 6));
		buf[(*o)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		buf[(*o)++] = (char)(0xe0 | (c >> 12));
		buf[(*o)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[(*o)++] = (char)(0x80 | (c & 0x3f));
	} else {
		buf[(*o)++] = (char)(0xf0 | (c >> 18));
		buf[(*o)++] = (char)(0x80 | ((c >> 12) & 0x3f));
		buf[(*o)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[(*o)++] = (char)(0x80 | (c & 0x3f));
	}
}

static inline long json_hex4(struct json_in *in)
{
	long v = 0;

	if (in->end - in->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = *in->p++;

		v *= 16;
		if (c >= '0' && c <= '9')
			v += c - '0';
		else if (c >= 'a' && c <= 'f')
			v += c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v += c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* The length of the well-formed UTF-8 sequence at p (shortest form, no
 * surrogates, at most U+10FFFF), or 0. */
static inline size_t json_utf8_len(const unsigned char *p,
				   const unsigned char *end)
{
	size_t n;
	unsigned long c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

/* A string, the opening quote at in->p; decoded into a malloc'd buffer. */
static inline char *json_string(struct json_in *in, size_t *len)
{
	/* Decoded text is never longer than its source. */
	char *buf = malloc((size_t)(in->end - in->p) + 1);
	size_t o = 0;

	if (buf == NULL)
		return json_fail(in, "out of memory");
	in->p++;
	while (in->p < in->end && *in->p != '"') {
		unsigned char c = (unsigned char)*in->p;

		if (c < 0x20) {
			free(buf);
			return json_fail(in, "raw control byte in a string");
		}
		if (c != '\\') {
			size_t n =
			    json_utf8_len((const unsigned char *)in->p,
					  (const unsigned char *)in->end);

			if (n == 0) {
				free(buf);
				return json_fail(in, "not UTF-8 in a string");
			}
			memcpy(buf + o, in->p, n);
			o += n;
			in->p += n;
			continue;
		}
		if (++in->p >= in->end)
			break;
		c = (unsigned char)*in->p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			buf[o++] = (char)c;
			break;
		case 'b':
			buf[o++] = '\b';
			break;
		case 'f':
			buf[o++] = '\f';
			break;
		case 'n':
			buf[o++] = '\n';
			break;
		case 'r':
			buf[o++] = '\r';
			break;
		case 't':
			buf[o++] = '\t';
			break;
		case 'u': {
			long u = json_hex4(in), lo;

			if (u >= 0xdc00 && u <= 0xdfff)
				u = -1; /* a low surrogate first */
			if (u >= 0xd800 && u <= 0xdbff) {
				lo = json_lit(in, "\\u") ? json_hex4(in) : -1;
				u = lo >= 0xdc00 && lo <= 0xdfff
					? 0x10000 + ((u - 0xd800) << 10) +
					      (lo - 0xdc00)
					: -1;
			}
			if (u < 0) {
				free(buf);
				return json_fail(in, "bad \\u escape");
			}
			json_put_utf8(buf, &o, (unsigned long)u);
			break;
		}
		default:
			free(buf);
			return json_fail(in, "bad escape");
		}
	}
	if (in->p >= in->end) {
		free(buf);
		return json_fail(in, "unterminated string");
	}
	in->p++;
	buf[o] = '\0';
	*len = o;
	return buf;
}

static inline bool json_digits(struct json_in *in)
{
	const char *start = in->p;

	while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
		in->p++;
	return in->p > start;
}

static inline struct json *json_number(struct json_in *in, struct json *j)
{
	const char *start = in->p;
	char text[64];

	j->type = JSON_NUM;
	j->is_int = true;
	if (in->p < in->end && *in->p == '-')
		in->p++;
	if (in->p < in->end && *in->p == '0')
		in->p++; /* no leading zeros: a 0 stands alone */
	else if (!json_digits(in))
		return json_fail(in, "bad number");
	if (in->p < in->end && *in->p == '.') {
		in->p++;
		j->is_int = false;
		if (!json_digits(in))
			return json_fail(in, "bad fraction");
	}
	if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
		in->p++;
		j->is_int = false;
		if (in->p < in->end && (*in->p == '+' || *in->p == '-'))
			in->p++;
		if (!json_digits(in))
			return json_fail(in, "bad exponent");
	}
	if (j->is_int) {
		size_t n = (size_t)(in->p - start);

		if (n >= sizeof(text))
			return json_fail(in, "integer too long");
		memcpy(text, start, n);
		text[n] = '\0';
		j->i = strtoll(text, NULL, 10);
	}
	return j;
}

static inline bool json_push(struct json *j, struct json *v, char *key)
{
	struct json **nv = realloc(j->v, (j->n + 1) * sizeof(*nv));
	char **nk;

	if (nv == NULL)
		return false;
	j->v = nv;
	if (j->type == JSON_OBJ) {
		nk = realloc(j->k, (j->n + 1) * sizeof(*nk));
		if (nk == NULL)
			return false;
		j->k = nk;
		j->k[j->n] = key;
	}
	j->v[j->n++] = v;
	return true;
}

/* The members of an array or object, the opening bracket at in->p. */
static inline struct json *json_members(struct json_in *in, struct json *j)
{
	char close = j->type == JSON_OBJ ? '}' : ']';

	in->p++;
	json_ws(in);
	if (in->p < in->end && *in->p == close) {
		in->p++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		json_ws(in);
		if (j->type == JSON_OBJ) {
			size_t klen;

			if (in->p >= in->end || *in->p != '"')
				return json_fail(in, "expected a key");
			key = json_string(in, &klen);
			if (key == NULL)
				return NULL;
			for (size_t i = 0; i < j->n; i++)
				if (strcmp(j->k[i], key) == 0) {
					free(key);
					return json_fail(in, "duplicate key");
				}
			json_ws(in);
			if (!json_lit(in, ":")) {
				free(key);
				return json_fail(in, "expected ':'");
			}
		}
		v = json_value(in);
		if (v == NULL || !json_push(j, v, key)) {
			json_free(v);
			free(key);
			return json_fail(in, "bad member");
		}
		json_ws(in);
		if (json_lit(in, ","))
			continue;
		if (in->p < in->end && *in->p == close) {
			in->p++;
			return j;
		}
		return json_fail(in, "expected ',' or the closing bracket");
	}
}

static inline struct json *json_value(struct json_in *in)
{
	struct json *j = calloc(1, sizeof(*j)), *r = NULL;

	if (j == NULL)
		return json_fail(in, "out of memory");
	json_ws(in);
	if (in->p >= in->end) {
		r = json_fail(in, "expected a value");
	} else if (*in->p == '{' || *in->p == '[') {
		j->type = *in->p == '{' ? JSON_OBJ : JSON_ARR;
		if (++in->depth > 64)
			r = json_fail(in, "nested too deep");
		else
			r = json_members(in, j);
		in->depth--;
	} else if (*in->p == '"') {
		j->type = JSON_STR;
		j->s = json_string(in, &j->len);
		r = j->s ? j : NULL;
	} else if (json_lit(in, "true")) {
		j->type = JSON_BOOL;
		j->b = true;
		r = j;
	} else if (json_lit(in, "false")) {
		j->type = JSON_BOOL;
		r = j;
	} else if (json_lit(in, "null")) {
		j->type = JSON_NULL;
		r = j;
	} else if (*in->p == '-' || (*in->p >= '0' && *in->p <= '9')) {
		r = json_number(in, j);
	} else {
		r = json_fail(in, "unexpected character");
	}
	if (r == NULL)
		json_free(j);
	return r;
}

/* Parse exactly one JSON value (white space around it allowed) from len
 * bytes of text. NULL if it is not valid JSON; then *why says what. */
static inline struct json *json_parse(const char *text, size_t len,
				      const char **why)
{
	struct json_in in = {text, text + len, NULL, 0};
	struct json *j = json_value(&in);

	if (j != NULL) {
		json_ws(&in);
		if (in.p != in.end) {
			json_free(j);
			j = json_fail(&in, "text after the value");
		}
	}
	*why = in.why ? in.why : "";
	return j;
}

/* The member key of object o, or NULL (also when o is no object). */
static inline const struct json *json_get(const struct json *o, const char *key)
{
	if (o == NULL || o->type != JSON_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->k[i], key) == 0)
			return o->v[i];
	return NULL;
}

/* Its string, or NULL when j is no string. */
static inline const char *json_str_of(const struct json *j)
{
	return j && j->type == JSON_STR ? j->s : NULL;
}

/* Is j the integer i? */
static inline bool json_is_int(const struct json *j, long long i)
{
	return j && j->type == JSON_NUM && j->is_int && j->i == i;
}

#endif
