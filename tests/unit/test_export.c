/* test_export.c - --print-policy: the markdown read back by the policy
 * parser (and by --policy) as the same policy, the OCI seccomp profile as
 * valid JSON that decides every call as capejail's filter does (evaluated
 * here with libseccomp's reading of it), and the list's lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccomp.h>

#include "effective.h"
#include "export.h"
#include "json.h"
#include "policy_table.h"
#include "sysnames.h"
#include "tap.h"

#include "banned.h"

enum { MARKDOWN, LIST, OCI };

static struct cj_err err;
static char dir[] = "/tmp/cj-test-export.XXXXXX";

static void bail(const char *why)
{
	printf("Bail out! %s\n", why);
	exit(1);
}

/* What export `kind` writes of p under o; *rc its return. malloc'd. */
static char *export(int kind, const struct policy *p,
		    const struct cj_outcomes *o, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		bail("open_memstream");
	memset(&err, 0, sizeof(err));
	*rc = kind == MARKDOWN ? export_markdown(f, p, &err)
	      : kind == LIST   ? export_list(f, p, o, &err)
			       : export_oci(f, p, o, &err);
	if (fclose(f) != 0 || buf == NULL)
		bail("fclose");
	return buf;
}

/* The effective policy of a run of spec, and its outcomes. */
static void policy_of(struct policy *p, struct cj_outcomes *o,
		      const struct jail_spec *spec)
{
	memset(&err, 0, sizeof(err));
	if (effective_policy(spec, p, &err) < 0) {
		printf("# %s\n", err.msg);
		bail("effective_policy");
	}
	*o = effective_outcomes(spec);
}

static bool same_rules(const struct policy_entry *a,
		       const struct policy_entry *b)
{
	if (a->n_rules != b->n_rules)
		return false;
	for (size_t r = 0; r < a->n_rules; r++) {
		const struct cj_argrule *x = &a->rules[r], *y = &b->rules[r];

		if (x->kind != y->kind || x->arg != y->arg || x->n != y->n)
			return false;
		for (size_t k = 0; k < x->n; k++)
			if (x->v[k] != y->v[k] ||
			    strcmp(x->names[k], y->names[k]) != 0)
				return false;
	}
	return true;
}

/* Does q hold the entries of p, with the same decisions and words? NULL if
 * so, else the name of the first that differs. */
static const char *same_policy(const struct policy *p, const struct policy *q)
{
	if (p->n != q->n)
		return "(the number of entries)";
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *a = &p->v[i];
		long at = policy_find(q, a->name);
		const struct policy_entry *b = at < 0 ? NULL : &q->v[at];

		if (b == NULL || strcmp(a->arch, b->arch) != 0 ||
		    !cj_marks_same(&a->m, &b->m) ||
		    strcmp(a->reason, b->reason) != 0 ||
		    strcmp(a->summary, b->summary) != 0 || !same_rules(a, b))
			return a->name;
	}
	return NULL;
}

/* Markdown of the policy of spec, parsed back: the same entries; exported
 * again, the same text; given to --policy, the same policy (hash). */
