/* test_filter.c - the seccomp program, run: bpfgen_build's program on its
 * own (both layouts) and filter_compile's, of a policy, on a
 * small policy and on the built-in SYSCALLS.md, through a classic-BPF
 * interpreter of the instructions seccomp accepts, over struct seccomp_data
 * cases; and the program compiled in at build time against a fresh one. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfgen.h"
#include "filter.h"
#include "policy.h"
#include "policy_table.h"
#include "sysnames.h"
#include "tap.h"

#include "banned.h"

#define ALLOW	   SECCOMP_RET_ALLOW
#define NOTIFY	   SECCOMP_RET_USER_NOTIF
#define ERRNO(e)   (SECCOMP_RET_ERRNO | ((uint32_t)(e)&SECCOMP_RET_DATA))
#define X32_BIT	   0x40000000U
#define BAD_RESULT 0xdeadbeefU /* what run() returns on a fault */

#define skip(why)                                                              \
	do {                                                                   \
		tap_n++;                                                       \
		printf("ok %d # SKIP %s\n", tap_n, why);                       \
	} while (0)

/* --- a classic-BPF interpreter, as the kernel runs a seccomp filter ------ */

struct vm {
	const char *fault; /* why the run stopped without a RET, or NULL */
	size_t pc;	   /* of the fault */
	uint32_t loaded;   /* bit i: the word at offset 4 * i was read */
	size_t steps;
};

static uint32_t fault(struct vm *vm, size_t pc, const char *why)
{
	vm->fault = why;
	vm->pc = pc;
	return BAD_RESULT;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t b, int *bad)
{
	switch (op) {
	case BPF_ADD:
		return a + b;
	case BPF_SUB:
		return a - b;
	case BPF_MUL:
		return a * b;
	case BPF_DIV:
		if (b == 0)
			*bad = 1;
		return b ? a / b : 0;
	case BPF_MOD:
		if (b == 0)
			*bad = 1;
		return b ? a % b : 0;
	case BPF_OR:
		return a | b;
	case BPF_AND:
		return a & b;
	case BPF_XOR:
		return a ^ b;
	case BPF_LSH:
		if (b >= 32)
			*bad = 1;
		return b < 32 ? a << b : 0;
	case BPF_RSH:
		if (b >= 32)
			*bad = 1;
		return b < 32 ? a >> b : 0;
	case BPF_NEG:
		return (uint32_t)-a;
	default:
		*bad = 1;
		return 0;
	}
}

static int jump_taken(uint16_t op, uint32_t a, uint32_t b, int *bad)
{
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JSET:
		return (a & b) != 0;
	default:
		*bad = 1;
		return 0;
	}
}

/* Run prog on d. The seccomp dialect of classic BPF: 32-bit loads from
 * struct seccomp_data (BPF_ABS, word aligned), LEN, IMM, the scratch memory,
 * ALU, jumps, TAX/TXA, RET. Anything else is a fault. */
static uint32_t run(const struct sock_filter *prog, size_t len,
		    const struct seccomp_data *d, struct vm *vm)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
	unsigned written = 0; /* the kernel's checker refuses reading unset */
	size_t pc = 0;

	memset(vm, 0, sizeof(*vm));
	while (pc < len) {
		const struct sock_filter *f = &prog[pc];
		uint32_t k = f->k;
		int bad = 0;

		vm->steps++;
		pc++;
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX: {
			uint32_t v;

			if (f->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k % 4 != 0 || k > sizeof(*d) - 4)
					return fault(vm, pc - 1, "bad offset");
				memcpy(&v, (const char *)d + k, 4);
				vm->loaded |= 1U << (k / 4);
			} else if (BPF_MODE(f->code) == BPF_LEN &&
				   BPF_SIZE(f->code) == BPF_W) {
				v = (uint32_t)sizeof(*d);
			} else if (BPF_MODE(f->code) == BPF_IMM &&
				   BPF_SIZE(f->code) == BPF_W) {
				v = k;
			} else if (BPF_MODE(f->code) == BPF_MEM &&
				   BPF_SIZE(f->code) == BPF_W) {
				if (k >= BPF_MEMWORDS || !(written & (1U << k)))
					return fault(vm, pc - 1,
						     "read of unset memory");
				v = mem[k];
			} else {
				return fault(vm, pc - 1, "unsupported load");
			}
			if (BPF_CLASS(f->code) == BPF_LD)
				a = v;
			else
				x = v;
			break;
		}
		case BPF_ST:
		case BPF_STX:
			if (f->code != BPF_ST && f->code != BPF_STX)
				return fault(vm, pc - 1, "unsupported store");
			if (k >= BPF_MEMWORDS)
				return fault(vm, pc - 1, "bad memory index");
			mem[k] = f->code == BPF_ST ? a : x;
			written |= 1U << k;
			break;
		case BPF_ALU:
			a = alu(BPF_OP(f->code), a,
				BPF_SRC(f->code) == BPF_X ? x : k, &bad);
			if (bad)
				return fault(vm, pc - 1, "bad ALU operation");
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				if (f->code != (BPF_JMP | BPF_JA))
					return fault(vm, pc - 1, "bad ja");
				pc += k;
			} else {
				int t = jump_taken(
				    BPF_OP(f->code), a,
				    BPF_SRC(f->code) == BPF_X ? x : k, &bad);

				if (bad)
					return fault(vm, pc - 1, "bad jump");
				pc += t ? f->jt : f->jf;
			}
			break;
		case BPF_RET:
			if (f->code == (BPF_RET | BPF_K))
				return k;
			if (f->code == (BPF_RET | BPF_A))
				return a;
			return fault(vm, pc - 1, "bad ret");
		case BPF_MISC:
			if (f->code == (BPF_MISC | BPF_TAX))
				x = a;
			else if (f->code == (BPF_MISC | BPF_TXA))
				a = x;
			else
				return fault(vm, pc - 1, "bad misc");
			break;
		default:
			return fault(vm, pc - 1, "unknown class");
		}
	}
	return fault(vm, pc, "ran off the end");
}

/* What the kernel's checkers (bpf_check_classic, seccomp_check_filter)
 * would say of prog, statically: NULL if they would take it. */
