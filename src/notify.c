/* notify.c - the calls the seccomp filter hands to capejail: a blocked
 * call answered with its errno and named once, a ⚠️ call (or another ABI's)
 * the death of the whole jail, a call in learn mode let through and
 * counted. */
#define _GNU_SOURCE
#include "notify.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "effective.h"
#include "relay.h"
#include "report.h"
#include "spec.h"
#include "util.h"

#include "sysnames.h"

#include "banned.h"

/* Where an entry's words are: SYSCALLS.md#name, file.md#name, --block. */
static const char *anchor(const struct cj_answer *v)
{
	static char buf[320];

	if (v->source[0] == '-')
		(void)snprintf(buf, sizeof(buf), "%s %s", v->source, v->name);
	else
		(void)snprintf(buf, sizeof(buf), "%s#%s", v->source, v->name);
	return buf;
}

/* Its PID inside the jail (last NSpid field) and its command name, read
 * from the host's /proc while the caller is still blocked in the syscall. */
static void describe(pid_t pid, long *jpid, char *comm, size_t cap)
{
	char path[64], *buf = NULL, *p;
	size_t len;
	struct cj_err ignored;

	*jpid = pid;
	(void)snprintf(comm, cap, "?");
	(void)snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_small_file(path, 1U << 16, &buf, &len, &ignored) < 0)
		return;
	p = strstr(buf, "\nNSpid:");
	if (p != NULL) {
		char *end = strchr(p + 1, '\n');

		if (end != NULL)
			*end = '\0';
		p = strrchr(p, '\t');
		if (p != NULL)
			*jpid = strtol(p + 1, NULL, 10);
		if (end != NULL)
			*end = '\n';
	}
	p = strstr(buf, "Name:\t");
	if (p != NULL)
		(void)snprintf(comm, cap, "%.*s", (int)strcspn(p + 6, "\n"),
			       p + 6);
	/* The program chose its name: no control bytes to our terminal. */
	for (char *c = comm; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	free(buf);
}

/* The kill of the jail, for a ⚠️ call (or any block under --on-blocked
 * kill, or another ABI): the call never runs, and PID 1's death takes
 * every process of the jail's PID namespace. */
static void on_violation(struct notify *r, const struct seccomp_notif *n,
			 const struct cj_answer *v, long jpid, const char *comm)
{
	char line[1024];

	(void)kill(r->init, SIGKILL);
	if (*r->status < 0)
		*r->status = 128 + SIGSYS;
	if (!r->out->violation) {
		r->out->violation = true;
		r->out->kind = CJ_ST_VIOLATION;
		r->out->v_nr = n->data.nr;
		r->out->v_pid = jpid;
		(void)snprintf(r->out->v_comm, sizeof(r->out->v_comm), "%s",
			       comm);
		if (v != NULL)
			(void)snprintf(r->out->v_syscall,
				       sizeof(r->out->v_syscall), "%s",
				       v->name);
	} else {
		return; /* one kill, one line */
	}
	if (v == NULL) {
		/* Not a number of the native table: x32 or int 0x80. */
		(void)snprintf(line, sizeof(line),
			       "capejail: killed the jail: syscall %d of "
			       "another ABI (arch 0x%x) in pid %ld '%s' "
			       "\u2014 \"Only the native ABI is allowed.\" "
			       "(SYSCALLS.md#outcomes)\n",
			       n->data.nr, n->data.arch, jpid, comm);
		relay_say(line, sizeof(line));
		return;
	}
	(void)snprintf(line, sizeof(line),
		       "capejail: killed the jail: %s (%d) in pid %ld '%s' "
		       "%s \u2014 \"%s\" (%s)\n",
		       v->name, n->data.nr, jpid, comm,
		       v->warn ? "\u26a0\ufe0f" : "(--on-blocked kill)", v->why,
		       anchor(v));
	relay_say(line, sizeof(line));
}

/* Answer a waiting call: fail it with errno e, or (e == 0) let it run. A
 * caller gone meanwhile (ENOENT) needs no answer. */
