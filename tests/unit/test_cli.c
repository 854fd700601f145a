/* test_cli.c - cli_parse: options, the program and its arguments, errors. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tap.h"

#include "banned.h"

/* A regression test of a bug found and fixed: `bug` says what went wrong. */
#define regression(cond, bug, ...) ok(cond, __VA_ARGS__)

#define MAX_ARGS (2 * CJ_MAX_ENV + 16)

static char *av[MAX_ARGS + 1];
static int ac;
static struct cj_command cmd;
static struct cj_err err;

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	return d;
}

static void args_free(void)
{
	for (int i = 0; i < ac; i++)
		free(av[i]);
	ac = 0;
	av[0] = NULL;
}

static void args_set(const char *first, va_list ap)
{
	args_free();
	av[ac++] = xstrdup("capejail");
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		av[ac++] = xstrdup(s);
	av[ac] = NULL;
}

/* cli_parse of "capejail" and the given arguments (NULL-terminated), with
 * writable copies of the strings. They stay alive until the next call, as
 * spec points into them. */
static int parse(const char *first, ...) __attribute__((sentinel));

static int parse(const char *first, ...)
{
	va_list ap;

	va_start(ap, first);
	args_set(first, ap);
	va_end(ap);
	memset(&err, 0, sizeof(err));
	/* Garbage in spec, to see that cli_parse starts from scratch. */
	memset(&cmd, 0x5a, sizeof(cmd));
	return cli_parse(ac, av, &cmd, &err);
}

/* cmd.run.argv is exactly the given strings, then NULL. */
static int argv_is(const char *first, ...) __attribute__((sentinel));

static int argv_is(const char *first, ...)
{
	va_list ap;
	const char *w = first;
	size_t i = 0;
	int same = cmd.run.argv != NULL;

	va_start(ap, first);
	for (; same && w != NULL; w = va_arg(ap, const char *), i++)
		if (cmd.run.argv[i] == NULL || strcmp(cmd.run.argv[i], w) != 0)
			same = 0;
	va_end(ap);
	if (same && cmd.run.argv[i] != NULL)
		same = 0;
	if (!same && cmd.run.argv != NULL) {
		printf("#   got argv:");
		for (i = 0; cmd.run.argv[i] != NULL && i < MAX_ARGS; i++)
			printf(" '%s'", cmd.run.argv[i]);
		printf("\n");
	}
	return same;
}

/* A run with nothing but the program: every field at its default. */
static void test_defaults(void)
{
	int rc = parse("true", NULL);

	ok(rc == CLI_RUN, "just a program: CLI_RUN");
	ok(cmd.run.fs.root == NULL, "default root is NULL");
	ok(cmd.run.user == NULL, "default user is NULL (nobody)");
	ok(cmd.run.fs.chdir == NULL, "default chdir is NULL");
	ok(cmd.run.n_env == 0, "no -e: n_env is 0");
	ok(!cmd.run.share_net, "network not shared by default");
	ok(!cmd.run.policy.insecure, "secure by default");
	ok(!cmd.run.timings, "no timings by default");
	ok(cmd.run.verbosity == CJ_NORMAL, "normal verbosity by default");
	ok(cmd.run.fs.tmp_size == CJ_DEFAULT_TMP_SIZE, "default /tmp size");
	ok(cmd.run.fs.shm_size == CJ_DEFAULT_SHM_SIZE, "default /dev/shm size");
	ok(cmd.run.want_ids == CJ_IDS_AUTO, "--rootless-ids auto by default");
	ok(argv_is("true", NULL), "argv is {\"true\"}");
	ok(cmd.run.argv == &av[1], "argv points into the caller's argv");
}

