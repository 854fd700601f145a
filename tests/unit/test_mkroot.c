/* test_mkroot.c - the pure parts of --mkroot: ELF dependencies (hand-made
 * files of both classes and byte orders, real ones, malformed and mutated
 * ones), paths, $ORIGIN, ld.so.conf, #! lines, os-release, apt sources, and
 * the --mkroot options on the command line. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "elfdeps.h"
#include "mkroot.h"
#include "tap.h"

#include "banned.h"

/* --- a hand-made ELF file --------------------------------------------- */

/* Offsets written out as numbers, from the ELF specification, so the test
 * does not share the parser's reading of <elf.h>. */
#define IMG_SIZE   2048
#define PH_AT	   64
#define INTERP_AT  400
#define STRTAB_AT  512
#define DYN_AT	   1024
#define LOAD_VADDR 0x400000u

struct img {
	unsigned char b[IMG_SIZE];
	bool is64, msb;
	size_t len;
};

static void put(struct img *m, size_t off, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		m->b[off + (m->msb ? n - 1 - i : i)] =
		    (unsigned char)(v >> (8 * i));
}

/* Program header i: type, offset, vaddr, filesz. */
static void put_ph(struct img *m, size_t i, uint32_t type, uint64_t off,
		   uint64_t va, uint64_t sz)
{
	size_t p = PH_AT + i * (m->is64 ? 56 : 32);

	put(m, p, type, 4);
	if (m->is64) {
		put(m, p + 8, off, 8);
		put(m, p + 16, va, 8);
		put(m, p + 32, sz, 8);
		put(m, p + 40, sz, 8);
	} else {
		put(m, p + 4, off, 4);
		put(m, p + 8, va, 4);
		put(m, p + 16, sz, 4);
		put(m, p + 20, sz, 4);
	}
}

static size_t n_dyn;

static void put_dyn(struct img *m, uint64_t tag, uint64_t val)
{
	size_t e = m->is64 ? 16 : 8, p = DYN_AT + n_dyn * e;

	put(m, p, tag, e / 2);
	put(m, p + e / 2, val, e / 2);
	n_dyn++;
}

static const char strtab[] = "\0libfoo.so.1\0libbar.so\0$ORIGIN/../lib\0"
			     "/opt/run\0";
enum { S_FOO = 1, S_BAR = 13, S_RPATH = 23, S_RUNPATH = 38 };

/* An executable that needs libfoo.so.1 and libbar.so, with an interpreter,
 * a DT_RPATH and a DT_RUNPATH. */
static void make_img(struct img *m, bool is64, bool msb)
{
	memset(m, 0, sizeof(*m));
	m->is64 = is64;
	m->msb = msb;
	m->len = IMG_SIZE;
	memcpy(m->b, "\177ELF", 4);
	m->b[4] = is64 ? 2 : 1; /* EI_CLASS */
	m->b[5] = msb ? 2 : 1;	/* EI_DATA */
	m->b[6] = 1;		/* EI_VERSION */
	put(m, 16, 2, 2);	/* ET_EXEC */
	put(m, 18, is64 ? 62 : 3, 2);
	if (is64) {
		put(m, 32, PH_AT, 8);
		put(m, 54, 56, 2);
		put(m, 56, 3, 2);
	} else {
		put(m, 28, PH_AT, 4);
		put(m, 42, 32, 2);
		put(m, 44, 3, 2);
	}
	put_ph(m, 0, 1 /* PT_LOAD */, 0, LOAD_VADDR, IMG_SIZE);
	put_ph(m, 1, 3 /* PT_INTERP */, INTERP_AT, 0, 18);
	memcpy(m->b + INTERP_AT, "/lib/ld-test.so.1", 18);
	put_ph(m, 2, 2 /* PT_DYNAMIC */, DYN_AT, LOAD_VADDR + DYN_AT,
	       (is64 ? 16 : 8) * 8);
	memcpy(m->b + STRTAB_AT, strtab, sizeof(strtab));
	n_dyn = 0;
	put_dyn(m, 1 /* DT_NEEDED */, S_FOO);
	put_dyn(m, 5 /* DT_STRTAB */, LOAD_VADDR + STRTAB_AT);
	put_dyn(m, 10 /* DT_STRSZ */, sizeof(strtab));
	put_dyn(m, 1, S_BAR);
	put_dyn(m, 15 /* DT_RPATH */, S_RPATH);
	put_dyn(m, 29 /* DT_RUNPATH */, S_RUNPATH);
	put_dyn(m, 0 /* DT_NULL */, 0);
	put_dyn(m, 1, S_FOO); /* after DT_NULL: not read */
}

