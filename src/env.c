/* env.c - the program's environment. */
#define _GNU_SOURCE
#include "env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static size_t name_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq ? (size_t)(eq - kv) : strlen(kv);
}

/* Set kv ("NAME=value"), replacing an earlier NAME. */
static int env_put(struct jail_env *env, char *kv, struct cj_err *err)
{
	size_t n;

	if (kv == NULL)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	n = name_len(kv);
	for (size_t i = 0; i < env->n; i++) {
		if (name_len(env->vars[i]) == n &&
		    strncmp(env->vars[i], kv, n) == 0) {
			free(env->vars[i]);
			env->vars[i] = kv;
			return 0;
		}
	}
	if (env->n == CJ_ENV_SLOTS) {
		free(kv);
		return cj_fail(err, CJ_EXIT_SETUP, "too many variables");
	}
	env->vars[env->n++] = kv;
	env->vars[env->n] = NULL;
	return 0;
}

static int env_set(struct jail_env *env, const char *name, const char *value,
		   struct cj_err *err)
{
	char *kv = NULL;

	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	return env_put(env, kv, err);
}

int env_build(const struct jail_spec *spec, const struct identity *id,
	      const char *term, struct jail_env *env, struct cj_err *err)
{
	memset(env, 0, sizeof(*env));
	if (env_set(env, "PATH", "/usr/local/bin:/usr/bin:/bin", err) < 0 ||
	    env_set(env, "HOME", id->home, err) < 0 ||
	    env_set(env, "USER", id->name, err) < 0 ||
	    env_set(env, "LOGNAME", id->name, err) < 0 ||
	    env_set(env, "SHELL", id->shell, err) < 0 ||
	    (term != NULL && env_set(env, "TERM", term, err) < 0) ||
	    env_set(env, "PS1", id->uid == 0 ? "[jail]# " : "[jail]$ ", err) <
		0)
		goto fail;
	for (size_t i = 0; i < spec->n_env; i++) {
		const char *kv = spec->env[i], *caller;

		/* -e KEY: the caller's value (PID 1 still has the caller's
		 * environment), none if the caller has none. */
		if (strchr(kv, '=') == NULL) {
			caller = getenv(kv);
			if (caller != NULL && env_set(env, kv, caller, err) < 0)
				goto fail;
			continue;
		}
		if (env_put(env, strdup(kv), err) < 0)
			goto fail;
	}
	return 0;
fail:
	env_free(env);
	return -1;
}

const char *env_get(const struct jail_env *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < env->n; i++)
		if (name_len(env->vars[i]) == n &&
		    strncmp(env->vars[i], name, n) == 0)
			return env->vars[i] + n + 1;
	return NULL;
}

void env_free(struct jail_env *env)
{
	for (size_t i = 0; i < env->n; i++)
		free(env->vars[i]);
	env->n = 0;
	env->vars[0] = NULL;
}
