/* gen-policy - SYSCALLS.md -> build/policy_table.c.
 *
 * Reads the policy with the same parser as the run time (src/policy.c) and
 * builds its filter with the same code (src/filter.c), then writes the table
 * of rules and the exported BPF program as C. The build fails when an entry
 * has no reason, a name is a syscall on no architecture at all, or a syscall
 * of the target architecture is not decided. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/filter.h"
#include "../src/policy_table.h"
#include "../src/policy.h"
#include "../src/util.h"

#include "../src/banned.h"

/* Every architecture libseccomp 2.5 has a table for. */
static const uint32_t all_arches[] = {
    SCMP_ARCH_X86,    SCMP_ARCH_X86_64,	   SCMP_ARCH_X32,
    SCMP_ARCH_ARM,    SCMP_ARCH_AARCH64,   SCMP_ARCH_MIPS,
    SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_PPC,
    SCMP_ARCH_PPC64,  SCMP_ARCH_S390,	   SCMP_ARCH_S390X,
    SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64,  SCMP_ARCH_RISCV64,
};

static int known_anywhere(const char *name)
{
	for (size_t i = 0; i < sizeof(all_arches) / sizeof(all_arches[0]); i++)
		if (seccomp_syscall_resolve_name_arch(all_arches[i], name) !=
		    __NR_SCMP_ERROR)
			return 1;
	return 0;
}

/* A C string literal of s. */
static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* A struct cj_marks initializer: a new mark is one line here. */
static void put_marks(FILE *f, const struct cj_marks *m)
{
	fprintf(f, ".m = {");
	fprintf(f, ".verdict = %d", m->verdict);
	fprintf(f, ", .warn = %d", m->warn);
	fprintf(f, ", .err_no = %d", m->err_no);
	fprintf(f, ", .quiet = %d", m->quiet);
	fprintf(f, "}");
}

static uint32_t target = SCMP_ARCH_NATIVE; /* --arch */

static int check_names(const struct policy *p, const char *file)
{
	int bad = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];

		if (e->arch[0] != '\0') {
			if (seccomp_arch_resolve_name(e->arch) != 0) {
				fprintf(stderr,
					"%s:%u: %s: libseccomp knows %s: drop "
					"the (%s) mark\n",
					file, e->line, e->name, e->arch,
					e->arch);
				bad = 1;
			} else {
				fprintf(stderr,
					"gen-policy: %s: skipped, a syscall of "
					"%s only\n",
					e->name, e->arch);
			}
			continue;
		}
		if (!known_anywhere(e->name)) {
			fprintf(stderr,
				"%s:%u: %s: not a syscall on any architecture "
				"(a typo?)\n",
				file, e->line, e->name);
			bad = 1;
		} else if (seccomp_syscall_resolve_name_arch(target, e->name) <
			   0) {
			fprintf(stderr,
				"gen-policy: %s: skipped, not a syscall of "
				"this architecture\n",
				e->name);
		}
	}
	/* Every syscall of the target architecture must be decided. */
	for (int nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(target, nr);

		if (name == NULL)
			continue;
		if (policy_find(p, name) < 0) {
			fprintf(stderr,
				"%s: %s (%d) is not decided: add it under "
				"## Blocked or ## Allowed\n",
				file, name, nr);
			bad = 1;
		}
		free(name);
	}
	return bad ? -1 : 0;
}

/* The document itself, for the run time's non-default paths (overrides,
 * printing the policy): bytes, since ISO C limits string literals. */
static void emit_bytes(FILE *f, const char *name, const char *text, size_t len)
{
	fprintf(f, "%sconst char %s[] = {",
		strncmp(name, "cj_", 3) ? "static " : "", name);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%s%d,", i % 24 ? "" : "\n\t", (signed char)text[i]);
	fprintf(f, "0};\n");
}

static void emit_text(FILE *f, const char *text, size_t len)
{
	emit_bytes(f, "cj_policy_text", text, len);
	fprintf(f, "const size_t cj_policy_text_len = %zu;\n\n", len);
}

/* The shipped policies: policies/NAME.md, given after OUT.c. */
#define MAX_SHIPPED 16

struct shipped {
	char name[CJ_NAME_MAX];
	char *text;
	size_t len;
	struct policy p;
};

static struct shipped shipped[MAX_SHIPPED];
static size_t n_shipped;

/* Read and check one: entries of SYSCALLS.md that exist on the target,
 * allowed (a shipped policy lifts blocks; it adds none), each with a real
 * reason; the file's name (its base without .md) is a plain word. */
