/* cli.c - options -> struct cj_command (a jail_spec, or another command). Pure,
 * so unit tests can drive it. */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <unistd.h>

#include "mkroot.h"
#include "kinds.h"
#include "policy.h"

#include "banned.h"

enum {
	OPT_SHARE_NET = 256,
	OPT_ALLOW,
	OPT_BLOCK,
	OPT_POLICY,
	OPT_BLOCKED_ERRNO,
	OPT_ON_BLOCKED,
	OPT_PRINT_POLICY,
	OPT_MEMORY,
	OPT_PIDS,
	OPT_CPUS,
	OPT_CPU_TIME,
	OPT_TIME_LIMIT,
	OPT_RLIMIT,
	OPT_TMP_SIZE,
	OPT_REPORT,
	OPT_LEARN,
	OPT_LEARN_OUT,
	OPT_KILL_AFTER,
	OPT_MKROOT,
	OPT_MKROOT_FROM,
	OPT_MKROOT_ADD,
	OPT_MKROOT_SUITE,
	OPT_MKROOT_MIRROR,
	OPT_MKROOT_INCLUDE,
	OPT_TIMINGS,
	OPT_HOSTNAME,
	OPT_NET,
	OPT_ROOTLESS_IDS,
	/* OPT_MOUNT + enum cj_mount_kind: the mount options. */
	OPT_MOUNT = 512,
};

static const struct option long_opts[] = {
    {"root", required_argument, NULL, 'r'},
    {"user", required_argument, NULL, 'u'},
    {"chdir", required_argument, NULL, 'd'},
    {"env", required_argument, NULL, 'e'},
    {"no-network", no_argument, NULL, 'n'},
    {"share-net", no_argument, NULL, OPT_SHARE_NET},
    {"allow", required_argument, NULL, OPT_ALLOW},
    {"block", required_argument, NULL, OPT_BLOCK},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"blocked-errno", required_argument, NULL, OPT_BLOCKED_ERRNO},
    {"on-blocked", required_argument, NULL, OPT_ON_BLOCKED},
    {"print-policy", required_argument, NULL, OPT_PRINT_POLICY},
    {"memory", required_argument, NULL, OPT_MEMORY},
    {"pids", required_argument, NULL, OPT_PIDS},
    {"cpus", required_argument, NULL, OPT_CPUS},
    {"cpu-time", required_argument, NULL, OPT_CPU_TIME},
    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
    {"rlimit", required_argument, NULL, OPT_RLIMIT},
    {"tmp-size", required_argument, NULL, OPT_TMP_SIZE},
    {"bind", required_argument, NULL, OPT_MOUNT + CJ_BIND},
    {"ro-bind", required_argument, NULL, OPT_MOUNT + CJ_RO_BIND},
    {"ro-bind-try", required_argument, NULL, OPT_MOUNT + CJ_RO_BIND_TRY},
    {"tmpfs", required_argument, NULL, OPT_MOUNT + CJ_TMPFS},
    {"report", required_argument, NULL, OPT_REPORT},
    {"learn", optional_argument, NULL, OPT_LEARN},
    {"learn-out", required_argument, NULL, OPT_LEARN_OUT},
    {"kill-after", required_argument, NULL, OPT_KILL_AFTER},
    {"mkroot", required_argument, NULL, OPT_MKROOT},
    {"mkroot-from", required_argument, NULL, OPT_MKROOT_FROM},
    {"mkroot-add", required_argument, NULL, OPT_MKROOT_ADD},
    {"mkroot-suite", required_argument, NULL, OPT_MKROOT_SUITE},
    {"mkroot-mirror", required_argument, NULL, OPT_MKROOT_MIRROR},
    {"mkroot-include", required_argument, NULL, OPT_MKROOT_INCLUDE},
    {"timings", no_argument, NULL, OPT_TIMINGS},
    {"hostname", required_argument, NULL, OPT_HOSTNAME},
    {"net", required_argument, NULL, OPT_NET},
    {"rootless-ids", required_argument, NULL, OPT_ROOTLESS_IDS},
    {"workdir", required_argument, NULL, 'w'},
    {"insecure", no_argument, NULL, 'I'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* -e KEY=VALUE, or -e KEY: the caller's value of KEY, if it has one (as
 * docker run -e KEY). */
