/* jsonstr.c - a string as JSON (report.h): for --report, and alone for its
 * fuzz target. */
#include <stdio.h>

#include "report.h"

#include "banned.h"

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is
 * none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* s as a JSON string, to f: quotes, backslashes and control bytes
 * escaped, UTF-8 kept, a byte that is no UTF-8 (a program names itself as
 * it likes) as U+FFFD. */
void report_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	(void)fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		if (*p == '"' || *p == '\\')
			(void)fprintf(f, "\\%c", *p++);
		else if (*p < 0x20 || *p == 0x7f)
			(void)fprintf(f, "\\u%04x", *p++);
		else if (*p < 0x80)
			(void)fputc(*p++, f);
		else if (n > 0) {
			(void)fwrite(p, 1, n, f);
			p += n;
		} else {
			(void)fputs("\\ufffd", f);
			p++;
		}
	}
	(void)fputc('"', f);
}
