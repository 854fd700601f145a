/* bpfgen.h - a seccomp BPF program from one decision per syscall.
 *
 * capejail writes its seccomp program itself. The kernel's cost of loading
 * a filter (checking it, translating it, compiling it to machine code, and
 * running it once per syscall number to fill its action cache) grows with
 * its length, and every launch pays it: a program that is a binary search
 * over ranges of numbers with the same answer, whose leaves jump to one
 * shared return per answer, is a third of the length of libseccomp's
 * export of the same policy (156 instructions against 553 when measured;
 * cj_default_bpf_len in the generated policy_table.c has today's) and
 * loads three times as fast. Argument rules ("allowed unless arg1 is
 * TIOCSTI", "unless arg1 & 0xf000 is 0x2000", "unless (arg1, arg2) is
 * one of these pairs") become a short block for that syscall alone, so a
 * syscall without rules never has its arguments read and the kernel's action
 * cache still answers it without running the filter.
 *
 * The program:
 *   arch is not the target's        -> badarch
 *   a number in a decision          -> its action, or its block action if
 *                                      one of its rules breaks
 *   x32: 0x40000000..0xfffffffe     -> badarch (another ABI's numbering)
 *   any other number, -1 included   -> unknown
 */
#ifndef CAPEJAIL_BPFGEN_H
#define CAPEJAIL_BPFGEN_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "policy.h"

struct bpf_decision {
	uint32_t nr;			/* the syscall's number on the target */
	uint32_t action;		/* SECCOMP_RET_*: no rule broken */
	const struct cj_argrule *rules; /* checked in order; may be NULL */
	size_t n_rules;
	uint32_t block; /* SECCOMP_RET_*: a rule broken */
};

struct bpf_target {
	uint32_t audit_arch; /* AUDIT_ARCH_*, as the kernel reports it; its
				byte order is the arguments' */
	uint32_t unknown;    /* numbers no decision names */
	uint32_t badarch;    /* another architecture or ABI */
	bool x32;	     /* x86_64: the x32 numbers are another ABI */
};

enum bpf_layout {
	BPF_COMPACT, /* conditional jumps straight to their targets (8-bit
			offsets), but those too far: wide */
	BPF_WIDE     /* every jump a 32-bit `ja`: any size */
};

/* Write the program for decisions d[0..n) (any order, one per number)
 * into out (cap instructions); *len gets its length. */
int bpfgen_build(const struct bpf_target *t, const struct bpf_decision *d,
		 size_t n, enum bpf_layout layout, struct sock_filter *out,
		 size_t cap, size_t *len, struct cj_err *err);

#endif
