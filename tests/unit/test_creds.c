/* test_creds.c - creds_resolve: users and groups from the text of a passwd
 * and a group file. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "tap.h"

#include "banned.h"

/* Malformed lines come before the good ones, so a parser that stopped at
 * them would miss what follows. alice2 comes before alice, so a prefix match
 * would find the wrong one. */
static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "# a comment\n"
    "garbage without any colon\n"
    "short:x:5:5:too:few\n"
    "alice:x:notanumber:100:Bad Alice:/bad:/bin/false\n"
    "alice:x:1000:badgid:Bad Alice:/bad:/bin/false\n"
    "eve:x:-1:-1::/:/bin/sh\n"
    "alice2:x:1002:1002:Alice Two:/home/alice2:/bin/zsh\n"
    "alice:x:1000:100:Alice:/home/alice:/bin/bash\n"
    "bob:x:1001:1001::/home/bob:\n"
    "carol:x:1003:1003:Carol::/bin/dash\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "max:x:4294967294:4294967294::/home/max:/bin/sh";

static const char group[] = "root:x:0:\n"
			    "adm:x:4:syslog,alice\n"
			    "garbage\n"
			    "bad:x:zz:alice\n"
			    "nomembers:x:7\n"
			    "audio:x:29:alice2\n"
			    "video:x:44:bob,alicex,xalice\n"
			    "staff:x:50:bob,alice,carol\n"
			    "users:x:100:alice\n"
			    "nogroup:x:65534:nobody\n";

static struct identity id;
static struct cj_err err;

static int resolve(const char *user, const char *pw, const char *gr)
{
	memset(&err, 0, sizeof(err));
	/* Garbage in id, to see that creds_resolve fills all of it. */
	memset(&id, 0x5a, sizeof(id));
	return creds_resolve(user, pw, gr, &id, &err);
}

static int has_group(gid_t g)
{
	int n = 0;

	for (size_t i = 0; i < id.n_groups && i < CJ_MAX_GROUPS; i++)
		if (id.groups[i] == g)
			n++;
	return n;
}

static void print_groups(void)
{
	printf("#   groups (%zu):", id.n_groups);
	for (size_t i = 0; i < id.n_groups && i < CJ_MAX_GROUPS; i++)
		printf(" %u", (unsigned)id.groups[i]);
	printf("\n");
}

/* The groups are exactly the given set (any order, each once). */
static int groups_are(const gid_t *want, size_t n)
{
	int same = id.n_groups == n;

	for (size_t i = 0; same && i < n; i++)
		if (has_group(want[i]) != 1)
			same = 0;
	if (!same)
		print_groups();
	return same;
}

static void is_identity(unsigned uid, unsigned gid, const char *name,
			const char *home, const char *shell, const char *what)
{
	ok(id.uid == uid, "%s: uid %u (got %u)", what, uid, (unsigned)id.uid);
	ok(id.gid == gid, "%s: gid %u (got %u)", what, gid, (unsigned)id.gid);
	is_str(id.name, name, "%s: name", what);
	is_str(id.home, home, "%s: home", what);
	is_str(id.shell, shell, "%s: shell", what);
}

static void is_error(int rc, const char *msg, const char *what)
{
	ok(rc == -1 && err.status == CJ_EXIT_SETUP, "%s: error 125", what);
	is_str(err.msg, msg, "%s: message", what);
}

static void test_default(void)
{
	static const gid_t nogroup[] = {65534};
	static const gid_t justone[] = {65534};

	ok(resolve(NULL, passwd, group) == 0, "default user, nobody listed");
	is_identity(65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin",
		    "nobody from passwd");
	ok(groups_are(nogroup, 1), "nobody's groups: its primary, once");

	ok(resolve(NULL, "root:x:0:0:root:/root:/bin/bash\n", "root:x:0:\n") ==
	       0,
	   "default user, no nobody line");
	is_identity(CJ_NOBODY, CJ_NOBODY, "nobody", "/", "/bin/sh",
		    "fallback nobody");
	ok(groups_are(justone, 1), "fallback nobody: groups {65534}");

	ok(resolve(NULL, NULL, NULL) == 0, "default user, no files");
	is_identity(CJ_NOBODY, CJ_NOBODY, "nobody", "/", "/bin/sh", "no files");
	ok(groups_are(justone, 1), "no files: groups {65534}");

	ok(resolve(NULL, "", "") == 0, "default user, empty files");
	is_identity(CJ_NOBODY, CJ_NOBODY, "nobody", "/", "/bin/sh",
		    "empty files");

	ok(resolve(NULL, "nobody:x:99:98::/:/bin/sh\n", NULL) == 0,
	   "a nobody with other ids");
	ok(id.uid == 99 && id.gid == 98, "its ids are taken from passwd");
}

