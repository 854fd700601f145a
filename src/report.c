/* report.c - the run report as JSON. Field names are stable (README). */
#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy_table.h"
#include "util.h"
#include "version.h"

#include "banned.h"

static const char *const kind_name[] = {"setup-error", "exited",
					"signaled",    "violation",
					"timeout",     "out-of-memory"};

/* A JSON string of s (printable ASCII kept, the rest escaped). */
static void json_str(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	if (cap < 3)
		return;
	out[o++] = '"';
	for (; *s && o + 8 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
		else
			out[o++] = (char)c;
	}
	out[o++] = '"';
	out[o] = '\0';
}

int report_write(int fd, const struct cj_outcome *o, struct cj_err *err)
{
	char buf[2048], sys[160], comm[160], v[512];
	int n;

	if (o->violation) {
		json_str(sys, sizeof(sys), o->v_syscall);
		json_str(comm, sizeof(comm), o->v_comm);
		(void)snprintf(v, sizeof(v),
			       "{\"syscall\": %s, \"nr\": %d, \"pid\": %ld, "
			       "\"comm\": %s}",
			       o->v_syscall[0] ? sys : "null", o->v_nr,
			       o->v_pid, comm);
	} else {
		(void)snprintf(v, sizeof(v), "null");
	}
	n = snprintf(buf, sizeof(buf),
		     "{\"capejail\": \"%s\", \"policy\": \"%s\", "
		     "\"status\": \"%s\", \"exit_code\": %d, \"signal\": %d, "
		     "\"violation\": %s, \"blocked\": [], \"wall_ms\": %llu, "
		     "\"cpu_user_ms\": %lld, \"cpu_sys_ms\": %lld, "
		     "\"max_rss_kb\": %lld}\n",
		     CAPEJAIL_VERSION, cj_policy_hash, kind_name[o->kind],
		     o->exit_code, o->signal, v, (unsigned long long)o->wall_ms,
		     o->cpu_user_ms, o->cpu_sys_ms, o->max_rss_kb);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return cj_fail(err, CJ_EXIT_SETUP, "--report: too long");
	if (write_all(fd, buf, (size_t)n) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "--report: writing");
	return 0;
}
