/* test_report.c - the --report JSON (valid JSON, read with tests/unit/json.h,
 * whatever bytes the jail's command name holds), the --learn table and the
 * --learn-out policy (read by the policy parser, refused by --policy until
 * its TODO reasons are replaced). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "effective.h"
#include "json.h"
#include "policy_table.h"
#include "report.h"
#include "tap.h"

#include "banned.h"

static struct cj_err err;
static struct cj_effective eff;
static char dir[] = "/tmp/cj-test-report.XXXXXX";

static void bail(const char *why)
{
	printf("Bail out! %s\n", why);
	exit(1);
}

/* This run's answers as capejail makes them for the spec's policy, with
 * nothing counted yet. */
static void answers_for(const struct jail_spec *spec)
{
	effective_release(&eff);
	memset(&err, 0, sizeof(err));
	if (effective_prepare(spec, &eff, &err) < 0 ||
	    effective_answers(&eff, &err) < 0) {
		printf("# %s\n", err.msg);
		bail("effective_prepare");
	}
}

static void answers_builtin(void)
{
	struct jail_spec spec;

	memset(&spec, 0, sizeof(spec));
	answers_for(&spec);
}

static void seen(int nr, unsigned long count, long pid, const char *comm)
{
	eff.by_nr[nr].count = count;
	eff.by_nr[nr].first_pid = pid;
	(void)snprintf(eff.by_nr[nr].first_comm,
		       sizeof(eff.by_nr[nr].first_comm), "%s", comm);
}

/* What a writer of fd puts through a pipe; *rc its return. malloc'd,
 * NUL-terminated. */
static char *through_pipe(int (*writer)(int, const void *), const void *arg,
			  int *rc)
{
	int fds[2];
	char *buf = malloc(1 << 16);
	ssize_t n;
	size_t len = 0;

	if (buf == NULL || pipe(fds) < 0)
		bail("pipe");
	memset(&err, 0, sizeof(err));
	*rc = writer(fds[1], arg);
	(void)close(fds[1]);
	while ((n = read(fds[0], buf + len, (1 << 16) - 1 - len)) > 0)
		len += (size_t)n;
	(void)close(fds[0]);
	buf[len] = '\0';
	return buf;
}

static int write_report(int fd, const void *o)
{
	return report_write(fd, o, &eff, &err);
}

static int write_learnt(int fd, const void *program)
{
	return report_learn_policy(fd, &eff, program, &err);
}

/* --- the reader itself: a test of the tests ------------------------- */

static bool valid(const char *text)
{
	const char *why;
	struct json *j = json_parse(text, strlen(text), &why);

	json_free(j);
	return j != NULL;
}

static void test_reader(void)
{
	const char *why;
	struct json *j;
	const struct json *a;

	j = json_parse("{\"a\": [1, -2.5e3, true, false, null, "
		       "\"x\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\n\"]}\n",
		       strlen("{\"a\": [1, -2.5e3, true, false, null, "
			      "\"x\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\n\"]}\n"),
		       &why);
	a = json_get(j, "a");
	ok(a && a->type == JSON_ARR && a->n == 6 && json_is_int(a->v[0], 1) &&
	       a->v[1]->type == JSON_NUM && !a->v[1]->is_int && a->v[2]->b &&
	       !a->v[3]->b && a->v[4]->type == JSON_NULL,
	   "json reader: numbers, true, false, null ('%s')", why);
	is_str(a && a->n == 6 ? json_str_of(a->v[5]) : NULL,
	       "x\xc3\xa9\xf0\x9f\x98\x80\"\\/\n",
	       "json reader: escapes and a surrogate pair decoded");
	json_free(j);
	ok(valid("\"\xc3\xa9\""), "json reader: UTF-8 accepted");
	ok(!valid("\"a\x01\""), "json reader: a raw control byte refused");
	ok(!valid("\"\xff\""), "json reader: a byte that is not UTF-8 refused");
	ok(!valid("\"\xc0\xaf\""), "json reader: overlong UTF-8 refused");
	ok(!valid("\"\\x41\""), "json reader: an unknown escape refused");
	ok(!valid("\"\\ud800\""), "json reader: a lone surrogate refused");
	ok(!valid("\"abc"), "json reader: an unterminated string refused");
	ok(!valid("{\"a\": 1,}"), "json reader: a trailing comma refused");
	ok(!valid("[01]"), "json reader: a leading zero refused");
	ok(!valid("{\"a\": 1, \"a\": 2}"),
	   "json reader: a duplicate key refused");
	ok(!valid("{} {}"), "json reader: text after the value refused");
	ok(!valid("{\"a\" 1}"), "json reader: a missing colon refused");
	ok(!valid("[1 2]"), "json reader: a missing comma refused");
	ok(!valid(""), "json reader: nothing refused");
}