static void test_names(void)
{
	static const gid_t alice_groups[] = {100, 4, 50};
	static const gid_t bob_groups[] = {1001, 44, 50};
	static const gid_t alice2_groups[] = {1002, 29};

	ok(resolve("alice", passwd, group) == 0, "alice by name");
	is_identity(1000, 100, "alice", "/home/alice", "/bin/bash", "alice");
	ok(groups_are(alice_groups, 3),
	   "alice: primary 100 once, adm 4, staff 50; not video or audio");

	ok(resolve("alice2", passwd, group) == 0, "alice2 by name");
	is_identity(1002, 1002, "alice2", "/home/alice2", "/bin/zsh", "alice2");
	ok(groups_are(alice2_groups, 2), "alice2: 1002 and audio 29");

	ok(resolve("bob", passwd, group) == 0, "bob by name");
	is_identity(1001, 1001, "bob", "/home/bob", "/bin/sh",
		    "bob, empty shell field");
	ok(groups_are(bob_groups, 3), "bob: 1001, video 44, staff 50");

	ok(resolve("carol", passwd, group) == 0, "carol by name");
	is_identity(1003, 1003, "carol", "/", "/bin/dash",
		    "carol, empty home field");

	ok(resolve("root", passwd, group) == 0, "root by name");
	is_identity(0, 0, "root", "/root", "/bin/bash", "root");

	ok(resolve("max", passwd, group) == 0, "max, the last line, no \\n");
	ok(id.uid == 4294967294U && id.gid == 4294967294U,
	   "max: the largest id, 4294967294");

	ok(resolve("alice", passwd, NULL) == 0, "alice, no group file");
	ok(id.n_groups == 1 && id.groups[0] == 100,
	   "no group file: the primary group only");

	is_error(resolve("mallory", passwd, group),
		 "--user mallory: no such user in the jail's /etc/passwd",
		 "unknown name");
	is_error(resolve("alic", passwd, group),
		 "--user alic: no such user in the jail's /etc/passwd",
		 "a prefix of a name");
	is_error(resolve("short", passwd, group),
		 "--user short: no such user in the jail's /etc/passwd",
		 "a name only on a malformed line");
	is_error(resolve("eve", passwd, group),
		 "--user eve: no such user in the jail's /etc/passwd",
		 "a name only on a line with uid -1");
	is_error(resolve("alice", NULL, group),
		 "--user alice: no such user in the jail's /etc/passwd",
		 "a name, no passwd");
	is_error(resolve("nobody", "root:x:0:0::/:/bin/sh\n", NULL),
		 "--user nobody: no such user in the jail's /etc/passwd",
		 "-u nobody is a name like any other");
	is_error(resolve("-1", passwd, group),
		 "--user -1: no such user in the jail's /etc/passwd", "-1");
}

