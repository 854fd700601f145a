#!/bin/bash
# A host identity per jail (doc/security.md, Host identities): as root, each jail has 65536
# host uids and gids of its own, taken from capejail's range and held by a
# lock until the jail is gone; its user namespace belongs to its own 0, so
# what it takes of per-user budgets is charged to it, not to host root.
# Rootless, the jail's users are the caller's subordinate ids where it has
# them (newuidmap), else the caller itself. Checked from the host.
. "$(dirname "$0")/lib.sh"

# The owner of a process's user namespace (ioctl NS_GET_OWNER_UID), and
# whether byte B of capejail's lock file is free (an OFD lock is taken and
# dropped again), from the host.
ns_owner() {
	python3 -c 'import fcntl, os, struct, sys
fd = os.open("/proc/%s/ns/user" % sys.argv[1], os.O_RDONLY)
b = bytearray(4)
fcntl.ioctl(fd, 0xb704, b)
print(struct.unpack("I", b)[0])' "$1"
}
id_free() {
	python3 -c 'import fcntl, os, struct, sys
fd = os.open("/run/capejail/ids.lock", os.O_RDWR)
try:
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi", fcntl.F_WRLCK, 0, int(sys.argv[1]), 1, 0))
except OSError:
    print("held")
else:
    print("free")' "$1"
}
# The pid of the jailed process whose command line is exactly $1.
jailed_pid() {
	local p=""
	for _ in $(seq 600); do
		p=$(pgrep -f -x "$1" | head -1)
		[ -n "$p" ] && [ -r "/proc/$p/uid_map" ] && break
		sleep 0.05
	done
	echo "$p"
}
jail0() { awk '{print $2}' "/proc/$1/uid_map"; }
uid_of() { awk '/^Uid:/ {print $2}' "/proc/$1/status"; }
gid_of() { awk '/^Gid:/ {print $2}' "/proc/$1/status"; }
# /etc/subuid and /etc/subgid, read in a mount namespace of the test's own
# where they are files of the test (the host's stay as they are).
with_subids() { # with_subids SUBUID SUBGID CAPEJAIL-ARGS...: in a subshell (it execs)
	printf '%s' "$1" >"$T_TMP/subuid"
	printf '%s' "$2" >"$T_TMP/subgid"
	shift 2
	exec unshare -m --propagation private sh -c 'mount --bind "$1" /etc/subuid && mount --bind "$2" /etc/subgid && shift 2 && exec "$@"' \
		sh "$T_TMP/subuid" "$T_TMP/subgid" "$CAPEJAIL" "$@"
}
# One fd passed, by a process with the soft RLIMIT_NOFILE of most
# sessions (1024): the kernel refuses it when its user has more in flight.
pass_one='import array, os, resource, socket
resource.setrlimit(resource.RLIMIT_NOFILE, (1024, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [os.open("/dev/null", os.O_RDONLY)]))])
print("passed")'
# A jail that keeps all the fds in flight its user may (it raises its
# soft RLIMIT_NOFILE to the hard one); it writes what it held into $1.
hold_fds='import array, os, resource, socket, sys, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
fds = array.array("i", [os.open("/dev/null", os.O_RDONLY) for _ in range(200)])
sent, why = 0, "none"
while True:
    try:
        a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        sent += len(fds)
    except OSError as e:
        why = "ETOOMANYREFS" if e.errno == 109 else str(e.errno)
        break
