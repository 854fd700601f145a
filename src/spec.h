/* spec.h - the whole run as plain data. cli.c fills it from argv without side
 * effects; launch.c carries it out. Nothing else decides what a run does. */
#ifndef CAPEJAIL_SPEC_H
#define CAPEJAIL_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CJ_MAX_ENV		 256
#define CJ_MAX_OVERRIDES	 128
#define CJ_MAX_RLIMITS		 16
#define CJ_MAX_MOUNTS		 64
#define CJ_DEFAULT_PIDS		 512
#define CJ_MIN_MEMORY		 (4ULL << 20) /* --memory */
#define CJ_DEFAULT_KILL_AFTER_MS 10000	      /* as docker stop */
#define CJ_DEFAULT_HOSTNAME	 "jail"
/* The default memory limit of a jail: half of the host's memory, and at
 * most this (cli_default_memory). */
#define CJ_DEFAULT_MEMORY_MAX (4ULL << 30)
/* Default rlimits of the per-user budgets (rlimits.c), which the kernel
 * charges to the jail's user namespace's owner too: pending signals,
 * POSIX message queue bytes; and open files (the kernel's own defaults,
 * which also bound the fds one user may have in flight over unix
 * sockets). --rlimit overrides each. */
#define CJ_DEFAULT_SIGPENDING  1024
#define CJ_DEFAULT_MSGQUEUE    (256ULL << 10)
#define CJ_DEFAULT_NOFILE_SOFT 1024
#define CJ_DEFAULT_NOFILE_HARD 4096

/* Size of the writable tmpfs mounts of the default root (/tmp, /dev/shm):
 * a jailed program must not fill the host's memory through them. */
#define CJ_DEFAULT_TMP_SIZE (256ULL << 20)
#define CJ_DEFAULT_SHM_SIZE (64ULL << 20)

/* The kinds of user mount, in the order of mountkind.c's table, which says
 * what each is. */
enum cj_mount_kind {
	CJ_BIND = 1,	/* --bind SRC[:DST] */
	CJ_RO_BIND,	/* --ro-bind SRC[:DST] */
	CJ_RO_BIND_TRY, /* --ro-bind-try SRC[:DST]: none if SRC is missing */
	CJ_TMPFS,	/* --tmpfs DST[:SIZE] */
	CJ_WORKDIR,	/* -w DIR: a bind at /work, the working directory */
};

/* --learn: blocked syscalls are passed to capejail, which records them and
 * lets them run (but ⚠️ ones, unless --learn=all). */
enum cj_learn { CJ_LEARN_OFF = 0, CJ_LEARN = 1, CJ_LEARN_ALL = 2 };

enum cj_verbosity { CJ_QUIET = -1, CJ_NORMAL = 0, CJ_VERBOSE = 1 };

/* --rootless-ids: whose host ids a rootless jail's users are (hostids.h). */
enum cj_rootless_ids {
	CJ_IDS_AUTO = 0,    /* subordinate where they can be, else caller */
	CJ_IDS_CALLER,	    /* the caller's one uid and gid */
	CJ_IDS_SUBORDINATE, /* the caller's subordinate ids, or an error */
};

/* Rootless, as decided before the clone (hostids_rootless): the jail's 0
 * is the caller; with sub, its ids 1 to count are the caller's
 * subordinate ids from uid_start and gid_start (newuidmap, newgidmap),
 * and the jail's user is one of them; else the jail's user is the caller
 * too (why: the reason, for -v). */
struct rootless_ids {
	bool sub;
	uint32_t uid_start, gid_start, count;
	const char *why;
};

/* The jail's file system: its root, its working directory and the user's
 * mounts (rootfs.c). */
struct jail_fs {
	const char *root; /* -r: jail root; NULL for the default root */
	/* --hostname: the jail's (sethostname), also in the default root's
	 * /etc/hostname. */
	const char *hostname;
	const char *chdir; /* -d: NULL for / (or /tmp on the default root) */
	uint64_t tmp_size; /* bytes, /tmp of the default root (--tmp-size) */
	uint64_t shm_size; /* bytes, /dev/shm */
	/* --bind, --ro-bind, --tmpfs, -w...: in command-line order, later
	 * ones over earlier ones. */
	struct jail_mount {
		enum cj_mount_kind kind;
		char *src;     /* host path (binds) */
		char *dst;     /* absolute path in the jail */
		uint64_t size; /* tmpfs */
	} mounts[CJ_MAX_MOUNTS];
	size_t n_mounts;
};

/* Limits of the whole jail (cgroups, capejail's clocks) and of each
 * process (rlimits). */
struct jail_limits {
	uint64_t memory;	/* --memory, bytes (memory + swap); 0: none
				   (--memory unlimited) */
	bool memory_set;	/* --memory given: a cgroup must hold it (the
				   default falls back to RLIMIT_DATA) */
	uint64_t pids;		/* --pids; CJ_DEFAULT_PIDS by default */
	bool pids_set;		/* --pids given (then it must hold) */
	uint64_t cpus_milli;	/* --cpus, thousandths of a CPU; 0: none */
	uint64_t cpu_time_ms;	/* --cpu-time of the whole jail; 0: none */
	uint64_t time_limit_ms; /* --time-limit, wall clock; 0: none */
	uint64_t kill_after_ms; /* --kill-after: SIGTERM, then SIGKILL */
	struct jail_rlimit {
		int resource; /* RLIMIT_* */
		uint64_t soft, hard;
	} rlimits[CJ_MAX_RLIMITS];
	size_t n_rlimits;
};

/* The policy for this run: SYSCALLS.md as built in, then --policy, then
 * --allow and --block in command-line order; how blocks end. */
struct jail_policy {
	bool insecure;				 /* -I: no seccomp filter */
	const char *file;			 /* --policy FILE */
	const char *overrides[CJ_MAX_OVERRIDES]; /* "+name" allow, "-name"
						    block */
	size_t n_overrides;
	int blocked_errno;   /* --blocked-errno; 0: SYSCALLS.md's EPERM */
	bool kill_blocked;   /* --on-blocked kill */
	enum cj_learn learn; /* --learn[=all] */
};

/* One run: the program, who runs it, in what, under which limits and
 * policy, and what capejail says about it. */
struct jail_spec {
	char *const *argv; /* PROGRAM [ARG]..., NULL-terminated */
	const char *user;  /* -u: name or UID[:GID]; NULL for nobody */
	/* Not from the options: capejail runs as an ordinary user (rootless:
	 * one id mapped, no host privilege). cli_parse's caller says. */
	bool rootless;
	enum cj_rootless_ids want_ids; /* --rootless-ids */
	struct rootless_ids ids;       /* rootless: decided in run() */
	const char *env[CJ_MAX_ENV];   /* -e KEY=VALUE, in command-line order */
	size_t n_env;
	bool share_net; /* --share-net, --net host: keep the host's network */
	bool net_user;	/* --net user: outbound through slirp4netns */
	struct jail_fs fs;
	struct jail_limits limits;
	struct jail_policy policy;
	/* What capejail says about the run. */
	enum cj_verbosity verbosity;
	const char *report_path; /* --report FILE: JSON of how it ended */
	const char *learn_out;	 /* --learn-out FILE: the policy learnt */
	bool timings;		 /* --timings: each launch step's time */
};

#endif
