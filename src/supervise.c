/* supervise.c - the wait loop and signal forwarding. */
#define _GNU_SOURCE
#include "supervise.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns.h"

#include "banned.h"

static volatile sig_atomic_t forward_to;

static void forward(int sig)
{
	int saved = errno;

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

int supervise(pid_t init, int sync_fd, int msg_fd, struct cj_err *err)
{
	struct cj_msg m;
	int wst = 0, status = -1;
	pid_t w;

	err->status = 0;
	if (install_forwarders(init, err) < 0) {
		(void)kill(init, SIGKILL);
		(void)waitpid(init, NULL, 0);
		return CJ_EXIT_SETUP;
	}
	if (write(sync_fd, "g", 1) != 1) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "starting the jail");
		(void)kill(init, SIGKILL);
	}
	do
		w = waitpid(init, &wst, 0);
	while (w < 0 && errno == EINTR);
	forward_to = 0;
	if (w < 0 && err->status == 0)
		cj_fail_errno(err, CJ_EXIT_SETUP, errno,
			      "waiting for the jail");
	/* The jail is gone; what it said is in the pipe, one message a read
	 * (packet mode). An error from set-up or exec comes before the
	 * program's status and decides the exit status. */
	while (read(msg_fd, &m, sizeof(m)) == (ssize_t)sizeof(m)) {
		m.text[sizeof(m.text) - 1] = '\0';
		if (m.kind == CJ_MSG_ERROR && err->status == 0) {
			err->status = m.value;
			(void)snprintf(err->msg, sizeof(err->msg), "%s",
				       m.text);
		} else if (m.kind == CJ_MSG_EXIT && status < 0) {
			status = status_of(m.value);
		}
	}
	if (err->status != 0)
		return err->status;
	if (status >= 0)
		return status;
	/* init died without a word: killed from outside, say. */
	if (w > 0 && WIFSIGNALED(wst))
		return 128 + WTERMSIG(wst);
	cj_fail(err, CJ_EXIT_SETUP, "the jail ended before its program");
	return CJ_EXIT_SETUP;
}
