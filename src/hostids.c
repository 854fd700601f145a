/* hostids.c - a host identity per jail (hostids.h). */
#define _GNU_SOURCE
#include "hostids.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "creds.h"
#include "util.h"

#include "banned.h"

#define SUBID_MAX  (1U << 20)
#define PASSWD_MAX ((size_t)16 << 20)

/* One line of /etc/subuid: NAME:START:COUNT. name points into line. */
struct subid_line {
	const char *name;
	size_t name_len;
	uint32_t start, count;
};

static bool parse_line(const char *line, size_t len, struct subid_line *l)
{
	const char *c1 = memchr(line, ':', len), *c2;

	if (c1 == NULL)
		return false;
	c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line));
	if (c2 == NULL)
		return false;
	l->name = line;
	l->name_len = (size_t)(c1 - line);
	return l->name_len > 0 &&
	       parse_decimal(c1 + 1, (size_t)(c2 - c1 - 1), UINT32_MAX,
			     &l->start) &&
	       parse_decimal(c2 + 1, len - (size_t)(c2 + 1 - line), UINT32_MAX,
			     &l->count);
}

/* The next line of text from *p (without its newline); false at the end. */
static bool next_line(const char **p, const char **line, size_t *len)
{
	const char *nl;

	if (**p == '\0')
		return false;
	*line = *p;
	nl = strchr(*p, '\n');
	*len = nl ? (size_t)(nl - *p) : strlen(*p);
	*p = nl ? nl + 1 : *p + *len;
	return true;
}

static bool is_name(const struct subid_line *l, const char *name)
{
	return l->name_len == strlen(name) &&
	       memcmp(l->name, name, l->name_len) == 0;
}

int hostids_find(const char *text, const char *name, uint32_t *start,
		 uint32_t *count)
{
	const char *p = text, *line;
	size_t len;

	while (next_line(&p, &line, &len)) {
		struct subid_line l;

		if (len == 0 || line[0] == '#')
			continue;
		if (len > strlen(name) &&
		    memcmp(line, name, strlen(name)) == 0 &&
		    line[strlen(name)] == ':') {
			if (!parse_line(line, len, &l))
				return -1;
			*start = l.start;
			*count = l.count;
			return 1;
		}
	}
	return 0;
}

bool hostids_overlap(const char *text, const char *name, uint64_t start,
		     uint64_t count, char *who, size_t cap)
{
	const char *p = text, *line;
	size_t len;

	while (next_line(&p, &line, &len)) {
		struct subid_line l;

		if (len == 0 || line[0] == '#' || !parse_line(line, len, &l) ||
		    is_name(&l, name))
			continue;
		if ((uint64_t)l.start < start + count &&
		    start < (uint64_t)l.start + l.count) {
			(void)snprintf(who, cap, "%.*s", (int)len, line);
			return true;
		}
	}
	return false;
}

/* The text of /etc/subuid or /etc/subgid; "" when there is none. */
static int read_subid(const char *path, char **text, struct cj_err *err)
{
	size_t len;

	if (access(path, F_OK) < 0 && errno == ENOENT) {
		*text = strdup("");
		return *text ? 0 : cj_fail(err, CJ_EXIT_SETUP, "out of memory");
	}
	return read_small_file(path, SUBID_MAX, text, &len, err);
}

/* One of the two files: capejail's entry, or the built-in range if no
 * other entry overlaps it. */
static int range_of(const char *path, const char *text, uint32_t *start,
		    unsigned *slots, bool *found, struct cj_err *err)
{
	uint32_t count = 0;
	char who[128];
	int rc = hostids_find(text, CJ_HOSTIDS_NAME, start, &count);

	if (rc < 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "%s: the %s line is not NAME:START:COUNT", path,
			       CJ_HOSTIDS_NAME);
	*found = rc > 0;
	if (rc > 0) {
		if (count < CJ_JAIL_IDS ||
		    (uint64_t)*start + count > UINT32_MAX)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "%s: the %s range must hold at least "
				       "%u ids (one jail's) below 2^32-1",
				       path, CJ_HOSTIDS_NAME, CJ_JAIL_IDS);
		*slots = count / CJ_JAIL_IDS;
		return 0;
	}
	*start = CJ_HOSTIDS_BASE;
	*slots = CJ_HOSTIDS_JAILS;
	if (hostids_overlap(text, CJ_HOSTIDS_NAME, CJ_HOSTIDS_BASE,
			    (uint64_t)CJ_HOSTIDS_JAILS * CJ_JAIL_IDS, who,
			    sizeof(who)))
		return cj_fail(
		    err, CJ_EXIT_SETUP,
		    "%s: \"%s\" overlaps capejail's built-in jail "
		    "ids %u-%u: give capejail a range of its own "
		    "(a line capejail:START:COUNT in /etc/subuid "
		    "and /etc/subgid)",
		    path, who, CJ_HOSTIDS_BASE,
		    (unsigned)(CJ_HOSTIDS_BASE +
			       (uint64_t)CJ_HOSTIDS_JAILS * CJ_JAIL_IDS - 1));
	return 0;
}