static void test_root(void)
{
	ok(parse("-r", "/srv/jail", "true", NULL) == CLI_RUN &&
	       cmd.run.fs.root != NULL,
	   "-r DIR");
	is_str(cmd.run.fs.root, "/srv/jail", "-r DIR sets root");
	ok(argv_is("true", NULL), "-r DIR: argv is the program");

	ok(parse("--root", "/srv/a", "true", NULL) == CLI_RUN, "--root DIR");
	is_str(cmd.run.fs.root, "/srv/a", "--root DIR sets root");

	ok(parse("--root=/srv/b", "true", NULL) == CLI_RUN, "--root=DIR");
	is_str(cmd.run.fs.root, "/srv/b", "--root=DIR sets root");

	ok(parse("-r/srv/c", "true", NULL) == CLI_RUN, "-rDIR");
	is_str(cmd.run.fs.root, "/srv/c", "-rDIR sets root");

	ok(parse("-r", "/one", "-r", "/two", "true", NULL) == CLI_RUN,
	   "-r twice");
	is_str(cmd.run.fs.root, "/two", "the last -r wins");
}

static void test_user(void)
{
	ok(parse("-u", "alice", "id", NULL) == CLI_RUN, "-u USER");
	is_str(cmd.run.user, "alice", "-u USER sets user");
	ok(parse("--user", "1000:50", "id", NULL) == CLI_RUN, "--user UID:GID");
	is_str(cmd.run.user, "1000:50", "--user UID:GID sets user, whole");
	ok(parse("--user=0", "id", NULL) == CLI_RUN, "--user=0");
	is_str(cmd.run.user, "0", "--user=0 sets user");
	ok(argv_is("id", NULL), "--user=0: argv is the program");
}

static void test_chdir(void)
{
	ok(parse("-d", "/work", "pwd", NULL) == CLI_RUN, "-d DIR");
	is_str(cmd.run.fs.chdir, "/work", "-d DIR sets chdir");
	ok(parse("--chdir", "/tmp/x", "pwd", NULL) == CLI_RUN, "--chdir DIR");
	is_str(cmd.run.fs.chdir, "/tmp/x", "--chdir DIR sets chdir");
	ok(parse("--chdir=/y", "pwd", NULL) == CLI_RUN, "--chdir=DIR");
	is_str(cmd.run.fs.chdir, "/y", "--chdir=DIR sets chdir");
}

static void test_env(void)
{
	ok(parse("-e", "A=1", "--env", "B=2", "-eC=3", "--env=D=4=5", "-e",
		 "E=", "env", NULL) == CLI_RUN,
	   "-e and --env, repeated");
	ok(cmd.run.n_env == 5, "five -e entries (got %zu)", cmd.run.n_env);
	if (cmd.run.n_env == 5) {
		is_str(cmd.run.env[0], "A=1", "-e KEY=VALUE, first");
		is_str(cmd.run.env[1], "B=2", "--env KEY=VALUE, second");
		is_str(cmd.run.env[2], "C=3", "-eKEY=VALUE, third");
		is_str(cmd.run.env[3], "D=4=5",
		       "--env=KEY=VALUE with '=' in the value, kept whole");
		is_str(cmd.run.env[4], "E=", "-e KEY= (empty value) accepted");
	}
	ok(argv_is("env", NULL), "-e ...: argv is the program");

	ok(parse("-e", "X=1", "-e", "X=2", "env", NULL) == CLI_RUN &&
	       cmd.run.n_env == 2,
	   "the same name twice: both kept, in order (env_build overrides)");
	is_str(cmd.run.n_env == 2 ? cmd.run.env[1] : NULL, "X=2",
	       "the later one comes last");

	/* CJ_MAX_ENV is the limit; one more is an error. */
	{
		static char kv[CJ_MAX_ENV + 1][32];
		char want[64];
		int n = 0, rc;

		args_free();
		av[ac++] = xstrdup("capejail");
		for (int i = 0; i < CJ_MAX_ENV; i++) {
			(void)snprintf(kv[i], sizeof(kv[i]), "V%d=%d", i, i);
			av[ac++] = xstrdup("-e");
			av[ac++] = xstrdup(kv[i]);
		}
		av[ac++] = xstrdup("env");
		av[ac] = NULL;
		rc = cli_parse(ac, av, &cmd, &err);
		ok(rc == CLI_RUN && cmd.run.n_env == CJ_MAX_ENV,
		   "%d -e entries accepted", CJ_MAX_ENV);
		for (size_t i = 0; rc == CLI_RUN && i < cmd.run.n_env; i++)
			if (strcmp(cmd.run.env[i], kv[i]) == 0)
				n++;
		ok(n == CJ_MAX_ENV, "all of them in order");

		args_free();
		av[ac++] = xstrdup("capejail");
		for (int i = 0; i <= CJ_MAX_ENV; i++) {
			(void)snprintf(kv[i], sizeof(kv[i]), "V%d=%d", i, i);
			av[ac++] = xstrdup("-e");
			av[ac++] = xstrdup(kv[i]);
		}
		av[ac++] = xstrdup("env");
		av[ac] = NULL;
		memset(&err, 0, sizeof(err));
		rc = cli_parse(ac, av, &cmd, &err);
		ok(rc == -1 && err.status == CJ_EXIT_SETUP,
		   "%d -e entries: error 125", CJ_MAX_ENV + 1);
		(void)snprintf(want, sizeof(want), "-e: more than %d variables",
			       CJ_MAX_ENV);
		is_str(err.msg, want, "the message says why");
	}
}