open(sys.argv[1], "w").write("%d %s" % (sent, why))
time.sleep(60)'
wait_file() { # wait_file FILE: until it is not empty (30 s at most)
	for _ in $(seq 600); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

if rootless; then
	if [ ! -u /usr/bin/newuidmap ] || [ ! -u /usr/bin/newgidmap ]; then
		skip "rootless with the caller's subordinate ids" "no setuid /usr/bin/newuidmap and newgidmap (Debian: uidmap; tools/install-deps.sh installs it)"
		done_testing
		exit
	fi
	sub="$T_AS:300000:65536
"
	# Two jails at once: the caller's subordinate ids, not the caller.
	with_subids "$sub" "$sub" -- sleep "43.$$" &
	a=$!
	with_subids "$sub" "$sub" -u 1000 -- sleep "44.$$" &
	b=$!
	pa=$(jailed_pid "sleep 43.$$")
	pb=$(jailed_pid "sleep 44.$$")
	is "$(uid_of "$pa")/$(gid_of "$pa")" "$((300000 + 65533))/$((300000 + 65533))" "rootless, the caller has subordinate ids: the jail's nobody is one of them on the host (the jail's 1 is the range's first), not the caller ($T_UID)"
	is "$(ps -o uid= -p "$pa" | tr -d ' ')/$(uid_of "$pb")" "$((300000 + 65533))/$((300000 + 999))" "... as ps shows it; another jail's -u 1000 is another of them"
	is "$(awk '/^Groups:/ {print $2 $3}' "/proc/$pa/status")" "$((300000 + 65533))" "... and its groups are its own: the caller's are gone"
	is "$(ns_owner "$pa")" "$T_UID" "... in a user namespace of the caller's (its 0)"
	is "$(awk 'NR == 2 {print $1, $2, $3}' "/proc/$pa/uid_map")" "1 300000 65535" "... whose ids 1-65535 are the subordinate ids"
	kill -TERM "$a" "$b"
	{ wait "$a" "$b"; } 2>/dev/null
	ok "$(pgrep -f '^/usr/bin/new[ug]idmap' >/dev/null; [ $? = 1 ]; echo $?)" "no newuidmap or newgidmap is left"

	# The per-user budgets counted by host uid are the subordinate id's:
	# while a jail keeps all the fds in flight it may, the caller still
	# passes one; with --rootless-ids caller (the jail's user is the caller)
	# it cannot, which is why subordinate ids are the default.
	mkdir -m 0777 "$T_TMP/f"
	with_subids "$sub" "$sub" --rootless-ids subordinate -w "$T_TMP/f" -- python3 -c "$hold_fds" held &
	cj=$!
	wait_file "$T_TMP/f/held"
	like "$(cat "$T_TMP/f/held")" "^[0-9]+ ETOOMANYREFS$" "a rootless jail keeps as many fds in flight as the kernel lets its user ($(cat "$T_TMP/f/held"))"
	is "$(setpriv --reuid="$T_UID" --regid="$T_GID" --clear-groups /usr/bin/python3 -c "$pass_one" 2>&1)" passed "... meanwhile the caller passes an fd"
	kill -TERM "$cj"
	{ wait "$cj"; } 2>/dev/null
	rm -f "$T_TMP/f/held"
	with_subids "$sub" "$sub" --rootless-ids caller -w "$T_TMP/f" -- python3 -c "$hold_fds" held &
	cj=$!
	wait_file "$T_TMP/f/held"
	like "$(setpriv --reuid="$T_UID" --regid="$T_GID" --clear-groups /usr/bin/python3 -c "$pass_one" 2>&1)" "Too many references" "control: with --rootless-ids caller the same jail leaves the caller none"
	kill -TERM "$cj"
	{ wait "$cj"; } 2>/dev/null

	# What a read-write bind's files belong to.
	mkdir -m 0777 "$T_TMP/w"
	(with_subids "$sub" "$sub" -w "$T_TMP/w" -- sh -c 'echo x >auto')
	(with_subids "$sub" "$sub" --rootless-ids subordinate -w "$T_TMP/w" -- sh -c 'echo x >sub')
	is "$(stat -c %u "$T_TMP/w/auto")/$(stat -c %u "$T_TMP/w/sub")" "$T_UID/$((300000 + 65533))" "a read-write bind: the jail's user is the caller (its files are the caller's), unless --rootless-ids subordinate"
	OUT=$(with_subids "$sub" "$sub" -v -w "$T_TMP/w" -- true 2>&1)
	like "$OUT" "host ids: rootless, the jail's user is the caller's own uid and gid: a read-write bind" "... and -v says why"

	# Where subordinate ids are not: the caller, and -v says why; asked
	# for, one line and 125.
	with_subids "" "" -- sleep "45.$$" &
	a=$!
	pa=$(jailed_pid "sleep 45.$$")
	is "$(uid_of "$pa")" "$T_UID" "no entry for the caller in /etc/subuid: the jail's user is the caller"
	kill -TERM "$a"
	{ wait "$a"; } 2>/dev/null
	OUT=$(with_subids "" "" -v -- true 2>&1)
	like "$OUT" "host ids: rootless, the jail's user is the caller's own uid and gid: the caller has no subordinate ids" "... and -v says why"
	OUT=$(with_subids "" "" --rootless-ids subordinate -- true 2>&1)
	is "$?/$OUT" "125/capejail: --rootless-ids subordinate: /etc/subuid has no entry for $T_AS (uid $T_UID)" "--rootless-ids subordinate without an entry: 125, one line"
	OUT=$(with_subids "$T_UID:300000:65536
" "$T_AS:400000:65536
" -- cat /proc/self/gid_map 2>&1)
	like "$OUT" "1 +400000 +65535" "an entry may name the caller by uid (/etc/subuid) or by name (/etc/subgid)"
	small="$T_AS:300000:1000
"
	OUT=$(with_subids "$small" "$small" -v -- true 2>&1)
	like "$OUT" "fewer than 65535 subordinate ids" "fewer than the jail's 65535 ids: the caller (auto), and -v says why"
	OUT=$(with_subids "$small" "$small" --rootless-ids subordinate -u 500 -- id -u 2>&1)
	is "$?/$OUT" "0/500" "--rootless-ids subordinate maps the fewer ids there are: -u 500 runs"
	OUT=$(with_subids "$small" "$small" --rootless-ids subordinate -- true 2>&1)
	is "$?/$OUT" "125/capejail: --user nobody: uid 65534 gid 65534: a jail has the ids 0-1000 only" "... and a user beyond them is 125, one line"
	OUT=$(with_subids "$T_AS:300000
" "$sub" --rootless-ids subordinate -- true 2>&1)
	is "$?/$OUT" "125/capejail: /etc/subuid: the line of $T_AS (uid $T_UID) is not NAME:START:COUNT" "a broken line: 125, one line"
	jail --rootless-ids nope -- true
	is "$RC/$ERR" "125/capejail: --rootless-ids nope: expected auto, caller or subordinate" "--rootless-ids nope: 125, one line"
	done_testing
	exit
fi

# Two jails at once.
"$CAPEJAIL" -- sleep "40.$$" &
a=$!
"$CAPEJAIL" -- sleep "41.$$" &
b=$!
pa=$(jailed_pid "sleep 40.$$")
pb=$(jailed_pid "sleep 41.$$")
ba=$(jail0 "$pa")
bb=$(jail0 "$pb")
is "$(uid_of "$pa")/$(uid_of "$pb")" "$((ba + 65534))/$((bb + 65534))" "two jails at once: each one's nobody is its own host uid ($((ba + 65534)), $((bb + 65534)))"
ok "$([ "$ba" != "$bb" ] && [ $(((ba - bb) % 65536)) = 0 ]; echo $?)" "... in different slots of capejail's range ($ba, $bb)"
is "$(ps -o uid= -p "$pa" | tr -d ' ')" "$((ba + 65534))" "... as ps shows it"
is "$(ns_owner "$pa")/$(ns_owner "$pb")" "$ba/$bb" "each jail's user namespace belongs to the jail's own 0, not to root"
is "$(id_free "$ba")/$(id_free "$bb")" "held/held" "their ids are held while they run"
kill -TERM "$a"
wait "$a"
is "$(id_free "$ba")" "free" "a jail that ended gave its ids back"
kill -KILL "$b"
{ wait "$b"; } 2>/dev/null
gone "$pb"
is "$(id_free "$bb")" "free" "a capejail that was killed (SIGKILL) gave its ids back"

# Budgets the kernel keeps per user: a jail that takes all the inotify
# instances it can leaves host root its own (they are charged to the
# jail's 0 on the host, the owner of its namespace).
mkdir -m 0777 "$T_TMP/w"
"$CAPEJAIL" -w "$T_TMP/w" -- python3 -c '
import ctypes, time
libc = ctypes.CDLL(None, use_errno=True)
n = 0
while libc.inotify_init1(0) >= 0:
    n += 1
open("held", "w").write(str(n))
time.sleep(60)' &
cj=$!
wait_file "$T_TMP/w/held"
held=$(cat "$T_TMP/w/held" 2>/dev/null)
OUT=$(python3 -c 'import ctypes; print("ok" if ctypes.CDLL(None).inotify_init1(0) >= 0 else "failed")')
is "$OUT" ok "while a jail holds all the inotify instances it may ($held: its own namespace's limit, charged to its own 0 on the host), host root can still make one"
kill -TERM "$cj"
{ wait "$cj"; } 2>/dev/null

# Fds in flight over unix sockets are counted per host user: a jail that
# keeps all it may in flight leaves another jail, and the host's nobody,
# able to pass one.
mkdir -m 0777 "$T_TMP/f"
"$CAPEJAIL" -w "$T_TMP/f" -- python3 -c "$hold_fds" held &
cj=$!
wait_file "$T_TMP/f/held"
like "$(cat "$T_TMP/f/held")" "^[0-9]+ ETOOMANYREFS$" "a jail keeps as many fds in flight as the kernel lets its user ($(cat "$T_TMP/f/held"))"
jail -- python3 -c "$pass_one"
is "$RC/$OUT" "0/passed" "... meanwhile another jail passes an fd"
is "$(setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c "$pass_one" 2>&1)" passed "... and so does the host's nobody"
kill -TERM "$cj"
{ wait "$cj"; } 2>/dev/null

# The jail's ids are 0-65535: a user beyond them is an error, and a -r
# root's passwd names jail ids, never host ids.
jail -u 70000 -- true
is "$RC/$ERR" "125/capejail: --user 70000: uid 70000 gid 70000: a jail has the ids 0-65535 only" "-u 70000: 125, one line"
make_root "$T_TMP/root"
sed -i 's/^nobody:x:65534:65534:/nobody:x:60101:60101:/' "$T_TMP/root/etc/passwd"
"$CAPEJAIL" -r "$T_TMP/root" -- /bin/probe sys 34 &
cj=$!
p=$(jailed_pid "/bin/probe sys 34")
base=$(jail0 "$p")
is "$(uid_of "$p")" "$((base + 60101))" "a -r root's nobody of uid 60101 is the jail's 60101, host uid $((base + 60101)), not the host's 60101"
kill -KILL "$cj"
{ wait "$cj"; } 2>/dev/null

# The range: capejail's entry in /etc/subuid and /etc/subgid.
one="capejail:3000000000:65536
"
with_subids "$one" "$one" -- sleep "42.$$" &
cj=$!
p=$(jailed_pid "sleep 42.$$")
is "$(jail0 "$p")" 3000000000 "capejail's entry in /etc/subuid and /etc/subgid is its range"
OUT=$(with_subids "$one" "$one" -- true 2>&1)
is "$?/$OUT" "125/capejail: no free jail ids: all 1 ranges of /etc/subuid's capejail entry are held by running jails" "a range with room for one jail: a second one at the same time is refused, 125, one line"
kill -KILL "$cj"
{ wait "$cj"; } 2>/dev/null
gone "$p"
OUT=$(with_subids "$one" "$one" -u 70000 -- true 2>&1)
OUT=$(with_subids "$one" "$one" -- id -u 2>&1)
is "$?/$OUT" "0/65534" "... and runs once the first is gone, also after a failed run"
OUT=$(with_subids "alice:1879048192:65536
" "" -- true 2>&1)
is "$?/$OUT" "125/capejail: /etc/subuid: \"alice:1879048192:65536\" overlaps capejail's built-in jail ids 1879048192-1946157055: give capejail a range of its own (a line capejail:START:COUNT in /etc/subuid and /etc/subgid)" "another user's subordinate ids in the built-in range: refused, 125, one line"
OUT=$(with_subids "$one" "" -- true 2>&1)
is "$?/$OUT" "125/capejail: /etc/subuid has a capejail range and /etc/subgid has none: give it one in both" "a range for uids only: refused"
OUT=$(with_subids "capejail:3000000000:1000
" "$one" -- true 2>&1)
is "$?/$OUT" "125/capejail: /etc/subuid: the capejail range must hold at least 65536 ids (one jail's) below 2^32-1" "a range smaller than one jail's: refused"

done_testing
