/* export.c - the effective policy, printed (see export.h). */
#define _GNU_SOURCE
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sysnames.h"

#include "banned.h"

static const char *const warn_mark = "\u26a0\ufe0f";

int export_markdown(FILE *f, const struct policy *p, struct cj_err *err)
{
	static const char *const title[] = {"Allowed", "Blocked"};

	fprintf(f, "# SYSCALLS\n\nThe effective policy of a capejail run "
		   "(capejail --print-policy markdown).\n");
	for (int verdict = CJ_BLOCK; verdict >= CJ_ALLOW; verdict--) {
		fprintf(f, "\n## %s\n", title[verdict]);
		for (size_t i = 0; i < p->n; i++) {
			const struct policy_entry *e = &p->v[i];

			if ((int)e->m.verdict != verdict)
				continue;
			fprintf(f, "\n### %s%s%s%s%s%s\n\n%s\n", e->name,
				e->m.warn ? " " : "",
				e->m.warn ? warn_mark : "",
				e->arch[0] ? " (" : "", e->arch,
				e->arch[0] ? ")" : "", e->reason);
		}
	}
	if (fflush(f) != 0 || ferror(f))
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "writing");
	return 0;
}

int export_list(FILE *f, const struct policy *p, const struct cj_outcomes *o,
		struct cj_err *err)
{
	static const char *const kind[] = {"", "has", "in", "not in"};

	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr = sysnames_nr(sysnames_arch(), e->name);

		if (nr < 0 || e->arch[0])
			continue;
		fprintf(f, "%s %d ", e->name, nr);
		if (e->m.verdict == CJ_ALLOW)
			fprintf(f, "allow");
		else if (filter_block_kills(&e->m, o))
			fprintf(f, "kill");
		else
			fprintf(f, "errno %s%s",
				errno_name(filter_block_errno(&e->m, o)),
				e->m.quiet ? " quiet" : "");
		for (size_t r = 0; r < e->n_rules; r++) {
			const struct cj_argrule *ru = &e->rules[r];

			fprintf(f, "; block if arg%u", ru->arg);
			if (ru->pair)
				fprintf(f, ",arg%u", ru->arg2);
			if (ru->masked)
				fprintf(f, " & 0x%" PRIx32, ru->mask);
			fprintf(f, " %s", kind[ru->kind]);
			for (size_t k = 0; k < ru->n; k++) {
				/* Values by commas; a pair's halves by a
				 * colon. */
				fprintf(f, "%s0x%" PRIx32, k ? "," : " ",
					ru->v[k]);
				if (ru->pair)
					fprintf(f, ":0x%" PRIx32, ru->v2[k]);
			}
			if (filter_block_kills(&e->m, o))
				fprintf(f, " -> kill");
			else
				fprintf(
				    f, " -> errno %s",
				    errno_name(filter_block_errno(&e->m, o)));
		}
		fprintf(f, "\n");
	}
	fprintf(f, "* - errno ENOSYS\n");
	if (fflush(f) != 0 || ferror(f))
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "writing");
	return 0;
}

/* --- OCI ---------------------------------------------------------------
 * OCI profiles are read by libseccomp (runc, crun, containerd), so they
 * must avoid its traps: no unconditional rule next to conditional ones of
 * the same syscall, one comparison per argument. A rule on an argument is
 * therefore written as disjoint MASKED_EQ blocks over its low 32 bits: the
 * values it names, and the aligned blocks that cover everything else. */

/* What an OCI runtime itself calls after it loaded the profile and before
 * it executes the program: a profile that blocks these never starts a
 * container. runc 1.1 checks with fstatfs that /proc/self/fd is on procfs
 * ("ensure /proc/self/fd is on procfs: operation not permitted"). The only
 * differences from capejail's own filter. */
static const char *const oci_runtime_needs[] = {"fstatfs"};