int hostids_range(struct host_ids *h, struct cj_err *err)
{
	char *su = NULL, *sg = NULL;
	unsigned uslots = 0, gslots = 0;
	bool ufound = false, gfound = false;
	int rc = -1;

	h->lock_fd = -1;
	if (read_subid("/etc/subuid", &su, err) < 0 ||
	    read_subid("/etc/subgid", &sg, err) < 0 ||
	    range_of("/etc/subuid", su, &h->uid_start, &uslots, &ufound, err) <
		0 ||
	    range_of("/etc/subgid", sg, &h->gid_start, &gslots, &gfound, err) <
		0)
		goto out;
	if (ufound != gfound) {
		cj_fail(err, CJ_EXIT_SETUP,
			"%s has a %s range and %s has none: give it one in "
			"both",
			ufound ? "/etc/subuid" : "/etc/subgid", CJ_HOSTIDS_NAME,
			ufound ? "/etc/subgid" : "/etc/subuid");
		goto out;
	}
	h->from_subid = ufound;
	h->slots = uslots < gslots ? uslots : gslots;
	rc = 0;
out:
	free(su);
	free(sg);
	return rc;
}

/* /run/capejail/ids.lock, made if missing, refused unless root's own and
 * not writable by others (beneath /run, no link followed). */
