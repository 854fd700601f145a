/* output.h - the files capejail writes for its caller (--report,
 * --learn-out): never through a link, never into a FIFO, socket or device,
 * and never a file the jail could have replaced or forged.
 *
 * The directory that will hold FILE is opened when the run starts (its
 * path resolved as hostpath.h says), FILE itself is only looked at: it
 * must be missing or a regular file, and a file must be creatable in that
 * directory. Nothing is opened at FILE's name. When the run is over (the
 * jail's every process gone), capejail writes a new file under a random
 * name in that same directory (O_CREAT|O_EXCL|O_NOFOLLOW) and renames it
 * over FILE: whatever the jail did at FILE's name meanwhile (unlinked it,
 * wrote its own, left a symlink or a FIFO there) is replaced, never
 * followed or opened. */
#ifndef CAPEJAIL_OUTPUT_H
#define CAPEJAIL_OUTPUT_H

#include <limits.h>

#include "err.h"

struct cj_output {
	const char *opt;  /* "--report" */
	const char *path; /* as given; NULL: not asked for */
	int dirfd;	  /* the directory that holds it, O_PATH; -1 if none */
	char name[NAME_MAX + 1];
	char tmp[NAME_MAX + 1]; /* the new file while it is written */
};

/* Before the run: check path and hold its directory. o->dirfd stays -1
 * when path is NULL. */
int output_open(struct cj_output *o, const char *opt, const char *path,
		struct cj_err *err);

/* After the run: a new, empty file to write the output to (an fd). */
int output_begin(struct cj_output *o, struct cj_err *err);

/* fd written (rc: how that went, err filled if it failed): rename it over
 * FILE, or remove it. Releases o. */
int output_end(struct cj_output *o, int fd, int rc, struct cj_err *err);

/* Release o without writing anything. */
void output_release(struct cj_output *o);

#endif
