/* policy_rule.c - the rules of a SYSCALLS.md entry (policy_int.h): an
 * errno of its own, quiet, or an argument rule. */
#define _GNU_SOURCE
#include "policy_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* "1234", "0x5412" or "TIOCSTI=0x5412". */
static int parse_value(const char *tok, uint32_t *v, char *name)
{
	const char *eq = strchr(tok, '=');
	unsigned long long x;
	char *end;

	name[0] = '\0';
	if (eq != NULL) {
		size_t n = (size_t)(eq - tok);

		if (n == 0 || n >= CJ_VALUE_NAME_MAX)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)tok[i]) && tok[i] != '_')
				return -1;
		memcpy(name, tok, n);
		name[n] = '\0';
		tok = eq + 1;
	}
	if (!isdigit((unsigned char)tok[0]))
		return -1;
	/* Decimal or 0x hex; a leading 0 is no octal here. */
	errno = 0;
	x = strtoull(tok, &end,
		     tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X') ? 16
								       : 10);
	if (errno != 0 || *end != '\0' || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* "argN" -> N, or -1. */
static int arg_index(const char *t, size_t len)
{
	if (len != 4 || strncmp(t, "arg", 3) != 0 || t[3] < '0' || t[3] > '5')
		return -1;
	return t[3] - '0';
}

/* The argument(s) of a `block if` rule: "arg1" or "arg1,arg2". */
static int parse_args(struct cj_argrule *r, const char *t)
{
	const char *comma = strchr(t, ',');
	int a, b;

	if (comma == NULL) {
		a = arg_index(t, strlen(t));
		if (a < 0)
			return -1;
		r->arg = (unsigned)a;
		return 0;
	}
	a = arg_index(t, (size_t)(comma - t));
	b = arg_index(comma + 1, strlen(comma + 1));
	if (a < 0 || b < 0 || a == b)
		return -1;
	r->arg = (unsigned)a;
	r->arg2 = (unsigned)b;
	r->pair = true;
	return 0;
}

/* One value of rule r, i-th: "V" or, for a pair, "V,W". */
static int parse_rule_value(struct cj_argrule *r, size_t i, const char *tok)
{
	char first[2 * CJ_VALUE_NAME_MAX + 16];
	const char *comma = strchr(tok, ',');
	size_t n;

	if (!r->pair)
		return comma ? -1 : parse_value(tok, &r->v[i], r->names[i]);
	n = comma ? (size_t)(comma - tok) : 0;
	if (comma == NULL || n >= sizeof(first))
		return -1;
	memcpy(first, tok, n); /* tok stays whole for messages */
	first[n] = '\0';
	return parse_value(first, &r->v[i], r->names[i]) < 0 ||
		       parse_value(comma + 1, &r->v2[i], r->names2[i]) < 0
		   ? -1
		   : 0;
}

/* A new rule slot of e, zeroed. */
static struct cj_argrule *new_rule(struct policy_entry *e)
{
	struct cj_argrule *nv =
	    realloc(e->rules, (e->n_rules + 1) * sizeof(*nv));

	if (nv == NULL)
		return NULL;
	e->rules = nv;
	memset(&nv[e->n_rules], 0, sizeof(*nv));
	return &nv[e->n_rules];
}

/* One rule line's text (inside the backticks), already NUL-terminated. */
/* `block if argN [& MASK] has|in|not in VALUE...` (tok: its n words). */
static int parse_block_rule(struct policy_entry *e, char **tok, size_t n,
			    unsigned line, const char *file, struct cj_err *err)
{
	struct cj_argrule *r;
	size_t first;

	if (n < 5 || strcmp(tok[0], "block") != 0 || strcmp(tok[1], "if") != 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: a rule is `errno NAME`, `quiet` or "
			       "`block if argN [& MASK] has|in|not in "
			       "VALUE...`",
			       file, line, e->name);
	if (e->m.verdict != CJ_ALLOW)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: `block if` belongs to an allowed "
			       "entry",
			       file, line, e->name);
	if (e->n_rules == CJ_MAX_ARGRULES)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: at most %d rules", file, line,
			       e->name, CJ_MAX_ARGRULES);
	r = new_rule(e);
	if (r == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory", file);
	if (parse_args(r, tok[2]) < 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: '%s': expected arg0 to arg5, or a "
			       "pair of two of them (arg1,arg2)",
			       file, line, e->name, tok[2]);
	first = 3;
	if (strcmp(tok[3], "&") == 0) {
		if (r->pair)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: a pair of arguments takes "
				       "no mask",
				       file, line, e->name);
		if (parse_value(tok[4], &r->mask, r->mask_name) < 0 ||
		    r->mask == 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: '%s' is not a mask (a "
				       "non-zero 32-bit value)",
				       file, line, e->name, tok[4]);
		r->masked = true;
		first = 5;
	}
	if (first < n && strcmp(tok[first], "has") == 0) {
		r->kind = CJ_ARG_HAS;
		first += 1;
	} else if (first < n && strcmp(tok[first], "in") == 0) {
		r->kind = CJ_ARG_IN;
		first += 1;
	} else if (first + 1 < n && strcmp(tok[first], "not") == 0 &&
		   strcmp(tok[first + 1], "in") == 0) {
		r->kind = CJ_ARG_NOT_IN;
		first += 2;
	} else {
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: '%s': expected has, in or not in",
			       file, line, e->name,
			       first < n ? tok[first] : "");
	}
	if (n == first)
		return cj_fail(err, CJ_EXIT_SETUP, "%s:%u: %s: no values", file,
			       line, e->name);
	if (r->kind == CJ_ARG_HAS && (r->pair || r->masked))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: `has` takes one argument and no "
			       "mask (its values are the mask)",
			       file, line, e->name);
	if (n - first > CJ_MAX_VALUES)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s:%u: %s: too many values (at most %d)", file,
			       line, e->name, CJ_MAX_VALUES);
	for (size_t i = first; i < n; i++, r->n++) {
		if (parse_rule_value(r, r->n, tok[i]) < 0)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "%s:%u: %s: '%s' is not a 32-bit value (NUMBER or "
			    "NAME=NUMBER%s)",
			    file, line, e->name, tok[i],
			    r->pair ? ", two of them joined by a comma" : "");
		if (r->masked && (r->v[r->n] & ~r->mask) != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: '%s' has bits outside the "
				       "mask 0x%x: it could never match",
				       file, line, e->name, tok[i], r->mask);
	}
	e->n_rules++;
	return 0;
}