static void markdown_round_trip(const struct jail_spec *spec, const char *what)
{
	struct policy p = {NULL, 0}, q = {NULL, 0};
	struct cj_outcomes o;
	struct cj_effective want, got;
	struct jail_spec again;
	char *md, *md2, path[sizeof(dir) + 32];
	const char *diff;
	FILE *f;
	int rc, rc2;

	policy_of(&p, &o, spec);
	md = export(MARKDOWN, &p, &o, &rc);
	ok(rc == 0, "%s: markdown written", what);
	memset(&err, 0, sizeof(err));
	ok(policy_parse(md, strlen(md), "export.md", &q, &err) == 0,
	   "%s: the markdown parses ('%s')", what, err.msg);
	diff = same_policy(&p, &q);
	ok(diff == NULL,
	   "%s: parsed back, the same entries (first "
	   "difference: %s)",
	   what, diff ? diff : "none");
	md2 = export(MARKDOWN, &q, &o, &rc2);
	ok(rc2 == 0 && strcmp(md, md2) == 0,
	   "%s: exported again, the same text", what);

	(void)snprintf(path, sizeof(path), "%s/export.md", dir);
	f = fopen(path, "w");
	if (f == NULL || fputs(md, f) < 0 || fclose(f) != 0)
		bail("writing export.md");
	memset(&err, 0, sizeof(err));
	rc = effective_prepare(spec, &want, &err);
	again = *spec;
	again.policy.file = path;
	again.policy.n_overrides = 0;
	rc2 = effective_prepare(&again, &got, &err);
	ok(rc == 0 && rc2 == 0 && strcmp(want.hash, got.hash) == 0,
	   "%s: the markdown as --policy is the same policy (hash %s, got %s; "
	   "'%s')",
	   what, want.hash, rc2 == 0 ? got.hash : "none", err.msg);
	if (rc == 0)
		effective_release(&want);
	if (rc2 == 0)
		effective_release(&got);
	(void)unlink(path);
	free(md);
	free(md2);
	policy_free(&p);
	policy_free(&q);
}

static void test_markdown(void)
{
	struct jail_spec spec;
	struct policy p = {NULL, 0};
	struct cj_outcomes o;
	char *md;
	int rc;
	FILE *full;

	memset(&spec, 0, sizeof(spec));
	markdown_round_trip(&spec, "built-in policy");

	spec.policy.overrides[0] = "-getpid";
	spec.policy.overrides[1] = "+chroot";
	spec.policy.overrides[2] = "+clone3";
	spec.policy.overrides[3] = "-socket";
	spec.policy.n_overrides = 4;
	markdown_round_trip(&spec, "--block getpid --allow chroot --allow "
				   "clone3 --block socket");

	policy_of(&p, &o, &spec);
	md = export(MARKDOWN, &p, &o, &rc);
	ok(strstr(md, "\n## Blocked\n") &&
	       strstr(md, "\n## Blocked\n") < strstr(md, "\n## Allowed\n"),
	   "markdown: a Blocked section, then an Allowed one");
	ok(strstr(md, "\n### getpid\n\nBlocked for this run by --block.\n") &&
	       strstr(md, "\n### getpid\n") < strstr(md, "\n## Allowed\n"),
	   "markdown: getpid under Blocked, with the --block reason");
	ok(strstr(md, "\n### chroot\n\nAllowed for this run by --allow.\n") &&
	       strstr(md, "\n### chroot\n") > strstr(md, "\n## Allowed\n"),
	   "markdown: chroot under Allowed, without its warning sign");
	ok(strstr(md, "\n### ptrace \u26a0\ufe0f\n") != NULL,
	   "markdown: ptrace keeps its warning sign");
	ok(strstr(md, "\n### __clone2 (ia64)\n") != NULL,
	   "markdown: an entry of another architecture keeps its note");
	free(md);

	full = fopen("/dev/full", "w");
	if (full != NULL) {
		memset(&err, 0, sizeof(err));
		rc = export_markdown(full, &p, &err);
		ok(rc == -1 && err.status == CJ_EXIT_SETUP &&
		       strcmp(err.msg, "writing: No space left on device") == 0,
		   "markdown to a full device: an error ('%s')", err.msg);
		(void)fclose(full);
	}
	policy_free(&p);
}

/* --- OCI profile, read as libseccomp reads it ------------------------ */

struct oci_rule {
	const char *action; /* SCMP_ACT_* */
	long long errno_ret;
	size_t n_args;
	unsigned index[6];
	uint32_t mask[6], want[6];
};

#define MAX_OCI_RULES 4096

static struct oci_rule rules[MAX_OCI_RULES];
static const char *rule_name[MAX_OCI_RULES];
static size_t n_rules;
static const struct json *profile;

