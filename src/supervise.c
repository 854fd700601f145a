/* supervise.c - capejail's side of a run: the wait loop, signal
 * forwarding, and the seccomp listener that turns a ⚠️ syscall into the
 * death of the whole jail. */
#define _GNU_SOURCE
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <time.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "effective.h"
#include "ns.h"
#include "report.h"
#include "tty.h"
#include "timings.h"
#include "util.h"

#include "sysnames.h"

#include "banned.h"

static volatile sig_atomic_t forward_to;
static volatile sig_atomic_t got_term, got_winch, relaying;

/* Signals to capejail go to the jail's init, which passes them on to the
 * program. A window size change, when the jail has a pty of its own, is
 * set on that pty instead (its kernel side signals the program). SIGTERM
 * also starts the --kill-after clock. */
static void forward(int sig)
{
	int saved = errno;

	if (sig == SIGWINCH && relaying) {
		got_winch = 1;
		return;
	}
	if (sig == SIGTERM)
		got_term = 1;
	if (forward_to > 0)
		(void)kill((pid_t)forward_to, sig);
	errno = saved;
}

static int install_forwarders(pid_t init, struct cj_err *err)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	forward_to = init;
	for (int i = 0; i < ns_forwarded_count; i++)
		if (sigaction(ns_forwarded_signals[i], &sa, NULL) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "sigaction");
	return 0;
}

static int status_of(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return CJ_EXIT_SETUP;
}

struct run {
	pid_t init;
	int init_fd;  /* pidfd: readable when init has exited */
	int msg_fd;   /* the jail's messages */
	int msg_open; /* until the jail hangs up */
	int notify;   /* seccomp listener, -1 until init sends it */
	int status;   /* exit status decided so far, -1 if none */
	struct cj_err *err;
	struct cj_outcome *out;
	struct cj_answer *verdicts; /* NULL without a filter (-I) */
	int learn;
	bool quiet;
	bool limited; /* --time-limit or --cpu-time: capejail never stops */
	/* The jail's pty, relayed to the caller's terminal: */
	struct tty_state *tty;
	int pty;       /* its master, -1 if none */
	int out_fd;    /* the caller's terminal to write to: 1 or 2 */
	bool in_open;  /* fd 0 still read */
	char in[4096]; /* read from fd 0, not yet written to the pty */
	size_t in_len, in_off;
};

/* One line of capejail's own on stderr (line ends in a line feed). While
 * the caller's terminal is in raw mode (relaying the jail's pty) a line
 * feed does not return the carriage: end the line with both. The jail may
 * hold the same stderr and keep it from taking more (a full pipe, a
 * terminal whose output it stopped): the line is then given up after a
 * second, and the count in --report stays capejail's account. */
static void say(char *line, size_t cap)
{
	size_t n = strnlen(line, cap);

	if (relaying && n > 0 && n + 1 < cap && line[n - 1] == '\n' &&
	    isatty(2)) {
		line[n - 1] = '\r';
		line[n++] = '\n';
	}
	(void)write_all_within(2, line, n, 1000);
}

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

static const char *errno_name(int e)
{
	static char buf[32];
	const char *n = strerrorname_np(e);

	if (n != NULL)
		return n;
	(void)snprintf(buf, sizeof(buf), "errno %d", e);
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
static void on_violation(struct run *r, const struct seccomp_notif *n,
			 const struct cj_answer *v, long jpid, const char *comm)
{
	char line[1024];

	(void)kill(r->init, SIGKILL);
	if (r->status < 0)
		r->status = 128 + SIGSYS;
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
		say(line, sizeof(line));
		return;
	}
	(void)snprintf(line, sizeof(line),
		       "capejail: killed the jail: %s (%d) in pid %ld '%s' "
		       "%s \u2014 \"%s\" (%s)\n",
		       v->name, n->data.nr, jpid, comm,
		       v->warn ? "\u26a0\ufe0f" : "(--on-blocked kill)", v->why,
		       anchor(v));
	say(line, sizeof(line));
}

/* Answer a waiting call: fail it with errno e, or (e == 0) let it run. A
 * caller gone meanwhile (ENOENT) needs no answer. */