/* --- report_write ---------------------------------------------------- */

static struct cj_outcome outcome(int kind, int exit_code, int sig)
{
	struct cj_outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.exit_code = exit_code;
	o.signal = sig;
	o.wall_ms = 1234;
	o.cpu_user_ms = 5;
	o.cpu_sys_ms = 6;
	o.max_rss_kb = 7890;
	o.supervisor_cpu_ms = 12;
	return o;
}

/* The report of o, parsed; NULL if it is not one line of valid JSON. */
static struct json *report(const struct cj_outcome *o, char **text,
			   const char *what)
{
	const char *why;
	struct json *j;
	int rc;

	*text = through_pipe(write_report, o, &rc);
	ok(rc == 0, "%s: written ('%s')", what, err.msg);
	j = json_parse(*text, strlen(*text), &why);
	ok(j != NULL && j->type == JSON_OBJ, "%s: a valid JSON object (%s)",
	   what, why);
	ok(strchr(*text, '\n') == *text + strlen(*text) - 1,
	   "%s: one line, ended by a newline", what);
	return j;
}

static bool is_version(const char *v)
{
	if (v == NULL || *v < '0' || *v > '9')
		return false;
	for (; *v; v++)
		if ((*v < '0' || *v > '9') && *v != '.')
			return false;
	return v[-1] != '.';
}

static void test_report_exited(void)
{
	struct cj_outcome o = outcome(CJ_ST_EXITED, 3, 0);
	const struct json *b;
	struct json *j;
	char *text;
	const char *ver;
	int syscall_order = 1;

	answers_builtin();
	seen(SYS_listen, 3, 2, "chmod");
	seen(SYS_capget, 2, 2, "node");
	seen(CJ_MAX_NR - 1, 9, 2, "x"); /* a number no entry names */
	j = report(&o, &text, "exited");
	ver = json_str_of(json_get(j, "capejail"));
	ok(is_version(ver), "exited: capejail, a version ('%s')",
	   ver ? ver : "(none)");
	is_str(json_str_of(json_get(j, "policy")), cj_policy_hash,
	       "exited: policy, the built-in hash");
	is_str(json_str_of(json_get(j, "status")), "exited", "exited: status");
	ok(json_is_int(json_get(j, "exit_code"), 3), "exited: exit_code 3");
	ok(json_is_int(json_get(j, "signal"), 0), "exited: signal 0");
	ok(json_get(j, "violation") &&
	       json_get(j, "violation")->type == JSON_NULL,
	   "exited: violation null");
	ok(json_is_int(json_get(j, "wall_ms"), 1234) &&
	       json_is_int(json_get(j, "cpu_user_ms"), 5) &&
	       json_is_int(json_get(j, "cpu_sys_ms"), 6) &&
	       json_is_int(json_get(j, "max_rss_kb"), 7890) &&
	       json_is_int(json_get(j, "supervisor_cpu_ms"), 12),
	   "exited: wall_ms, cpu_user_ms, cpu_sys_ms, max_rss_kb, "
	   "supervisor_cpu_ms");
	b = json_get(j, "blocked");
	ok(b && b->type == JSON_ARR && b->n == 2,
	   "exited: blocked, the two named syscalls counted");
	if (b && b->n == 2) {
		const char *first = json_str_of(json_get(b->v[0], "syscall"));
		const char *second = json_str_of(json_get(b->v[1], "syscall"));

		syscall_order = SYS_capget < SYS_listen;
		is_str(first, syscall_order ? "capget" : "listen",
		       "exited: blocked[0], in syscall order");
		is_str(second, syscall_order ? "listen" : "capget",
		       "exited: blocked[1], in syscall order");
		ok(json_is_int(json_get(b->v[0], "count"),
			       syscall_order ? 2 : 3) &&
		       json_is_int(json_get(b->v[1], "count"),
				   syscall_order ? 3 : 2),
		   "exited: blocked, their counts");
	}
	json_free(j);
	free(text);

	o.cpu_user_ms = o.cpu_sys_ms = o.max_rss_kb = -1;
	j = report(&o, &text, "unknown times");
	ok(json_is_int(json_get(j, "cpu_user_ms"), -1) &&
	       json_is_int(json_get(j, "cpu_sys_ms"), -1) &&
	       json_is_int(json_get(j, "max_rss_kb"), -1),
	   "unknown times: -1");
	json_free(j);
	free(text);

	/* -I: no policy, no answers. */
	effective_release(&eff);
	o = outcome(CJ_ST_EXITED, 0, 0);
	j = report(&o, &text, "no policy");
	is_str(json_str_of(json_get(j, "policy")), "none", "no policy: none");
	b = json_get(j, "blocked");
	ok(b && b->type == JSON_ARR && b->n == 0, "no policy: blocked []");
	json_free(j);
	free(text);
}