static int check_env(const char *kv, struct cj_err *err)
{
	const char *eq = strchr(kv, '=');

	if (eq == kv || kv[0] == '\0')
		return cj_fail(err, CJ_EXIT_SETUP, "-e %s: empty variable name",
			       kv);
	return 0;
}

/* --hostname: a name sethostname takes (1 to 64 bytes) and a resolver
 * would: letters, digits, '-' and '.', not starting with '-' or '.'. */
static int check_hostname(const char *name, struct cj_err *err)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--hostname %s: 1 to 64 characters", name);
	if (name[0] == '-' || name[0] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != n)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--hostname %s: letters, digits, '-' and '.' "
			       "only, not first '-' or '.'",
			       name);
	return 0;
}

/* --rlimit NAME=SOFT[:HARD] */
static int add_rlimit(struct jail_spec *spec, const char *arg,
		      struct cj_err *err)
{
	const char *eq = strchr(arg, '=');
	const struct cj_rlimit_info *r;
	struct jail_limits *lim = &spec->limits;
	char soft[64], *colon;
	uint64_t lo, hi;

	if (eq == NULL)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %s: expected NAME=SOFT[:HARD]", arg);
	r = rlimit_by_name(arg, (size_t)(eq - arg));
	if (r == NULL)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %.*s: unknown (nofile, fsize, nproc, "
			       "core, stack, as, memlock, cpu, data, "
			       "sigpending, msgqueue)",
			       (int)(eq - arg), arg);
	if (snprintf(soft, sizeof(soft), "%s", eq + 1) >= (int)sizeof(soft))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %s: value too long", arg);
	colon = strchr(soft, ':');
	if (colon != NULL)
		*colon = '\0';
	if (cli_parse_rlim(soft, r->size, &lo) < 0 ||
	    (colon != NULL && cli_parse_rlim(colon + 1, r->size, &hi) < 0))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %s: expected a number%s or unlimited",
			       arg, r->size ? " (K, M, G allowed)" : "");
	if (colon == NULL)
		hi = lo;
	if (lo > hi)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %s: the soft limit is above the hard "
			       "one",
			       arg);
	if (lim->n_rlimits == CJ_MAX_RLIMITS)
		return cj_fail(err, CJ_EXIT_SETUP, "--rlimit: too many");
	lim->rlimits[lim->n_rlimits].resource = r->resource;
	lim->rlimits[lim->n_rlimits].soft = lo;
	lim->rlimits[lim->n_rlimits].hard = hi;
	lim->n_rlimits++;
	return 0;
}

/* A user mount of kind k (mountkind.h) from its option's argument. */
static int add_mount(struct jail_spec *spec, enum cj_mount_kind kind,
		     const char *arg, struct cj_err *err)
{
	const struct cj_mount_info *k = mount_kind(kind);
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	struct jail_mount *m;

	if (spec->fs.n_mounts == CJ_MAX_MOUNTS)
		return cj_fail(err, CJ_EXIT_SETUP, "%s: more than %d mounts",
			       k->option, CJ_MAX_MOUNTS);
	if (n == 0 || ((k->flags & CJ_MNT_WORKDIR) && colon != NULL))
		return cj_fail(err, CJ_EXIT_SETUP, "%s %s: expected %s",
			       k->option, arg, k->syntax);
	m = &spec->fs.mounts[spec->fs.n_mounts];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	if (k->flags & CJ_MNT_TMPFS) {
		m->size = k->default_size;
		if (colon != NULL &&
		    (cli_parse_size(colon + 1, &m->size) < 0 || m->size == 0))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s %s: expected a size like 64M",
				       k->option, arg);
		m->dst = strndup(arg, n);
	} else {
		m->src = strndup(arg, n);
		m->dst = strdup((k->flags & CJ_MNT_WORKDIR) ? "/work"
				: colon			    ? colon + 1
							    : arg);
	}
	spec->fs.n_mounts++; /* cli_free frees what is there */
	if (m->dst == NULL || ((k->flags & CJ_MNT_SOURCE) && m->src == NULL))
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (m->dst[0] != '/')
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s %s: the path in the jail (%s) must be "
			       "absolute",
			       k->option, arg, m->dst);
	if ((k->flags & CJ_MNT_WORKDIR) && spec->fs.chdir == NULL)
		spec->fs.chdir = "/work";
	return 0;
}

