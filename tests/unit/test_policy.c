/* test_policy.c - policy_parse, policy_find and policy_summary: the
 * SYSCALLS.md format. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "policy_table.h"
#include "tap.h"

#include "banned.h"

/* A regression test of a bug found and fixed: `bug` says what went wrong. */
#define regression(cond, bug, ...) ok(cond, __VA_ARGS__)

#define skip(why)                                                              \
	do {                                                                   \
		tap_n++;                                                       \
		printf("ok %d # SKIP %s\n", tap_n, why);                       \
	} while (0)

/* The warning sign U+26A0 and the variation selector U+FE0F. */
#define WARN "\xe2\x9a\xa0"
#define VS16 "\xef\xb8\x8f"

static struct policy P;
static struct cj_err E;

/* Parse len bytes of text, from a malloc'd copy of exactly that size (no NUL
 * after it), so a read past the end is a sanitizer error. */
static int parse_n(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (copy == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memcpy(copy, text, len);
	policy_free(&P);
	memset(&E, 0, sizeof(E));
	rc = policy_parse(copy, len, "t.md", &P, &E);
	free(copy);
	return rc;
}

static int parse(const char *text)
{
	return parse_n(text, strlen(text));
}

/* The entry called name, or NULL. */
static const struct policy_entry *entry(const char *name)
{
	long i = policy_find(&P, name);

	return i < 0 ? NULL : &P.v[i];
}

/* A failed parse: -1, status 125, out left empty, exactly this message. */
static void is_error(int rc, const char *msg, const char *what)
{
	ok(rc == -1 && E.status == CJ_EXIT_SETUP, "%s: error 125", what);
	ok(P.n == 0 && P.v == NULL, "%s: nothing returned", what);
	is_str(E.msg, msg, "%s: message", what);
}

/* policy_summary of reason is want. */
static void summary_is(const char *reason, const char *want, const char *what)
{
	char *s = policy_summary(reason);

	is_str(s, want, "summary: %s", what);
	free(s);
}

static void test_minimal(void)
{
	const struct policy_entry *e;

	ok(parse("## Blocked\n"
		 "\n"
		 "### chroot\n"
		 "\n"
		 "Change root.\n") == 0,
	   "minimal policy: one blocked entry");
	ok(P.n == 1, "one entry (got %zu)", P.n);
	e = P.n == 1 ? &P.v[0] : NULL;
	is_str(e ? e->name : NULL, "chroot", "its name");
	ok(e && e->verdict == CJ_BLOCK, "blocked");
	ok(e && !e->warn, "no warning sign");
	is_str(e ? e->arch : NULL, "", "no arch");
	ok(e && e->line == 3, "line of the heading is 3 (got %u)",
	   e ? e->line : 0);
	is_str(e ? e->reason : NULL, "Change root.", "reason, blank-trimmed");
	is_str(e ? e->summary : NULL, "Change root.", "summary");

	ok(parse("# Title\n\nJust prose.\n") == 0 && P.n == 0,
	   "no policy sections: no entries, no error");
	ok(parse("") == 0 && P.n == 0, "empty text: no entries, no error");
}

static void test_verdicts(void)
{
	const struct policy_entry *e;

	ok(parse("# SYSCALLS\n"
		 "\n"
		 "Intro with `code` and [a link](#read).\n"
		 "\n"
		 "## Blocked\n"
		 "\n"
		 "Blocked calls, a paragraph before the first entry.\n"
		 "\n"
		 "### chroot " WARN VS16 "\n"
		 "\n"
		 "Change root directory. This is the big one.\n"
		 "\n"
		 "### ptrace " VS16 WARN "\n"
		 "\n"
		 "Trace.\n"
		 "\n"
		 "### mknod " WARN "\n"
		 "\n"
		 "Make nodes.\n"
		 "\n"
		 "### kexec_load" WARN VS16 "\n"
		 "\n"
		 "New kernel.\n"
		 "\n"
		 "### __clone2 (ia64)\n"
		 "\n"
		 "Only on ia64.\n"
		 "\n"
		 "### weird " WARN VS16 " (ia64)\n"
		 "\n"
		 "Both marks.\n"
		 "\n"
		 "### fstatfs\n"
		 "\n"
		 "Users probably don't need filesystem information.\n"
		 "\n"
		 "## Allowed\n"
		 "\n"
		 "### read\n"
		 "\n"
		 "Read from a file descriptor.\n"
		 "\n"
		 "### write\n"
		 "Write, reason right under the heading.\n"
		 "## Notes\n"
		 "\n"
		 "Text.\n") == 0,
	   "policy with both sections, marks and arch tags");
	ok(P.n == 9, "nine entries (got %zu)", P.n);

	e = entry("chroot");
	ok(e && e->verdict == CJ_BLOCK && e->warn,
	   "chroot " WARN VS16 ": blocked, warn");
	ok(e && e->line == 9, "chroot at line 9 (got %u)", e ? e->line : 0);
	is_str(e ? e->reason : NULL,
	       "Change root directory. This is the big one.", "chroot reason");
	is_str(e ? e->summary : NULL, "Change root directory.",
	       "chroot summary: first sentence");

	e = entry("ptrace");
	ok(e && e->verdict == CJ_BLOCK && e->warn,
	   "ptrace with U+FE0F before the sign: warn");
	e = entry("mknod");
	ok(e && e->verdict == CJ_BLOCK && e->warn,
	   "mknod with a bare U+26A0: warn");
	e = entry("kexec_load");
	ok(e && e->warn, "kexec_load, sign right after the name: warn");
	is_str(e ? e->name : NULL, "kexec_load", "... name without the sign");

	e = entry("__clone2");
	ok(e && e->verdict == CJ_BLOCK && !e->warn, "__clone2: blocked");
	is_str(e ? e->arch : NULL, "ia64", "__clone2 (ia64): arch tag");
	e = entry("weird");
	ok(e && e->warn, "sign and arch: warn");
	is_str(e ? e->arch : NULL, "ia64", "sign and arch: arch");

	e = entry("fstatfs");
	ok(e && e->verdict == CJ_BLOCK && !e->warn,
	   "fstatfs: blocked, no warn");
	is_str(e ? e->arch : NULL, "", "fstatfs: no arch");

	e = entry("read");
	ok(e && e->verdict == CJ_ALLOW && !e->warn, "read: allowed");
	ok(e && e->line == 39, "read at line 39 (got %u)", e ? e->line : 0);
	is_str(e ? e->reason : NULL, "Read from a file descriptor.",
	       "read reason stops at the next heading");
	e = entry("write");
	ok(e && e->verdict == CJ_ALLOW, "write: allowed");
	is_str(e ? e->reason : NULL, "Write, reason right under the heading.",
	       "write reason stops at the Notes heading");

	ok(policy_find(&P, "chroot") == 0, "policy_find: first entry at 0");
	ok(policy_find(&P, "write") == 8, "policy_find: last entry at 8");
	ok(policy_find(&P, "open") == -1, "policy_find: absent name: -1");
	ok(policy_find(&P, "rea") == -1,
	   "policy_find: a prefix is not a match");
	ok(policy_find(&P, "Read") == -1, "policy_find: case matters");
}

static void test_reasons(void)
{
	const struct policy_entry *e;

	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "   \n"
		       "### ptrace\n"
		       "\n"
		       "Trace.\n"),
		 "t.md:3: chroot: no reason given (every entry needs one)",
		 "blank reason");
	is_error(parse("## Blocked\n"
		       "\n"
		       "### ptrace\n"
		       "\n"
		       "Trace.\n"
		       "\n"
		       "### chroot\n"),
		 "t.md:7: chroot: no reason given (every entry needs one)",
		 "last entry without a reason, at the end of the text");
	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "## Allowed\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"),
		 "t.md:3: chroot: no reason given (every entry needs one)",
		 "entry followed at once by a section heading");
	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "Change root.\n"
		       "\n"
		       "#### Details\n"
		       "\n"
		       "Text.\n"),
		 "t.md:7: only ### entries belong in the policy sections",
		 "level-4 heading inside Blocked");
	is_error(parse("## Allowed\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"
		       "\n"
		       "###### deep\n"),
		 "t.md:7: only ### entries belong in the policy sections",
		 "level-6 heading inside Allowed");

	ok(parse("## Allowed\n"
		 "\n"
		 "### read\n"
		 "\n"
		 "\n"
		 "  First line of the reason,\n"
		 "second line. Another sentence.\n"
		 "\n"
		 "A second paragraph.\n"
		 "\n") == 0,
	   "a reason of two paragraphs");
	e = entry("read");
	is_str(e ? e->reason : NULL,
	       "First line of the reason,\nsecond line. Another sentence."
	       "\n\nA second paragraph.",
	       "the whole reason is kept, trimmed at both ends");
	is_str(e ? e->summary : NULL, "First line of the reason, second line.",
	       "summary: first sentence, the line break folded");

	ok(parse("## Blocked\n"
		 "\n"
		 "### accept4\n"
		 "\n"
		 "See [accept](#accept).\n") == 0,
	   "a reason that only points elsewhere");
	e = entry("accept4");
	is_str(e ? e->reason : NULL, "See [accept](#accept).",
	       "the reason keeps the link");
	is_str(e ? e->summary : NULL, "See accept.", "the summary flattens it");
}

