/* bpfgen.c - one decision per syscall -> a seccomp BPF program (bpfgen.h).
 *
 * Instructions are first written with symbolic targets (labels), then
 * resolved. Compact layout: a conditional jump goes straight to both of its
 * targets, which classic BPF allows only up to 255 instructions ahead; the
 * branches that cannot reach are written again the wide way, where the
 * conditional only skips the `ja` (32-bit offset) after it, until all
 * reach. The wide layout writes every branch so. */
#include "bpfgen.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Offsets in struct seccomp_data. */
#define OFF_NR	 0
#define OFF_ARCH 4
/* An argument's low 32 bits: the second word of it on a big-endian target
 * (the target's, not this machine's: a cross-build writes the filter). */
#define OFF_ARG_LO(t, i)                                                       \
	(16 + 8 * (i) + (((t)->audit_arch & __AUDIT_ARCH_LE) ? 0 : 4))

#define NEXT	  (-1)	      /* fall through: the next instruction */
#define X32_FIRST 0x40000000U /* __X32_SYSCALL_BIT */

/* A run of numbers [lo, next segment's lo) with one answer. */
struct seg {
	uint32_t lo;
	uint32_t action;
	long check; /* decision whose rules decide, or -1 */
};

struct gen {
	enum bpf_layout layout;
	struct sock_filter *out;
	int *lt, *lf; /* each instruction's labels: taken, not taken */
	long *bno;    /* each instruction's branch, or -1 */
	bool *wide;   /* per branch: written the wide way */
	size_t branches;
	size_t cap, n;
	size_t *label_at;
	size_t labels, max_labels;
	uint32_t *ret_action; /* the shared returns: action and label */
	int *ret_label;
	size_t rets;
	bool overflow, too_far;
};

static int new_label(struct gen *g)
{
	if (g->labels == g->max_labels) {
		g->overflow = true;
		return 0;
	}
	g->label_at[g->labels] = (size_t)-1;
	return (int)g->labels++;
}

static void place(struct gen *g, int label)
{
	g->label_at[label] = g->n;
}

static void put(struct gen *g, uint16_t code, uint32_t k, int lt, int lf)
{
	if (g->n >= g->cap || g->n >= BPF_MAXINSNS) {
		g->overflow = true;
		return;
	}
	g->out[g->n] = (struct sock_filter){code, 0, 0, k};
	g->lt[g->n] = lt;
	g->lf[g->n] = lf;
	g->bno[g->n] = -1;
	g->n++;
}

static void load(struct gen *g, uint32_t off)
{
	put(g, BPF_LD | BPF_W | BPF_ABS, off, NEXT, NEXT);
}

static void jump(struct gen *g, int label)
{
	put(g, BPF_JMP | BPF_JA, 0, label, NEXT);
}

static void ret(struct gen *g, uint32_t action)
{
	put(g, BPF_RET | BPF_K, action, NEXT, NEXT);
}

/* if (A <op> k) goto taken; else goto not_taken (NEXT: fall through). */
static void branch(struct gen *g, uint16_t op, uint32_t k, int taken,
		   int not_taken)
{
	size_t b = g->branches++;

	if (g->layout == BPF_COMPACT && (b >= g->cap || !g->wide[b])) {
		put(g, BPF_JMP | op | BPF_K, k, taken, not_taken);
		if (g->n > 0 && !g->overflow)
			g->bno[g->n - 1] = (long)b;
		return;
	}
	/* Taken: the `ja` right after; not taken: skip it. */
	put(g, BPF_JMP | op | BPF_K, k, NEXT, NEXT);
	if (!g->overflow)
		g->out[g->n - 1].jf = 1;
	jump(g, taken);
	if (not_taken != NEXT)
		jump(g, not_taken);
}

/* The label of the one `ret action` every leaf with that answer jumps to,
 * written at the end. */
static int ret_label(struct gen *g, uint32_t action)
{
	for (size_t i = 0; i < g->rets; i++)
		if (g->ret_action[i] == action)
			return g->ret_label[i];
	if (g->rets == g->max_labels) {
		g->overflow = true;
		return 0;
	}
	g->ret_action[g->rets] = action;
	g->ret_label[g->rets] = new_label(g);
	return g->ret_label[g->rets++];
}

/* Where a segment's numbers go: a shared return, or its decision's rules. */
static int leaf(struct gen *g, const struct seg *s, const int *check_label)
{
	return s->check >= 0 ? check_label[s->check] : ret_label(g, s->action);
}

/* A binary search over segments s[i..j), at least two of them: each node
 * asks "number >= the first of the upper half?". Nodes are written in
 * pre-order, so a node's lower half (if it is a node) is the next
 * instruction. */
static void tree(struct gen *g, const struct seg *s, size_t i, size_t j,
		 const int *check_label)
{
	size_t mid = i + (j - i) / 2;
	int upper = j - mid == 1 ? leaf(g, &s[mid], check_label) : new_label(g);
	int lower = mid - i == 1 ? leaf(g, &s[i], check_label) : NEXT;

	branch(g, BPF_JGE, s[mid].lo, upper, lower);
	if (mid - i > 1)
		tree(g, s, i, mid, check_label);
	if (j - mid > 1) {
		place(g, upper);
		tree(g, s, mid, j, check_label);
	}
}

