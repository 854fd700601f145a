/* env.h - the program's environment: built from scratch, never inherited. */
#ifndef CAPEJAIL_ENV_H
#define CAPEJAIL_ENV_H

#include "creds.h"
#include "err.h"
#include "spec.h"

#define CJ_ENV_SLOTS (CJ_MAX_ENV + 16)

struct jail_env {
	char *vars[CJ_ENV_SLOTS + 1]; /* NULL-terminated, malloc'd strings */
	size_t n;
};

/* PATH, HOME, USER, LOGNAME, SHELL from id, TERM if term is not NULL, PS1,
 * then spec's -e entries, each replacing an earlier variable of the same
 * name. Pure. */
int env_build(const struct jail_spec *spec, const struct identity *id,
	      const char *term, struct jail_env *env, struct cj_err *err);

/* Value of name in env, or NULL. */
const char *env_get(const struct jail_env *env, const char *name);

void env_free(struct jail_env *env);

#endif