static struct elf_deps d;
static struct cj_err err;

static int parse_img(const struct img *m)
{
	memset(&err, 0, sizeof(err));
	return elf_deps_mem(m->b, m->len, &d, &err);
}

static void test_good(bool is64, bool msb)
{
	struct img m;
	const char *what = is64 ? (msb ? "ELF64 MSB" : "ELF64 LSB")
				: (msb ? "ELF32 MSB" : "ELF32 LSB");
	int rc;

	make_img(&m, is64, msb);
	rc = parse_img(&m);
	ok(rc == 1, "%s: parsed (%s)", what, err.msg);
	ok(d.elf_class == (is64 ? ELFCLASS64 : ELFCLASS32) &&
	       d.data == (msb ? ELFDATA2MSB : ELFDATA2LSB) && d.type == 2 &&
	       d.machine == (is64 ? 62 : 3),
	   "%s: class, byte order, type, machine", what);
	is_str(d.interp, "/lib/ld-test.so.1", "%s: PT_INTERP", what);
	ok(d.n_needed == 2, "%s: two DT_NEEDED (none after DT_NULL)", what);
	if (d.n_needed == 2) {
		is_str(d.needed[0], "libfoo.so.1", "%s: first DT_NEEDED", what);
		is_str(d.needed[1], "libbar.so", "%s: second, in order", what);
	}
	is_str(d.rpath, "$ORIGIN/../lib", "%s: DT_RPATH", what);
	is_str(d.runpath, "/opt/run", "%s: DT_RUNPATH", what);
	elf_deps_free(&d);
}

/* A broken variant of the good image: rc -1 and an error message. */
static void test_bad(void (*breakit)(struct img *), const char *what)
{
	struct img m;
	int rc;

	make_img(&m, true, false);
	breakit(&m);
	rc = parse_img(&m);
	ok(rc == -1 && err.msg[0] != '\0', "malformed: %s (%d: %s)", what, rc,
	   err.msg);
	ok(d.interp == NULL && d.needed == NULL && d.n_needed == 0,
	   "... and nothing is left allocated in d");
	elf_deps_free(&d);
}