/* Read the syscalls array into rules[]; NULL, or what is wrong with it. */
static const char *read_profile(const struct json *j)
{
	const struct json *calls = json_get(j, "syscalls");

	n_rules = 0;
	if (calls == NULL || calls->type != JSON_ARR)
		return "no syscalls array";
	for (size_t i = 0; i < calls->n; i++) {
		const struct json *c = calls->v[i];
		const struct json *names = json_get(c, "names");
		const struct json *action = json_get(c, "action");
		const struct json *en = json_get(c, "errnoRet");
		const struct json *args = json_get(c, "args");
		struct oci_rule r;

		memset(&r, 0, sizeof(r));
		if (names == NULL || names->type != JSON_ARR || names->n == 0)
			return "a rule without names";
		r.action = json_str_of(action);
		if (r.action == NULL ||
		    (strcmp(r.action, "SCMP_ACT_ALLOW") != 0 &&
		     strcmp(r.action, "SCMP_ACT_ERRNO") != 0 &&
		     strcmp(r.action, "SCMP_ACT_KILL_PROCESS") != 0))
			return "a rule with another action";
		if ((strcmp(r.action, "SCMP_ACT_ERRNO") == 0) !=
		    (en != NULL && en->type == JSON_NUM && en->is_int))
			return "errnoRet without SCMP_ACT_ERRNO, or the "
			       "reverse";
		r.errno_ret = en ? en->i : 0;
		if (args != NULL) {
			if (args->type != JSON_ARR || args->n == 0 ||
			    args->n > 6)
				return "bad args";
			for (size_t a = 0; a < args->n; a++) {
				const struct json *x = args->v[a];
				const struct json *idx = json_get(x, "index");
				const struct json *v = json_get(x, "value");
				const struct json *v2 = json_get(x, "valueTwo");
				const char *op = json_str_of(json_get(x, "op"));

				if (op == NULL ||
				    strcmp(op, "SCMP_CMP_MASKED_EQ") != 0)
					return "an argument compare that is "
					       "not SCMP_CMP_MASKED_EQ";
				if (!idx || !v || !v2 || !idx->is_int ||
				    !v->is_int || !v2->is_int || idx->i < 0 ||
				    idx->i > 5 || v->i < 0 ||
				    v->i > 0xffffffffLL || v2->i < 0 ||
				    v2->i > 0xffffffffLL)
					return "bad index, value or valueTwo";
				r.index[a] = (unsigned)idx->i;
				r.mask[a] = (uint32_t)v->i;
				r.want[a] = (uint32_t)v2->i;
				if ((r.want[a] & ~r.mask[a]) != 0)
					return "a valueTwo no value under the "
					       "mask can equal";
			}
			r.n_args = args->n;
		}
		for (size_t k = 0; k < names->n; k++) {
			if (n_rules >= MAX_OCI_RULES)
				return "too many rules";
			rule_name[n_rules] = json_str_of(names->v[k]);
			if (rule_name[n_rules] == NULL)
				return "a name that is not a string";
			rules[n_rules++] = r;
		}
	}
	return NULL;
}

/* What the profile does with name(args...): "ALLOW", "KILL_PROCESS",
 * "ERRNO n", or "AMBIGUOUS" when rules that match disagree. The default
 * when none matches. */
