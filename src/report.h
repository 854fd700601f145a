/* report.h - how a run ended, as data, and its JSON report (--report). */
#ifndef CAPEJAIL_REPORT_H
#define CAPEJAIL_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

enum cj_status_kind {
	CJ_ST_SETUP_ERROR = 0,
	CJ_ST_EXITED,
	CJ_ST_SIGNALED,
	CJ_ST_VIOLATION,
	CJ_ST_TIMEOUT,
	CJ_ST_OOM,
};

struct cj_outcome {
	enum cj_status_kind kind;
	int exit_code; /* capejail's exit status */
	int signal;    /* the program's fatal signal, 0 if none */
	bool violation;
	char v_syscall[64]; /* "" for another ABI */
	int v_nr;
	long v_pid; /* as seen in the jail */
	char v_comm[32];
	uint64_t wall_ms;
	long long cpu_user_ms, cpu_sys_ms, max_rss_kb; /* -1: unknown */
	/* What capejail said went wrong, "" if nothing: err's message. */
	char error[sizeof(((struct cj_err *)0)->msg)];
	/* capejail's own CPU time in the run (answering notifications,
	 * relaying the terminal); -1: unknown */
	long long supervisor_cpu_ms;
};

struct cj_effective;

/* s as one JSON string, quotes included, to f: '"' and '\\' escaped,
 * control bytes as \u00XX, well-formed UTF-8 kept, every other byte as
 * \ufffd. (tests/fuzz/fuzz_report.c checks it.) */
void report_json_str(FILE *f, const char *s);

/* Write o as one JSON object (and a newline) to fd; eff gives the policy's
 * hash and the counts of blocked syscalls. */
int report_write(int fd, const struct cj_outcome *o,
		 const struct cj_effective *eff, struct cj_err *err);

/* --learn: the table of the blocked syscalls the run made, to f. */
void report_learned(FILE *f, const struct cj_effective *eff, int learn);

/* --learn-out: those syscalls as a policy file to review (every reason
 * starts with TODO, so --policy refuses it as it is). */
int report_learn_policy(int fd, const struct cj_effective *eff,
			const char *program, struct cj_err *err);

#endif
