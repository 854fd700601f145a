#!/bin/bash
# Blocked syscalls are named by capejail (once per name, from what the kernel
# handed it), counted in the report, and learnt by --learn.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T_TMP/p"
cp "$PROBE" "$T_TMP/p/probe"
chmod go+rx "$T_TMP" "$T_TMP/p" # (rootless, T_TMP stays writable)
P="--ro-bind $T_TMP/p:/p"
rep="$T_TMP/report.json"
blocked() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(" ".join("%s=%d" % (b["syscall"], b["count"]) for b in d["blocked"]))' "$rep"; }

# chmod u+s: the call it needs is blocked by its arguments, and named.
jail -- sh -c 'touch /tmp/f && exec chmod u+s /tmp/f'
is "$RC" 1 "chmod u+s fails as it does when fchmodat fails"
is "$(echo "$ERR" | grep '^capejail:')" "capejail: blocked fchmodat (268, by its arguments) in pid 2 'chmod': EPERM — \"Setting the set-user-ID or set-group-ID bit of a file relative to a directory is blocked; any other change of its permissions is allowed, as for chmod.\" (SYSCALLS.md#fchmodat)" "an EPERM block is named: syscall, number, pid in the jail, command, errno, reason, anchor"
like "$ERR" "chmod: changing permissions of '/tmp/f': Operation not permitted" "... and the program saw EPERM"
jail -- sh -c 'touch /tmp/f && chmod 755 /tmp/f && stat -c %a /tmp/f'
is "$RC/$OUT/$ERR" "0/755/" "chmod 755: allowed, no line"
# A reason that only points at another entry prints that entry's words.
jail $P -- /p/probe sys 288
is "$OUT" "ret=-1 errno=1" "accept4: EPERM"
like "$ERR" "^capejail: blocked accept4 \(288\) in pid 2 'probe': EPERM — \"Not needed by demo programs, and is helpful for restricting networking.\" \(SYSCALLS.md#accept4" "... its line quotes accept's first sentence, not 'See accept'"
# ls and du say nothing (statfs and fstatfs are allowed now).
jail -- sh -c 'ls / >/dev/null && du -s /etc >/dev/null 2>&1; ls -d /'
is "$OUT/$ERR" "//" "ls and du: no line from capejail"
# A setsockopt pair off the list: blocked through capejail, with its words.
jail $P -- /p/probe sys 54 0 1 26
is "$OUT" "ret=-1 errno=1" "setsockopt(SOL_SOCKET, SO_ATTACH_FILTER): EPERM"
is "$ERR" "capejail: blocked setsockopt (54, by its arguments) in pid 2 'probe': EPERM — \"Setting a socket option is allowed only for the (level, option) pairs that ordinary clients and servers set; any other pair fails with EPERM.\" (SYSCALLS.md#setsockopt)" "... named as blocked by its arguments, with the entry's first sentence"
jail $P -- /p/probe sys 54 0 6 1
is "$OUT/$ERR" "ret=-1 errno=88/" "setsockopt(IPPROTO_TCP, TCP_NODELAY): reaches the kernel (ENOTSOCK on stdin), no line"

# A ⚠️ call: the kill line, as before.
jail $P -- /p/probe sys 161 0
is "$RC" 159 "a ⚠️ call kills the jail"
is "$ERR" "capejail: killed the jail: chroot (161) in pid 2 'probe' ⚠️ — \"Change root directory.\" (SYSCALLS.md#chroot)" "... with its line"

# A flood: 100000 calls, one line, counted in the report. (How fast it is,
# is measured by make bench, not here.)
jail --report "$rep" $P -- /p/probe flood 163 100000
is "$OUT" "calls=100000 fails=100000 errno=1" "100000 blocked calls: each fails with EPERM"
is "$(echo "$ERR" | grep -c 'blocked acct')" 1 "... and is named once"
is "$(blocked)" "acct=100000" "... and counted in the report"

# Several names, several lines, once each; -q silences them, not the count.
jail --report "$rep" $P -- sh -c '/p/probe seq 163 88 163 88 >/dev/null; /p/probe seq 88 >/dev/null'
is "$(echo "$ERR" | sed -n 's/^capejail: blocked \([a-z]*\) .*/\1/p' | tr '\n' ' ')" "acct symlink " "two names, one line each, across processes"
is "$(blocked)" "symlink=3 acct=2" "the report counts every call"
jail -q --report "$rep" $P -- /p/probe seq 163 88
is "$ERR" "" "-q: no line for EPERM blocks"
is "$(blocked)" "symlink=1 acct=1" "-q: still counted"
jail -q $P -- /p/probe sys 161 0
like "$ERR" "killed the jail: chroot" "-q never silences a kill"

# Quiet entries are answered by the kernel: no line, no count.
jail --report "$rep" $P -- /p/probe seq 125 435
is "$OUT" "$(printf '125 ret=-1 errno=1\n435 ret=-1 errno=38')" "quiet entries: capget EPERM, clone3 ENOSYS"
is "$ERR/$(blocked)" "/" "... neither named nor counted"

# Argument rules go through capejail too.
jail --report "$rep" $P -- /p/probe sys 41 40 1
is "$OUT" "ret=-1 errno=97" "socket(AF_VSOCK): EAFNOSUPPORT"
like "$ERR" "^capejail: blocked socket \(41, by its arguments\) in pid 2 'probe': EAFNOSUPPORT" "... named, as blocked by its arguments"

