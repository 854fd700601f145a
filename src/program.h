/* program.h - PID 2, the jail's program: started by init with the jail
 * fully built, in a process group of its own, with only fds 0-2. */
#ifndef CAPEJAIL_PROGRAM_H
#define CAPEJAIL_PROGRAM_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct jail_env;

struct program_start {
	char *const *argv;	    /* PROGRAM [ARG]..., looked up on PATH */
	const struct jail_env *env; /* its environment */
	const sigset_t *oldmask;    /* the signal mask capejail was given */
	int msg_fd;		    /* to report a failed exec on */
	int slave;		    /* the jail's pty, -1 if none */
	uint64_t data_limit;	    /* RLIMIT_DATA at most this; 0: as is */
};

/* Start the program (clone(CLONE_VM | CLONE_VFORK), as posix_spawn does):
 * returns once it has exec'd or failed (a failure is reported on msg_fd
 * and the child exits 125, 126 or 127). -1 with errno if it could not be
 * started. */
pid_t program_start(const struct program_start *ps);

/* Report err to capejail on msg_fd and end this process of the jail. */
_Noreturn void program_die(int msg_fd, const struct cj_err *err);

/* The area of capejail's memory that /proc/PID/cmdline shows: its
 * arguments, as the kernel laid them out (argv[0] to the end of
 * argv[argc - 1]). main notes it before the options are parsed; PID 1, a
 * fork of capejail, wipes it (program_hide_cmdline). */
void program_note_cmdline(int argc, char *const argv[]);

/* In PID 1: copy the program's argv out (into *copy) and wipe the noted
 * area, so that nothing of capejail's command line is left to read. */
int program_hide_cmdline(char *const *argv, char ***copy, struct cj_err *err);

#endif
