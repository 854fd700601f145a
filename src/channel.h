/* channel.h - the jail's channel to capejail: its messages
 * (errors, exit status, fds, timings) and the go handshake that orders the
 * two sides of a launch. */
#ifndef CAPEJAIL_CHANNEL_H
#define CAPEJAIL_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* What the jail tells capejail, one message per send on a SOCK_SEQPACKET
 * socket pair (so a message is never split or merged, and an fd can come
 * along). */
enum cj_msg_kind {
	CJ_MSG_ERROR = 1,    /* the jail could not be set up */
	CJ_MSG_EXIT = 2,     /* the program ended */
	CJ_MSG_LISTENER = 3, /* with the seccomp listener */
	CJ_MSG_PTY = 4,	     /* with the master of the jail's pty */
	CJ_MSG_STOPPED = 5,  /* the program stopped (Ctrl-Z, SIGSTOP) */
	CJ_MSG_TIMINGS = 6,  /* --timings: PID 1's steps (timings.h) */
	/* idmap.h: init asks for its idmapped binds, capejail sends them. */
	CJ_MSG_USER = 7,       /* the jail's user: value uid, value2 gid */
	CJ_MSG_MOUNT = 8,      /* to init: value the mount's index, with it */
	CJ_MSG_MOUNTS_END = 9, /* to init: no more */
};

struct cj_msg {
	int32_t kind;  /* enum cj_msg_kind */
	int32_t value; /* ERROR: exit status; EXIT: the program's wait status */
	int32_t value2;
	char text[sizeof(((struct cj_err *)0)->msg)];
};

/* Send err (kind ERROR) or a wait status (kind EXIT) on fd. */
void chan_send_error(int fd, const struct cj_err *err);
void chan_send_exit(int fd, int wstatus);

/* Send an fd (kind LISTENER or PTY); -1 with err filled if it could not
 * go. */
int chan_send_fd(int fd, int kind, int passed, struct cj_err *err);

/* A message of kind with its values, and an fd if passed >= 0. */
int chan_send(int fd, int kind, int32_t value, int32_t value2, int passed,
	      struct cj_err *err);

/* --timings: send PID 1's marks, in as many messages as they take. */
void chan_send_timings(int fd);

/* Receive one message, and the fd that came with it (-1 if none) into
 * *passed. Returns the message size, 0 at the end, -1 on error. */
long chan_recv(int fd, struct cj_msg *m, int *passed);

/* Child side, first thing: die with capejail (PR_SET_PDEATHSIG). If it
 * died before, the next chan_wait_go sees it. */
int chan_arm_deathsig(struct cj_err *err);

/* Child side: wait until capejail says go on sync_fd (EOF: it is gone). */
int chan_wait_go(int sync_fd, bool *data_limit, struct cj_err *err);

/* capejail's side, before the second go: the default memory limit is
 * RLIMIT_DATA (no memory cgroup here), which init sets on the program,
 * not on itself: *data_limit of the second chan_wait_go. -1 with errno. */
int chan_say_data_limit(int sync_fd);

/* Before a go: the jail's cgroups, as the tasks files (cgroup v1) that
 * capejail opened; init's chan_wait_go moves init into each (see
 * channel.c), before anything of the jail runs. At most CHAN_MAX_JOIN. */
#define CHAN_MAX_JOIN 4
int chan_send_join(int sync_fd, const int *fds, size_t n, struct cj_err *err);

/* capejail's side: say go on sync_fd (one end of a socket pair). -1 with
 * errno (EPIPE: the jail is gone already). */
int chan_say_go(int sync_fd);

/* After a credential change the kernel clears PR_SET_PDEATHSIG: set it
 * again, then make sure capejail did not die in between. */
int chan_rebind(int sync_fd, struct cj_err *err);

#endif
