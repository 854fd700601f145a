/* creds.c - users, groups and capabilities. */
#define _GNU_SOURCE
#include "creds.h"

#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

#define FILE_MAX (4U << 20)

/* Parse a decimal id (0..2^32-2; -1 is "no id" to the kernel). */
static bool parse_id(const char *s, size_t len, uint32_t *out)
{
	return parse_decimal(s, len, UINT32_MAX - 1, out);
}

/* Split a colon-separated line into at most max fields, in place. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == ':') {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	return n;
}

static void copy(char *dst, size_t cap, const char *src)
{
	(void)snprintf(dst, cap, "%s", src);
}

/* Find the passwd line for name (or, by_uid, for uid). Fills id. */
static bool find_passwd(const char *passwd, const char *name, bool by_uid,
			uint32_t uid, struct identity *id)
{
	char *copyf, *line, *next;
	bool found = false;

	if (passwd == NULL)
		return false;
	copyf = strdup(passwd);
	if (copyf == NULL)
		return false;
	for (line = copyf; line && *line && !found; line = next) {
		char *f[7];
		uint32_t u, g;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (split(line, f, 7) != 7 ||
		    !parse_id(f[2], strlen(f[2]), &u) ||
		    !parse_id(f[3], strlen(f[3]), &g))
			continue;
		if (by_uid ? u != uid : strcmp(f[0], name) != 0)
			continue;
		id->uid = u;
		id->gid = g;
		copy(id->name, sizeof(id->name), f[0]);
		copy(id->home, sizeof(id->home), f[5][0] ? f[5] : "/");
		copy(id->shell, sizeof(id->shell), f[6][0] ? f[6] : "/bin/sh");
		found = true;
	}
	free(copyf);
	return found;
}

static void add_group(struct identity *id, gid_t g)
{
	for (size_t i = 0; i < id->n_groups; i++)
		if (id->groups[i] == g)
			return;
	if (id->n_groups < CJ_MAX_GROUPS)
		id->groups[id->n_groups++] = g;
}

/* Supplementary groups: every group of the jail's /etc/group that lists the
 * user by name. */
static void find_groups(const char *group, struct identity *id)
{
	char *copyg, *line, *next;

	add_group(id, id->gid);
	if (group == NULL)
		return;
	copyg = strdup(group);
	if (copyg == NULL)
		return;
	for (line = copyg; line && *line; line = next) {
		char *f[4], *save = NULL;
		uint32_t g;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (split(line, f, 4) != 4 || !parse_id(f[2], strlen(f[2]), &g))
			continue;
		for (char *m = strtok_r(f[3], ",", &save); m;
		     m = strtok_r(NULL, ",", &save))
			if (strcmp(m, id->name) == 0)
				add_group(id, g);
	}
	free(copyg);
}

int creds_resolve(const char *user, const char *passwd, const char *group,
		  struct identity *id, struct cj_err *err)
{
	const char *colon;
	uint32_t uid, gid;

	memset(id, 0, sizeof(*id));
	if (user == NULL) {
		/* nobody, from the jail's passwd if it has it */
		if (!find_passwd(passwd, "nobody", false, 0, id)) {
			id->uid = CJ_NOBODY;
			id->gid = CJ_NOBODY;
			copy(id->name, sizeof(id->name), "nobody");
			copy(id->home, sizeof(id->home), "/");
			copy(id->shell, sizeof(id->shell), "/bin/sh");
		}
		find_groups(group, id);
		return 0;
	}
	colon = strchr(user, ':');
	if (parse_id(user, colon ? (size_t)(colon - user) : strlen(user),
		     &uid)) {
		if (colon && !parse_id(colon + 1, strlen(colon + 1), &gid))
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--user %s: bad group id", user);
		if (!find_passwd(passwd, NULL, true, uid, id)) {
			/* A uid the jail does not know: still valid, as in
			 * docker run --user. */
			id->uid = uid;
			id->gid = uid;
			(void)snprintf(id->name, sizeof(id->name), "%" PRIu32,
				       uid);
			copy(id->home, sizeof(id->home), "/");
			copy(id->shell, sizeof(id->shell), "/bin/sh");
		}
		if (colon)
			id->gid = gid;
		find_groups(group, id);
		return 0;
	}
	if (colon)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--user %s: expected a name, UID or UID:GID",
			       user);
	if (!find_passwd(passwd, user, false, 0, id))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--user %s: no such user in the jail's "
			       "/etc/passwd",
			       user);
	find_groups(group, id);
	return 0;
}

