/* fuzz_policy.c - libFuzzer harness of policy_parse (make fuzz).
 *
 * The input is a policy file as --policy reads it: any bytes, not
 * NUL-terminated (libFuzzer hands over a heap copy of exactly that size, so
 * a read past the end is an AddressSanitizer error). Besides crashes, leaks
 * and undefined behaviour, it checks what policy.h promises of the result
 * and aborts when that does not hold. */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int bounded(const char *s, size_t max)
{
	return memchr(s, '\0', max) != NULL;
}

/* What a parsed entry is, whatever the input. */
static void check_entry(const struct policy *p, size_t i)
{
	const struct policy_entry *e = &p->v[i];
	char *summary;

	if (!bounded(e->name, CJ_NAME_MAX) || e->name[0] == '\0' ||
	    !bounded(e->arch, CJ_ARCH_MAX))
		abort();
	if (e->m.verdict != CJ_ALLOW && e->m.verdict != CJ_BLOCK)
		abort();
	if (e->line == 0 || e->reason == NULL || e->reason[0] == '\0' ||
	    e->summary == NULL)
		abort();
	if (e->m.err_no < 0 || e->m.err_no > 4095 ||
	    (e->m.warn && e->m.err_no != 0))
		abort();
	if (e->n_rules > CJ_MAX_ARGRULES ||
	    (e->n_rules > 0 && e->m.verdict != CJ_ALLOW))
		abort();
	for (size_t r = 0; r < e->n_rules; r++) {
		const struct cj_argrule *ru = &e->rules[r];

		if (ru->kind < CJ_ARG_HAS || ru->kind > CJ_ARG_NOT_IN ||
		    ru->arg > 5 || ru->n == 0 || ru->n > CJ_MAX_VALUES)
			abort();
		for (size_t k = 0; k < ru->n; k++)
			if (!bounded(ru->names[k], CJ_VALUE_NAME_MAX) ||
			    !bounded(ru->names2[k], CJ_VALUE_NAME_MAX) ||
			    (ru->masked && (ru->v[k] & ~ru->mask) != 0))
				abort();
		/* A pair: two different arguments, no mask; `has` on
		 * one argument only; a mask is not 0. */
		if ((ru->pair &&
		     (ru->arg2 > 5 || ru->arg2 == ru->arg || ru->masked)) ||
		    (ru->kind == CJ_ARG_HAS && (ru->pair || ru->masked)) ||
		    (ru->masked && ru->mask == 0) ||
		    !bounded(ru->mask_name, CJ_VALUE_NAME_MAX))
			abort();
	}
	/* Names are unique, and policy_find finds each at its place. */
	if (policy_find(p, e->name) != (long)i)
		abort();
	/* The summary is policy_summary of the reason, or, when that only
	 * points at another entry ("See x."), another entry's summary. */
	summary = policy_summary(e->reason);
	if (summary == NULL)
		abort();
	if (strcmp(summary, e->summary) != 0) {
		bool found = false;

		if (strncmp(summary, "See ", 4) != 0)
			abort();
		for (size_t k = 0; k < p->n && !found; k++)
			found =
			    k != i && strcmp(p->v[k].summary, e->summary) == 0;
		if (!found)
			abort();
	}
	free(summary);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p = {NULL, 0};
	struct cj_err err = {0, ""};
	int rc = policy_parse((const char *)data, size, "fuzz.md", &p, &err);

	if (rc == 0) {
		if (err.msg[0] != '\0' || (p.n > 0) != (p.v != NULL))
			abort();
		for (size_t i = 0; i < p.n; i++)
			check_entry(&p, i);
	} else if (rc != -1 || err.status != CJ_EXIT_SETUP ||
		   err.msg[0] == '\0' || p.n != 0 || p.v != NULL ||
		   !bounded(err.msg, sizeof(err.msg))) {
		abort();
	}
	policy_free(&p);
	return 0;
}