/* A pair rule: (arg, arg2) against its pairs, grouped by their first
 * value (each first value tested once, then its second values). A match
 * goes to match, none to nomatch (NEXT: fall through). */
static void pairs(struct gen *g, const struct bpf_target *t,
		  const struct cj_argrule *ru, int match, int nomatch)
{
	for (size_t i = 0; i < ru->n; i++) {
		int same, next;
		bool seen = false;

		for (size_t k = 0; k < i && !seen; k++)
			seen = ru->v[k] == ru->v[i];
		if (seen)
			continue; /* its group was written already */
		same = new_label(g);
		next = new_label(g);
		load(g, (uint32_t)OFF_ARG_LO(t, ru->arg));
		branch(g, BPF_JEQ, ru->v[i], same, next);
		place(g, same);
		load(g, (uint32_t)OFF_ARG_LO(t, ru->arg2));
		for (size_t k = i; k < ru->n; k++)
			if (ru->v[k] == ru->v[i])
				branch(g, BPF_JEQ, ru->v2[k], match, NEXT);
		place(g, next);
	}
	if (nomatch != NEXT)
		jump(g, nomatch);
}

/* A checked syscall: each rule on the low 32 bits of its argument(s). */
static void checks(struct gen *g, const struct bpf_target *t,
		   const struct bpf_decision *d)
{
	int blocked = ret_label(g, d->block);

	for (size_t r = 0; r < d->n_rules; r++) {
		const struct cj_argrule *ru = &d->rules[r];

		if (ru->pair) {
			int pass = new_label(g);

			if (ru->kind == CJ_ARG_NOT_IN)
				pairs(g, t, ru, pass, blocked);
			else
				pairs(g, t, ru, blocked, NEXT);
			place(g, pass);
			continue;
		}
		load(g, (uint32_t)OFF_ARG_LO(t, ru->arg));
		if (ru->masked)
			put(g, BPF_ALU | BPF_AND | BPF_K, ru->mask, NEXT, NEXT);
		if (ru->kind == CJ_ARG_NOT_IN) {
			int pass = new_label(g);

			for (size_t i = 0; i < ru->n; i++)
				branch(g, BPF_JEQ, ru->v[i], pass, NEXT);
			jump(g, blocked);
			place(g, pass);
			continue;
		}
		for (size_t i = 0; i < ru->n; i++)
			branch(g, ru->kind == CJ_ARG_HAS ? BPF_JSET : BPF_JEQ,
			       ru->v[i], blocked, NEXT);
	}
	ret(g, d->action);
}

/* Labels -> offsets. In the compact layout a conditional target more than
 * 255 instructions ahead sets too_far, and its branch is to be written the
 * wide way next time. */
static void resolve(struct gen *g)
{
	for (size_t i = 0; i < g->n; i++) {
		struct sock_filter *ins = &g->out[i];
		size_t off[2] = {0, 0};
		const int lab[2] = {g->lt[i], g->lf[i]};

		for (int k = 0; k < 2; k++)
			if (lab[k] != NEXT)
				off[k] = g->label_at[lab[k]] - (i + 1);
		if (BPF_CLASS(ins->code) != BPF_JMP)
			continue;
		if (BPF_OP(ins->code) == BPF_JA) {
			ins->k = (uint32_t)off[0];
			continue;
		}
		if (off[0] > 255 || off[1] > 255) {
			g->too_far = true;
			if (g->bno[i] >= 0)
				g->wide[g->bno[i]] = true;
			continue;
		}
		if (lab[0] != NEXT)
			ins->jt = (uint8_t)off[0];
		if (lab[1] != NEXT)
			ins->jf = (uint8_t)off[1];
	}
}

static int by_nr(const void *a, const void *b)
{
	uint32_t x = ((const struct bpf_decision *)a)->nr,
		 y = ((const struct bpf_decision *)b)->nr;

	return x < y ? -1 : x > y;
}

/* Append the segment [lo, ...): it replaces a last one that starts at the
 * same number (which would be empty), and a segment that answers as the
 * one before it does just extends that one. */
static void add_seg(struct seg *s, size_t *m, uint32_t lo, uint32_t action,
		    long check)
{
	if (*m > 0 && s[*m - 1].lo == lo)
		(*m)--;
	if (*m > 0 && check < 0 && s[*m - 1].check < 0 &&
	    s[*m - 1].action == action)
		return;
	s[(*m)++] = (struct seg){lo, action, check};
}

