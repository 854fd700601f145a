/* creds.h - who the program runs as: users and groups from the jail's own
 * /etc/passwd and /etc/group, then the drop of every privilege. */
#ifndef CAPEJAIL_CREDS_H
#define CAPEJAIL_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define CJ_MAX_GROUPS 64
#define CJ_NOBODY     65534

struct identity {
	uid_t uid;
	gid_t gid;
	gid_t groups[CJ_MAX_GROUPS]; /* supplementary, primary included */
	size_t n_groups;
	char name[64]; /* user name, or the uid in decimal */
	char home[256];
	char shell[256];
};

/* Resolve USER ("name", "UID" or "UID:GID"; NULL for nobody) against the
 * text of a passwd and a group file (either may be NULL: absent). Pure. */
int creds_resolve(const char *user, const char *passwd, const char *group,
		  struct identity *id, struct cj_err *err);

/* Read the jail's /etc/passwd and /etc/group and resolve. */
int creds_lookup(const char *user, struct identity *id, struct cj_err *err);

/* Rootless, the jail's user gets the caller's uid and gid and nothing else
 * can be mapped: a supplementary group from the jail's /etc/group would be
 * silently missing, so it is an error. Pure. */
int creds_check_rootless(const struct identity *id, struct cj_err *err);

/* Root mode: the user, its group and its groups are ids the jail has
 * (0 to n - 1, hostids.h): a -r root's passwd cannot name a host id. */
int creds_check_range(const struct identity *id, uint32_t n,
		      struct cj_err *err);

/* setgroups, setgid, setuid, then every capability out of every set and
 * no_new_privs. Checked afterwards: an identity that did not stick is an
 * error, never a silent success. keep_groups (rootless, where setgroups is
 * denied): the supplementary groups stay as the caller had them. */
int creds_drop(const struct identity *id, bool keep_groups, struct cj_err *err);

#endif