static const char *oci_decide(const char *name, const uint32_t args[6],
			      char *buf, size_t cap)
{
	const struct oci_rule *hit = NULL;

	for (size_t i = 0; i < n_rules; i++) {
		const struct oci_rule *r = &rules[i];
		bool match = strcmp(rule_name[i], name) == 0;

		for (size_t a = 0; match && a < r->n_args; a++)
			match = (args[r->index[a]] & r->mask[a]) == r->want[a];
		if (!match)
			continue;
		if (hit && (strcmp(hit->action, r->action) != 0 ||
			    hit->errno_ret != r->errno_ret))
			return "AMBIGUOUS";
		hit = r;
	}
	if (hit == NULL)
		(void)snprintf(buf, cap, "ERRNO %lld",
			       json_get(profile, "defaultErrnoRet")
				   ? json_get(profile, "defaultErrnoRet")->i
				   : -1);
	else if (strcmp(hit->action, "SCMP_ACT_ERRNO") == 0)
		(void)snprintf(buf, cap, "ERRNO %lld", hit->errno_ret);
	else
		(void)snprintf(buf, cap, "%s",
			       hit->action + strlen("SCMP_ACT_"));
	return buf;
}

/* What capejail's filter does with e and argument value x (in its rule's
 * argument, if any), in the same words. */
static const char *filter_decides(const struct policy_entry *e,
				  const struct cj_outcomes *o, uint32_t x,
				  char *buf, size_t cap)
{
	bool block = e->m.verdict == CJ_BLOCK;

	if (e->n_rules == 1) {
		const struct cj_argrule *r = &e->rules[0];
		bool in = false;
		uint32_t all = 0;

		if (r->masked) /* `argN & MASK in ...`: the masked bits */
			x &= r->mask;
		for (size_t k = 0; k < r->n; k++) {
			in = in || r->v[k] == x;
			all |= r->v[k];
		}
		block = r->kind == CJ_ARG_HAS  ? (x & all) != 0
			: r->kind == CJ_ARG_IN ? in
					       : !in;
	}
	/* The one deliberate difference: what an OCI runtime itself needs
	 * after loading the profile. */
	if (!block || strcmp(e->name, "fstatfs") == 0)
		return "ALLOW";
	if (filter_block_kills(&e->m, o))
		return "KILL_PROCESS";
	(void)snprintf(buf, cap, "ERRNO %d", filter_block_errno(&e->m, o));
	return buf;
}

/* Argument values to try on an entry's rule: each value named and its
 * neighbours, every single bit, 0 and all ones. */
static size_t values_to_try(const struct cj_argrule *r, uint32_t *v)
{
	size_t n = 0;

	v[n++] = 0;
	v[n++] = 0xffffffffU;
	for (unsigned b = 0; b < 32; b++)
		v[n++] = 1U << b;
	for (size_t k = 0; r && k < r->n; k++) {
		v[n++] = r->v[k];
		v[n++] = r->v[k] - 1;
		v[n++] = r->v[k] + 1;
		v[n++] = r->v[k] | 0x100;
	}
	return n;
}

/* The profile of spec's policy: valid JSON, its frame, and for every entry
 * of this architecture (with its rule's argument over a set of values) the
 * decision of capejail's filter. */
