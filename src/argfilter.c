/* argfilter.c - argument rules -> BPF prefix (see argfilter.h). */
#include "argfilter.h"

#include <endian.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>

#include "banned.h"

/* Offsets in struct seccomp_data. */
#define OFF_NR	      0
#define OFF_ARCH      4
#define OFF_ARG_LO(i) (16 + 8 * (i) + (__BYTE_ORDER == __BIG_ENDIAN ? 4 : 0))

/* Every forward jump is a `ja` with a 32-bit offset to a label, resolved at
 * the end; conditionals only ever skip the one `ja` that follows them. */
#define MAX_LABELS 256

struct emit {
	struct sock_filter *out;
	size_t cap, n;
	size_t label_at[MAX_LABELS]; /* instruction index of each label */
	int target[BPF_MAXINSNS];    /* label of each `ja`, or -1 */
	int labels;
	bool overflow;
};

static void put(struct emit *e, uint16_t code, uint8_t jt, uint8_t jf,
		uint32_t k, int label)
{
	if (e->n >= e->cap || e->n >= BPF_MAXINSNS) {
		e->overflow = true;
		return;
	}
	e->out[e->n] = (struct sock_filter){code, jt, jf, k};
	e->target[e->n] = label;
	e->n++;
}

static int new_label(struct emit *e)
{
	if (e->labels == MAX_LABELS) {
		e->overflow = true;
		return 0;
	}
	e->label_at[e->labels] = (size_t)-1;
	return e->labels++;
}

static void place(struct emit *e, int label)
{
	e->label_at[label] = e->n;
}

static void jump(struct emit *e, int label)
{
	put(e, BPF_JMP | BPF_JA, 0, 0, 0, label);
}

/* if (A <op> k) goto label */
static void jump_if(struct emit *e, uint16_t op, uint32_t k, int label)
{
	put(e, BPF_JMP | op | BPF_K, 0, 1, k, -1);
	jump(e, label);
}

static void load(struct emit *e, uint32_t off)
{
	put(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, off, -1);
}

static void emit_rule(struct emit *e, const struct cj_argrule *r, int blocked)
{
	load(e, (uint32_t)OFF_ARG_LO(r->arg));
	if (r->kind == CJ_ARG_NOT_IN) {
		int ok = new_label(e);

		for (size_t i = 0; i < r->n; i++)
			jump_if(e, BPF_JEQ, r->v[i], ok);
		jump(e, blocked);
		place(e, ok);
		return;
	}
	for (size_t i = 0; i < r->n; i++)
		jump_if(e, r->kind == CJ_ARG_HAS ? BPF_JSET : BPF_JEQ, r->v[i],
			blocked);
}

int argfilter_build(uint32_t audit_arch, const struct argcheck *c, size_t n,
		    struct sock_filter *out, size_t cap, size_t *len,
		    struct cj_err *err)
{
	static struct emit e; /* large; one build at a time */
	int end;

	memset(&e, 0, sizeof(e));
	e.out = out;
	e.cap = cap;
	end = new_label(&e);
	if (n > 0) {
		/* Another ABI: leave it to the main program, which kills. */
		load(&e, OFF_ARCH);
		put(&e, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, audit_arch, -1);
		jump(&e, end);
		load(&e, OFF_NR);
	}
	for (size_t i = 0; i < n; i++) {
		int next = new_label(&e), blocked = new_label(&e);

		put(&e, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, (uint32_t)c[i].nr, -1);
		jump(&e, next);
		for (size_t r = 0; r < c[i].n_rules; r++)
			emit_rule(&e, &c[i].rules[r], blocked);
		jump(&e, end); /* every rule passed */
		place(&e, blocked);
		put(&e, BPF_RET | BPF_K, 0, 0, c[i].block, -1);
		place(&e, next);
		/* The accumulator holds an argument now: reload the number. */
		if (i + 1 < n)
			load(&e, OFF_NR);
	}
	place(&e, end);
	if (e.overflow)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "argument rules: filter too large");
	for (size_t i = 0; i < e.n; i++) {
		if (e.target[i] < 0)
			continue;
		/* Labels are always ahead of their jumps. */
		e.out[i].k = (uint32_t)(e.label_at[e.target[i]] - (i + 1));
	}
	*len = e.n;
	return 0;
}
