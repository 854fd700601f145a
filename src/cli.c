/* cli.c - options -> struct jail_spec. Pure, so unit tests can drive it. */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>

#include "mkroot.h"
#include "policy.h"

#include "banned.h"

const char cli_usage[] =
    "Usage: capejail [OPTION]... [--] PROGRAM [ARG]...\n"
    "       capejail --mkroot DIR [MKROOT-OPTION]... [--] [PROGRAM]...\n"
    "Run PROGRAM in a jail: its own root, namespaces, an unprivileged user\n"
    "without capabilities, and the seccomp policy of SYSCALLS.md.\n"
    "\n"
    "  -r, --root DIR       jail root (default: the host's /usr, /bin, /sbin,\n"
    "                       /lib*, /etc read-only and a private /tmp)\n"
    "  -u, --user USER      user in the jail: a name from the jail's\n"
    "                       /etc/passwd, or UID[:GID] (default: nobody)\n"
    "  -d, --chdir DIR      working directory in the jail (default: /, or "
    "/tmp\n"
    "                       on the default root)\n"
    "  -e, --env KEY=VALUE  add or override an environment variable\n"
    "      --bind SRC[:DST] host path SRC read-write at DST (default: SRC)\n"
    "      --ro-bind SRC[:DST]  the same, read-only\n"
    "      --tmpfs DST[:SIZE]   a private tmpfs at DST (default 64M)\n"
    "  -w, --workdir DIR    bind DIR read-write at /work and start there\n"
    "  -n, --no-network     no network (already the default; kept for\n"
    "                       compatibility)\n"
    "      --share-net      keep the host's network\n"
    "  -I, --insecure       no seccomp filter (debugging only; warns)\n"
    "      --allow NAME[,NAME...]  allow these syscalls for this run\n"
    "      --block NAME[,NAME...]  block these syscalls for this run\n"
    "      --policy FILE|NAME[,...]  entries in SYSCALLS.md's format that\n"
    "                       replace the built-in ones (./FILE, or a shipped\n"
    "                       policy: server, build)\n"
    "      --blocked-errno E  errno of a blocked syscall (default EPERM)\n"
    "      --on-blocked kill|errno  kill the jail on any blocked syscall\n"
    "      --print-policy markdown|list|oci  print the effective policy\n"
    "      --memory SIZE    memory (+swap) of the whole jail (256M, 2G)\n"
    "      --pids N         processes and threads in the jail (default 512)\n"
    "      --cpus N         CPU quota, fractions allowed (0.5, 2)\n"
    "      --cpu-time S     CPU seconds of the whole jail\n"
    "      --time-limit S   wall-clock seconds; then the jail is killed (124)\n"
    "      --rlimit NAME=SOFT[:HARD]  nofile, fsize, nproc, core, stack, as,\n"
    "                       memlock, cpu (sizes take K, M, G; unlimited)\n"
    "      --tmp-size SIZE  size of /tmp and /dev/shm (default 256M, 64M)\n"
    "      --report FILE    write how the run ended as JSON to FILE\n"
    "      --learn[=all]    let blocked syscalls run and list them at the end\n"
    "                       (=all: the \u26a0\ufe0f ones too; not a security "
    "boundary)\n"
    "      --learn-out FILE write what --learn saw as a policy to review\n"
    "      --kill-after S   after SIGTERM to capejail, the program has S\n"
    "                       seconds before the jail is killed (default 10)\n"
    "      --timings        print how long each launch step took (stderr)\n"
    "\n"
    "  --mkroot DIR         build a root directory for -r, run nothing: the\n"
    "                       PROGRAMs (default: sh and basic tools), found on\n"
    "                       PATH, their loader and libraries, a minimal /etc\n"
    "                       and /proc, /dev, /tmp (DIR: new or empty)\n"
    "      --mkroot-from host|debootstrap  copy from the host (default) or\n"
    "                       run debootstrap --variant=minbase\n"
    "      --mkroot-add PATH  also copy PATH, a file or a whole directory,\n"
    "                       with the libraries its programs need\n"
    "      --mkroot-suite SUITE  debootstrap suite (default: the host's)\n"
    "      --mkroot-mirror URL   debootstrap mirror (default: the host's apt\n"
    "                       source, or http://deb.debian.org/debian)\n"
    "      --mkroot-include PKG[,PKG...]  more packages for debootstrap\n"
    "\n"
    "  -q, --quiet          no line per blocked (EPERM) syscall\n"
    "  -v, --verbose        say what the jail will be, then how it "
    "ended\n"
    "  -h, --help           this text\n"
    "  -V, --version        version and policy hash\n"
    "\n"
    "Exit status: the program's own; 128+N if it died by signal N (159 when\n"
    "the policy killed it); 125 if the jail could not be set up; 126 if the\n"
    "program cannot be executed; 127 if it was not found.\n";

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
	OPT_BIND,
	OPT_RO_BIND,
	OPT_TMPFS,
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
    {"bind", required_argument, NULL, OPT_BIND},
    {"ro-bind", required_argument, NULL, OPT_RO_BIND},
    {"tmpfs", required_argument, NULL, OPT_TMPFS},
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
    {"workdir", required_argument, NULL, 'w'},
    {"insecure", no_argument, NULL, 'I'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static int check_env(const char *kv, struct cj_err *err)
{
	const char *eq = strchr(kv, '=');

	if (eq == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "-e %s: expected KEY=VALUE",
			       kv);
	if (eq == kv)
		return cj_fail(err, CJ_EXIT_SETUP, "-e %s: empty variable name",
			       kv);
	return 0;
}

/* A size: digits with an optional K, M, G or T (powers of 1024). */
int cli_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'K':
	case 'k':
		mult = 1ULL << 10;
		p++;
		break;
	case 'M':
	case 'm':
		mult = 1ULL << 20;
		p++;
		break;
	case 'G':
	case 'g':
		mult = 1ULL << 30;
		p++;
		break;
	case 'T':
	case 't':
		mult = 1ULL << 40;
		p++;
		break;
	default:
		break;
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0' || v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

/* A decimal with up to three places ("0.5", "2", "1.25") in thousandths. */
int cli_parse_milli(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int places = -1;

	if (*s < '0' || *s > '9')
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || places == 3 ||
		    v > UINT64_MAX / 10 - 9)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		if (places >= 0)
			places++;
	}
	for (int i = places < 0 ? 0 : places; i < 3; i++) {
		if (v > UINT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*out = v;
	return 0;
}

static const struct {
	const char *name;
	int resource;
	bool size; /* takes K, M, G */
} rlimit_names[] = {
    {"nofile", RLIMIT_NOFILE, false},  {"fsize", RLIMIT_FSIZE, true},
    {"nproc", RLIMIT_NPROC, false},    {"core", RLIMIT_CORE, true},
    {"stack", RLIMIT_STACK, true},     {"as", RLIMIT_AS, true},
    {"memlock", RLIMIT_MEMLOCK, true}, {"cpu", RLIMIT_CPU, false},
};

const char *cli_rlimit_name(int resource)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(*rlimit_names);
	     i++)
		if (rlimit_names[i].resource == resource)
			return rlimit_names[i].name;
	return "?";
}