static const char *check_prog(const struct sock_filter *prog, size_t len,
			      size_t *at)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return "length";
	for (size_t i = 0; i < len; i++) {
		const struct sock_filter *f = &prog[i];

		*at = i;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k % 4 != 0 ||
			    f->k > sizeof(struct seccomp_data) - 4)
				return "load outside seccomp_data";
			break;
		case BPF_JMP | BPF_JA:
			if (f->k >= len - i - 1)
				return "ja out of the program";
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_X:
			if (i + 1 + f->jt >= len || i + 1 + f->jf >= len)
				return "conditional jump out of the program";
			break;
		case BPF_LD | BPF_W | BPF_LEN:
		case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX:
		case BPF_MISC | BPF_TXA:
		case BPF_RET | BPF_K:
		case BPF_RET | BPF_A:
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				return "memory index";
			break;
		default:
			if (BPF_CLASS(f->code) == BPF_ALU &&
			    BPF_OP(f->code) != BPF_DIV &&
			    BPF_OP(f->code) != BPF_MOD &&
			    BPF_OP(f->code) <= BPF_XOR)
				break;
			if (BPF_CLASS(f->code) == BPF_ALU &&
			    BPF_SRC(f->code) == BPF_K && f->k != 0)
				break; /* DIV, MOD by a constant */
			return "an instruction seccomp does not take";
		}
	}
	*at = len - 1;
	if (BPF_CLASS(prog[len - 1].code) != BPF_RET)
		return "the last instruction is not a RET";
	return NULL;
}

/* --- cases ------------------------------------------------------------- */

static uint32_t native;

static struct seccomp_data data(int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = native;
	d.instruction_pointer = 0x7f0000001000ULL;
	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	return d;
}

static int nr_of(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0) {
		printf("Bail out! libseccomp does not know %s\n", name);
		exit(1);
	}
	return nr;
}

