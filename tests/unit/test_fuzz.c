/* test_fuzz.c - the fuzz targets' corpora and regressions (tests/fuzz/NAME),
 * run through the same checks as the fuzzers: each input must keep what
 * the parser promises. A regression is an input a fuzzer once failed on,
 * kept when the bug was fixed. The policy fuzzer's are run by test_policy.
 * Run from the top of the tree (as `make unit` does). */
#define _GNU_SOURCE
#define FUZZ_NO_MAIN
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"

#include "../fuzz/fuzz_creds.c"
#include "../fuzz/fuzz_elfdeps.c"
#include "../fuzz/fuzz_mkroot_text.c"
#include "../fuzz/fuzz_report.c"

#include "banned.h"

/* The whole file at path, in a buffer of exactly its size (a read past
 * the end is a sanitizer error in `make sanitize`). */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(n > 0 ? (size_t)n : 1)) != NULL &&
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = buf ? (size_t)n : 0;
	(void)fclose(f);
	return buf;
}

static void run_dir(const char *target, const char *kind,
		    int (*check)(const uint8_t *, size_t))
{
	char dir[256];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	(void)snprintf(dir, sizeof(dir), "tests/fuzz/%s/%s", target, kind);
	d = opendir(dir);
	if (d == NULL) {
		printf("ok %d - %s # SKIP not in the current directory\n",
		       ++tap_n, dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char path[512];
		uint8_t *buf;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = slurp(path, &len);
		ok(buf != NULL && check(buf, len) == 0, "%s: %s", dir,
		   e->d_name);
		free(buf);
		n++;
	}
	(void)closedir(d);
	printf("# %s: %zu inputs\n", dir, n);
}

int main(void)
{
	static const struct {
		const char *name;
		int (*check)(const uint8_t *, size_t);
	} targets[] = {
	    {"elfdeps", check_elfdeps},
	    {"creds", check_creds},
	    {"mkroot_text", check_mkroot_text},
	    {"report", check_report},
	};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		run_dir(targets[i].name, "corpus", targets[i].check);
		run_dir(targets[i].name, "regressions", targets[i].check);
	}
	/* The checks themselves: an empty input, and a broken result is
	 * seen as broken. */
	ok(check_elfdeps((const uint8_t *)"", 0) == 0 &&
	       check_creds((const uint8_t *)"", 0) == 0 &&
	       check_mkroot_text((const uint8_t *)"", 0) == 0 &&
	       check_report((const uint8_t *)"", 0) == 0,
	   "every check passes an empty input");
#define SF(out, s) stands_for(out, sizeof(out) - 1, (const unsigned char *)(s))
	ok(SF("\"ab\"", "ab") && !SF("\"ab\"", "abc") && !SF("\"ab\"", "ax") &&
	       SF("\"a\\u0001\"", "a\001") && !SF("\"a\\x\"", "a") &&
	       !SF("ab", "ab") && SF("\"caf\xc3\xa9\"", "caf\xc3\xa9") &&
	       SF("\"\\ufffd\"", "\xff") && !SF("\"\\ufffd\"", "\xc3\xa9") &&
	       !SF("\"\xff\"", "\xff"),
	   "the report check decodes escapes and UTF-8, and sees a wrong "
	   "string");
	ok(clean("/a/b") && !clean("/a/./b") && !clean("/a/../b") &&
	       !clean("/a/") && !clean("a") && !clean("//a"),
	   "the path check sees an unclean path");
	return tap_done();
}
