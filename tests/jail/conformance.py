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
section, name, fence = None, None, False
for line in open(doc, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        fence = not fence
    if fence:
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
    elif name and re.match(r"\s*[-*] `block if arg\d (in|not in|has) ", line):
        words = line.strip()[2:].strip("`").split()
        kind = "not in" if words[3] == "not" else words[3]
        values = [int(w.split("=")[-1], 0) for w in words[(5 if kind == "not in" else 4):]]
        if (kind == "in" and 0 in values) or (kind == "not in" and 0 not in values):
            entries[name]["zero_blocked"] = True

top = max(nr_of.values())
by_nr = {nr: n for n, nr in nr_of.items()}
for nr in list(range(top + 21)) + [1000]:
    n = by_nr.get(nr)
    e = entries.get(n) if n else None
    if e is None:
        expect = "unknown"
    elif e["allowed"] and not e["zero_blocked"]:
        expect = "kernel"
    elif e["allowed"]:
        expect = "errno=%d" % (e["errno"] or int(blocked))
    elif e["warn"] or (blocked == "kill" and e["errno"] is None):
        expect = "kill"
    else:
        expect = "errno=%d" % (e["errno"] or int(blocked))
    print(nr, n or "-", expect)
