/* notify.h - capejail's answers to the calls the seccomp filter hands it
 * (SECCOMP_RET_USER_NOTIF). */
#ifndef CAPEJAIL_NOTIFY_H
#define CAPEJAIL_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cj_effective;
struct cj_outcome;

struct notify {
	int notify;		  /* the listener, -1 until init sends it */
	pid_t init;		  /* killed on a violation */
	int *status;		  /* the run's exit status, -1 if none yet */
	struct cj_outcome *out;	  /* the violation is noted here */
	struct cj_effective *eff; /* the run's policy; its table of
				     answers (effective.h) is made at
				     the first call handed over */
	int learn;		  /* enum cj_learn */
	bool quiet;		  /* -q: no line per blocked syscall */
};

/* Take one notification (buf: the kernel's size of one) and answer it. A
 * listener that fails is closed (r->notify -1): its callers get ENOSYS. */
void notify_read(struct notify *r, void *buf, size_t size);

/* Linux 6.6+: caller and capejail wake each other on one CPU. */
void notify_sync_wake_up(int listener);

#endif
