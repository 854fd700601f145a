/* effective.c - the policy of one run (see effective.h). */
#define _GNU_SOURCE
#include "effective.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_table.h"
#include "util.h"

#include "sysnames.h"

#include "banned.h"

bool effective_is_default(const struct jail_spec *spec)
{
	return spec->policy.file == NULL && spec->policy.n_overrides == 0 &&
	       spec->policy.blocked_errno == 0 && !spec->policy.kill_blocked &&
	       spec->policy.learn == CJ_LEARN_OFF;
}

struct cj_outcomes effective_outcomes(const struct jail_spec *spec)
{
	struct cj_outcomes o = cj_default_outcomes;

	if (spec->policy.blocked_errno != 0)
		o.blocked_errno = spec->policy.blocked_errno;
	o.kill_blocked = spec->policy.kill_blocked;
	o.learn = spec->policy.learn;
	return o;
}

/* Replace dst's decision and words with src's; src gives up its strings. */
static void take_entry(struct policy_entry *dst, struct policy_entry *src)
{
	free(dst->reason);
	free(dst->summary);
	free(dst->rules);
	*dst = *src;
	src->reason = NULL;
	src->summary = NULL;
	src->rules = NULL;
	src->n_rules = 0;
}

/* Words for an entry changed on the command line, so that the printed
 * policy says what happened and reads back as a policy file. */
static int reword(struct policy_entry *e, const char *why, struct cj_err *err)
{
	char *r = strdup(why), *s = strdup(why);

	if (r == NULL || s == NULL) {
		free(r);
		free(s);
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	}
	free(e->reason);
	free(e->summary);
	e->reason = r;
	e->summary = s;
	return 0;
}

void effective_shipped_names(char *buf, size_t cap)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cj_shipped_len && o < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? ", " : "",
				      cj_shipped[i].name);
}

/* The text of policy item (a shipped name, or a file with a slash in its
 * path), and the name its entries are quoted by. */
static int policy_text(const char *item, char **text, size_t *len,
		       const char **source, struct cj_err *err)
{
	static char names[16][CJ_NAME_MAX + 16];

	if (strchr(item, '/') != NULL) {
		*source = item;
		if (read_small_file(item, CJ_POLICY_MAX_BYTES, text, len, err) <
		    0) {
			char why[sizeof(err->msg)];

			(void)snprintf(why, sizeof(why), "%s", err->msg);
			return cj_fail(err, CJ_EXIT_SETUP, "--policy %s", why);
		}
		return 0;
	}
	for (size_t i = 0; i < cj_shipped_len && i < 16; i++)
		if (strcmp(cj_shipped[i].name, item) == 0) {
			(void)snprintf(names[i], sizeof(names[i]),
				       "policies/%s.md", item);
			*source = names[i];
			*text = strndup(cj_shipped[i].text, cj_shipped[i].len);
			*len = cj_shipped[i].len;
			if (*text == NULL)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "out of memory");
			return 0;
		}
	{
		char known[256];

		effective_shipped_names(known, sizeof(known));
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--policy %s: no shipped policy of that name "
			       "(shipped: %s); a file's path needs a slash, "
			       "such as ./%s",
			       item, known, item);
	}
}

static int apply_file(struct policy *p, const char *item, struct cj_err *err)
{
	struct policy over = {NULL, 0};
	const char *file = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = -1;

	if (policy_text(item, &text, &len, &file, err) < 0)
		goto done;
	if (policy_parse(text, len, file, &over, err) < 0)
		goto done;
	for (size_t i = 0; i < over.n; i++) {
		struct policy_entry *e = &over.v[i];
		long at = policy_find(p, e->name);

		if (e->arch[0] != '\0')
			continue; /* another architecture's: documentation */
		/* A policy is written for every architecture, as
		 * SYSCALLS.md is: an entry of SYSCALLS.md this one lacks
		 * (symlink on aarch64) has nothing to change here. A name
		 * SYSCALLS.md does not know is an error (a typo). */
		if (at >= 0 && sysnames_nr(sysnames_arch(), e->name) < 0) {
			e->name[0] = '\0';
			continue;
		}
		if (at < 0 || sysnames_nr(sysnames_arch(), e->name) < 0) {
			cj_fail(err, CJ_EXIT_SETUP,
				"%s:%u: %s: not a syscall of this architecture",
				file, e->line, e->name);
			goto done;
		}
		if (strncmp(e->reason, "TODO", 4) == 0) {
			cj_fail(err, CJ_EXIT_SETUP,
				"%s:%u: %s: the reason still starts with TODO: "
				"say why the program needs it",
				file, e->line, e->name);
			goto done;
		}
	}
	for (size_t i = 0; i < over.n; i++)
		if (over.v[i].arch[0] == '\0' && over.v[i].name[0] != '\0')
			take_entry(&p->v[policy_find(p, over.v[i].name)],
				   &over.v[i]);
	rc = 0;
done:
	policy_free(&over);
	free(text);
	return rc;
}