static int emit(struct gen *g, const struct bpf_target *t,
		const struct bpf_decision *d, size_t n, const struct seg *s,
		size_t m)
{
	int *check_label = calloc(n ? n : 1, sizeof(*check_label));
	int arch_ok;

	if (check_label == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		check_label[i] = d[i].n_rules ? new_label(g) : 0;
	load(g, OFF_ARCH);
	arch_ok = new_label(g);
	branch(g, BPF_JEQ, t->audit_arch, arch_ok, ret_label(g, t->badarch));
	place(g, arch_ok);
	load(g, OFF_NR);
	if (m == 1)
		jump(g, leaf(g, &s[0], check_label));
	else
		tree(g, s, 0, m, check_label);
	for (size_t i = 0; i < n; i++)
		if (d[i].n_rules) {
			place(g, check_label[i]);
			checks(g, t, &d[i]);
		}
	for (size_t i = 0; i < g->rets; i++) {
		place(g, g->ret_label[i]);
		ret(g, g->ret_action[i]);
	}
	free(check_label);
	if (!g->overflow)
		resolve(g);
	return 0;
}

int bpfgen_build(const struct bpf_target *t, const struct bpf_decision *d,
		 size_t n, enum bpf_layout layout, struct sock_filter *out,
		 size_t cap, size_t *len, struct cj_err *err)
{
	struct bpf_decision *sorted = calloc(n ? n : 1, sizeof(*sorted));
	struct seg *s = calloc(3 * n + 8, sizeof(*s));
	struct gen g;
	size_t m = 0, most = 0, rules = 0;
	uint32_t at = 0;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	g.lt = calloc(cap ? cap : 1, sizeof(*g.lt));
	g.lf = calloc(cap ? cap : 1, sizeof(*g.lf));
	g.bno = calloc(cap ? cap : 1, sizeof(*g.bno));
	g.wide = calloc(cap ? cap : 1, sizeof(*g.wide));
	if (sorted == NULL || s == NULL || g.lt == NULL || g.lf == NULL ||
	    g.bno == NULL || g.wide == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto done;
	}
	if (n > 0)
		memcpy(sorted, d, n * sizeof(*d));
	qsort(sorted, n, sizeof(*sorted), by_nr);
	/* The segments, from number 0 up. */
	for (size_t i = 0; i < n; i++) {
		const struct bpf_decision *x = &sorted[i];

		if (i > 0 && x->nr == sorted[i - 1].nr) {
			cj_fail(err, CJ_EXIT_SETUP,
				"two decisions for syscall number %u", x->nr);
			goto done;
		}
		if ((t->x32 && x->nr >= X32_FIRST) || x->nr == UINT32_MAX) {
			cj_fail(err, CJ_EXIT_SETUP,
				"syscall number %u is not a native one", x->nr);
			goto done;
		}
		for (size_t r = 0; r < x->n_rules; r++)
			if (x->rules[r].arg > 5 ||
			    (x->rules[r].pair && x->rules[r].arg2 > 5)) {
				cj_fail(err, CJ_EXIT_SETUP,
					"syscall %u: no argument %u", x->nr,
					x->rules[r].arg);
				goto done;
			}
		if (x->nr > at)
			add_seg(s, &m, at, t->unknown, -1);
		add_seg(s, &m, x->nr, x->action, x->n_rules ? (long)i : -1);
		rules += x->n_rules;
		at = x->nr + 1;
		/* A checked number is a segment of its own. */
		if (x->n_rules)
			add_seg(s, &m, at, t->unknown, -1);
	}
	add_seg(s, &m, at, t->unknown, -1);
	if (t->x32) {
		add_seg(s, &m, X32_FIRST, t->badarch, -1);
		add_seg(s, &m, UINT32_MAX, t->unknown, -1);
	}
	/* Labels: a node, a return, a check and a rule's pass each, and
	 * two for each group of a pair rule. */
	most = 3 * m + n + rules + 16;
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < sorted[i].n_rules; r++)
			if (sorted[i].rules[r].pair)
				most += 2 * sorted[i].rules[r].n;
	g.label_at = calloc(most, sizeof(*g.label_at));
	g.ret_action = calloc(most, sizeof(*g.ret_action));
	g.ret_label = calloc(most, sizeof(*g.ret_label));
	if (g.label_at == NULL || g.ret_action == NULL || g.ret_label == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto done;
	}
	g.max_labels = most;
	/* Compact: again and again, each time with the branches that could
	 * not reach written the wide way, until all reach. */
	g.layout = layout;
	for (;;) {
		g.out = out;
		g.cap = cap;
		g.n = g.labels = g.rets = g.branches = 0;
		g.overflow = g.too_far = false;
		if (emit(&g, t, sorted, n, s, m) < 0) {
			cj_fail(err, CJ_EXIT_SETUP, "out of memory");
			goto done;
		}
		if (g.overflow) {
			cj_fail(err, CJ_EXIT_SETUP,
				"seccomp filter too large (over %zu "
				"instructions)",
				cap < BPF_MAXINSNS ? cap
						   : (size_t)BPF_MAXINSNS);
			goto done;
		}
		if (!g.too_far)
			break;
	}
	*len = g.n;
	rc = 0;
done:
	free(sorted);
	free(s);
	free(g.lt);
	free(g.lf);
	free(g.bno);
	free(g.wide);
	free(g.label_at);
	free(g.ret_action);
	free(g.ret_label);
	return rc;
}