static void test_duplicates(void)
{
	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "Change root.\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "Again.\n"),
		 "t.md:7: chroot is listed twice (also at line 3)",
		 "the same entry twice, same verdict");
	is_error(parse("## Blocked\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "No.\n"
		       "\n"
		       "## Allowed\n"
		       "\n"
		       "### write\n"
		       "\n"
		       "Yes.\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Yes.\n"),
		 "t.md:13: read is listed twice (also at line 3, with the "
		 "other verdict)",
		 "the same name blocked and allowed");
	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "Change root.\n"
		       "\n"
		       "### chroot " WARN VS16 "\n"
		       "\n"
		       "Again.\n"),
		 "t.md:7: chroot is listed twice (also at line 3)",
		 "a duplicate that differs only by the sign");
	ok(parse("## Blocked\n"
		 "\n"
		 "### open\n"
		 "\n"
		 "No.\n"
		 "\n"
		 "### openat\n"
		 "\n"
		 "No.\n"
		 "\n"
		 "### openat2\n"
		 "\n"
		 "No.\n") == 0 &&
	       P.n == 3,
	   "names that share a prefix are not duplicates");
}

static void test_headings(void)
{
	is_error(parse("### read\n"
		       "\n"
		       "Read.\n"
		       "\n"
		       "## Allowed\n"),
		 "t.md:1: ### heading outside the '## Blocked' and '## "
		 "Allowed' sections",
		 "entry before any section heading");
	is_error(parse("# SYSCALLS\n"
		       "\n"
		       "## Notes\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"),
		 "t.md:5: ### heading outside the '## Blocked' and '## "
		 "Allowed' sections",
		 "entry under a Notes section");
	is_error(parse("## Allowed\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"
		       "\n"
		       "## How this file is read\n"
		       "\n"
		       "### write\n"
		       "\n"
		       "Write.\n"),
		 "t.md:9: ### heading outside the '## Blocked' and '## "
		 "Allowed' sections",
		 "entry in a section after Allowed");
	is_error(parse("## Blocked syscalls\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"),
		 "t.md:3: ### heading outside the '## Blocked' and '## "
		 "Allowed' sections",
		 "section 'Blocked syscalls' is not 'Blocked'");
	ok(parse("##   Blocked  \n\n### read\n\nRead.\n") == 0 && P.n == 1 &&
	       P.v[0].verdict == CJ_BLOCK,
	   "section '  Blocked  ' (extra blanks) is 'Blocked'");
	ok(parse("## Notes\n"
		 "\n"
		 "#### Sub-heading\n"
		 "\n"
		 "Text.\n"
		 "\n"
		 "## Allowed\n"
		 "\n"
		 "### read\n"
		 "\n"
		 "Read.\n") == 0 &&
	       P.n == 1,
	   "level-4 heading outside the policy sections is fine");
	ok(parse("## Allowed\n"
		 "\n"
		 "###read\n"
		 "\n"
		 "#hashtag and ##not-a-heading either.\n"
		 "\n"
		 "### write\n"
		 "\n"
		 "Write.\n") == 0 &&
	       P.n == 1 && policy_find(&P, "write") == 0,
	   "no blank after the hashes: not a heading (Markdown)");
	ok(parse("## Allowed\n\n###\tread\n\nRead.\n") == 0 && P.n == 1 &&
	       strcmp(P.v[0].name, "read") == 0,
	   "a tab after the hashes makes a heading");

	/* A level-1 heading ends the ## section it follows. */
	regression(
	    parse("## Blocked\n"
		  "\n"
		  "### chroot\n"
		  "\n"
		  "Change root.\n"
		  "\n"
		  "# Appendix\n"
		  "\n"
		  "### read\n"
		  "\n"
		  "Read.\n") == -1 &&
		strstr(E.msg, "t.md:9: ### heading outside") == E.msg,
	    "policy.c ignores level-1 headings, so an entry after one is taken "
	    "as part of the section before it",
	    "entry under a level-1 heading after Blocked: error ('%s')", E.msg);
}