static void test_report_statuses(void)
{
	static const struct {
		int kind, code, sig;
		const char *name;
	} st[] = {
	    {CJ_ST_SETUP_ERROR, 125, 0, "setup-error"},
	    {CJ_ST_EXITED, 0, 0, "exited"},
	    {CJ_ST_SIGNALED, 137, 9, "signaled"},
	    {CJ_ST_VIOLATION, 159, 0, "violation"},
	    {CJ_ST_TIMEOUT, 124, 0, "timeout"},
	    {CJ_ST_OOM, 137, 9, "out-of-memory"},
	};

	answers_builtin();
	for (size_t i = 0; i < sizeof(st) / sizeof(*st); i++) {
		struct cj_outcome o =
		    outcome(st[i].kind, st[i].code, st[i].sig);
		char *text;
		struct json *j = report(&o, &text, st[i].name);

		is_str(json_str_of(json_get(j, "status")), st[i].name,
		       "%s: status", st[i].name);
		ok(json_is_int(json_get(j, "exit_code"), st[i].code) &&
		       json_is_int(json_get(j, "signal"), st[i].sig),
		   "%s: exit_code %d, signal %d", st[i].name, st[i].code,
		   st[i].sig);
		json_free(j);
		free(text);
	}

	/* What capejail said went wrong: the error's words, or null. */
	{
		struct cj_outcome o = outcome(CJ_ST_SETUP_ERROR, 125, 0);
		char *text;
		struct json *j;

		(void)snprintf(o.error, sizeof(o.error),
			       "--root /srv/jail: No such file or directory");
		j = report(&o, &text, "a setup error with its words");
		is_str(json_str_of(json_get(j, "error")),
		       "--root /srv/jail: No such file or directory",
		       "setup-error: the error's words in \"error\"");
		json_free(j);
		free(text);
		o = outcome(CJ_ST_EXITED, 0, 0);
		j = report(&o, &text, "no error");
		ok(strstr(text, "\"error\": null") != NULL,
		   "exited without an error: \"error\": null");
		json_free(j);
		free(text);
	}
}

