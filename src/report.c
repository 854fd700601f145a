/* report.c - the run report as JSON. Field names are stable (doc/report.md). */
#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "effective.h"
#include "util.h"

#include "banned.h"

static const char *const kind_name[] = {"setup-error", "exited",
					"signaled",    "violation",
					"timeout",     "out-of-memory"};

/* Write what f (an open_memstream of buf) holds to fd, and free it. */
static int write_stream(int fd, FILE *f, char **buf, size_t *len,
			const char *opt, struct cj_err *err)
{
	int rc = 0;

	if (fclose(f) != 0 || *buf == NULL)
		rc = cj_fail(err, CJ_EXIT_SETUP, "%s: out of memory", opt);
	else if (write_all(fd, *buf, *len) < 0)
		rc = cj_fail_errno(err, CJ_EXIT_SETUP, errno, "%s: writing",
				   opt);
	free(*buf);
	*buf = NULL;
	return rc;
}

int report_write(int fd, const struct cj_outcome *o,
		 const struct cj_effective *eff, struct cj_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool more = false;

	if (f == NULL)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "--report");
	(void)fprintf(f,
		      "{\"capejail\": \"%s\", \"policy\": \"%s\", "
		      "\"status\": \"%s\", \"exit_code\": %d, \"signal\": %d, "
		      "\"error\": ",
		      CAPEJAIL_VERSION, eff->hash[0] ? eff->hash : "none",
		      kind_name[o->kind], o->exit_code, o->signal);
	/* What capejail said went wrong (a setup error, a limit), as it
	 * printed it but for "capejail: ". */
	if (o->error[0] != '\0')
		report_json_str(f, o->error);
	else
		(void)fputs("null", f);
	(void)fputs(", \"violation\": ", f);
	if (o->violation) {
		(void)fputs("{\"syscall\": ", f);
		if (o->v_syscall[0] != '\0')
			report_json_str(f, o->v_syscall);
		else
			(void)fputs("null", f);
		(void)fprintf(f,
			      ", \"nr\": %d, \"pid\": %ld, \"comm\": ", o->v_nr,
			      o->v_pid);
		report_json_str(f, o->v_comm);
		(void)fputc('}', f);
	} else {
		(void)fprintf(f, "null");
	}
	/* Every blocked syscall the jail made, with how often: counted by
	 * capejail as it answered them (not told by the program). */
	(void)fprintf(f, ", \"blocked\": [");
	for (int nr = 0; eff->by_nr != NULL && nr < CJ_MAX_NR; nr++) {
		const struct cj_answer *v = &eff->by_nr[nr];

		if (v->name == NULL || v->count == 0)
			continue;
		(void)fprintf(f, "%s{\"syscall\": ", more ? ", " : "");
		report_json_str(f, v->name);
		(void)fprintf(f, ", \"count\": %lu}", v->count);
		more = true;
	}
	(void)fprintf(f,
		      "], \"wall_ms\": %llu, \"cpu_user_ms\": %lld, "
		      "\"cpu_sys_ms\": %lld, \"max_rss_kb\": %lld, "
		      "\"supervisor_cpu_ms\": %lld}\n",
		      (unsigned long long)o->wall_ms, o->cpu_user_ms,
		      o->cpu_sys_ms, o->max_rss_kb, o->supervisor_cpu_ms);
	return write_stream(fd, f, &buf, &len, "--report", err);
}

/* The blocked syscalls a learning run saw, in syscall order. */
static size_t learned(const struct cj_effective *eff)
{
	size_t n = 0;

	for (int nr = 0; eff->by_nr != NULL && nr < CJ_MAX_NR; nr++)
		if (eff->by_nr[nr].name != NULL && eff->by_nr[nr].count > 0)
			n++;
	return n;
}

static const char *verdict_word(const struct cj_answer *v, char *buf,
				size_t cap)
{
	const char *e = errno_name(v->err_no);

	if (v->warn)
		(void)snprintf(buf, cap, "\u26a0\ufe0f kill");
	else if (v->allowed)
		(void)snprintf(buf, cap, "args: %s", e);
	else
		(void)snprintf(buf, cap, "%s", e);
	return buf;
}

void report_learned(FILE *f, const struct cj_effective *eff, int learn)
{
	size_t n = learned(eff);

	if (n == 0) {
		(void)fprintf(f, "capejail: learn: the program made no "
				 "blocked syscall\n");
		return;
	}
	(void)fprintf(f,
		      "capejail: learn: the program made %zu blocked "
		      "syscall%s:\n"
		      "  %-18s %8s  %-22s %-10s %-4s %s\n",
		      n, n == 1 ? "" : "s", "syscall", "calls", "first caller",
		      "policy", "ran", "reason");
	for (int nr = 0; nr < CJ_MAX_NR; nr++) {
		const struct cj_answer *v = &eff->by_nr[nr];
		char who[40], word[32];
		const char *ran;

		if (v->name == NULL || v->count == 0)
			continue;
		(void)snprintf(who, sizeof(who), "pid %ld '%s'", v->first_pid,
			       v->first_comm);
		ran = v->own_errno || (v->warn && learn != CJ_LEARN_ALL)
			  ? "no"
			  : "yes";
		(void)fprintf(f, "  %-18s %8lu  %-22s %-10s %-4s \"%s\"\n",
			      v->name, v->count, who,
			      verdict_word(v, word, sizeof(word)), ran, v->why);
	}
	{
		char cover[128];

		effective_shipped_cover(eff, cover, sizeof(cover));
		if (cover[0] != '\0')
			(void)fprintf(f,
				      "capejail: learn: the shipped policy "
				      "allows what it needs: --policy %s\n",
				      cover);
	}
}

int report_learn_policy(int fd, const struct cj_effective *eff,
			const char *program, struct cj_err *err)
{
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);
	char title[256];

	if (f == NULL)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "--learn-out");
	/* The program's name on one line: a line feed in it must not start
	 * lines of the policy. */
	(void)snprintf(title, sizeof(title), "%s", program);
	for (char *c = title; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	(void)fprintf(f,
		      "# Learnt by capejail --learn from %s\n\n"
		      "The syscalls that this program made and the policy "
		      "blocks. Give it to\n`capejail --policy FILE` once every "
		      "entry says why the program needs it:\n"
		      "a reason that still starts with TODO is refused.\n",
		      title);
	{
		char cover[128];

		effective_shipped_cover(eff, cover, sizeof(cover));
		if (cover[0] != '\0')
			(void)fprintf(f,
				      "\nThe policy shipped with capejail "
				      "allows what it needs, each entry with "
				      "its reason:\n`capejail --policy %s` "
				      "(SYSCALLS.md, Outcomes).\n",
				      cover);
	}
	(void)fprintf(f, "\n## Allowed\n");
	for (int nr = 0; eff->by_nr != NULL && nr < CJ_MAX_NR; nr++) {
		const struct cj_answer *v = &eff->by_nr[nr];

		/* An errno of the entry's own (ENOSYS) is the fallback
		 * the program takes: nothing it needs. */
		if (v->name == NULL || v->count == 0 || v->own_errno)
			continue;
		(void)fprintf(
		    f,
		    "\n### %s\n\nTODO: say why this program needs it. "
		    "%s blocks it%s: \"%s\"\n",
		    v->name, v->source,
		    v->warn ? " as \u26a0\ufe0f, one of the calls "
			      "that could break the jail"
			    : "",
		    v->why);
		n++;
	}
	if (n == 0)
		(void)fprintf(f, "\nNothing: the program made no blocked "
				 "syscall.\n");
	return write_stream(fd, f, &buf, &len, "--learn-out", err);
}
