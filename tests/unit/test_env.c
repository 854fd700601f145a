/* test_env.c - env_build, env_get, env_free: the program's environment. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "tap.h"

#include "banned.h"

static struct jail_spec spec;
static struct identity id;
static struct jail_env env;
static struct cj_err err;

static void set_id(unsigned uid, const char *name, const char *home,
		   const char *shell)
{
	memset(&id, 0, sizeof(id));
	id.uid = uid;
	id.gid = uid;
	(void)snprintf(id.name, sizeof(id.name), "%s", name);
	(void)snprintf(id.home, sizeof(id.home), "%s", home);
	(void)snprintf(id.shell, sizeof(id.shell), "%s", shell);
}

/* env_build with the given -e entries (NULL-terminated list). */
static int build(const char *term, const char *const *e)
{
	memset(&spec, 0, sizeof(spec));
	for (size_t i = 0; e != NULL && e[i] != NULL; i++)
		spec.env[spec.n_env++] = e[i];
	memset(&err, 0, sizeof(err));
	/* Garbage in env, to see that env_build starts from scratch. */
	memset(&env, 0x5a, sizeof(env));
	return env_build(&spec, &id, term, &env, &err);
}

/* env.vars is exactly the given strings, in order, then NULL. */
static int vars_are(const char *const *want)
{
	size_t n = 0;
	int same;

	while (want[n] != NULL)
		n++;
	same = env.n == n && env.vars[n] == NULL;
	for (size_t i = 0; same && i < n; i++)
		if (env.vars[i] == NULL || strcmp(env.vars[i], want[i]) != 0)
			same = 0;
	if (!same) {
		printf("#   got (%zu):", env.n);
		for (size_t i = 0; i < env.n && i < CJ_ENV_SLOTS; i++)
			printf(" '%s'", env.vars[i] ? env.vars[i] : "(null)");
		printf("\n");
	}
	return same;
}

/* How many variables are called name. */
static int count(const char *name)
{
	size_t n = strlen(name);
	int c = 0;

	for (size_t i = 0; i < env.n; i++)
		if (strncmp(env.vars[i], name, n) == 0 && env.vars[i][n] == '=')
			c++;
	return c;
}

static void test_defaults(void)
{
	static const char *const want_term[] = {
	    "PATH=/usr/local/bin:/usr/bin:/bin",
	    "HOME=/home/alice",
	    "USER=alice",
	    "LOGNAME=alice",
	    "SHELL=/bin/bash",
	    "TERM=xterm-256color",
	    "PS1=[jail]$ ",
	    NULL};
	static const char *const want_noterm[] = {
	    "PATH=/usr/local/bin:/usr/bin:/bin",
	    "HOME=/nonexistent",
	    "USER=nobody",
	    "LOGNAME=nobody",
	    "SHELL=/usr/sbin/nologin",
	    "PS1=[jail]$ ",
	    NULL};

	set_id(1000, "alice", "/home/alice", "/bin/bash");
	ok(build("xterm-256color", NULL) == 0, "env_build, with a TERM");
	ok(vars_are(want_term),
	   "PATH, HOME, USER, LOGNAME, SHELL, TERM, PS1, in this order");
	is_str(env_get(&env, "PATH"), "/usr/local/bin:/usr/bin:/bin",
	       "env_get PATH");
	is_str(env_get(&env, "HOME"), "/home/alice", "env_get HOME");
	is_str(env_get(&env, "USER"), "alice", "env_get USER");
	is_str(env_get(&env, "LOGNAME"), "alice", "env_get LOGNAME");
	is_str(env_get(&env, "SHELL"), "/bin/bash", "env_get SHELL");
	is_str(env_get(&env, "TERM"), "xterm-256color", "env_get TERM");
	is_str(env_get(&env, "PS1"), "[jail]$ ", "PS1 of a user is '$'");
	ok(env_get(&env, "PAT") == NULL, "env_get of a prefix: NULL");
	ok(env_get(&env, "PATHX") == NULL, "env_get of a longer name: NULL");
	ok(env_get(&env, "path") == NULL, "env_get is case-sensitive");
	ok(env_get(&env, "LD_PRELOAD") == NULL, "nothing inherited");
	env_free(&env);

	set_id(65534, "nobody", "/nonexistent", "/usr/sbin/nologin");
	ok(build(NULL, NULL) == 0, "env_build, no TERM");
	ok(vars_are(want_noterm), "no TERM variable at all when none given");
	ok(env_get(&env, "TERM") == NULL, "env_get TERM: NULL");
	env_free(&env);

	ok(build("", NULL) == 0 && env_get(&env, "TERM") != NULL,
	   "an empty TERM given: set");
	is_str(env_get(&env, "TERM"), "", "... to the empty string");
	env_free(&env);

	set_id(0, "root", "/root", "/bin/sh");
	ok(build(NULL, NULL) == 0, "env_build for uid 0");
	is_str(env_get(&env, "PS1"), "[jail]# ",
	       "PS1 of root ends in a hash sign");
	is_str(env_get(&env, "USER"), "root", "USER=root");
	env_free(&env);

	set_id(1, "daemon", "/", "/bin/sh");
	ok(build(NULL, NULL) == 0, "env_build for uid 1");
	is_str(env_get(&env, "PS1"), "[jail]$ ", "PS1 of uid 1 is '$'");
	env_free(&env);

	set_id(0, "toor", "/", "/bin/sh");
	ok(build(NULL, NULL) == 0, "env_build for uid 0 of another name");
	is_str(env_get(&env, "PS1"), "[jail]# ",
	       "PS1 follows the uid, not the name");
	env_free(&env);
}