static bool runtime_needs(const char *name)
{
	for (size_t i = 0;
	     i < sizeof(oci_runtime_needs) / sizeof(*oci_runtime_needs); i++)
		if (strcmp(name, oci_runtime_needs[i]) == 0)
			return true;
	return false;
}

struct oci {
	FILE *f;
	bool first;
};

static void action_json(struct oci *j, bool kill, bool allow, int e)
{
	if (allow)
		fprintf(j->f, "\"action\": \"SCMP_ACT_ALLOW\"");
	else if (kill)
		fprintf(j->f, "\"action\": \"SCMP_ACT_KILL_PROCESS\"");
	else
		fprintf(j->f,
			"\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": %d", e);
}

/* One comparison of an entry: (arg & mask) == value. */
struct cond {
	unsigned arg;
	uint32_t mask, value;
};

/* The entries of one ruled syscall. Each rule splits the argument space
 * into regions, each written as one entry: a region a rule blocks is an
 * entry that blocks; one it allows is split again by the next rule, with
 * its comparisons kept (the call runs only where every rule lets it, as
 * in capejail's filter), and the last rule's allowed regions allow. */
struct ruled {
	struct oci *j;
	const struct policy_entry *e;
	bool kill; /* a block kills (else errno en) */
	int en;
	size_t rule;			    /* the rule splitting now */
	struct cond c[CJ_MAX_ARGRULES * 2]; /* the comparisons so far */
	size_t nc;
	struct cj_err *err;
};

static int rule_regions(struct ruled *x);

static void entry(struct ruled *x, bool allow)
{
	fprintf(x->j->f, "%s\n    {\"names\": [\"%s\"], ",
		x->j->first ? "" : ",", x->e->name);
	action_json(x->j, x->kill, allow, x->en);
	fprintf(x->j->f, ", \"args\": [");
	for (size_t i = 0; i < x->nc; i++)
		fprintf(x->j->f,
			"%s{\"index\": %u, \"value\": %" PRIu32
			", \"valueTwo\": %" PRIu32
			", \"op\": \"SCMP_CMP_MASKED_EQ\"}",
			i ? ", " : "", x->c[i].arg, x->c[i].mask,
			x->c[i].value);
	fprintf(x->j->f, "]}");
	x->j->first = false;
}

/* The region (arg & mask) == value of the rule at hand, within those of
 * the earlier rules: blocked, or allowed (and so split by the next). */
static int region(struct ruled *x, unsigned arg, uint32_t mask, uint32_t value,
		  bool blocked)
{
	int rc = 0;

	x->c[x->nc++] = (struct cond){arg, mask, value};
	if (blocked || x->rule + 1 == x->e->n_rules) {
		entry(x, !blocked);
	} else {
		x->rule++;
		rc = rule_regions(x);
		x->rule--;
	}
	x->nc--;
	return rc;
}

/* Cover [lo, hi] (inclusive) with aligned power-of-two blocks. */
static int cover(struct ruled *x, unsigned arg, uint64_t lo, uint64_t hi,
		 bool blocked)
{
	while (lo <= hi) {
		uint64_t size = 1;

		while (size < (1ULL << 32) && lo % (size * 2) == 0 &&
		       lo + size * 2 - 1 <= hi)
			size *= 2;
		if (region(x, arg, (uint32_t) ~(size - 1), (uint32_t)lo,
			   blocked) < 0)
			return -1;
		lo += size;
	}
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Everything of the argument's 32 bits but the values v[0..n). */
static int complement(struct ruled *x, unsigned arg, const uint32_t *v,
		      size_t n, bool blocked)
{
	uint32_t s[CJ_MAX_VALUES];
	uint64_t next = 0;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u32);
	for (size_t i = 0; i < n; i++) {
		if (s[i] > next &&
		    cover(x, arg, next, (uint64_t)s[i] - 1, blocked) < 0)
			return -1;
		next = (uint64_t)s[i] + 1;
	}
	if (next <= 0xffffffffULL)
		return cover(x, arg, next, 0xffffffffULL, blocked);
	return 0;
}

static bool listed(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t k = 0; k < n; k++)
		if (v[k] == x)
			return true;
	return false;
}

