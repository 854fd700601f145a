#!/bin/bash
# The seccomp policy, as SYSCALLS.md states it: a ⚠️ syscall kills the jail
# (SIGSYS, 159), another blocked one fails with EPERM, a number the table
# does not know fails with ENOSYS, and another ABI kills. The expectations
# are read from SYSCALLS.md itself and the kernel's own syscall table.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
unistd=$(echo '#include <asm/unistd.h>' | cpp -dM | grep '^#define __NR_' |
	awk '{sub("__NR_", "", $2); print $2, $3}')
nr_of() { echo "$unistd" | awk -v n="$1" '$1 == n {print $2}'; }

root="$T_TMP/root"
make_root "$root"

# Every ⚠️ entry, by number, through the static probe.
warned=$(awk '/^## /{s=$2} s=="Blocked" && /^### / && /⚠/ {print $2}' "$top/SYSCALLS.md")
n=0
for name in $warned; do
	nr=$(nr_of "$name")
	[ -n "$nr" ] || continue
	n=$((n + 1))
	jail -r "$root" -- /bin/probe sys "$nr"
	is "$RC" 159 "⚠️ $name ($nr) kills the jail with SIGSYS"
done
ok "$([ "$n" -ge 5 ]; echo $?)" "SYSCALLS.md marks the dangerous syscalls ($n checked)"

jail -- python3 -c 'import os; os.chroot("/")'
is "$RC" 159 "chroot from python kills the jail: 159"
is "$ERR" "capejail: killed the jail: chroot (161) in pid 2 'python3' ⚠️ — \"Change root directory.\" (SYSCALLS.md#chroot)" "the kill is reported once, with the syscall, the jail's pid, the command and the reason"

# Not only the process that called it: the whole jail.
jail -- sh -c 'sleep 30 & python3 -c "import os; os.chroot(\"/\")"; echo survived'
is "$RC/$OUT" "159/" "a ⚠️ syscall in a child kills the whole jail: the shell does not go on"
like "$ERR" "in pid 4 'python3'" "the pid is the one inside the jail"

# Blocked without ⚠️: EPERM, and the program goes on.
jail -r "$root" -- /bin/probe sys "$(nr_of fstatfs)"
is "$OUT" "ret=-1 errno=1" "fstatfs fails with EPERM"
jail -- python3 -c '
import os
try:
    os.fstatvfs(0)
except PermissionError:
    print("EPERM")'
is "$OUT" EPERM "fstatfs from python: EPERM, and python goes on"
jail -r "$root" -- /bin/probe sys "$(nr_of listen)"
is "$OUT" "ret=-1 errno=1" "listen fails with EPERM (no servers)"
jail -r "$root" -- /bin/probe sys "$(nr_of setuid)"
is "$OUT" "ret=-1 errno=1" "setuid fails with EPERM"

# Allowed: reaches the kernel.
jail -r "$root" -- /bin/probe sys "$(nr_of getppid)"
is "$OUT" "ret=1 errno=0" "getppid is allowed: the program's parent is init, PID 1"
jail -r "$root" -- /bin/probe sys "$(nr_of getpid)"
is "$OUT" "ret=2 errno=0" "getpid is allowed: the program is PID 2"

# Unknown numbers: ENOSYS, so libc can fall back.
jail -r "$root" -- /bin/probe sys 1000
is "$OUT" "ret=-1 errno=38" "a number no kernel has: ENOSYS"

# Another ABI: x32 numbering of an allowed and of a blocked syscall.
jail -r "$root" -- /bin/probe sys $((0x40000000 + $(nr_of getpid)))
is "$RC" 159 "getpid through x32 numbering kills"
like "$ERR" "^capejail: killed the jail: syscall 1073741863 of another ABI" "... and says so"
jail -r "$root" -- /bin/probe sys $((0x40000000 + $(nr_of fstatfs)))
is "$RC" 159 "fstatfs through x32 numbering kills"

# -I: no filter, and a warning every run.
jail -I -r "$root" -- /bin/probe sys "$(nr_of chroot)"
is "$RC/$OUT" "0/ret=-1 errno=14" "-I: chroot(NULL) reaches the kernel (EFAULT)"
like "$ERR" "^capejail: warning: --insecure" "-I warns"
jail -I -- grep Seccomp: /proc/self/status
is "$OUT" "Seccomp:	0" "-I: no seccomp filter"

done_testing