static void oci_matches(const struct jail_spec *spec, const char *what)
{
	struct policy p = {NULL, 0};
	struct cj_outcomes o;
	char *text, want[32], got[32];
	const char *why, *bad;
	const struct json *v;
	int rc, mismatches = 0, checked = 0;
	struct json *j;

	policy_of(&p, &o, spec);
	text = export(OCI, &p, &o, &rc);
	ok(rc == 0, "%s: OCI profile written", what);
	j = json_parse(text, strlen(text), &why);
	ok(j != NULL && j->type == JSON_OBJ,
	   "%s: the OCI profile is a valid JSON object (%s)", what, why);
	profile = j;
	is_str(json_str_of(json_get(j, "defaultAction")), "SCMP_ACT_ERRNO",
	       "%s: defaultAction", what);
	ok(json_is_int(json_get(j, "defaultErrnoRet"), ENOSYS),
	   "%s: defaultErrnoRet is ENOSYS", what);
	v = json_get(j, "architectures");
	ok(v && v->type == JSON_ARR && v->n == 1 &&
	       strcmp(json_str_of(v->v[0]) ? json_str_of(v->v[0]) : "",
		      sysnames_arch() == SCMP_ARCH_AARCH64
			  ? "SCMP_ARCH_AARCH64"
			  : "SCMP_ARCH_X86_64") == 0,
	   "%s: architectures, this one alone", what);
	bad = j ? read_profile(j) : "no JSON";
	ok(bad == NULL, "%s: every rule well formed (%s)", what,
	   bad ? bad : "yes");

	/* libseccomp's trap: an unconditional rule and conditional ones of
	 * the same syscall. */
	for (size_t i = 0; bad == NULL && i < n_rules; i++)
		for (size_t k = 0; k < n_rules; k++)
			if (strcmp(rule_name[i], rule_name[k]) == 0 &&
			    (rules[i].n_args == 0) != (rules[k].n_args == 0) &&
			    mismatches++ == 0)
				printf("# %s: with and without args\n",
				       rule_name[i]);
	ok(bad == NULL && mismatches == 0,
	   "%s: no syscall with both an unconditional rule and argument "
	   "rules",
	   what);

	mismatches = 0;
	for (size_t i = 0; bad == NULL && i < p.n; i++) {
		const struct policy_entry *e = &p.v[i];
		const struct cj_argrule *r = e->n_rules ? &e->rules[0] : NULL;
		uint32_t vals[32 + 2 + 4 * CJ_MAX_VALUES];
		size_t nv = r ? values_to_try(r, vals) : 1;

		/* A rule on a pair of arguments: its own check below. */
		if (e->arch[0] || sysnames_nr(sysnames_arch(), e->name) < 0 ||
		    (r != NULL && r->pair))
			continue;
		if (r == NULL)
			vals[0] = 0;
		for (size_t k = 0; k < nv; k++) {
			uint32_t args[6] = {0};
			const char *w, *g;

			if (r)
				args[r->arg] = vals[k];
			w = filter_decides(e, &o, vals[k], want, sizeof(want));
			g = oci_decide(e->name, args, got, sizeof(got));
			checked++;
			if (strcmp(w, g) != 0 && mismatches++ < 5)
				printf("# %s(0x%x): filter %s, profile %s\n",
				       e->name, vals[k], w, g);
		}
	}
	ok(bad == NULL && mismatches == 0 && checked > 300,
	   "%s: the profile decides every call (%d checked) as the filter "
	   "(%d differ)",
	   what, checked, mismatches);
	json_free(j);
	profile = NULL;
	free(text);
	policy_free(&p);
}

/* The decision of the last profile read for name with arg[i] = x. */
static const char *decide1(const char *name, unsigned i, uint32_t x)
{
	static char buf[32];
	uint32_t args[6] = {0};

	args[i] = x;
	return oci_decide(name, args, buf, sizeof(buf));
}

