#!/bin/bash
# Escape attempts found by red-teaming capejail, kept as regression tests:
# each was seen to work once.
. "$(dirname "$0")/lib.sh"

root="$T_TMP/root"
make_root "$root"

# The jail's root is no host root: no owner rights over the host's files.
jail -u 0 -- sh -c 'cat /etc/shadow >/dev/null 2>&1 && echo read-shadow; stat -c %u /etc/passwd; id -u'
is "$(echo "$OUT" | tr '\n' ' ')" "65534 0 " "-u 0 cannot read the host's /etc/shadow; host root's files belong to nobody inside"
jail -u 0 -r "$root" -- /bin/probe ids
is "$OUT" "uid=0 gid=0 groups=0" "-u 0 is uid 0 inside"

# A gid the operator gives may be a host group such as shadow (42 on
# Debian): the password hashes are masked in the default root anyway.
jail -u 65534:42 -- sh -c 'cat /etc/shadow /etc/gshadow >/dev/null 2>&1 && echo read; test -e /etc/shadow && echo present'
is "$OUT" present "/etc/shadow is present but unreadable, whatever the jail's gid"

# A signal the program forges to look like capejail's is not forwarded.
jail -- python3 -c '
import ctypes, os, signal, time
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
info = (ctypes.c_int * 32)()
info[0] = signal.SIGUSR1   # si_signo
info[2] = -1               # si_code: SI_QUEUE
info[4] = 0                # si_pid: 0, as from outside the jail
ctypes.CDLL(None).syscall(129, 1, signal.SIGUSR1, ctypes.byref(info))
time.sleep(0.3)
print("bounced" if got else "not bounced")'
is "$OUT" "not bounced" "rt_sigqueueinfo with si_pid 0 does not make init forward a signal"

# PID 1 is not the program's to write, even as the same uid 0.
jail -u 0 -- python3 -c '
for m in ("r+b", "rb"):
    try:
        open("/proc/1/mem", m)
        print("opened", m)
    except OSError as e:
        print(e.errno)'
is "$(echo "$OUT" | tr '\n' ' ')" "13 13 " "-u 0 cannot open init's /proc/1/mem (init is not dumpable)"

# The device nodes are the host's: their mode, ACL and times stay the host's.
# Compared by mode and ctime, which any chmod, ACL or utime changes, and
# the host's other readers and writers of /dev/null do not (its atime and
# mtime move on a busy machine).
before=$(stat -c '%a %Z' /dev/full /dev/null)
jail -u 0 -- python3 -c '
import os
for f in ("/dev/full", "/dev/null"):
    for op in (lambda: os.setxattr(f, "system.posix_acl_access", b"\x02\x00\x00\x00"), lambda: os.utime(f, (0, 0))):
        try:
            op(); print("changed", f)
        except OSError as e:
            print(e.errno)
open("/dev/null", "w").write("still writable")
print("null ok")'
is "$(echo "$OUT" | tr '\n' ' ')" "30 30 30 30 null ok " "device nodes: ACL and times cannot be changed (EROFS), /dev/null still works"
is "$(stat -c '%a %Z' /dev/full /dev/null)" "$before" "the host's /dev/full and /dev/null are untouched"

# A directory as fd 0, 1 or 2 would lead to the host's files.
jail -- true </
is "$RC/$ERR" "125/capejail: stdin is a directory: it would let the jail reach the host's files" "stdin that is a directory is refused"
OUT=$(exec 3>&1; { "$CAPEJAIL" -- true 2>&3 1</; } 3>&1); RC=$?
is "$RC/$OUT" "125/capejail: stdout is a directory: it would let the jail reach the host's files" "stdout that is a directory is refused"

# A mount of the host's below /tmp (where the root is staged) does not break runs.
mkdir -p "/tmp/capejail-test-hostmnt.$$"
mount -t tmpfs none "/tmp/capejail-test-hostmnt.$$"
jail -r "$root" -- /bin/probe ids
is "$RC" 0 "-r works with a host mount below /tmp"
jail -- true
is "$RC" 0 "the default root too"
umount "/tmp/capejail-test-hostmnt.$$"
rmdir "/tmp/capejail-test-hostmnt.$$"

# A huge sparse /etc/passwd in the root is refused at once, not read.
truncate -s 3G "$root/etc/passwd"
jail -r "$root" -u alice -- /bin/probe ids
like "$RC/$ERR" "^125/capejail: /etc/passwd: larger than" "a 3 GB sparse /etc/passwd is refused by its size"
make_root "$root"