/* A positive amount for a limit option: size, count, or seconds. */
static int limit_value(const char *opt, const char *val, int kind,
		       uint64_t *out, struct cj_err *err)
{
	static const char *const what[] = {"a size like 256M", "a whole number",
					   "seconds, fractions allowed"};
	uint64_t v;
	int rc;

	if (kind == 0)
		rc = cli_parse_size(val, &v);
	else if (kind == 1)
		rc = cli_parse_count(val, &v);
	else
		rc = cli_parse_milli(val, &v);
	if (rc == -2)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s %s: too large (at most 16 EiB)", opt, val);
	if (rc < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "%s %s: expected %s", opt,
			       val, what[kind]);
	if (v == 0)
		return cj_fail(err, CJ_EXIT_SETUP, "%s %s: must be above 0",
			       opt, val);
	*out = v;
	return 0;
}

/* --allow/--block NAME[,NAME...]: each name is kept as "+name" or "-name"
 * pointing into a copy; names are checked against the policy later. */
static int add_overrides(struct jail_spec *spec, char sign, const char *list,
			 struct cj_err *err)
{
	const char *p = list;

	if (*list == '\0')
		return cj_fail(err, CJ_EXIT_SETUP, "--%s: empty argument",
			       sign == '+' ? "allow" : "block");
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *o;

		if (n == 0 || n >= CJ_NAME_MAX)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--%s %s: expected NAME[,NAME...]",
				       sign == '+' ? "allow" : "block", list);
		if (spec->policy.n_overrides == CJ_MAX_OVERRIDES)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "more than %d --allow/--block names",
				       CJ_MAX_OVERRIDES);
		o = malloc(n + 2);
		if (o == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		o[0] = sign;
		memcpy(o + 1, p, n);
		o[n + 1] = '\0';
		spec->policy.overrides[spec->policy.n_overrides++] = o;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int check_nonempty(const char *opt, const char *val, struct cj_err *err)
{
	if (val[0] == '\0')
		return cj_fail(err, CJ_EXIT_SETUP, "%s: empty argument", opt);
	return 0;
}

/* An option error, named as the user wrote it: "--name" for a long option
 * (without any "=value"), "-c" for a short one. */
static int bad_option(const char *arg, int opt, const char *why,
		      struct cj_err *err)
{
	if (strncmp(arg, "--", 2) == 0) {
		const char *eq = strchr(arg, '=');
		int len = eq ? (int)(eq - arg) : (int)strlen(arg);

		if (why == NULL && eq != NULL && opt != 0)
			why = "takes no argument";
		return cj_fail(err, CJ_EXIT_SETUP, "%.*s: %s (see --help)", len,
			       arg, why ? why : "unknown option");
	}
	return cj_fail(err, CJ_EXIT_SETUP, "-%c: %s (see --help)", opt,
		       why ? why : "unknown option");
}

/* --mkroot-include PKG[,PKG...]: package names only (no option can be
 * slipped into debootstrap's command line). */
static int check_packages(const char *list, struct cj_err *err)
{
	const char *p = list;

	do {
		size_t n = strcspn(p, ",");

		if (!mkroot_valid_name(p, n))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-include %s: expected "
				       "PKG[,PKG...] (Debian package names)",
				       list);
		p += n;
	} while (*p++ == ',');
	return 0;
}

