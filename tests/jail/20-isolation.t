#!/bin/bash
# What the jail sees, asserted from inside and checked against the host.
. "$(dirname "$0")/lib.sh"

# --- PID namespace: our init is PID 1, the program PID 2, nothing else.
# (echo and the glob are shell built-ins: no third process while we look.)
jail -- sh -c 'echo $$; read c </proc/1/comm; echo $c; echo /proc/[0-9]*'
is "$(echo "$OUT" | sed -n 1p)" 2 "the program is PID 2"
is "$(echo "$OUT" | sed -n 2p)" capejail "PID 1 is capejail's init"
is "$(echo "$OUT" | sed -n 3p)" "/proc/1 /proc/2" "only the jail's processes are visible"

# --- File system: the host's private places are not there.
marker="capejail-marker-$$"
touch "/root/$marker" "/var/tmp/$marker" "/tmp/$marker"
jail -- sh -c "ls /root/$marker /var/tmp/$marker /tmp/$marker /home /var /run /sys /boot 2>&1 | wc -l; ls /"
is "$(echo "$OUT" | sed -n 1p)" 8 "host marker files and /home /var /run /sys /boot are not visible"
is "$(echo "$OUT" | sed 1d | tr '\n' ' ')" "$(for d in bin dev etc lib lib32 lib64 libx32 proc sbin tmp usr; do [ -e /$d ] || [ $d = dev ] || [ $d = proc ] || [ $d = tmp ] && echo -n "$d "; done)" "the default root holds exactly the system dirs, /dev, /proc, /tmp"
rm -f "/root/$marker" "/var/tmp/$marker" "/tmp/$marker"

jail -- sh -c 'touch /x 2>/dev/null; echo $?; touch /usr/x 2>/dev/null; echo $?; touch /etc/x 2>/dev/null; echo $?; echo hi > /tmp/f && cat /tmp/f'
is "$(echo "$OUT" | tr '\n' ' ')" "1 1 1 hi " "/, /usr and /etc are read-only; /tmp is writable"

jail -- sh -c 'echo leak > /tmp/from-jail'
ok "$([ ! -e /tmp/from-jail ]; echo $?)" "a file written to the jail's /tmp is not on the host"

jail -- sh -c 'readlink /bin; readlink /lib'
is "$OUT" "$(readlink /bin; readlink /lib)" "merged-/usr symlinks are kept as on the host"

jail -- sh -c 'cat /proc/self/mountinfo'
bad=$(echo "$OUT" | awk '{ split($6, o, ","); s=0; d=0; for (i in o) { if (o[i]=="nosuid") s=1; if (o[i]=="nodev") d=1 } if (!s || (!d && $5 !~ /^\/dev\/(null|zero|full|random|urandom|tty|pts)$/)) print $5 }')
is "$bad" "" "every mount is nosuid, and nodev but for the device nodes and the private devpts"
is "$(echo "$OUT" | awk '$5 == "/dev/pts" { print $6, $8, $9 }')" "rw,nosuid,noexec,relatime devpts devpts" "/dev/pts is a devpts of the jail's own (its nodes are the kernel's alone)"
jail -- python3 -c 'import os; m, s = os.openpty(); os.write(m, b"x\n"); print(os.read(s, 2)); print(os.ttyname(s))'
like "$(echo "$OUT" | tr '\n' ' ')" "^b'x.n' /dev/pts/[0-9]+ $" "a program can open a pty of its own (os.openpty)"

jail -- sh -c 'echo x > /tmp/s && chmod 4755 /tmp/s 2>&1; grep " /tmp " /proc/mounts'
like "$OUT" "nosuid" "/tmp is nosuid"