static void test_report_violation(void)
{
	struct cj_outcome o = outcome(CJ_ST_VIOLATION, 159, 0);
	const struct json *v;
	struct json *j;
	char *text;

	answers_builtin();
	o.violation = true;
	(void)snprintf(o.v_syscall, sizeof(o.v_syscall), "chroot");
	o.v_nr = SYS_chroot;
	o.v_pid = 2;
	(void)snprintf(o.v_comm, sizeof(o.v_comm), "python3");
	j = report(&o, &text, "violation");
	v = json_get(j, "violation");
	ok(v && v->type == JSON_OBJ, "violation: an object");
	is_str(json_str_of(json_get(v, "syscall")), "chroot",
	       "violation: syscall");
	ok(json_is_int(json_get(v, "nr"), SYS_chroot) &&
	       json_is_int(json_get(v, "pid"), 2),
	   "violation: nr and pid");
	is_str(json_str_of(json_get(v, "comm")), "python3", "violation: comm");
	json_free(j);
	free(text);

	/* Another ABI: no name. */
	o.v_syscall[0] = '\0';
	o.v_nr = 0x40000000 + 161;
	j = report(&o, &text, "violation of another ABI");
	v = json_get(j, "violation");
	ok(json_get(v, "syscall") && json_get(v, "syscall")->type == JSON_NULL,
	   "violation of another ABI: syscall null");
	ok(json_is_int(json_get(v, "nr"), 0x40000000 + 161),
	   "violation of another ABI: its number");
	json_free(j);
	free(text);
}

/* The command name is the jail's to choose (prctl PR_SET_NAME, or the
 * name of the file it runs): whatever its bytes, the report stays JSON. */
static void test_report_escaping(void)
{
	struct cj_outcome o = outcome(CJ_ST_VIOLATION, 159, 0);
	const char *comm;
	struct json *j;
	char *text, many[16];

	answers_builtin();
	o.violation = true;
	(void)snprintf(o.v_syscall, sizeof(o.v_syscall), "ptr\"ace\\");
	(void)snprintf(o.v_comm, sizeof(o.v_comm),
		       "a\"b\\c\n\x01\x1f\x7f\xff/");
	j = report(&o, &text, "quotes, backslashes, control bytes, 0xff");
	ok(strstr(text, "\"comm\": \"a\\\"b\\\\c\\u000a\\u0001\\u001f\\u007f"
			"\\ufffd/\"") != NULL,
	   "comm escaped: \\\" \\\\, \\u00XX for control bytes, \\ufffd for "
	   "a byte that is no UTF-8");
	ok(strstr(text, "\"syscall\": \"ptr\\\"ace\\\\\"") != NULL,
	   "syscall escaped");
	comm = json_str_of(json_get(json_get(j, "violation"), "comm"));
	is_str(comm, "a\"b\\c\n\x01\x1f\x7f\xef\xbf\xbd/",
	       "comm read back (0xff as U+FFFD)");
	json_free(j);
	free(text);

	/* The longest name the kernel keeps (15 bytes), every one escaped. */
	memset(many, 0x01, sizeof(many) - 1);
	many[sizeof(many) - 1] = '\0';
	(void)snprintf(o.v_comm, sizeof(o.v_comm), "%s", many);
	j = report(&o, &text, "15 control bytes");
	comm = json_str_of(json_get(json_get(j, "violation"), "comm"));
	ok(comm && strcmp(comm, many) == 0,
	   "15 control bytes: read back whole");
	json_free(j);
	free(text);

	/* More than fits: cut, but still JSON. */
	memset(o.v_comm, 0x01, sizeof(o.v_comm) - 1);
	o.v_comm[sizeof(o.v_comm) - 1] = '\0';
	memset(o.v_syscall, '"', sizeof(o.v_syscall) - 1);
	o.v_syscall[sizeof(o.v_syscall) - 1] = '\0';
	j = report(&o, &text, "31 control bytes, 63 quotes");
	comm = json_str_of(json_get(json_get(j, "violation"), "comm"));
	ok(comm && strncmp(o.v_comm, comm, strlen(comm)) == 0,
	   "31 control bytes: a prefix of the name (%zu bytes)",
	   comm ? strlen(comm) : 0);
	json_free(j);
	free(text);

	/* A UTF-8 name, as a jail's program may well have. */
	o.v_syscall[0] = '\0';
	(void)snprintf(o.v_comm, sizeof(o.v_comm), "caf\xc3\xa9");
	j = report(&o, &text, "a UTF-8 name");
	comm = json_str_of(json_get(json_get(j, "violation"), "comm"));
	ok(comm && strcmp(comm, "caf\xc3\xa9") == 0,
	   "a UTF-8 comm reads back as the same text");
	json_free(j);
	free(text);
}