# A program's name is printed without its control bytes.
jail -- python3 -c '
import ctypes, os
ctypes.CDLL(None).prctl(15, b"\x1b[31mevil\x08", 0, 0, 0)
os.chroot("/")'
is "$RC" 159 "renamed program killed for chroot"
like "$ERR" "in pid 2 '\?\[31mevil\?'" "its name is printed with ? for control bytes"

# Terminal settings the program changes are restored.
if command -v script >/dev/null; then
	out=$(script -qec "stty echo; $CAPEJAIL -- sh -c 'stty -echo -icanon'; stty -a" /dev/null </dev/null | tr -d '\r')
	like "$out" "(^| )echo( |$)" "echo is on again after the jail turned it off"
	like "$out" "(^| )icanon( |$)" "line mode is on again"
fi

# From the host: the jail gained nothing over the user that ran it (the
# test user, rootless; as root, the jail's own unprivileged ids).
sec="$T_TMP/secret"
mkdir -m 0755 "$sec"
echo "root only" >"$sec/key"
chmod 0600 "$sec/key"
echo "root's" >"$sec/owned"
chmod 0644 "$sec/owned"
for u in 65534 0; do
	jail -u "$u" --ro-bind "$sec:/s" -- sh -c 'cat /s/key 2>/dev/null || echo denied'
	is "$OUT" denied "-u $u: a root-only 0600 file bound in (--ro-bind) cannot be read"
	jail -u "$u" --bind "$sec:/s" -- sh -c 'cat /s/key 2>/dev/null || echo denied; echo x >>/s/owned 2>/dev/null || echo denied; touch /s/new 2>/dev/null || echo denied'
	is "$(echo "$OUT" | tr '\n' ' ')" "denied denied denied " "-u $u, --bind (read-write mount): root's 0600 file unreadable, root's 0644 file and 0755 directory unwritable"
done
is "$(cat "$sec/owned") $(ls "$sec" | tr '\n' ' ')" "root's key owned " "... and on the host they are as they were"

# The jail's processes, seen from the host: whose they are, and no
# capability in any set.
status_of_jailed() { # status_of_jailed OPTION...: Uid, Gid and caps of the jailed sleep
	local cj p=""
	"$CAPEJAIL" "$@" -- sleep "28.$$" &
	cj=$!
	for _ in $(seq 600); do
		p=$(pgrep -f -x "sleep 28.$$" | head -1)
		[ -n "$p" ] && break
		sleep 0.05
	done
	grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' "/proc/$p/status" | awk '{$1=$1; printf "%s|", $0}'
	# The jail's 0 on the host, from its uid map as the host reads it.
	JAIL0=$(awk '{print $2}' "/proc/$p/uid_map")
	echo "$JAIL0" >"$T_TMP/jail0"
	kill -KILL "$cj"
	{ wait "$cj"; } 2>/dev/null
}
none="CapInh: 0000000000000000|CapPrm: 0000000000000000|CapEff: 0000000000000000|CapBnd: 0000000000000000|CapAmb: 0000000000000000|NoNewPrivs: 1|"
if rootless && ! one_id; then
	n=$(($(sub_start uid) + 65533))
	g=$(($(sub_start gid) + 65533))
	is "$(status_of_jailed)" "Uid: $n $n $n $n|Gid: $g $g $g $g|$none" "rootless with subordinate ids, from the host: the jailed program is the jail's nobody, a subordinate id of the test user, with no capability"
	is "$(status_of_jailed -u 0)" "Uid: $T_UID $T_UID $T_UID $T_UID|Gid: $T_GID $T_GID $T_GID $T_GID|$none" "rootless -u 0, from the host: the jail's 0, the test user, with no capability"
elif rootless; then
	is "$(status_of_jailed)" "Uid: $T_UID $T_UID $T_UID $T_UID|Gid: $T_GID $T_GID $T_GID $T_GID|$none" "rootless, from the host: the jailed program is the test user, with no capability"
	is "$(status_of_jailed -u 0)" "Uid: $T_UID $T_UID $T_UID $T_UID|Gid: $T_GID $T_GID $T_GID $T_GID|$none" "rootless -u 0, from the host: still the test user, with no capability"