/* The --mkroot options, once the command line is read: they go together,
 * and with no option of a run. run_opt is the first option of a run given
 * (0: none), mk_opt the first --mkroot-* one. */
static int check_mkroot(const struct mkroot_spec *ms, char *argv[], int run_opt,
			int mk_opt, struct cj_err *err)
{
	if (ms->dir == NULL) {
		if (mk_opt == 0)
			return 0;
		return cj_fail(err, CJ_EXIT_SETUP, "%.*s: only with --mkroot",
			       (int)strcspn(argv[mk_opt], "="), argv[mk_opt]);
	}
	if (run_opt != 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%.*s: an option of a run; --mkroot builds a "
			       "root and runs nothing",
			       (int)strcspn(argv[run_opt], "="), argv[run_opt]);
	if (ms->debootstrap) {
		if (ms->n_add > 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-add: only with --mkroot-from "
				       "host");
		if (ms->programs != NULL && ms->programs[0] != NULL)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-from debootstrap takes no "
				       "PROGRAM (%s); add packages with "
				       "--mkroot-include",
				       ms->programs[0]);
	} else if (ms->suite != NULL || ms->mirror != NULL ||
		   ms->include != NULL) {
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--mkroot-suite, --mkroot-mirror and "
			       "--mkroot-include: only with --mkroot-from "
			       "debootstrap");
	}
	return 0;
}

/* The --mkroot options. */
static int mkroot_option(struct mkroot_spec *ms, int c, const char *arg,
			 struct cj_err *err)
{
	switch (c) {
	case OPT_MKROOT:
		if (check_nonempty("--mkroot", arg, err) < 0)
			return -1;
		ms->dir = arg;
		return 0;
	case OPT_MKROOT_FROM:
		if (strcmp(arg, "host") != 0 && strcmp(arg, "debootstrap") != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-from %s: expected host or "
				       "debootstrap",
				       arg);
		ms->debootstrap = strcmp(arg, "debootstrap") == 0;
		return 0;
	case OPT_MKROOT_ADD:
		if (check_nonempty("--mkroot-add", arg, err) < 0)
			return -1;
		if (ms->n_add == CJ_MAX_MKROOT_ADD)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-add: more than %d",
				       CJ_MAX_MKROOT_ADD);
		ms->add[ms->n_add++] = arg;
		return 0;
	case OPT_MKROOT_SUITE:
		if (!mkroot_valid_name(arg, strlen(arg)))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-suite %s: expected a suite "
				       "name (bookworm, stable)",
				       arg);
		ms->suite = arg;
		return 0;
	case OPT_MKROOT_MIRROR:
		if (strncmp(arg, "http://", 7) != 0 &&
		    strncmp(arg, "https://", 8) != 0 &&
		    strncmp(arg, "ftp://", 6) != 0 &&
		    strncmp(arg, "file:/", 6) != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-mirror %s: expected an "
				       "http(s)://, ftp:// or file:/ URL",
				       arg);
		ms->mirror = arg;
		return 0;
	default:
		if (check_packages(arg, err) < 0)
			return -1;
		ms->include = arg;
		return 0;
	}
}

/* The options of what the jail is: root, user, directory, environment,
 * network, mounts; and what capejail says about the run. 1 if c is one of
 * them (done), 0 if not, -1 on error. */