static void test_report_errors(void)
{
	struct cj_outcome o = outcome(CJ_ST_EXITED, 0, 0);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	answers_builtin();
	memset(&err, 0, sizeof(err));
	ok(fd >= 0 && report_write(fd, &o, &eff, &err) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "report to a read-only fd: an error, status 125");
	is_str(err.msg, "--report: writing: Bad file descriptor",
	       "report to a read-only fd: the message");
	if (fd >= 0)
		(void)close(fd);
}

/* --- report_learned -------------------------------------------------- */

static char *learned_table(int learn)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		bail("open_memstream");
	report_learned(f, &eff, learn);
	if (fclose(f) != 0 || buf == NULL)
		bail("fclose");
	return buf;
}

/* The table's row of name: from its name to the end of the line; NULL if
 * none. */
static const char *row(const char *table, const char *name)
{
	static char line[512];
	char want[80];
	const char *l;

	(void)snprintf(want, sizeof(want), "\n  %s ", name);
	l = strstr(table, want);
	if (l == NULL)
		return NULL;
	l += 3;
	(void)snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
	return line;
}

/* Are the words (NULL-terminated) in s in this order? */
static bool in_order(const char *s, ...) __attribute__((sentinel));

static bool in_order(const char *s, ...)
{
	va_list ap;
	const char *w;

	if (s == NULL)
		return false;
	va_start(ap, s);
	while ((w = va_arg(ap, const char *)) != NULL) {
		s = strstr(s, w);
		if (s == NULL)
			break;
		s += strlen(w);
	}
	va_end(ap);
	return s != NULL;
}

static void test_learned(void)
{
	char *t;

	answers_builtin();
	t = learned_table(CJ_LEARN);
	is_str(t, "capejail: learn: the program made no blocked syscall\n",
	       "learn table: none");
	free(t);

	seen(SYS_listen, 3, 2, "chmod");
	t = learned_table(CJ_LEARN);
	ok(strncmp(t, "capejail: learn: the program made 1 blocked syscall:\n",
		   strlen("capejail: learn: the program made 1 blocked "
			  "syscall:\n")) == 0,
	   "learn table: one, singular");
	free(t);

	seen(SYS_chroot, 1, 3, "sh");
	seen(SYS_clone3, 5, 4, "python3");
	seen(SYS_ioctl, 2, 5, "vi");
	t = learned_table(CJ_LEARN);
	ok(strncmp(t, "capejail: learn: the program made 4 blocked syscalls:\n",
		   strlen("capejail: learn: the program made 4 blocked "
			  "syscalls:\n")) == 0,
	   "learn table: four");
	ok(in_order(row(t, "listen"), " 3 ", "pid 2 'chmod'", " EPERM ",
		    " yes ", "\"Listen for a connection on a socket.\"", NULL),
	   "learn table: listen, 3 calls, its first caller, EPERM, ran, "
	   "its reason");
	ok(in_order(row(t, "chroot"), " 1 ", "pid 3 'sh'", " \u26a0\ufe0f kill",
		    " no ", NULL),
	   "learn table: chroot, a kill, not run under --learn");
	ok(in_order(row(t, "clone3"), " 5 ", "pid 4 'python3'", " ENOSYS ",
		    " no ", NULL),
	   "learn table: clone3, its own ENOSYS, not run");
	ok(in_order(row(t, "ioctl"), " 2 ", "pid 5 'vi'", " args: EPERM",
		    " yes ", NULL),
	   "learn table: ioctl, blocked by its argument rule, ran");
	{
		static const char *const names[] = {"ioctl", "chroot", "listen",
						    "clone3"};
		const int nrs[] = {SYS_ioctl, SYS_chroot, SYS_listen,
				   SYS_clone3};
		bool sorted = true;

		for (size_t a = 0; a < 4; a++)
			for (size_t b = 0; b < 4; b++) {
				char wa[32], wb[32];

				(void)snprintf(wa, sizeof(wa), "\n  %s ",
					       names[a]);
				(void)snprintf(wb, sizeof(wb), "\n  %s ",
					       names[b]);
				if (nrs[a] < nrs[b] &&
				    !(strstr(t, wa) && strstr(t, wb) &&
				      strstr(t, wa) < strstr(t, wb)))
					sorted = false;
			}
		ok(sorted, "learn table: in syscall order");
	}
	free(t);
	t = learned_table(CJ_LEARN_ALL);
	ok(in_order(row(t, "chroot"), " \u26a0\ufe0f kill", " yes ", NULL),
	   "learn table: chroot ran under --learn=all");
	ok(in_order(row(t, "clone3"), " ENOSYS ", " no ", NULL),
	   "learn table: clone3 still not run under --learn=all");
	free(t);
}

