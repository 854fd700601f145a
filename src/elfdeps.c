/* elfdeps.c - PT_INTERP, DT_NEEDED, DT_RPATH and DT_RUNPATH of an ELF file.
 *
 * Only the program headers and the dynamic section are read, as the loader
 * reads them (section headers can be stripped or lie). Every offset, size
 * and count comes from the file, so each is checked against the file's size
 * and a sane limit before it is used; a malformed file is an error, never a
 * read out of bounds. Both classes and both byte orders are read, so a root
 * can be made for another architecture's programs too. */
#define _GNU_SOURCE
#include "elfdeps.h"

#include <elf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Beyond these, a file is malformed rather than big: real dynamic sections
 * are a few hundred bytes, real .dynstr a few megabytes at most. */
#define MAX_DYN_BYTES (1U << 20)
#define MAX_STRTAB    (64U << 20)

struct file {
	elf_read_fn rd;
	void *ctx;
	uint64_t size;
	bool msb, is64;
};

/* Read len bytes at off, all within the file. */
static int get(const struct file *f, uint64_t off, void *buf, size_t len)
{
	if (off > f->size || len > f->size - off)
		return -1;
	return f->rd(f->ctx, off, buf, len);
}

/* An n-byte unsigned number in the file's byte order. */
static uint64_t num(const struct file *f, const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[f->msb ? n - 1 - i : i] << (8 * i);
	return v;
}

