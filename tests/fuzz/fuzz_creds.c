/* fuzz_creds.c - libFuzzer harness of creds_resolve (make fuzz): the jail
 * root's /etc/passwd and /etc/group, which are the user's with -r DIR (and
 * --user's argument with them).
 *
 * The input is "MODE USER\0PASSWD\0GROUP": MODE's low bits say which of the
 * three are there (absent: NULL). Besides crashes, leaks and undefined
 * behaviour, it checks what creds.h promises of the identity.
 * tests/unit/test_fuzz.c runs check_creds on every file of
 * tests/fuzz/creds/regressions. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"

#include "banned.h"

static int terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* The next field of [*p, end): up to a NUL or the end, copied. */
static char *next_field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *s = *p, *z = s;
	char *out;

	while (z < end && *z != '\0')
		z++;
	out = strndup((const char *)s, (size_t)(z - s));
	*p = z < end ? z + 1 : z;
	return out;
}

/* 0 when creds_resolve kept its promises on data, 1 when it did not. */
static int check_creds(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + (size > 0), *end = data + size;
	unsigned mode = size > 0 ? data[0] : 0;
	char *user = next_field(&p, end), *passwd = next_field(&p, end);
	char *group = next_field(&p, end);
	struct identity id;
	struct cj_err err = {0, ""};
	int rc, bad = 0;

	if (user == NULL || passwd == NULL || group == NULL)
		abort(); /* out of memory: not a finding */
	rc = creds_resolve(mode & 1 ? user : NULL, mode & 2 ? passwd : NULL,
			   mode & 4 ? group : NULL, &id, &err);
	if (rc == 0) {
		bad = id.n_groups == 0 || id.n_groups > CJ_MAX_GROUPS ||
		      id.groups[0] != id.gid || id.uid == (uid_t)-1 ||
		      id.gid == (gid_t)-1 ||
		      /* a passwd line's name may be empty, as for glibc */
		      !terminated(id.name, sizeof(id.name)) ||
		      !terminated(id.home, sizeof(id.home)) ||
		      id.home[0] == '\0' ||
		      !terminated(id.shell, sizeof(id.shell)) ||
		      id.shell[0] == '\0' || err.msg[0] != '\0';
		for (size_t i = 0; !bad && i < id.n_groups; i++)
			for (size_t j = i + 1; !bad && j < id.n_groups; j++)
				bad = id.groups[i] == id.groups[j];
	} else {
		bad = rc != -1 || (mode & 1) == 0 ||
		      err.status != CJ_EXIT_SETUP || err.msg[0] == '\0' ||
		      !terminated(err.msg, sizeof(err.msg));
	}
	free(user);
	free(passwd);
	free(group);
	return bad;
}

#ifndef FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (check_creds(data, size) != 0)
		abort();
	return 0;
}
#endif
