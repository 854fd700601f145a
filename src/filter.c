/* filter.c - policy -> libseccomp filter -> BPF. */
#define _GNU_SOURCE
#include "filter.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

static uint32_t action_of(const struct policy_entry *e)
{
	if (e->verdict == CJ_ALLOW)
		return SCMP_ACT_ALLOW;
	if (e->warn)
		return SCMP_ACT_NOTIFY; /* capejail kills the whole jail */
	return SCMP_ACT_ERRNO(EPERM);
}

int filter_build(const struct policy *p, scmp_filter_ctx *out,
		 struct cj_err *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
	int rc;

	if (ctx == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "seccomp_init failed");
	/* Any other ABI than the native one is an attempt to get around the
	 * table: kill the jail rather than answer. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY);
	/* A binary tree keeps the cost of a lookup logarithmic. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc != 0) {
		seccomp_release(ctx);
		return cj_fail_errno(err, CJ_EXIT_SETUP, -rc,
				     "seccomp_attr_set");
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_entry *e = &p->v[i];
		int nr = seccomp_syscall_resolve_name(e->name);

		if (nr < 0)
			continue; /* not a syscall of this architecture */
		rc = seccomp_rule_add(ctx, action_of(e), nr, 0);
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