else
	# Each jail has host ids of its own (doc/security.md, Host identities): its k is
	# the host's base + k, base in capejail's range (1879048192 on, in
	# steps of 65536, where /etc/subuid has no capejail entry).
	in_range() { [ "$1" -ge 1879048192 ] && [ $((($1 - 1879048192) % 65536)) = 0 ]; }
	OUT=$(status_of_jailed)
	b=$(cat "$T_TMP/jail0")
	is "$OUT" "Uid: $((b + 65534)) $((b + 65534)) $((b + 65534)) $((b + 65534))|Gid: $((b + 65534)) $((b + 65534)) $((b + 65534)) $((b + 65534))|$none" "from the host: the jailed program is the jail's nobody, its own host id $((b + 65534)), with no capability"
	in_range "$b"
	ok $? "... the jail's 0 is $b: in capejail's range, a slot's start"
	OUT=$(status_of_jailed -u 0)
	b=$(cat "$T_TMP/jail0")
	is "$OUT" "Uid: $b $b $b $b|Gid: $b $b $b $b|$none" "-u 0, from the host: the jail's own unprivileged $b, with no capability"
fi

# Files the jail makes in a bind are the jail's user's on the host.
mkdir -m 0777 "$T_TMP/drop"
jail -u 0 --bind "$T_TMP/drop:/d" -- sh -c 'echo x >/d/made'
if rootless; then
	is "$(stat -c %u:%g "$T_TMP/drop/made")" "$T_UID:$T_GID" "rootless -u 0: a file made in a bind belongs to the caller on the host"
else
	u=$(stat -c %u "$T_TMP/drop/made")
	in_range "$u" && [ "$(stat -c %g "$T_TMP/drop/made")" = "$u" ]
	ok $? "-u 0: a file made in a bind belongs to the jail's own unprivileged 0 on the host ($u)"
fi

if rootless; then
	# The caller's processes outside the jail cannot be reached from it,
	# though they have the same uid: they are not in its PID namespace.
	setpriv --reuid="$T_UID" --regid="$T_GID" --clear-groups sleep 27 &
	outside=$!
	jail -- sh -c "kill -KILL $outside 2>/dev/null && echo killed; kill -0 1 && echo own-init-only"
	is "$OUT" "own-init-only" "rootless: a process of the same user outside the jail cannot be signalled"
	ok "$(kill -0 "$outside"; echo $?)" "... and is still alive"
	kill "$outside"
	wait "$outside" 2>/dev/null
	# A setuid-root program in a bind gives nothing rootless either.
	cp /usr/bin/id "$sec/suid-id"
	chmod 4755 "$sec/suid-id"
	jail --ro-bind "$sec:/s" -- /s/suid-id -u
	is "$OUT" 65534 "rootless: a setuid-root binary in a bind runs as the jail's user"
fi

# --share-net: the host's abstract unix sockets stay out of reach (Landlock
# scoping), the jail's own still work.
abi=$(python3 -c 'import ctypes; print(ctypes.CDLL(None).syscall(444, None, 0, 1))')
if [ "$abi" -ge 6 ]; then
	is "$(python3 "$(dirname "$0")/abstract.py" "$CAPEJAIL")" "host 1 own x" "--share-net: the host's abstract socket is refused (EPERM), the jail's own works"
else
	skip "--share-net abstract socket scoping" "this kernel lacks Landlock ABI 6"
	jail --share-net -- true
	is "$RC/$ERR" "0/capejail: warning: --share-net: this kernel cannot keep the jail from the host's abstract unix sockets (Landlock ABI 6, Linux 6.12)" "... and a --share-net run says so, in one line"
fi

# PID 1 is a fork of capejail: its command line (host paths, -e values) is
# not left for the jail to read in /proc/1/cmdline.
mkdir -p "$T_TMP/secret-host-dir"
jail --ro-bind "$T_TMP/secret-host-dir:/data" -e TOKEN=hunter2 -- sh -c 'tr "\0" " " </proc/1/cmdline'
like "$OUT" "^capejail *$" "/proc/1/cmdline says capejail, and nothing of its command line"
# Not even its length: a longer command line, the same 9 bytes.
jail -e TOKEN=hunter2 -- sh -c 'wc -c </proc/1/cmdline'
short=$OUT
jail -e TOKEN=hunter2hunter2hunter2hunter2hunter2hunter2 -e MORE=x -- sh -c 'wc -c </proc/1/cmdline'
is "$short/$OUT" "9/9" "/proc/1/cmdline is 9 bytes whatever the command line's length"
ok "$(echo "$OUT" | grep -q -e secret-host-dir -e hunter2; [ $? = 1 ]; echo $?)" "... no host path, no -e value"
jail -- sh -c 'echo "$0 $1"' arg0 arg1
is "$OUT" "arg0 arg1" "the program still gets its own arguments"

done_testing
