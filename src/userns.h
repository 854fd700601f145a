/* userns.h - the jail's user namespaces: id maps, the jail's root,
 * and the rootless jail user's nested namespace. */
#ifndef CAPEJAIL_USERNS_H
#define CAPEJAIL_USERNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"
#include "hostids.h"

/* The jail's user namespace: its ids 0 to CJ_JAIL_IDS - 1 are the jail's
 * own host ids (hostids.h), h->uid + k and h->gid + k, and nothing else of
 * the host is mapped: a root in the jail owns nothing of the host's, and
 * its capabilities cover no host file. Written by capejail, as the kernel
 * asks, before the jail goes on.
 *
 * Rootless (capejail run by an ordinary user), the kernel lets one id be
 * mapped: the caller's uid and gid become the namespace's 0, setgroups is
 * denied first (as the kernel requires), and nothing else of the host is
 * mapped. The jail's user is made later, in a second user namespace inside
 * this one (userns_enter_user). With the caller's subordinate ids (r->sub,
 * hostids_rootless), the setuid helpers newuidmap and newgidmap map the
 * caller to 0 and r->count of its subordinate ids to 1 and on (setgroups
 * stays allowed), and the jail's user is one of them: no second
 * namespace. */
int userns_map_ids(pid_t pid, const struct host_ids *h,
		   const struct rootless_ids *r, struct cj_err *err);

/* Around the clone, root mode: the kernel makes the creator's effective
 * uid the owner of a user namespace, and charges to its owner, on the
 * host, what the namespace's users take of the per-user budgets
 * (pending signals, inotify, message queues, processes, namespaces). So
 * capejail takes the jail's 0 (h->uid, h->gid) as its real, effective and
 * saved ids for the clone (keeping its capabilities, and root's
 * file-system ids for opening files), and is root again after; init
 * starts with those ids. The same around rlimits_set: the kernel lets a
 * process set another's rlimits when its real ids are the other's ids, or
 * with CAP_SYS_RESOURCE over it, which root in a container often lacks.
 * A new user namespace starts with default securebits: the child does
 * not inherit SECBIT_NO_SETUID_FIXUP. */
struct userns_owner {
	int bits, dumpable;
};
int userns_owner_begin(const struct host_ids *h, struct userns_owner *saved,
		       struct cj_err *err);
int userns_owner_end(const struct userns_owner *saved, struct cj_err *err);

/* In the jail, once mapped: from the host's root (or, rootless, from the
 * caller) to the jail's root. one_id (rootless with the caller's one id
 * mapped): setgroups is denied, the caller's supplementary groups stay as
 * they are. */
int userns_become_jail_root(bool rootless, bool one_id, struct cj_err *err);

/* No user namespace can be created inside the jail's own: its limit is 0.
 * one_id: the limit is 1, the one userns_enter_user makes, which uses it
 * up. */
int userns_forbid_nested(bool one_id, struct cj_err *err);

/* The jail's own limits of the per-user budgets the kernel keeps per user
 * namespace (/proc/sys/user: inotify, fanotify, namespaces), so that the
 * jail cannot use up those of its namespace's owner on the host. In the
 * jail, as its root, before /proc/sys is read-only. */
int userns_bound_budgets(struct cj_err *err);

/* Rootless, once the jail's user is known (from the jail's own passwd): a
 * user namespace inside the jail's, where uid and gid (the jail's user) are
 * the outer namespace's 0, that is the caller; nothing else is mapped.
 * proc_fd is a /proc opened before the host's tree was detached (the
 * jail's root may have no /proc). Must run while we still hold every
 * capability of the outer namespace. */
int userns_enter_user(int proc_fd, uid_t uid, gid_t gid, struct cj_err *err);

#endif
