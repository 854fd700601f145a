/* idmap.h - root mode: the directories a jail may write (-w, --bind) are
 * written as their owner.
 *
 * A jail's user is a host uid of the jail's own (hostids.h), which owns
 * nothing on the host: without more, a directory handed over with -w is
 * writable by the jail only where its mode lets anybody write, and what the
 * jail leaves there belongs to a uid nobody knows. So each read-write bind
 * of a directory (or file) that an ordinary user owns is mounted once more,
 * over the bind, as an idmapped mount (Linux 5.12+, mount_setattr
 * MOUNT_ATTR_IDMAP): on it, the owner's files are the jail user's, and what
 * the jail user makes there is the owner's on the host. Nothing else of the
 * host is mapped through it, and host root never: a root-owned source stays
 * a plain bind (and -v or a warning says how to hand it over).
 *
 * The jail's user is known only in the jail (its own passwd), and only the
 * host's root may idmap a mount of the host: so init asks, once it has
 * looked the user up (idmap_attach), and capejail answers from its
 * supervision loop (idmap_answer) with the mounts, detached, which init
 * then attaches over the plain binds before it drops its capabilities.
 * capejail clones the sources (open_tree) before the jail exists. */
#ifndef CAPEJAIL_IDMAP_H
#define CAPEJAIL_IDMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "hostids.h"
#include "spec.h"

struct idmap_plan {
	int tree[CJ_MAX_MOUNTS]; /* a detached clone of the source; -1 none */
	uid_t owner[CJ_MAX_MOUNTS];
	gid_t group[CJ_MAX_MOUNTS];
	const struct jail_fs *fs;
	const struct host_ids *ids;
	bool asked; /* init asked already */
};

/* Has the run a read-write bind (-w, --bind)? */
bool idmap_writable_binds(const struct jail_fs *fs);

/* Does this run idmap anything (root mode, a read-write bind)? Both sides
 * decide it from the spec alone. */
bool idmap_wanted(const struct jail_fs *fs, bool rootless);

/* capejail, before the clone: clone the sources that can be idmapped
 * (v: their paths as capejail vetted them, sources.h). A
 * source owned by host root is left out, with a warning where the jail
 * could not write it. */
struct jail_sources;
void idmap_plan(const struct jail_fs *fs, const struct jail_sources *v,
		const struct host_ids *ids, struct idmap_plan *p);
void idmap_free(struct idmap_plan *p);

/* capejail, when init says who the jail's user is (CJ_MSG_USER): idmap
 * each tree to that user and send it (CJ_MSG_MOUNT), then CJ_MSG_MOUNTS_END.
 * A file system that cannot be idmapped gets a warning and stays a plain
 * bind. */
void idmap_answer(struct idmap_plan *p, int msg_fd, uint32_t uid, uint32_t gid);

/* init, in the jail's root, after the user's lookup and before the drop:
 * ask capejail, and attach what comes over the binds. */
int idmap_attach(int msg_fd, const struct jail_fs *fs, uid_t uid, gid_t gid,
		 struct cj_err *err);

#endif