/* A whole number: digits only, no size suffix. */
static int parse_count(const char *s, uint64_t *out)
{
	size_t n = strlen(s);

	if (n == 0 || s[n - 1] < '0' || s[n - 1] > '9')
		return -1;
	return cli_parse_size(s, out);
}

static int parse_rlim_value(const char *s, bool size, uint64_t *out)
{
	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	return size ? cli_parse_size(s, out) : parse_count(s, out);
}

/* --rlimit NAME=SOFT[:HARD] */
static int add_rlimit(struct jail_spec *spec, const char *arg,
		      struct cj_err *err)
{
	const char *eq = strchr(arg, '=');
	char soft[64], *colon;
	size_t n;

	if (eq == NULL)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--rlimit %s: expected NAME=SOFT[:HARD]", arg);
	n = (size_t)(eq - arg);
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(*rlimit_names);
	     i++) {
		uint64_t lo, hi;

		if (strlen(rlimit_names[i].name) != n ||
		    strncmp(arg, rlimit_names[i].name, n) != 0)
			continue;
		if (snprintf(soft, sizeof(soft), "%s", eq + 1) >=
		    (int)sizeof(soft))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--rlimit %s: value too long", arg);
		colon = strchr(soft, ':');
		if (colon != NULL)
			*colon = '\0';
		if (parse_rlim_value(soft, rlimit_names[i].size, &lo) < 0 ||
		    (colon != NULL &&
		     parse_rlim_value(colon + 1, rlimit_names[i].size, &hi) <
			 0))
			return cj_fail(
			    err, CJ_EXIT_SETUP,
			    "--rlimit %s: expected a number%s or "
			    "unlimited",
			    arg,
			    rlimit_names[i].size ? " (K, M, G allowed)" : "");
		if (colon == NULL)
			hi = lo;
		if (lo > hi)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--rlimit %s: the soft limit is above "
				       "the hard one",
				       arg);
		if (spec->n_rlimits == CJ_MAX_RLIMITS)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--rlimit: too many");
		spec->rlimits[spec->n_rlimits].resource =
		    rlimit_names[i].resource;
		spec->rlimits[spec->n_rlimits].soft = lo;
		spec->rlimits[spec->n_rlimits].hard = hi;
		spec->n_rlimits++;
		return 0;
	}
	return cj_fail(err, CJ_EXIT_SETUP,
		       "--rlimit %.*s: unknown (nofile, fsize, nproc, core, "
		       "stack, as, memlock, cpu)",
		       (int)n, arg);
}

