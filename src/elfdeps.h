/* elfdeps.h - what the dynamic loader needs of an ELF file: its interpreter
 * (PT_INTERP), the libraries it names (DT_NEEDED) and where it says to look
 * for them (DT_RPATH, DT_RUNPATH). Read by hand, without running anything:
 * the file may be the untrusted program itself. Pure: bytes come through a
 * read callback, so tests can hand in a buffer. */
#ifndef CAPEJAIL_ELFDEPS_H
#define CAPEJAIL_ELFDEPS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* More DT_NEEDED entries than any real object has. */
#define ELF_MAX_NEEDED 1024

struct elf_deps {
	unsigned char elf_class; /* ELFCLASS32 or ELFCLASS64 */
	unsigned char data;	 /* ELFDATA2LSB or ELFDATA2MSB */
	uint16_t type;		 /* e_type: ET_EXEC, ET_DYN, ... */
	uint16_t machine;	 /* e_machine: EM_X86_64, ... */
	char *interp;		 /* PT_INTERP, or NULL */
	char **needed;		 /* DT_NEEDED, in file order */
	size_t n_needed;
	char *rpath;   /* DT_RPATH, or NULL */
	char *runpath; /* DT_RUNPATH, or NULL */
};

/* Read len bytes at off into buf: 0 when all were read, -1 otherwise. */
typedef int (*elf_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

/* Parse the file of size bytes that rd reads. Returns 1 with d filled (free
 * it with elf_deps_free), 0 when the file is not ELF (d empty), -1 when it is
 * ELF but malformed, or on out of memory: err says why (without the file's
 * name, which the caller adds). */
int elf_deps_read(elf_read_fn rd, void *ctx, uint64_t size, struct elf_deps *d,
		  struct cj_err *err);

/* The same, for a file in memory. */
int elf_deps_mem(const void *buf, size_t len, struct elf_deps *d,
		 struct cj_err *err);

void elf_deps_free(struct elf_deps *d);

#endif