# --- /dev: the listed nodes and no other.
jail -- sh -c 'for f in $(find /dev); do [ ! -L $f ] && { [ -c $f ] || [ -b $f ]; } && echo $f; done | sort | tr "\n" " "'
is "$OUT" "/dev/full /dev/null /dev/pts/ptmx /dev/random /dev/tty /dev/urandom /dev/zero " "only null, zero, full, random, urandom, tty and the private pts exist"
jail -- sh -c 'head -c 4 /dev/zero | od -An -tx1 | tr -d " "; echo x > /dev/null && echo null-ok; head -c 8 /dev/urandom | wc -c'
is "$(echo "$OUT" | tr '\n' ' ')" "00000000 null-ok 8 " "the device nodes work"
jail -- sh -c 'touch /dev/x 2>&1 >/dev/null | wc -l; test -d /dev/shm && echo shm; test -L /dev/fd && echo fd'
is "$(echo "$OUT" | tr '\n' ' ')" "1 shm fd " "/dev is read-only, with /dev/shm and /dev/fd"

# --- /proc: the host-global knobs are read-only or masked.
core_before=$(cat /proc/sys/kernel/core_pattern)
jail -u 0 -- sh -c 'echo x > /proc/sys/kernel/core_pattern 2>/dev/null; echo $?; echo c > /proc/sysrq-trigger 2>/dev/null; echo $?; cat /proc/keys 2>/dev/null | wc -c; cat /proc/timer_list 2>/dev/null | wc -c'
is "$(echo "$OUT" | tr '\n' ' ')" "2 2 0 0 " "even uid 0 cannot write /proc/sys or sysrq-trigger, nor read keys or timer_list"
is "$(cat /proc/sys/kernel/core_pattern)" "$core_before" "host core_pattern untouched"
# A masked directory (/proc/acpi, where the host has one) shows empty and
# takes nothing, even from uid 0. The default root and -r DIR make it
# differently: a read-only copy of the root's own empty /proc directory, a
# read-only tmpfs.
if [ -d /proc/acpi ]; then
	jail -u 0 -- sh -c 'ls -A /proc/acpi | wc -l; mkdir /proc/acpi/x 2>/dev/null; echo $?; touch /proc/acpi/y 2>/dev/null; echo $?; grep -c " /proc/acpi " /proc/self/mounts'
	is "$(echo "$OUT" | tr '\n' ' ')" "0 1 1 1 " "/proc/acpi is masked: empty, its own mount, nothing can be made in it by uid 0"
	# The -r root gets the host's /usr to count its own mounts with (an
	# empty host /proc/acpi would look masked without one).
	mroot="$T_TMP/maskroot"
	make_root "$mroot"
	mkdir -p "$mroot/usr"
	ln -s usr/lib "$mroot/lib"
	ln -s usr/lib64 "$mroot/lib64"
	jail -r "$mroot" --ro-bind /usr:/usr -u 0 -- /usr/bin/sh -c 'ls -A /proc/acpi | wc -l; mkdir /proc/acpi/x 2>/dev/null; echo $?; grep -c " /proc/acpi " /proc/self/mounts'
	is "$(echo "$OUT" | tr '\n' ' ')" "0 1 1 " "... and in a -r root"
else
	skip "/proc/acpi is masked" "no /proc/acpi on this host"
	skip "... and in a -r root" "no /proc/acpi on this host"
fi

# --- UTS, network, IPC.
host_name=$(uname -n)
# The default root's /etc/hostname says the jail's name where the host has
# one to show (a minimal guest may have none).
etc=$([ -f /etc/hostname ] && echo yes)
host_etc=$(cat /etc/hostname 2>/dev/null)
jail -- sh -c 'hostname; cat /etc/hostname 2>/dev/null'
is "$(echo "$OUT" | tr '\n' ' ')" "jail ${etc:+jail }" "hostname is jail, and the default root's /etc/hostname says so"
is "$(uname -n)" "$host_name" "host hostname untouched"
jail --hostname grader-7.local -- sh -c 'hostname; cat /etc/hostname 2>/dev/null'
is "$(echo "$OUT" | tr '\n' ' ')" "grader-7.local ${etc:+grader-7.local }" "--hostname NAME: the jail's hostname and /etc/hostname"
is "$(cat /etc/hostname 2>/dev/null)" "$host_etc" "the host's /etc/hostname untouched"
jail --hostname "-x" -- true
is "$RC/$ERR" "125/capejail: --hostname -x: letters, digits, '-' and '.' only, not first '-' or '.'" "--hostname: a bad name is refused, naming the rule"

