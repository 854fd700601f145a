/* program.c - PID 2: from init's fork to the program's execve, and the
 * command line it must not show. */
#define _GNU_SOURCE
#include "program.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "channel.h"
#include "env.h"

#include "banned.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Report err to capejail and end this process of the jail. */
_Noreturn void program_die(int msg_fd, const struct cj_err *err)
{
	chan_send_error(msg_fd, err);
	_exit(err->status);
}

/* execvp(3) on the jail's PATH, with the jail's environment. Returns only
 * on failure, with 127 (not found) or 126 (cannot execute) in err. */
static void exec_program(char *const argv[], const struct jail_env *env,
			 struct cj_err *err)
{
	const char *prog = argv[0], *path = env_get(env, "PATH");
	char buf[4096];
	bool denied = false;

	if (strchr(prog, '/') != NULL || path == NULL) {
		(void)execve(prog, argv, env->vars);
		cj_fail_errno(
		    err, errno == ENOENT ? CJ_EXIT_NOTFOUND : CJ_EXIT_NOEXEC,
		    errno, "%s", prog);
		return;
	}
	while (path != NULL) {
		const char *end = strchr(path, ':');
		int len = end ? (int)(end - path) : (int)strlen(path);
		int n = snprintf(buf, sizeof(buf), "%.*s/%s", len ? len : 1,
				 len ? path : ".", prog);

		path = end ? end + 1 : NULL;
		if (n < 0 || (size_t)n >= sizeof(buf))
			continue;
		(void)execve(buf, argv, env->vars);
		if (errno == EACCES)
			denied = true;
		else if (errno != ENOENT && errno != ENOTDIR) {
			cj_fail_errno(err, CJ_EXIT_NOEXEC, errno, "%s", buf);
			return;
		}
	}
	if (denied)
		cj_fail_errno(err, CJ_EXIT_NOEXEC, EACCES, "%s", prog);
	else
		cj_fail(err, CJ_EXIT_NOTFOUND, "%s: command not found", prog);
}

/* PID 2 in a process group of its own within init's session: a group
 * whose parent (init) is in the same session is not orphaned, so SIGTSTP
 * stops it (job control); signals from capejail go to the whole group. On
 * the jail's own pty (init's controlling terminal), it becomes the
 * terminal's foreground group, so Ctrl-C and Ctrl-Z (bytes relayed by
 * capejail) signal it, and the pty replaces those of fds 0-2 that were the
 * caller's terminal. */
static int own_group(int slave, struct cj_err *err)
{
	sigset_t ttou, old;

	if (setpgid(0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setpgid");
	if (slave < 0)
		return 0;
	/* From the background until this call: no SIGTTOU for it. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	if (sigprocmask(SIG_BLOCK, &ttou, &old) < 0 ||
	    tcsetpgrp(slave, getpid()) < 0 ||
	    sigprocmask(SIG_SETMASK, &old, NULL) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "the jail's terminal");
	for (int fd = 0; fd < 3; fd++)
		if (isatty(fd) && dup2(slave, fd) < 0)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "dup2");
	return 0;
}

/* PID 2: what remains before the program is the program. */
static _Noreturn void start_program(const struct program_start *ps)
{
	struct cj_err err = {0, ""};

	if (own_group(ps->slave, &err) < 0)
		program_die(ps->msg_fd, &err);

	/* Only fds 0, 1 and 2 reach the program; the message pipe stays
	 * open until exec so a failed exec can still be reported. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "close_range");
		program_die(ps->msg_fd, &err);
	}
	/* The default memory limit where no memory cgroup holds it: per
	 * process, the program's and its children's (init's own stays). A
	 * lower hard limit of the caller's is kept. */
	if (ps->data_limit > 0) {
		struct rlimit r;

		if (getrlimit(RLIMIT_DATA, &r) < 0 ||
		    ((r.rlim_max == RLIM_INFINITY ||
		      r.rlim_max > ps->data_limit) &&
		     setrlimit(RLIMIT_DATA, &(struct rlimit){ps->data_limit,
							     ps->data_limit}) <
			 0)) {
			cj_fail_errno(&err, CJ_EXIT_SETUP, errno,
				      "RLIMIT_DATA");
			program_die(ps->msg_fd, &err);
		}
	}
	/* init blocked the signals it waits for; the program starts with
	 * the mask capejail was given. */
	if (sigprocmask(SIG_SETMASK, ps->oldmask, NULL) < 0) {
		cj_fail_errno(&err, CJ_EXIT_SETUP, errno, "sigprocmask");
		program_die(ps->msg_fd, &err);
	}
	if (ps->argv == NULL || ps->argv[0] == NULL)
		cj_fail(&err, CJ_EXIT_SETUP, "no program");
	else
		exec_program(ps->argv, ps->env, &err);
	program_die(ps->msg_fd, &err);
}

#ifndef __SANITIZE_ADDRESS__
static _Alignas(16) char program_stack[64 * 1024];
#endif

static int program_main(void *arg)
{
	start_program(arg);
}

pid_t program_start(const struct program_start *ps)
{
	pid_t pid;

	/* The program borrows our memory until its execve (CLONE_VM, as
	 * posix_spawn does) rather than copying it, and we wait until then
	 * (CLONE_VFORK): nothing is shared while both run. It has a stack of
	 * its own. AddressSanitizer cannot follow a process onto a stack it
	 * did not make: its build forks (the same code runs in the child). */
#ifdef __SANITIZE_ADDRESS__
	pid = fork();
	if (pid == 0)
		(void)program_main((void *)ps);
#else
	pid = clone(program_main, program_stack + sizeof(program_stack),
		    CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)ps);
#endif
	if (pid > 0)
		/* As the program does (whichever runs first): its own
		 * group. */
		(void)setpgid(pid, pid);
	return pid;
}

/* capejail's arguments in its memory (program_note_cmdline). */
static char *cmdline_start, *cmdline_end;

void program_note_cmdline(int argc, char *const argv[])
{
	if (argc < 1 || argv[0] == NULL)
		return;
	cmdline_start = argv[0];
	cmdline_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
}

/* PID 1 is a fork of capejail: its /proc/1/cmdline, which every process
 * may read, would show the jail capejail's whole command line (the policy
 * file, -e values, the host paths of binds, which /proc/self/mountinfo
 * shows anyway). The program's argv is copied out and the area the kernel
 * shows is overwritten with "capejail" and NULs. Its last byte is not a
 * NUL: the kernel then takes the area for a title the process set
 * (setproctitle) and shows it up to the first NUL only, so not even the
 * command line's length is left to read. */
int program_hide_cmdline(char *const *argv, char ***copy, struct cj_err *err)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	if (n == 0)
		return cj_fail(err, CJ_EXIT_SETUP, "no program");
	*copy = calloc(n + 1, sizeof(**copy));
	if (*copy == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (((*copy)[i] = strdup(argv[i])) == NULL)
			return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	if (cmdline_start == NULL || cmdline_end <= cmdline_start)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "capejail's command line: not noted");
	memset(cmdline_start, 0, (size_t)(cmdline_end - cmdline_start));
	if ((size_t)(cmdline_end - cmdline_start) > sizeof("capejail")) {
		memcpy(cmdline_start, "capejail", sizeof("capejail"));
		cmdline_end[-1] = '.';
	}
	return 0;
}