# Overrides: the words and anchor of the policy in force.
jail --block getppid $P -- /p/probe sys 110
is "$OUT" "ret=-1 errno=1" "--block getppid: EPERM"
is "$ERR" "capejail: blocked getppid (110) in pid 2 'probe': EPERM — \"Blocked for this run by --block.\" (--block getppid)" "... named with the override's words"
cat >"$T_TMP/pol.md" <<'EOP'
## Blocked

### getpid

Nobody asks who they are here.

- `errno EACCES`
EOP
jail --policy "$T_TMP/pol.md" --report "$rep" $P -- /p/probe sys 39
is "$OUT" "ret=-1 errno=13" "--policy: its errno"
is "$ERR" "capejail: blocked getpid (39) in pid 2 'probe': EACCES — \"Nobody asks who they are here.\" ($T_TMP/pol.md#getpid)" "... its words and file"
builtin_hash=$("$CAPEJAIL" --version | sed 's/.*policy \([0-9a-f]*\)).*/\1/')
like "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policy"])' "$rep")" "^[0-9a-f]{16}$" "the report has a policy hash"
ok "$([ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policy"])' "$rep")" != "$builtin_hash" ]; echo $?)" "... of the policy in force, not the built-in one"
jail --report "$rep" -- true
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policy"])' "$rep")" "$builtin_hash" "the default run's hash is --version's"

# A program cannot forge the lines or the counts: what it writes is its own.
jail --report "$rep" $P -- sh -c 'echo "capejail: blocked mount (165) in pid 1 '"'"'x'"'"': EPERM" >&2; /p/probe seq 88 >/dev/null'
is "$(blocked)" "symlink=1" "a forged line on stderr changes no count"
is "$(echo "$ERR" | grep -c '^capejail: blocked symlink (88) in pid 3 ')" 1 "... and capejail's own line is there"

# A blocked call interrupted by a signal does not kill the jail (it never
# ran): a timer firing through a flood of blocked calls.
jail $P -- python3 -c '
import os, signal, ctypes
libc = ctypes.CDLL(None, use_errno=True)
n = [0]
def tick(*a): n[0] += 1
signal.signal(signal.SIGALRM, tick)
signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
for i in range(20000): libc.syscall(163, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
print("alive", n[0] > 0)'
is "$RC/$OUT" "0/alive True" "blocked calls under a 0.5 ms timer: the jail lives"

# Learn mode: three blocked calls run and are listed; a ⚠️ one fails.
lrn="$T_TMP/learnt.md"
jail --learn --learn-out "$lrn" --report "$rep" $P -- /p/probe seq 125 88 165 161 116
is "$OUT" "$(printf '125 ret=-1 errno=14\n88 ret=-1 errno=14\n165 ret=-1 errno=14\n161 ret=-1 errno=1\n116 ret=-1 errno=1')" "--learn: capget (quiet, still learnt), symlink and mount ran (EFAULT: NULL pointers), setgroups ran (the kernel's EPERM); chroot ⚠️ got EPERM"
is "$RC" 0 "... and the jail lived"
like "$ERR" "^capejail: --learn: blocked syscalls run and are recorded" "... said at the start"
like "$ERR" "capejail: learn: the program made 5 blocked syscalls:" "the table: how many"
like "$ERR" "  capget +1  pid 2 'probe' +EPERM +yes +\"Get capabilities" "... capget: calls, first caller, verdict, ran, reason"
like "$ERR" "  chroot +1  pid 2 'probe' +⚠️ kill +no " "... chroot: not run"
is "$(grep '^### ' "$lrn" | tr '\n' ' ')" "### symlink ### setgroups ### capget ### chroot ### mount " "--learn-out: one entry per syscall, in number order"
like "$(cat "$lrn")" "## Allowed" "... under ## Allowed"
is "$(grep -c '^TODO: say why this program needs it' "$lrn")" 5 "... each with a TODO reason"
jail --policy "$lrn" -- true
like "$RC/$ERR" "^125/capejail: $lrn:[0-9]+: symlink: the reason still starts with TODO" "--policy refuses the file as it is"
sed -i 's/^TODO: say why this program needs it\..*/The probe calls it on purpose./' "$lrn"
jail --policy "$lrn" $P -- /p/probe seq 125 88
is "$RC/$OUT/$ERR" "0/$(printf '125 ret=-1 errno=14\n88 ret=-1 errno=14')/" "once reviewed, the file is a policy: they run, nothing is named"
is "$(blocked)" "symlink=1 setgroups=1 capget=1 chroot=1 mount=1" "the learning run's report counts what it saw"

jail --learn=all $P -- /p/probe sys 161 0
like "$ERR" "^capejail: warning: --learn=all: every blocked syscall runs" "--learn=all warns"
is "$OUT/$RC" "ret=-1 errno=14/0" "... and lets even chroot run (EFAULT: NULL path)"

jail --learn-out "$lrn" -- true
is "$RC/$ERR" "125/capejail: --learn-out needs --learn" "--learn-out alone: an error"
jail --learn --on-blocked kill -- true
is "$RC" 125 "--learn with --on-blocked kill: an error"
jail --learn -I -- true
is "$RC" 125 "--learn with -I: an error"
jail --learn=some -- true
is "$RC/$ERR" "125/capejail: --learn=some: expected --learn or --learn=all" "--learn=some: an error"
jail --learn --learn-out "$T_TMP/no/dir/x.md" $P -- /p/probe sys 90
is "$RC/$OUT" "125/" "an unwritable --learn-out: 125 before anything runs"

done_testing