static void test_overrides(void)
{
	static const char *const e1[] = {"FOO=1", "BAR=2", "A=b=c", NULL};
	static const char *const want1[] = {"PATH=/usr/local/bin:/usr/bin:/bin",
					    "HOME=/home/alice",
					    "USER=alice",
					    "LOGNAME=alice",
					    "SHELL=/bin/bash",
					    "PS1=[jail]$ ",
					    "FOO=1",
					    "BAR=2",
					    "A=b=c",
					    NULL};
	static const char *const e2[] = {"PATH=/x", "PS1=> ", "TERM=vt100",
					 NULL};
	static const char *const want2[] = {
	    "PATH=/x",	       "HOME=/home/alice",
	    "USER=alice",      "LOGNAME=alice",
	    "SHELL=/bin/bash", "TERM=vt100",
	    "PS1=> ",	       NULL};
	static const char *const e3[] = {"FOO=first", "BAR=x",
					 "FOO=", "FOO=last", NULL};
	static const char *const e4[] = {"PATHX=1", "PAT=2", "EMPTY=", NULL};
	static const char *const e5[] = {"HOME=/elsewhere", "USER=mallory",
					 NULL};

	set_id(1000, "alice", "/home/alice", "/bin/bash");

	ok(build(NULL, e1) == 0, "-e FOO=1 -e BAR=2 -e A=b=c");
	ok(vars_are(want1), "-e entries appended after the defaults, in order");
	is_str(env_get(&env, "A"), "b=c", "a value with '=' is kept whole");
	env_free(&env);

	ok(build("xterm", e2) == 0, "-e PATH=/x -e PS1='> ' -e TERM=vt100");
	ok(vars_are(want2),
	   "each replaces the default in its place; no duplicates");
	is_str(env_get(&env, "PATH"), "/x", "PATH is /x");
	is_str(env_get(&env, "TERM"), "vt100", "-e TERM beats the given TERM");
	env_free(&env);

	ok(build(NULL, e3) == 0, "-e FOO=first -e BAR=x -e FOO= -e FOO=last");
	is_str(env_get(&env, "FOO"), "last", "the last FOO wins");
	ok(count("FOO") == 1, "FOO once (got %d)", count("FOO"));
	ok(env.n == 8, "6 defaults + FOO + BAR (got %zu)", env.n);
	ok(env.n == 8 && strcmp(env.vars[6], "FOO=last") == 0,
	   "FOO keeps the place of its first -e");
	ok(env.vars[env.n] == NULL, "vars NULL-terminated");
	env_free(&env);

	ok(build(NULL, e4) == 0, "-e PATHX=1 -e PAT=2 -e EMPTY=");
	is_str(env_get(&env, "PATH"), "/usr/local/bin:/usr/bin:/bin",
	       "PATHX and PAT do not replace PATH");
	is_str(env_get(&env, "PATHX"), "1", "PATHX=1");
	is_str(env_get(&env, "PAT"), "2", "PAT=2");
	ok(env_get(&env, "EMPTY") != NULL, "EMPTY= is set");
	is_str(env_get(&env, "EMPTY"), "", "... to the empty string");
	ok(env.n == 9, "6 + 3 variables (got %zu)", env.n);
	env_free(&env);

	ok(build(NULL, e5) == 0, "-e HOME=... -e USER=...");
	is_str(env_get(&env, "HOME"), "/elsewhere", "-e HOME overrides");
	is_str(env_get(&env, "USER"), "mallory", "-e USER overrides");
	is_str(env_get(&env, "LOGNAME"), "alice", "LOGNAME untouched");
	ok(env.n == 6, "no variable added (got %zu)", env.n);
	env_free(&env);
}

