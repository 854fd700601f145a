/* export.h - the effective policy, printed: as SYSCALLS.md-format markdown,
 * as a list, or as an OCI (Docker, containerd, Kubernetes) seccomp
 * profile equivalent to capejail's own filter. */
#ifndef CAPEJAIL_EXPORT_H
#define CAPEJAIL_EXPORT_H

#include <stdio.h>

#include "err.h"
#include "filter.h"
#include "policy.h"

int export_markdown(FILE *f, const struct policy *p, struct cj_err *err);
int export_list(FILE *f, const struct policy *p, const struct cj_outcomes *o,
		struct cj_err *err);
int export_oci(FILE *f, const struct policy *p, const struct cj_outcomes *o,
	       struct cj_err *err);

#endif
