/* test_hostids.c - capejail's range of host ids, read from the text of
 * /etc/subuid: its own entry found, a malformed one refused, another user's
 * range that overlaps the built-in one seen. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "hostids.h"
#include "tap.h"

#include "banned.h"

static void test_find(void)
{
	uint32_t start = 0, count = 0;

	ok(hostids_find("", "capejail", &start, &count) == 0,
	   "an empty file: no entry");
	ok(hostids_find("alice:100000:65536\ncapejail:3000000000:131072\n",
			"capejail", &start, &count) == 1 &&
	       start == 3000000000U && count == 131072,
	   "capejail's line among others: start and count");
	ok(hostids_find("capejailx:1:65536\n", "capejail", &start, &count) == 0,
	   "a longer name that starts with capejail is not capejail");
	ok(hostids_find("# capejail:1:2\n", "capejail", &start, &count) == 0,
	   "a comment is not an entry");
	ok(hostids_find("capejail:1:2", "capejail", &start, &count) == 1 &&
	       start == 1 && count == 2,
	   "the last line without a newline");
	ok(hostids_find("capejail:x:65536\n", "capejail", &start, &count) < 0,
	   "START not a number: malformed");
	ok(hostids_find("capejail:1\n", "capejail", &start, &count) < 0,
	   "no COUNT: malformed");
	ok(hostids_find("capejail:1:99999999999\n", "capejail", &start,
			&count) < 0,
	   "COUNT beyond 32 bits: malformed");
}

static void test_overlap(void)
{
	char who[64] = "";
	const char *text = "alice:100000:65536\nbob:1879048192:65536\n";

	ok(!hostids_overlap("", "capejail", 1879048192, 65536, who,
			    sizeof(who)),
	   "nothing overlaps an empty file");
	ok(hostids_overlap(text, "capejail", 1879048192, 65536ULL * 1024, who,
			   sizeof(who)) &&
	       strcmp(who, "bob:1879048192:65536") == 0,
	   "bob's range inside the built-in one: seen, and named");
	ok(!hostids_overlap(text, "capejail", 165536, 65536, who, sizeof(who)),
	   "a range that starts where alice's ends: no overlap");
	ok(hostids_overlap(text, "capejail", 165535, 2, who, sizeof(who)),
	   "one id shared with alice's last: overlap");
	ok(!hostids_overlap("capejail:1879048192:65536\n", "capejail",
			    1879048192, 65536, who, sizeof(who)),
	   "capejail's own entry does not overlap itself");
}

/* Rootless: the caller's entry, by name first, else by uid (as shadow's
 * newuidmap looks it up). */
static void test_find_user(void)
{
	const char *text = "1000:500000:65536\nalice:100000:65536\n";
	uint32_t start = 0, count = 0;

	ok(hostids_find_user(text, "alice", 1000, &start, &count) == 1 &&
	       start == 100000 && count == 65536,
	   "by name before by uid");
	ok(hostids_find_user(text, "bob", 1000, &start, &count) == 1 &&
	       start == 500000,
	   "no line for the name: by uid");
	ok(hostids_find_user(text, NULL, 1000, &start, &count) == 1 &&
	       start == 500000,
	   "no name (not in /etc/passwd): by uid");
	ok(hostids_find_user(text, "bob", 1001, &start, &count) == 0,
	   "neither: none");
	ok(hostids_find_user("10000:1:2\n", "bob", 1000, &start, &count) == 0,
	   "uid 1000 is not a prefix of 10000");
	ok(hostids_find_user("bob:1\n", "bob", 1000, &start, &count) == -1,
	   "the caller's line without a COUNT: malformed");
}

int main(void)
{
	test_find();
	test_overlap();
	test_find_user();
	return tap_done();
}