/* --bind SRC[:DST], --ro-bind SRC[:DST], --tmpfs DST[:SIZE], -w DIR. */
static int add_mount(struct jail_spec *spec, int c, const char *arg,
		     struct cj_err *err)
{
	const char *opt = c == OPT_BIND	     ? "--bind"
			  : c == OPT_RO_BIND ? "--ro-bind"
			  : c == OPT_TMPFS   ? "--tmpfs"
					     : "--workdir";
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	struct jail_mount *m;

	if (spec->n_mounts == CJ_MAX_MOUNTS)
		return cj_fail(err, CJ_EXIT_SETUP, "%s: more than %d mounts",
			       opt, CJ_MAX_MOUNTS);
	if (n == 0 || (c == 'w' && colon != NULL))
		return cj_fail(err, CJ_EXIT_SETUP, "%s %s: expected %s", opt,
			       arg,
			       c == OPT_TMPFS ? "DST[:SIZE]"
			       : c == 'w'     ? "DIR"
					      : "SRC[:DST]");
	m = &spec->mounts[spec->n_mounts];
	memset(m, 0, sizeof(*m));
	if (c == OPT_TMPFS) {
		m->kind = CJ_TMPFS;
		m->size = CJ_DEFAULT_SHM_SIZE;
		if (colon != NULL &&
		    (cli_parse_size(colon + 1, &m->size) < 0 || m->size == 0))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s %s: expected a size like 64M", opt,
				       arg);
		m->dst = strndup(arg, n);
	} else {
		m->kind = c == OPT_RO_BIND ? CJ_RO_BIND : CJ_BIND;
		m->src = strndup(arg, n);
		m->dst = strdup(c == 'w' ? "/work" : colon ? colon + 1 : arg);
	}
	spec->n_mounts++; /* cli_free frees what is there */
	if (m->dst == NULL || (m->kind != CJ_TMPFS && m->src == NULL))
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (m->dst[0] != '/')
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s %s: the path in the jail (%s) must be "
			       "absolute",
			       opt, arg, m->dst);
	if (c == 'w' && spec->chdir == NULL)
		spec->chdir = "/work";
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
		rc = parse_count(val, &v);
	else
		rc = cli_parse_milli(val, &v);
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
		if (spec->n_overrides == CJ_MAX_OVERRIDES)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "more than %d --allow/--block names",
				       CJ_MAX_OVERRIDES);
		o = malloc(n + 2);
		if (o == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
		o[0] = sign;
		memcpy(o + 1, p, n);
		o[n + 1] = '\0';
		spec->overrides[spec->n_overrides++] = o;
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
static int check_mkroot(const struct jail_spec *spec, char *argv[], int run_opt,
			int mk_opt, struct cj_err *err)
{
	if (spec->mkroot == NULL) {
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
	if (spec->mkroot_debootstrap) {
		if (spec->n_mkroot_add > 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-add: only with --mkroot-from "
				       "host");
		if (spec->argv != NULL && spec->argv[0] != NULL)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-from debootstrap takes no "
				       "PROGRAM (%s); add packages with "
				       "--mkroot-include",
				       spec->argv[0]);
	} else if (spec->mkroot_suite != NULL || spec->mkroot_mirror != NULL ||
		   spec->mkroot_include != NULL) {
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--mkroot-suite, --mkroot-mirror and "
			       "--mkroot-include: only with --mkroot-from "
			       "debootstrap");
	}
	return 0;
}

