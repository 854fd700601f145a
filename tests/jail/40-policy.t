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
jail -r "$root" -- /bin/probe sys "$(nr_of acct)"
is "$OUT" "ret=-1 errno=1" "acct fails with EPERM"
jail -r "$root" -- /bin/probe sys "$(nr_of listen)"
is "$OUT" "ret=-1 errno=1" "listen fails with EPERM (no servers)"
jail -r "$root" -- /bin/probe sys "$(nr_of modify_ldt)" 1 0 0
is "$OUT" "ret=-1 errno=1" "modify_ldt fails with EPERM (a deviation: the seed allowed it)"

# Allowed now (SYSCALLS.md's deviations): statfs, fstatfs, the set*id
# family, setpriority, the sched_* calls, pidfd_open. The kernel's own
# checks answer, and they give a process without capabilities nothing.
jail -r "$root" -- /bin/probe sys "$(nr_of fstatfs)"
is "$OUT" "ret=-1 errno=14" "fstatfs reaches the kernel (EFAULT for a NULL buffer)"
jail -- python3 -c '
import os
print(os.fstatvfs(0).f_bsize > 0, os.statvfs("/dev/shm").f_bsize > 0)'
is "$OUT" "True True" "fstatvfs and statvfs from python (multiprocessing checks /dev/shm so)"
jail --blocked-errno 4000 -r "$root" -- /bin/probe sys "$(nr_of setuid)" 0
like "$OUT" "^ret=-1 errno=(1|22)$" "setuid(0) reaches the kernel, which refuses it: EPERM (rootless: EINVAL, uid 0 is not mapped), not the filter's 4000"
jail -- python3 -c '
import os, errno
r, e, s = os.getresuid()
os.setresuid(r, e, s); os.setresgid(*os.getresgid())
out = ["keep ids: ok"]
for f, a in (("setuid", (0,)), ("setgid", (0,)), ("setresuid", (0, 0, 0)),
             ("setreuid", (0, 0)), ("setgroups", ([0],))):
    try:
        getattr(os, f)(*a)
        out.append(f + ": gained")
    except OSError as x:
        # EPERM; rootless EINVAL too: the id is not even mapped.
        out.append(f + ": " + ("refused" if x.errno in (errno.EPERM, errno.EINVAL) else str(x)))
print(" ".join(out), os.getresuid(), os.getresgid())'
is "$OUT" "keep ids: ok setuid: refused setgid: refused setresuid: refused setreuid: refused setgroups: refused (65534, 65534, 65534) (65534, 65534, 65534)" "set*id: keeping its own ids works; no id can be gained (the kernel: no CAP_SETUID, CAP_SETGID)"
jail -- python3 -c '
import os
os.nice(0); os.nice(5)
try:
    os.setpriority(os.PRIO_PROCESS, 0, 0)
    print("raised")
except PermissionError:
    print("lower only", os.getpriority(os.PRIO_PROCESS, 0))
try:
    os.setpriority(os.PRIO_USER, 0, 19)
    print("PRIO_USER ok")
except OSError as e:
    print("PRIO_USER", e.errno)'
is "$OUT" "$(printf 'lower only 5\nPRIO_USER ok')" "setpriority: lowering works, raising is refused by the kernel (no CAP_SYS_NICE)"
jail -- python3 -c '
import os, time
p = os.sched_param(0)
print(os.sched_getscheduler(0), os.sched_getparam(0).sched_priority,
      os.sched_get_priority_min(os.SCHED_FIFO), os.sched_rr_get_interval(0) >= 0)
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
print(len(os.sched_getaffinity(0)))
os.sched_setscheduler(0, os.SCHED_BATCH, p)
print(os.sched_getscheduler(0) == os.SCHED_BATCH)
try:
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    print("realtime")
except PermissionError:
    print("no realtime")
os.sched_yield()
pid = os.fork()
if pid == 0:
    time.sleep(0.2); os._exit(3)
fd = os.pidfd_open(pid)
os.waitpid(pid, 0); os.close(fd); print("pidfd")'
is "$OUT" "$(printf '0 0 1 True\n1\nTrue\nno realtime\npidfd')" "sched_get*, sched_setaffinity, a normal policy, sched_yield and pidfd_open run; a real-time policy gets EPERM"
# Nothing outside the jail can be named: the test's own shell, by its
# host pid, is no process of the jail's PID namespace.
jail -- python3 -c "
import os, errno
out = []
for f in (lambda: os.pidfd_open($$), lambda: os.setpriority(os.PRIO_PROCESS, $$, 19),
          lambda: os.sched_setaffinity($$, {0}), lambda: os.sched_getparam($$)):
    try:
        f(); out.append('reached')
    except OSError as e:
        out.append(errno.errorcode[e.errno])
try:
    os.sched_setparam(0, os.sched_param(1)); out.append('raised')
except OSError as e:
    out.append(errno.errorcode[e.errno])
print(' '.join(out))"
is "$OUT" "ESRCH ESRCH ESRCH ESRCH EINVAL" "pidfd_open, setpriority, sched_setaffinity, sched_getparam of a host pid: ESRCH; sched_setparam cannot raise a normal process's priority (EINVAL)"
jail -- python3 -c '
import os
os.mkfifo("/tmp/fifo"); print(oct(os.stat("/tmp/fifo").st_mode))'
is "$RC/$OUT" "0/0o10644" "mkfifo: a FIFO is made (mknodat with S_IFIFO)"

# A device node still kills, whatever the upper half of the mode says.
for m in 0x2000 0x6000 0x21a4 0xffffffff00002000; do
	jail -r "$root" -- /bin/probe sys "$(nr_of mknod)" 0 "$m" 0
	is "$RC" 159 "mknod with mode $m (a character or block device) kills the jail"
done
jail -r "$root" -- /bin/probe sys "$(nr_of mknodat)" 0 0 0x6000 0
is "$RC" 159 "mknodat of a block device kills the jail"
like "$ERR" "^capejail: killed the jail: mknodat \(259\) in pid 2 'probe' ⚠️ — \"Making a character or block device node" "... and says why"
for m in 0x89ed 0x85ed; do
	jail -r "$root" -- /bin/probe sys "$(nr_of mknodat)" 0 0 "$m" 0
	is "$RC" 159 "mknodat of a regular file with set-ID mode $m kills the jail (open refuses that mode)"
done
for m in 0x1000 0xc000 0x8000 0 0x100001000; do
	jail -r "$root" -- /bin/probe sys "$(nr_of mknod)" 0 "$m" 0
	is "$RC/$OUT" "0/ret=-1 errno=14" "mknod with mode $m (FIFO, socket, regular) reaches the kernel (EFAULT: NULL path)"
done

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