static void test_heading_text(void)
{
	char name[CJ_NAME_MAX + 1], text[256];

	is_error(parse("## Blocked\n\n### read now\n\nRead.\n"),
		 "t.md:3: read: unexpected text after the name (only " WARN VS16
		 " or (ARCH) may follow)",
		 "a word after the name");
	is_error(parse("## Blocked\n\n### read, write\n\nRead.\n"),
		 "t.md:3: read: unexpected text after the name (only " WARN VS16
		 " or (ARCH) may follow)",
		 "two names on one heading");
	is_error(parse("## Blocked\n\n### read " WARN " x\n\nRead.\n"),
		 "t.md:3: read: unexpected text after the name (only " WARN VS16
		 " or (ARCH) may follow)",
		 "text after the sign");
	is_error(parse("## Blocked\n\n### read (ia64) x\n\nRead.\n"),
		 "t.md:3: read: unexpected text after the name (only " WARN VS16
		 " or (ARCH) may follow)",
		 "text after the arch");
	is_error(parse("## Blocked\n\n### read (ia64\n\nRead.\n"),
		 "t.md:3: read: expected (ARCH) after the name",
		 "unclosed arch");
	is_error(parse("## Blocked\n\n### read ()\n\nRead.\n"),
		 "t.md:3: read: expected (ARCH) after the name", "empty arch");
	is_error(parse("## Blocked\n\n### read (ia-64)\n\nRead.\n"),
		 "t.md:3: read: expected (ARCH) after the name",
		 "arch with a '-'");
	is_error(parse("## Blocked\n\n### read (abcdefghijklmnop)\n\nRead.\n"),
		 "t.md:3: read: expected (ARCH) after the name",
		 "arch of CJ_ARCH_MAX characters (no room for the NUL)");
	ok(parse("## Blocked\n\n### read (abcdefghijklmno)\n\nRead.\n") == 0 &&
	       P.n == 1 && strcmp(P.v[0].arch, "abcdefghijklmno") == 0,
	   "arch of CJ_ARCH_MAX - 1 characters is fine");
	is_error(parse("## Blocked\n\n###  \n\nRead.\n"),
		 "t.md:3: a ### heading must start with a syscall name",
		 "a level-3 heading without a name");
	is_error(parse("## Blocked\n\n### " WARN " read\n\nRead.\n"),
		 "t.md:3: a ### heading must start with a syscall name",
		 "the sign before the name");

	memset(name, 'a', CJ_NAME_MAX - 1);
	name[CJ_NAME_MAX - 1] = '\0';
	(void)snprintf(text, sizeof(text), "## Allowed\n\n### %s\n\nLong.\n",
		       name);
	ok(parse(text) == 0 && P.n == 1 && strcmp(P.v[0].name, name) == 0,
	   "a name of CJ_NAME_MAX - 1 characters is fine");
	memset(name, 'a', CJ_NAME_MAX);
	name[CJ_NAME_MAX] = '\0';
	(void)snprintf(text, sizeof(text), "## Allowed\n\n### %s\n\nLong.\n",
		       name);
	is_error(parse(text), "t.md:3: syscall name too long",
		 "a name of CJ_NAME_MAX characters");
}