/* --policy ITEM[,ITEM...]: each a shipped policy's name, or a file (a path
 * with a slash: ./mine.md), applied in order. A path with a slash and no
 * comma is one file, whatever it holds. */
static int apply_policies(struct policy *p, const char *arg, struct cj_err *err)
{
	static char copy[4096];
	char *save = NULL;

	if (strchr(arg, ',') == NULL)
		return apply_file(p, arg, err);
	if (strlen(arg) >= sizeof(copy))
		return cj_fail(err, CJ_EXIT_SETUP, "--policy: too long");
	/* The entries' sources point into the copy: it stays. */
	(void)snprintf(copy, sizeof(copy), "%s", arg);
	for (char *t = strtok_r(copy, ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save))
		if (apply_file(p, t, err) < 0)
			return -1;
	return 0;
}

static int apply_override(struct policy *p, const char *o, struct cj_err *err)
{
	bool allow = o[0] == '+';
	const char *name = o + 1;
	long at = policy_find(p, name);
	struct policy_entry *e;

	if (at < 0 || p->v[at].arch[0] != '\0' ||
	    sysnames_nr(sysnames_arch(), name) < 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--%s %s: not a syscall of this architecture",
			       allow ? "allow" : "block", name);
	e = &p->v[at];
	if (allow) {
		/* Already allowed: its argument rules stay (they are a
		 * safety net, not a block); drop them with --policy. */
		if (e->m.verdict == CJ_ALLOW)
			return 0;
		e->m = (struct cj_marks){.verdict = CJ_ALLOW};
		e->source = "--allow";
		return reword(e, "Allowed for this run by --allow.", err);
	}
	if (e->m.verdict == CJ_BLOCK)
		return 0;
	/* Its own errno goes; its other marks stay (--block mknod, an
	 * allowed ⚠️ entry: its calls kill). */
	e->m.verdict = CJ_BLOCK;
	e->m.err_no = 0;
	e->n_rules = 0;
	e->source = "--block";
	return reword(e, "Blocked for this run by --block.", err);
}

/* What capejail's own code calls under the filter: PID 1's wait loop and
 * the start of the program (src/ns.c, src/launch.c). A policy that blocks
 * one of these would leave a jail that cannot end or start. */
static const char *const init_needs[] = {
    "rt_sigprocmask", "rt_sigtimedwait", "wait4",   "kill",	  "clone",
    "close_range",    "execve",		 "sendto",  "exit_group", "exit",
    "rt_sigreturn",   "getpgid",	 "setpgid", "dup2",	  "ioctl"};

static int check_init_needs(const struct policy *p, struct cj_err *err)
{
	for (size_t i = 0; i < sizeof(init_needs) / sizeof(*init_needs); i++) {
		long at = policy_find(p, init_needs[i]);

		if (at >= 0 && p->v[at].m.verdict == CJ_BLOCK)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s cannot be blocked: capejail's init "
				       "calls it under the filter",
				       init_needs[i]);
	}
	return 0;
}

int effective_policy(const struct jail_spec *spec, struct policy *out,
		     struct cj_err *err)
{
	struct policy p = {NULL, 0};

	if (policy_parse(cj_policy_text, cj_policy_text_len, "SYSCALLS.md", &p,
			 err) < 0)
		return -1;
	if (spec->policy.file != NULL &&
	    apply_policies(&p, spec->policy.file, err) < 0)
		goto fail;
	for (size_t i = 0; i < spec->policy.n_overrides; i++)
		if (apply_override(&p, spec->policy.overrides[i], err) < 0)
			goto fail;
	if (check_init_needs(&p, err) < 0 ||
	    policy_resolve_see(&p, "SYSCALLS.md", err) < 0)
		goto fail;
	*out = p;
	return 0;
fail:
	policy_free(&p);
	return -1;
}

/* One row of the supervisor's table: an entry's words, and what its blocks
 * get under o. */