static void b_truncated(struct img *m)
{
	m->len = 40;
}
static void b_phoff(struct img *m)
{
	put(m, 32, IMG_SIZE - 10, 8);
}
static void b_phentsize(struct img *m)
{
	put(m, 54, 40, 2);
}
static void b_phnum(struct img *m)
{
	put(m, 56, PN_XNUM, 2);
}
static void b_interp_nul(struct img *m)
{
	m->b[INTERP_AT + 17] = 'x';
}
static void b_interp_big(struct img *m)
{
	put_ph(m, 1, 3, INTERP_AT, 0, 1U << 20);
}
static void b_interp_past(struct img *m)
{
	put_ph(m, 1, 3, IMG_SIZE - 4, 0, 18);
}
static void b_needed_off(struct img *m)
{
	n_dyn = 0;
	put_dyn(m, 1, sizeof(strtab) + 5);
}
static void b_needed_unterminated(struct img *m)
{
	n_dyn = 2;
	put_dyn(m, 10, 5); /* DT_STRSZ cuts "libfoo.so.1" short */
}
static void b_strtab_va(struct img *m)
{
	n_dyn = 1;
	put_dyn(m, 5, 0x10); /* not in any PT_LOAD */
}
static void b_strtab_size(struct img *m)
{
	n_dyn = 2;
	put_dyn(m, 10, 0xffffffffffULL);
}
static void b_strtab_past(struct img *m)
{
	n_dyn = 2;
	put_dyn(m, 10, IMG_SIZE); /* from 512: past the end */
}
static void b_no_strtab(struct img *m)
{
	n_dyn = 1;
	put_dyn(m, 7, 0); /* DT_RELA instead of DT_STRTAB */
}
static void b_dyn_past(struct img *m)
{
	put_ph(m, 2, 2, IMG_SIZE - 8, 0, 64);
}
static void b_empty_needed(struct img *m)
{
	n_dyn = 0;
	put_dyn(m, 1, 0); /* the empty string at 0 */
}
static void b_class(struct img *m)
{
	m->b[4] = 9;
}
static void b_data(struct img *m)
{
	m->b[5] = 0;
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* An ELF64 LSB file whose dynamic section holds k DT_NEEDED entries. */
static int many_needed(size_t k)
{
	size_t dynsz = (k + 3) * 16, len = DYN_AT + dynsz, p = DYN_AT;
	unsigned char *big = calloc(1, len);
	struct img m;
	int rc;

	if (big == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	make_img(&m, true, false);
	put_ph(&m, 0, 1, 0, LOAD_VADDR, len);
	put_ph(&m, 2, 2, DYN_AT, LOAD_VADDR + DYN_AT, dynsz);
	memcpy(big, m.b, DYN_AT);
	le64(big + p, 5);
	le64(big + p + 8, LOAD_VADDR + STRTAB_AT);
	le64(big + p + 16, 10);
	le64(big + p + 24, sizeof(strtab));
	for (size_t i = 0; i < k; i++) {
		le64(big + p + 32 + i * 16, 1);
		le64(big + p + 40 + i * 16, S_BAR);
	}
	memset(&err, 0, sizeof(err));
	rc = elf_deps_mem(big, len, &d, &err);
	free(big);
	return rc;
}

static void test_too_many(void)
{
	ok(many_needed(ELF_MAX_NEEDED) == 1 && d.n_needed == ELF_MAX_NEEDED,
	   "ELF_MAX_NEEDED DT_NEEDED entries are read");
	elf_deps_free(&d);
	ok(many_needed(ELF_MAX_NEEDED + 1) == -1, "one more is malformed (%s)",
	   err.msg);
	elf_deps_free(&d);
}

static void test_not_elf(void)
{
	static const char script[] = "#!/bin/sh\necho hi\n";
	int rc;

	rc = elf_deps_mem(script, sizeof(script) - 1, &d, &err);
	ok(rc == 0 && d.interp == NULL, "a script is not ELF: 0");
	rc = elf_deps_mem("\177EL", 3, &d, &err);
	ok(rc == 0, "three bytes are not ELF: 0");
	rc = elf_deps_mem("", 0, &d, &err);
	ok(rc == 0, "an empty file is not ELF: 0");
}

static void test_object_file(void)
{
	struct img m;

	make_img(&m, true, false);
	put(&m, 16, 1, 2); /* ET_REL */
	put(&m, 56, 0, 2); /* no program headers */
	ok(parse_img(&m) == 1 && d.interp == NULL && d.n_needed == 0,
	   "an object file without program headers needs nothing");
	elf_deps_free(&d);
}

/* A real file of this machine, read from disk. */
static int read_whole(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			(void)close(fd);
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (*buf == NULL) {
		(void)close(fd);
		return -1;
	}
	n = read(fd, *buf, (size_t)st.st_size);
	(void)close(fd);
	if (n != st.st_size) {
		free(*buf);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

static bool has_needed(const char *name)
{
	for (size_t i = 0; i < d.n_needed; i++)
		if (strcmp(d.needed[i], name) == 0)
			return true;
	return false;
}

/* The test program itself: dynamically linked. */
static void test_real(unsigned char **self, size_t *self_len)
{
	int rc;

	if (read_whole("/proc/self/exe", self, self_len) < 0) {
		ok(0, "read /proc/self/exe");
		*self = NULL;
		return;
	}
	rc = elf_deps_mem(*self, *self_len, &d, &err);
	ok(rc == 1, "this test program parses (%s)", err.msg);
	ok(d.interp != NULL && d.interp[0] == '/',
	   "... has an absolute interpreter (%s)", d.interp);
	/* libseccomp too where the linker keeps what is linked but not
	 * used (not with --as-needed): only libc is sure. */
	ok(has_needed("libc.so.6"), "... needs libc.so.6");
	elf_deps_free(&d);
}

/* Random damage to a valid file must give 1, 0 or -1, never a crash or a
 * read out of bounds (the sanitizer build runs this too). */
static void test_mutations(const unsigned char *orig, size_t len,
			   const char *what, int rounds)
{
	unsigned char *buf = malloc(len);
	int bad = 0;

	if (buf == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	srand(7);
	for (int r = 0; r < rounds; r++) {
		size_t n = len, flips = 1 + (size_t)rand() % 8;
		int rc;

		memcpy(buf, orig, len);
		for (size_t i = 0; i < flips; i++) {
			/* Mostly the headers, where the offsets are. */
			size_t at = (size_t)rand() % (rand() % 4 ? 256 : len);

			buf[at % len] = (unsigned char)rand();
		}
		if (rand() % 8 == 0)
			n = (size_t)rand() % len;
		rc = elf_deps_mem(buf, n, &d, &err);
		if (rc < -1 || rc > 1)
			bad++;
		elf_deps_free(&d);
	}
	ok(bad == 0, "%d mutations of %s: every result 1, 0 or -1", rounds,
	   what);
	free(buf);
}

/* --- paths ------------------------------------------------------------ */

static char out[PATH_MAX];

static const char *clean(const char *in)
{
	return mkroot_clean_path(in, out, sizeof(out)) == 0 ? out : NULL;
}

static void test_paths(void)
{
	char small[6];

	is_str(clean("/"), "/", "clean /");
	is_str(clean("//usr///bin/"), "/usr/bin", "clean: repeated slashes");
	is_str(clean("/usr/./bin/."), "/usr/bin", "clean: dots");
	is_str(clean("/usr/lib/../bin"), "/usr/bin", "clean: ..");
	is_str(clean("/../../etc"), "/etc", "clean: .. of / is /");
	is_str(clean("/a/b/../../.."), "/", "clean: up to / and beyond");
	is_str(clean("/a/..b/.c/..."), "/a/..b/.c/...",
	       "clean: names that only start with dots");
	ok(clean("usr/bin") == NULL, "clean: a relative path is refused");
	ok(clean("") == NULL, "clean: an empty path is refused");
	ok(mkroot_clean_path("/abcdef", small, sizeof(small)) < 0,
	   "clean: too long for the buffer");
	ok(mkroot_clean_path("/abcd", small, sizeof(small)) == 0 &&
	       strcmp(small, "/abcd") == 0,
	   "clean: exactly fits");
	ok(mkroot_join("/usr/bin", "dash", out, sizeof(out)) == 0 &&
	       strcmp(out, "/usr/bin/dash") == 0,
	   "join: a relative symlink target");
	ok(mkroot_join("/lib64", "../lib/x86_64-linux-gnu/ld.so", out,
		       sizeof(out)) == 0 &&
	       strcmp(out, "/lib/x86_64-linux-gnu/ld.so") == 0,
	   "join: with ..");
	ok(mkroot_join("/usr/bin", "/etc/alternatives/x", out, sizeof(out)) ==
		   0 &&
	       strcmp(out, "/etc/alternatives/x") == 0,
	   "join: an absolute target stands alone");
	ok(mkroot_join("/", "../../..", out, sizeof(out)) == 0 &&
	       strcmp(out, "/") == 0,
	   "join: cannot climb above /");
}

static const char *origin(const char *elem)
{
	return mkroot_expand_origin(elem, strlen(elem), "/opt/app/bin", out,
				    sizeof(out)) == 0
		   ? out
		   : NULL;
}

static void test_origin(void)
{
	is_str(origin("$ORIGIN"), "/opt/app/bin", "$ORIGIN");
	is_str(origin("$ORIGIN/../lib"), "/opt/app/lib", "$ORIGIN/../lib");
	is_str(origin("${ORIGIN}/lib"), "/opt/app/bin/lib", "${ORIGIN}/lib");
	is_str(origin("/usr/lib/x"), "/usr/lib/x", "no token");
	ok(origin("$LIB/x") == NULL, "$LIB is not expanded: skipped");
	ok(origin("/x/$PLATFORM") == NULL, "$PLATFORM: skipped");
	ok(origin("$ORIGINAL") == NULL, "$ORIGINAL is no token: skipped");
	ok(origin("lib") == NULL, "a relative element: skipped");
	ok(origin("") == NULL, "an empty element (the cwd): skipped");
	ok(mkroot_expand_origin("$ORIGIN:/x", 7, "/o", out, sizeof(out)) == 0 &&
	       strcmp(out, "/o") == 0,
	   "only n bytes are read");
}

/* --- ld.so.conf ------------------------------------------------------- */

static char seen[1024];

static int ldconf_cb(void *ctx, bool include, const char *word)
{
	size_t n = strlen(seen);

	(void)ctx;
	(void)snprintf(seen + n, sizeof(seen) - n, "%s%s;", include ? "I:" : "",
		       word);
	return strcmp(word, "/stop") == 0 ? -7 : 0;
}

static void test_ldconf(void)
{
	seen[0] = '\0';
	ok(mkroot_ldconf_parse("# libc default configuration\n"
			       "include /etc/ld.so.conf.d/*.conf\n"
			       "  /usr/local/lib   # a comment\n"
			       "\n"
			       "hwcap 1 nosegneg\n"
			       "include\ta.conf  b/*.conf\n"
			       "/opt/lib//\n"
			       "/last",
			       ldconf_cb, NULL) == 0,
	   "ld.so.conf: parsed");
	is_str(seen,
	       "I:/etc/ld.so.conf.d/*.conf;/usr/local/lib;I:a.conf;"
	       "I:b/*.conf;/opt/lib;/last;",
	       "ld.so.conf: directories and include patterns, in order");
	seen[0] = '\0';
	ok(mkroot_ldconf_parse("/a\n/stop\n/b\n", ldconf_cb, NULL) == -7 &&
	       strcmp(seen, "/a;/stop;") == 0,
	   "ld.so.conf: stops at the callback's error");
}

/* --- #! ----------------------------------------------------------------- */

static int shebang(const char *s, char *interp, char *arg)
{
	return mkroot_shebang(s, strlen(s), interp, PATH_MAX, arg, 64);
}

static void test_shebang(void)
{
	char interp[PATH_MAX], arg[64];

	ok(shebang("#!/bin/sh\necho\n", interp, arg) == 1 &&
	       strcmp(interp, "/bin/sh") == 0 && arg[0] == '\0',
	   "#!/bin/sh");
	ok(shebang("#! /usr/bin/env  python3 \n", interp, arg) == 1 &&
	       strcmp(interp, "/usr/bin/env") == 0 &&
	       strcmp(arg, "python3") == 0,
	   "#! /usr/bin/env python3: space after #!, trailing space");
	ok(shebang("#!/usr/bin/awk -f -x\n", interp, arg) == 1 &&
	       strcmp(arg, "-f -x") == 0,
	   "the rest of the line is one argument, as for the kernel");
	ok(shebang("#!/bin/sh", interp, arg) == 1 &&
	       strcmp(interp, "/bin/sh") == 0,
	   "no newline at the end");
	ok(shebang("#!\n", interp, arg) == -1, "#! without an interpreter");
	ok(shebang("#!   \n", interp, arg) == -1, "#! with blanks only");
	ok(shebang("echo hi\n", interp, arg) == 0, "no #!: not a script");
	ok(shebang("#", interp, arg) == 0, "one byte: not a script");
	ok(mkroot_shebang("#!/bin/sh -a-very-long-argument", 31, interp,
			  PATH_MAX, arg, 8) == -1,
	   "an argument longer than the buffer: -1");
}

/* --- os-release, apt --------------------------------------------------- */

static void test_os_release(void)
{
	char c[64];

	ok(mkroot_os_codename("PRETTY_NAME=\"Debian GNU/Linux 12 "
			      "(bookworm)\"\nVERSION_CODENAME=bookworm\n"
			      "ID=debian\n",
			      c, sizeof(c)) == 0 &&
	       strcmp(c, "bookworm") == 0,
	   "os-release: VERSION_CODENAME");
	ok(mkroot_os_codename("VERSION_CODENAME=\"noble\"", c, sizeof(c)) ==
		   0 &&
	       strcmp(c, "noble") == 0,
	   "os-release: a quoted value");
	ok(mkroot_os_codename("ID=arch\n", c, sizeof(c)) < 0,
	   "os-release: none");
	ok(mkroot_os_codename("VERSION_CODENAME=\n", c, sizeof(c)) < 0,
	   "os-release: empty");
	ok(mkroot_os_codename("VERSION_CODENAME=--foo\n", c, sizeof(c)) < 0,
	   "os-release: an option is no suite name");
	ok(mkroot_os_codename("VERSION_CODENAME=a b\n", c, sizeof(c)) < 0,
	   "os-release: a blank is no suite name");
}

static void test_apt(void)
{
	char u[256];

	ok(mkroot_apt_mirror("# deb http://old/ bookworm main\n"
			     "deb-src http://src/ bookworm main\n"
			     "deb http://sec/ bookworm-security main\n"
			     "deb [arch=amd64 signed-by=/k.gpg] "
			     "http://m.example/debian bookworm main\n",
			     false, "bookworm", u, sizeof(u)) == 0 &&
	       strcmp(u, "http://m.example/debian") == 0,
	   "sources.list: the first deb line of the suite, options skipped");
	ok(mkroot_apt_mirror("deb cdrom:[Debian]/ bookworm main\n", false,
			     "bookworm", u, sizeof(u)) < 0,
	   "sources.list: a cdrom: source is no mirror");
	ok(mkroot_apt_mirror("deb http://x/ trixie main\n", false, "bookworm",
			     u, sizeof(u)) < 0,
	   "sources.list: another suite");
	ok(mkroot_apt_mirror(
	       "Types: deb\n"
	       "# http://snapshot.debian.org/archive/debian/2025\n"
	       "URIs: http://deb.debian.org/debian\n"
	       "Suites: bookworm bookworm-updates\n"
	       "Components: main\n"
	       "\n"
	       "Types: deb\n"
	       "URIs: http://deb.debian.org/debian-security\n"
	       "Suites: bookworm-security\n",
	       true, "bookworm", u, sizeof(u)) == 0 &&
	       strcmp(u, "http://deb.debian.org/debian") == 0,
	   "deb822: this project's debian.sources");
	ok(mkroot_apt_mirror("Types: deb-src deb\n"
			     "Enabled: no\n"
			     "URIs: http://off/\n"
			     "Suites: bookworm\n"
			     "\n"
			     "Types: deb\n"
			     "URIs:\n"
			     " http://second/debian\n"
			     "Suites: stable\n"
			     " bookworm\n",
			     true, "bookworm", u, sizeof(u)) == 0 &&
	       strcmp(u, "http://second/debian") == 0,
	   "deb822: a disabled stanza skipped, continuation lines read");
	ok(mkroot_apt_mirror("Types: deb\nURIs: http://x/\nSuites: trixie\n",
			     true, "bookworm", u, sizeof(u)) < 0,
	   "deb822: another suite");
	ok(mkroot_valid_name("python3", 7) &&
	       mkroot_valid_name("libstdc++6", 10) &&
	       !mkroot_valid_name("-x", 2) && !mkroot_valid_name("a,b", 3) &&
	       !mkroot_valid_name("a b", 3) && !mkroot_valid_name("", 0),
	   "package and suite names");
}

/* --- the command line -------------------------------------------------- */

static struct cj_command cmd;
static char *av[16];
static int ac;

/* cli_parse of argv, with writable copies that stay alive until the next
 * call, as spec points into them. */
static int parse(int argc, const char **argv)
{
	for (int i = 0; i < ac; i++)
		free(av[i]);
	for (ac = 0; ac < argc && ac < 15; ac++)
		av[ac] = strdup(argv[ac]);
	av[ac] = NULL;
	memset(&err, 0, sizeof(err));
	return cli_parse(ac, av, &cmd, &err);
}

#define PARSE(...)                                                             \
	parse(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *),    \
	      (const char *[]){__VA_ARGS__})

static void test_cli(void)
{
	ok(PARSE("capejail", "--mkroot", "/srv/r") == CLI_MKROOT &&
	       strcmp(cmd.mkroot.dir, "/srv/r") == 0 &&
	       cmd.mkroot.programs[0] == NULL && !cmd.mkroot.debootstrap,
	   "--mkroot DIR alone: host mode, default programs");
	cli_free(&cmd);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-add", "/usr/lib/x",
		 "--", "sh", "python3") == CLI_MKROOT &&
	       cmd.mkroot.n_add == 1 &&
	       strcmp(cmd.mkroot.programs[0], "sh") == 0 &&
	       strcmp(cmd.mkroot.programs[1], "python3") == 0 &&
	       cmd.mkroot.programs[2] == NULL,
	   "--mkroot DIR --mkroot-add PATH -- PROGRAM...");
	cli_free(&cmd);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "--mkroot-suite", "bookworm", "--mkroot-mirror",
		 "http://deb.debian.org/debian", "--mkroot-include",
		 "python3,libstdc++6") == CLI_MKROOT &&
	       cmd.mkroot.debootstrap &&
	       strcmp(cmd.mkroot.include, "python3,libstdc++6") == 0,
	   "debootstrap with suite, mirror and packages");
	cli_free(&cmd);
	ok(PARSE("capejail", "--mkroot", "/r", "--memory", "1G") == -1 &&
	       strstr(err.msg, "--memory: an option of a run") != NULL,
	   "--mkroot with an option of a run: refused (%s)", err.msg);
	ok(PARSE("capejail", "-r", "/x", "--mkroot", "/r") == -1 &&
	       strstr(err.msg, "-r") == err.msg,
	   "-r with --mkroot: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot-add", "/x", "--", "sh") == -1 &&
	       strcmp(err.msg, "--mkroot-add: only with --mkroot") == 0,
	   "--mkroot-add without --mkroot: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "docker") ==
		   -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "--mkroot-from docker: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "sh") == -1,
	   "debootstrap with a PROGRAM: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "--mkroot-add", "/x") == -1,
	   "debootstrap with --mkroot-add: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-suite", "bookworm") ==
	       -1,
	   "--mkroot-suite in host mode: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "--mkroot-include", "python3,--foo") == -1,
	   "--mkroot-include with an option in it: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "--mkroot-suite", "--variant=buildd") == -1,
	   "--mkroot-suite that is an option: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "--mkroot-from", "debootstrap",
		 "--mkroot-mirror", "/local") == -1,
	   "--mkroot-mirror that is no URL: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "") == -1,
	   "--mkroot with an empty DIR: refused (%s)", err.msg);
	ok(PARSE("capejail", "--mkroot", "/r", "-v") == CLI_MKROOT,
	   "-v goes with --mkroot");
	cli_free(&cmd);
	for (int i = 0; i < ac; i++)
		free(av[i]);
}

