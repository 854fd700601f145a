/* filter.c - policy -> one decision per syscall -> BPF (bpfgen.h). */
#define _GNU_SOURCE
#include "filter.h"

/* Only the SCMP_ACT_ and SCMP_ARCH_ values: capejail links no libseccomp. */
#include <seccomp.h>

#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfgen.h"

#include "sysnames.h"

#include "banned.h"

const struct cj_outcomes cj_default_outcomes = {EPERM, 0, CJ_LEARN_OFF};

bool filter_block_kills(const struct cj_marks *m, const struct cj_outcomes *o)
{
	return m->warn || (o->kill_blocked && m->err_no == 0);
}

int filter_block_errno(const struct cj_marks *m, const struct cj_outcomes *o)
{
	return m->err_no ? m->err_no : o->blocked_errno;
}

uint32_t filter_block_action(const struct cj_marks *m,
			     const struct cj_outcomes *o)
{
	/* Learning: capejail sees every block (and answers it). */
	if (o->learn != CJ_LEARN_OFF)
		return SCMP_ACT_NOTIFY;
	/* A kill, or a block capejail names: both through capejail, which
	 * answers an errno itself. An allowed call never gets here. */
	if (filter_block_kills(m, o) || !m->quiet)
		return SCMP_ACT_NOTIFY;
	return SCMP_ACT_ERRNO((uint16_t)filter_block_errno(m, o));
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void filter_policy_hash(const struct policy *p, const struct cj_outcomes *o,
			uint32_t arch, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char line[160];

	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];

		if (e->arch[0] || sysnames_nr(arch, e->name) < 0)
			continue;
		for (size_t r = 0; r < e->n_rules; r++) {
			const struct cj_argrule *ru = &e->rules[r];

			/* As before for a plain rule; a mask and a pair
			 * add their words. */
			(void)snprintf(line, sizeof(line),
				       "rule %d %u:", ru->kind, ru->arg);
			h = fnv1a(h, line);
			if (ru->masked) {
				(void)snprintf(line, sizeof(line), " & %u",
					       (unsigned)ru->mask);
				h = fnv1a(h, line);
			}
			if (ru->pair) {
				(void)snprintf(line, sizeof(line), " , %u",
					       ru->arg2);
				h = fnv1a(h, line);
			}
			for (size_t k = 0; k < ru->n; k++) {
				if (ru->pair)
					(void)snprintf(line, sizeof(line),
						       " %u,%u",
						       (unsigned)ru->v[k],
						       (unsigned)ru->v2[k]);
				else
					(void)snprintf(line, sizeof(line),
						       " %u",
						       (unsigned)ru->v[k]);
				h = fnv1a(h, line);
			}
		}
		(void)snprintf(line, sizeof(line), "%s %d %d %d%s\n", e->name,
			       e->m.verdict, e->m.warn, e->m.err_no,
			       e->m.quiet ? " quiet" : "");
		h = fnv1a(h, line);
	}
	/* The built-in outcomes leave the hash as the file's alone. */
	if (o->blocked_errno != cj_default_outcomes.blocked_errno ||
	    o->kill_blocked || o->learn) {
		(void)snprintf(line, sizeof(line), "outcomes %d %d %d\n",
			       o->blocked_errno, o->kill_blocked, o->learn);
		h = fnv1a(h, line);
	}
	(void)snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static uint32_t action_of(const struct policy_entry *e,
			  const struct cj_outcomes *o)
{
	return e->m.verdict == CJ_ALLOW ? SCMP_ACT_ALLOW
					: filter_block_action(&e->m, o);
}

int filter_compile(const struct policy *p, const struct cj_outcomes *o,
		   struct sock_filter **prog, size_t *len, struct cj_err *err)
{
	return filter_compile_arch(p, o, sysnames_arch(), prog, len, err);
}

int filter_compile_arch(const struct policy *p, const struct cj_outcomes *o,
			uint32_t arch, struct sock_filter **prog, size_t *len,
			struct cj_err *err)
{
	/* Any other ABI than the native one is an attempt to get around the
	 * table: kill the jail rather than answer. A number no entry names
	 * is a newer kernel's syscall: ENOSYS, and libc falls back. */
	const struct bpf_target t = {arch, SCMP_ACT_ERRNO(ENOSYS),
				     SCMP_ACT_NOTIFY, arch == SCMP_ARCH_X86_64};
	struct bpf_decision *d = NULL;
	struct sock_filter *all = NULL;
	size_t n = 0;
	int rc = -1;

	/* x32 is not an architecture the kernel reports (its calls come as
	 * x86_64's, numbers from 0x40000000 up: x86_64's filter kills them);
	 * s390 passes clone's flags second, which SYSCALLS.md's clone rule
	 * does not say. */
	if (arch == SCMP_ARCH_X32 || arch == SCMP_ARCH_S390 ||
	    arch == SCMP_ARCH_S390X)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "no seccomp filter for architecture 0x%08x: "
			       "not supported",
			       (unsigned)arch);
	d = calloc(p->n ? p->n : 1, sizeof(*d));
	all = calloc(BPF_MAXINSNS, sizeof(*all));

	if (d == NULL || all == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr = e->arch[0] ? -1 : sysnames_nr(arch, e->name);

		if (nr < 0)
			continue; /* not a syscall of this architecture */
		d[n].nr = (uint32_t)nr;
		d[n].action = action_of(e, o);
		/* Rules only ever narrow an allow. */
		if (e->m.verdict == CJ_ALLOW && e->n_rules > 0) {
			d[n].rules = e->rules;
			d[n].n_rules = e->n_rules;
			d[n].block = filter_block_action(&e->m, o);
		}
		n++;
	}
	if (bpfgen_build(&t, d, n, BPF_COMPACT, all, BPF_MAXINSNS, len, err) <
	    0)
		goto done;
	*prog = all;
	all = NULL;
	rc = 0;
done:
	free(d);
	free(all);
	return rc;
}
