/* rootless.h - capejail run by an ordinary user: refuse a setuid install,
 * and tell why this host will not let an ordinary user make a user
 * namespace, before trying. */
#ifndef CAPEJAIL_ROOTLESS_H
#define CAPEJAIL_ROOTLESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* Installed setuid, setgid or with file capabilities (the kernel then sets
 * AT_SECURE), or started with real and effective ids that differ: refused.
 * capejail never drops or keeps privileges it was given by the file. Pure:
 * -1 with err filled if refused, else 0. */
int rootless_setid_verdict(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid,
			   unsigned long at_secure, struct cj_err *err);

/* What the host says about user namespaces for ordinary users, as read from
 * its files (NULL: the file is not there):
 *   max_userns   /proc/sys/user/max_user_namespaces
 *   unpriv_clone /proc/sys/kernel/unprivileged_userns_clone (Debian)
 *   aa_restrict  /proc/sys/kernel/apparmor_restrict_unprivileged_userns
 *                (Ubuntu 23.10+)
 *   aa_label     capejail's AppArmor label (/proc/self/attr/current)
 * Pure: -1 with err naming the setting that forbids it, else 0. */
int rootless_userns_verdict(const char *max_userns, const char *unpriv_clone,
			    const char *aa_restrict, const char *aa_label,
			    struct cj_err *err);

/* Does this id map (the text of /proc/self/uid_map or gid_map) hold every
 * id from 0 to 4294967294, as the initial user namespace's does? Root mode
 * maps the jail's 0 to the unprivileged 4294967294 and all other ids to
 * themselves, which the kernel allows only where all of them are mapped.
 * Root of a container's user namespace (a Kubernetes pod with hostUsers:
 * false, rootless Podman) has a map of 65536 ids or so: capejail runs
 * rootless there. NULL (no /proc): true, and the map write says why. Pure. */
bool rootless_map_is_whole(const char *map);

/* Run as the ordinary user's capejail? Not root, or root of a user
 * namespace that does not map every id (rootless_map_is_whole). */
bool rootless_wanted(void);

/* Read those files and decide. */
int rootless_check_host(struct cj_err *err);

/* The kernel refused the user namespace or a step inside it: explain it
 * from the host's settings when they say why, else keep err as it is. */
void rootless_explain(struct cj_err *err);

#endif
