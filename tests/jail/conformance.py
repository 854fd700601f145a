#!/usr/bin/env python3
"""Expectations for every syscall number, read from SYSCALLS.md itself (an
independent reader of the document, not capejail's parser) and numbered by
libseccomp's table for this architecture (the kernel headers of Debian 12
are older than the kernels it runs on), for the conformance test.

Prints one line per number: NR NAME EXPECT, where EXPECT is
  kill      the jail is killed (a ⚠️ entry)
  errno=N   the call fails with errno N before reaching the kernel
  kernel    the call reaches the kernel (allowed; argument rules pass for
            all-zero arguments)
Rules are read in every form SYSCALLS.md documents: one argument, under a
mask (`arg1 & M in ...`) and a pair (`arg1,arg2 not in A,B ...`), on one
line or a code span over several.
  unknown   not in the table: errno ENOSYS from the filter
Blocked entries without an errno of their own get the errno given as the
second argument (the --blocked-errno of the run), or kill with 'kill'."""
import ctypes
import errno
import re
import sys

doc, blocked = sys.argv[1], sys.argv[2]
lib = ctypes.CDLL("libseccomp.so.2")
lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_char_p
nr_of = {}
for nr in range(1024):
    name = lib.seccomp_syscall_resolve_num_arch(0, nr)  # 0: native
    if name:
        nr_of[name.decode()] = nr

entries = {}
section, name, fence, span = None, None, False, None


def zero_blocked(words):
    """Does the rule (its words after `block if`) block all-zero args?"""
    args = words[0]
    i = 1
    mask = None
    if words[i] == "&":
        mask = int(words[i + 1].split("=")[-1], 0)
        i += 2
    kind = "not in" if words[i] == "not" else words[i]
    values = words[i + (2 if kind == "not in" else 1):]
    if "," in args:  # a pair: (0, 0) against the pairs
        hit = any(all(int(h.split("=")[-1], 0) == 0 for h in v.split(","))
                  for v in values)
    else:
        nums = [int(w.split("=")[-1], 0) for w in values]
        hit = False if kind == "has" else 0 in nums
    return hit if kind == "in" else (not hit if kind == "not in" else False)


for line in open(doc, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        fence = not fence
    if fence:
        continue
    if span is not None:  # a rule's code span over several lines
        span += " " + line.strip()
        if "`" in line:
            entries[name]["zero_blocked"] |= zero_blocked(span.strip("` ").split()[2:])
            span = None
        continue
    if re.match(r"#{1,2} ", line):
        section = line[3:].strip() if line.startswith("## ") else None
        name = None
    elif line.startswith("### ") and section in ("Blocked", "Allowed"):
        name = line[4:].split()[0]
        entries[name] = {"allowed": section == "Allowed",
                         "warn": "\u26a0" in line, "errno": None,
                         "zero_blocked": False}
    elif name and re.match(r"\s*[-*] `errno \w+`\s*$", line):
        entries[name]["errno"] = getattr(errno, line.split()[2].strip("`"))
    elif name and re.match(r"\s*[-*] `block if ", line):
        text = line.strip()[2:]
        if text.count("`") == 1:
            span = text
            continue
        entries[name]["zero_blocked"] |= zero_blocked(text.strip("`").split()[2:])

top = max(nr_of.values())
by_nr = {nr: n for n, nr in nr_of.items()}
for nr in list(range(top + 21)) + [1000]:
    n = by_nr.get(nr)
    e = entries.get(n) if n else None
    if e is None:
        expect = "unknown"
    elif e["allowed"] and not e["zero_blocked"]:
        expect = "kernel"
    elif e["warn"] or (blocked == "kill" and e["errno"] is None):
        # A ⚠️ entry (an allowed one's broken rule too) kills, and under
        # --on-blocked kill so does any block without an errno of its own.
        expect = "kill"
    else:
        expect = "errno=%d" % (e["errno"] or int(blocked))
    print(nr, n or "-", expect)
