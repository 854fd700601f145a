/* describe.c - -v (describe.h). Only words: it decides nothing. */
#define _GNU_SOURCE
#include "describe.h"

#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "hostids.h"
#include "kfeatures.h"
#include "kinds.h"

#include "banned.h"

/* A size in the units the options take. */
static void put_size(FILE *f, uint64_t b)
{
	if (b != 0 && b % (1ULL << 30) == 0)
		(void)fprintf(f, "%" PRIu64 "G", b >> 30);
	else if (b != 0 && b % (1ULL << 20) == 0)
		(void)fprintf(f, "%" PRIu64 "M", b >> 20);
	else if (b != 0 && b % (1ULL << 10) == 0)
		(void)fprintf(f, "%" PRIu64 "K", b >> 10);
	else
		(void)fprintf(f, "%" PRIu64, b);
}

static void put_seconds(FILE *f, uint64_t ms)
{
	(void)fprintf(f, "%" PRIu64 ".%03" PRIu64 "s", ms / 1000, ms % 1000);
}

static void describe_mounts(FILE *f, const struct jail_spec *s)
{
	for (size_t i = 0; i < s->fs.n_mounts; i++) {
		const struct jail_mount *m = &s->fs.mounts[i];

		unsigned fl = mount_flags(m);

		(void)fprintf(f, "capejail: mount: ");
		if (fl & CJ_MNT_TMPFS) {
			(void)fprintf(f, "%s: a private tmpfs of ", m->dst);
			put_size(f, m->size);
		} else {
			(void)fprintf(
			    f, "%s: the host's %s, %s%s", m->dst, m->src,
			    fl & CJ_MNT_RDONLY ? "read-only" : "read-write",
			    fl & CJ_MNT_TRY ? ", if it exists" : "");
		}
		(void)fprintf(f, " (nosuid, nodev)\n");
	}
}

static void describe_limits(FILE *f, const struct jail_spec *s)
{
	(void)fprintf(f, "capejail: limits: %" PRIu64 " processes%s",
		      s->limits.pids,
		      s->limits.pids_set ? " (a cgroup)" : " (RLIMIT_NPROC)");
	(void)fprintf(f, ", memory ");
	if (s->limits.memory) {
		put_size(f, s->limits.memory);
		if (!s->limits.memory_set)
			(void)fprintf(f, " (the default: half of the host's, "
					 "at most 4 GiB)");
	} else {
		(void)fprintf(f, "unlimited");
	}
	if (s->limits.cpus_milli)
		(void)fprintf(f, ", %" PRIu64 ".%03" PRIu64 " CPUs",
			      s->limits.cpus_milli / 1000,
			      s->limits.cpus_milli % 1000);
	if (s->limits.cpu_time_ms) {
		(void)fprintf(f, ", CPU time ");
		put_seconds(f, s->limits.cpu_time_ms);
	}
	if (s->limits.time_limit_ms) {
		(void)fprintf(f, ", wall time ");
		put_seconds(f, s->limits.time_limit_ms);
	}
	for (size_t i = 0; i < s->limits.n_rlimits; i++) {
		const char *name = rlimit_name(s->limits.rlimits[i].resource);

		(void)fprintf(f, ", %s ", name ? name : "?");
		if (s->limits.rlimits[i].soft == UINT64_MAX)
			(void)fprintf(f, "unlimited");
		else
			(void)fprintf(f, "%" PRIu64, s->limits.rlimits[i].soft);
		if (s->limits.rlimits[i].hard != s->limits.rlimits[i].soft) {
			if (s->limits.rlimits[i].hard == UINT64_MAX)
				(void)fprintf(f, ":unlimited");
			else
				(void)fprintf(f, ":%" PRIu64,
					      s->limits.rlimits[i].hard);
		}
	}
	(void)fprintf(f, "\n");
}

static void describe_policy(FILE *f, const struct jail_spec *s,
			    const struct cj_effective *eff)
{
	if (eff == NULL) {
		(void)fprintf(f, "capejail: policy: none (-I): any system "
				 "call\n");
		return;
	}
	(void)fprintf(f, "capejail: policy: %s%s%s", "SYSCALLS.md as built in",
		      s->policy.file ? ", then " : "",
		      s->policy.file ? s->policy.file : "");
	for (size_t i = 0; i < s->policy.n_overrides; i++)
		(void)fprintf(f, "%s%s %s", i == 0 ? ", then" : ",",
			      s->policy.overrides[i][0] == '+' ? " --allow"
							       : " --block",
			      s->policy.overrides[i] + 1);
	(void)fprintf(f, " (hash %s; %zu BPF instructions)\n", eff->hash,
		      eff->len);
	(void)fprintf(f, "capejail: blocked calls: ");
	if (s->policy.learn)
		(void)fprintf(f, "run and recorded (--learn%s)\n",
			      s->policy.learn == CJ_LEARN_ALL ? "=all" : "");
	else if (s->policy.kill_blocked)
		(void)fprintf(f, "kill the jail (--on-blocked kill)\n");
	else
		(void)fprintf(
		    f, "fail with %s%s, named once each%s\n",
		    errno_name(s->policy.blocked_errno ? s->policy.blocked_errno
						       : eff->o.blocked_errno),
		    " (or their own errno)",
		    s->verbosity == CJ_QUIET ? " (-q: not named)" : "");
}

