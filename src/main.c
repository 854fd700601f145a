/* main.c - argv -> spec -> launch -> exit status. Nothing else. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "cli.h"
#include "hostids.h"
#include "idmap.h"
#include "describe.h"
#include "effective.h"
#include "export.h"
#include "launch.h"
#include "program.h"
#include "mkroot.h"
#include "output.h"
#include "report.h"
#include "rootless.h"
#include "timings.h"
#include "policy_table.h"
#include "util.h"

#include "banned.h"

/* A closed 0, 1 or 2 would be taken by the next open and become, say, the
 * jail's message pipe: hold them with /dev/null. */
static int ensure_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	}
	return 0;
}

/* An error, once, on one line: what came from the command line or the jail
 * may hold control bytes (a newline in a user name, say). */
static void print_error(struct cj_err *err)
{
	char line[sizeof(err->msg) + 16];
	int n;

	for (char *c = err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	/* Not stdio: stderr may be a pipe the jail filled (util.h). */
	n = snprintf(line, sizeof(line), "capejail: %s\n", err->msg);
	if (n > 0)
		(void)write_all_within(2, line, strnlen(line, sizeof(line)),
				       1000);
}

/* --print-policy: the effective policy, no jail. */
static int print_policy(const struct jail_spec *spec,
			enum cj_print_format format, struct cj_err *err)
{
	struct cj_outcomes o = effective_outcomes(spec);
	struct policy p;
	int rc;

	if (effective_policy(spec, &p, err) < 0)
		return err->status;
	if (format == CJ_PRINT_MARKDOWN)
		rc = export_markdown(stdout, &p, err);
	else if (format == CJ_PRINT_LIST)
		rc = export_list(stdout, &p, &o, err);
	else
		rc = export_oci(stdout, &p, &o, err);
	policy_free(&p);
	return rc < 0 ? err->status : 0;
}

/* After the run, --report or --learn-out (o, held since before it):
 * fill(fd, ...) into a new file, then rename it over FILE (output.h). Says
 * once what failed. */
static int write_output(struct cj_output *o,
			int (*fill)(int fd, const struct cj_outcome *out,
				    const struct cj_effective *eff,
				    const char *program, struct cj_err *err),
			const struct cj_outcome *out,
			const struct cj_effective *eff, const char *program)
{
	struct cj_err err = {0, ""};
	int fd, rc;

	if (o->dirfd < 0)
		return 0;
	fd = output_begin(o, &err);
	if (fd < 0) {
		output_release(o);
		rc = -1;
	} else {
		rc = output_end(o, fd, fill(fd, out, eff, program, &err), &err);
	}
	if (rc < 0)
		print_error(&err);
	return rc;
}

static int write_report(int fd, const struct cj_outcome *out,
			const struct cj_effective *eff, const char *program,
			struct cj_err *err)
{
	(void)program;
	return report_write(fd, out, eff, err);
}

static int write_learned(int fd, const struct cj_outcome *out,
			 const struct cj_effective *eff, const char *program,
			 struct cj_err *err)
{
	(void)out;
	return report_learn_policy(fd, eff, program, err);
}

/* The commands that run no jail: --help, --version, --mkroot,
 * --print-policy. */
static int other_command(int action, const struct cj_command *cmd,
			 struct cj_err *err)
{
	int status = 0;

	switch (action) {
	case CLI_HELP:
		for (size_t i = 0; cli_usage[i] != NULL; i++)
			(void)fputs(cli_usage[i], stdout);
		break;
	case CLI_VERSION:
		(void)printf("capejail %s (policy %s)\n", CAPEJAIL_VERSION,
			     cj_policy_hash);
		break;
	case CLI_MKROOT:
		status = mkroot_build(&cmd->mkroot, err) < 0 ? err->status : 0;
		break;
	case CLI_PRINT_POLICY:
		status = print_policy(&cmd->run, cmd->print_policy, err);
		break;
	default:
		break;
	}
	if (status != 0)
		print_error(err);
	return status;
}

/* The jail's run, from the policy to the report: its exit status. */
static int run(struct jail_spec *spec, struct cj_output *report,
	       struct cj_output *learned)
{
	struct cj_err err = {0, ""};
	struct cj_outcome out = {.kind = CJ_ST_SETUP_ERROR,
				 .cpu_user_ms = -1,
				 .cpu_sys_ms = -1,
				 .max_rss_kb = -1,
				 .supervisor_cpu_ms = -1};
	struct cj_effective eff;
	struct timespec t0, t1;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&eff, 0, sizeof(eff));
	/* Rootless: whose host ids the jail's users are (hostids.h). */
	if (spec->rootless &&
	    (rootless_check_host(&err) < 0 ||
	     hostids_rootless(spec->want_ids, idmap_writable_binds(&spec->fs),
			      getuid(), &spec->ids, &err) < 0)) {
		status = CJ_EXIT_SETUP;
	} else if (!spec->policy.insecure &&
		   effective_prepare(spec, &eff, &err) < 0) {
		/* The policy is decided before anything exists: a bad one
		 * changes nothing. */
		status = err.status;
	} else {
		timings_mark("policy");
		if (spec->verbosity == CJ_VERBOSE)
			describe_run(stderr, spec,
				     spec->policy.insecure ? NULL : &eff);
		if (spec->policy.learn == CJ_LEARN_ALL)
			cj_warn("--learn=all: every blocked syscall runs, "
				"\u26a0\ufe0f ones too: this jail is no "
				"security boundary");
		else if (spec->policy.learn == CJ_LEARN)
			(void)fprintf(stderr,
				      "capejail: --learn: blocked syscalls "
				      "run and are recorded (\u26a0\ufe0f "
				      "ones fail with EPERM)\n");
		status = launch(spec, &eff, &out, &err);
	}
	timings_print();
	if (err.status != 0) {
		print_error(&err);
		(void)snprintf(out.error, sizeof(out.error), "%s", err.msg);
	}
	if (spec->policy.learn != CJ_LEARN_OFF && eff.by_nr != NULL)
		report_learned(stderr, &eff, spec->policy.learn);
	/* The jail is gone now, every process of it: what it did to the
	 * outputs' names is past, and the files are written. */
	if (write_output(learned, write_learned, &out, &eff, spec->argv[0]) < 0)
		status = CJ_EXIT_SETUP;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out.exit_code = status;
	out.wall_ms = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000 +
		      (uint64_t)((t1.tv_nsec - t0.tv_nsec) / 1000000);
	if (spec->verbosity == CJ_VERBOSE)
		describe_end(stderr, &out);
	if (write_output(report, write_report, &out, &eff, spec->argv[0]) < 0)
		status = CJ_EXIT_SETUP;
	effective_release(&eff);
	return status;
}