/* A member of an ELF structure at base, in the file's class. */
#define MEMBER(f, base, type, m)                                               \
	num((f),                                                               \
	    (base) + ((f)->is64 ? offsetof(Elf64_##type, m)                    \
				: offsetof(Elf32_##type, m)),                  \
	    (f)->is64 ? sizeof(((Elf64_##type *)NULL)->m)                      \
		      : sizeof(((Elf32_##type *)NULL)->m))

/* The file offset of virtual address va, through the PT_LOAD segments'
 * file-backed parts. */
static int va_to_off(const struct file *f, const unsigned char *ph,
		     size_t phnum, size_t phsz, uint64_t va, uint64_t *off)
{
	for (size_t i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phsz;
		uint64_t vaddr, delta, poff;

		if (MEMBER(f, p, Phdr, p_type) != PT_LOAD)
			continue;
		vaddr = MEMBER(f, p, Phdr, p_vaddr);
		if (va < vaddr)
			continue;
		delta = va - vaddr;
		poff = MEMBER(f, p, Phdr, p_offset);
		if (delta >= MEMBER(f, p, Phdr, p_filesz) ||
		    delta > UINT64_MAX - poff)
			continue;
		*off = poff + delta;
		return 0;
	}
	return -1;
}

/* The NUL-terminated string at off of a string table of n bytes. */
static int dup_str(const char *tab, uint64_t n, uint64_t off, char **out)
{
	const char *end;

	if (off >= n)
		return -1;
	end = memchr(tab + off, '\0', n - off);
	if (end == NULL || end == tab + off)
		return -1;
	*out = strdup(tab + off);
	return *out == NULL ? -2 : 0;
}

static int read_interp(const struct file *f, const unsigned char *p,
		       struct elf_deps *d, struct cj_err *err)
{
	uint64_t off = MEMBER(f, p, Phdr, p_offset);
	uint64_t n = MEMBER(f, p, Phdr, p_filesz);
	char buf[PATH_MAX];

	if (n < 2 || n > sizeof(buf))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "PT_INTERP of %llu bytes (expected 2 to %zu)",
			       (unsigned long long)n, sizeof(buf));
	if (get(f, off, buf, (size_t)n) < 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "PT_INTERP past the end of the file");
	/* As the kernel: the last byte ends the string. */
	if (buf[n - 1] != '\0' || buf[0] == '\0')
		return cj_fail(err, CJ_EXIT_SETUP,
			       "PT_INTERP is not a NUL-terminated path");
	d->interp = strdup(buf);
	if (d->interp == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	return 0;
}

/* What a dynamic section refers to: string table offsets, and the table. */
struct dyn_refs {
	uint64_t needed[ELF_MAX_NEEDED], rpath, runpath, strtab, strsz;
	size_t n_needed;
	bool has_strtab, has_strsz, has_rpath, has_runpath;
};

/* The entries of the dynamic section dyn (n bytes), up to DT_NULL. */
static int scan_dynamic(const struct file *f, const unsigned char *dyn,
			uint64_t n, struct dyn_refs *r, struct cj_err *err)
{
	const size_t entsz = f->is64 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);

	for (size_t i = 0; i + entsz <= n; i += entsz) {
		uint64_t tag = MEMBER(f, dyn + i, Dyn, d_tag);
		uint64_t val = MEMBER(f, dyn + i, Dyn, d_un);

		if (tag == DT_NULL)
			break;
		switch (tag) {
		case DT_NEEDED:
			if (r->n_needed == ELF_MAX_NEEDED)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "more than %d DT_NEEDED entries",
					       ELF_MAX_NEEDED);
			r->needed[r->n_needed++] = val;
			break;
		case DT_STRTAB:
			r->strtab = val;
			r->has_strtab = true;
			break;
		case DT_STRSZ:
			r->strsz = val;
			r->has_strsz = true;
			break;
		case DT_RPATH:
			if (!r->has_rpath)
				r->rpath = val;
			r->has_rpath = true;
			break;
		case DT_RUNPATH:
			if (!r->has_runpath)
				r->runpath = val;
			r->has_runpath = true;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The names r refers to, from the string table, into d. */
static int read_names(const struct file *f, const unsigned char *ph,
		      size_t phnum, size_t phsz, const struct dyn_refs *r,
		      struct elf_deps *d, struct cj_err *err)
{
	uint64_t stroff;
	char *tab = NULL;
	int rc = -1;

	if (!r->has_strtab || !r->has_strsz || r->strsz == 0 ||
	    r->strsz > MAX_STRTAB)
		return cj_fail(
		    err, CJ_EXIT_SETUP,
		    "no usable dynamic string table (DT_STRTAB, DT_STRSZ)");
	if (va_to_off(f, ph, phnum, phsz, r->strtab, &stroff) < 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "DT_STRTAB is outside the loaded segments");
	if (stroff > f->size || r->strsz > f->size - stroff)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "dynamic string table past the end of the file");
	tab = malloc((size_t)r->strsz);
	if (tab == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (get(f, stroff, tab, (size_t)r->strsz) < 0) {
		cj_fail(err, CJ_EXIT_SETUP,
			"dynamic string table past the end of the file");
		goto out;
	}
	d->needed = calloc(r->n_needed ? r->n_needed : 1, sizeof(*d->needed));
	if (d->needed == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->n_needed; i++) {
		int e = dup_str(tab, r->strsz, r->needed[i], &d->needed[i]);

		if (e < 0) {
			cj_fail(err, CJ_EXIT_SETUP, "%s",
				e == -2 ? "out of memory"
					: "a DT_NEEDED name outside the string "
					  "table, or empty");
			goto out;
		}
		d->n_needed++;
	}
	if ((r->has_rpath && dup_str(tab, r->strsz, r->rpath, &d->rpath) < 0) ||
	    (r->has_runpath &&
	     dup_str(tab, r->strsz, r->runpath, &d->runpath) < 0)) {
		cj_fail(err, CJ_EXIT_SETUP,
			"DT_RPATH or DT_RUNPATH outside the string table, or "
			"empty");
		goto out;
	}
	rc = 0;
out:
	free(tab);
	return rc;
}

/* What the dynamic section at [off, off + n) names. */
static int read_dynamic(const struct file *f, const unsigned char *ph,
			size_t phnum, size_t phsz, uint64_t off, uint64_t n,
			struct elf_deps *d, struct cj_err *err)
{
	struct dyn_refs *r;
	unsigned char *dyn;
	int rc = -1;

	if (n > MAX_DYN_BYTES)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "dynamic section of %llu bytes",
			       (unsigned long long)n);
	/* Each buffer is checked against the file before it is allocated:
	 * a small file cannot make capejail allocate much. */
	if (off > f->size || n > f->size - off)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "dynamic section past the end of the file");
	dyn = malloc(n ? (size_t)n : 1);
	r = calloc(1, sizeof(*r));
	if (dyn == NULL || r == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto out;
	}
	if (get(f, off, dyn, (size_t)n) < 0) {
		cj_fail(err, CJ_EXIT_SETUP,
			"dynamic section past the end of the file");
		goto out;
	}
	if (scan_dynamic(f, dyn, n, r, err) < 0)
		goto out;
	if (r->n_needed == 0 && !r->has_rpath && !r->has_runpath)
		rc = 0;
	else
		rc = read_names(f, ph, phnum, phsz, r, d, err);
out:
	free(r);
	free(dyn);
	return rc;
}

static int parse(const struct file *f0, struct elf_deps *d, struct cj_err *err)
{
	struct file f = *f0;
	unsigned char ident[EI_NIDENT], eh[sizeof(Elf64_Ehdr)];
	unsigned char *ph = NULL;
	uint64_t phoff;
	size_t phsz, phnum, ehsz;
	bool seen_interp = false, seen_dyn = false;
	int rc = -1;

	if (f.size < SELFMAG)
		return 0;
	if (get(&f, 0, ident, SELFMAG) < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "cannot read the file");
	if (memcmp(ident, ELFMAG, SELFMAG) != 0)
		return 0;
	if (get(&f, 0, ident, EI_NIDENT) < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "truncated ELF header");
	if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64)
		return cj_fail(err, CJ_EXIT_SETUP, "unknown ELF class %u",
			       ident[EI_CLASS]);
	if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB)
		return cj_fail(err, CJ_EXIT_SETUP, "unknown ELF byte order %u",
			       ident[EI_DATA]);
	f.is64 = ident[EI_CLASS] == ELFCLASS64;
	f.msb = ident[EI_DATA] == ELFDATA2MSB;
	ehsz = f.is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (get(&f, 0, eh, ehsz) < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "truncated ELF header");
	d->elf_class = ident[EI_CLASS];
	d->data = ident[EI_DATA];
	d->type = (uint16_t)MEMBER(&f, eh, Ehdr, e_type);
	d->machine = (uint16_t)MEMBER(&f, eh, Ehdr, e_machine);
	phoff = MEMBER(&f, eh, Ehdr, e_phoff);
	phsz = (size_t)MEMBER(&f, eh, Ehdr, e_phentsize);
	phnum = (size_t)MEMBER(&f, eh, Ehdr, e_phnum);
	if (phnum == 0)
		return 1; /* an object file: nothing is loaded */
	if (phsz != (f.is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "program headers of %zu bytes", phsz);
	if (phnum >= PN_XNUM)
		return cj_fail(err, CJ_EXIT_SETUP, "%zu program headers",
			       phnum);
	if (phoff > f.size || phnum * phsz > f.size - phoff)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "program headers past the end of the file");
	ph = malloc(phnum * phsz);
	if (ph == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (get(&f, phoff, ph, phnum * phsz) < 0) {
		cj_fail(err, CJ_EXIT_SETUP,
			"program headers past the end of the file");
		goto out;
	}
	/* The first PT_INTERP and PT_DYNAMIC count, as for the kernel and
	 * the loader. */
	for (size_t i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phsz;
		uint64_t type = MEMBER(&f, p, Phdr, p_type);

		if (type == PT_INTERP && !seen_interp) {
			seen_interp = true;
			if (read_interp(&f, p, d, err) < 0)
				goto out;
		} else if (type == PT_DYNAMIC && !seen_dyn) {
			seen_dyn = true;
			if (read_dynamic(&f, ph, phnum, phsz,
					 MEMBER(&f, p, Phdr, p_offset),
					 MEMBER(&f, p, Phdr, p_filesz), d,
					 err) < 0)
				goto out;
		}
	}
	rc = 1;
out:
	free(ph);
	return rc;
}

int elf_deps_read(elf_read_fn rd, void *ctx, uint64_t size, struct elf_deps *d,
		  struct cj_err *err)
{
	struct file f = {rd, ctx, size, false, false};
	int rc;

	memset(d, 0, sizeof(*d));
	rc = parse(&f, d, err);
	if (rc <= 0)
		elf_deps_free(d);
	return rc;
}

struct mem {
	const unsigned char *buf;
	size_t len;
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = ctx;

	if (off > m->len || len > m->len - off)
		return -1;
	memcpy(buf, m->buf + off, len);
	return 0;
}

int elf_deps_mem(const void *buf, size_t len, struct elf_deps *d,
		 struct cj_err *err)
{
	struct mem m = {buf, len};

	return elf_deps_read(mem_read, &m, len, d, err);
}

void elf_deps_free(struct elf_deps *d)
{
	for (size_t i = 0; i < d->n_needed; i++)
		free(d->needed[i]);
	free((void *)d->needed);
	free(d->interp);
	free(d->rpath);
	free(d->runpath);
	memset(d, 0, sizeof(*d));
}