/* The --mkroot options. */
static int mkroot_option(struct jail_spec *spec, int c, const char *arg,
			 struct cj_err *err)
{
	switch (c) {
	case OPT_MKROOT:
		if (check_nonempty("--mkroot", arg, err) < 0)
			return -1;
		spec->mkroot = arg;
		return 0;
	case OPT_MKROOT_FROM:
		if (strcmp(arg, "host") != 0 && strcmp(arg, "debootstrap") != 0)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-from %s: expected host or "
				       "debootstrap",
				       arg);
		spec->mkroot_debootstrap = strcmp(arg, "debootstrap") == 0;
		return 0;
	case OPT_MKROOT_ADD:
		if (check_nonempty("--mkroot-add", arg, err) < 0)
			return -1;
		if (spec->n_mkroot_add == CJ_MAX_MKROOT_ADD)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-add: more than %d",
				       CJ_MAX_MKROOT_ADD);
		spec->mkroot_add[spec->n_mkroot_add++] = arg;
		return 0;
	case OPT_MKROOT_SUITE:
		if (!mkroot_valid_name(arg, strlen(arg)))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--mkroot-suite %s: expected a suite "
				       "name (bookworm, stable)",
				       arg);
		spec->mkroot_suite = arg;
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
		spec->mkroot_mirror = arg;
		return 0;
	default:
		if (check_packages(arg, err) < 0)
			return -1;
		spec->mkroot_include = arg;
		return 0;
	}
}

static int parse(int argc, char *argv[], struct jail_spec *spec,
		 struct cj_err *err)
{
	int c, run_opt = 0, mk_opt = 0;