/* The jail's file at path, or NULL where the root has none. One that is
 * there but unreadable, not a file, or over FILE_MAX is an error: a hostile
 * root must not have it silently ignored, or read whole. */
static int read_optional(const char *path, char **text, struct cj_err *err)
{
	size_t len;

	*text = NULL;
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	return read_small_file(path, FILE_MAX, text, &len, err);
}

int creds_lookup(const char *user, struct identity *id, struct cj_err *err)
{
	char *passwd = NULL, *group = NULL;
	int rc = -1;

	if (read_optional("/etc/passwd", &passwd, err) == 0 &&
	    read_optional("/etc/group", &group, err) == 0)
		rc = creds_resolve(user, passwd, group, id, err);
	free(passwd);
	free(group);
	return rc;
}

static int capset_zero(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	return (int)syscall(SYS_capset, &hdr, data);
}

static bool caps_are_zero(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	for (int i = 0; i < 2; i++)
		if (data[i].effective || data[i].permitted ||
		    data[i].inheritable)
			return false;
	return true;
}

int creds_check_rootless(const struct identity *id, struct cj_err *err)
{
	for (size_t i = 0; i < id->n_groups; i++)
		if (id->groups[i] != id->gid)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--user %s: the jail's /etc/group gives "
				       "it group %u, and rootless only the "
				       "caller's own uid and gid can be mapped "
				       "(other ids need root)",
				       id->name, (unsigned)id->groups[i]);
	return 0;
}

int creds_check_range(const struct identity *id, uint32_t n, struct cj_err *err)
{
	if (id->uid >= n || id->gid >= n)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "--user %s: uid %u gid %u: a jail has the ids "
			       "0-%u only",
			       id->name, (unsigned)id->uid, (unsigned)id->gid,
			       (unsigned)(n - 1));
	for (size_t i = 0; i < id->n_groups; i++)
		if (id->groups[i] >= n)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--user %s: the jail's /etc/group gives "
				       "it group %u: a jail has the ids 0-%u "
				       "only",
				       id->name, (unsigned)id->groups[i],
				       (unsigned)(n - 1));
	return 0;
}

int creds_drop(const struct identity *id, bool keep_groups, struct cj_err *err)
{
	int cap;

	/* The bounding set first: dropping from it needs CAP_SETPCAP, which
	 * setuid below takes away. An empty bounding set means no exec, not
	 * even of a setuid or file-capability binary, can give a capability
	 * back. */
	for (cap = 0;; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			/* EINVAL: past the kernel's last capability. */
			if (errno == EINVAL && cap > 0)
				break;
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "dropping capability %d from the "
					     "bounding set",
					     cap);
		}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "clearing ambient capabilities");
	/* Groups, then gid, then uid: each needs the privilege the next one
	 * gives up. */
	if (!keep_groups && setgroups(id->n_groups, id->groups) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setgroups");
	if (setresgid(id->gid, id->gid, id->gid) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setgid %u",
				     (unsigned)id->gid);
	if (setresuid(id->uid, id->uid, id->uid) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "setuid %u",
				     (unsigned)id->uid);
	/* A uid other than 0 lost its capabilities in setresuid; uid 0 keeps
	 * them until this. */
	if (capset_zero() < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "capset");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_NO_NEW_PRIVS");
	/* setuid made us non-dumpable, but only when the ids changed: uid 0
	 * stays dumpable, and a program of the same uid could then write
	 * into PID 1 through /proc/1/mem. The program's exec makes it
	 * dumpable again for itself. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "PR_SET_DUMPABLE");
	if (getuid() != id->uid || geteuid() != id->uid ||
	    getgid() != id->gid || getegid() != id->gid || !caps_are_zero() ||
	    prctl(PR_CAPBSET_READ, 0, 0, 0, 0) != 0 ||
	    prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "identity did not stick after the drop");
	return 0;
}
