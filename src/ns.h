/* ns.h - namespaces, the jail's init (PID 1) and its channel to capejail. */
#ifndef CAPEJAIL_NS_H
#define CAPEJAIL_NS_H

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
};

struct cj_msg {
	int32_t kind;  /* enum cj_msg_kind */
	int32_t value; /* ERROR: exit status; EXIT: the program's wait status */
	char text[sizeof(((struct cj_err *)0)->msg)];
};

/* Send err (kind ERROR) or a wait status (kind EXIT) on fd. */
void ns_send_error(int fd, const struct cj_err *err);
void ns_send_exit(int fd, int wstatus);

/* Send an fd (kind LISTENER or PTY); -1 with err filled if it could not
 * go. */
int ns_send_fd(int fd, int kind, int passed, struct cj_err *err);

/* --timings: send PID 1's marks, in as many messages as they take. */
void ns_send_timings(int fd);

/* Receive one message, and the fd that came with it (-1 if none) into
 * *passed. Returns the message size, 0 at the end, -1 on error. */
long ns_recv(int fd, struct cj_msg *m, int *passed);

/* clone(2) into new namespaces (CLONE_NEW* flags), fork-like: returns 0 in
 * the child, its pid in the parent, -1 on error. */
pid_t ns_clone(unsigned long flags);

/* Child side, first thing: die with capejail (PR_SET_PDEATHSIG). If it
 * died before, the next ns_wait_go sees it. */
int ns_arm_deathsig(struct cj_err *err);

/* Child side: wait until capejail says go on sync_fd (EOF: it is gone). */
int ns_wait_go(int sync_fd, struct cj_err *err);

/* capejail's side: say go on sync_fd (one end of a socket pair). -1 with
 * errno (EPIPE: the jail is gone already). */
int ns_say_go(int sync_fd);

/* After a credential change the kernel clears PR_SET_PDEATHSIG: set it
 * again, then make sure capejail did not die in between. */
int ns_rebind_to_parent(int sync_fd, struct cj_err *err);

/* Close every fd from 3 up but the n in keep (each >= 3, ascending). */
int ns_close_fds_except(const int *keep, size_t n, struct cj_err *err);

/* The jail's user namespace: its ids 1 to 4294967293 are the host's same
 * ids, and its 0 is the host's unprivileged CJ_JAIL_ROOT, so that a root in
 * the jail owns nothing of the host's root. Written by capejail, as the
 * kernel asks, before the jail goes on.
 *
 * Rootless (capejail run by an ordinary user), the kernel lets one id be
 * mapped: the caller's uid and gid become the namespace's 0, setgroups is
 * denied first (as the kernel requires), and nothing else of the host is
 * mapped. The jail's user is made later, in a second user namespace inside
 * this one (ns_enter_user). */
#define CJ_JAIL_ROOT 4294967294U
int ns_map_ids(pid_t pid, bool rootless, struct cj_err *err);

/* In the jail, once mapped: from the host's root (or, rootless, from the
 * caller) to the jail's root. Rootless, setgroups is denied: the caller's
 * supplementary groups stay as they are. */
int ns_become_jail_root(bool rootless, struct cj_err *err);

/* No user namespace can be created inside the jail's own: its limit is 0.
 * Rootless, the limit is 1: the one ns_enter_user makes, which uses it up. */
int ns_forbid_userns(bool rootless, struct cj_err *err);

/* Rootless, once the jail's user is known (from the jail's own passwd): a
 * user namespace inside the jail's, where uid and gid (the jail's user) are
 * the outer namespace's 0, that is the caller; nothing else is mapped.
 * proc_fd is a /proc opened before the host's tree was detached (the
 * jail's root may have no /proc). Must run while we still hold every
 * capability of the outer namespace. */
int ns_enter_user(int proc_fd, uid_t uid, gid_t gid, struct cj_err *err);

/* Bring up lo in the network namespace of pid (the jail's init), from
 * capejail: it enters the namespace only to make a socket there. */
int ns_loopback_up_in(pid_t pid, struct cj_err *err);

/* The same from inside the jail's network namespace (PID 1, rootless: an
 * ordinary user cannot enter a namespace and come back). */
int ns_loopback_up(struct cj_err *err);

/* Signals init forwards to the program, and capejail to init. */
extern const int ns_forwarded_signals[];
extern const int ns_forwarded_count;

/* PID 1's life after the program started: forward signals that come from
 * capejail (to the program's process group when it leads one, as it does
 * on a pty of its own), reap every child, say when the program stops, and
 * when the program ends send its status on msg_fd and exit (which ends
 * every other process of the jail). */
_Noreturn void ns_init_loop(pid_t program, int msg_fd, const sigset_t *waited);

#endif