	memset(spec, 0, sizeof(*spec));
	spec->tmp_size = CJ_DEFAULT_TMP_SIZE;
	spec->pids = CJ_DEFAULT_PIDS;
	spec->shm_size = CJ_DEFAULT_SHM_SIZE;
	spec->kill_after_ms = CJ_DEFAULT_KILL_AFTER_MS;

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
			if (mkroot_option(spec, c, oa, err) < 0)
				return -1;
			continue;
		}
		if (run_opt == 0 && c != 'q' && c != 'v' && c != 'h' &&
		    c != 'V' && c != ':' && c != '?')
			run_opt = cur;
		switch (c) {
		case 'r':
			if (check_nonempty("--root", oa, err) < 0)
				return -1;
			spec->root = oa;
			break;
		case 'u':
			if (check_nonempty("--user", oa, err) < 0)
				return -1;
			spec->user = oa;
			break;
		case 'd':
			if (check_nonempty("--chdir", oa, err) < 0)
				return -1;
			spec->chdir = oa;
			break;
		case 'e':
			if (check_env(oa, err) < 0)
				return -1;
			if (spec->n_env == CJ_MAX_ENV)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "-e: more than %d variables",
					       CJ_MAX_ENV);
			spec->env[spec->n_env++] = oa;
			break;
		case 'n':
			spec->share_net = false;
			break;
		case OPT_SHARE_NET:
			spec->share_net = true;
			break;
		case OPT_ALLOW:
		case OPT_BLOCK:
			if (add_overrides(spec, c == OPT_ALLOW ? '+' : '-', oa,
					  err) < 0)
				return -1;
			break;
		case OPT_POLICY:
			if (check_nonempty("--policy", oa, err) < 0)
				return -1;
			spec->policy_file = oa;
			break;
		case OPT_BLOCKED_ERRNO:
			if (policy_parse_errno(oa, &spec->blocked_errno) < 0)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "--blocked-errno %s: expected "
					       "an errno name (EPERM) or "
					       "number (1-4095)",
					       oa);
			break;
		case OPT_ON_BLOCKED:
			if (strcmp(oa, "kill") != 0 && strcmp(oa, "errno") != 0)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "--on-blocked %s: expected kill "
					       "or errno",
					       oa);
			spec->kill_blocked = strcmp(oa, "kill") == 0;
			break;
		case OPT_MEMORY:
			if (limit_value("--memory", oa, 0, &spec->memory, err) <
			    0)
				return -1;
			break;
		case OPT_PIDS:
			if (limit_value("--pids", oa, 1, &spec->pids, err) < 0)
				return -1;
			spec->pids_set = true;
			break;
		case OPT_CPUS:
			if (limit_value("--cpus", oa, 2, &spec->cpus_milli,
					err) < 0)
				return -1;
			break;
		case OPT_CPU_TIME:
			if (limit_value("--cpu-time", oa, 2, &spec->cpu_time_ms,
					err) < 0)
				return -1;
			break;
		case OPT_TIME_LIMIT:
			if (limit_value("--time-limit", oa, 2,
					&spec->time_limit_ms, err) < 0)
				return -1;
			break;
		case OPT_RLIMIT:
			if (add_rlimit(spec, oa, err) < 0)
				return -1;
			break;
		case OPT_BIND:
		case OPT_RO_BIND:
		case OPT_TMPFS:
		case 'w':
			if (add_mount(spec, c, oa, err) < 0)
				return -1;
			break;
		case OPT_REPORT:
			if (check_nonempty("--report", oa, err) < 0)
				return -1;
			spec->report_path = oa;
			break;
		case OPT_LEARN:
			if (optarg != NULL && strcmp(optarg, "all") != 0)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "--learn=%s: expected --learn "
					       "or --learn=all",
					       optarg);
			spec->learn = optarg ? CJ_LEARN_ALL : CJ_LEARN;
			break;
		case OPT_LEARN_OUT:
			if (check_nonempty("--learn-out", oa, err) < 0)
				return -1;
			spec->learn_out = oa;
			break;
		case OPT_KILL_AFTER:
			if (cli_parse_milli(oa, &spec->kill_after_ms) < 0)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "--kill-after %s: expected "
					       "seconds, fractions allowed",
					       oa);
			break;
		case OPT_TIMINGS:
			spec->timings = true;
			break;
		case OPT_TMP_SIZE:
			if (limit_value("--tmp-size", oa, 0, &spec->tmp_size,
					err) < 0)
				return -1;
			spec->shm_size = spec->tmp_size;
			break;
		case OPT_PRINT_POLICY:
			if (strcmp(oa, "markdown") != 0 &&
			    strcmp(oa, "list") != 0 && strcmp(oa, "oci") != 0)
				return cj_fail(err, CJ_EXIT_SETUP,
					       "--print-policy %s: expected "
					       "markdown, list or oci",
					       oa);
			spec->print_policy = oa;
			break;
		case 'I':
			spec->insecure = true;
			break;
		case 'q':
			spec->verbosity = CJ_QUIET;
			break;
		case 'v':
			spec->verbosity = CJ_VERBOSE;
			break;
		case 'h':
			return CLI_HELP;
		case 'V':
			return CLI_VERSION;
		case ':':
			return bad_option(argv[cur], optopt, "missing argument",
					  err);
		default:
			return bad_option(argv[cur], optopt, NULL, err);
		}
	}
	if (spec->learn_out != NULL && spec->learn == CJ_LEARN_OFF)
		return cj_fail(err, CJ_EXIT_SETUP, "--learn-out needs --learn");
	if (spec->learn != CJ_LEARN_OFF && spec->insecure)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--learn needs the filter: not with -I");
	if (spec->learn != CJ_LEARN_OFF && spec->kill_blocked)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--learn and --on-blocked kill contradict each "
			       "other");
	if (spec->mkroot != NULL || mk_opt != 0) {
		spec->argv = &argv[optind]; /* the programs, maybe none */
		if (check_mkroot(spec, argv, run_opt, mk_opt, err) < 0)
			return -1;
		return CLI_MKROOT;
	}
	if (spec->print_policy != NULL)
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

int cli_parse(int argc, char *argv[], struct jail_spec *spec,
	      struct cj_err *err)
{
	int rc = parse(argc, argv, spec, err);

	if (rc < 0)
		cli_free(spec); /* nothing half-parsed is left to the caller */
	return rc;
}

void cli_free(struct jail_spec *spec)
{
	for (size_t i = 0; i < spec->n_overrides; i++)
		free((void *)(uintptr_t)spec->overrides[i]);
	spec->n_overrides = 0;
	for (size_t i = 0; i < spec->n_mounts; i++) {
		free(spec->mounts[i].src);
		free(spec->mounts[i].dst);
	}
	spec->n_mounts = 0;
}