static int run_option(struct jail_spec *spec, int c, const char *oa,
		      struct cj_err *err)
{
	switch (c) {
	case 'r':
		if (check_nonempty("--root", oa, err) < 0)
			return -1;
		spec->fs.root = oa;
		return 1;
	case 'u':
		if (check_nonempty("--user", oa, err) < 0)
			return -1;
		spec->user = oa;
		return 1;
	case 'd':
		if (check_nonempty("--chdir", oa, err) < 0)
			return -1;
		spec->fs.chdir = oa;
		return 1;
	case OPT_HOSTNAME:
		if (check_hostname(oa, err) < 0)
			return -1;
		spec->fs.hostname = oa;
		return 1;
	case 'e':
		if (check_env(oa, err) < 0)
			return -1;
		if (spec->n_env == CJ_MAX_ENV)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "-e: more than %d variables",
				       CJ_MAX_ENV);
		spec->env[spec->n_env++] = oa;
		return 1;
	case 'n':
		spec->share_net = spec->net_user = false;
		return 1;
	case OPT_SHARE_NET:
		spec->share_net = true;
		spec->net_user = false;
		return 1;
	case OPT_NET:
		/* --net none (-n), host (--share-net) or user: a network
		 * namespace of its own behind a user-mode stack (netns.h). */
		if (strcmp(oa, "none") != 0 && strcmp(oa, "host") != 0 &&
		    strcmp(oa, "user") != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--net %s: expected none, host or user",
				       oa);
		spec->share_net = strcmp(oa, "host") == 0;
		spec->net_user = strcmp(oa, "user") == 0;
		return 1;
	case OPT_ROOTLESS_IDS:
		/* Rootless only: root mode gives every jail host ids of its
		 * own anyway (hostids.h). */
		if (strcmp(oa, "auto") == 0)
			spec->want_ids = CJ_IDS_AUTO;
		else if (strcmp(oa, "caller") == 0)
			spec->want_ids = CJ_IDS_CALLER;
		else if (strcmp(oa, "subordinate") == 0)
			spec->want_ids = CJ_IDS_SUBORDINATE;
		else
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--rootless-ids %s: expected auto, "
				       "caller or subordinate",
				       oa);
		return 1;
	case 'w':
		return add_mount(spec, CJ_WORKDIR, oa, err) < 0 ? -1 : 1;
	case OPT_REPORT:
		if (check_nonempty("--report", oa, err) < 0)
			return -1;
		spec->report_path = oa;
		return 1;
	case OPT_TIMINGS:
		spec->timings = true;
		return 1;
	case 'q':
		spec->verbosity = CJ_QUIET;
		return 1;
	case 'v':
		spec->verbosity = CJ_VERBOSE;
		return 1;
	default:
		/* The mount kinds: OPT_MOUNT + enum cj_mount_kind. */
		if (c > OPT_MOUNT && c <= OPT_MOUNT + CJ_WORKDIR)
			return add_mount(spec,
					 (enum cj_mount_kind)(c - OPT_MOUNT),
					 oa, err) < 0
				   ? -1
				   : 1;
		return 0;
	}
}

uint64_t cli_default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	uint64_t half;

	if (pages <= 0 || size <= 0)
		return CJ_DEFAULT_MEMORY_MAX;
	half = (uint64_t)pages / 2 * (uint64_t)size;
	return half < CJ_DEFAULT_MEMORY_MAX ? half : CJ_DEFAULT_MEMORY_MAX;
}

/* The limits' options: as run_option. */
static int limit_option(struct jail_spec *spec, int c, const char *oa,
			struct cj_err *err)
{
	struct jail_limits *lim = &spec->limits;

	switch (c) {
	case OPT_MEMORY:
		lim->memory_set = true;
		if (strcmp(oa, "unlimited") == 0) {
			lim->memory = 0;
			return 1;
		}
		if (limit_value("--memory", oa, 0, &lim->memory, err) < 0)
			return -1;
		/* Less, and not even the jail's init starts: the run would
		 * only end in "out of memory". */
		if (lim->memory < CJ_MIN_MEMORY)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--memory %s: too small, at least 4M "
				       "(the jail's init and program must "
				       "start)",
				       oa);
		return 1;
	case OPT_PIDS:
		lim->pids_set = true;
		return limit_value("--pids", oa, 1, &lim->pids, err) < 0 ? -1
									 : 1;
	case OPT_CPUS:
		return limit_value("--cpus", oa, 2, &lim->cpus_milli, err) < 0
			   ? -1
			   : 1;
	case OPT_CPU_TIME:
		return limit_value("--cpu-time", oa, 2, &lim->cpu_time_ms,
				   err) < 0
			   ? -1
			   : 1;
	case OPT_TIME_LIMIT:
		return limit_value("--time-limit", oa, 2, &lim->time_limit_ms,
				   err) < 0
			   ? -1
			   : 1;
	case OPT_RLIMIT:
		return add_rlimit(spec, oa, err) < 0 ? -1 : 1;
	case OPT_KILL_AFTER:
		if (cli_parse_milli(oa, &lim->kill_after_ms) < 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--kill-after %s: expected seconds, "
				       "fractions allowed",
				       oa);
		return 1;
	case OPT_TMP_SIZE:
		if (limit_value("--tmp-size", oa, 0, &spec->fs.tmp_size, err) <
		    0)
			return -1;
		spec->fs.shm_size = spec->fs.tmp_size;
		return 1;
	default:
		return 0;
	}
}

