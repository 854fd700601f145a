/* fuzz_report.c - libFuzzer harness of report_json_str (make fuzz): the
 * escaper of --report's strings, which carry what the jail chose (a
 * process's comm, the name of a syscall it made).
 *
 * The input is the string. Besides crashes and undefined behaviour, it
 * checks that the output is one JSON string that decodes to the input
 * byte for byte, but for bytes that are no UTF-8, each of which must be
 * one U+FFFD: raw output bytes only printable ASCII or a well-formed UTF-8
 * sequence copied from the input, escapes only \" \\ \u00XX (for a
 * control byte) and \ufffd. tests/unit/test_fuzz.c runs check_report on
 * every file of tests/fuzz/report/regressions. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#include "banned.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The length of a well-formed UTF-8 sequence at s (RFC 3629), 0 if none:
 * written apart from report.c's, from the RFC's table of byte ranges. */
static size_t utf8_seq(const unsigned char *s)
{
	static const struct {
		unsigned char lead_lo, lead_hi, lo, hi;
		size_t n;
	} t[] = {{0xc2, 0xdf, 0x80, 0xbf, 2}, {0xe0, 0xe0, 0xa0, 0xbf, 3},
		 {0xe1, 0xec, 0x80, 0xbf, 3}, {0xed, 0xed, 0x80, 0x9f, 3},
		 {0xee, 0xef, 0x80, 0xbf, 3}, {0xf0, 0xf0, 0x90, 0xbf, 4},
		 {0xf1, 0xf3, 0x80, 0xbf, 4}, {0xf4, 0xf4, 0x80, 0x8f, 4}};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (s[0] < t[i].lead_lo || s[0] > t[i].lead_hi)
			continue;
		if (s[1] < t[i].lo || s[1] > t[i].hi)
			return 0;
		for (size_t k = 2; k < t[i].n; k++)
			if (s[k] < 0x80 || s[k] > 0xbf)
				return 0;
		return t[i].n;
	}
	return 0;
}

/* 1 if out (n bytes) is one JSON string that stands for s as promised. */
static int stands_for(const char *out, size_t n, const unsigned char *s)
{
	size_t i = 1, k = 0;

	if (n < 2 || out[0] != '"' || out[n - 1] != '"')
		return 0;
	while (i < n - 1) {
		const unsigned char *o = (const unsigned char *)out + i;
		size_t m;

		if (o[0] == '\\' && (o[1] == '"' || o[1] == '\\')) {
			if (s[k] != o[1])
				return 0;
			i += 2;
			k++;
		} else if (o[0] == '\\' && i + 5 < n &&
			   memcmp(o, "\\ufffd", 6) == 0) {
			if (s[k] < 0x80 || utf8_seq(s + k) != 0)
				return 0;
			i += 6;
			k++;
		} else if (o[0] == '\\' && i + 5 < n &&
			   memcmp(o, "\\u00", 4) == 0 &&
			   hexval(out[i + 4]) >= 0 && hexval(out[i + 5]) >= 0) {
			unsigned v = (unsigned)(hexval(out[i + 4]) * 16 +
						hexval(out[i + 5]));

			if ((v >= 0x20 && v != 0x7f) || s[k] != v)
				return 0;
			i += 6;
			k++;
		} else if (o[0] >= 0x20 && o[0] < 0x7f && o[0] != '"' &&
			   o[0] != '\\') {
			if (s[k] != o[0])
				return 0;
			i++;
			k++;
		} else if ((m = utf8_seq(o)) > 0 && i + m < n) {
			if (memcmp(o, s + k, m) != 0)
				return 0;
			i += m;
			k += m;
		} else {
			return 0;
		}
	}
	return s[k] == '\0';
}

/* 0 when report_json_str kept its promises on data, 1 when it did not. */
static int check_report(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size), *out = NULL;
	size_t len = 0;
	FILE *f;
	int bad;

	if (s == NULL || (f = open_memstream(&out, &len)) == NULL)
		abort(); /* out of memory: not a finding */
	report_json_str(f, s);
	if (fclose(f) != 0 || out == NULL)
		abort();
	bad = memchr(out, '\0', len) != NULL ||
	      !stands_for(out, len, (const unsigned char *)s);
	free(out);
	free(s);
	return bad;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (check_report(data, size) != 0)
		abort();
	return 0;
}
#endif