/* What this kernel has of the features that protect a jail, and what it
 * lacks, with the Linux version that brings each (kfeatures.h). */
static void describe_kernel(FILE *f)
{
	struct cj_kernel_facts k;
	struct cj_feature feat[CJ_FEATURES_N];
	size_t n;
	char line[256];

	features_probe(&k);
	n = features_list(&k, feat, CJ_FEATURES_N);
	(void)fprintf(f, "capejail: kernel: Linux %d.%d\n", k.major, k.minor);
	for (size_t i = 0; i < n; i++)
		if (features_line(&feat[i], line, sizeof(line)) > 0)
			(void)fprintf(f, "capejail: kernel %s\n", line);
}

/* Root mode: where the jail's host ids come from (hostids.h). */
static void describe_ids(FILE *f, const struct jail_spec *s)
{
	struct host_ids h;
	struct cj_err err = {0, ""};

	if (s->rootless && s->ids.sub) {
		(void)fprintf(f,
			      "capejail: host ids: rootless, the jail's 0 is "
			      "the caller, its ids 1-%u the caller's "
			      "subordinate ids from uid %u, gid %u "
			      "(/etc/subuid, /etc/subgid)\n",
			      (unsigned)s->ids.count,
			      (unsigned)s->ids.uid_start,
			      (unsigned)s->ids.gid_start);
		return;
	}
	if (s->rootless) {
		(void)fprintf(f,
			      "capejail: host ids: rootless, the jail's user "
			      "is the caller's own uid and gid: %s\n",
			      s->ids.why ? s->ids.why : "");
		return;
	}
	if (hostids_range(&h, &err) < 0) {
		(void)fprintf(f, "capejail: host ids: %s\n", err.msg);
		return;
	}
	(void)fprintf(f,
		      "capejail: host ids: the jail's ids 0-%u are host ids of "
		      "its own, one of %u ranges from uid %u, gid %u (%s)\n",
		      CJ_JAIL_IDS - 1, h.slots, (unsigned)h.uid_start,
		      (unsigned)h.gid_start,
		      h.from_subid ? "capejail's entry in /etc/subuid"
				   : "built-in: /etc/subuid has no capejail "
				     "entry");
}

void describe_run(FILE *f, const struct jail_spec *s,
		  const struct cj_effective *eff)
{
	(void)fprintf(f, "capejail: root: ");
	if (s->fs.root)
		(void)fprintf(f, "%s (nosuid, nodev)\n", s->fs.root);
	else {
		(void)fprintf(f, "the host's /usr and /etc read-only, "
				 "/tmp a private tmpfs of ");
		put_size(f, s->fs.tmp_size);
		(void)fprintf(f, "\n");
	}
	(void)fprintf(f, "capejail: user: %s, without capabilities\n",
		      s->user ? s->user : "nobody");
	describe_ids(f, s);
	(void)fprintf(f, "capejail: directory: %s\n",
		      s->fs.chdir  ? s->fs.chdir
		      : s->fs.root ? "/"
				   : "/tmp");
	describe_mounts(f, s);
	(void)fprintf(f, "capejail: network: %s\n",
		      s->share_net ? "the host's (--share-net)"
		      : s->net_user
			  ? "user-mode (slirp4netns): outbound TCP and UDP, "
			    "DNS at 10.0.2.3; not the host's loopback, not "
			    "169.254.0.0/16, nothing inbound"
			  : "none (loopback only)");
	describe_limits(f, s);
	describe_policy(f, s, eff);
	describe_kernel(f);
}

void describe_memory_fallback(FILE *f, const struct jail_spec *s)
{
	(void)fprintf(f,
		      "capejail: memory: no memory cgroup here%s: the "
		      "default limit is RLIMIT_DATA of ",
		      s->rootless ? " (rootless, none delegated)" : "");
	put_size(f, s->limits.memory);
	(void)fprintf(f, " per process, not of the whole jail\n");
}

void describe_end(FILE *f, const struct cj_outcome *o)
{
	(void)fprintf(f, "capejail: ");
	switch (o->kind) {
	case CJ_ST_EXITED:
		(void)fprintf(f, "the program exited with %d", o->exit_code);
		break;
	case CJ_ST_SIGNALED:
		(void)fprintf(f, "the program was killed by SIG%s",
			      sigabbrev_np(o->signal) ? sigabbrev_np(o->signal)
						      : "?");
		break;
	case CJ_ST_VIOLATION:
		(void)fprintf(f, "the jail was killed: %s",
			      o->v_syscall[0] ? o->v_syscall : "another ABI");
		break;
	case CJ_ST_TIMEOUT:
		(void)fprintf(f, "the jail was killed: a time limit");
		break;
	case CJ_ST_OOM:
		(void)fprintf(f, "the jail was killed: out of memory");
		break;
	case CJ_ST_SETUP_ERROR:
	default:
		(void)fprintf(f, "the jail could not be set up");
		break;
	}
	if (o->kind != CJ_ST_EXITED)
		(void)fprintf(f, " (exit status %d)", o->exit_code);
	(void)fprintf(f, " after %" PRIu64 " ms\n", o->wall_ms);
}
