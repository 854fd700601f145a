/* fuzz_elfdeps.c - libFuzzer harness of elf_deps_mem and elf_deps_read
 * (make fuzz): the ELF reader --mkroot runs, as root, on the program it is
 * handed and on every library that program names.
 *
 * The input is a file's bytes. Besides crashes, leaks and undefined
 * behaviour, it checks what elfdeps.h promises of the result, and that
 * reading through the callback (as --mkroot does, with pread) gives the same
 * result as reading from memory. tests/unit/test_fuzz.c runs check_elfdeps
 * on every file of tests/fuzz/elfdeps/regressions. */
#define _GNU_SOURCE
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elfdeps.h"

#include "banned.h"

struct fz_buf {
	const uint8_t *p;
	size_t n;
};

static int fz_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct fz_buf *b = ctx;

	if (off > b->n || len > b->n - off)
		return -1;
	memcpy(buf, b->p + off, len);
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int zeroed(const struct elf_deps *d)
{
	return d->interp == NULL && d->needed == NULL && d->n_needed == 0 &&
	       d->rpath == NULL && d->runpath == NULL;
}

/* 0 when elfdeps kept its promises on data, 1 when it did not. */
static int check_elfdeps(const uint8_t *data, size_t size)
{
	struct elf_deps d, d2;
	struct cj_err err = {0, ""}, err2 = {0, ""};
	struct fz_buf b = {data, size};
	int rc = elf_deps_mem(data, size, &d, &err);
	int rc2 = elf_deps_read(fz_read, &b, size, &d2, &err2);
	int bad = 0;

	if (rc != rc2 || rc < -1 || rc > 1)
		bad = 1;
	else if (rc == -1)
		bad = err.msg[0] == '\0' || err.status != CJ_EXIT_SETUP ||
		      memchr(err.msg, '\0', sizeof(err.msg)) == NULL ||
		      strcmp(err.msg, err2.msg) != 0 || !zeroed(&d);
	else if (rc == 0)
		bad = !zeroed(&d) || !zeroed(&d2);
	if (rc == 1 && !bad) {
		bad =
		    (d.elf_class != ELFCLASS32 && d.elf_class != ELFCLASS64) ||
		    (d.data != ELFDATA2LSB && d.data != ELFDATA2MSB) ||
		    d.n_needed > ELF_MAX_NEEDED ||
		    (d.n_needed > 0 && d.needed == NULL) ||
		    (d.interp != NULL && d.interp[0] == '\0') ||
		    (d.rpath != NULL && d.rpath[0] == '\0') ||
		    (d.runpath != NULL && d.runpath[0] == '\0') ||
		    d.n_needed != d2.n_needed ||
		    !same_str(d.interp, d2.interp) ||
		    !same_str(d.rpath, d2.rpath) ||
		    !same_str(d.runpath, d2.runpath);
		for (size_t i = 0; !bad && i < d.n_needed; i++)
			bad = d.needed[i] == NULL || d.needed[i][0] == '\0' ||
			      !same_str(d.needed[i], d2.needed[i]);
	}
	elf_deps_free(&d);
	elf_deps_free(&d2);
	return bad;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (check_elfdeps(data, size) != 0)
		abort();
	return 0;
}
#endif
