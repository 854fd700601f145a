/* report.c - the run report as JSON. Field names are stable (README). */
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

/* A JSON string of s (printable ASCII kept, the rest escaped). */
/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is
 * none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* s as a JSON string: quotes, backslashes and control bytes escaped, UTF-8
 * kept, a byte that is no UTF-8 (a program names itself as it likes) as
 * U+FFFD. Cut short, still valid, when out is full. */
static void json_str(char *out, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (cap < 3)
		return;
	out[o++] = '"';
	while (*p && o + 8 < cap) {
		size_t n = utf8_len(p);

		if (*p == '"' || *p == '\\') {
			o += (size_t)snprintf(out + o, cap - o, "\\%c", *p++);
		} else if (*p < 0x20 || *p == 0x7f) {
			o +=
			    (size_t)snprintf(out + o, cap - o, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			out[o++] = (char)*p++;
		} else if (n > 0) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			o += (size_t)snprintf(out + o, cap - o, "\\ufffd");
			p++;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
}

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
	char sys[160], comm[160], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool more = false;

	if (f == NULL)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "--report");
	(void)fprintf(f,
		      "{\"capejail\": \"%s\", \"policy\": \"%s\", "
		      "\"status\": \"%s\", \"exit_code\": %d, \"signal\": %d, "
		      "\"violation\": ",
		      CAPEJAIL_VERSION, eff->hash[0] ? eff->hash : "none",
		      kind_name[o->kind], o->exit_code, o->signal);
	if (o->violation) {
		json_str(sys, sizeof(sys), o->v_syscall);
		json_str(comm, sizeof(comm), o->v_comm);
		(void)fprintf(f,
			      "{\"syscall\": %s, \"nr\": %d, \"pid\": %ld, "
			      "\"comm\": %s}",
			      o->v_syscall[0] ? sys : "null", o->v_nr, o->v_pid,
			      comm);
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
		json_str(sys, sizeof(sys), v->name);
		(void)fprintf(f, "%s{\"syscall\": %s, \"count\": %lu}",
			      more ? ", " : "", sys, v->count);
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
		      "a reason that still starts with TODO is refused.\n\n"
		      "## Allowed\n",
		      title);
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