static int open_lock_file(struct cj_err *err)
{
	struct stat st;
	int run, dir, fd;

	run = open("/run", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (run < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/run");
	if (mkdirat(run, "capejail", 0700) < 0 && errno != EEXIST) {
		cj_fail_errno(err, CJ_EXIT_SETUP, errno, "/run/capejail");
		(void)close(run);
		return -1;
	}
	dir = openat(run, "capejail",
		     O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	(void)close(run);
	if (dir < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "/run/capejail");
	if (fstat(dir, &st) < 0 || st.st_uid != 0 || (st.st_mode & 022)) {
		(void)close(dir);
		return cj_fail(err, CJ_EXIT_SETUP,
			       "/run/capejail: not root's own, or writable by "
			       "others: refusing to keep jail ids there");
	}
	fd = openat(dir, "ids.lock",
		    O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
		    0600);
	(void)close(dir);
	if (fd < 0)
		return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				     "/run/capejail/ids.lock");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0) {
		(void)close(fd);
		return cj_fail(err, CJ_EXIT_SETUP,
			       "/run/capejail/ids.lock: not a regular file of "
			       "root's");
	}
	return fd;
}

int hostids_take(struct host_ids *h, struct cj_err *err)
{
	if (hostids_range(h, err) < 0)
		return -1;
	h->lock_fd = open_lock_file(err);
	if (h->lock_fd < 0)
		return -1;
	for (unsigned i = 0; i < h->slots; i++) {
		/* The byte of the slot's first host uid: capejails that read
		 * other ranges (another /etc/subuid, in a mount namespace of
		 * its own) meet only where their ids do. */
		struct flock fl = {.l_type = F_WRLCK,
				   .l_whence = SEEK_SET,
				   .l_start = (off_t)h->uid_start +
					      (off_t)i * CJ_JAIL_IDS,
				   .l_len = 1};

		if (fcntl(h->lock_fd, F_OFD_SETLK, &fl) == 0) {
			h->slot = i;
			h->uid = h->uid_start + i * CJ_JAIL_IDS;
			h->gid = h->gid_start + i * CJ_JAIL_IDS;
			return 0;
		}
		if (errno != EAGAIN && errno != EACCES) {
			cj_fail_errno(err, CJ_EXIT_SETUP, errno,
				      "locking jail ids in "
				      "/run/capejail/ids.lock");
			hostids_release(h);
			return -1;
		}
	}
	hostids_release(h);
	return cj_fail(err, CJ_EXIT_SETUP,
		       "no free jail ids: all %u ranges of %s are held by "
		       "running jails",
		       h->slots,
		       h->from_subid ? "/etc/subuid's capejail entry"
				     : "the built-in range");
}

void hostids_release(struct host_ids *h)
{
	/* Closing the only fd of the open file description drops its
	 * lock. */
	if (h->lock_fd >= 0)
		(void)close(h->lock_fd);
	h->lock_fd = -1;
}

int hostids_find_user(const char *text, const char *name, uid_t uid,
		      uint32_t *start, uint32_t *count)
{
	char num[16];
	int rc = name && *name ? hostids_find(text, name, start, count) : 0;

	if (rc != 0)
		return rc;
	(void)snprintf(num, sizeof(num), "%u", (unsigned)uid);
	return hostids_find(text, num, start, count);
}

/* The caller's entry in one of the two files: 1 found (and fits below
 * 2^32), 0 none, -1 a bad line (why says which). */
static int caller_entry(const char *path, const char *name, uid_t uid,
			uint32_t *start, uint32_t *count, const char **why,
			struct cj_err *err)
{
	char *text = NULL;
	int rc;

	if (read_subid(path, &text, err) < 0) {
		*why = "/etc/subuid or /etc/subgid could not be read";
		return -1;
	}
	rc = hostids_find_user(text, name, uid, start, count);
	free(text);
	if (rc > 0 && (*count == 0 || (uint64_t)*start + *count > UINT32_MAX))
		rc = -1;
	if (rc < 0) {
		*why = "the caller's line in /etc/subuid or /etc/subgid is not "
		       "NAME:START:COUNT";
		(void)cj_fail(err, CJ_EXIT_SETUP,
			      "%s: the line of %s (uid %u) is not "
			      "NAME:START:COUNT",
			      path, name, (unsigned)uid);
	}
	return rc;
}

/* The caller's name from the host's /etc/passwd, else its uid in decimal
 * (no NSS in a static capejail: a user that only LDAP names is looked up
 * by uid). */
static void caller_name(uid_t uid, struct identity *who)
{
	struct cj_err ignored = {0, ""};
	char num[16], *passwd = NULL;
	size_t len;

	(void)snprintf(num, sizeof(num), "%u", (unsigned)uid);
	if (read_small_file("/etc/passwd", PASSWD_MAX, &passwd, &len,
			    &ignored) < 0 ||
	    creds_resolve(num, passwd, NULL, who, &ignored) < 0)
		(void)snprintf(who->name, sizeof(who->name), "%s", num);
	free(passwd);
}

int hostids_rootless(enum cj_rootless_ids want, bool rw_bind, uid_t uid,
		     struct rootless_ids *r, struct cj_err *err)
{
	uint32_t ucount = 0, gcount = 0;
	struct identity who;
	const char *name = who.name;
	int ru, rg;

	memset(r, 0, sizeof(*r));
	if (want == CJ_IDS_CALLER) {
		r->why = "--rootless-ids caller";
		return 0;
	}
	if (want == CJ_IDS_AUTO && rw_bind) {
		r->why = "a read-write bind, whose files stay the caller's "
			 "(--rootless-ids subordinate: a user of its own)";
		return 0;
	}
	caller_name(uid, &who);
	ru = caller_entry("/etc/subuid", name, uid, &r->uid_start, &ucount,
			  &r->why, err);
	rg = ru < 0 ? 0
		    : caller_entry("/etc/subgid", name, uid, &r->gid_start,
				   &gcount, &r->why, err);
	if (ru < 0 || rg < 0) {
		/* An error that AUTO passes over: the caller's ids, and why. */
		if (want == CJ_IDS_SUBORDINATE)
			return -1;
		*err = (struct cj_err){0, ""};
		return 0;
	}
	if (ru == 0 || rg == 0) {
		r->why = "the caller has no subordinate ids in /etc/subuid and "
			 "/etc/subgid";
		if (want == CJ_IDS_SUBORDINATE)
			return cj_fail(err, CJ_EXIT_SETUP,
				       "--rootless-ids subordinate: %s has no "
				       "entry for %s (uid %u)",
				       ru == 0 ? "/etc/subuid" : "/etc/subgid",
				       name, (unsigned)uid);
		return 0;
	}
	if (access(CJ_NEWUIDMAP, X_OK) < 0 || access(CJ_NEWGIDMAP, X_OK) < 0) {
		r->why = "no " CJ_NEWUIDMAP " and " CJ_NEWGIDMAP " here "
			 "(Debian: apt-get install uidmap)";
		if (want == CJ_IDS_SUBORDINATE)
			return cj_fail_errno(err, CJ_EXIT_SETUP, errno,
					     "--rootless-ids subordinate: %s",
					     access(CJ_NEWUIDMAP, X_OK) < 0
						 ? CJ_NEWUIDMAP
						 : CJ_NEWGIDMAP);
		return 0;
	}
	r->count = ucount < gcount ? ucount : gcount;
	if (r->count > CJ_JAIL_IDS - 1)
		r->count = CJ_JAIL_IDS - 1;
	if (want == CJ_IDS_AUTO && r->count < CJ_JAIL_IDS - 1) {
		r->why = "the caller has fewer than 65535 subordinate ids";
		r->count = 0;
		return 0;
	}
	r->sub = true;
	return 0;
}