static void test_flags(void)
{
	ok(parse("-n", "true", NULL) == CLI_RUN && !cmd.run.share_net,
	   "-n: no network");
	ok(parse("--no-network", "true", NULL) == CLI_RUN && !cmd.run.share_net,
	   "--no-network: no network");
	ok(parse("--share-net", "true", NULL) == CLI_RUN && cmd.run.share_net,
	   "--share-net: host network");
	ok(parse("--share-net", "-n", "true", NULL) == CLI_RUN &&
	       !cmd.run.share_net,
	   "--share-net then -n: the last wins, no network");
	ok(parse("-n", "--share-net", "true", NULL) == CLI_RUN &&
	       cmd.run.share_net,
	   "-n then --share-net: the last wins, host network");

	ok(parse("--timings", "true", NULL) == CLI_RUN && cmd.run.timings,
	   "--timings: timings");
	ok(parse("--timings=1", "true", NULL) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "--timings takes no argument");
	ok(parse("-I", "true", NULL) == CLI_RUN && cmd.run.policy.insecure,
	   "-I: insecure");
	ok(parse("--insecure", "true", NULL) == CLI_RUN &&
	       cmd.run.policy.insecure,
	   "--insecure: insecure");
	ok(parse("true", NULL) == CLI_RUN && !cmd.run.policy.insecure,
	   "a later run without -I is not insecure (spec starts over)");

	ok(parse("-q", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_QUIET,
	   "-q: quiet");
	ok(parse("--quiet", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_QUIET,
	   "--quiet: quiet");
	ok(parse("-v", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_VERBOSE,
	   "-v: verbose");
	ok(parse("--verbose", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_VERBOSE,
	   "--verbose: verbose");
	ok(parse("-qv", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_VERBOSE,
	   "-qv (clustered): the last wins, verbose");
	ok(parse("-vq", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_QUIET,
	   "-vq (clustered): the last wins, quiet");

	ok(parse("-nIqr", "/r", "-u", "nobody", "true", NULL) == CLI_RUN,
	   "-nIqr DIR (cluster ending in an option with an argument)");
	ok(cmd.run.policy.insecure && cmd.run.verbosity == CJ_QUIET &&
	       !cmd.run.share_net,
	   "-nIqr: the flags are set");
	is_str(cmd.run.fs.root, "/r", "-nIqr DIR: root");
	is_str(cmd.run.user, "nobody", "-nIqr DIR -u nobody: user");
}

static void test_help_version(void)
{
	ok(parse("-h", NULL) == CLI_HELP, "-h: CLI_HELP, no program needed");
	ok(parse("--help", NULL) == CLI_HELP, "--help: CLI_HELP");
	ok(parse("-q", "--help", "true", NULL) == CLI_HELP,
	   "--help after another option, before a program: CLI_HELP");
	ok(parse("-V", NULL) == CLI_VERSION, "-V: CLI_VERSION");
	ok(parse("--version", NULL) == CLI_VERSION, "--version: CLI_VERSION");
	ok(parse("--vers", NULL) == CLI_VERSION,
	   "--vers (unambiguous abbreviation): CLI_VERSION");
	ok(parse("--version", "--help", NULL) == CLI_VERSION,
	   "--version --help: the first of them");
	ok(strstr(cli_usage[0], "--share-net") != NULL &&
	       strstr(cli_usage[0], "Usage: capejail") != NULL &&
	       strstr(cli_usage[1], "--mkroot DIR") != NULL &&
	       cli_usage[2] == NULL,
	   "the usage text names the command and --share-net");
}

static void test_program(void)
{
	ok(parse("ls", "-l", "/tmp", NULL) == CLI_RUN, "ls -l /tmp");
	ok(argv_is("ls", "-l", "/tmp", NULL),
	   "options after the program belong to the program");
	ok(cmd.run.verbosity == CJ_NORMAL, "... and are not ours");

	ok(parse("-q", "sh", "-c", "echo -v -h", "-V", NULL) == CLI_RUN,
	   "-q sh -c '...' -V");
	ok(argv_is("sh", "-c", "echo -v -h", "-V", NULL),
	   "argv keeps every argument after the program, in order");
	ok(cmd.run.verbosity == CJ_QUIET, "only the -q before it is ours");

	ok(parse("--", "ls", "-l", NULL) == CLI_RUN, "-- ls -l");
	ok(argv_is("ls", "-l", NULL), "-- ls -l: argv is {ls, -l}");

	ok(parse("-v", "--", "-weird", "--", "x", NULL) == CLI_RUN,
	   "-v -- -weird -- x");
	ok(argv_is("-weird", "--", "x", NULL),
	   "a program name starting with '-' after --; a later -- is its");
	ok(cmd.run.verbosity == CJ_VERBOSE, "-v before -- is ours");

	ok(parse("-r", "/r", "--", "prog", NULL) == CLI_RUN, "-r /r -- prog");
	ok(argv_is("prog", NULL), "-r /r -- prog: argv is {prog}");
	is_str(cmd.run.fs.root, "/r", "-r /r -- prog: root");

	ok(parse("prog", "", "arg", NULL) == CLI_RUN,
	   "an empty argument of the program is fine");
	ok(argv_is("prog", "", "arg", NULL), "... and kept");
}

/* An error: -1, status 125, and exactly this message. */
static void is_error(int rc, const char *msg, const char *what)
{
	ok(rc == -1, "%s: error", what);
	ok(err.status == CJ_EXIT_SETUP, "%s: status 125 (got %d)", what,
	   err.status);
	is_str(err.msg, msg, "%s: message", what);
}

/* --print-policy FORMAT: a command of its own, which reads the run's
 * policy options and needs no program. */
static void test_print_policy(void)
{
	ok(parse("--print-policy", "oci", NULL) == CLI_PRINT_POLICY &&
	       cmd.print_policy == CJ_PRINT_OCI,
	   "--print-policy oci: CLI_PRINT_POLICY, format oci, no program");
	ok(parse("--print-policy", "list", "--allow", "ptrace", NULL) ==
		   CLI_PRINT_POLICY &&
	       cmd.print_policy == CJ_PRINT_LIST &&
	       cmd.run.policy.n_overrides == 1,
	   "--print-policy list with --allow: the run's policy options kept");
	cli_free(&cmd);
	ok(parse("--print-policy", "markdown", NULL) == CLI_PRINT_POLICY &&
	       cmd.print_policy == CJ_PRINT_MARKDOWN,
	   "--print-policy markdown");
	ok(parse("true", NULL) == CLI_RUN && cmd.print_policy == CJ_PRINT_NONE,
	   "a run has no print format");
	is_error(parse("--print-policy", "json", NULL),
		 "--print-policy json: expected markdown, list or oci",
		 "--print-policy json");
	is_error(parse("--mkroot", "/srv/r", "--print-policy", "oci", NULL),
		 "--print-policy: an option of a run; --mkroot builds a root "
		 "and runs nothing",
		 "--mkroot with --print-policy");
}

static void test_errors(void)
{
	is_error(parse("--version", "--frob", NULL),
		 "--frob: unknown option (see --help)",
		 "--version beside an unknown option: the error, not 0");

	ok(parse("true", NULL) == CLI_RUN &&
	       strcmp(cmd.run.fs.hostname, "jail") == 0,
	   "the hostname is jail by default");
	cli_free(&cmd);
	ok(parse("--hostname", "box-1.example", "true", NULL) == CLI_RUN &&
	       strcmp(cmd.run.fs.hostname, "box-1.example") == 0,
	   "--hostname NAME");
	cli_free(&cmd);
	is_error(parse("--hostname", "", "true", NULL),
		 "--hostname : 1 to 64 characters", "--hostname: empty");
	is_error(parse("--hostname", "a b", "true", NULL),
		 "--hostname a b: letters, digits, '-' and '.' only, not first "
		 "'-' or '.'",
		 "--hostname: a space");
	ok(parse("-e", "FOO", "--env=BAR", "env", NULL) == CLI_RUN &&
	       cmd.run.n_env == 2 && strcmp(cmd.run.env[0], "FOO") == 0 &&
	       strcmp(cmd.run.env[1], "BAR") == 0,
	   "-e KEY and --env=KEY without '=': the caller's value, later");
	cli_free(&cmd);
	is_error(parse("-e", "", "env", NULL), "-e : empty variable name",
		 "-e with an empty name");
	is_error(parse("-e", "=x", "env", NULL), "-e =x: empty variable name",
		 "-e =x");
	is_error(parse("-e", "A=1", "-e", "=", "env", NULL),
		 "-e =: empty variable name", "a bad -e after a good one");

	is_error(parse(NULL, NULL), /* no arguments */
		 "no program given (usage: capejail [OPTION]... -- PROGRAM "
		 "[ARG]...)",
		 "no arguments at all");
	is_error(parse("-q", "-r", "/r", NULL),
		 "no program given (usage: capejail [OPTION]... -- PROGRAM "
		 "[ARG]...)",
		 "options but no program");
	is_error(parse("--", NULL),
		 "no program given (usage: capejail [OPTION]... -- PROGRAM "
		 "[ARG]...)",
		 "-- and nothing after");
	is_error(parse("", NULL), "empty program name", "program \"\"");
	is_error(parse("--", "", "x", NULL), "empty program name",
		 "-- then program \"\"");

	is_error(parse("-x", "true", NULL), "-x: unknown option (see --help)",
		 "unknown short option");
	is_error(parse("-qZ", "true", NULL), "-Z: unknown option (see --help)",
		 "unknown short option in a cluster");
	is_error(parse("--bogus", "true", NULL),
		 "--bogus: unknown option (see --help)", "unknown long option");
	is_error(parse("--bogus=1", "true", NULL),
		 "--bogus: unknown option (see --help)",
		 "unknown long option with a value");
	ok(parse("--ver", "true", NULL) == -1 && err.status == CJ_EXIT_SETUP &&
	       strstr(err.msg, "--ver") != NULL,
	   "ambiguous --ver (verbose, version): error naming it ('%s')",
	   err.msg);

	is_error(parse("-r", NULL), "-r: missing argument (see --help)",
		 "-r at the end");
	is_error(parse("-q", "-e", NULL), "-e: missing argument (see --help)",
		 "-e at the end");
	is_error(parse("--root", NULL), "--root: missing argument (see --help)",
		 "--root at the end");
	is_error(parse("--user", NULL), "--user: missing argument (see --help)",
		 "--user at the end");

	is_error(parse("-r", "", "true", NULL), "--root: empty argument",
		 "-r \"\"");
	is_error(parse("--root=", "true", NULL), "--root: empty argument",
		 "--root= (empty)");
	is_error(parse("-u", "", "true", NULL), "--user: empty argument",
		 "-u \"\"");
	is_error(parse("-d", "", "true", NULL), "--chdir: empty argument",
		 "-d \"\"");

	/* A value given to an option that takes none. The error is right; the
	 * message should name the option as written. */
	ok(parse("--share-net=yes", "true", NULL) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "--share-net=yes: error 125");
	regression(
	    strstr(err.msg, "--share-net") != NULL,
	    "cli.c prints optopt with %c; for --share-net it is 256, so the "
	    "message is cut to \"-\"",
	    "--share-net=yes: the message names the option ('%s')", err.msg);
	ok(parse("--quiet=1", "true", NULL) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "--quiet=1: error 125");
	regression(
	    strstr(err.msg, "--quiet") != NULL,
	    "cli.c says \"-q: unknown option\" for a long option given a "
	    "value it does not take",
	    "--quiet=1: the message names the option ('%s')", err.msg);
}

static void test_limits(void)
{
	uint64_t v;

	ok(cli_parse_size("256M", &v) == 0 && v == 256ULL << 20, "256M");
	ok(cli_parse_size("2G", &v) == 0 && v == 2ULL << 30, "2G");
	ok(cli_parse_size("1024", &v) == 0 && v == 1024, "bytes");
	ok(cli_parse_size("64kb", &v) == 0 && v == 64ULL << 10, "64kb");
	ok(cli_parse_size("abc", &v) < 0, "abc is no size");
	ok(cli_parse_size("-1", &v) < 0, "-1 is no size");
	ok(cli_parse_size("99999999999999999999G", &v) == -2,
	   "overflow refused as too large");
	ok(cli_parse_size("17179869184G", &v) == -2,
	   "overflow by the suffix: too large");
	ok(cli_parse_size("5X", &v) < 0, "unknown suffix");
	ok(cli_parse_milli("0.5", &v) == 0 && v == 500, "0.5 -> 500");
	ok(cli_parse_milli("2", &v) == 0 && v == 2000, "2 -> 2000");
	ok(cli_parse_milli("1.25", &v) == 0 && v == 1250, "1.25 -> 1250");
	ok(cli_parse_milli("0.0001", &v) < 0, "more than 3 places refused");
	ok(cli_parse_milli("1.2.3", &v) < 0, "two dots refused");
	ok(cli_parse_milli(".5", &v) < 0, "a leading dot refused");

	ok(parse("--memory", "64M", "--pids", "10", "--cpus", "0.5",
		 "--cpu-time", "1.5", "--time-limit", "2", "true",
		 NULL) == CLI_RUN &&
	       cmd.run.limits.memory == 64ULL << 20 &&
	       cmd.run.limits.pids == 10 && cmd.run.limits.pids_set &&
	       cmd.run.limits.cpus_milli == 500 &&
	       cmd.run.limits.cpu_time_ms == 1500 &&
	       cmd.run.limits.time_limit_ms == 2000,
	   "limit options into the spec");
	cli_free(&cmd);
	ok(parse("true", NULL) == CLI_RUN &&
	       cmd.run.limits.pids == CJ_DEFAULT_PIDS &&
	       !cmd.run.limits.pids_set &&
	       cmd.run.limits.memory == cli_default_memory() &&
	       cmd.run.limits.memory > 0 &&
	       cmd.run.limits.memory <= CJ_DEFAULT_MEMORY_MAX &&
	       !cmd.run.limits.memory_set,
	   "defaults: 512 pids, the default memory cap (half of the host's, "
	   "at most 4 GiB)");
	cli_free(&cmd);
	ok(parse("--memory", "unlimited", "true", NULL) == CLI_RUN &&
	       cmd.run.limits.memory == 0 && cmd.run.limits.memory_set,
	   "--memory unlimited: no memory cap");
	cli_free(&cmd);
	ok(parse("--memory", "64M", "true", NULL) == CLI_RUN &&
	       cmd.run.limits.memory_set,
	   "--memory SIZE: memory_set");
	cli_free(&cmd);
	ok(parse("--rlimit", "nofile=10:20", "--rlimit", "fsize=1M", "true",
		 NULL) == CLI_RUN &&
	       cmd.run.limits.n_rlimits == 2 &&
	       cmd.run.limits.rlimits[0].soft == 10 &&
	       cmd.run.limits.rlimits[0].hard == 20 &&
	       cmd.run.limits.rlimits[1].soft == 1ULL << 20 &&
	       cmd.run.limits.rlimits[1].hard == 1ULL << 20,
	   "--rlimit SOFT:HARD and a size");
	cli_free(&cmd);
	is_error(parse("--rlimit", "nofile=10:5", "true", NULL),
		 "--rlimit nofile=10:5: the soft limit is above the hard one",
		 "--rlimit soft above hard");
	is_error(parse("--rlimit", "bogus=1", "true", NULL),
		 "--rlimit bogus: unknown (nofile, fsize, nproc, core, stack, "
		 "as, memlock, cpu, data, sigpending, msgqueue)",
		 "--rlimit of an unknown name");
	is_error(parse("--rlimit", "nofile=1K", "true", NULL),
		 "--rlimit nofile=1K: expected a number or unlimited",
		 "--rlimit nofile takes no suffix");
	is_error(parse("--memory", "0", "true", NULL),
		 "--memory 0: must be above 0", "--memory 0");
	is_error(parse("--memory", "99999999T", "true", NULL),
		 "--memory 99999999T: too large (at most 16 EiB)",
		 "--memory too large: said so, not 'expected a size'");
	is_error(parse("--memory", "1", "true", NULL),
		 "--memory 1: too small, at least 4M (the jail's init and "
		 "program must start)",
		 "--memory below 4M refused");
	ok(parse("--memory", "4M", "true", NULL) == CLI_RUN &&
	       cmd.run.limits.memory == 4ULL << 20,
	   "--memory 4M, the least, taken");
	cli_free(&cmd);
	is_error(parse("--pids", "-1", "true", NULL),
		 "--pids -1: expected a whole number", "--pids -1");
}

static void test_mounts(void)
{
	ok(parse("--bind", "/src:/dst", "--ro-bind", "/in", "--tmpfs", "/t:1M",
		 "-w", "/out", "true", NULL) == CLI_RUN &&
	       cmd.run.fs.n_mounts == 4 &&
	       cmd.run.fs.mounts[0].kind == CJ_BIND &&
	       strcmp(cmd.run.fs.mounts[0].src, "/src") == 0 &&
	       strcmp(cmd.run.fs.mounts[0].dst, "/dst") == 0 &&
	       cmd.run.fs.mounts[1].kind == CJ_RO_BIND &&
	       strcmp(cmd.run.fs.mounts[1].dst, "/in") == 0 &&
	       cmd.run.fs.mounts[2].kind == CJ_TMPFS &&
	       cmd.run.fs.mounts[2].size == 1ULL << 20 &&
	       cmd.run.fs.mounts[3].kind == CJ_WORKDIR &&
	       strcmp(cmd.run.fs.mounts[3].src, "/out") == 0 &&
	       strcmp(cmd.run.fs.mounts[3].dst, "/work") == 0 &&
	       cmd.run.fs.chdir && strcmp(cmd.run.fs.chdir, "/work") == 0,
	   "mounts in order; -w binds at /work and starts there");
	cli_free(&cmd);
	ok(parse("-d", "/x", "-w", "/out", "true", NULL) == CLI_RUN &&
	       strcmp(cmd.run.fs.chdir, "/x") == 0,
	   "-d before -w wins");
	cli_free(&cmd);
	is_error(parse("--bind", "rel", "true", NULL),
		 "--bind rel: the path in the jail (rel) must be absolute",
		 "a relative DST");
	is_error(parse("--bind", ":/x", "true", NULL),
		 "--bind :/x: expected SRC[:DST]", "an empty SRC");
	is_error(parse("--tmpfs", "/x:0", "true", NULL),
		 "--tmpfs /x:0: expected a size like 64M", "a tmpfs of size 0");
	is_error(parse("-w", "/a:/b", "true", NULL), "-w /a:/b: expected DIR",
		 "-w takes one directory");
	ok(parse("--ro-bind-try", "/maybe:/m", "true", NULL) == CLI_RUN &&
	       cmd.run.fs.n_mounts == 1 &&
	       cmd.run.fs.mounts[0].kind == CJ_RO_BIND_TRY &&
	       strcmp(cmd.run.fs.mounts[0].src, "/maybe") == 0 &&
	       strcmp(cmd.run.fs.mounts[0].dst, "/m") == 0,
	   "--ro-bind-try SRC:DST");
	cli_free(&cmd);
	is_error(parse("--ro-bind-try", ":/x", "true", NULL),
		 "--ro-bind-try :/x: expected SRC[:DST]",
		 "--ro-bind-try: errors name the option typed");
}

static void test_learn_and_signals(void)
{
	ok(parse("true", NULL) == CLI_RUN &&
	       cmd.run.policy.learn == CJ_LEARN_OFF &&
	       cmd.run.learn_out == NULL &&
	       cmd.run.limits.kill_after_ms == CJ_DEFAULT_KILL_AFTER_MS,
	   "defaults: no learning, --kill-after 10 s");
	ok(parse("--learn", "--learn-out", "x.md", "true", NULL) == CLI_RUN &&
	       cmd.run.policy.learn == CJ_LEARN &&
	       strcmp(cmd.run.learn_out, "x.md") == 0,
	   "--learn --learn-out FILE");
	ok(parse("--learn=all", "true", NULL) == CLI_RUN &&
	       cmd.run.policy.learn == CJ_LEARN_ALL,
	   "--learn=all");
	ok(parse("--learn", "all", NULL) == CLI_RUN &&
	       cmd.run.policy.learn == CJ_LEARN &&
	       strcmp(cmd.run.argv[0], "all") == 0,
	   "--learn all: all is the program (the argument is optional)");
	is_error(parse("--learn=some", "true", NULL),
		 "--learn=some: expected --learn or --learn=all",
		 "--learn=some");
	is_error(parse("--learn-out", "x.md", "true", NULL),
		 "--learn-out needs --learn", "--learn-out alone");
	is_error(parse("--learn", "-I", "true", NULL),
		 "--learn needs the filter: not with -I", "--learn -I");
	is_error(parse("--learn", "--on-blocked", "kill", "true", NULL),
		 "--learn and --on-blocked kill contradict each other",
		 "--learn --on-blocked kill");
	is_error(parse("--learn", "--learn-out", "", "true", NULL),
		 "--learn-out: empty argument", "--learn-out ''");
	ok(parse("--kill-after", "0.25", "true", NULL) == CLI_RUN &&
	       cmd.run.limits.kill_after_ms == 250,
	   "--kill-after 0.25");
	ok(parse("--kill-after", "0", "true", NULL) == CLI_RUN &&
	       cmd.run.limits.kill_after_ms == 0,
	   "--kill-after 0: kill at once");
	is_error(parse("--kill-after", "-1", "true", NULL),
		 "--kill-after -1: expected seconds, fractions allowed",
		 "--kill-after -1");
	ok(parse("-q", "true", NULL) == CLI_RUN &&
	       cmd.run.verbosity == CJ_QUIET,
	   "-q");
}

static void test_rootless_ids(void)
{
	ok(parse("--rootless-ids", "caller", "true", NULL) == CLI_RUN &&
	       cmd.run.want_ids == CJ_IDS_CALLER,
	   "--rootless-ids caller");
	ok(parse("--rootless-ids=subordinate", "true", NULL) == CLI_RUN &&
	       cmd.run.want_ids == CJ_IDS_SUBORDINATE,
	   "--rootless-ids=subordinate");
	ok(parse("--rootless-ids", "caller", "--rootless-ids", "auto", "true",
		 NULL) == CLI_RUN &&
	       cmd.run.want_ids == CJ_IDS_AUTO,
	   "the last --rootless-ids wins");
	ok(parse("--rootless-ids", "subids", "true", NULL) < 0 &&
	       err.status == CJ_EXIT_SETUP &&
	       strcmp(err.msg, "--rootless-ids subids: expected auto, caller "
			       "or subordinate") == 0,
	   "--rootless-ids subids: an error that names the choices");
}

int main(void)
{
	test_defaults();
	test_rootless_ids();
	test_root();
	test_user();
	test_chdir();
	test_env();
	test_flags();
	test_help_version();
	test_print_policy();
	test_program();
	test_errors();
	test_learn_and_signals();
	args_free();
	test_limits();
	test_mounts();
	return tap_done();
}