static void test_fences(void)
{
	const struct policy_entry *e;

	ok(parse("# SYSCALLS\n"
		 "\n"
		 "```sh\n"
		 "# a shell comment, not a heading\n"
		 "### not an entry either\n"
		 "```\n"
		 "\n"
		 "## Blocked\n"
		 "\n"
		 "### chroot\n"
		 "\n"
		 "Change root. For example:\n"
		 "\n"
		 "```\n"
		 "# chroot /mnt\n"
		 "## Allowed\n"
		 "#### deep\n"
		 "### read\n"
		 "```\n"
		 "\n"
		 "~~~\n"
		 "### write\n"
		 "~~~\n"
		 "\n"
		 "### ptrace\n"
		 "\n"
		 "Trace.\n") == 0,
	   "hash lines inside ``` and ~~~ fences are not headings");
	ok(P.n == 2, "two entries, none from the fences (got %zu)", P.n);
	ok(policy_find(&P, "read") < 0 && policy_find(&P, "write") < 0 &&
	       policy_find(&P, "not") < 0,
	   "no entry from inside a fence");
	e = entry("chroot");
	ok(e && e->verdict == CJ_BLOCK,
	   "an Allowed heading in a fence does not change the section");
	ok(e && e->reason && strstr(e->reason, "# chroot /mnt\n## Allowed") &&
	       strstr(e->reason, "~~~\n### write\n~~~"),
	   "the fences are part of the reason");
	e = entry("ptrace");
	ok(e && e->verdict == CJ_BLOCK && e->line == 25,
	   "the entry after the fences is still blocked, at line 25");

	is_error(parse("## Blocked\n"
		       "\n"
		       "### chroot\n"
		       "\n"
		       "Change root.\n"
		       "\n"
		       "```\n"
		       "### read\n"
		       "\n"
		       "Read.\n"),
		 "t.md: unterminated ``` block", "unterminated fence");
	is_error(parse("```\n"), "t.md: unterminated ``` block",
		 "a lone fence");
}