static void test_ownership(void)
{
	char kv[] = "MINE=before";
	const char *e[] = {kv, NULL};

	set_id(1000, "alice", "/home/alice", "/bin/bash");
	ok(build(NULL, e) == 0, "-e from a writable buffer");
	kv[5] = 'X';
	set_id(2000, "bob", "/home/bob", "/bin/zsh");
	is_str(env_get(&env, "MINE"), "before",
	       "the environment holds copies of the -e strings");
	is_str(env_get(&env, "USER"), "alice",
	       "... and of the identity's strings");
	ok(env.vars[env.n] == NULL, "vars NULL-terminated");
	env_free(&env);
	ok(env.n == 0 && env.vars[0] == NULL,
	   "env_free: n is 0, vars[0] is NULL");
	ok(env_get(&env, "PATH") == NULL, "env_get after env_free: NULL");
	env_free(&env);
	ok(env.n == 0, "env_free twice is harmless");
}

static void test_many(void)
{
	static char kv[CJ_MAX_ENV][32];
	const char *e[CJ_MAX_ENV + 1];
	char name[32], value[32];
	size_t good = 0;

	for (int i = 0; i < CJ_MAX_ENV; i++) {
		(void)snprintf(kv[i], sizeof(kv[i]), "VAR_%d=%d", i, i * 7);
		e[i] = kv[i];
	}
	e[CJ_MAX_ENV] = NULL;
	set_id(1000, "alice", "/home/alice", "/bin/bash");
	ok(build("xterm", e) == 0, "CJ_MAX_ENV (%d) -e entries and a TERM",
	   CJ_MAX_ENV);
	ok(env.n == 7 + CJ_MAX_ENV, "7 defaults + %d (got %zu)", CJ_MAX_ENV,
	   env.n);
	for (size_t i = 0; i < CJ_MAX_ENV && 7 + i < env.n; i++)
		if (strcmp(env.vars[7 + i], kv[i]) == 0)
			good++;
	ok(good == CJ_MAX_ENV, "all of them, in order (%zu)", good);
	ok(env.vars[env.n] == NULL, "vars NULL-terminated");
	(void)snprintf(name, sizeof(name), "VAR_%d", CJ_MAX_ENV - 1);
	(void)snprintf(value, sizeof(value), "%d", (CJ_MAX_ENV - 1) * 7);
	is_str(env_get(&env, name), value, "env_get of the last one");
	env_free(&env);
}

/* -e KEY: the caller's value, or nothing when the caller has none. */
static void test_from_caller(void)
{
	static const char *const e[] = {"CJ_TEST_SET", "CJ_TEST_UNSET",
					"CJ_TEST_EMPTY", NULL};

	set_id(4242, "alice", "/home/alice", "/bin/bash");
	if (setenv("CJ_TEST_SET", "from the caller", 1) < 0 ||
	    setenv("CJ_TEST_EMPTY", "", 1) < 0 || unsetenv("CJ_TEST_UNSET") < 0)
		ok(0, "setenv");
	ok(build(NULL, e) == 0, "env_build with -e KEY entries");
	is_str(env_get(&env, "CJ_TEST_SET"), "from the caller",
	       "-e KEY: the caller's value");
	ok(env_get(&env, "CJ_TEST_UNSET") == NULL,
	   "-e KEY the caller does not have: not set");
	is_str(env_get(&env, "CJ_TEST_EMPTY"), "",
	       "-e KEY the caller has empty: set, empty");
	env_free(&env);
}

int main(void)
{
	test_defaults();
	test_overrides();
	test_from_caller();
	test_ownership();
	test_many();
	return tap_done();
}