/* A masked rule whose mask is one run of bits: the values under it as
 * numbers u (the bits shifted down), each run of u with one verdict
 * covered by aligned power-of-two blocks, as cover does. */
static int masked_runs(struct ruled *x, const struct cj_argrule *r)
{
	bool in = r->kind == CJ_ARG_IN;
	unsigned shift = (unsigned)__builtin_ctz(r->mask);
	uint32_t top = r->mask >> shift; /* the largest u */
	uint64_t lo = 0;

	while (lo <= top) {
		bool blocked = listed(r->v, r->n, (uint32_t)lo << shift) == in;
		uint64_t hi = lo;

		while (hi < top &&
		       (listed(r->v, r->n, (uint32_t)(hi + 1) << shift) ==
			in) == blocked)
			hi++;
		while (lo <= hi) {
			uint64_t size = 1;

			while (lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi)
				size *= 2;
			if (region(x, r->arg,
				   r->mask & ~((uint32_t)(size - 1) << shift),
				   (uint32_t)lo << shift, blocked) < 0)
				return -1;
			lo += size;
		}
	}
	return 0;
}

/* A masked rule: one run of at most 16 bits by runs of values; else each
 * value of the mask's bits, listed or not (a mask of at most 8 bits: 256
 * values). */
static int masked_rule(struct ruled *x, const struct cj_argrule *r)
{
	bool in = r->kind == CJ_ARG_IN;
	uint32_t u = 0, bits = r->mask >> __builtin_ctz(r->mask);

	if (__builtin_popcount(r->mask) <= 16 && (bits & (bits + 1)) == 0)
		return masked_runs(x, r);
	if (__builtin_popcount(r->mask) > 8)
		return cj_fail(x->err, CJ_EXIT_SETUP,
			       "%s: a mask of more than 8 bits cannot be "
			       "written as an OCI profile",
			       x->e->name);
	do {
		/* in: a listed value blocks; not in: an unlisted one. */
		if (region(x, r->arg, r->mask, u, listed(r->v, r->n, u) == in) <
		    0)
			return -1;
		u = (u - r->mask) & r->mask; /* the next subset of the mask */
	} while (u != 0);
	return 0;
}

/* A pair rule: per first value, its second values and everything else of
 * the second argument; then everything else of the first. */
static int pair_rule(struct ruled *x, const struct cj_argrule *r)
{
	bool in = r->kind == CJ_ARG_IN;
	uint32_t firsts[CJ_MAX_VALUES] = {0}, seconds[CJ_MAX_VALUES] = {0};
	size_t nf = 0;

	for (size_t i = 0; i < r->n; i++) {
		size_t ns = 0;
		int rc = 0;

		if (listed(firsts, nf, r->v[i]))
			continue;
		firsts[nf++] = r->v[i];
		for (size_t k = i; k < r->n; k++)
			if (r->v[k] == r->v[i])
				seconds[ns++] = r->v2[k];
		x->c[x->nc++] = (struct cond){r->arg, 0xffffffffU, r->v[i]};
		for (size_t k = 0; k < ns && rc == 0; k++)
			rc = region(x, r->arg2, 0xffffffffU, seconds[k], in);
		if (rc == 0)
			rc = complement(x, r->arg2, seconds, ns, !in);
		x->nc--;
		if (rc < 0)
			return -1;
	}
	return complement(x, r->arg, firsts, nf, !in);
}

