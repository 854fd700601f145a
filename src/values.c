/* values.c - the values options take: sizes, counts, seconds, rlimits
 * (cli.h). Pure. */
#include "cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

#include "banned.h"

/* A size: digits with an optional K, M, G or T (powers of 1024). */
int cli_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;
	bool too_large = false;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			too_large = true;
		else
			v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'K':
	case 'k':
		mult = 1ULL << 10;
		p++;
		break;
	case 'M':
	case 'm':
		mult = 1ULL << 20;
		p++;
		break;
	case 'G':
	case 'g':
		mult = 1ULL << 30;
		p++;
		break;
	case 'T':
	case 't':
		mult = 1ULL << 40;
		p++;
		break;
	default:
		break;
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0')
		return -1;
	if (too_large || v > UINT64_MAX / mult)
		return -2;
	*out = v * mult;
	return 0;
}

/* A decimal with up to three places ("0.5", "2", "1.25") in thousandths. */
int cli_parse_milli(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int places = -1;

	if (*s < '0' || *s > '9')
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || places == 3 ||
		    v > UINT64_MAX / 10 - 9)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		if (places >= 0)
			places++;
	}
	for (int i = places < 0 ? 0 : places; i < 3; i++) {
		if (v > UINT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*out = v;
	return 0;
}

int cli_parse_count(const char *s, uint64_t *out)
{
	size_t n = strlen(s);

	if (n == 0 || s[n - 1] < '0' || s[n - 1] > '9')
		return -1;
	return cli_parse_size(s, out);
}

int cli_parse_rlim(const char *s, bool size, uint64_t *out)
{
	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	return size ? cli_parse_size(s, out) : cli_parse_count(s, out);
}
