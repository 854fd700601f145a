/* supervise.c - capejail's side of a run: the wait loop, signal
 * forwarding, and the seccomp listener that turns a ⚠️ syscall into the
 * death of the whole jail. */
#define _GNU_SOURCE
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <time.h>
#include <linux/seccomp.h>
#include <poll.h>
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
#include "notify.h"
#include "relay.h"
#include "channel.h"
#include "pid1.h"
#include "report.h"
#include "tty.h"
#include "idmap.h"
#include "timings.h"
#include "util.h"

#include "banned.h"

static volatile sig_atomic_t forward_to;
static volatile sig_atomic_t got_term, got_winch;

/* Signals to capejail go to the jail's init, which passes them on to the
 * program. A window size change, when the jail has a pty of its own, is
 * set on that pty instead (its kernel side signals the program). SIGTERM
 * also starts the --kill-after clock. */
static void forward(int sig)
{
	int saved = errno;

	if (sig == SIGWINCH && relay_active) {
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
	for (int i = 0; i < pid1_forwarded_count; i++)
		if (sigaction(pid1_forwarded_signals[i], &sa, NULL) < 0)
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
	int status;   /* exit status decided so far, -1 if none */
	struct cj_err *err;
	struct cj_outcome *out;
	bool limited;	  /* --time-limit or --cpu-time: capejail never stops */
	struct notify n;  /* the seccomp listener's calls */
	struct relay tty; /* the jail's pty, relayed to the caller's */
	struct idmap_plan *idmap; /* init's idmapped binds, on request */
};

/* Can a shell continue us once we stop? We are the foreground job of the
 * caller's terminal, and our parent is a shell with job control: in our
 * session, in another process group (the shell that would say fg). Under
 * script(1), `ssh -t host capejail ...` or `docker exec -t`, capejail
 * leads a session of its own and nothing would ever continue it. Nor
 * where a wrapper shares our group (a script that runs capejail): a
 * wrapper that does not stop with us (dash does not) leaves the caller's
 * shell no stopped job to continue. There the program stops alone, and
 * the SIGCONT of the job's fg reaches it through us. */
static bool job_control_ours(const struct tty_state *tty)
{
	pid_t group = getpgrp(), parent = getppid();

	return tty != NULL && tty->have_tty && tcgetpgrp(tty->fd) == group &&
	       getpgid(parent) != group && getsid(parent) == getsid(0);
}

/* The program stopped (Ctrl-Z on its terminal, SIGTSTP or SIGSTOP): so
 * does capejail, and the caller's shell sees the job stop. When the shell
 * continues us (fg, bg), SIGCONT was forwarded already and the program
 * goes on; the terminal goes back to raw mode if we are in front.
 * Not while a limit runs (--time-limit, --cpu-time, the grace after
 * SIGTERM): a stopped capejail enforces none, and the program can stop
 * itself and have another process of the jail continue it. Then the
 * program stays stopped and the limit keeps counting. Nor when no shell
 * can continue us (job_control_ours): a service or a script that runs
 * capejail without a terminal, or on a terminal of its own with no shell
 * (script, ssh -t, docker exec -t), would wait for ever, and with it
 * every SIGTERM sent to capejail. */
static void stop_with_program(struct run *r)
{
	if (r->limited || got_term || !job_control_ours(r->tty.tty))
		return;
	tty_cooked(r->tty.tty);
	(void)kill(getpid(), SIGSTOP);
	(void)kill(r->init, SIGCONT);
	if (r->tty.pty >= 0)
		tty_raw(r->tty.tty);
}

static void read_messages(struct run *r)
{
	struct cj_msg m;
	int passed;
	long n;

	while ((n = chan_recv(r->msg_fd, &m, &passed)) > 0) {
		if (m.kind == CJ_MSG_LISTENER && passed >= 0 &&
		    r->n.notify < 0) {
			r->n.notify = passed;
			notify_sync_wake_up(passed);
			timings_mark("jail-ready");
			continue;
		}
		if (m.kind == CJ_MSG_TIMINGS) {
			if (passed >= 0)
				(void)close(passed);
			timings_add_init(m.text);
			continue;
		}
		if (m.kind == CJ_MSG_USER) {
			struct cj_err e = {0, ""};

			if (passed >= 0)
				(void)close(passed);
			/* init waits for the answer, which ends with
			 * MOUNTS_END, also when there is nothing to send. */
			if (r->idmap)
				idmap_answer(r->idmap, r->msg_fd,
					     (uint32_t)m.value,
					     (uint32_t)m.value2);
			else
				(void)chan_send(r->msg_fd, CJ_MSG_MOUNTS_END, 0,
						0, -1, &e);
			continue;
		}
		if (m.kind == CJ_MSG_PTY && passed >= 0 && r->tty.pty < 0) {
			relay_start(&r->tty, r->tty.tty, passed);
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
		       enum cj_status_kind kind)
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

/* A wait of ms for poll: an hour at most (limits of weeks overflow an int
 * of milliseconds); the loop works out what is left. */
static int wait_ms(uint64_t ms)
{
	return ms > 3600000 ? 3600000 : (int)ms;
}

/* How often --cpu-time's count is read (ms): what the jail may use past
 * its limit. */
#define CPU_POLL_MS 20

/* The CPU time --cpu-time holds: the jail's and capejail's work for it
 * (in the jail's cgroup on v1, from cgroup_join_cpu on; added here where
 * it is not, on v2, from self0, capejail's own when its wait for the jail
 * began). -1 where unknown. */
static long long jail_cpu_ns(const struct supervise_opts *lim, long long self0)
{
	long long cpu = cgroup_cpu_ns(lim->cg), self;

	if (cpu >= 0 && !cgroup_counts_supervisor(lim->cg) && self0 >= 0 &&
	    (self = self_cpu_ns()) >= 0)
		cpu += self - self0;
	return cpu;
}

/* --cpus where capejail is not in the jail's CPU cgroup (v2: a move in and
 * out would make every run wait for RCU grace periods, and the one
 * directory's memory and pids limits would count capejail): it bounds its
 * own work for the jail so that the jail's CPU and its own together keep
 * to the quota, as on v1. A bucket of CPU time fills at the quota's rate,
 * at most one period (SHARE_PERIOD_MS) of it ahead; the jail's use (its
 * cgroup's count, read every SHARE_READ_MS) and capejail's (its rusage, at
 * each pass) are taken out of it, and it owes at most one period. While it
 * owes, capejail answers no notification and relays no output but one a
 * period (a jail whose own threads take the whole quota still gets its
 * blocked calls answered): the jail's threads that wait for an answer, or
 * for room in the terminal, wait without CPU while it fills again. */
#define SHARE_PERIOD_MS 100
#define SHARE_READ_MS	5
#define SHARE_WAIT_MS	10

struct cpu_share {
	long long rate;		      /* ns of CPU per ms of wall: the quota */
	long long tokens;	      /* ns; below 0: owed */
	uint64_t filled_ms;	      /* wall clock of the last fill */
	long long self_ns, jail_ns;   /* the counts at the last look */
	uint64_t jail_at, trickle_at; /* next cgroup read; next answer owed */
	int stat_fd;		      /* the jail's cpu.stat, kept open */
};

static void share_start(struct cpu_share *sh, const struct supervise_opts *lim)
{
	memset(sh, 0, sizeof(*sh));
	sh->stat_fd = -1;
	if (lim->cpus_milli == 0 || cgroup_counts_supervisor(lim->cg) ||
	    (sh->stat_fd = cgroup_cpu_stat_open(lim->cg)) < 0 ||
	    (sh->jail_ns = cgroup_cpu_ns_at(sh->stat_fd)) < 0 ||
	    (sh->self_ns = self_cpu_ns()) < 0)
		return;
	sh->rate = (long long)lim->cpus_milli * 1000; /* milli * 1e6 / 1e3 */
	sh->tokens = sh->rate * SHARE_PERIOD_MS;
	sh->filled_ms = now_ms();
}

/* Does capejail owe CPU (and so wait)? *timeout is shortened to when it
 * may answer again. */
static bool share_owed(struct cpu_share *sh, int *timeout)
{
	uint64_t t = now_ms();
	long long self = self_cpu_ns(), cap, wait;

	if (sh->rate == 0)
		return false;
	if (self >= 0) {
		sh->tokens -= self - sh->self_ns;
		sh->self_ns = self;
	}
	if (t >= sh->jail_at) {
		long long jail = cgroup_cpu_ns_at(sh->stat_fd);

		sh->jail_at = t + SHARE_READ_MS;
		if (jail >= sh->jail_ns) {
			sh->tokens -= jail - sh->jail_ns;
			sh->jail_ns = jail;
		}
	}
	cap = sh->rate * SHARE_PERIOD_MS;
	sh->tokens += sh->rate * (long long)(t - sh->filled_ms);
	sh->filled_ms = t;
	if (sh->tokens > cap)
		sh->tokens = cap;
	if (sh->tokens < -cap)
		sh->tokens = -cap;
	if (sh->tokens >= 0)
		return false;
	if (t >= sh->trickle_at) {
		sh->trickle_at = t + SHARE_PERIOD_MS;
		return false;
	}
	/* Until it is paid, if the jail used nothing meanwhile; at least
	 * SHARE_WAIT_MS (each look costs capejail a little CPU too). */
	wait = -sh->tokens / sh->rate + 1;
	if (wait < SHARE_WAIT_MS)
		wait = SHARE_WAIT_MS;
	if (wait > (long long)(sh->trickle_at - t))
		wait = (long long)(sh->trickle_at - t);
	if (*timeout < 0 || *timeout > wait)
		*timeout = (int)wait;
	return true;
}

/* Until init exits: messages, notifications, limits; signals are forwarded
 * by the handler meanwhile. */
static void wait_events(struct run *r, const struct supervise_opts *lim,
			struct cpu_share *share, void *notif, size_t notif_size)
{
	uint64_t start = now_ms(), term_at = 0, cpu_at = 0;
	long long self0 = self_cpu_ns();
	sigset_t handled, orig;

	/* The forwarded signals are taken only inside ppoll: one that came
	 * between the checks below and the wait (a SIGTERM whose --kill-after
	 * clock must start) would otherwise wait for the next event. */
	sigemptyset(&handled);
	pid1_signal_set(&handled, false);
	(void)sigprocmask(SIG_BLOCK, &handled, &orig);
	for (;;) {
		struct timespec ts;
		struct pollfd p[5] = {
		    {r->init_fd, POLLIN, 0},
		    {r->msg_open ? r->msg_fd : -1, POLLIN, 0},
		    {r->n.notify, POLLIN, 0},
		    {r->tty.pty,
		     (short)(POLLIN | (r->tty.in_len ? POLLOUT : 0)), 0},
		    {r->tty.pty >= 0 && r->tty.in_open && r->tty.in_len == 0
			 ? 0
			 : -1,
		     POLLIN, 0}};
		int timeout = -1;

		if (got_winch && r->tty.pty >= 0) {
			got_winch = 0;
			tty_winsize(r->tty.pty);
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
		/* Polled, no event tells of it: every CPU_POLL_MS, not at
		 * each pass (a flood of notifications would read the cgroup
		 * at each, and cost capejail 4x its work for them). */
		if (lim->cpu_time_ms > 0) {
			uint64_t t = now_ms();
			long long cpu;

			if (t >= cpu_at) {
				cpu_at = t + CPU_POLL_MS;
				cpu = jail_cpu_ns(lim, self0);
				if (cpu >= 0 &&
				    (uint64_t)cpu / 1000000 >= lim->cpu_time_ms)
					limit_kill(
					    r, 128 + SIGXCPU, "CPU time limit",
					    lim->cpu_time_ms, CJ_ST_TIMEOUT);
			}
			if (timeout < 0 || (uint64_t)timeout > cpu_at - t)
				timeout = (int)(cpu_at - t);
		}
		/* Owed: the notifications and the terminal's output wait. */
		if (share_owed(share, &timeout)) {
			p[2].fd = -1;
			p[3].events &= (short)~POLLIN;
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
			notify_read(&r->n, notif, notif_size);
		else if (p[2].revents) {
			(void)close(r->n.notify); /* no filter user left */
			r->n.notify = -1;
		}
		if (r->tty.pty >= 0 && (p[3].revents & (POLLIN | POLLHUP)) &&
		    relay_out(&r->tty) < 0)
			relay_end(&r->tty);
		if (r->tty.pty >= 0 &&
		    (p[4].revents || (p[3].revents & POLLOUT)))
			relay_in(&r->tty, p[4].revents != 0);
		if (p[0].revents) {
			relay_end(&r->tty); /* what the program wrote last */
			(void)sigprocmask(SIG_SETMASK, &orig, NULL);
			return;
		}
	}
}

static void wait_loop(struct run *r, const struct supervise_opts *lim,
		      void *notif, size_t notif_size)
{
	struct cpu_share share;

	share_start(&share, lim);
	wait_events(r, lim, &share, notif, notif_size);
	if (share.stat_fd >= 0)
		(void)close(share.stat_fd);
}

int supervise(pid_t init, int sync_fd, int msg_fd,
	      const struct supervise_opts *lim, struct cj_outcome *out,
	      struct cj_err *err)
{
	struct run r = {.init = init,
			.init_fd = -1,
			.msg_fd = msg_fd,
			.msg_open = 1,
			.status = -1,
			.err = err,
			.out = out,
			.limited =
			    lim->time_limit_ms > 0 || lim->cpu_time_ms > 0,
			.tty = {.tty = lim->tty, .pty = -1},
			.idmap = lim->idmap};
	struct rusage ru;
	struct seccomp_notif_sizes sizes;
	void *notif = NULL;
	long long self;
	int wst = 0;
	pid_t w;

	r.n = (struct notify){.notify = -1,
			      .init = init,
			      .status = &r.status,
			      .out = out,
			      .eff = lim->eff,
			      .learn = lim->learn,
			      .quiet = lim->quiet};
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
	if (err->status == 0 && chan_say_go(sync_fd) < 0 && errno != EPIPE &&
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
	/* init's usage holds every process of the jail it reaped; the
	 * jail's cgroup, where it counts CPU, every process, those killed
	 * with init (the kernel does not add them to a killed init's). */
	if (w > 0) {
		long long user_us, sys_us;

		if (cgroup_jail_cpu(lim->cg, &user_us, &sys_us)) {
			out->cpu_user_ms = user_us / 1000;
			out->cpu_sys_ms = sys_us / 1000;
		} else {
			out->cpu_user_ms =
			    (long long)ru.ru_utime.tv_sec * 1000 +
			    ru.ru_utime.tv_usec / 1000;
			out->cpu_sys_ms = (long long)ru.ru_stime.tv_sec * 1000 +
					  ru.ru_stime.tv_usec / 1000;
		}
		out->max_rss_kb = ru.ru_maxrss;
	}
	/* capejail's own work for the jail (with --cpus or --cpu-time on v1,
	 * inside the jail's CPU cgroup: cgroup_join_cpu). */
	self = self_cpu_ns();
	if (self >= 0)
		out->supervisor_cpu_ms = self / 1000000;
	forward_to = 0;
	/* What the jail said before it ended is still queued. */
	if (r.msg_open)
		read_messages(&r);
	if (r.n.notify >= 0)
		(void)close(r.n.notify);
	if (r.init_fd >= 0)
		(void)close(r.init_fd);
	free(notif);
	/* The memory cap struck: the kernel killed a process of the jail. */
	if (err->status == 0 && lim->memory > 0) {
		long long oom = cgroup_oom_kills(lim->cg);

		if (oom > 0)
			out->kind = CJ_ST_OOM;
		if (oom > 0)
			cj_fail(err, r.status >= 0 ? r.status : 128 + SIGKILL,
				"out of memory: the jail reached %s "
				"(%" PRIu64 " bytes) and the kernel killed "
				"a process in it%s",
				lim->memory_default ? "the default memory limit"
						    : "--memory",
				lim->memory,
				lim->memory_default ? " (--memory SIZE or "
						      "unlimited changes it)"
						    : "");
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