static int read_shipped(const char *path, const struct policy *base)
{
	struct cj_err err = {0, ""};
	struct shipped *s = &shipped[n_shipped];
	const char *b = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(b);

	if (n_shipped == MAX_SHIPPED || n < 4 || n - 3 >= CJ_NAME_MAX ||
	    strcmp(b + n - 3, ".md") != 0) {
		fprintf(stderr,
			"gen-policy: %s: not a policies/NAME.md (or "
			"too many)\n",
			path);
		return -1;
	}
	memcpy(s->name, b, n - 3);
	s->name[n - 3] = '\0';
	for (const char *c = s->name; *c; c++)
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= '0' && *c <= '9') &&
		    *c != '-') {
			fprintf(stderr,
				"gen-policy: %s: a name of a-z, 0-9 and -\n",
				path);
			return -1;
		}
	if (read_small_file(path, CJ_POLICY_MAX_BYTES, &s->text, &s->len,
			    &err) < 0 ||
	    policy_parse(s->text, s->len, path, &s->p, &err) < 0) {
		fprintf(stderr, "gen-policy: %s\n", err.msg);
		return -1;
	}
	n_shipped++;
	for (size_t i = 0; i < s->p.n; i++) {
		const struct policy_entry *e = &s->p.v[i];
		long at = policy_find(base, e->name);

		if (at < 0 || e->arch[0] != '\0') {
			fprintf(stderr,
				"%s:%u: %s: not a syscall of SYSCALLS.md\n",
				path, e->line, e->name);
			return -1;
		}
		/* Written for every architecture: one this target lacks
		 * (symlink on aarch64) is skipped, as capejail skips it. */
		if (seccomp_syscall_resolve_name_arch(target, e->name) < 0) {
			fprintf(stderr,
				"gen-policy: %s: %s skipped, not a syscall of "
				"this architecture\n",
				path, e->name);
			continue;
		}
		if (e->m.verdict != CJ_ALLOW || e->m.warn) {
			fprintf(stderr,
				"%s:%u: %s: a shipped policy allows (it lifts "
				"blocks)\n",
				path, e->line, e->name);
			return -1;
		}
		if (strncmp(e->reason, "TODO", 4) == 0) {
			fprintf(stderr,
				"%s:%u: %s: the reason starts with TODO\n",
				path, e->line, e->name);
			return -1;
		}
	}
	return 0;
}

/* The first shipped policy that allows name where SYSCALLS.md blocks it. */
static const char *lifted_by(const struct policy_entry *e)
{
	if (e->m.verdict != CJ_BLOCK)
		return NULL;
	for (size_t i = 0; i < n_shipped; i++) {
		long at = policy_find(&shipped[i].p, e->name);

		if (at >= 0 && shipped[i].p.v[at].m.verdict == CJ_ALLOW)
			return shipped[i].name;
	}
	return NULL;
}

static void emit_shipped(FILE *f)
{
	char sym[64];

	for (size_t i = 0; i < n_shipped; i++) {
		(void)snprintf(sym, sizeof(sym), "shipped_%zu", i);
		emit_bytes(f, sym, shipped[i].text, shipped[i].len);
	}
	fprintf(f, "const struct cj_shipped cj_shipped[] = {\n");
	for (size_t i = 0; i < n_shipped; i++) {
		fprintf(f, "\t{");
		put_str(f, shipped[i].name);
		fprintf(f, ", shipped_%zu, %zu},\n", i, shipped[i].len);
	}
	if (n_shipped == 0)
		fprintf(f, "\t{NULL, NULL, 0},\n");
	fprintf(f, "};\nconst size_t cj_shipped_len = %zu;\n\n", n_shipped);
}

struct named_nr {
	char *name;
	int nr;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named_nr *)a)->name,
		      ((const struct named_nr *)b)->name);
}

/* A name for a table's inline array (policy_table.h). */
static int put_name(FILE *f, const char *name)
{
	if (strlen(name) >= CJ_SYSCALL_NAME_MAX) {
		fprintf(stderr, "gen-policy: %s: longer than %d\n", name,
			CJ_SYSCALL_NAME_MAX - 1);
		return -1;
	}
	put_str(f, name);
	return 0;
}

/* The target's syscall names and numbers, sorted by name: the run time's
 * lookups (sysnames.h), with no libseccomp. */
static int emit_syscalls(FILE *f)
{
	struct named_nr *v = calloc(1024, sizeof(*v));
	size_t n = 0;
	int rc = 0;

	if (v == NULL)
		return -1;
	for (int nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(target, nr);

		if (name != NULL)
			v[n++] = (struct named_nr){name, nr};
	}
	qsort(v, n, sizeof(*v), by_name);
	fprintf(f, "\nconst struct cj_syscall cj_syscalls[] = {\n");
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i - 1].name, v[i].name) == 0) {
			fprintf(stderr, "gen-policy: %s: two numbers\n",
				v[i].name);
			rc = -1;
		}
		fprintf(f, "\t{");
		if (put_name(f, v[i].name) < 0)
			rc = -1;
		fprintf(f, ", %d},\n", v[i].nr);
	}
	fprintf(f,
		"};\nconst size_t cj_syscalls_len = %zu;\n"
		"const uint32_t cj_syscalls_arch = 0x%08" PRIx32 "U;\n\n",
		n, target);
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return rc;
}