/* --- report_learn_policy --------------------------------------------- */

static const char *write_file(const char *name, const char *text)
{
	static char path[sizeof(dir) + 64];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		bail("writing a file");
	return path;
}

/* The line of the first "### " heading in text. */
static unsigned first_heading_line(const char *text)
{
	const char *h = strstr(text, "\n### ");
	unsigned line = 1;

	for (const char *p = text; h && p <= h; p++)
		line += *p == '\n';
	return h ? line : 0;
}

/* Every "TODO: say why this program needs it." replaced; malloc'd. */
static char *reviewed(const char *text)
{
	static const char todo_words[] = "TODO: say why this program needs it.";
	static const char mine[] = "Needed.";
	char *out = malloc(strlen(text) + 1), *o = out;
	const char *p = text, *t;

	if (out == NULL)
		bail("out of memory");
	while ((t = strstr(p, todo_words)) != NULL) {
		memcpy(o, p, (size_t)(t - p));
		o += t - p;
		memcpy(o, mine, strlen(mine));
		o += strlen(mine);
		p = t + strlen(todo_words);
	}
	memcpy(o, p, strlen(p) + 1);
	return out;
}

static void test_learn_policy(void)
{
	struct policy p = {NULL, 0};
	struct jail_spec spec;
	const struct policy_entry *e;
	char *text, *fixed, want[600];
	const char *path;
	int rc;

	answers_builtin();
	text = through_pipe(write_learnt, "/usr/bin/prog", &rc);
	ok(rc == 0, "learnt policy of nothing: written");
	ok(strstr(text, "Nothing: the program made no blocked syscall.") &&
	       policy_parse(text, strlen(text), "l.md", &p, &err) == 0 &&
	       p.n == 0,
	   "learnt policy of nothing: says so, no entry");
	policy_free(&p);
	free(text);

	seen(SYS_listen, 3, 2, "chmod");
	seen(SYS_chroot, 1, 3, "sh");
	seen(SYS_clone3, 5, 4, "python3");
	seen(SYS_ioctl, 2, 5, "vi");
	text = through_pipe(write_learnt, "/usr/bin/prog", &rc);
	ok(rc == 0, "learnt policy: written");
	ok(strncmp(text, "# Learnt by capejail --learn from /usr/bin/prog\n",
		   strlen("# Learnt by capejail --learn from "
			  "/usr/bin/prog\n")) == 0,
	   "learnt policy: its title names the program");
	memset(&err, 0, sizeof(err));
	ok(policy_parse(text, strlen(text), "l.md", &p, &err) == 0,
	   "learnt policy: the policy parser reads it ('%s')", err.msg);
	ok(p.n == 3,
	   "learnt policy: three entries (clone3's own ENOSYS is "
	   "no need) (got %zu)",
	   p.n);
	ok(policy_find(&p, "clone3") < 0, "learnt policy: no clone3");
	for (size_t i = 0; i < p.n; i++)
		ok(p.v[i].m.verdict == CJ_ALLOW &&
		       strncmp(p.v[i].reason, "TODO", 4) == 0,
		   "learnt policy: %s allowed, its reason starts with TODO",
		   p.v[i].name);
	e = policy_find(&p, "listen") < 0 ? NULL
					  : &p.v[policy_find(&p, "listen")];
	ok(e && strstr(e->reason,
		       "SYSCALLS.md blocks it: \"Listen for a connection on a "
		       "socket.\"") != NULL,
	   "learnt policy: listen's reason quotes SYSCALLS.md's");
	e = policy_find(&p, "chroot") < 0 ? NULL
					  : &p.v[policy_find(&p, "chroot")];
	ok(e && !e->m.warn && strstr(e->reason, "\u26a0\ufe0f") != NULL,
	   "learnt policy: chroot's reason says it was a warning-sign call");
	policy_free(&p);

	memset(&spec, 0, sizeof(spec));
	path = write_file("learnt.md", text);
	spec.policy.file = path;
	(void)snprintf(want, sizeof(want),
		       "%s:%u: %s: the reason still starts with TODO: say why "
		       "the program needs it",
		       path, first_heading_line(text),
		       SYS_ioctl < SYS_chroot ? "ioctl" : "chroot");
	{
		struct cj_effective e2;

		memset(&err, 0, sizeof(err));
		rc = effective_prepare(&spec, &e2, &err);
		ok(rc == -1, "learnt policy as --policy: refused");
		is_str(err.msg, want,
		       "learnt policy as --policy: the first TODO named");
		if (rc == 0)
			effective_release(&e2);

		fixed = reviewed(text);
		path = write_file("reviewed.md", fixed);
		spec.policy.file = path;
		memset(&err, 0, sizeof(err));
		rc = effective_prepare(&spec, &e2, &err);
		ok(rc == 0 && effective_answers(&e2, &err) == 0,
		   "reviewed policy as --policy: accepted ('%s')", err.msg);
		ok(rc == 0 && e2.by_nr[SYS_listen].allowed &&
		       e2.by_nr[SYS_chroot].allowed &&
		       !e2.by_nr[SYS_chroot].kills &&
		       !e2.by_nr[SYS_clone3].allowed,
		   "reviewed policy: listen and chroot allowed, clone3 not");
		is_str(rc == 0 ? e2.by_nr[SYS_listen].why : NULL, "Needed.",
		       "reviewed policy: listen's reason, the reviewer's");
		if (rc == 0)
			effective_release(&e2);
		free(fixed);
	}
	free(text);

	/* An entry of a --block: its source named. */
	memset(&spec, 0, sizeof(spec));
	spec.policy.overrides[0] = "-getpid";
	spec.policy.n_overrides = 1;
	answers_for(&spec);
	seen(SYS_getpid, 1, 2, "sh");
	text = through_pipe(write_learnt, "/bin/sh", &rc);
	ok(strstr(text, "\n### getpid\n\nTODO: say why this program needs it. "
			"--block blocks it: \"Blocked for this run by "
			"--block.\"\n") != NULL,
	   "learnt policy: an entry --block made names --block");
	free(text);

	/* A program whose path holds a newline. */
	answers_builtin();
	seen(SYS_listen, 1, 2, "x");
	text = through_pipe(write_learnt,
			    "/tmp/x\n\n## Blocked\n\n### getpid\n\nNo.", &rc);
	memset(&err, 0, sizeof(err));
	rc = policy_parse(text, strlen(text), "l.md", &p, &err);
	ok(rc == 0 && p.n == 1 && policy_find(&p, "getpid") < 0,
	   "learnt policy of a program with a newline in its path: only "
	   "what it learnt");
	policy_free(&p);
	free(text);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	test_reader();
	test_report_exited();
	test_report_statuses();
	test_report_violation();
	test_report_escaping();
	test_report_errors();
	test_learned();
	test_learn_policy();
	effective_release(&eff);
	{
		char path[sizeof(dir) + 64];

		(void)snprintf(path, sizeof(path), "%s/learnt.md", dir);
		(void)unlink(path);
		(void)snprintf(path, sizeof(path), "%s/reviewed.md", dir);
		(void)unlink(path);
		(void)rmdir(dir);
	}
	return tap_done();
}