/* The policy's options: as run_option. */
static int policy_option(struct jail_spec *spec, int c, const char *oa,
			 struct cj_err *err)
{
	switch (c) {
	case OPT_ALLOW:
	case OPT_BLOCK:
		return add_overrides(spec, c == OPT_ALLOW ? '+' : '-', oa,
				     err) < 0
			   ? -1
			   : 1;
	case OPT_POLICY:
		if (check_nonempty("--policy", oa, err) < 0)
			return -1;
		spec->policy.file = oa;
		return 1;
	case OPT_BLOCKED_ERRNO:
		if (policy_parse_errno(oa, &spec->policy.blocked_errno) < 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--blocked-errno %s: expected an errno "
				       "name (EPERM) or number (1-4095)",
				       oa);
		return 1;
	case OPT_ON_BLOCKED:
		if (strcmp(oa, "kill") != 0 && strcmp(oa, "errno") != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--on-blocked %s: expected kill or "
				       "errno",
				       oa);
		spec->policy.kill_blocked = strcmp(oa, "kill") == 0;
		return 1;
	case OPT_LEARN:
		/* Only --learn's argument is optional: optarg NULL. */
		if (optarg != NULL && strcmp(optarg, "all") != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--learn=%s: expected --learn or "
				       "--learn=all",
				       optarg);
		spec->policy.learn = optarg ? CJ_LEARN_ALL : CJ_LEARN;
		return 1;
	case OPT_LEARN_OUT:
		if (check_nonempty("--learn-out", oa, err) < 0)
			return -1;
		spec->learn_out = oa;
		return 1;
	case 'I':
		spec->policy.insecure = true;
		return 1;
	default:
		return 0;
	}
}

/* Options that contradict each other. */
static int check_run(const struct jail_spec *spec, struct cj_err *err)
{
	if (spec->learn_out != NULL && spec->policy.learn == CJ_LEARN_OFF)
		return cj_fail(err, CJ_EXIT_SETUP, "--learn-out needs --learn");
	if (spec->policy.learn != CJ_LEARN_OFF && spec->policy.insecure)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--learn needs the filter: not with -I");
	if (spec->policy.learn != CJ_LEARN_OFF && spec->policy.kill_blocked)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--learn and --on-blocked kill contradict each "
			       "other");
	return 0;
}

/* --print-policy FORMAT. */
static int print_option(enum cj_print_format *f, const char *oa,
			struct cj_err *err)
{
	static const char *const names[] = {[CJ_PRINT_MARKDOWN] = "markdown",
					    [CJ_PRINT_LIST] = "list",
					    [CJ_PRINT_OCI] = "oci"};

	for (size_t i = CJ_PRINT_MARKDOWN; i < sizeof(names) / sizeof(*names);
	     i++)
		if (strcmp(oa, names[i]) == 0) {
			*f = (enum cj_print_format)i;
			return 0;
		}
	return cj_fail(err, CJ_EXIT_SETUP,
		       "--print-policy %s: expected markdown, list or oci", oa);
}

static int parse(int argc, char *argv[], struct cj_command *cmd,
		 struct cj_err *err)
{
	struct jail_spec *spec = &cmd->run;
	int c, rc, run_opt = 0, mk_opt = 0, info = 0;

