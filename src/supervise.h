/* supervise.h - capejail's side of a run: signals in, status out. */
#ifndef CAPEJAIL_SUPERVISE_H
#define CAPEJAIL_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* Tell init to go on (sync_fd), forward signals to it, wait for it, and
 * turn what the jail said on msg_fd into an exit status. An error from the
 * jail is put in err (status != 0) for the caller to print. */
struct cgroup_set;

struct cj_effective;
struct tty_state;

/* What capejail enforces and answers while it waits. */
struct idmap_plan;

struct supervise_opts {
	uint64_t time_limit_ms; /* wall clock; 0: none */
	uint64_t cpu_time_ms;	/* CPU of the whole jail (cgroup); 0: none */
	uint64_t cpus_milli;	/* --cpus, thousandths of a CPU; 0: none */
	uint64_t memory;	/* --memory, to name it when OOM struck */
	bool memory_default;	/* ... the default one, not --memory's */
	uint64_t kill_after_ms; /* SIGTERM to capejail: SIGKILL after this */
	const struct cgroup_set *cg;
	struct cj_effective *eff; /* the run's policy; what the jail's
				     blocked calls get (notify.h) */
	int learn;		  /* enum cj_learn */
	bool quiet;		  /* -q: no line per blocked syscall */
	struct tty_state *tty;	  /* the caller's terminal (tty.h) */
	struct idmap_plan *idmap; /* what init may ask for (idmap.h) */
};

struct cj_outcome;

int supervise(pid_t init, int sync_fd, int msg_fd,
	      const struct supervise_opts *opt, struct cj_outcome *out,
	      struct cj_err *err);

#endif