static void test_not_text(void)
{
	static const char nul[] = "## Blocked\n\n### read\n\nRe\0ad.\n";
	static const char nul1[] = "\0## Blocked\n";

	is_error(parse_n(nul, sizeof(nul) - 1),
		 "t.md:5: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a NUL byte on line 5");
	is_error(parse_n(nul1, sizeof(nul1) - 1),
		 "t.md:1: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a NUL byte first");
	is_error(parse("## Blocked\n\n### read\n\nBad \x80 byte.\n"),
		 "t.md:5: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a lone continuation byte");
	is_error(parse("## Blocked\n\n### read\n\nCut \xc3"),
		 "t.md:5: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a sequence cut by the end of the text");
	is_error(parse("## Blocked\n\n### read\n\nCut \xe2\x9a.\n"),
		 "t.md:5: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a three-byte sequence with two bytes");
	is_error(parse("ok\n\xc0\xaf\n"),
		 "t.md:2: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "overlong two-byte '/' (C0 AF)");
	is_error(parse("ok\n\xff\n"),
		 "t.md:2: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "an FF byte");
	is_error(parse("ok\nbell\x07\n"),
		 "t.md:2: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "a control character");
	is_error(parse("ok\n\nDEL\x7f\n"),
		 "t.md:3: not text (a NUL, a control character or invalid "
		 "UTF-8)",
		 "DEL");
	ok(parse("## Allowed\n\n### read\n\n\tTabs,\tUTF-8 \xc3\xa9\xe2\x82\xac"
		 " \xf0\x9f\x98\x80.\n") == 0 &&
	       P.n == 1,
	   "tabs and valid 2-, 3- and 4-byte UTF-8 are text");

	regression(parse("ok\n\xe0\x80\xaf\n") == -1 &&
		       strstr(E.msg, "t.md:2: not text") == E.msg,
		   "first_junk does not reject overlong 3-byte forms",
		   "overlong three-byte '/' (E0 80 AF) is not text");
	regression(parse("ok\n\xed\xa0\x80\n") == -1 &&
		       strstr(E.msg, "t.md:2: not text") == E.msg,
		   "first_junk does not reject UTF-16 surrogates",
		   "a surrogate (ED A0 80) is not text");
	regression(parse("ok\n\xf4\x90\x80\x80\n") == -1 &&
		       strstr(E.msg, "t.md:2: not text") == E.msg,
		   "first_junk does not reject code points past U+10FFFF",
		   "F4 90 80 80 (past U+10FFFF) is not text");
}

static void test_size(void)
{
	static const char head[] = "## Allowed\n\n### read\n\nRead.\n";
	size_t max = CJ_POLICY_MAX_BYTES;
	char *big = malloc(max + 1), want[128];

	if (big == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memcpy(big, head, sizeof(head) - 1);
	for (size_t i = sizeof(head) - 1; i <= max; i++)
		big[i] = i % 64 == 63 ? '\n' : 'x';
	ok(parse_n(big, max) == 0 && P.n == 1,
	   "exactly CJ_POLICY_MAX_BYTES bytes: parsed");
	ok(P.n == 1 && strlen(P.v[0].reason) > max - sizeof(head),
	   "... with the whole rest as the reason");
	(void)snprintf(want, sizeof(want),
		       "t.md: larger than %u bytes, not a policy",
		       CJ_POLICY_MAX_BYTES);
	is_error(parse_n(big, max + 1), want, "one byte more");
	free(big);
}

static void test_crlf_and_len(void)
{
	const struct policy_entry *e;
	static const char text[] = "## Allowed\n\n### read\n\nRead it. XYZ";

	ok(parse("## Blocked\r\n"
		 "\r\n"
		 "### chroot " WARN VS16 "\r\n"
		 "\r\n"
		 "Change root.\r\n"
		 "Second line.\r\n"
		 "\r\n"
		 "## Allowed\r\n"
		 "\r\n"
		 "### read\r\n"
		 "\r\n"
		 "Read.\r\n") == 0,
	   "CRLF line endings");
	ok(P.n == 2, "CRLF: two entries (got %zu)", P.n);
	e = entry("chroot");
	ok(e && e->verdict == CJ_BLOCK && e->warn && e->line == 3,
	   "CRLF: chroot blocked, warn, line 3");
	is_str(e ? e->reason : NULL, "Change root.\r\nSecond line.",
	       "CRLF: reason trimmed at both ends");
	is_str(e ? e->summary : NULL, "Change root.", "CRLF: summary");
	e = entry("read");
	ok(e && e->verdict == CJ_ALLOW, "CRLF: read allowed (section seen)");
	is_str(e ? e->reason : NULL, "Read.", "CRLF: read reason");
	is_error(parse("## Blocked\r\n\r\n### read now\r\n\r\nRead.\r\n"),
		 "t.md:3: read: unexpected text after the name (only " WARN VS16
		 " or (ARCH) may follow)",
		 "CRLF: junk after the name still seen");

	ok(parse_n(text, sizeof(text) - 1 - 4) == 0 && P.n == 1,
	   "only len bytes are read (text not NUL-terminated)");
	is_str(P.n == 1 ? P.v[0].reason : NULL, "Read it.",
	       "the reason ends at len");
	ok(parse_n("## Allowed\n\n### read\n\nRead.\n### x", 28) == 0 &&
	       P.n == 1,
	   "a heading after len is not seen");
}

static void test_summary(void)
{
	summary_is("Read from a file descriptor. More text here.",
		   "Read from a file descriptor.", "first sentence only");
	summary_is("Is it? Yes.", "Is it?", "'?' ends a sentence");
	summary_is("Stop! Now.", "Stop!", "'!' ends a sentence");
	summary_is("Version 1.2 is fine. Next.", "Version 1.2 is fine.",
		   "a '.' inside a word does not end it");
	summary_is("Ends here.\nNext line.", "Ends here.",
		   "a '.' before a newline ends it");
	summary_is("No full stop at all", "No full stop at all",
		   "no sentence end: everything");
	summary_is("", "", "empty reason");
	summary_is("See [pidfd_getfd](#pidfd_getfd)", "See pidfd_getfd",
		   "link flattened to its text");
	summary_is("Like [a](#a), [b c](#b) and [d](https://example.com/d). "
		   "Rest.",
		   "Like a, b c and d.", "several links, one external");
	summary_is("Uses `foo()` and ``bar``. Then more.",
		   "Uses foo() and bar.", "backticks dropped");
	summary_is("  Lots   of\n\t white\r\n  space.   Next.",
		   "Lots of white space.", "white space folded and trimmed");
	summary_is("A [link.](#x) inside. Then.", "A link. inside.",
		   "a '.' before ']' is not a sentence end");
	summary_is("Sentence one.  \n\n  Sentence two.", "Sentence one.",
		   "blanks after the end are dropped");
	{
		char *s = policy_summary("Sets a[0] to x. Rest.");

		regression(
		    s && strcmp(s, "Sets a[0] to x.") == 0,
		    "policy_summary drops every '[' but keeps a ']' that is "
		    "not part of a link",
		    "summary: brackets that are not a link are kept ('%s')",
		    s ? s : "(null)");
		free(s);
	}
}

/* SYSCALLS.md of the tree, when the tests run from its top (as prove in
 * `make unit` does). */
static void test_syscalls_md(void)
{
	FILE *f = fopen("SYSCALLS.md", "r");
	char *text;
	size_t len, empty = 0, n_pidfd = 0, bad_rule = 0;
	const struct policy_entry *e;
	long size;

	if (f == NULL) {
		skip("no SYSCALLS.md in the current directory");
		return;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (text = malloc((size_t)size + 1)) == NULL) {
		(void)fclose(f);
		printf("Bail out! cannot read SYSCALLS.md\n");
		exit(1);
	}
	len = fread(text, 1, (size_t)size, f);
	(void)fclose(f);

	policy_free(&P);
	memset(&E, 0, sizeof(E));
	ok(policy_parse(text, len, "SYSCALLS.md", &P, &E) == 0,
	   "SYSCALLS.md parses ('%s')", E.msg);
	ok(P.n > 300, "SYSCALLS.md: over 300 entries (got %zu)", P.n);
	for (size_t i = 0; i < P.n; i++) {
		if (P.v[i].summary == NULL || P.v[i].summary[0] == '\0') {
			if (empty++ == 0)
				printf("# empty summary: %s\n", P.v[i].name);
		}
		if (strcmp(P.v[i].name, "pidfd_open") == 0)
			n_pidfd++;
	}
	ok(P.n > 0 && empty == 0,
	   "SYSCALLS.md: every entry has a summary (%zu without)", empty);
	e = entry("chroot");
	ok(e && e->verdict == CJ_BLOCK && e->warn,
	   "SYSCALLS.md: chroot blocked, " WARN VS16);
	e = entry("read");
	ok(e && e->verdict == CJ_ALLOW && !e->warn,
	   "SYSCALLS.md: read allowed");
	e = entry("fstatfs");
	ok(e && e->verdict == CJ_BLOCK && !e->warn,
	   "SYSCALLS.md: fstatfs blocked, without " WARN VS16);
	e = entry("pidfd_open");
	ok(n_pidfd == 1 && e && e->verdict == CJ_BLOCK,
	   "SYSCALLS.md: pidfd_open once (got %zu), blocked", n_pidfd);

	/* The table compiled in at build time says the same. */
	for (size_t i = 0; i < cj_rules_len; i++) {
		const struct cj_rule *r = &cj_rules[i];

		e = entry(r->name);
		if (e == NULL || e->verdict != r->verdict ||
		    e->warn != (r->warn != 0) ||
		    strcmp(e->summary, r->why) != 0) {
			if (bad_rule++ == 0)
				printf("# differs: %s\n", r->name);
		}
	}
	ok(cj_rules_len > 0 && bad_rule == 0,
	   "the compiled-in table matches SYSCALLS.md (%zu rules, %zu "
	   "differ)",
	   cj_rules_len, bad_rule);
	free(text);
}

int main(void)
{
	test_minimal();
	test_verdicts();
	test_reasons();
	test_duplicates();
	test_headings();
	test_heading_text();
	test_fences();
	test_not_text();
	test_size();
	test_crlf_and_len();
	test_summary();
	test_syscalls_md();
	policy_free(&P);
	return tap_done();
}
