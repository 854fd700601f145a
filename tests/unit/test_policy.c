/* test_policy.c - policy_parse, policy_find, policy_summary and
 * policy_parse_errno: the SYSCALLS.md format, its rule lines, and the inputs
 * the fuzzer once found (tests/fuzz/regressions). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "policy_table.h"
#include "tap.h"
#include "util.h"

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
	ok(e && e->m.verdict == CJ_BLOCK, "blocked");
	ok(e && !e->m.warn, "no warning sign");
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
	ok(e && e->m.verdict == CJ_BLOCK && e->m.warn,
	   "chroot " WARN VS16 ": blocked, warn");
	ok(e && e->line == 9, "chroot at line 9 (got %u)", e ? e->line : 0);
	is_str(e ? e->reason : NULL,
	       "Change root directory. This is the big one.", "chroot reason");
	is_str(e ? e->summary : NULL, "Change root directory.",
	       "chroot summary: first sentence");

	e = entry("ptrace");
	ok(e && e->m.verdict == CJ_BLOCK && e->m.warn,
	   "ptrace with U+FE0F before the sign: warn");
	e = entry("mknod");
	ok(e && e->m.verdict == CJ_BLOCK && e->m.warn,
	   "mknod with a bare U+26A0: warn");
	e = entry("kexec_load");
	ok(e && e->m.warn, "kexec_load, sign right after the name: warn");
	is_str(e ? e->name : NULL, "kexec_load", "... name without the sign");

	e = entry("__clone2");
	ok(e && e->m.verdict == CJ_BLOCK && !e->m.warn, "__clone2: blocked");
	is_str(e ? e->arch : NULL, "ia64", "__clone2 (ia64): arch tag");
	e = entry("weird");
	ok(e && e->m.warn, "sign and arch: warn");
	is_str(e ? e->arch : NULL, "ia64", "sign and arch: arch");

	e = entry("fstatfs");
	ok(e && e->m.verdict == CJ_BLOCK && !e->m.warn,
	   "fstatfs: blocked, no warn");
	is_str(e ? e->arch : NULL, "", "fstatfs: no arch");

	e = entry("read");
	ok(e && e->m.verdict == CJ_ALLOW && !e->m.warn, "read: allowed");
	ok(e && e->line == 39, "read at line 39 (got %u)", e ? e->line : 0);
	is_str(e ? e->reason : NULL, "Read from a file descriptor.",
	       "read reason stops at the next heading");
	e = entry("write");
	ok(e && e->m.verdict == CJ_ALLOW, "write: allowed");
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
	       P.v[0].m.verdict == CJ_BLOCK,
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
	ok(e && e->m.verdict == CJ_BLOCK,
	   "an Allowed heading in a fence does not change the section");
	ok(e && e->reason && strstr(e->reason, "# chroot /mnt\n## Allowed") &&
	       strstr(e->reason, "~~~\n### write\n~~~"),
	   "the fences are part of the reason");
	e = entry("ptrace");
	ok(e && e->m.verdict == CJ_BLOCK && e->line == 25,
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
	ok(e && e->m.verdict == CJ_BLOCK && e->m.warn && e->line == 3,
	   "CRLF: chroot blocked, warn, line 3");
	is_str(e ? e->reason : NULL, "Change root.\r\nSecond line.",
	       "CRLF: reason trimmed at both ends");
	is_str(e ? e->summary : NULL, "Change root.", "CRLF: summary");
	e = entry("read");
	ok(e && e->m.verdict == CJ_ALLOW, "CRLF: read allowed (section seen)");
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

/* A policy of one entry whose reason is followed by one rule line (at line
 * 7): "## SECTION\n\n### HEADING\n\nReason.\n\n- `RULE`\n". */
static int parse_with_rule(const char *section, const char *heading,
			   const char *rule)
{
	char text[8192];

	(void)snprintf(text, sizeof(text),
		       "## %s\n\n### %s\n\nReason.\n\n- `%s`\n", section,
		       heading, rule);
	return parse(text);
}

/* The rule r is kind k on argument arg with n values. */
static void rule_is(const struct policy_entry *e, size_t i,
		    enum cj_argrule_kind kind, unsigned arg, size_t n,
		    const char *what)
{
	const struct cj_argrule *r = e && i < e->n_rules ? &e->rules[i] : NULL;

	ok(r && r->kind == kind && r->arg == arg && r->n == n,
	   "%s: kind %d, arg%u, %zu values (got %d, arg%u, %zu)", what,
	   (int)kind, arg, n, r ? (int)r->kind : -1, r ? r->arg : 99,
	   r ? r->n : 0);
}

/* Value i of rule r is v, named name ("" for none). */
static void value_is(const struct policy_entry *e, size_t r, size_t i,
		     uint32_t v, const char *name, const char *what)
{
	const struct cj_argrule *rr =
	    e && r < e->n_rules && i < e->rules[r].n ? &e->rules[r] : NULL;

	ok(rr && rr->v[i] == v, "%s: value %zu is 0x%x (got 0x%x)", what, i, v,
	   rr ? rr->v[i] : 0);
	is_str(rr ? rr->names[i] : NULL, name, "%s: value %zu is named '%s'",
	       what, i, name);
}

/* "HEAD 1 2 ... n": a rule of n values (two buffers, used in turn). */
static const char *nvalues(const char *head, int n)
{
	static char buf[2][1024];
	static int turn;
	char *b = buf[turn++ % 2];
	size_t o = (size_t)snprintf(b, sizeof(buf[0]), "%s", head);

	for (int i = 1; i <= n && o < sizeof(buf[0]); i++)
		o += (size_t)snprintf(b + o, sizeof(buf[0]) - o, " %d", i);
	return b;
}

