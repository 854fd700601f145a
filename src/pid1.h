/* pid1.h - the jail's init (PID 1) after the program started: it
 * forwards signals, reaps, and reports how the program ended. */
#ifndef CAPEJAIL_PID1_H
#define CAPEJAIL_PID1_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Signals init forwards to the program, and capejail to init. */
extern const int pid1_forwarded_signals[];
extern const int pid1_forwarded_count;

/* Add the forwarded signals to set (and SIGCHLD when with_child: what
 * init waits for). */
void pid1_signal_set(sigset_t *set, bool with_child);

/* PID 1's life after the program started: forward signals that come from
 * capejail (to the program's process group when it leads one, as it does
 * on a pty of its own), reap every child, say when the program stops, and
 * when the program ends send its status on msg_fd and exit (which ends
 * every other process of the jail). */
_Noreturn void pid1_loop(pid_t program, int msg_fd, const sigset_t *waited);

#endif
