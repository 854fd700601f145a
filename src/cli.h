/* cli.h - command line -> struct jail_spec. Pure: no I/O, no exit. */
#ifndef CAPEJAIL_CLI_H
#define CAPEJAIL_CLI_H

#include "err.h"
#include "mkroot.h"
#include "spec.h"

#include <stdbool.h>
#include <stdint.h>

enum cli_action {
	CLI_RUN,
	CLI_HELP,
	CLI_VERSION,
	CLI_PRINT_POLICY,
	CLI_MKROOT
};

/* --print-policy FORMAT. */
enum cj_print_format {
	CJ_PRINT_NONE,
	CJ_PRINT_MARKDOWN,
	CJ_PRINT_LIST,
	CJ_PRINT_OCI
};

/* What the command line asks for: a run, or one of the other commands,
 * each with its own options. */
struct cj_command {
	struct jail_spec run; /* a run (--print-policy prints its policy) */
	struct mkroot_spec mkroot;	   /* --mkroot DIR and its options */
	enum cj_print_format print_policy; /* --print-policy FORMAT */
};

/* Parse argv into cmd. Returns the action, or -1 with err filled. argv must
 * outlive cmd (cmd points into it). */
int cli_parse(int argc, char *argv[], struct cj_command *cmd,
	      struct cj_err *err);

/* Free what cli_parse allocated in cmd. */
void cli_free(struct cj_command *cmd);

/* "256M" -> bytes (K, M, G, T are powers of 1024); -1 if not a size, -2
 * if a size too large for 64 bits. */
int cli_parse_size(const char *s, uint64_t *out);

/* "0.5" -> 500: a decimal with up to three places, in thousandths. */
int cli_parse_milli(const char *s, uint64_t *out);

/* A whole number: digits only, no size suffix; -1 if not one. */
int cli_parse_count(const char *s, uint64_t *out);

/* An rlimit's value: "unlimited", or a size (size) or count. */
int cli_parse_rlim(const char *s, bool size, uint64_t *out);

/* The default memory limit of a jail: half of the host's memory, at most
 * CJ_DEFAULT_MEMORY_MAX (4 GiB). */
uint64_t cli_default_memory(void);

/* The --help text. */
extern const char *const cli_usage[]; /* NULL-terminated parts */

#endif
