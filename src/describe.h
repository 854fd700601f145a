/* describe.h - -v: what a run is going to be, and how it ended, in words. */
#ifndef CAPEJAIL_DESCRIBE_H
#define CAPEJAIL_DESCRIBE_H

#include <stdio.h>

#include "effective.h"
#include "report.h"
#include "spec.h"

/* Before the launch: the root, the user, the mounts, the network, the
 * limits and the policy of spec, one "capejail: " line each, to f. eff is
 * NULL with -I. */
void describe_run(FILE *f, const struct jail_spec *spec,
		  const struct cj_effective *eff);

/* During it: the default memory limit had no memory cgroup to hold it and
 * is RLIMIT_DATA (cgroup.h's memory_fallback), one line. */
void describe_memory_fallback(FILE *f, const struct jail_spec *spec);

/* After it: how the run ended (o), in one line. */
void describe_end(FILE *f, const struct cj_outcome *o);

#endif