static void answer(struct run *r, uint64_t id, int e)
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
static void on_notification(struct run *r, const struct seccomp_notif *n)
{
	struct cj_answer *v = NULL;
	char comm[16] = "?";
	long jpid = 0;
	bool first;

	if (n->data.arch == sysnames_arch() && n->data.nr >= 0 &&
	    n->data.nr < CJ_MAX_NR && (n->data.nr & 0x40000000) == 0 &&
	    r->verdicts != NULL && r->verdicts[n->data.nr].name != NULL)
		v = &r->verdicts[n->data.nr];
	first = v == NULL || v->count == 0;
	if (first) {
		describe((pid_t)n->pid, &jpid, comm, sizeof(comm));
		/* The pid may have been reused since the call: only if the
		 * call still waits is what we read about its caller. */
		if (ioctl(r->notify, SECCOMP_IOCTL_NOTIF_ID_VALID, &n->id) < 0)
			(void)snprintf(comm, sizeof(comm), "?");
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
	answer(r, n->id, v->err_no);
	/* Once per syscall per run: a flood is counted, not printed. */
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
		say(line, sizeof(line));
	}
}

static void read_notification(struct run *r, void *buf, size_t size)
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

static void sync_wake_up(int listener)
{
	(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		    SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
}

/* The jail's pty: its master is ours to relay, without blocking (a
 * program that does not read its input must not stall capejail, which
 * also answers its syscalls). */
static void start_relay(struct run *r, int master)
{
	int fl = fcntl(master, F_GETFL);

	if (fl < 0 || fcntl(master, F_SETFL, fl | O_NONBLOCK) < 0) {
		(void)close(master);
		return;
	}
	r->pty = master;
	r->out_fd = isatty(1) ? 1 : 2;
	r->in_open = isatty(0);
	tty_setup_pty(r->tty, master);
	tty_raw(r->tty);
	relaying = 1;
}

/* The program stopped (Ctrl-Z on its terminal, SIGTSTP or SIGSTOP): so
 * does capejail, and the caller's shell sees the job stop. When the shell
 * continues us (fg, bg), SIGCONT was forwarded already and the program
 * goes on; the terminal goes back to raw mode if we are in front.
 * Not while a limit runs (--time-limit, --cpu-time, the grace after
 * SIGTERM): a stopped capejail enforces none, and the program can stop
 * itself and have another process of the jail continue it. Then the
 * program stays stopped and the limit keeps counting. Nor when no shell
 * can continue us: only a terminal's foreground job stops (a service or a
 * script that runs capejail without a terminal would wait for ever). */
static void stop_with_program(struct run *r)
{
	if (r->limited || got_term)
		return;
	if (r->pty < 0 && !(isatty(0) && tcgetpgrp(0) == getpgrp()))
		return;
	tty_cooked(r->tty);
	(void)kill(getpid(), SIGSTOP);
	(void)kill(r->init, SIGCONT);
	if (r->pty >= 0)
		tty_raw(r->tty);
}

/* What the jail's terminal wrote, to the caller's: 1 if it wrote, 0 if
 * nothing is there now, -1 when the pty is done (every slave closed: EIO). */
static int relay_out(struct run *r)
{
	char buf[8192];
	ssize_t n = read(r->pty, buf, sizeof(buf));

	if (n > 0) {
		(void)write_all(r->out_fd, buf, (size_t)n);
		return 1;
	}
	return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

/* Keys from the caller's terminal, to the jail's. */
static void relay_in(struct run *r, bool readable)
{
	if (r->in_len == 0 && readable) {
		ssize_t n = read(0, r->in, sizeof(r->in));

		if (n > 0) {
			r->in_len = (size_t)n;
			r->in_off = 0;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			r->in_open = false; /* hung up */
		}
	}
	while (r->in_len > 0) {
		ssize_t n = write(r->pty, r->in + r->in_off, r->in_len);

		if (n <= 0)
			break; /* full: poll says when it drains */
		r->in_off += (size_t)n;
		r->in_len -= (size_t)n;
	}
}

static void end_relay(struct run *r)
{
	if (r->pty < 0)
		return;
	while (relay_out(r) > 0)
		;
	relaying = 0;
	tty_cooked(r->tty);
	(void)close(r->pty);
	r->pty = -1;
}

static void read_messages(struct run *r)
{
	struct cj_msg m;
	int passed;
	long n;

	while ((n = ns_recv(r->msg_fd, &m, &passed)) > 0) {
		if (m.kind == CJ_MSG_LISTENER && passed >= 0 && r->notify < 0) {
			r->notify = passed;
			sync_wake_up(passed);
			timings_mark("jail-ready");
			continue;
		}
		if (m.kind == CJ_MSG_TIMINGS) {
			if (passed >= 0)
				(void)close(passed);
			timings_add_init(m.text);
			continue;
		}
		if (m.kind == CJ_MSG_PTY && passed >= 0 && r->pty < 0) {
			start_relay(r, passed);
			continue;
		}
		if (passed >= 0)
			(void)close(passed);
		if (m.kind == CJ_MSG_STOPPED) {
			stop_with_program(r);
			continue;
		}
		if (m.kind == CJ_MSG_ERROR && r->err->status == 0) {
			r->err->status = m.value;
			(void)snprintf(r->err->msg, sizeof(r->err->msg), "%s",
				       m.text);
		} else if (m.kind == CJ_MSG_EXIT && r->status < 0) {
			timings_mark("program");
			r->status = status_of(m.value);
			r->out->kind = WIFSIGNALED(m.value) ? CJ_ST_SIGNALED
							    : CJ_ST_EXITED;
			r->out->signal =
			    WIFSIGNALED(m.value) ? WTERMSIG(m.value) : 0;
		}
	}
	if (n == 0 || (n < 0 && errno != EAGAIN))
		r->msg_open = 0;
}

static uint64_t now_ms(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* A limit struck: the jail goes (SIGKILL to PID 1 takes its whole PID
 * namespace), and the run ends with status and why. */
static void limit_kill(struct run *r, int status, const char *what, uint64_t ms,
		       int kind)
{
	(void)kill(r->init, SIGKILL);
	if (r->err->status == 0) {
		cj_fail(r->err, status,
			"%s of %" PRIu64 ".%03" PRIu64
			" s reached: the jail was killed",
			what, ms / 1000, ms % 1000);
		r->status = status;
		r->out->kind = kind;
		if (kind == CJ_ST_SIGNALED)
			r->out->signal = SIGKILL;
	}
}

/* Until init exits: messages, notifications, limits; signals are forwarded
 * by the handler meanwhile. */
/* A wait of ms for poll: an hour at most (limits of weeks overflow an int
 * of milliseconds); the loop works out what is left. */
static int wait_ms(uint64_t ms)
{
	return ms > 3600000 ? 3600000 : (int)ms;
}

static void wait_loop(struct run *r, const struct supervise_opts *lim,
		      void *notif, size_t notif_size)
{
	uint64_t start = now_ms(), term_at = 0;
	sigset_t handled, orig;

	/* The forwarded signals are taken only inside ppoll: one that came
	 * between the checks below and the wait (a SIGTERM whose --kill-after
	 * clock must start) would otherwise wait for the next event. */
	sigemptyset(&handled);
	for (int i = 0; i < ns_forwarded_count; i++)
		sigaddset(&handled, ns_forwarded_signals[i]);
	(void)sigprocmask(SIG_BLOCK, &handled, &orig);
	for (;;) {
		struct timespec ts;
		struct pollfd p[5] = {
		    {r->init_fd, POLLIN, 0},
		    {r->msg_open ? r->msg_fd : -1, POLLIN, 0},
		    {r->notify, POLLIN, 0},
		    {r->pty, (short)(POLLIN | (r->in_len ? POLLOUT : 0)), 0},
		    {r->pty >= 0 && r->in_open && r->in_len == 0 ? 0 : -1,
		     POLLIN, 0}};
		int timeout = -1;

		if (got_winch && r->pty >= 0) {
			got_winch = 0;
			tty_winsize(r->pty);
		}
		/* SIGTERM was forwarded; the program has --kill-after to end
		 * before the jail is killed. */
		if (got_term && term_at == 0)
			term_at = now_ms();
		if (term_at != 0) {
			uint64_t t = now_ms() - term_at;

			if (t >= lim->kill_after_ms)
				limit_kill(r, 128 + SIGKILL,
					   "the program's grace after SIGTERM "
					   "(--kill-after)",
					   lim->kill_after_ms, CJ_ST_SIGNALED);
			else
				timeout = wait_ms(lim->kill_after_ms - t);
		}
		if (lim->time_limit_ms > 0) {
			uint64_t t = now_ms() - start;

			if (t >= lim->time_limit_ms)
				limit_kill(r, 124, "time limit",
					   lim->time_limit_ms, CJ_ST_TIMEOUT);
			else if (timeout < 0 ||
				 (uint64_t)timeout > lim->time_limit_ms - t)
				timeout = wait_ms(lim->time_limit_ms - t);
		}
		if (lim->cpu_time_ms > 0) {
			long long oom, cpu, peak;

			cgroup_stats(lim->cg, &oom, &cpu, &peak);
			if (cpu >= 0 &&
			    (uint64_t)cpu / 1000000 >= lim->cpu_time_ms)
				limit_kill(r, 128 + SIGXCPU, "CPU time limit",
					   lim->cpu_time_ms, CJ_ST_TIMEOUT);
			else if (timeout < 0 || timeout > 20)
				timeout = 20; /* polled: no event for it */
		}
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		if (ppoll(p, 5, timeout < 0 ? NULL : &ts, &orig) < 0) {
			if (errno == EINTR)
				continue;
			(void)kill(r->init, SIGKILL);
			(void)sigprocmask(SIG_SETMASK, &orig, NULL);
			return;
		}
		if (p[1].revents)
			read_messages(r);
		if (p[2].revents & POLLIN)
			read_notification(r, notif, notif_size);
		else if (p[2].revents) {
			(void)close(r->notify); /* no filter user left */
			r->notify = -1;
		}
		if (r->pty >= 0 && (p[3].revents & (POLLIN | POLLHUP)) &&
		    relay_out(r) < 0)
			end_relay(r);
		if (r->pty >= 0 && (p[4].revents || (p[3].revents & POLLOUT)))
			relay_in(r, p[4].revents != 0);
		if (p[0].revents) {
			end_relay(r); /* what the program wrote last */
			(void)sigprocmask(SIG_SETMASK, &orig, NULL);
			return;
		}
	}
}

int supervise(pid_t init, int sync_fd, int msg_fd,
	      const struct supervise_opts *lim, struct cj_outcome *out,
	      struct cj_err *err)
{
	struct run r = {.init = init,
			.init_fd = -1,
			.msg_fd = msg_fd,
			.msg_open = 1,
			.notify = -1,
			.status = -1,
			.err = err,
			.out = out,
			.verdicts = lim->verdicts,
			.learn = lim->learn,
			.quiet = lim->quiet,
			.limited =
			    lim->time_limit_ms > 0 || lim->cpu_time_ms > 0,
			.tty = lim->tty,
			.pty = -1};
	struct rusage ru;
	struct seccomp_notif_sizes sizes;
	void *notif = NULL;
	int wst = 0;
	pid_t w;

	err->status = 0;
	/* The kernel says how large its notification is (it may grow). */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0 ||
	    (notif = calloc(1, sizes.seccomp_notif)) == NULL)
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "seccomp notification sizes");
	else
		r.init_fd = (int)syscall(SYS_pidfd_open, init, 0);
	if (err->status == 0 && r.init_fd < 0)
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "pidfd_open");
	if (err->status == 0)
		(void)install_forwarders(init, err);
	/* The jail gone already (EPIPE) is no error of ours: it said why
	 * before it ended, and the wait below reads it. */
	if (err->status == 0 && ns_say_go(sync_fd) < 0 && errno != EPIPE &&
	    errno != ECONNRESET)
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "starting the jail");
	if (err->status != 0)
		(void)kill(init, SIGKILL); /* never started: nothing to say */
	else
		timings_mark("go");
	if (err->status == 0)
		wait_loop(&r, lim, notif, sizes.seccomp_notif);
	memset(&ru, 0, sizeof(ru));
	do
		w = wait4(init, &wst, 0, &ru);
	while (w < 0 && errno == EINTR);
	timings_mark("reap");
	/* init's usage holds every process of the jail it reaped. */
	if (w > 0) {
		out->cpu_user_ms = (long long)ru.ru_utime.tv_sec * 1000 +
				   ru.ru_utime.tv_usec / 1000;
		out->cpu_sys_ms = (long long)ru.ru_stime.tv_sec * 1000 +
				  ru.ru_stime.tv_usec / 1000;
		out->max_rss_kb = ru.ru_maxrss;
	}
	forward_to = 0;
	/* What the jail said before it ended is still queued. */
	if (r.msg_open)
		read_messages(&r);
	if (r.notify >= 0)
		(void)close(r.notify);
	if (r.init_fd >= 0)
		(void)close(r.init_fd);
	free(notif);
	/* The memory cap struck: the kernel killed a process of the jail. */
	if (err->status == 0 && lim->memory > 0) {
		long long oom, cpu, peak;

		cgroup_stats(lim->cg, &oom, &cpu, &peak);
		if (oom > 0)
			out->kind = CJ_ST_OOM;
		if (oom > 0)
			cj_fail(err, r.status >= 0 ? r.status : 128 + SIGKILL,
				"out of memory: the jail reached --memory "
				"(%" PRIu64 " bytes) and the kernel killed "
				"a process in it",
				lim->memory);
	}
	if (err->status != 0)
		return err->status;
	if (r.status >= 0)
		return r.status;
	/* init died without a word: killed from outside, say. */
	if (w > 0 && WIFSIGNALED(wst))
		return 128 + WTERMSIG(wst);
	cj_fail(err, CJ_EXIT_SETUP, "the jail ended before its program");
	return CJ_EXIT_SETUP;
}