static void test_oci(void)
{
	struct jail_spec spec;
	struct policy p = {NULL, 0};
	struct cj_outcomes o;
	struct json *j;
	const char *why;
	char *text, buf[64];
	int rc;

	memset(&spec, 0, sizeof(spec));
	oci_matches(&spec, "built-in policy");
	spec.policy.kill_blocked = true;
	oci_matches(&spec, "--on-blocked kill");
	spec.policy.kill_blocked = false;
	spec.policy.blocked_errno = EACCES;
	oci_matches(&spec, "--blocked-errno EACCES");
	spec.policy.blocked_errno = 0;
	spec.policy.overrides[0] = "-getpid";
	spec.policy.overrides[1] = "+chroot";
	spec.policy.overrides[2] = "+ioctl";
	spec.policy.overrides[3] = "-socket";
	spec.policy.n_overrides = 4;
	oci_matches(&spec, "--block getpid --allow chroot --block socket");

	/* The built-in profile, call by call. */
	memset(&spec, 0, sizeof(spec));
	policy_of(&p, &o, &spec);
	text = export(OCI, &p, &o, &rc);
	j = json_parse(text, strlen(text), &why);
	profile = j;
	ok(j && read_profile(j) == NULL, "built-in profile read");
	is_str(decide1("getpid", 0, 0), "ALLOW", "OCI: getpid allowed");
	is_str(decide1("read", 0, 0), "ALLOW", "OCI: read allowed");
	is_str(decide1("chroot", 0, 0), "KILL_PROCESS",
	       "OCI: chroot (warning sign) kills");
	is_str(decide1("ptrace", 0, 0), "KILL_PROCESS",
	       "OCI: ptrace (warning sign) kills");
	(void)snprintf(buf, sizeof(buf), "ERRNO %d", EPERM);
	is_str(decide1("listen", 0, 0), buf, "OCI: listen EPERM");
	is_str(decide1("fchmodat", 2, 04755), buf,
	       "OCI: fchmodat of a set-user-ID mode EPERM");
	is_str(decide1("fchmodat", 2, 0755), "ALLOW",
	       "OCI: fchmodat of a plain mode allowed");
	is_str(decide1("fstatfs", 0, 0), "ALLOW",
	       "OCI: fstatfs allowed (runc needs it)");
	(void)snprintf(buf, sizeof(buf), "ERRNO %d", ENOSYS);
	is_str(decide1("clone3", 0, 0), buf, "OCI: clone3 ENOSYS");
	is_str(decide1("ioctl", 1, TIOCSTI), "ERRNO 1",
	       "OCI: ioctl TIOCSTI EPERM");
	is_str(decide1("ioctl", 1, TCGETS), "ALLOW",
	       "OCI: ioctl TCGETS allowed");
	is_str(decide1("ioctl", 1, 0xffffffffU), "ALLOW",
	       "OCI: ioctl 0xffffffff allowed");
	{
		uint32_t inet6[6] = {AF_INET6, SOCK_DGRAM, 0};

		is_str(oci_decide("socket", inet6, buf, sizeof(buf)), "ALLOW",
		       "OCI: socket AF_INET6 (datagram) allowed");
	}
	(void)snprintf(buf, sizeof(buf), "ERRNO %d", EAFNOSUPPORT);
	is_str(decide1("socket", 0, AF_PACKET), buf,
	       "OCI: socket AF_PACKET EAFNOSUPPORT");
	{
		/* Both of socket's rules: the (domain, protocol) pair and the
		 * type, its low 4 bits. */
		uint32_t dccp[6] = {AF_INET, 6 /* SOCK_DCCP */, 0},
			 stream[6] = {AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0},
			 seqp[6] = {AF_UNIX, SOCK_SEQPACKET, 0},
			 rdm[6] = {AF_UNIX, 4 /* SOCK_RDM */, 0},
			 alg[6] = {38 /* AF_ALG */, SOCK_SEQPACKET, 0};
		char got[32];

		is_str(oci_decide("socket", dccp, got, sizeof(got)), buf,
		       "OCI: socket(AF_INET, SOCK_DCCP, 0) EAFNOSUPPORT");
		is_str(oci_decide("socket", rdm, got, sizeof(got)), buf,
		       "OCI: socket(AF_UNIX, SOCK_RDM, 0) EAFNOSUPPORT");
		is_str(oci_decide("socket", alg, got, sizeof(got)), buf,
		       "OCI: socket(AF_ALG, SOCK_SEQPACKET, 0) EAFNOSUPPORT");
		is_str(oci_decide("socket", stream, got, sizeof(got)), "ALLOW",
		       "OCI: socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, 0) "
		       "allowed");
		is_str(oci_decide("socketpair", seqp, got, sizeof(got)),
		       "ALLOW",
		       "OCI: socketpair(AF_UNIX, SOCK_SEQPACKET, 0) allowed");
	}
	is_str(decide1("prctl", 0, 22), "ERRNO 1",
	       "OCI: prctl PR_SET_SECCOMP EPERM");
	is_str(decide1("prctl", 0, 21), "ALLOW",
	       "OCI: prctl PR_GET_SECCOMP allowed");
	is_str(decide1("clone", 0, CLONE_NEWUSER | SIGCHLD), "ERRNO 1",
	       "OCI: clone with CLONE_NEWUSER EPERM");
	is_str(decide1("clone", 0, CLONE_NEWUSER | CLONE_NEWNET), "ERRNO 1",
	       "OCI: clone with two namespace flags EPERM");
	is_str(decide1("clone", 0, CLONE_VM | CLONE_THREAD | SIGCHLD), "ALLOW",
	       "OCI: clone of a thread allowed");
	is_str(decide1("personality", 0, PER_LINUX), "ALLOW",
	       "OCI: personality PER_LINUX allowed");
	is_str(decide1("personality", 0, READ_IMPLIES_EXEC), "ERRNO 1",
	       "OCI: personality READ_IMPLIES_EXEC EPERM");
	ok(strstr(text, "{\"names\": [\"ioctl\"], \"action\": "
			"\"SCMP_ACT_ERRNO\", \"errnoRet\": 1, \"args\": "
			"[{\"index\": 1, \"value\": 4294967295, \"valueTwo\": "
			"21522, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}") != NULL,
	   "OCI: ioctl's TIOCSTI rule, a full-mask compare on arg 1");
	json_free(j);
	profile = NULL;
	free(text);
	policy_free(&p);

	/* Two rules on one entry: the call runs where neither blocks. */
	memset(&err, 0, sizeof(err));
	ok(policy_parse("## Allowed\n\n### ioctl\n\nTwo rules.\n\n"
			"- `block if arg1 in 1`\n- `block if arg0 in 2`\n",
			strlen("## Allowed\n\n### ioctl\n\nTwo rules.\n\n"
			       "- `block if arg1 in 1`\n- `block if arg0 in "
			       "2`\n"),
			"two.md", &p, &err) == 0,
	   "a policy with two rules on ioctl parses");
	o = cj_default_outcomes;
	text = export(OCI, &p, &o, &rc);
	j = rc == 0 ? json_parse(text, strlen(text), &why) : NULL;
	profile = j;
	ok(j && read_profile(j) == NULL, "OCI of two rules: written");
	{
		static const uint32_t cases[][2] = {
		    {0, 0}, {2, 0}, {0, 1}, {2, 1}, {3, 3}};
		static const char *const want[] = {
		    "ALLOW", "ERRNO 1", "ERRNO 1", "ERRNO 1", "ALLOW"};
		char got[32];

		for (size_t i = 0; j && i < 5; i++) {
			uint32_t args[6] = {cases[i][0], cases[i][1]};

			is_str(oci_decide("ioctl", args, got, sizeof(got)),
			       want[i], "OCI of two rules: ioctl(%u, %u)",
			       cases[i][0], cases[i][1]);
		}
	}
	json_free(j);
	profile = NULL;
	free(text);
	policy_free(&p);
}