static void test_rules(void)
{
	const struct policy_entry *e;

	ok(parse("## Blocked\n"
		 "\n"
		 "### chroot " WARN VS16 "\n"
		 "\n"
		 "Change root.\n"
		 "\n"
		 "### io_uring_setup\n"
		 "\n"
		 "No io_uring.\n"
		 "\n"
		 "- `errno ENOSYS`\n"
		 "\n"
		 "### fstatfs\n"
		 "\n"
		 "A number, and a '*' list item.\n"
		 "\n"
		 "* `errno 5`\n"
		 "\n"
		 "## Allowed\n"
		 "\n"
		 "### clone\n"
		 "\n"
		 "Fork.\n"
		 "\n"
		 "- `block if arg0 has CLONE_NEWUSER=0x10000000 0x20000000 "
		 "CLONE_NEWNS=131072`\n"
		 "\n"
		 "### ioctl\n"
		 "\n"
		 "Control.\n"
		 "- `block if arg1 in TIOCSTI=0x5412 TIOCLINUX=0x541c`\n"
		 "### socket\n"
		 "\n"
		 "Socket.\n"
		 "\n"
		 "- `block if arg0 not in AF_UNIX=1 2 AF_INET6=10 16`\n"
		 "- `errno EAFNOSUPPORT`\n"
		 "\n"
		 "More prose after the rules.\n"
		 "\n"
		 "### prctl\n"
		 "\n"
		 "Four rules, blanks and tabs between the words.\n"
		 "\n"
		 "- `block if arg5 in 0xffffffff 0 4294967295`\n"
		 "  -   `block if\targ2  has  1`  \n"
		 "- `block if arg3 not in 0`\n"
		 "- `block if arg4 in ABCDEFGHIJKLMNOPQRSTUVW=7 a_1=0X10`\n"
		 "\n"
		 "### read\n"
		 "\n"
		 "Read, no rules.\n") == 0,
	   "rule lines: every form parses ('%s')", E.msg);
	ok(P.n == 8, "rule lines: eight entries (got %zu)", P.n);

	e = entry("chroot");
	ok(e && e->m.err_no == 0 && e->n_rules == 0,
	   "chroot: no errno, no rules");
	e = entry("io_uring_setup");
	ok(e && e->m.err_no == ENOSYS && e->n_rules == 0,
	   "`errno ENOSYS`: err_no is ENOSYS (got %d)", e ? e->m.err_no : -1);
	ok(e && e->m.verdict == CJ_BLOCK, "... and the entry stays blocked");
	e = entry("fstatfs");
	ok(e && e->m.err_no == EIO && e->n_rules == 0,
	   "`errno 5` in a '*' item: err_no 5 (got %d)", e ? e->m.err_no : -1);

	e = entry("clone");
	ok(e && e->n_rules == 1 && e->m.err_no == 0,
	   "clone: one rule, no errno (got %zu, %d)", e ? e->n_rules : 0,
	   e ? e->m.err_no : -1);
	rule_is(e, 0, CJ_ARG_HAS, 0, 3, "clone `has`");
	value_is(e, 0, 0, 0x10000000, "CLONE_NEWUSER", "clone `has`");
	value_is(e, 0, 1, 0x20000000, "", "clone `has`");
	value_is(e, 0, 2, 0x20000, "CLONE_NEWNS", "clone `has`, decimal");

	e = entry("ioctl");
	ok(e && e->n_rules == 1,
	   "ioctl: one rule, the line right under the reason");
	rule_is(e, 0, CJ_ARG_IN, 1, 2, "ioctl `in`");
	value_is(e, 0, 0, 0x5412, "TIOCSTI", "ioctl `in`");
	value_is(e, 0, 1, 0x541c, "TIOCLINUX", "ioctl `in`");
	is_str(e ? e->summary : NULL, "Control.",
	       "ioctl: the summary is the reason's first sentence");

	e = entry("socket");
	ok(e && e->n_rules == 1 && e->m.err_no == EAFNOSUPPORT,
	   "socket: one rule and `errno EAFNOSUPPORT` (got %zu, %d)",
	   e ? e->n_rules : 0, e ? e->m.err_no : -1);
	rule_is(e, 0, CJ_ARG_NOT_IN, 0, 4, "socket `not in`");
	value_is(e, 0, 0, 1, "AF_UNIX", "socket `not in`");
	value_is(e, 0, 1, 2, "", "socket `not in`");
	value_is(e, 0, 2, 10, "AF_INET6", "socket `not in`");
	value_is(e, 0, 3, 16, "", "socket `not in`");
	ok(e && e->reason && strstr(e->reason, "More prose after the rules."),
	   "socket: prose after the rules is still part of the reason");

	e = entry("prctl");
	ok(e && e->n_rules == CJ_MAX_ARGRULES,
	   "prctl: CJ_MAX_ARGRULES rules (got %zu)", e ? e->n_rules : 0);
	rule_is(e, 0, CJ_ARG_IN, 5, 3, "prctl rule 1, arg5");
	value_is(e, 0, 0, 0xffffffff, "", "prctl rule 1, 0xffffffff");
	value_is(e, 0, 1, 0, "", "prctl rule 1, 0");
	value_is(e, 0, 2, 0xffffffff, "", "prctl rule 1, 4294967295");
	rule_is(e, 1, CJ_ARG_HAS, 2, 1,
		"prctl rule 2, indented item, blanks and a tab");
	value_is(e, 1, 0, 1, "", "prctl rule 2");
	rule_is(e, 2, CJ_ARG_NOT_IN, 3, 1, "prctl rule 3, one value");
	value_is(e, 2, 0, 0, "", "prctl rule 3");
	rule_is(e, 3, CJ_ARG_IN, 4, 2, "prctl rule 4");
	value_is(e, 3, 0, 7, "ABCDEFGHIJKLMNOPQRSTUVW",
		 "prctl rule 4, a name of CJ_VALUE_NAME_MAX - 1 characters");
	value_is(e, 3, 1, 16, "a_1", "prctl rule 4, lower case and 0X");

	e = entry("read");
	ok(e && e->n_rules == 0 && e->m.err_no == 0,
	   "read: the rules before it are not its own");

	/* As many values as a rule may have. */
	ok(parse_with_rule("Allowed", "ioctl",
			   nvalues("block if arg1 in", CJ_MAX_VALUES)) == 0 &&
	       P.n == 1 && P.v[0].n_rules == 1 &&
	       P.v[0].rules[0].n == CJ_MAX_VALUES &&
	       P.v[0].rules[0].v[CJ_MAX_VALUES - 1] == CJ_MAX_VALUES,
	   "a rule of CJ_MAX_VALUES values ('%s')", E.msg);
	ok(parse_with_rule("Allowed", "ioctl",
			   nvalues("block if arg1 not in", CJ_MAX_VALUES)) ==
		   0 &&
	       P.n == 1 && P.v[0].rules[0].n == CJ_MAX_VALUES,
	   "a `not in` rule of CJ_MAX_VALUES values ('%s')", E.msg);

	/* errno: by name, by number, on any entry but a ⚠️ one. */
	ok(parse_with_rule("Allowed", "ioctl", "errno EIO") == 0 && P.n == 1 &&
	       P.v[0].m.err_no == EIO && P.v[0].m.verdict == CJ_ALLOW,
	   "`errno` on an allowed entry: kept for its rules' blocks");
	ok(parse_with_rule("Blocked", "fstatfs", "errno 4095") == 0 &&
	       P.n == 1 && P.v[0].m.err_no == 4095,
	   "`errno 4095`: the largest errno");
	ok(parse_with_rule("Blocked", "fstatfs", "errno 1") == 0 && P.n == 1 &&
	       P.v[0].m.err_no == EPERM,
	   "`errno 1`: EPERM by number");
	ok(parse("## Blocked\n\n### fstatfs\n\nNo.\n\n- `errno EIO`\n- `errno "
		 "ENOSYS`\n") == 0 &&
	       P.n == 1 && P.v[0].m.err_no == ENOSYS,
	   "two `errno` lines: the last one counts");
	ok(parse("## Allowed\r\n\r\n### ioctl\r\n\r\nControl.\r\n\r\n- `block "
		 "if arg1 in TIOCSTI=0x5412`\r\n- `errno EIO`\r\n") == 0 &&
	       P.n == 1 && P.v[0].n_rules == 1 &&
	       P.v[0].rules[0].v[0] == 0x5412 &&
	       strcmp(P.v[0].rules[0].names[0], "TIOCSTI") == 0 &&
	       P.v[0].m.err_no == EIO,
	   "CRLF rule lines ('%s')", E.msg);
}

