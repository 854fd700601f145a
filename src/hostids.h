/* hostids.h - a host identity per jail (root mode).
 *
 * Every root-mode jail gets CJ_JAIL_IDS host uids and gids of its own: the
 * jail's id k is the host's base + k, where base is the start of one slot
 * of a range kept for capejail. Two jails that run at once never share a
 * host uid, so nothing the kernel counts per host user (processes, fds in
 * flight over unix sockets, pending signals, inotify instances, message
 * queues) is shared between them or with a host user; a -r root's own
 * passwd and group name jail ids, never host ids; and the jail's root
 * holds no capability over a host file (only the slot's ids are mapped).
 *
 * The range: the entry of the user "capejail" in /etc/subuid and
 * /etc/subgid when there is one (both, with at least CJ_JAIL_IDS ids), else
 * the built-in CJ_HOSTIDS_BASE, CJ_HOSTIDS_JAILS slots, above what systemd
 * gives containers and below 2^31; refused if another entry of
 * /etc/subuid or /etc/subgid overlaps it.
 *
 * A slot is held by an open-file-description lock on one byte of
 * /run/capejail/ids.lock (a root-only directory; the file stays empty),
 * the byte at the offset of the slot's first host uid: the kernel drops
 * the lock when capejail ends, however it ends, and two capejails cannot
 * hold the same byte. */
#ifndef CAPEJAIL_HOSTIDS_H
#define CAPEJAIL_HOSTIDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "err.h"
#include "spec.h"

#define CJ_JAIL_IDS	 65536U
#define CJ_HOSTIDS_BASE	 1879048192U /* 0x70000000 */
#define CJ_HOSTIDS_JAILS 1024U
#define CJ_HOSTIDS_NAME	 "capejail"

struct host_ids {
	uint32_t uid_start, gid_start; /* the range: slot 0's base */
	unsigned slots;		       /* jails that can run at once */
	bool from_subid;	       /* /etc/subuid's entry, not built-in */
	unsigned slot;		       /* the one held (hostids_take) */
	uint32_t uid, gid;	       /* the jail's 0 on the host */
	int lock_fd;		       /* holds the slot; -1: none */
};

/* The range, from /etc/subuid and /etc/subgid or built-in; no slot. */
int hostids_range(struct host_ids *h, struct cj_err *err);

/* The range, then the lowest free slot, locked until hostids_release
 * (or until capejail ends). */
int hostids_take(struct host_ids *h, struct cj_err *err);
void hostids_release(struct host_ids *h);

/* Rootless: whose host ids the jail's users are (struct rootless_ids).
 * The caller's subordinate ids are its entries, by name (from the host's
 * /etc/passwd) or else by uid, in /etc/subuid and /etc/subgid; the setuid
 * helpers newuidmap and newgidmap (CJ_NEWUIDMAP, CJ_NEWGIDMAP: shadow's,
 * Debian's uidmap package) map them and check them again. AUTO takes them when
 * both entries and both helpers are there, the entries hold the jail's ids
 * 1-65535, and no bind is read-write (a subordinate id could not write
 * the caller's files there); else the caller's ids, with why.
 * SUBORDINATE: an error where they cannot be used; the entries may then
 * hold fewer ids (a user beyond them fails in the jail). */
#define CJ_NEWUIDMAP "/usr/bin/newuidmap"
#define CJ_NEWGIDMAP "/usr/bin/newgidmap"
int hostids_rootless(enum cj_rootless_ids want, bool rw_bind, uid_t uid,
		     struct rootless_ids *r, struct cj_err *err);

/* Pure parts, on the text of /etc/subuid or /etc/subgid. */

/* The entry of the user called name (may be NULL), else of its uid in
 * decimal, as shadow looks it up: as hostids_find. */
int hostids_find_user(const char *text, const char *name, uid_t uid,
		      uint32_t *start, uint32_t *count);

/* The entry of name: 1 and *start, *count when found, 0 when not, -1 when
 * its line is not NAME:START:COUNT. */
int hostids_find(const char *text, const char *name, uint32_t *start,
		 uint32_t *count);

/* Does an entry other than name's overlap [start, start + count)? Its line
 * into who when it does. */
bool hostids_overlap(const char *text, const char *name, uint64_t start,
		     uint64_t count, char *who, size_t cap);

#endif