int policy_parse_rule(struct policy_entry *e, char *text, unsigned line,
		      const char *file, struct cj_err *err)
{
	char *save = NULL, *tok[CJ_MAX_VALUES + 8];
	size_t n = 0;

	for (char *t = strtok_r(text, " \t", &save); t != NULL;
	     t = strtok_r(NULL, " \t", &save)) {
		if (n == sizeof(tok) / sizeof(*tok))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: too many values (at most "
				       "%d)",
				       file, line, e->name, CJ_MAX_VALUES);
		tok[n++] = t;
	}
	if (n == 1 && strcmp(tok[0], "quiet") == 0) {
		if (e->m.warn)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "%s:%u: %s: a ⚠️ entry kills; it cannot "
			    "be quiet",
			    file, line, e->name);
		e->m.quiet = true;
		return 0;
	}
	if (n == 2 && strcmp(tok[0], "errno") == 0) {
		if (e->m.warn)
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "%s:%u: %s: a ⚠️ entry kills; it has no "
			    "errno",
			    file, line, e->name);
		if (policy_parse_errno(tok[1], &e->m.err_no) < 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s:%u: %s: unknown errno '%s'", file,
				       line, e->name, tok[1]);
		return 0;
	}
	return parse_block_rule(e, tok, n, line, file, err);
}
