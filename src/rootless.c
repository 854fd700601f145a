/* rootless.c - see rootless.h. */
#define _GNU_SOURCE
#include "rootless.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#include "banned.h"

int rootless_setid_verdict(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid,
			   unsigned long at_secure, struct cj_err *err)
{
	/* A setuid-root capejail would let any user make mounts and id maps
	 * of root's choosing: that is not a supported install. */
	if (ruid != euid || rgid != egid || at_secure != 0)
		return cj_fail(err, CJ_EXIT_SETUP,
			       "refusing to run setuid, setgid or with file "
			       "capabilities (uid %u, euid %u, gid %u, egid "
			       "%u): run capejail as root, or as an ordinary "
			       "user (rootless), from a plain 0755 install",
			       (unsigned)ruid, (unsigned)euid, (unsigned)rgid,
			       (unsigned)egid);
	return 0;
}

/* The file's text is this number (a trailing newline allowed)? */
static bool reads(const char *text, const char *num)
{
	size_t n = strlen(num);

	return text != NULL && strncmp(text, num, n) == 0 &&
	       (text[n] == '\0' || text[n] == '\n');
}

int rootless_userns_verdict(const char *max_userns, const char *unpriv_clone,
			    const char *aa_restrict, const char *aa_label,
			    struct cj_err *err)
{
	if (reads(max_userns, "0"))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "rootless: this host allows no user namespaces "
			       "(user.max_user_namespaces = 0); run capejail "
			       "as root, or ask the administrator to raise "
			       "it");
	if (reads(unpriv_clone, "0"))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "rootless: this host allows user namespaces "
			       "only to root (kernel.unprivileged_userns_clone "
			       "= 0); run capejail as root, or ask the "
			       "administrator to set it to 1");
	/* Ubuntu's rule: an unconfined program that makes a user namespace
	 * gets no capability in it. A program with an AppArmor profile that
	 * grants "userns," is let through, so only unconfined is refused. */
	if (reads(aa_restrict, "1") &&
	    (aa_label == NULL || strncmp(aa_label, "unconfined", 10) == 0))
		return cj_fail(err, CJ_EXIT_SETUP,
			       "rootless: AppArmor restricts user namespaces "
			       "of unconfined programs "
			       "(kernel.apparmor_restrict_unprivileged_userns "
			       "= 1); run capejail as root, or give it an "
			       "AppArmor profile that allows \"userns,\"");
	return 0;
}

/* The file's text, or NULL where it cannot be read. */
static char *slurp(const char *path)
{
	struct cj_err ignored;
	char *text = NULL;
	size_t len;

	if (read_small_file(path, 4096, &text, &len, &ignored) < 0)
		return NULL;
	return text;
}

bool rootless_map_is_whole(const char *map)
{
	const char *p = map;

	if (map == NULL)
		return true;
	/* "inside outside count" per line; one line must cover 0 to
	 * 4294967294 inside (the map need not be the identity: a user
	 * namespace of a user namespace with every id is whole too). */
	while (p != NULL && *p != '\0') {
		char *end;
		unsigned long long in = strtoull(p, &end, 10);

		(void)strtoull(end, &end, 10); /* outside */
		if (in == 0 && end != p &&
		    strtoull(end, NULL, 10) >= 4294967295ULL)
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

/* Is the id map at path whole? One that cannot be read is taken as
 * whole, as before there were user namespaces. */
static bool map_file_is_whole(const char *path)
{
	char map[4096];

	return rootless_map_is_whole(
	    read_kernel_file(path, map, sizeof(map)) < 0 ? NULL : map);
}

/* The initial user namespace's inode number in /proc/PID/ns (the
 * kernel's PROC_USER_INIT_INO, fixed since Linux 3.8): its maps are whole,
 * and one stat says so where reading both maps takes six calls. */
#define INIT_USER_NS_INO 0xEFFFFFFDU

bool rootless_wanted(void)
{
	struct stat st;

	if (geteuid() != 0)
		return true;
	if (stat("/proc/self/ns/user", &st) == 0 &&
	    st.st_ino == INIT_USER_NS_INO)
		return false;
	return !map_file_is_whole("/proc/self/uid_map") ||
	       !map_file_is_whole("/proc/self/gid_map");
}

int rootless_check_host(struct cj_err *err)
{
	char *max = slurp("/proc/sys/user/max_user_namespaces");
	char *clone = slurp("/proc/sys/kernel/unprivileged_userns_clone");
	char *aa =
	    slurp("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	char *label = NULL;
	int rc;

	/* The label only matters where AppArmor restricts. */
	if (aa != NULL) {
		label = slurp("/proc/self/attr/apparmor/current");
		if (label == NULL)
			label = slurp("/proc/self/attr/current");
	}
	rc = rootless_userns_verdict(max, clone, aa, label, err);
	free(max);
	free(clone);
	free(aa);
	free(label);
	return rc;
}

void rootless_explain(struct cj_err *err)
{
	struct cj_err why = {0, ""};

	if (rootless_check_host(&why) < 0)
		*err = why;
}
