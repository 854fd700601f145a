/* launch.h - carry out a jail_spec. */
#ifndef CAPEJAIL_LAUNCH_H
#define CAPEJAIL_LAUNCH_H

#include "err.h"
#include "spec.h"

/* Run spec's program in a jail and return capejail's exit status. When the
 * jail could not be set up (or the program not started) err says why
 * (err->status != 0), for the caller to print once. */
struct cj_outcome;
struct cj_effective;

/* prog: the run's policy (effective_prepare), unused with -I. out: how it
 * ended, for --report (filled on every path). */
int launch(const struct jail_spec *spec, struct cj_effective *prog,
	   struct cj_outcome *out, struct cj_err *err);

#endif
