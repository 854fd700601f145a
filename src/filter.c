/* filter.c - policy -> libseccomp filter -> BPF. */
#define _GNU_SOURCE
#include "filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argfilter.h"

#include "banned.h"

const struct cj_outcomes cj_default_outcomes = {EPERM, 0, CJ_LEARN_OFF};

bool filter_block_kills(const struct policy_entry *e,
			const struct cj_outcomes *o)
{
	return e->warn || (o->kill_blocked && e->err_no == 0);
}

int filter_block_errno(const struct policy_entry *e,
		       const struct cj_outcomes *o)
{
	return e->err_no ? e->err_no : o->blocked_errno;
}

uint32_t filter_block_action(const struct policy_entry *e,
			     const struct cj_outcomes *o)
{
	/* Learning: capejail sees every block (and answers it). */
	if (o->learn != CJ_LEARN_OFF)
		return SCMP_ACT_NOTIFY;
	/* A kill, or a block capejail names: both through capejail, which
	 * answers an errno itself. An allowed call never gets here. */
	if (filter_block_kills(e, o) || !e->quiet)
		return SCMP_ACT_NOTIFY;
	return SCMP_ACT_ERRNO((uint16_t)filter_block_errno(e, o));
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

		if (e->arch[0] ||
		    seccomp_syscall_resolve_name_arch(arch, e->name) < 0)
			continue;
		for (size_t r = 0; r < e->n_rules; r++) {
			(void)snprintf(line, sizeof(line),
				       "rule %d %u:", e->rules[r].kind,
				       e->rules[r].arg);
			h = fnv1a(h, line);
			for (size_t k = 0; k < e->rules[r].n; k++) {
				(void)snprintf(line, sizeof(line), " %u",
					       (unsigned)e->rules[r].v[k]);
				h = fnv1a(h, line);
			}
		}
		(void)snprintf(line, sizeof(line), "%s %d %d %d%s\n", e->name,
			       e->verdict, e->warn, e->err_no,
			       e->quiet ? " quiet" : "");
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
	return e->verdict == CJ_ALLOW ? SCMP_ACT_ALLOW
				      : filter_block_action(e, o);
}

/* The number libseccomp wants in a rule: the native one, or its pseudo
 * number for a syscall the native architecture lacks; it translates that
 * for the filter's architecture. -1 if arch has no such syscall. */
static int rule_nr(uint32_t arch, const char *name)
{
	if (seccomp_syscall_resolve_name_arch(arch, name) < 0)
		return -1;
	return seccomp_syscall_resolve_name(name);
}

int filter_build(const struct policy *p, const struct cj_outcomes *o,
		 uint32_t arch, scmp_filter_ctx *out, struct cj_err *err)
{
	const uint32_t unknown = SCMP_ACT_ERRNO(ENOSYS);
	scmp_filter_ctx ctx;
	int rc;

	/* We only export the program; the kernel that loads it is the one
	 * that runs the jail, not this one (a build host, qemu-user). So
	 * libseccomp must not refuse the notify action because the kernel
	 * it probed here lacks it: API level 6 has it. */
	if (seccomp_api_get() < 6 && seccomp_api_set(6) != 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "libseccomp lacks the notify action (API 6)");
	ctx = seccomp_init(unknown);
	if (ctx == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "seccomp_init failed");
	/* Any other ABI than the native one is an attempt to get around the
	 * table: kill the jail rather than answer. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY);
	/* A binary tree keeps the cost of a lookup logarithmic. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	/* Another architecture than the one we run on: cross-building. */
	if (rc == 0 && arch != seccomp_arch_native()) {
		rc = seccomp_arch_add(ctx, arch);
		if (rc == 0)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (rc != 0) {
		seccomp_release(ctx);
		return cj_fail_errno(err, CJ_EXIT_SETUP, -rc,
				     "seccomp_attr_set");
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr = e->arch[0] ? -1 : rule_nr(arch, e->name);

		if (nr == -1)
			continue; /* not a syscall of this architecture */
		/* libseccomp refuses a rule that repeats the default
		 * action; the default gives the same answer. */
		if (action_of(e, o) == unknown)
			continue;
		rc = seccomp_rule_add(ctx, action_of(e, o), nr, 0);
		if (rc != 0) {
			seccomp_release(ctx);
			return cj_fail_errno(err, CJ_EXIT_SETUP, -rc,
					     "seccomp rule for %s", e->name);
		}
	}
	*out = ctx;
	return 0;
}

int filter_export(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len,
		  struct cj_err *err)
{
	int fd = memfd_create("capejail-bpf", MFD_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	ssize_t got;
	int rc;

	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc != 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, -rc, "seccomp_export_bpf");
		goto fail;
	}
	if (fstat(fd, &st) < 0) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "fstat of BPF");
		goto fail;
	}
	if (st.st_size <= 0 || st.st_size % (off_t)sizeof(**prog) != 0) {
		cj_fail(err, CJ_EXIT_SETUP, "exported BPF has odd size %lld",
			(long long)st.st_size);
		goto fail;
	}
	buf = malloc((size_t)st.st_size);
	if (buf == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto fail;
	}
	got = pread(fd, buf, (size_t)st.st_size, 0);
	if (got != st.st_size) {
		cj_fail_errno(err, CJ_EXIT_SETUP, got < 0 ? errno : EIO,
			      "reading exported BPF");
		goto fail;
	}
	(void)close(fd);
	*prog = (struct sock_filter *)(void *)buf;
	*len = (size_t)st.st_size / sizeof(**prog);
	return 0;
fail:
	free(buf);
	(void)close(fd);
	return -1;
}

int filter_compile(const struct policy *p, const struct cj_outcomes *o,
		   struct sock_filter **prog, size_t *len, struct cj_err *err)
{
	return filter_compile_arch(p, o, seccomp_arch_native(), prog, len, err);
}

int filter_compile_arch(const struct policy *p, const struct cj_outcomes *o,
			uint32_t arch, struct sock_filter **prog, size_t *len,
			struct cj_err *err)
{
	struct argcheck checks[32];
	struct sock_filter *main_prog = NULL, *all = NULL;
	size_t n = 0, main_len = 0, pre_len = 0;
	scmp_filter_ctx ctx = NULL;
	int rc = -1;

	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr = e->arch[0]
			     ? -1
			     : seccomp_syscall_resolve_name_arch(arch, e->name);

		if (e->n_rules == 0 || nr < 0)
			continue;
		if (n == sizeof(checks) / sizeof(*checks))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "more than %zu syscalls with argument "
				       "rules",
				       n);
		checks[n++] = (struct argcheck){nr, e->rules, e->n_rules,
						filter_block_action(e, o)};
	}
	if (filter_build(p, o, arch, &ctx, err) < 0 ||
	    filter_export(ctx, &main_prog, &main_len, err) < 0)
		goto done;
	all = calloc(BPF_MAXINSNS, sizeof(*all));
	if (all == NULL) {
		cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		goto done;
	}
	if (argfilter_build(arch, checks, n, all, BPF_MAXINSNS, &pre_len, err) <
	    0)
		goto done;
	if (main_prog == NULL || pre_len + main_len > BPF_MAXINSNS) {
		cj_fail(err, CJ_EXIT_SETUP,
			"seccomp filter of %zu instructions is too large",
			pre_len + main_len);
		goto done;
	}
	memcpy(all + pre_len, main_prog, main_len * sizeof(*all));
	*prog = all;
	*len = pre_len + main_len;
	all = NULL;
	rc = 0;
done:
	free(all);
	free(main_prog);
	if (ctx != NULL)
		seccomp_release(ctx);
	return rc;
}
