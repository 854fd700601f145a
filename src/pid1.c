/* pid1.c - the jail's init once the program runs. */
#define _GNU_SOURCE
#include "pid1.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"

#include "banned.h"

const int pid1_forwarded_signals[] = {SIGINT,	SIGTERM, SIGHUP,
				      SIGQUIT,	SIGUSR1, SIGUSR2,
				      SIGWINCH, SIGTSTP, SIGCONT};
const int pid1_forwarded_count =
    (int)(sizeof(pid1_forwarded_signals) / sizeof(pid1_forwarded_signals[0]));

void pid1_signal_set(sigset_t *set, bool with_child)
{
	if (with_child)
		sigaddset(set, SIGCHLD);
	for (int i = 0; i < pid1_forwarded_count; i++)
		sigaddset(set, pid1_forwarded_signals[i]);
}

_Noreturn void pid1_loop(pid_t program, int msg_fd, const sigset_t *waited)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(waited, &si);

		if (sig < 0 && errno == EINTR)
			continue;
		if (sig < 0) {
			/* Cannot wait: end the jail rather than spin. */
			chan_send_exit(msg_fd, 128 + SIGKILL);
			_exit(CJ_EXIT_SETUP);
		}
		if (sig != SIGCHLD) {
			/* si_pid is 0 for a sender outside the jail's PID
			 * namespace, i.e. capejail, by kill(2) (SI_USER;
			 * rt_sigqueueinfo lets a sender forge si_pid but not
			 * SI_USER). A signal from inside the jail to PID 1 is
			 * not passed on. One exception the kernel makes: a
			 * signal below SIGRTMIN that it cannot queue (the
			 * jail's pending-signal budget used up) arrives
			 * without its siginfo, as SI_USER from pid 0. A
			 * program can so have init send its process group
			 * what it may send it itself (the jail's processes
			 * are one user): nothing more. */
			if (si.si_pid == 0 && si.si_code == SI_USER)
				(void)kill(getpgid(program) == program
					       ? -program
					       : program,
					   sig);
			continue;
		}
		for (;;) {
			int st;
			pid_t w = waitpid(-1, &st, WNOHANG | WUNTRACED);

			if (w <= 0)
				break;
			if (w == program && WIFSTOPPED(st)) {
				/* capejail stops with it (job control). */
				struct cj_msg m;

				memset(&m, 0, sizeof(m));
				m.kind = CJ_MSG_STOPPED;
				m.value = WSTOPSIG(st);
				(void)send(msg_fd, &m, sizeof(m), MSG_NOSIGNAL);
				continue;
			}
			if (w == program) {
				/* Our exit kills every process left in the
				 * jail's PID namespace. */
				chan_send_exit(msg_fd, st);
				_exit(0);
			}
		}
	}
}
