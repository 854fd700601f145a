/* test_rootless.c - what capejail decides, run by an ordinary user: a setuid
 * install is refused, a host that forbids user namespaces is explained, and a
 * user who needs more ids than the caller's is an error. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "creds.h"
#include "rootless.h"
#include "tap.h"

#include "banned.h"

static struct cj_err err;

static int setid(unsigned r, unsigned e, unsigned rg, unsigned eg,
		 unsigned long secure)
{
	memset(&err, 0, sizeof(err));
	return rootless_setid_verdict(r, e, rg, eg, secure, &err);
}

static void test_setid(void)
{
	ok(setid(0, 0, 0, 0, 0) == 0, "root, as root: runs");
	ok(setid(1000, 1000, 1000, 1000, 0) == 0, "a user, plainly: runs");
	ok(setid(1000, 0, 1000, 1000, 1) < 0 && err.status == CJ_EXIT_SETUP,
	   "setuid root: refused, 125");
	ok(strstr(err.msg, "refusing to run setuid") == err.msg,
	   "... and says so ('%s')", err.msg);
	ok(setid(1000, 1000, 1000, 0, 1) < 0, "setgid: refused");
	ok(setid(1000, 1000, 1000, 1000, 1) < 0,
	   "file capabilities (AT_SECURE with equal ids): refused");
	ok(setid(1000, 0, 1000, 1000, 0) < 0,
	   "ids that differ, whatever AT_SECURE says: refused");
}

static int userns(const char *max, const char *clone, const char *aa,
		  const char *label)
{
	memset(&err, 0, sizeof(err));
	return rootless_userns_verdict(max, clone, aa, label, &err);
}

static void test_userns(void)
{
	ok(userns("96365\n", NULL, NULL, NULL) == 0,
	   "a plain kernel with a limit: allowed");
	ok(userns(NULL, NULL, NULL, NULL) == 0,
	   "no files at all: allowed (the kernel will say)");
	ok(userns("0\n", NULL, NULL, NULL) < 0 &&
	       strstr(err.msg, "user.max_user_namespaces = 0") != NULL,
	   "max_user_namespaces 0: explained ('%s')", err.msg);
	ok(userns("10\n", NULL, NULL, NULL) == 0,
	   "max_user_namespaces 10 is not 0");
	ok(userns("100\n", "0\n", NULL, NULL) < 0 &&
	       strstr(err.msg, "kernel.unprivileged_userns_clone = 0") != NULL,
	   "Debian's unprivileged_userns_clone 0: explained ('%s')", err.msg);
	ok(userns("100\n", "1\n", NULL, NULL) == 0,
	   "unprivileged_userns_clone 1: allowed");
	ok(userns("100\n", "1\n", "1\n", "unconfined\n") < 0 &&
	       strstr(err.msg,
		      "kernel.apparmor_restrict_unprivileged_userns = 1") !=
		   NULL,
	   "Ubuntu's AppArmor rule, unconfined: explained ('%s')", err.msg);
	ok(userns("100\n", NULL, "1\n", NULL) < 0,
	   "... also when the label cannot be read");
	ok(userns("100\n", NULL, "1\n", "capejail (enforce)\n") == 0,
	   "... a program with a profile of its own is let through");
	ok(userns("100\n", NULL, "0\n", "unconfined\n") == 0,
	   "the AppArmor rule off: allowed");
	ok(userns("0\n", "0\n", "1\n", "unconfined") < 0 &&
	       strchr(err.msg, '\n') == NULL,
	   "one line");
}

static void test_groups(void)
{
	struct identity id;

	memset(&id, 0, sizeof(id));
	(void)snprintf(id.name, sizeof(id.name), "alice");
	id.uid = 4242;
	id.gid = 4243;
	id.groups[0] = 4243;
	id.n_groups = 1;
	memset(&err, 0, sizeof(err));
	ok(creds_check_rootless(&id, &err) == 0,
	   "a user with only its primary group: fine rootless");
	id.groups[1] = 5000;
	id.n_groups = 2;
	ok(creds_check_rootless(&id, &err) < 0 &&
	       strstr(err.msg, "group 5000") != NULL &&
	       strstr(err.msg, "need root") != NULL,
	   "a supplementary group: an error naming it and root ('%s')",
	   err.msg);
}

static void test_map(void)
{
	ok(rootless_map_is_whole("         0          0 4294967295\n"),
	   "the initial user namespace's map: whole (root mode)");
	ok(rootless_map_is_whole(NULL), "no map to read: whole (root mode)");
	ok(!rootless_map_is_whole("         0     100000      65536\n"),
	   "a container's 65536 ids: not whole (rootless)");
	ok(!rootless_map_is_whole("0 1000 1\n"),
	   "a rootless namespace's one id: not whole");
	ok(!rootless_map_is_whole("1 1 4294967294\n"),
	   "every id but 0: not whole");
	ok(!rootless_map_is_whole("0 0 4294967294\n"),
	   "one id short of 4294967294: not whole");
	ok(rootless_map_is_whole("0 4294967294 1\n1 1 4294967293\n"
				 "0 0 4294967295\n"),
	   "a later line that covers all: whole");
	ok(!rootless_map_is_whole("0 0 1\n1 1 65535\n"),
	   "ids in two pieces of a container: not whole");
	ok(!rootless_map_is_whole(""), "an empty map: not whole");
}

int main(void)
{
	test_setid();
	test_map();
	test_userns();
	test_groups();
	return tap_done();
}
