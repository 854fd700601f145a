/* cli.h - command line -> struct jail_spec. Pure: no I/O, no exit. */
#ifndef CAPEJAIL_CLI_H
#define CAPEJAIL_CLI_H

#include "err.h"
#include "spec.h"

enum cli_action { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_PRINT_POLICY };

/* Parse argv into spec. Returns the action, or -1 with err filled. argv must
 * outlive spec (spec points into it). */
int cli_parse(int argc, char *argv[], struct jail_spec *spec,
	      struct cj_err *err);

/* Free what cli_parse allocated in spec. */
void cli_free(struct jail_spec *spec);

/* The --help text. */
extern const char cli_usage[];

#endif
