/* fuzz_report.c - libFuzzer harness of report_json_str (make fuzz): the
 * escaper of --report's strings, which carry what the jail chose (a
 * process's comm, the name of a syscall it made).
 *
 * The input is "CAP STRING": CAP (a byte) is the output's size. Besides
 * crashes and undefined behaviour, it checks that the output is one JSON
 * string within CAP bytes, printable ASCII only, whose escapes decode to a
 * prefix of STRING (up to its first NUL; bytes over 0x7e as \u00XX).
 * tests/unit/test_fuzz.c runs check_report on every file of
 * tests/fuzz/report/regressions. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
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

/* Decode the JSON string out (one, quotes included) against s: how many
 * bytes of s it holds, or -1 when it is not one valid JSON string of a
 * prefix of s. */
static long decoded(const char *out, const char *s)
{
	size_t n = strlen(out), i = 1, k = 0;

	if (n < 2 || out[0] != '"' || out[n - 1] != '"')
		return -1;
	while (i < n - 1) {
		unsigned char c = (unsigned char)out[i];
		int v = -1;

		if (c < 0x20 || c > 0x7e || c == '"')
			return -1;
		if (c != '\\') {
			v = c;
			i++;
		} else if (out[i + 1] == '"' || out[i + 1] == '\\') {
			v = (unsigned char)out[i + 1];
			i += 2;
		} else if (out[i + 1] == 'u' && i + 5 < n &&
			   out[i + 2] == '0' && out[i + 3] == '0' &&
			   hexval(out[i + 4]) >= 0 && hexval(out[i + 5]) >= 0) {
			v = hexval(out[i + 4]) * 16 + hexval(out[i + 5]);
			i += 6;
		} else {
			return -1;
		}
		if (i > n - 1 || s[k] == '\0' || (unsigned char)s[k] != v)
			return -1;
		k++;
	}
	return (long)k;
}

/* 0 when report_json_str kept its promises on data, 1 when it did not. */
static int check_report(const uint8_t *data, size_t size)
{
	size_t cap = size > 0 ? data[0] : 0;
	char *s =
	    size > 1 ? strndup((const char *)data + 1, size - 1) : strdup("");
	char *out = malloc(cap + 1);
	int bad = 0;

	if (s == NULL || out == NULL)
		abort(); /* out of memory: not a finding */
	memset(out, 'X', cap + 1);
	report_json_str(out, cap, s);
	if (cap < 3) { /* too small for any string: out untouched */
		for (size_t i = 0; i <= cap; i++)
			bad |= out[i] != 'X';
	} else {
		long k = out[cap] == 'X' && memchr(out, '\0', cap) != NULL
			     ? decoded(out, s)
			     : -1;

		/* All of s where even its worst case fits. */
		bad = k < 0 ||
		      (6 * strlen(s) + 10 <= cap && (size_t)k != strlen(s));
	}
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