static void answer(struct notify *r, uint64_t id, int e)
{
	struct seccomp_notif_resp resp;

	memset(&resp, 0, sizeof(resp));
	resp.id = id;
	if (e != 0)
		resp.error = -e;
	else
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	(void)ioctl(r->notify, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* A call the filter handed over: the table says what it is. */
static void on_notification(struct notify *r, const struct seccomp_notif *n)
{
	struct cj_answer *v = NULL;
	char comm[16] = "?";
	long jpid = 0;
	bool first;

	/* Most runs hand nothing over: the table (80 KB, its pages
	 * faulted in) is made at the first call that is. Out of memory,
	 * there is none, and the call is one the table does not know:
	 * the jail is killed. */
	if (r->eff->by_nr == NULL) {
		struct cj_err ignored;

		(void)effective_answers(r->eff, &ignored);
	}
	if (n->data.arch == sysnames_arch() && n->data.nr >= 0 &&
	    n->data.nr < CJ_MAX_NR && (n->data.nr & 0x40000000) == 0 &&
	    r->eff->by_nr != NULL && r->eff->by_nr[n->data.nr].name != NULL)
		v = &r->eff->by_nr[n->data.nr];
	first = v == NULL || v->count == 0;
	if (first) {
		describe((pid_t)n->pid, &jpid, comm, sizeof(comm));
		/* The pid may have been reused since the call: only if the
		 * call still waits is what we read about its caller. */
		if (ioctl(r->notify, SECCOMP_IOCTL_NOTIF_ID_VALID, &n->id) <
		    0) {
			jpid = 0; /* unknown, as before the read */
			(void)snprintf(comm, sizeof(comm), "?");
		}
	}
	if (v == NULL || (r->learn == CJ_LEARN_OFF && v->kills)) {
		if (v == NULL || v->count == 0)
			on_violation(r, n, v, jpid, comm);
		else
			on_violation(r, n, v, v->first_pid, v->first_comm);
		return;
	}
	if (first) {
		v->first_pid = jpid;
		(void)snprintf(v->first_comm, sizeof(v->first_comm), "%s",
			       comm);
	}
	if (v->count < ULONG_MAX)
		v->count++;
	if (r->learn != CJ_LEARN_OFF) {
		/* Learning: the call runs and is written down; a ⚠️ one
		 * only with --learn=all; an errno of the entry's own (ENOSYS so
		 * that libc falls back) stays. */
		if (v->own_errno)
			answer(r, n->id, v->err_no);
		else if (v->warn && r->learn != CJ_LEARN_ALL)
			answer(r, n->id, EPERM);
		else
			answer(r, n->id, 0);
		return;
	}
	/* Once per syscall per run: a flood is counted, not printed. The
	 * line before the answer: the caller is still waiting, so capejail's
	 * words come before whatever the program says of the error. */
	if (first && !r->quiet) {
		char line[1024];

		(void)snprintf(
		    line, sizeof(line),
		    "capejail: blocked %s (%d%s) in pid %ld '%s': %s "
		    "\u2014 \"%s\" (%s%s%s%s)\n",
		    v->name, n->data.nr, v->allowed ? ", by its arguments" : "",
		    jpid, comm, errno_name(v->err_no), v->why, anchor(v),
		    v->lifted_by ? "; --policy " : "",
		    v->lifted_by ? v->lifted_by : "",
		    v->lifted_by ? " allows it" : "");
		relay_say(line, sizeof(line));
	}
	answer(r, n->id, v->err_no);
}

void notify_read(struct notify *r, void *buf, size_t size)
{
	memset(buf, 0, size);
	if (ioctl(r->notify, SECCOMP_IOCTL_NOTIF_RECV, buf) == 0) {
		on_notification(r, buf);
		return;
	}
	/* ENOENT: a notification was withdrawn before we read it: its
	 * caller was killed, or a signal interrupted the call. Such a call
	 * never runs: it fails with EINTR, or is restarted and handed to us
	 * again. Which call it was cannot be known (blocked ones come here
	 * too), so it cannot kill the jail: a program whose timer interrupts
	 * a blocked call would die for nothing. */
	if (errno == ENOENT)
		return;
	/* Anything else: the listener is unusable; its callers get ENOSYS,
	 * never the syscall. */
	if (errno != EINTR) {
		(void)close(r->notify);
		r->notify = -1;
	}
}

/* Linux 6.6: the caller and capejail wake each other on the CPU they are
 * on. Without it a blocked call costs a cross-CPU wake-up each way: measured
 * on a 2-vCPU VM, 97 us a call against 3.8 us on one CPU. Older kernels
 * refuse the flag: then it is only slower. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

void notify_sync_wake_up(int listener)
{
	(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		    SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
}