static void test_numeric(void)
{
	static const gid_t alice_50[] = {50, 4, 100};
	static const gid_t just_1000[] = {1000};
	static const char other[] = "root:x:0:0:root:/root:/bin/bash\n"
				    "bin:x:2:2::/bin:/usr/sbin/nologin\n";

	ok(resolve("1000", passwd, group) == 0, "1000, in passwd");
	is_identity(1000, 100, "alice", "/home/alice", "/bin/bash",
		    "1000 takes alice's line");
	ok(has_group(4) == 1 && has_group(50) == 1 && has_group(100) == 1,
	   "1000: alice's groups, by her name");

	ok(resolve("0", passwd, group) == 0, "0, in passwd");
	is_identity(0, 0, "root", "/root", "/bin/bash", "0 is root");

	ok(resolve("1000", other, group) == 0, "1000, not in passwd");
	is_identity(1000, 1000, "1000", "/", "/bin/sh", "unknown uid 1000");
	ok(groups_are(just_1000, 1), "unknown uid 1000: groups {1000}");

	ok(resolve("1000", NULL, NULL) == 0, "1000, no files");
	is_identity(1000, 1000, "1000", "/", "/bin/sh", "1000, no files");

	ok(resolve("1000:50", passwd, group) == 0, "1000:50");
	is_identity(1000, 50, "alice", "/home/alice", "/bin/bash",
		    "1000:50 keeps alice's name, gid 50");
	ok(groups_are(alice_50, 3),
	   "1000:50: gid 50 once, then alice's groups 4 and 100");

	ok(resolve("4242:0", NULL, NULL) == 0, "4242:0, no files");
	is_identity(4242, 0, "4242", "/", "/bin/sh", "4242:0");
	ok(id.n_groups == 1 && id.groups[0] == 0, "4242:0: groups {0}");

	ok(resolve("007", other, NULL) == 0 && id.uid == 7,
	   "leading zeros: 007 is 7");
	ok(resolve("4294967294", NULL, NULL) == 0 && id.uid == 4294967294U,
	   "4294967294, the largest id, accepted");
	is_str(id.name, "4294967294", "... its name");
	ok(resolve("5:4294967294", NULL, NULL) == 0 && id.gid == 4294967294U,
	   "gid 4294967294 accepted");

	is_error(resolve("1000:x", passwd, group),
		 "--user 1000:x: bad group id", "1000:x");
	is_error(resolve("1000:", passwd, group), "--user 1000:: bad group id",
		 "1000: (empty gid)");
	is_error(resolve("1000:-1", passwd, group),
		 "--user 1000:-1: bad group id", "1000:-1");
	is_error(resolve("1000:4294967295", passwd, group),
		 "--user 1000:4294967295: bad group id",
		 "gid 4294967295 (the kernel's -1)");
	is_error(resolve("1000:1:2", passwd, group),
		 "--user 1000:1:2: bad group id", "1000:1:2");
	is_error(resolve("abc:5", passwd, group),
		 "--user abc:5: expected a name, UID or UID:GID", "abc:5");
	is_error(resolve("alice:100", passwd, group),
		 "--user alice:100: expected a name, UID or UID:GID",
		 "name:GID is not accepted");
	is_error(resolve(":5", passwd, group),
		 "--user :5: expected a name, UID or UID:GID", ":5");

	/* Out of range: not an id, so a name, which passwd lacks. */
	ok(resolve("4294967295", passwd, group) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "4294967295 (the kernel's -1): error 125");
	ok(strstr(err.msg, "4294967295") != NULL, "... naming it ('%s')",
	   err.msg);
	ok(resolve("99999999999", passwd, group) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "99999999999 (past 32 bits): error 125");
	ok(strstr(err.msg, "99999999999") != NULL, "... naming it ('%s')",
	   err.msg);
	ok(resolve("4294967296", NULL, NULL) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "4294967296 (2^32, would wrap to 0): error 125");
	ok(resolve("18446744073709551616", NULL, NULL) == -1,
	   "2^64 (would wrap a 64-bit sum): error");
	ok(resolve("5:99999999999", NULL, NULL) == -1 &&
	       err.status == CJ_EXIT_SETUP,
	   "gid 99999999999: error 125");
}

static void test_groups(void)
{
	static char big[64 * 100];
	size_t o = 0;

	/* More groups than CJ_MAX_GROUPS: no overflow, primary kept. */
	for (int g = 0; g < CJ_MAX_GROUPS + 10; g++)
		o += (size_t)snprintf(big + o, sizeof(big) - o,
				      "g%d:x:%d:alice\n", g, 2000 + g);
	ok(o < sizeof(big), "a group file of %d groups", CJ_MAX_GROUPS + 10);
	ok(resolve("alice", passwd, big) == 0, "alice in all of them");
	ok(id.n_groups <= CJ_MAX_GROUPS,
	   "at most CJ_MAX_GROUPS groups (got %zu)", id.n_groups);
	ok(has_group(100) == 1, "the primary group is among them");
	ok(has_group(2000) == 1, "so is the first supplementary one");

	ok(resolve("alice", passwd, "dup:x:4:alice,alice\nadm:x:4:alice\n") ==
		   0 &&
	       id.n_groups == 2 && has_group(4) == 1,
	   "a gid listed twice is added once");
	ok(resolve("alice", passwd, "x:x:9:,,alice,\n") == 0 &&
	       has_group(9) == 1,
	   "empty members around the name are skipped");
	ok(resolve("alice", passwd, "x:x:9: alice\n") == 0 && has_group(9) == 0,
	   "' alice' is not alice");
	ok(resolve("alice", passwd, "x:x:9:alice:extra\n") == 0 &&
	       has_group(9) == 0,
	   "a malformed line with a fifth field grants nothing ("
	   "alice:extra)");
}

static void test_blank_lines(void)
{
	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\n"
				 "\n"
				 "\n"
				 "alice:x:1000:100::/home/alice:/bin/sh\n";
	static const char gr[] = "root:x:0:\n"
				 "\n"
				 "adm:x:4:alice\n";
	int rc;

	rc = resolve("alice", pw, gr);
	ok(rc == 0 && id.uid == 1000,
	   "blank lines in passwd are skipped, not the end ('%s')",
	   rc == 0 ? "" : err.msg);
	rc = resolve("1000", pw, gr);
	ok(rc == 0 && strcmp(id.name, "alice") == 0,
	   "by uid, too (got name '%s')", rc == 0 ? id.name : "");
	rc = resolve("1000:100", "alice:x:1000:100::/:/bin/sh\n", gr);
	ok(rc == 0 && has_group(4) == 1,
	   "a blank line in group is skipped, not the end");
}

int main(void)
{
	test_default();
	test_names();
	test_numeric();
	test_groups();
	test_blank_lines();
	return tap_done();
}