jail -- sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"
is "$OUT" lo "without --share-net only lo exists"
jail -- python3 -c '
import socket
s = socket.socket()
try:
    s.connect(("127.0.0.1", 9))
except ConnectionRefusedError:
    print("refused")
except OSError as e:
    print(e)'
is "$OUT" refused "lo is up (a connection to a closed port is refused, not unreachable)"

host_ifs=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\n' ' ')
jail --share-net -- sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\n' ' '"
is "$OUT" "$host_ifs" "--share-net keeps the host's interfaces"
jail -n -- sh -c "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"
is "$OUT" lo "-n: no network, as the default"

qid=$(ipcmk -Q | grep -Eo '[0-9]+$')
jail -- sh -c 'tail -n +2 /proc/sysvipc/msg | wc -l'
is "$OUT" 0 "a SysV message queue made on the host is invisible"
ipcrm -q "$qid"

# --- File descriptors: only 0, 1 and 2 reach the program.
exec 7</etc/hostname 9>/dev/null
jail -- python3 -c '
import fcntl
def is_open(fd):
    try:
        fcntl.fcntl(fd, fcntl.F_GETFD)
        return True
    except OSError:
        return False
print(" ".join(str(fd) for fd in range(3, 1024) if is_open(fd)))'
is "$OUT" "" "fds 7 and 9 of the caller are closed in the jail"
exec 7<&- 9>&-

# --- Environment: clean, as specified.
FOO_LEAK=secret TERM=xterm-test jail -- env
OUT=$(echo "$OUT" | sort | tr '\n' ' ' | sed 's/ $//')
is "$OUT" "HOME=/nonexistent LOGNAME=nobody PATH=/usr/local/bin:/usr/bin:/bin PS1=[jail]$  SHELL=/usr/sbin/nologin TERM=xterm-test USER=nobody" "a clean environment from the jail's passwd entry, TERM kept"
env -u TERM "$CAPEJAIL" -e FOO=bar -e PATH=/bin -e EQ=a=b -- /usr/bin/python3 -c 'import os; print(os.environ.get("TERM"), os.environ["FOO"], os.environ["PATH"], os.environ["EQ"])' >"$T_TMP/out"
is "$(cat "$T_TMP/out")" "None bar /bin a=b" "-e adds and overrides; no TERM when unset"

jail -- pwd
is "$OUT" /tmp "default working directory on the default root: /tmp"
jail -d /usr -- pwd
is "$OUT" /usr "-d sets the working directory"

# The jail's cgroup namespace is rooted at the jail's own cgroup: every
# line of /proc/self/cgroup is "/", with or without a cgroup made for a
# limit, and nothing of the host's cgroup tree (or capejail's pid) shows.
jail -- cat /proc/self/cgroup
is "$(echo "$OUT" | grep -vc ':/$')" 0 "/proc/self/cgroup in the jail: the cgroup namespace's root only"
if rootless; then
	skip "... also with --pids (the jail's own cgroup)" "rootless without a delegated cgroup: no cgroup"
else
	jail --pids 100 -- cat /proc/self/cgroup
	is "$RC/$(echo "$OUT" | grep -vc ':/$')" "0/0" "... also with --pids: the jail's own cgroup is its root"
fi
jail -- readlink /proc/self/ns/cgroup
ok "$([ -n "$OUT" ] && [ "$OUT" != "$(readlink /proc/self/ns/cgroup)" ]; echo $?)" "the jail has a cgroup namespace of its own"

done_testing
