/* kinds.h - the tables of option kinds: what each kind of user mount is
 * (--bind, --ro-bind, --ro-bind-try, --tmpfs, -w) and each --rlimit name:
 * one row of facts that the option parser, the layers and -v all read, so
 * that none restates them. */
#ifndef CAPEJAIL_KINDS_H
#define CAPEJAIL_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

/* Facts of a kind, which combine. */
enum {
	CJ_MNT_SOURCE = 1 << 0,	 /* a bind of a host path: SRC[:DST] */
	CJ_MNT_RDONLY = 1 << 1,	 /* read-only in the jail */
	CJ_MNT_TRY = 1 << 2,	 /* skipped when SRC does not exist */
	CJ_MNT_WORKDIR = 1 << 3, /* at /work, and the working directory */
	CJ_MNT_TMPFS = 1 << 4,	 /* a fresh tmpfs: DST[:SIZE] */
};

struct cj_mount_info {
	enum cj_mount_kind kind;
	const char *option;    /* as the user typed it: "--ro-bind" */
	const char *syntax;    /* its argument: "SRC[:DST]" */
	unsigned flags;	       /* CJ_MNT_* */
	uint64_t default_size; /* a tmpfs's, when the argument has none */
};

/* The row of kind (never NULL for a kind of enum cj_mount_kind). */
const struct cj_mount_info *mount_kind(enum cj_mount_kind kind);

/* m's flags, as its kind's row says. */
unsigned mount_flags(const struct jail_mount *m);

/* --rlimit NAME: the RLIMIT_* resource it is, and whether its values are
 * sizes (K, M, G allowed). */
struct cj_rlimit_info {
	const char *name; /* "nofile" */
	int resource;	  /* RLIMIT_NOFILE */
	bool size;
};

/* The row named by the n bytes at name, NULL if none. */
const struct cj_rlimit_info *rlimit_by_name(const char *name, size_t n);

/* The --rlimit name of an RLIMIT_* resource ("nofile"), or "?". */
const char *rlimit_name(int resource);

#endif