/* The rule line RULE in an entry HEADING of SECTION fails with file:7, the
 * entry's name and what is wrong. */
static void rule_error(const char *section, const char *heading,
		       const char *rule, const char *msg)
{
	char what[160];

	(void)snprintf(what, sizeof(what), "rule `%.120s`", rule);
	is_error(parse_with_rule(section, heading, rule), msg, what);
}

static void test_rule_errors(void)
{
	char rule[8192];
	size_t o;

	rule_error("Allowed", "ioctl", "errno EFOO",
		   "t.md:7: ioctl: unknown errno 'EFOO'");
	rule_error("Blocked", "fstatfs", "errno eperm",
		   "t.md:7: fstatfs: unknown errno 'eperm'");
	rule_error("Blocked", "fstatfs", "errno 0",
		   "t.md:7: fstatfs: unknown errno '0'");
	rule_error("Blocked", "fstatfs", "errno 4096",
		   "t.md:7: fstatfs: unknown errno '4096'");
	rule_error("Blocked", "fstatfs", "errno 0x5",
		   "t.md:7: fstatfs: unknown errno '0x5'");
	rule_error("Blocked", "fstatfs", "errno -1",
		   "t.md:7: fstatfs: unknown errno '-1'");
	rule_error("Blocked", "chroot " WARN VS16, "errno EPERM",
		   "t.md:7: chroot: a " WARN VS16 " entry kills; it has no "
		   "errno");
	rule_error("Blocked", "chroot " WARN, "errno EFOO",
		   "t.md:7: chroot: a " WARN VS16 " entry kills; it has no "
		   "errno");
	rule_error("Blocked", "fstatfs", "block if arg0 in 1",
		   "t.md:7: fstatfs: `block if` belongs to an allowed entry");
	rule_error("Blocked", "chroot " WARN VS16, "block if arg0 in 1",
		   "t.md:7: chroot: `block if` belongs to an allowed entry");

	rule_error("Allowed", "ioctl", "block if arg6 in 1",
		   "t.md:7: ioctl: 'arg6': expected arg0 to arg5, or a pair of "
		   "two of them (arg1,arg2)");
	rule_error("Allowed", "ioctl", "block if argX in 1",
		   "t.md:7: ioctl: 'argX': expected arg0 to arg5, or a pair of "
		   "two of them (arg1,arg2)");
	rule_error("Allowed", "ioctl", "block if arg10 in 1",
		   "t.md:7: ioctl: 'arg10': expected arg0 to arg5, or a pair "
		   "of two of them (arg1,arg2)");
	rule_error("Allowed", "ioctl", "block if arg in 1",
		   "t.md:7: ioctl: 'arg': expected arg0 to arg5, or a pair of "
		   "two of them (arg1,arg2)");
	rule_error("Allowed", "ioctl", "block if ARG1 in 1",
		   "t.md:7: ioctl: 'ARG1': expected arg0 to arg5, or a pair of "
		   "two of them (arg1,arg2)");
	rule_error("Allowed", "ioctl", "block if 1 in 1",
		   "t.md:7: ioctl: '1': expected arg0 to arg5, or a pair of "
		   "two of them (arg1,arg2)");

	rule_error("Allowed", "ioctl", "block if arg1 in 0x100000000",
		   "t.md:7: ioctl: '0x100000000' is not a 32-bit value "
		   "(NUMBER or NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in 1 4294967296",
		   "t.md:7: ioctl: '4294967296' is not a 32-bit value "
		   "(NUMBER or NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in X=0x1ffffffff",
		   "t.md:7: ioctl: 'X=0x1ffffffff' is not a 32-bit value "
		   "(NUMBER or NAME=NUMBER)");
	rule_error("Allowed", "ioctl",
		   "block if arg1 in 99999999999999999999999",
		   "t.md:7: ioctl: '99999999999999999999999' is not a 32-bit "
		   "value (NUMBER or NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in TIOCSTI",
		   "t.md:7: ioctl: 'TIOCSTI' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in -1",
		   "t.md:7: ioctl: '-1' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in +1",
		   "t.md:7: ioctl: '+1' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in 0x",
		   "t.md:7: ioctl: '0x' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in 12abc",
		   "t.md:7: ioctl: '12abc' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in 1,2",
		   "t.md:7: ioctl: '1,2' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in =0x5412",
		   "t.md:7: ioctl: '=0x5412' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in TIOC-STI=0x5412",
		   "t.md:7: ioctl: 'TIOC-STI=0x5412' is not a 32-bit value "
		   "(NUMBER or NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in A=B=1",
		   "t.md:7: ioctl: 'A=B=1' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error("Allowed", "ioctl", "block if arg1 in TIOCSTI=",
		   "t.md:7: ioctl: 'TIOCSTI=' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER)");
	rule_error(
	    "Allowed", "ioctl", "block if arg1 in ABCDEFGHIJKLMNOPQRSTUVWX=1",
	    "t.md:7: ioctl: 'ABCDEFGHIJKLMNOPQRSTUVWX=1' is not a 32-bit "
	    "value (NUMBER or NAME=NUMBER)");

	rule_error("Allowed", "ioctl",
		   nvalues("block if arg1 in", CJ_MAX_VALUES + 1),
		   "t.md:7: ioctl: too many values (at most 64)");
	rule_error("Allowed", "ioctl",
		   nvalues("block if arg1 not in", CJ_MAX_VALUES + 1),
		   "t.md:7: ioctl: too many values (at most 64)");
	o = (size_t)snprintf(rule, sizeof(rule), "block if arg1 in");
	for (int i = 0; i < 100; i++)
		o += (size_t)snprintf(rule + o, sizeof(rule) - o, " %d", i);
	rule_error("Allowed", "ioctl", rule,
		   "t.md:7: ioctl: too many values (at most 64)");

	is_error(parse("## Allowed\n"
		       "\n"
		       "### ioctl\n"
		       "\n"
		       "Control.\n"
		       "\n"
		       "- `block if arg1 in 1`\n"
		       "- `block if arg1 in 2`\n"
		       "- `block if arg1 in 3`\n"
		       "- `block if arg1 in 4`\n"
		       "- `block if arg1 in 5`\n"),
		 "t.md:11: ioctl: at most 4 rules",
		 "CJ_MAX_ARGRULES + 1 rules: the extra one is named");

	rule_error(
	    "Allowed", "ioctl", "block arg1 in 1",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error(
	    "Allowed", "ioctl", "block unless arg1 in 1",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error(
	    "Allowed", "ioctl", "block if arg1 in",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error(
	    "Allowed", "ioctl", "block if",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error(
	    "Allowed", "ioctl", "errno EIO EPERM",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error(
	    "Allowed", "ioctl", "errno ",
	    "t.md:7: ioctl: a rule is `errno NAME`, `quiet` or `block if argN "
	    "[& MASK] has|in|not in VALUE...`");
	rule_error("Allowed", "ioctl", "block if arg1 not in",
		   "t.md:7: ioctl: no values");
	rule_error("Allowed", "ioctl", "block if arg1 is 1",
		   "t.md:7: ioctl: 'is': expected has, in or not in");
	rule_error("Allowed", "ioctl", "block if arg1 not 1 2",
		   "t.md:7: ioctl: 'not': expected has, in or not in");
	rule_error("Allowed", "ioctl", "block if arg1 In 1",
		   "t.md:7: ioctl: 'In': expected has, in or not in");

	/* The line of a rule further down, and an error in a later entry. */
	is_error(parse("## Allowed\n"
		       "\n"
		       "### read\n"
		       "\n"
		       "Read.\n"
		       "\n"
		       "- `errno EIO`\n"
		       "\n"
		       "### ioctl\n"
		       "\n"
		       "Control,\n"
		       "over lines.\n"
		       "\n"
		       "- `errno EIO`\n"
		       "- `block if arg7 in 1`\n"),
		 "t.md:15: ioctl: 'arg7': expected arg0 to arg5, or a pair of "
		 "two of them (arg1,arg2)",
		 "an error in the second entry's second rule, at line 15");
	is_error(parse("## Allowed\r\n\r\n### ioctl\r\n\r\nControl.\r\n\r\n- "
		       "`errno EFOO`\r\n"),
		 "t.md:7: ioctl: unknown errno 'EFOO'", "CRLF: line of a rule");

	/* Longer than the parser's rule buffer (4 KiB), and wrong anyway:
	 * 400 values. */
	o = (size_t)snprintf(rule, sizeof(rule), "block if arg1 in");
	for (int i = 0; i < 400; i++)
		o += (size_t)snprintf(rule + o, sizeof(rule) - o, " 0x%08x", i);
	(void)parse_with_rule("Allowed", "ioctl", rule);
	ok(E.status == CJ_EXIT_SETUP && P.n == 0 &&
	       strncmp(E.msg, "t.md:7: ", 8) == 0,
	   "a rule line of %zu characters: an error at its line ('%s')", o,
	   E.msg);
	regression(
	    strncmp(E.msg, "t.md:7: ioctl: ", 15) == 0,
	    "the 'rule too long' message does not name the entry, unlike "
	    "every other rule error",
	    "... which names the entry ('%s')", E.msg);

	/* The longest rule within the limits: CJ_MAX_VALUES values, each
	 * with a name of CJ_VALUE_NAME_MAX - 1 characters. */
	o = (size_t)snprintf(rule, sizeof(rule), "block if arg1 not in");
	for (int i = 0; i < CJ_MAX_VALUES; i++)
		o += (size_t)snprintf(rule + o, sizeof(rule) - o,
				      " NAME_OF_TWENTY_THREE%02d=0xffffff%02x",
				      i, i);
	regression(parse_with_rule("Allowed", "ioctl", rule) == 0 && P.n == 1 &&
		       P.v[0].rules[0].n == CJ_MAX_VALUES,
		   "policy.c read a rule line into 512 bytes, shorter than "
		   "the limits allow (16 values of NAME=0xVALUE with "
		   "23-character names)",
		   "a rule of %zu characters within the limits parses ('%s')",
		   o, E.msg);
}

/* List items in backticks that are not rule lines are prose, wherever they
 * are; rule lines in code blocks are examples. */
static void test_rule_prose(void)
{
	static const char *const prose[] = {
	    "- `foo`",
	    "- `errno`",
	    "- `block`",
	    "- `blocking is rare`",
	    "- `errnos EIO`",
	    "- `Errno EIO`",
	    "- `errno EIO` and more words",
	    "- `errno` EIO",
	    "- ``errno EIO``",
	    "- `errno EIO`, `errno EPERM`",
	    "-`errno EIO`",
	    "`errno EIO`",
	    "Text `errno EIO`",
	    "- `block\tif arg1 in 1`",
	    "- ` errno EIO`",
	};
	char text[256];

	for (size_t i = 0; i < sizeof(prose) / sizeof(*prose); i++) {
		(void)snprintf(text, sizeof(text),
			       "## Allowed\n\n### ioctl\n\nControl.\n\n%s\n",
			       prose[i]);
		ok(parse(text) == 0 && P.n == 1 && P.v[0].n_rules == 0 &&
		       P.v[0].m.err_no == 0,
		   "prose, not a rule: '%s' ('%s')", prose[i], E.msg);
	}
	ok(parse("## Blocked\n\n### fstatfs\n\n- `foo` is prose.\n") == 0 &&
	       P.n == 1 && strcmp(P.v[0].reason, "- `foo` is prose.") == 0,
	   "a reason that is a list item in backticks");

	regression(
	    parse("## Allowed\n"
		  "\n"
		  "### ioctl\n"
		  "\n"
		  "Control. A rule looks like this:\n"
		  "\n"
		  "```\n"
		  "- `block if arg1 in 1`\n"
		  "- `errno EIO`\n"
		  "```\n"
		  "\n"
		  "~~~md\n"
		  "* `block if arg2 has 4`\n"
		  "~~~\n") == 0 &&
		P.n == 1 && P.v[0].n_rules == 0 && P.v[0].m.err_no == 0,
	    "parse_rules did not know about fences: rule lines in a code "
	    "block were taken as rules",
	    "rule lines inside ``` and ~~~ fences are ignored (%zu rules, "
	    "errno %d)",
	    P.n == 1 ? P.v[0].n_rules : 0, P.n == 1 ? P.v[0].m.err_no : 0);
	regression(
	    parse("## Allowed\n"
		  "\n"
		  "### ioctl\n"
		  "\n"
		  "Control. Not a rule:\n"
		  "\n"
		  "```\n"
		  "- `errno EFOO`\n"
		  "- `block if arg9 in x`\n"
		  "```\n") == 0,
	    "parse_rules did not know about fences: a broken rule line in "
	    "a code block failed the parse",
	    "a broken rule line inside a fence is not an error ('%s')", E.msg);
	ok(parse("## Allowed\n"
		 "\n"
		 "### ioctl\n"
		 "\n"
		 "Control.\n"
		 "\n"
		 "```\n"
		 "example\n"
		 "```\n"
		 "\n"
		 "- `errno EIO`\n") == 0 &&
	       P.n == 1 && P.v[0].m.err_no == EIO,
	   "a rule line after a closed fence is a rule");
	ok(parse("## Allowed\n"
		 "\n"
		 "### ioctl\n"
		 "\n"
		 "Control.\n"
		 "\n"
		 "- An example in a list item:\n"
		 "  ```\n"
		 "  - `errno EPERM`\n"
		 "  ```\n"
		 "- `errno EIO`\n") == 0 &&
	       P.n == 1 && P.v[0].m.err_no == EIO,
	   "a fence indented in a list item: the rule after it counts, the "
	   "one in it does not ('%s')",
	   E.msg);
	/* The document's reader takes a fence only at the start of a line;
	 * the rule reader must agree, or a rule after an indented ``` that
	 * the document does not take as a fence is dropped in silence. */
	regression(
	    parse("## Allowed\n"
		  "\n"
		  "### ioctl\n"
		  "\n"
		  "Control.\n"
		  "\n"
		  "   ```\n"
		  "\n"
		  "- `block if arg1 in 0x5412`\n") == -1 ||
		(P.n == 1 && P.v[0].n_rules == 1),
	    "parse_rules takes an indented ``` as a fence, policy_parse does "
	    "not: a lone one drops the rules after it without an error",
	    "a rule after a lone indented ``` is kept, or the parse fails "
	    "(%zu rules, '%s')",
	    P.n == 1 ? P.v[0].n_rules : 0, E.msg);
	ok(parse("## Blocked\n\n### fstatfs\n\n- `errno ENOSYS`\n\nNo "
		 "reason before the rule, one after it.\n") == 0 &&
	       P.n == 1 && P.v[0].m.err_no == ENOSYS,
	   "prose after the rule line is a reason");

	regression(
	    parse("## Blocked\n\n### fstatfs\n\n- `errno ENOSYS`\n") == -1 &&
		strcmp(E.msg, "t.md:3: fstatfs: no reason given (every "
			      "entry needs one)") == 0,
	    "an entry whose only text was a rule line passed as one with a "
	    "reason (its summary was '- errno ENOSYS')",
	    "an entry with a rule line and no reason: no reason given "
	    "('%s')",
	    E.msg);
}

static void test_parse_errno(void)
{
	static const struct {
		const char *s;
		int want;
	} good[] = {
	    {"EPERM", EPERM},	{"ENOSYS", ENOSYS},
	    {"EIO", EIO},	{"EAFNOSUPPORT", EAFNOSUPPORT},
	    {"EACCES", EACCES}, {"EHWPOISON", EHWPOISON},
	    {"1", 1},		{"38", 38},
	    {"4095", 4095},	{"0038", 38},
	};
	static const char *const bad[] = {
	    "",	     "0",      "4096", "-1",   "99999999999999999999",
	    "eperm", "EPERM ", "E",    "EFOO", "0x5",
	    "5x",    "EPERM1", "1.0",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		int v = -7;

		ok(policy_parse_errno(good[i].s, &v) == 0 && v == good[i].want,
		   "policy_parse_errno('%s') is %d (got %d)", good[i].s,
		   good[i].want, v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int v = -7;

		ok(policy_parse_errno(bad[i], &v) == -1 && v == -7,
		   "policy_parse_errno('%s') fails, *out untouched", bad[i]);
	}
}

/* The rule lines of the built-in SYSCALLS.md. */
static void test_builtin_rules(void)
{
	const struct policy_entry *e;

	policy_free(&P);
	memset(&E, 0, sizeof(E));
	ok(policy_parse(cj_policy_text, cj_policy_text_len, "SYSCALLS.md", &P,
			&E) == 0,
	   "built-in SYSCALLS.md parses ('%s')", E.msg);

	e = entry("ioctl");
	ok(e && e->m.verdict == CJ_ALLOW && e->n_rules == 1 && e->m.err_no == 0,
	   "built-in ioctl: allowed, one rule, no errno");
	rule_is(e, 0, CJ_ARG_IN, 1, 3, "built-in ioctl");
	value_is(e, 0, 0, 0x5412, "TIOCSTI", "built-in ioctl");
	value_is(e, 0, 1, 0x541c, "TIOCLINUX", "built-in ioctl");
	value_is(e, 0, 2, 0x5423, "TIOCSETD", "built-in ioctl");

	e = entry("clone");
	ok(e && e->m.verdict == CJ_ALLOW && e->n_rules == 1,
	   "built-in clone: allowed, one rule");
	rule_is(e, 0, CJ_ARG_HAS, 0, 8, "built-in clone");
	value_is(e, 0, 5, 0x10000000, "CLONE_NEWUSER", "built-in clone");

	e = entry("personality");
	rule_is(e, 0, CJ_ARG_NOT_IN, 0, 5, "built-in personality");
	value_is(e, 0, 3, 0x20008, "", "built-in personality, unnamed");
	value_is(e, 0, 4, 0xffffffff, "QUERY", "built-in personality");

	e = entry("socket");
	ok(e && e->m.err_no == EAFNOSUPPORT && e->n_rules == 2,
	   "built-in socket: `errno EAFNOSUPPORT` and two rules");
	rule_is(e, 0, CJ_ARG_NOT_IN, 0, 12, "built-in socket");
	ok(e && e->n_rules == 2 && e->rules[0].pair && e->rules[0].arg2 == 2,
	   "built-in socket: (family, protocol) pairs");
	ok(e && e->n_rules == 2 && e->rules[1].masked && e->rules[1].arg == 1 &&
	       e->rules[1].mask == 0xf && e->rules[1].kind == CJ_ARG_NOT_IN &&
	       e->rules[1].n == 4,
	   "built-in socket: the type, arg1's low 4 bits, of 4 kinds");
	e = entry("mknodat");
	ok(e && e->m.verdict == CJ_ALLOW && e->m.warn && e->n_rules == 1 &&
	       e->rules[0].masked && e->rules[0].arg == 2,
	   "built-in mknodat: allowed, " WARN VS16 ", a masked rule on arg2");
	e = entry("setsockopt");
	ok(e && e->m.verdict == CJ_ALLOW && e->n_rules == 1 &&
	       e->rules[0].pair && e->rules[0].kind == CJ_ARG_NOT_IN &&
	       e->rules[0].n > 40,
	   "built-in setsockopt: allowed for a list of (level, option) "
	   "pairs (%zu)",
	   e && e->n_rules ? e->rules[0].n : 0);
	e = entry("fchmodat");
	ok(e && e->m.verdict == CJ_ALLOW && e->n_rules == 1 &&
	       e->rules[0].kind == CJ_ARG_HAS && e->rules[0].arg == 2 &&
	       e->rules[0].v[0] == 04000 && e->rules[0].v[1] == 02000,
	   "built-in fchmodat: S_ISUID and S_ISGID on arg2 blocked");
	e = entry("socketpair");
	ok(e && e->m.err_no == EAFNOSUPPORT && e->n_rules == 2 &&
	       e->rules[0].kind == CJ_ARG_NOT_IN && e->rules[1].masked,
	   "built-in socketpair: like socket");
	e = entry("prctl");
	ok(e && e->m.verdict == CJ_ALLOW && e->n_rules == 1 &&
	       e->rules[0].kind == CJ_ARG_IN && e->rules[0].n == 1 &&
	       e->rules[0].v[0] == 22,
	   "built-in prctl: allowed but for PR_SET_SECCOMP");

	e = entry("io_uring_setup");
	ok(e && e->m.verdict == CJ_BLOCK && e->m.err_no == ENOSYS,
	   "built-in io_uring_setup: blocked with ENOSYS");
	e = entry("clone3");
	ok(e && e->m.verdict == CJ_BLOCK && e->m.err_no == ENOSYS,
	   "built-in clone3: blocked with ENOSYS");
	e = entry("read");
	ok(e && e->n_rules == 0 && e->m.err_no == 0, "built-in read: no rules");
}

/* Inputs the fuzzer (tests/fuzz) once crashed on: each must parse or fail
 * with a message, and nothing else (a sanitizer build catches the rest). */
static void test_fuzz_regressions(void)
{
	static const char dir[] = "tests/fuzz/regressions";
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL) {
		skip("no tests/fuzz/regressions in the current directory");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char path[512], *text = NULL;
		struct cj_err err;
		size_t len = 0;
		int rc;

		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (read_small_file(path, 2 * CJ_POLICY_MAX_BYTES, &text, &len,
				    &err) < 0) {
			ok(0, "%s: read ('%s')", path, err.msg);
			continue;
		}
		rc = parse_n(text, len);
		ok((rc == 0 && E.msg[0] == '\0') ||
		       (rc == -1 && E.status == CJ_EXIT_SETUP &&
			E.msg[0] != '\0' && P.n == 0 && P.v == NULL),
		   "fuzz regression %s: parsed or refused ('%s')", de->d_name,
		   E.msg);
		free(text);
		n++;
	}
	(void)closedir(d);
	printf("# %s: %zu regression inputs\n", dir, n);
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
	ok(e && e->m.verdict == CJ_BLOCK && e->m.warn,
	   "SYSCALLS.md: chroot blocked, " WARN VS16);
	e = entry("read");
	ok(e && e->m.verdict == CJ_ALLOW && !e->m.warn,
	   "SYSCALLS.md: read allowed");
	e = entry("acct");
	ok(e && e->m.verdict == CJ_BLOCK && !e->m.warn,
	   "SYSCALLS.md: acct blocked, without " WARN VS16);
	e = entry("pidfd_open");
	ok(n_pidfd == 1 && e && e->m.verdict == CJ_ALLOW,
	   "SYSCALLS.md: pidfd_open once (got %zu), allowed (a deviation)",
	   n_pidfd);
	e = entry("modify_ldt");
	ok(e && e->m.verdict == CJ_BLOCK && !e->m.warn,
	   "SYSCALLS.md: modify_ldt blocked (a deviation)");
	e = entry("accept4");
	is_str(e ? e->summary : NULL,
	       "Not needed by demo programs, and is helpful for restricting "
	       "networking.",
	       "SYSCALLS.md: accept4's 'See accept' prints accept's words");

	/* The table compiled in at build time says the same. */
	for (size_t i = 0; i < cj_rules_len; i++) {
		const struct cj_rule *r = &cj_rules[i];

		e = entry(r->name);
		if (e == NULL || !cj_marks_same(&e->m, &r->m) ||
		    strcmp(e->summary, cj_rule_why(r)) != 0) {
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

/* `quiet`: a mark of a blocked or checked entry, never of a ⚠️ one. */
static void test_quiet(void)
{
	const struct policy_entry *e;

	ok(parse_with_rule("Blocked", "sched_yield", "quiet") == 0,
	   "quiet on a blocked entry parses ('%s')", E.msg);
	e = entry("sched_yield");
	ok(e != NULL && e->m.quiet && e->m.verdict == CJ_BLOCK &&
	       strcmp(e->reason, "Reason.\n\n- `quiet`") == 0,
	   "quiet: marked, still blocked, the mark kept in the reason");
	ok(parse_with_rule("Blocked", "fstatfs", "errno EIO") == 0 &&
	       entry("fstatfs") != NULL && !entry("fstatfs")->m.quiet,
	   "not quiet without the mark");
	ok(e == NULL || strcmp(P.v[0].source, "t.md") == 0,
	   "an entry knows the file it came from");
	rule_error("Blocked", "chroot " WARN, "quiet",
		   "t.md:7: chroot: a ⚠️ entry kills; it cannot be quiet");
	ok(parse_with_rule("Blocked", "fstatfs", "quiet please") == 0 &&
	       entry("fstatfs") != NULL && !entry("fstatfs")->m.quiet,
	   "`quiet please` is prose, not the mark");
	summary_is("See [x](#x)\n\nMore words. And more.", "See x",
		   "a paragraph ends the first sentence");
	summary_is("One line\nand its next line. Two.",
		   "One line and its next "
		   "line.",
		   "a line break alone does not");
}

/* The rule forms on two arguments and under a mask, a rule's code span
 * over several lines, a ⚠️ on an allowed entry. */
static void test_rule_forms(void)
{
	const struct policy_entry *e;
	const struct cj_argrule *r;

	ok(parse_with_rule("Allowed", "mknod " WARN,
			   "block if arg1 & S_IFMT=0xf000 in S_IFCHR=0x2000 "
			   "S_IFBLK=0x6000") == 0,
	   "a masked rule parses ('%s')", E.msg);
	e = entry("mknod");
	r = e && e->n_rules == 1 ? &e->rules[0] : NULL;
	ok(r && r->masked && r->mask == 0xf000 && !r->pair &&
	       r->kind == CJ_ARG_IN && r->arg == 1 && r->n == 2 &&
	       r->v[0] == 0x2000 && r->v[1] == 0x6000,
	   "... arg1 & 0xf000 in 0x2000 0x6000");
	is_str(r ? r->mask_name : NULL, "S_IFMT", "... the mask's name");
	ok(e && e->m.warn && e->m.verdict == CJ_ALLOW,
	   "a " WARN " on an allowed entry: its broken rule kills");

	ok(parse_with_rule(
	       "Allowed", "setsockopt",
	       "block if arg1,arg2 not in SOL_SOCKET=1,SO_REUSEADDR=2 "
	       "6,TCP_NODELAY=1 0x29,0x1a") == 0,
	   "a pair rule parses ('%s')", E.msg);
	e = entry("setsockopt");
	r = e && e->n_rules == 1 ? &e->rules[0] : NULL;
	ok(r && r->pair && !r->masked && r->arg == 1 && r->arg2 == 2 &&
	       r->kind == CJ_ARG_NOT_IN && r->n == 3 && r->v[0] == 1 &&
	       r->v2[0] == 2 && r->v[1] == 6 && r->v2[1] == 1 &&
	       r->v[2] == 0x29 && r->v2[2] == 0x1a,
	   "... (arg1, arg2) not in (1, 2) (6, 1) (0x29, 0x1a)");
	ok(r && strcmp(r->names[0], "SOL_SOCKET") == 0 &&
	       strcmp(r->names2[0], "SO_REUSEADDR") == 0 &&
	       r->names[1][0] == '\0' &&
	       strcmp(r->names2[1], "TCP_NODELAY") == 0,
	   "... each half keeps its name");
	ok(parse_with_rule("Allowed", "socket",
			   "block if arg0,arg2 in 2,132") == 0 &&
	       P.v[0].rules[0].kind == CJ_ARG_IN && P.v[0].rules[0].pair &&
	       P.v[0].rules[0].arg == 0 && P.v[0].rules[0].arg2 == 2,
	   "an `in` pair rule parses ('%s')", E.msg);

	/* A code span over several lines of the item, as Markdown reads
	 * it; the next rule and the prose after it are the entry's too. */
	ok(parse("## Allowed\n\n### setsockopt\n\nOptions.\n\n"
		 "- `block if arg1,arg2 not in 1,2\n"
		 "  1,9 6,1\n"
		 "  6,3`\n"
		 "- `errno EACCES`\n\nMore prose.\n") == 0,
	   "a rule over three lines parses ('%s')", E.msg);
	e = entry("setsockopt");
	ok(e && e->n_rules == 1 && e->rules[0].n == 4 &&
	       e->rules[0].v2[3] == 3 && e->m.err_no == EACCES,
	   "... four pairs, and the errno line after it");
	ok(e && strstr(e->reason, "More prose.") != NULL,
	   "... the prose after it kept");
	is_error(parse("## Allowed\n\n### setsockopt\n\nOptions.\n\n"
		       "- `block if arg1,arg2 not in 1,2\n"
		       "  1,9 6,1\n"
		       "\n"
		       "Prose.\n"),
		 "t.md:7: setsockopt: the rule's ` is never closed",
		 "a span that a blank line ends before its backtick");
	is_error(parse("## Allowed\n\n### setsockopt\n\nOptions.\n\n"
		       "- `block if arg1,arg2 not in 1,2\n"
		       "  1,9` and more\n"),
		 "t.md:8: setsockopt: text after a rule",
		 "text after a span's closing backtick");
	is_error(parse("## Allowed\n\n### setsockopt\n\nOptions.\n\n"
		       "- `block if arg1,arg2 not in 1,2\n"
		       "  1,9 6,x`\n"),
		 "t.md:7: setsockopt: '6,x' is not a 32-bit value (NUMBER or "
		 "NAME=NUMBER, two of them joined by a comma)",
		 "an error in a span's second line: the span's first line");

	rule_error("Allowed", "mknod", "block if arg1 & 0xf000 in 0x12000",
		   "t.md:7: mknod: '0x12000' has bits outside the mask 0xf000: "
		   "it could never match");
	rule_error(
	    "Allowed", "mknod", "block if arg1 & 0 in 0",
	    "t.md:7: mknod: '0' is not a mask (a non-zero 32-bit value)");
	rule_error("Allowed", "mknod", "block if arg1 & M= in 0",
		   "t.md:7: mknod: 'M=' is not a mask (a non-zero 32-bit "
		   "value)");
	rule_error("Allowed", "mknod", "block if arg1 & 0xf000 has 0x1000",
		   "t.md:7: mknod: `has` takes one argument and no mask (its "
		   "values are the mask)");
	rule_error("Allowed", "setsockopt", "block if arg1,arg2 has 1,2",
		   "t.md:7: setsockopt: `has` takes one argument and no mask "
		   "(its values are the mask)");
	rule_error("Allowed", "setsockopt", "block if arg1,arg2 & 1 in 1,1",
		   "t.md:7: setsockopt: a pair of arguments takes no mask");
	rule_error(
	    "Allowed", "setsockopt", "block if arg1,arg1 in 1,1",
	    "t.md:7: setsockopt: 'arg1,arg1': expected arg0 to arg5, or a "
	    "pair of two of them (arg1,arg2)");
	rule_error(
	    "Allowed", "setsockopt", "block if arg1,arg6 in 1,1",
	    "t.md:7: setsockopt: 'arg1,arg6': expected arg0 to arg5, or a "
	    "pair of two of them (arg1,arg2)");
	rule_error("Allowed", "setsockopt", "block if arg1,arg2 in 1",
		   "t.md:7: setsockopt: '1' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER, two of them joined by a comma)");
	rule_error(
	    "Allowed", "setsockopt", "block if arg1,arg2 in 1,2,3",
	    "t.md:7: setsockopt: '1,2,3' is not a 32-bit value (NUMBER or "
	    "NAME=NUMBER, two of them joined by a comma)");
	rule_error("Allowed", "setsockopt", "block if arg1,arg2 in 1,",
		   "t.md:7: setsockopt: '1,' is not a 32-bit value (NUMBER or "
		   "NAME=NUMBER, two of them joined by a comma)");
	rule_error("Allowed", "mknod", "block if arg1 & 0xf000 not in",
		   "t.md:7: mknod: no values");
}

/* A first sentence that only points at another entry prints that entry's
 * first sentence. */
static void test_see(void)
{
	ok(parse("## Blocked\n\n### accept\n\nNo servers here. More.\n\n"
		 "### accept4\n\nSee [accept](#accept).\n\n"
		 "### listen\n\nSee [accept4](#accept4)\n\n"
		 "### shutdown\n\nSee [nothing](#nothing).\n\n"
		 "### bind\n\nSee [connect](#connect).\n\n"
		 "### connect\n\nSee [bind](#bind).\n\n"
		 "### socket\n\nSee [accept](#accept). Then more words.\n") ==
	       0,
	   "see: parses ('%s')", E.msg);
	is_str(entry("accept4") ? entry("accept4")->summary : NULL,
	       "No servers here.", "see: 'See accept.' prints accept's words");
	is_str(entry("listen") ? entry("listen")->summary : NULL,
	       "No servers here.", "see: followed through two entries");
	is_str(entry("shutdown") ? entry("shutdown")->summary : NULL,
	       "See nothing.", "see: an entry that is not there: kept");
	is_str(entry("bind") ? entry("bind")->summary : NULL, "See connect.",
	       "see: a loop: kept");
	is_str(entry("socket") ? entry("socket")->summary : NULL,
	       "No servers here.",
	       "see: a first sentence that only points, with more after it");
	ok(entry("accept4") &&
	       strcmp(entry("accept4")->reason, "See [accept](#accept).") == 0,
	   "see: the reason itself is left as written");
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
	test_rules();
	test_rule_errors();
	test_rule_forms();
	test_see();
	test_quiet();
	test_rule_prose();
	test_parse_errno();
	test_builtin_rules();
	test_fuzz_regressions();
	policy_free(&P);
	return tap_done();
}