	memset(cmd, 0, sizeof(*cmd));
	spec->fs.tmp_size = CJ_DEFAULT_TMP_SIZE;
	spec->fs.hostname = CJ_DEFAULT_HOSTNAME;
	spec->limits.pids = CJ_DEFAULT_PIDS;
	spec->limits.memory = cli_default_memory();
	spec->fs.shm_size = CJ_DEFAULT_SHM_SIZE;
	spec->limits.kill_after_ms = CJ_DEFAULT_KILL_AFTER_MS;

	/* getopt keeps global state; start over on every call (tests call
	 * us many times). "+" stops at the first non-option: the program's
	 * own options are never ours. ":" reports a missing argument. */
	optind = 0;
	opterr = 0;
	for (;;) {
		/* The element getopt works on: for a long option it moves
		 * past it, within a cluster of short ones it stays. */
		int cur = optind > 0 ? optind : 1;
		const char *oa;

		c = getopt_long(argc, argv, "+:r:u:d:e:w:nIqvhV", long_opts,
				NULL);
		if (c == -1)
			break;
		/* Only --learn's argument is optional; "" stands for none. */
		oa = optarg != NULL ? optarg : "";
		if (c >= OPT_MKROOT && c <= OPT_MKROOT_INCLUDE) {
			if (c != OPT_MKROOT && mk_opt == 0)
				mk_opt = cur;
			if (mkroot_option(&cmd->mkroot, c, oa, err) < 0)
				return -1;
			continue;
		}
		if (run_opt == 0 && c != 'q' && c != 'v' && c != 'h' &&
		    c != 'V' && c != ':' && c != '?')
			run_opt = cur;
		if (c == OPT_PRINT_POLICY) {
			if (print_option(&cmd->print_policy, oa, err) < 0)
				return -1;
			continue;
		}
		rc = run_option(spec, c, oa, err);
		if (rc == 0)
			rc = limit_option(spec, c, oa, err);
		if (rc == 0)
			rc = policy_option(spec, c, oa, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		/* --help, --version: once every option is known good (a
		 * mistyped one beside them is still an error). */
		if (c == 'h' || c == 'V') {
			if (info == 0)
				info = c == 'h' ? CLI_HELP : CLI_VERSION;
			continue;
		}
		return bad_option(argv[cur], optopt,
				  c == ':' ? "missing argument" : NULL, err);
	}
	if (info != 0)
		return info;
	if (check_run(spec, err) < 0)
		return -1;
	if (cmd->mkroot.dir != NULL || mk_opt != 0) {
		/* the programs, maybe none */
		cmd->mkroot.programs = &argv[optind];
		if (check_mkroot(&cmd->mkroot, argv, run_opt, mk_opt, err) < 0)
			return -1;
		return CLI_MKROOT;
	}
	if (cmd->print_policy != CJ_PRINT_NONE)
		return CLI_PRINT_POLICY; /* no program needed */
	if (optind >= argc)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "no program given (usage: capejail [OPTION]... "
			       "-- PROGRAM [ARG]...)");
	if (argv[optind][0] == '\0')
		return cj_fail(err, CJ_EXIT_SETUP, "empty program name");
	spec->argv = &argv[optind];
	return CLI_RUN;
}

int cli_parse(int argc, char *argv[], struct cj_command *cmd,
	      struct cj_err *err)
{
	int rc = parse(argc, argv, cmd, err);

	if (rc < 0)
		cli_free(cmd); /* nothing half-parsed is left to the caller */
	return rc;
}

void cli_free(struct cj_command *cmd)
{
	struct jail_spec *spec = &cmd->run;

	for (size_t i = 0; i < spec->policy.n_overrides; i++)
		free((void *)(uintptr_t)spec->policy.overrides[i]);
	spec->policy.n_overrides = 0;
	for (size_t i = 0; i < spec->fs.n_mounts; i++) {
		free(spec->fs.mounts[i].src);
		free(spec->fs.mounts[i].dst);
	}
	spec->fs.n_mounts = 0;
}