int main(int argc, char *argv[])
{
	struct cj_command cmd;
	struct jail_spec *spec = &cmd.run;
	struct cj_err err = {0, ""};
	struct cj_output report, learned;
	int action, status;
	uint64_t begin = timings_now();

	/* First of all: a setuid (or setgid, or file-capability) capejail is
	 * not supported, and does nothing, not even --help; it leaves at once,
	 * without running exit handlers with the privilege it was given. */
	if (rootless_setid_verdict(getuid(), geteuid(), getgid(), getegid(),
				   getauxval(AT_SECURE), &err) < 0) {
		print_error(&err);
		_exit(CJ_EXIT_SETUP);
	}
	map_own_code();
	if (ensure_std_fds() < 0)
		return CJ_EXIT_SETUP;
	program_note_cmdline(argc, argv);
	action = cli_parse(argc, argv, &cmd, &err);
	if (action == CLI_RUN && spec->timings) {
		timings_enable(begin);
		timings_mark("parse");
	}
	if (action < 0) {
		print_error(&err);
		return err.status;
	}
	if (action != CLI_RUN) {
		status = other_command(action, &cmd, &err);
		cli_free(&cmd);
		return status;
	}
	/* --report: checked first, so that a report that cannot be written
	 * stops the run before it starts, and every later path has one. */
	if (output_open(&report, "--report", spec->report_path, &err) < 0 ||
	    /* --learn-out likewise: a run that learns must say what. */
	    output_open(&learned, "--learn-out", spec->learn_out, &err) < 0) {
		print_error(&err);
		output_release(&report);
		cli_free(&cmd);
		return CJ_EXIT_SETUP;
	}
	/* As an ordinary user: rootless, if this host lets an ordinary user
	 * make a user namespace (said in run, before anything is made). So
	 * too as root of a container's user namespace, which cannot map the
	 * ids that root mode maps. */
	spec->rootless = rootless_wanted();
	status = run(spec, &report, &learned);
	cli_free(&cmd);
	return status;
}