int main(void)
{
	unsigned char *self = NULL;
	size_t self_len = 0;
	struct img m;

	test_good(true, false);
	test_good(true, true);
	test_good(false, false);
	test_good(false, true);
	test_bad(b_truncated, "truncated header");
	test_bad(b_phoff, "program headers past the end");
	test_bad(b_phentsize, "wrong e_phentsize");
	test_bad(b_phnum, "PN_XNUM program headers");
	test_bad(b_interp_nul, "PT_INTERP not NUL-terminated");
	test_bad(b_interp_big, "PT_INTERP of a megabyte");
	test_bad(b_interp_past, "PT_INTERP past the end");
	test_bad(b_needed_off, "DT_NEEDED outside the string table");
	test_bad(b_needed_unterminated, "DT_NEEDED cut by DT_STRSZ");
	test_bad(b_strtab_va, "DT_STRTAB outside the PT_LOADs");
	test_bad(b_strtab_size, "a huge DT_STRSZ");
	test_bad(b_strtab_past, "string table past the end");
	test_bad(b_no_strtab, "DT_NEEDED without DT_STRTAB");
	test_bad(b_dyn_past, "dynamic section past the end");
	test_bad(b_empty_needed, "an empty DT_NEEDED");
	test_bad(b_class, "unknown class");
	test_bad(b_data, "unknown byte order");
	test_too_many();
	test_not_elf();
	test_object_file();
	test_real(&self, &self_len);
	make_img(&m, true, false);
	test_mutations(m.b, m.len, "a hand-made ELF64", 20000);
	make_img(&m, false, true);
	test_mutations(m.b, m.len, "a hand-made ELF32 MSB", 20000);
	if (self != NULL)
		test_mutations(self, self_len, "this test program", 2000);
	free(self);
	test_paths();
	test_origin();
	test_ldconf();
	test_shebang();
	test_os_release();
	test_apt();
	test_cli();
	return tap_done();
}