static int rule_regions(struct ruled *x)
{
	const struct cj_argrule *r = &x->e->rules[x->rule];
	uint32_t all = 0;

	if (r->pair)
		return pair_rule(x, r);
	if (r->masked)
		return masked_rule(x, r);
	for (size_t k = 0; k < r->n; k++)
		all |= r->v[k];
	switch (r->kind) {
	case CJ_ARG_HAS:
		/* Blocks of each bit may meet: the same action. */
		if (region(x, r->arg, all, 0, false) < 0)
			return -1;
		for (unsigned b = 0; b < 32; b++)
			if ((all & (1U << b)) &&
			    region(x, r->arg, 1U << b, 1U << b, true) < 0)
				return -1;
		return 0;
	case CJ_ARG_IN:
		for (size_t k = 0; k < r->n; k++)
			if (region(x, r->arg, 0xffffffffU, r->v[k], true) < 0)
				return -1;
		return complement(x, r->arg, r->v, r->n, false);
	case CJ_ARG_NOT_IN:
		for (size_t k = 0; k < r->n; k++)
			if (region(x, r->arg, 0xffffffffU, r->v[k], false) < 0)
				return -1;
		return complement(x, r->arg, r->v, r->n, true);
	default:
		return cj_fail(x->err, CJ_EXIT_SETUP, "%s: bad rule",
			       x->e->name);
	}
}

static int ruled(struct oci *j, const struct policy_entry *e,
		 const struct cj_outcomes *o, struct cj_err *err)
{
	struct ruled x = {.j = j,
			  .e = e,
			  .kill = filter_block_kills(&e->m, o),
			  .en = filter_block_errno(&e->m, o),
			  .err = err};

	return e->n_rules == 0 ? 0 : rule_regions(&x);
}

/* One group of unconditional entries with the same action. */
static void group(struct oci *j, const struct policy *p,
		  const struct cj_outcomes *o, bool allow, bool kill, int en)
{
	bool any = false;

	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		bool allowed =
		    e->m.verdict == CJ_ALLOW || runtime_needs(e->name);

		if (e->n_rules != 0 || e->arch[0] ||
		    sysnames_nr(sysnames_arch(), e->name) < 0 ||
		    allowed != allow ||
		    (!allow && (filter_block_kills(&e->m, o) != kill ||
				(!kill && filter_block_errno(&e->m, o) != en))))
			continue;
		/* The default answers ENOSYS already: no entry needed. */
		if (!allow && !kill && en == ENOSYS)
			continue;
		if (any)
			fprintf(j->f, ", ");
		else
			fprintf(j->f, "%s\n    {\"names\": [",
				j->first ? "" : ",");
		fprintf(j->f, "\"%s\"", e->name);
		any = true;
	}
	if (!any)
		return;
	fprintf(j->f, "], ");
	action_json(j, kill, allow, en);
	fprintf(j->f, "}");
	j->first = false;
}

int export_oci(FILE *f, const struct policy *p, const struct cj_outcomes *o,
	       struct cj_err *err)
{
	struct oci j = {f, true};
	int errnos[64], n_errnos = 0;
	const char *arch = sysnames_arch() == SCMP_ARCH_AARCH64
			       ? "SCMP_ARCH_AARCH64"
			       : "SCMP_ARCH_X86_64";

	fprintf(f,
		"{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		"  \"defaultErrnoRet\": %d,\n"
		"  \"architectures\": [\"%s\"],\n"
		"  \"syscalls\": [",
		ENOSYS, arch);
	group(&j, p, o, true, false, 0);
	group(&j, p, o, false, true, 0);
	/* One group per errno in use. */
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int en = filter_block_errno(&e->m, o);
		bool seen = false;

		if (e->m.verdict != CJ_BLOCK || filter_block_kills(&e->m, o) ||
		    runtime_needs(e->name))
			continue;
		for (int k = 0; k < n_errnos; k++)
			seen = seen || errnos[k] == en;
		if (!seen && n_errnos < 64) {
			errnos[n_errnos++] = en;
			group(&j, p, o, false, false, en);
		}
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].n_rules != 0 && p->v[i].arch[0] == '\0' &&
		    sysnames_nr(sysnames_arch(), p->v[i].name) >= 0 &&
		    ruled(&j, &p->v[i], o, err) < 0)
			return -1;
	fprintf(f, "\n  ]\n}\n");
	if (fflush(f) != 0 || ferror(f))
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "writing");
	return 0;
}
