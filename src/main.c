/* main.c - argv -> spec -> launch -> exit status. Nothing else. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "effective.h"
#include "export.h"
#include "launch.h"
#include "policy_table.h"
#include "version.h"

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
static void report(struct cj_err *err)
{
	for (char *c = err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	(void)fprintf(stderr, "capejail: %s\n", err->msg);
}

/* --print-policy: the effective policy, no jail. */
static int print_policy(const struct jail_spec *spec, struct cj_err *err)
{
	struct cj_outcomes o = effective_outcomes(spec);
	struct policy p;
	int rc;

	if (effective_policy(spec, &p, err) < 0)
		return err->status;
	if (strcmp(spec->print_policy, "markdown") == 0)
		rc = export_markdown(stdout, &p, err);
	else if (strcmp(spec->print_policy, "list") == 0)
		rc = export_list(stdout, &p, &o, err);
	else
		rc = export_oci(stdout, &p, &o, err);
	policy_free(&p);
	return rc < 0 ? err->status : 0;
}

int main(int argc, char *argv[])
{
	struct jail_spec spec;
	struct cj_err err = {0, ""};
	int action, status;

	if (ensure_std_fds() < 0)
		return CJ_EXIT_SETUP;
	action = cli_parse(argc, argv, &spec, &err);
	if (action < 0) {
		report(&err);
		return err.status;
	}
	if (action == CLI_HELP) {
		(void)fputs(cli_usage, stdout);
		cli_free(&spec);
		return 0;
	}
	if (action == CLI_VERSION) {
		(void)printf("capejail %s (policy %s)\n", CAPEJAIL_VERSION,
			     cj_policy_hash);
		cli_free(&spec);
		return 0;
	}
	if (action == CLI_PRINT_POLICY) {
		status = print_policy(&spec, &err);
		if (status != 0)
			report(&err);
		cli_free(&spec);
		return status;
	}
	if (geteuid() != 0) {
		(void)fprintf(stderr, "capejail: must be run as root (creating "
				      "namespaces and mounts needs it; a "
				      "rootless mode is not there yet)\n");
		cli_free(&spec);
		return CJ_EXIT_SETUP;
	}
	status = launch(&spec, &err);
	if (err.status != 0)
		report(&err);
	cli_free(&spec);
	return status;
}