static int emit(FILE *f, const struct policy *p, const struct sock_filter *bpf,
		size_t bpf_len, const char *text, size_t text_len)
{
	char hash[17];
	size_t n = 0, why = 0;

	fprintf(f, "/* Generated by tools/gen-policy from SYSCALLS.md. Do not "
		   "edit. */\n#include \"policy_table.h\"\n\n"
		   "const struct cj_rule cj_rules[] = {\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr =
		    e->arch[0]
			? -1
			: seccomp_syscall_resolve_name_arch(target, e->name);
		if (nr < 0)
			continue;
		fprintf(f, "\t{.name = ");
		if (put_name(f, e->name) < 0)
			return -1;
		fprintf(f, ", .nr = %d,\n\t ", nr);
		put_marks(f, &e->m);
		fprintf(f, ",\n\t .has_rules = %d, .why = %zuU", e->n_rules > 0,
			why);
		why += strlen(e->summary) + 1;
		if (lifted_by(e) != NULL) {
			fprintf(f, ",\n\t .lifted_by = ");
			if (strlen(lifted_by(e)) >=
			    sizeof(((struct cj_rule *)NULL)->lifted_by)) {
				fprintf(stderr, "gen-policy: %s: too long\n",
					lifted_by(e));
				return -1;
			}
			put_str(f, lifted_by(e));
		}
		fprintf(f, "},\n");
		n++;
	}
	fprintf(f, "};\nconst size_t cj_rules_len = %zu;\n\n", n);
	/* The reasons, in the same order, at the offsets given above. */
	{
		char *blob = malloc(why + 1);
		size_t at = 0;

		if (blob == NULL)
			return -1;
		for (size_t i = 0; i < p->n; i++) {
			const struct policy_entry *e = &p->v[i];
			size_t len = strlen(e->summary) + 1;

			if (e->arch[0] || seccomp_syscall_resolve_name_arch(
					      target, e->name) < 0)
				continue;
			memcpy(blob + at, e->summary, len);
			at += len;
		}
		emit_bytes(f, "cj_rule_text", blob, at);
		free(blob);
	}
	fprintf(f, "const struct sock_filter cj_default_bpf[] = {\n");
	for (size_t i = 0; i < bpf_len; i++)
		fprintf(f, "\t{0x%04x, %u, %u, 0x%08" PRIx32 "},\n",
			bpf[i].code, bpf[i].jt, bpf[i].jf, bpf[i].k);
	fprintf(f, "};\nconst size_t cj_default_bpf_len = %zu;\n\n", bpf_len);
	filter_policy_hash(p, &cj_default_outcomes, target, hash);
	fprintf(f, "const char cj_policy_hash[] = \"%s\";\n", hash);
	if (emit_syscalls(f) < 0)
		return -1;
	emit_text(f, text, text_len);
	emit_shipped(f);
	return ferror(f) ? -1 : 0;
}

int main(int argc, char *argv[])
{
	struct cj_err err = {0, ""};
	struct policy p = {NULL, 0};
	struct sock_filter *bpf = NULL;
	size_t bpf_len = 0, len = 0;
	char *text = NULL, tmp[4096];
	FILE *f = NULL;
	int rc = 1;

	if (argc >= 5 && strcmp(argv[1], "--arch") == 0) {
		target = seccomp_arch_resolve_name(argv[2]);
		if (target == 0) {
			fprintf(stderr, "gen-policy: unknown arch %s\n",
				argv[2]);
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	if (target == SCMP_ARCH_NATIVE)
		target = seccomp_arch_native();
	if (argc < 3) {
		fprintf(stderr, "usage: gen-policy [--arch NAME] SYSCALLS.md "
				"OUT.c [policies/NAME.md...]\n");
		return 2;
	}
	if (read_small_file(argv[1], CJ_POLICY_MAX_BYTES, &text, &len, &err) <
		0 ||
	    policy_parse(text, len, argv[1], &p, &err) < 0) {
		fprintf(stderr, "gen-policy: %s\n", err.msg);
		goto done;
	}
	if (check_names(&p, argv[1]) < 0)
		goto done;
	for (int i = 3; i < argc; i++)
		if (read_shipped(argv[i], &p) < 0)
			goto done;
	if (filter_compile_arch(&p, &cj_default_outcomes, target, &bpf,
				&bpf_len, &err) < 0) {
		fprintf(stderr, "gen-policy: %s\n", err.msg);
		goto done;
	}
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	f = fopen(tmp, "w");
	if (f == NULL) {
		fprintf(stderr, "gen-policy: %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	if (emit(f, &p, bpf, bpf_len, text, len) < 0) {
		fprintf(stderr, "gen-policy: writing %s failed\n", tmp);
		(void)unlink(tmp);
		goto done; /* f is closed there */
	}
	if (fclose(f) != 0) {
		f = NULL;
		fprintf(stderr, "gen-policy: writing %s failed\n", tmp);
		(void)unlink(tmp);
		goto done;
	}
	f = NULL;
	if (rename(tmp, argv[2]) < 0) {
		fprintf(stderr, "gen-policy: %s: %s\n", argv[2],
			strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (f != NULL)
		(void)fclose(f);
	free(bpf);
	free(text);
	policy_free(&p);
	for (size_t i = 0; i < n_shipped; i++) {
		free(shipped[i].text);
		policy_free(&shipped[i].p);
	}
	return rc;
}