/* The line of the list that starts with name and a space, without its
 * newline, in a static buffer; NULL if none. */
static const char *list_line(const char *text, const char *name)
{
	static char line[1024];
	size_t n = strlen(name);

	for (const char *l = text; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l)
		if (strncmp(l, name, n) == 0 && l[n] == ' ') {
			size_t len = strcspn(l, "\n");

			(void)snprintf(line, sizeof(line), "%.*s", (int)len, l);
			return line;
		}
	return NULL;
}

static void line_is(const char *text, const char *name, int nr,
		    const char *rest, const char *what)
{
	char want[512];

	(void)snprintf(want, sizeof(want), "%s %d %s", name, nr, rest);
	is_str(list_line(text, name), want, "list: %s", what);
}

static void test_list(void)
{
	struct jail_spec spec;
	struct policy p = {NULL, 0};
	struct cj_outcomes o;
	static const char last[] = "* - errno ENOSYS\n";
	size_t lines = 0, on_arch = 0;
	char *text;
	int rc;

	memset(&spec, 0, sizeof(spec));
	policy_of(&p, &o, &spec);
	text = export(LIST, &p, &o, &rc);
	ok(rc == 0, "list written");
	line_is(text, "getpid", SYS_getpid, "allow", "getpid allowed");
	line_is(text, "listen", SYS_listen, "errno EPERM", "listen EPERM");
	line_is(text, "fchmodat", SYS_fchmodat,
		"allow; block if arg2 has 0x800,0x400 -> errno EPERM",
		"fchmodat allowed but for a set-ID mode");
	line_is(text, "chroot", SYS_chroot, "kill", "chroot kills");
	line_is(text, "capget", SYS_capget, "errno EPERM quiet",
		"capget EPERM, quiet");
	line_is(text, "clone3", SYS_clone3, "errno ENOSYS quiet",
		"clone3 ENOSYS, quiet");
	line_is(text, "ioctl", SYS_ioctl,
		"allow; block if arg1 in 0x5412,0x541c,0x5423 -> errno EPERM",
		"ioctl's rule");
	line_is(text, "socket", SYS_socket,
		"allow; block if arg0,arg2 not in 0x1:0x0,0x1:0x1,0x2:0x0,"
		"0x2:0x1,0x2:0x6,0x2:0x11,0xa:0x0,0xa:0x6,0xa:0x11,0xa:0x3a,"
		"0x10:0x0,0x10:0x4 -> errno EAFNOSUPPORT; block if arg1 & 0xf "
		"not in 0x1,0x2,0x3,0x5 -> errno EAFNOSUPPORT",
		"socket's rules on (domain, protocol) pairs and on the type, "
		"and their errno");
	ok(list_line(text, "__clone2") == NULL,
	   "list: no line for another architecture's entry");
	for (const char *l = text; *l; l++)
		lines += *l == '\n';
	for (size_t i = 0; i < p.n; i++)
		on_arch += p.v[i].arch[0] == '\0' &&
			   sysnames_nr(sysnames_arch(), p.v[i].name) >= 0;
	ok(lines == on_arch + 1,
	   "list: a line per entry of this architecture and one more (%zu, "
	   "%zu entries)",
	   lines, on_arch);
	ok(strlen(text) >= strlen(last) &&
	       strcmp(text + strlen(text) - strlen(last), last) == 0,
	   "list: the last line, every other number ENOSYS");
	free(text);
	policy_free(&p);

	spec.policy.kill_blocked = true;
	policy_of(&p, &o, &spec);
	text = export(LIST, &p, &o, &rc);
	line_is(text, "listen", SYS_listen, "kill",
		"--on-blocked kill: listen kills");
	line_is(text, "clone3", SYS_clone3, "errno ENOSYS quiet",
		"--on-blocked kill: clone3 keeps ENOSYS");
	line_is(text, "ioctl", SYS_ioctl,
		"allow; block if arg1 in 0x5412,0x541c,0x5423 -> kill",
		"--on-blocked kill: ioctl's rule kills");
	free(text);
	policy_free(&p);

	spec.policy.kill_blocked = false;
	spec.policy.blocked_errno = EACCES;
	spec.policy.overrides[0] = "-getpid";
	spec.policy.n_overrides = 1;
	policy_of(&p, &o, &spec);
	text = export(LIST, &p, &o, &rc);
	line_is(text, "listen", SYS_listen, "errno EACCES",
		"--blocked-errno EACCES: listen");
	line_is(text, "getpid", SYS_getpid, "errno EACCES",
		"--block getpid: getpid blocked");
	free(text);
	policy_free(&p);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	test_markdown();
	test_oci();
	test_list();
	(void)rmdir(dir);
	return tap_done();
}