static const char *action_name(uint32_t r, char *buf, size_t size)
{
	if (r == ALLOW)
		return "ALLOW";
	if (r == NOTIFY)
		return "USER_NOTIF";
	if (r == BAD_RESULT)
		return "FAULT";
	if ((r & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO) {
		const char *n = strerrorname_np((int)(r & SECCOMP_RET_DATA));

		(void)snprintf(buf, size, "ERRNO|%s", n ? n : "?");
		return buf;
	}
	(void)snprintf(buf, size, "0x%08x", r);
	return buf;
}

/* Run prog on d and expect want. */
static void expect(const struct sock_filter *prog, size_t len,
		   struct seccomp_data d, uint32_t want, const char *what)
{
	struct vm vm;
	uint32_t got = run(prog, len, &d, &vm);
	char g[48], w[48];

	ok(got == want, "%s: %s", what, action_name(want, w, sizeof(w)));
	if (got != want)
		printf(
		    "#   got %s%s%s (nr %d, arch 0x%x, args 0x%llx 0x%llx)\n",
		    action_name(got, g, sizeof(g)), vm.fault ? ": " : "",
		    vm.fault ? vm.fault : "", d.nr, d.arch,
		    (unsigned long long)d.args[0],
		    (unsigned long long)d.args[1]);
}

/* Does rule ru break for these arguments? Written from policy.h's words,
 * not from policy.c or bpfgen.c: the low 32 bits of each argument, under
 * the mask if any; a pair matches when both halves do. */
static bool model_breaks(const struct cj_argrule *ru, const __u64 *args)
{
	uint32_t v = (uint32_t)args[ru->arg];
	bool hit = false;

	if (ru->masked)
		v &= ru->mask;
	for (size_t i = 0; i < ru->n; i++) {
		if (ru->kind == CJ_ARG_HAS)
			hit |= (v & ru->v[i]) != 0;
		else if (ru->pair)
			hit |= v == ru->v[i] &&
			       (uint32_t)args[ru->arg2] == ru->v2[i];
		else
			hit |= v == ru->v[i];
	}
	return ru->kind == CJ_ARG_NOT_IN ? !hit : hit;
}

/* The action the documented semantics give d under outcomes o (filter.h,
 * policy.h), e being the policy's entry of d->nr or NULL: written from the
 * documents, not from filter.c. */
static uint32_t model(const struct policy_entry *e, const struct cj_outcomes *o,
		      const struct seccomp_data *d)
{
	uint32_t block;
	bool broken = false;

	if (d->arch != native)
		return NOTIFY;
#ifdef __x86_64__
	/* x32 numbers, and any above them: not native numbers. -1 is no
	 * syscall at all (the kernel answers ENOSYS): not another ABI. */
	if ((uint32_t)d->nr >= X32_BIT && d->nr != -1)
		return NOTIFY;
#endif
	if (e == NULL)
		return ERRNO(ENOSYS);
	/* Through capejail (which kills, or answers the errno itself and
	 * names the call), but for quiet entries: the kernel answers. */
	if (o->learn || e->m.warn || (o->kill_blocked && e->m.err_no == 0) ||
	    !e->m.quiet)
		block = NOTIFY;
	else
		block = ERRNO(e->m.err_no ? e->m.err_no : o->blocked_errno);
	if (e->m.verdict == CJ_BLOCK)
		return block;
	for (size_t r = 0; r < e->n_rules; r++)
		broken |= model_breaks(&e->rules[r], d->args);
	return broken ? block : ALLOW;
}

/* One run of the sweep: d against the model; a disagreement counted and
 * the first ones shown. */
static void sweep_one(const struct sock_filter *prog, size_t len,
		      const struct policy_entry *e, const struct cj_outcomes *o,
		      const struct seccomp_data *d, bool rules, size_t *bad,
		      size_t *runs, size_t *arg_reads)
{
	struct vm vm;
	uint32_t got = run(prog, len, d, &vm), want = model(e, o, d);

	(*runs)++;
	if (got != want && (*bad)++ < 3)
		printf("# sweep: nr %d args 0x%llx 0x%llx 0x%llx 0x%llx: got "
		       "0x%08x, want 0x%08x\n",
		       d->nr, (unsigned long long)d->args[0],
		       (unsigned long long)d->args[1],
		       (unsigned long long)d->args[2],
		       (unsigned long long)d->args[3], got, want);
	if (!rules && (vm.loaded & ~3U) != 0 && (*arg_reads)++ == 0)
		printf("# nr %d without rules: arguments read\n", d->nr);
}

/* Every syscall number 0..1100 (and a few beyond), with argument vectors
 * made of its rules' values (each value, with other bits and upper bits
 * set, and under a mask with the bits beside it), against the model: the
 * count of disagreements. A pair rule's arguments are also set together,
 * every first value with every second value. Also checks that a syscall
 * without rules never has its arguments read (the kernel's action cache
 * needs that). */
static size_t sweep(const struct sock_filter *prog, size_t len,
		    const struct policy *p, const struct cj_outcomes *o,
		    size_t *runs, size_t *arg_reads)
{
	static const uint64_t fixed[] = {
	    0, 1, 0xffffffff, 0xffffffffffffffffULL, 0x100000000ULL, 0x5412,
	};
	static uint64_t vals[4 * CJ_MAX_ARGRULES * CJ_MAX_VALUES + 16];
	size_t bad = 0;
	int extra[] = {-1, 0x3fffffff, 0x7fffffff, (int)0x80000000U, 100000};
	int *entry_nr = calloc(p->n ? p->n : 1, sizeof(*entry_nr));

	if (entry_nr == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (size_t k = 0; k < p->n; k++)
		entry_nr[k] = p->v[k].arch[0] != '\0'
				  ? -1
				  : seccomp_syscall_resolve_name(p->v[k].name);
	*runs = 0;
	*arg_reads = 0;
	for (int i = 0; i < 1101 + (int)(sizeof(extra) / sizeof(*extra)); i++) {
		int nr = i < 1101 ? i : extra[i - 1101];
		const struct policy_entry *e = NULL;
		size_t nv = 0;
		bool rules;

		/* The entry whose name is syscall nr here, if any. */
		for (size_t k = 0; k < p->n && e == NULL; k++)
			if (entry_nr[k] >= 0 && entry_nr[k] == nr)
				e = &p->v[k];
		rules = e != NULL && e->n_rules > 0;
		for (size_t f = 0; f < sizeof(fixed) / sizeof(*fixed); f++)
			vals[nv++] = fixed[f];
		for (size_t r = 0; rules && r < e->n_rules; r++) {
			const struct cj_argrule *ru = &e->rules[r];

			for (size_t k = 0; k < ru->n; k++) {
				uint32_t v = ru->v[k];

				vals[nv++] = v;
				vals[nv++] = 0xabcd000000000000ULL | v | 0x11;
				vals[nv++] =
				    v | (ru->masked ? ~ru->mask : 0x1ed);
				vals[nv++] = ru->pair ? ru->v2[k] : v + 1;
			}
		}
		/* Without rules the arguments do not matter: a few will do. */
		for (size_t a = 0; a < (rules ? nv : 3); a++)
			for (unsigned pos = 0; pos < 6; pos++) {
				struct seccomp_data d = data(nr, 0, 0, 0);

				d.args[pos] = vals[a];
				sweep_one(prog, len, e, o, &d, rules, &bad,
					  runs, arg_reads);
			}
		/* Pairs: both arguments at once. */
		for (size_t r = 0; rules && r < e->n_rules; r++) {
			const struct cj_argrule *ru = &e->rules[r];

			if (!ru->pair)
				continue;
			for (size_t k = 0; k < ru->n; k++)
				for (size_t m = 0; m < ru->n; m++)
					for (int up = 0; up < 2; up++) {
						struct seccomp_data d =
						    data(nr, 0, 0, 0);
						uint64_t hi =
						    up ? 0x7fff000100000000ULL
						       : 0;

						d.args[ru->arg] = hi | ru->v[k];
						d.args[ru->arg2] =
						    hi | ru->v2[m];
						sweep_one(prog, len, e, o, &d,
							  rules, &bad, runs,
							  arg_reads);
					}
		}
	}
	free(entry_nr);
	return bad;
}

/* --- (a) the generator on its own -------------------------------------- */

#define GEN_MAX BPF_MAXINSNS
#define TRAP	SECCOMP_RET_TRAP /* badarch here: told apart from NOTIFY */

static struct sock_filter gen[GEN_MAX];
static size_t gen_len;
static struct bpf_target tgt;

static int build_gen(const struct bpf_decision *d, size_t n,
		     enum bpf_layout layout, size_t cap, struct cj_err *err)
{
	memset(gen, 0, sizeof(gen));
	memset(err, 0, sizeof(*err));
	gen_len = 0;
	return bpfgen_build(&tgt, d, n, layout, gen, cap, &gen_len, err);
}

static struct cj_argrule mkrule(int kind, unsigned arg, size_t n,
				const uint32_t *v)
{
	struct cj_argrule r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.arg = arg;
	r.n = n;
	memcpy(r.v, v, n * sizeof(*v));
	return r;
}

/* The generator's answer by its documented semantics (bpfgen.h). */
static uint32_t model_gen(const struct bpf_decision *c, size_t n,
			  const struct seccomp_data *d)
{
	if (d->arch != tgt.audit_arch)
		return tgt.badarch;
	if (tgt.x32 && (uint32_t)d->nr >= X32_BIT && d->nr != -1)
		return tgt.badarch;
	for (size_t i = 0; i < n; i++) {
		bool broken = false;

		if (c[i].nr != (uint32_t)d->nr)
			continue;
		for (size_t r = 0; r < c[i].n_rules; r++)
			broken |= model_breaks(&c[i].rules[r], d->args);
		return broken ? c[i].block : c[i].action;
	}
	return tgt.unknown;
}

/* Every decision's number, its neighbours and x32 twin, and the edges of
 * the number space, with each argument position set to each rule value,
 * its neighbours and some fixed ones, on the target's arch and another:
 * the count of disagreements with the model. A number without rules must
 * never have its arguments read (the kernel's action cache needs that). */
static size_t sweep_gen(const struct bpf_decision *c, size_t n, size_t *runs)
{
	static uint64_t vals[200];
	static const int edges[] = {0,
				    1,
				    -1,
				    0x3fffffff,
				    0x40000000,
				    0x7fffffff,
				    (int)0x80000000U,
				    (int)0xfffffffeU,
				    1000};
	size_t nv = 5, bad = 0;

	vals[0] = 0;
	vals[1] = 1;
	vals[2] = 0xffffffff;
	vals[3] = 0x100000000ULL;
	vals[4] = 0xffffffffffffffffULL;
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < c[i].n_rules; r++)
			for (size_t k = 0; k < c[i].rules[r].n; k++) {
				uint32_t v = c[i].rules[r].v[k];

				if (nv + 3 > sizeof(vals) / sizeof(*vals))
					break;
				vals[nv++] = v;
				vals[nv++] = (uint64_t)v + 1;
				vals[nv++] = 0x1234567800000000ULL | v;
			}
	*runs = 0;
	for (size_t i = 0; i < n + sizeof(edges) / sizeof(*edges); i++) {
		int base = i < n ? (int)c[i].nr : edges[i - n];
		/* Neighbours wrap around, as the kernel's 32-bit nr does. */
		int nrs[] = {base, (int)((uint32_t)base + 1U),
			     (int)((uint32_t)base - 1U),
			     (int)(X32_BIT | (uint32_t)base)};

		for (size_t j = 0; j < sizeof(nrs) / sizeof(*nrs); j++) {
			bool rules = false;

			for (size_t k = 0; k < n; k++)
				if (c[k].nr == (uint32_t)nrs[j] &&
				    c[k].n_rules > 0)
					rules = true;
			for (size_t a = 0; a < (rules ? nv : 2); a++)
				for (unsigned pos = 0; pos < 12; pos++) {
					struct seccomp_data d =
					    data(nrs[j], 0, 0, 0);
					uint32_t got, want;
					struct vm vm;

					d.args[pos % 6] = vals[a];
					if (pos >= 6)
						d.arch ^= 1; /* another arch */
					got = run(gen, gen_len, &d, &vm);
					want = model_gen(c, n, &d);
					(*runs)++;
					if (got != want && bad++ < 3)
						printf(
						    "# sweep: nr %d arch 0x%x "
						    "arg%u 0x%llx: got 0x%08x, "
						    "want 0x%08x\n",
						    nrs[j], d.arch, pos % 6,
						    (unsigned long long)vals[a],
						    got, want);
					if (!rules && (vm.loaded & ~3U) != 0 &&
					    bad++ < 3)
						printf("# nr %d without rules: "
						       "arguments read\n",
						       nrs[j]);
				}
		}
	}
	return bad;
}

/* Build d in both layouts; each must be valid and answer as the model. */
static void both_layouts(const struct bpf_decision *d, size_t n,
			 const char *what, size_t *compact_len)
{
	static const enum bpf_layout layouts[] = {BPF_COMPACT, BPF_WIDE};
	static const char *const names[] = {"compact", "wide"};
	struct cj_err err = {0, ""};

	for (size_t l = 0; l < 2; l++) {
		size_t runs = 0, at = 0;
		const char *why;

		ok(build_gen(d, n, layouts[l], GEN_MAX, &err) == 0,
		   "%s, %s: built ('%s')", what, names[l], err.msg);
		why = check_prog(gen, gen_len, &at);
		ok(why == NULL, "%s, %s: a valid seccomp program (%s at %zu)",
		   what, names[l], why ? why : "-", at);
		ok(sweep_gen(d, n, &runs) == 0,
		   "%s, %s: answers as documented, everywhere (%zu runs, %zu "
		   "instructions)",
		   what, names[l], runs, gen_len);
		if (l == 0 && compact_len != NULL)
			*compact_len = gen_len;
	}
}

static void test_gen(void)
{
	static const uint32_t tty[] = {0x5412, 0x541c};
	static const uint32_t ns[] = {0x10000000, 0x20000000};
	static const uint32_t fam[] = {1, 2, 10, 16};
	static const uint32_t seven[] = {7};
	static const uint32_t zero_one[] = {0, 1};
	struct cj_argrule r_tty = mkrule(CJ_ARG_IN, 1, 2, tty);
	struct cj_argrule r_ns = mkrule(CJ_ARG_HAS, 0, 2, ns);
	struct cj_argrule r_fam = mkrule(CJ_ARG_NOT_IN, 0, 4, fam);
	struct cj_argrule r_two[2] = {mkrule(CJ_ARG_IN, 2, 1, seven),
				      mkrule(CJ_ARG_NOT_IN, 5, 2, zero_one)};
	struct bpf_decision c[] = {
	    {100, ALLOW, r_two, 2, ERRNO(EIO)},
	    {16, ALLOW, &r_tty, 1, ERRNO(EPERM)},
	    {56, ALLOW, &r_ns, 1, NOTIFY},
	    {41, ALLOW, &r_fam, 1, ERRNO(EAFNOSUPPORT)},
	    {17, ALLOW, NULL, 0, 0},
	    {18, ALLOW, NULL, 0, 0},
	    {0, ERRNO(EPERM), NULL, 0, 0},
	    {40, NOTIFY, NULL, 0, 0},
	    {42, NOTIFY, NULL, 0, 0},
	};
	struct cj_err err = {0, ""};
	struct seccomp_data d;
	size_t len = 0;

	tgt = (struct bpf_target){native, ERRNO(ENOSYS), TRAP, false};
#ifdef __x86_64__
	tgt.x32 = true;
#endif
	ok(build_gen(c, 0, BPF_COMPACT, GEN_MAX, &err) == 0,
	   "no decisions: built ('%s')", err.msg);
	expect(gen, gen_len, data(16, 0, 0x5412, 0), ERRNO(ENOSYS),
	       "no decisions: every number unknown");
	both_layouts(c, 0, "no decisions", NULL);
	both_layouts(c, 1, "one checked decision", NULL);
	both_layouts(c, 9, "nine decisions", &len);
	printf("# nine decisions, compact: %zu instructions\n", len);
	ok(build_gen(c, 9, BPF_COMPACT, GEN_MAX, &err) == 0, "built again");

	expect(gen, gen_len, data(16, 3, 0x5412, 0), ERRNO(EPERM),
	       "nr 16, arg1 0x5412 (in)");
	expect(gen, gen_len, data(16, 3, 0x541c, 0), ERRNO(EPERM),
	       "nr 16, arg1 0x541c (in, second value)");
	expect(gen, gen_len, data(16, 3, 0x100005412ULL, 0), ERRNO(EPERM),
	       "nr 16, arg1 0x1_0000_5412 (low 32 bits compared)");
	expect(gen, gen_len, data(16, 3, 0x5401, 0), ALLOW,
	       "nr 16, arg1 0x5401");
	expect(gen, gen_len, data(16, 0x5412, 0x5401, 0x5412), ALLOW,
	       "nr 16, 0x5412 in arg0 and arg2 only");
	expect(gen, gen_len, data(17, 0, 0x5412, 0), ALLOW,
	       "nr 17 (no rules), arg1 0x5412");
	expect(gen, gen_len, data(56, 0x20000011, 0, 0), NOTIFY,
	       "nr 56, arg0 has 0x20000000 among others");
	expect(gen, gen_len, data(56, 0x1000000000000011ULL, 0, 0), ALLOW,
	       "nr 56, the bit in the upper half only");
	expect(gen, gen_len, data(41, 16, 0, 0), ALLOW,
	       "nr 41, arg0 16 (last of not in)");
	expect(gen, gen_len, data(41, 40, 0, 0), ERRNO(EAFNOSUPPORT),
	       "nr 41, arg0 40 (not in)");
	expect(gen, gen_len, data(0, 0, 0, 0), ERRNO(EPERM), "nr 0");
	expect(gen, gen_len, data(15, 0, 0, 0), ERRNO(ENOSYS),
	       "nr 15, between decisions: unknown");
	expect(gen, gen_len, data(-1, 0, 0, 0), ERRNO(ENOSYS),
	       "nr -1: unknown, not another ABI");
	d = data(100, 0, 0, 7);
	expect(gen, gen_len, d, ERRNO(EIO), "two rules, the first broken");
	d.args[2] = 8;
	d.args[5] = 2;
	expect(gen, gen_len, d, ERRNO(EIO), "two rules, the second broken");
	d.args[5] = 1;
	expect(gen, gen_len, d, ALLOW, "two rules, both kept");
	d = data(17, 0, 0, 0);
	d.arch ^= 0x80000000U;
	expect(gen, gen_len, d, TRAP, "another arch: badarch");
#ifdef __x86_64__
	expect(gen, gen_len, data((int)(X32_BIT | 17), 0, 0, 0), TRAP,
	       "x32 twin of an allowed number: badarch");
	expect(gen, gen_len, data((int)0xfffffffeU, 0, 0, 0), TRAP,
	       "0xfffffffe: badarch");
#else
	skip("x32 numbers are x86_64's");
	skip("x32 numbers are x86_64's");
#endif

	/* The low half of an argument is the target's: on a big-endian one
	 * (a cross-build from here) the second word. */
	{
		const struct bpf_target le = {AUDIT_ARCH_AARCH64, ERRNO(ENOSYS),
					      TRAP, false};
		const struct bpf_target be = {AUDIT_ARCH_PPC64, ERRNO(ENOSYS),
					      TRAP, false};
		const struct bpf_target keep = tgt;
		size_t at24 = 0, at28 = 0;

		tgt = le;
		if (build_gen(&c[1], 1, BPF_COMPACT, GEN_MAX, &err) == 0)
			for (size_t i = 0; i < gen_len; i++)
				at24 +=
				    gen[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
				    gen[i].k == 24;
		tgt = be;
		if (build_gen(&c[1], 1, BPF_COMPACT, GEN_MAX, &err) == 0)
			for (size_t i = 0; i < gen_len; i++)
				at28 +=
				    gen[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
				    gen[i].k == 28;
		tgt = keep;
		ok(at24 == 1 && at28 == 1,
		   "arg1's low half: offset 24 little-endian, 28 big-endian");
	}

	/* Refused: two decisions for one number, a number of another ABI. */
	c[5].nr = 17;
	ok(build_gen(c, 9, BPF_COMPACT, GEN_MAX, &err) == -1,
	   "two decisions for 17: refused");
	is_str(err.msg, "two decisions for syscall number 17",
	       "... with a message");
	c[5].nr = tgt.x32 ? X32_BIT : 0xffffffffU;
	ok(build_gen(c, 9, BPF_COMPACT, GEN_MAX, &err) == -1 &&
	       strstr(err.msg, "is not a native one") != NULL,
	   "a decision for number 0x%x: refused ('%s')", c[5].nr, err.msg);
}

/* The size tests' rules: 16 values each (a rule may have more). */
#define SIZES_VALUES 16

static void test_gen_sizes(void)
{
	static struct cj_argrule big[4];
	static struct bpf_decision c[1000];
	struct cj_err err = {0, ""};
	static const uint32_t one[] = {0x5412};
	struct cj_argrule r1 = mkrule(CJ_ARG_IN, 1, 1, one);
	size_t need, compact = 0;

	/* Long programs: the compact layout cannot reach that far, and the
	 * wide one is used instead. */
	for (unsigned r = 0; r < 4; r++) {
		uint32_t v[SIZES_VALUES];

		for (unsigned k = 0; k < SIZES_VALUES; k++)
			v[k] = 1U << ((r * SIZES_VALUES + k) % 32);
		big[r] = mkrule(r == 3 ? CJ_ARG_NOT_IN : CJ_ARG_HAS, r,
				SIZES_VALUES, v);
	}
	for (int i = 0; i < 25; i++)
		c[i] = (struct bpf_decision){200 + 3 * (uint32_t)i, ALLOW, big,
					     4, ERRNO((uint32_t)(i + 1))};
	both_layouts(c, 25, "25 checks of 4 rules of 16 values", &compact);
	ok(compact > 1000, "... a long program (%zu instructions)", compact);
	{
		struct seccomp_data d = data(200 + 3 * 24, 0, 0, 0);

		ok(build_gen(c, 25, BPF_COMPACT, GEN_MAX, &err) == 0,
		   "built again");
		expect(gen, gen_len, d, ERRNO(25),
		       "... the last check, arg3 0 (not in powers of two)");
		d.args[3] = 1U << ((3 * SIZES_VALUES) % 32);
		expect(gen, gen_len, d, ALLOW,
		       "... the last check, every rule kept");
		d.args[0] = 1U << 15;
		expect(gen, gen_len, d, ERRNO(25),
		       "... the last check, arg0's last bit");
	}

	/* The output buffer: exactly enough, and one short. */
	need = gen_len;
	ok(build_gen(c, 25, BPF_COMPACT, need, &err) == 0 && gen_len == need,
	   "cap of exactly %zu instructions is enough", need);
	ok(build_gen(c, 25, BPF_COMPACT, need - 1, &err) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "cap of %zu: refused", need - 1);
	ok(strstr(err.msg, "seccomp filter too large") != NULL,
	   "... with a message ('%s')", err.msg);
	ok(build_gen(c, 25, BPF_COMPACT, 0, &err) == -1 && err.msg[0] != '\0',
	   "cap 0: refused");
	ok(build_gen(c, 25, BPF_WIDE, 0, &err) == -1 && err.msg[0] != '\0',
	   "cap 0, wide: refused, nothing written");

	/* Past BPF_MAXINSNS, whatever the buffer. */
	for (int i = 0; i < 40; i++)
		c[i] = (struct bpf_decision){200 + (uint32_t)i, ALLOW, big, 4,
					     ERRNO(EPERM)};
	ok(build_gen(c, 40, BPF_COMPACT, GEN_MAX, &err) == -1,
	   "40 checks of 4 rules of 16 values: over BPF_MAXINSNS, refused");
	ok(strstr(err.msg, "seccomp filter too large") != NULL,
	   "... with a message ('%s')", err.msg);

	/* As many numbers as an architecture has, answers alternating and
	 * some checked: the compact layout's far branches go wide. */
	for (int i = 0; i < 480; i++)
		c[i] = (struct bpf_decision){
		    (uint32_t)i, i % 2 ? ALLOW : ERRNO(EPERM),
		    i % 50 == 0 ? &r1 : NULL, i % 50 == 0, NOTIFY};
	both_layouts(c, 480, "480 decisions, every other one blocked",
		     &compact);
	ok(compact < gen_len,
	   "... compact shorter than wide (%zu and %zu instructions)", compact,
	   gen_len);
}

/* --- (b) the whole program ---------------------------------------------- */

#define WARN "\xe2\x9a\xa0\xef\xb8\x8f"

static const char small_policy[] =
    "## Blocked\n"
    "\n"
    "### chroot " WARN "\n"
    "\n"
    "Change root.\n"
    "\n"
    "### capget\n"
    "\n"
    "Capabilities.\n"
    "\n"
    "- `quiet`\n"
    "\n"
    "### io_uring_setup\n"
    "\n"
    "No io_uring.\n"
    "\n"
    "- `quiet`\n"
    "\n"
    "- `errno ENOSYS`\n"
    "\n"
    "### __clone2 (ia64)\n"
    "\n"
    "Elsewhere.\n"
    "\n"
    "## Allowed\n"
    "\n"
    "### ioctl\n"
    "\n"
    "Control.\n"
    "\n"
    "- `block if arg1 in TIOCSTI=0x5412 TIOCLINUX=0x541c`\n"
    "\n"
    "### clone\n"
    "\n"
    "Fork.\n"
    "\n"
    "- `block if arg0 has CLONE_NEWUSER=0x10000000 CLONE_NEWNS=0x20000`\n"
    "\n"
    "### socket\n"
    "\n"
    "Sockets.\n"
    "\n"
    "- `block if arg0 not in AF_UNIX=1 AF_INET=2`\n"
    "- `errno EAFNOSUPPORT`\n"
    "\n"
    "### personality\n"
    "\n"
    "Two rules.\n"
    "\n"
    "- `block if arg0 not in 0 8 0xffffffff`\n"
    "- `block if arg1 in 7`\n"
    "\n"
    "### getppid\n"
    "\n"
    "Parent.\n";

static const char *const opnames[] = {
    [BPF_LD | BPF_W | BPF_ABS] = "ld [k]",
    [BPF_JMP | BPF_JA] = "ja",
    [BPF_JMP | BPF_JEQ | BPF_K] = "jeq #k",
    [BPF_JMP | BPF_JGT | BPF_K] = "jgt #k",
    [BPF_JMP | BPF_JGE | BPF_K] = "jge #k",
    [BPF_JMP | BPF_JSET | BPF_K] = "jset #k",
    [BPF_RET | BPF_K] = "ret #k",
    [BPF_ALU | BPF_AND | BPF_K] = "and #k",
    [BPF_ALU | BPF_OR | BPF_K] = "or #k",
    [BPF_LD | BPF_IMM] = "ld #k",
    [BPF_MISC | BPF_TAX] = "tax",
    [BPF_MISC | BPF_TXA] = "txa",
    [BPF_ST] = "st M[k]",
    [BPF_STX] = "stx M[k]",
    [BPF_LD | BPF_MEM] = "ld M[k]",
    [BPF_LDX | BPF_MEM] = "ldx M[k]",
};

/* Say which instructions prog has: the interpreter has to know them all. */
static void opcodes(const struct sock_filter *prog, size_t len,
		    const char *what)
{
	unsigned char seen[256] = {0};
	char line[512];
	size_t o = 0;

	for (size_t i = 0; i < len; i++)
		seen[prog[i].code & 0xff] = 1;
	for (unsigned c = 0; c < 256; c++)
		if (seen[c])
			o += (size_t)snprintf(
			    line + o, sizeof(line) - o, " %s",
			    c < sizeof(opnames) / sizeof(*opnames) && opnames[c]
				? opnames[c]
				: "?");
	printf("# %s: %zu instructions:%s\n", what, len, line);
}

static int compile(const struct policy *p, const struct cj_outcomes *o,
		   struct sock_filter **prog, size_t *len, const char *what)
{
	struct cj_err err = {0, ""};
	const char *why;
	size_t at = 0;
	int rc = filter_compile(p, o, prog, len, &err);

	ok(rc == 0, "%s: compiled ('%s')", what, err.msg);
	if (rc < 0)
		return -1;
	why = check_prog(*prog, *len, &at);
	ok(why == NULL, "%s: a valid seccomp program (%s at %zu)", what,
	   why ? why : "-", at);
	return 0;
}

static int parse_policy(const char *text, size_t len, struct policy *p)
{
	struct cj_err err = {0, ""};
	int rc = policy_parse(text, len, "t.md", p, &err);

	if (rc < 0)
		printf("# %s\n", err.msg);
	return rc;
}

/* The cases every policy here shares, with the actions of outcomes o. */
static void common_cases(const struct sock_filter *prog, size_t len,
			 const struct cj_outcomes *o, const char *what)
{
	/* Blocks go through capejail, which answers their errno. */
	uint32_t blocked = NOTIFY;
	uint32_t quiet_enosys = o->learn ? NOTIFY : ERRNO(ENOSYS);
	int ioctl_nr = nr_of("ioctl"), clone_nr = nr_of("clone");
	int socket_nr = nr_of("socket"), pers = nr_of("personality");
	char w[160];
	struct seccomp_data d;

#define CASE(dd, want, ...)                                                    \
	do {                                                                   \
		(void)snprintf(w, sizeof(w), __VA_ARGS__);                     \
		expect(prog, len, dd, want, w);                                \
	} while (0)

	CASE(data(ioctl_nr, 1, 0x5412, 0), blocked, "%s: ioctl TIOCSTI", what);
	CASE(data(ioctl_nr, 1, 0x541c, 0), blocked, "%s: ioctl TIOCLINUX",
	     what);
	CASE(data(ioctl_nr, 1, 0x100005412ULL, 0), blocked,
	     "%s: ioctl 0x1_0000_5412 (upper bits set)", what);
	CASE(data(ioctl_nr, 1, 0x5401, 0), ALLOW, "%s: ioctl TCGETS 0x5401",
	     what);
	CASE(data(ioctl_nr, 0x5412, 0x5401, 0x5412), ALLOW,
	     "%s: ioctl, 0x5412 in arg0 and arg2", what);
	CASE(data(clone_nr, 0x10000000 | 0x11, 0, 0), blocked,
	     "%s: clone CLONE_NEWUSER|SIGCHLD", what);
	CASE(data(clone_nr, 0x20000, 0, 0), blocked, "%s: clone CLONE_NEWNS",
	     what);
	CASE(data(clone_nr, 0x11, 0, 0), ALLOW, "%s: clone 0x11 (SIGCHLD)",
	     what);
	CASE(data(clone_nr, 0x3d0f00, 0, 0), ALLOW,
	     "%s: clone with pthread_create's flags", what);
	CASE(data(socket_nr, 1, 1, 0), ALLOW, "%s: socket AF_UNIX", what);
	CASE(data(socket_nr, 2, 1, 0), ALLOW, "%s: socket AF_INET", what);
	CASE(data(socket_nr, 0x100000001ULL, 1, 0), ALLOW,
	     "%s: socket 0x1_0000_0001 (low 32 bits: AF_UNIX)", what);
	CASE(data(socket_nr, 40, 1, 0), blocked, "%s: socket AF_VSOCK", what);
	CASE(data(socket_nr, 38, 5, 0), blocked, "%s: socket AF_ALG", what);
	CASE(data(socket_nr, 0, 1, 0), blocked, "%s: socket AF_UNSPEC", what);
	CASE(data(pers, 0, 0, 0), ALLOW, "%s: personality PER_LINUX", what);
	CASE(data(pers, 8, 0, 0), ALLOW, "%s: personality PER_LINUX32", what);
	CASE(data(pers, 0xffffffff, 0, 0), ALLOW,
	     "%s: personality 0xffffffff (query)", what);
	CASE(data(pers, 0x400000, 0, 0), blocked,
	     "%s: personality READ_IMPLIES_EXEC", what);
	CASE(data(pers, 0x40000, 0, 0), blocked,
	     "%s: personality ADDR_NO_RANDOMIZE", what);
	CASE(data(nr_of("getppid"), 0, 0, 0), ALLOW, "%s: getppid", what);
	CASE(data(nr_of("chroot"), 0, 0, 0), NOTIFY, "%s: chroot " WARN, what);
	CASE(data(nr_of("capget"), 0, 0, 0),
	     o->learn || o->kill_blocked ? NOTIFY : ERRNO(o->blocked_errno),
	     "%s: capget (blocked, quiet)", what);
	CASE(data(nr_of("io_uring_setup"), 0, 0, 0), quiet_enosys,
	     "%s: io_uring_setup (its own errno, quiet)", what);
	CASE(data(1000, 0, 0, 0), ERRNO(ENOSYS), "%s: number 1000 (unknown)",
	     what);
#ifdef __x86_64__
	CASE(data((int)(X32_BIT | 39), 0, 0, 0), NOTIFY,
	     "%s: x32 number 0x40000000|39", what);
	CASE(data((int)(X32_BIT | 514), 1, 0x5412, 0), NOTIFY,
	     "%s: x32 ioctl, TIOCSTI", what);
	d = data(20, 0, 0, 0);
	d.arch = AUDIT_ARCH_I386;
	CASE(d, NOTIFY, "%s: arch I386 (getpid of int 0x80)", what);
	d = data(54, 1, 0x5412, 0);
	d.arch = AUDIT_ARCH_I386;
	CASE(d, NOTIFY, "%s: arch I386, ioctl TIOCSTI", what);
#else
	(void)d;
	skip("x32 and i386 cases are x86_64's");
#endif
	d = data(nr_of("getppid"), 0, 0, 0);
	d.arch = 0;
	CASE(d, NOTIFY, "%s: arch 0", what);
#undef CASE
}

/* sweep, as two assertions: the answers, and no argument read where no
 * rule needs it. */
static void sweep_ok(const struct sock_filter *prog, size_t len,
		     const struct policy *p, const struct cj_outcomes *o,
		     const char *what)
{
	size_t runs = 0, reads = 0;

	ok(sweep(prog, len, p, o, &runs, &reads) == 0,
	   "%s: every number and rule value as documented (%zu runs)", what,
	   runs);
	ok(reads == 0, "%s: arguments read only for checked syscalls", what);
}

static void test_small_policy(void)
{
	static const struct cj_outcomes outs[] = {
	    {EPERM, 0, 0}, {EIO, 0, 0}, {EPERM, 1, 0}, {EPERM, 0, 1}};
	struct policy p = {NULL, 0};
	char what[64];

	ok(parse_policy(small_policy, sizeof(small_policy) - 1, &p) == 0,
	   "small policy parses");
	for (size_t i = 0; i < sizeof(outs) / sizeof(*outs); i++) {
		struct sock_filter *prog = NULL;
		size_t len = 0;

		(void)snprintf(what, sizeof(what), "small policy {%s, %d}",
			       strerrorname_np(outs[i].blocked_errno),
			       outs[i].kill_blocked);
		if (compile(&p, &outs[i], &prog, &len, what) < 0)
			continue;
		if (i == 0)
			opcodes(prog, len, "small policy");
		common_cases(prog, len, &outs[i], what);
		expect(prog, len, data(nr_of("read"), 0, 0, 0), ERRNO(ENOSYS),
		       "small policy: read, not in the policy");
		sweep_ok(prog, len, &p, &outs[i], what);
		free(prog);
	}
	policy_free(&p);
}

static void test_builtin(void)
{
	static const struct cj_outcomes outs[] = {
	    {EPERM, 0, 0}, {EIO, 0, 0}, {EPERM, 1, 0}, {EPERM, 0, 1}};
	struct policy p = {NULL, 0};
	char what[64];

	ok(parse_policy(cj_policy_text, cj_policy_text_len, &p) == 0,
	   "built-in SYSCALLS.md parses");
	for (size_t i = 0; i < sizeof(outs) / sizeof(*outs); i++) {
		struct sock_filter *prog = NULL;
		size_t len = 0, differ = 0;

		(void)snprintf(what, sizeof(what), "built-in {%s, %d}",
			       strerrorname_np(outs[i].blocked_errno),
			       outs[i].kill_blocked);
		if (compile(&p, &outs[i], &prog, &len, what) < 0)
			continue;
		if (i == 0) {
			opcodes(prog, len, "built-in");
			for (size_t k = 0; k < len && k < cj_default_bpf_len;
			     k++)
				if (memcmp(&prog[k], &cj_default_bpf[k],
					   sizeof(*prog)) != 0 &&
				    differ++ == 0)
					printf("# first difference at %zu\n",
					       k);
			ok(len == cj_default_bpf_len && differ == 0,
			   "cj_default_bpf is filter_compile(built-in, "
			   "defaults), instruction by instruction (%zu and %zu "
			   "long, %zu differ)",
			   cj_default_bpf_len, len, differ);
			common_cases(cj_default_bpf, cj_default_bpf_len,
				     &outs[i], "cj_default_bpf");
		}
		common_cases(prog, len, &outs[i], what);
		expect(prog, len, data(nr_of("read"), 0, 0, 0), ALLOW,
		       "built-in: read");
		expect(prog, len, data(nr_of("clone3"), 0, 0, 0),
		       outs[i].learn ? NOTIFY : ERRNO(ENOSYS),
		       "built-in: clone3 (its own errno, quiet)");
		expect(prog, len, data(nr_of("sched_yield"), 0, 0, 0), ALLOW,
		       "built-in: sched_yield (allowed)");
		expect(prog, len, data(nr_of("fstatfs"), 0, 0, 0), ALLOW,
		       "built-in: fstatfs (allowed)");
		/* The new argument rules (SYSCALLS.md's deviations). */
		expect(prog, len, data(nr_of("mknodat"), 0, 0, 0x2000), NOTIFY,
		       "built-in: mknodat S_IFCHR (kills, through capejail)");
		expect(prog, len, data(nr_of("mknodat"), 0, 0, 0x11a4), ALLOW,
		       "built-in: mknodat S_IFIFO|0644");
		expect(prog, len, data(nr_of("fchmodat"), 0, 0, 0x9ed), NOTIFY,
		       "built-in: fchmodat 04755");
		expect(prog, len, data(nr_of("fchmodat"), 0, 0, 0x1ed), ALLOW,
		       "built-in: fchmodat 0755");
		expect(prog, len, data(nr_of("setsockopt"), 0, 6, 1), ALLOW,
		       "built-in: setsockopt IPPROTO_TCP/TCP_NODELAY");
		expect(prog, len, data(nr_of("setsockopt"), 0, 6, 31), NOTIFY,
		       "built-in: setsockopt IPPROTO_TCP/TCP_ULP");
		expect(prog, len, data(nr_of("setsockopt"), 0, 1, 12), NOTIFY,
		       "built-in: setsockopt (SOL_SOCKET, 12): not TCP's 12");
		expect(prog, len, data(nr_of("socket"), 2, 1, 132), NOTIFY,
		       "built-in: socket AF_INET IPPROTO_SCTP");
		expect(prog, len, data(nr_of("socketpair"), 40, 1, 0), NOTIFY,
		       "built-in: socketpair AF_VSOCK");
		expect(prog, len, data(nr_of("acct"), 0, 0, 0), NOTIFY,
		       "built-in: acct (blocked, named by capejail)");
		expect(prog, len, data(nr_of("ioctl"), 1, 0x5423, 0), NOTIFY,
		       "built-in: ioctl TIOCSETD");
		expect(prog, len, data(nr_of("ptrace"), 0, 0, 0), NOTIFY,
		       "built-in: ptrace " WARN);
		sweep_ok(prog, len, &p, &outs[i], what);
		free(prog);
	}
	policy_free(&p);
}

/* Many syscalls with rules: each keeps its own. */
static void test_many_checks(void)
{
	char *text = malloc(65536), *names[70];
	struct cj_err err = {0, ""};
	struct policy p = {NULL, 0};
	struct sock_filter *prog = NULL;
	size_t o = 0, n = 0, len = 0, runs = 0, reads = 0;

	if (text == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (int nr = 0; nr < 1024 && n < 64; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(native, nr);

		if (name != NULL)
			names[n++] = name;
	}
	o = (size_t)snprintf(text, 65536, "## Allowed\n\n");
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, 65536 - o,
				      "### %s\n\nChecked.\n\n- `block if "
				      "arg%zu in %zu`\n\n",
				      names[i], i % 6, i + 100);
	if (parse_policy(text, o, &p) < 0) {
		ok(0, "%zu checked syscalls: policy parses", n);
	} else {
		int rc =
		    filter_compile(&p, &cj_default_outcomes, &prog, &len, &err);
		struct seccomp_data d;
		int nr = seccomp_syscall_resolve_name(names[n - 1]);

		ok(rc == 0, "%zu checked syscalls: compiled ('%s')", n,
		   err.msg);
		d = data(nr, 0, 0, 0);
		d.args[(n - 1) % 6] = n - 1 + 100;
		if (rc == 0) {
			expect(prog, len, d, NOTIFY, "... the last one's rule");
			d.args[(n - 1) % 6]--;
			expect(prog, len, d, ALLOW, "... the last one kept");
			ok(sweep(prog, len, &p, &cj_default_outcomes, &runs,
				 &reads) == 0 &&
			       reads == 0,
			   "... every number and rule value as documented "
			   "(%zu runs, %zu instructions)",
			   runs, len);
		}
	}
	free(prog);
	policy_free(&p);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(text);
}

/* Architectures whose filter capejail cannot write right: refused. */
static void test_unsupported_arches(void)
{
	static const uint32_t arches[] = {SCMP_ARCH_X32, SCMP_ARCH_S390,
					  SCMP_ARCH_S390X};
	struct policy p = {NULL, 0};

	if (parse_policy(small_policy, sizeof(small_policy) - 1, &p) < 0) {
		ok(0, "small policy parses");
		return;
	}
	for (size_t i = 0; i < sizeof(arches) / sizeof(*arches); i++) {
		struct cj_err err = {0, ""};
		struct sock_filter *prog = NULL;
		size_t len = 0;

		ok(filter_compile_arch(&p, &cj_default_outcomes, arches[i],
				       &prog, &len, &err) == -1 &&
		       strstr(err.msg, "not supported") != NULL,
		   "arch 0x%08x: refused ('%s')", arches[i], err.msg);
		free(prog);
	}
	policy_free(&p);
}

/* The compiled-in names and numbers (sysnames.h) are libseccomp's. */
static void test_sysnames(void)
{
	size_t same = 0, differ = 0, sorted = 1;

	ok(sysnames_arch() == native, "sysnames: the native arch (0x%x)",
	   sysnames_arch());
	for (int nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(native, nr);

		if (name == NULL)
			continue;
		if (sysnames_nr(native, name) == nr)
			same++;
		else if (differ++ == 0)
			printf("# %s: %d, libseccomp %d\n", name,
			       sysnames_nr(native, name), nr);
		free(name);
	}
	for (size_t i = 1; i < cj_syscalls_len; i++)
		if (strcmp(cj_syscalls[i - 1].name, cj_syscalls[i].name) >= 0)
			sorted = 0;
	ok(differ == 0 && same == cj_syscalls_len && same > 300,
	   "sysnames: every libseccomp name has its number (%zu, %zu in the "
	   "table)",
	   same, cj_syscalls_len);
	ok(sorted, "sysnames: the table is sorted, without duplicates");
	ok(sysnames_nr(native, "no_such_call") == -1 &&
	       sysnames_nr(native, "") == -1 &&
	       sysnames_nr(native ^ 1, "read") == -1,
	   "sysnames: unknown names and another arch: -1");
#ifdef __x86_64__
	ok(sysnames_nr(native, "socketcall") == -1,
	   "sysnames: another arch's syscall (socketcall): -1");
#else
	skip("socketcall is x86_64's example");
#endif
}

/* What the kernel gives the filter for syscall(-1): report, not assert. */
static void note_minus_one(void)
{
	struct seccomp_data d = data(-1, 0, 0, 0);
	struct vm vm;
	char b[48];

	printf("# nr -1 (syscall(-1)): the built-in program answers %s\n",
	       action_name(run(cj_default_bpf, cj_default_bpf_len, &d, &vm), b,
			   sizeof(b)));
}

int main(void)
{
	native = seccomp_arch_native();
	test_gen();
	test_gen_sizes();
	test_small_policy();
	test_builtin();
	test_many_checks();
	test_sysnames();
	test_unsupported_arches();
	note_minus_one();
	return tap_done();
}
