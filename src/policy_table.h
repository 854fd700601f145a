/* policy_table.h - the policy compiled in from SYSCALLS.md at build time by
 * tools/gen-policy (generated build/policy_table.c). */
#ifndef CAPEJAIL_POLICY_TABLE_H
#define CAPEJAIL_POLICY_TABLE_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "policy_marks.h"

/* The tables hold no pointers: capejail is a static PIE, and every pointer
 * of a table is relocated at each start, on pages that are then copied
 * (a fault each); names are inline, reasons an offset into one text. */
#define CJ_SYSCALL_NAME_MAX 32

struct cj_rule {
	char name[CJ_SYSCALL_NAME_MAX];
	int nr;		    /* native syscall number */
	struct cj_marks m;  /* verdict, ⚠️, `errno X`, `quiet` */
	int has_rules;	    /* allowed, with argument rules */
	unsigned why;	    /* first sentence of the reason: its offset
			       in cj_rule_text (cj_rule_why) */
	char lifted_by[16]; /* blocked: the shipped policy (policies/)
			       that allows it, or "" (cj_rule_lifted_by) */
};

/* The reasons of cj_rules, one after the other, each NUL-terminated. */
extern const char cj_rule_text[];

static inline const char *cj_rule_why(const struct cj_rule *r)
{
	return cj_rule_text + r->why;
}

static inline const char *cj_rule_lifted_by(const struct cj_rule *r)
{
	return r->lifted_by[0] != '\0' ? r->lifted_by : NULL;
}

/* Every SYSCALLS.md entry that exists on this architecture. */
extern const struct cj_rule cj_rules[];
extern const size_t cj_rules_len;

/* The default policy's seccomp BPF program, built at build time with
 * exactly the code a run would use (filter.c, bpfgen.c), so a run loads it
 * with one seccomp(2) call and builds nothing. */
extern const struct sock_filter cj_default_bpf[];
extern const size_t cj_default_bpf_len;

/* Every syscall name of the architecture built for, sorted by name, with
 * its number (sysnames.h), and that architecture (SCMP_ARCH_*). */
struct cj_syscall {
	char name[CJ_SYSCALL_NAME_MAX];
	int nr;
};

extern const struct cj_syscall cj_syscalls[];
extern const size_t cj_syscalls_len;
extern const uint32_t cj_syscalls_arch;

/* SYSCALLS.md as built in, and its length (NUL-terminated too). */
extern const char cj_policy_text[];
extern const size_t cj_policy_text_len;

/* The shipped policies (policies/NAME.md), each checked against
 * SYSCALLS.md at build time: `--policy NAME` loads one. */
struct cj_shipped {
	const char *name; /* "server" */
	const char *text; /* its file, NUL-terminated */
	size_t len;
};

extern const struct cj_shipped cj_shipped[];
extern const size_t cj_shipped_len;

/* Hash of the policy (verdicts and marks), shown by --version. */
extern const char cj_policy_hash[];

#endif