static void answer_of(struct cj_answer *d, const char *name, const char *why,
		      const char *source, const struct cj_marks *m,
		      const struct cj_outcomes *o)
{
	d->name = name;
	d->why = why;
	d->source = source;
	d->err_no = filter_block_errno(m, o);
	d->kills = filter_block_kills(m, o);
	d->warn = m->warn;
	d->own_errno = m->err_no != 0;
	d->quiet = m->quiet;
	d->allowed = m->verdict == CJ_ALLOW;
}

/* The supervisor's table from the built-in one (no parsing on the launch
 * path) ... */
static void verdicts_builtin(const struct cj_outcomes *o, struct cj_answer *v)
{
	for (size_t i = 0; i < cj_rules_len; i++) {
		const struct cj_rule *r = &cj_rules[i];

		if (r->nr < 0 || r->nr >= CJ_MAX_NR)
			continue;
		answer_of(&v[r->nr], r->name, cj_rule_why(r), "SYSCALLS.md",
			  &r->m, o);
		v[r->nr].lifted_by = cj_rule_lifted_by(r);
	}
}

/* ... or from the policy in force, with the outcomes asked for. */
static void verdicts_of(const struct policy *p, const struct cj_outcomes *o,
			struct cj_answer *v)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr =
		    e->arch[0] ? -1 : sysnames_nr(sysnames_arch(), e->name);

		if (nr < 0 || nr >= CJ_MAX_NR)
			continue;
		answer_of(&v[nr], e->name, e->summary, e->source, &e->m, o);
	}
}

int effective_prepare(const struct jail_spec *spec, struct cj_effective *eff,
		      struct cj_err *err)
{
	memset(eff, 0, sizeof(*eff));
	eff->o = effective_outcomes(spec);
	if (effective_is_default(spec)) {
		/* Built at build time: one seccomp(2) call to load. */
		eff->insns = cj_default_bpf;
		eff->len = cj_default_bpf_len;
		(void)snprintf(eff->hash, sizeof(eff->hash), "%s",
			       cj_policy_hash);
		return 0;
	}
	if (effective_policy(spec, &eff->p, err) < 0 ||
	    filter_compile(&eff->p, &eff->o, &eff->owned, &eff->len, err) < 0) {
		effective_release(eff);
		return -1;
	}
	eff->insns = eff->owned;
	filter_policy_hash(&eff->p, &eff->o, sysnames_arch(), eff->hash);
	return 0;
}

int effective_answers(struct cj_effective *eff, struct cj_err *err)
{
	eff->by_nr = calloc(CJ_MAX_NR, sizeof(*eff->by_nr));
	if (eff->by_nr == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (eff->owned == NULL) {
		verdicts_builtin(&eff->o, eff->by_nr);
		return 0;
	}
	verdicts_of(&eff->p, &eff->o, eff->by_nr);
	/* Which shipped policy would lift a block: known at build time. */
	for (size_t i = 0; i < cj_rules_len; i++) {
		const struct cj_rule *r = &cj_rules[i];

		if (r->nr >= 0 && r->nr < CJ_MAX_NR &&
		    eff->by_nr[r->nr].name != NULL &&
		    !eff->by_nr[r->nr].allowed)
			eff->by_nr[r->nr].lifted_by = cj_rule_lifted_by(r);
	}
	return 0;
}

void effective_shipped_cover(const struct cj_effective *eff, char *buf,
			     size_t cap)
{
	bool need[64] = {false}, any = false;
	size_t o = 0;

	buf[0] = '\0';
	for (int nr = 0; eff->by_nr != NULL && nr < CJ_MAX_NR; nr++) {
		const struct cj_answer *v = &eff->by_nr[nr];

		if (v->name == NULL || v->count == 0 || v->quiet ||
		    v->own_errno)
			continue;
		if (v->lifted_by == NULL)
			return; /* no shipped policy allows this one */
		for (size_t i = 0; i < cj_shipped_len && i < 64; i++)
			if (strcmp(cj_shipped[i].name, v->lifted_by) == 0)
				need[i] = any = true;
	}
	for (size_t i = 0; any && i < cj_shipped_len && i < 64 && o < cap; i++)
		if (need[i])
			o += (size_t)snprintf(buf + o, cap - o, "%s%s",
					      o ? "," : "", cj_shipped[i].name);
}

void effective_release(struct cj_effective *eff)
{
	free(eff->owned);
	free(eff->by_nr);
	policy_free(&eff->p);
	memset(eff, 0, sizeof(*eff));
}
