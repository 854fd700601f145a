# lib.sh - TAP helpers for the jail tests (bash). Source it, call the
# assertions, end with done_testing. Needs root, $CAPEJAIL and $PROBE.
#
# CAPEJAIL_TEST_AS=USER runs every capejail of the test as that ordinary
# user (rootless), made with useradd if missing: $CAPEJAIL becomes a wrapper
# that starts a copy of the binary through setpriv with the user's uid and
# gid, and its own group as the only supplementary one (as a login of a
# user in no other group has it). The test itself stays root, so that it
# can prepare roots and check from the host what the jail did.
set -u

: "${CAPEJAIL:?set CAPEJAIL to the capejail binary}"
: "${PROBE:?set PROBE to the static probe}"

T_N=0
T_FAILED=0
T_TMP=$(mktemp -d /var/tmp/capejail-test.XXXXXX)
# Only the test's own shell removes it: a subshell forked for `cmd &` runs
# this EXIT trap too when a signal reaches it before it execs cmd (a
# `kill -TERM $!` on a busy machine), and must not take the directory
# away from the test.
T_SHELL=$BASHPID
trap '[ "$BASHPID" = "$T_SHELL" ] && rm -rf "$T_TMP"' EXIT

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP the jail tests need root"
	exit 0
fi

T_BIN=$CAPEJAIL # the binary itself, even where $CAPEJAIL is a wrapper
T_AS=${CAPEJAIL_TEST_AS:-}
T_UID=0
T_GID=0
if [ -n "$T_AS" ]; then
	if ! id -u "$T_AS" >/dev/null 2>&1; then
		# Another test may be making it at the same moment.
		useradd --system --no-create-home --shell /usr/sbin/nologin \
			--user-group "$T_AS" >/dev/null 2>&1 || id -u "$T_AS" >/dev/null 2>&1 || {
			echo "Bail out! cannot create the test user $T_AS"
			exit 1
		}
	fi
	T_UID=$(id -u "$T_AS")
	T_GID=$(id -g "$T_AS")
	if [ "$T_UID" = 0 ]; then
		echo "Bail out! CAPEJAIL_TEST_AS=$T_AS is root"
		exit 1
	fi
	# The build tree may be out of the user's reach (a private home, a
	# 0700 parent): the user runs a copy from the test's own directory,
	# which it can reach (/var/tmp is 1777) and write (reports, binds).
	chmod 1777 "$T_TMP"
	mkdir -m 0755 "$T_TMP/bin"
	cp "$CAPEJAIL" "$T_TMP/bin/capejail"
	chmod 0755 "$T_TMP/bin/capejail"
	cat >"$T_TMP/bin/as-user" <<EOW
#!/bin/sh
exec setpriv --reuid=$T_UID --regid=$T_GID --groups=$T_GID $T_TMP/bin/capejail "\$@"
EOW
	chmod 0755 "$T_TMP/bin/as-user"
	T_BIN="$T_TMP/bin/capejail"
	CAPEJAIL="$T_TMP/bin/as-user"
	if ! "$CAPEJAIL" --version >/dev/null; then
		echo "Bail out! $T_AS cannot run $T_TMP/bin/capejail"
		exit 1
	fi
	echo "# rootless: capejail runs as $T_AS (uid $T_UID, gid $T_GID)"
fi

# rootless: true when capejail runs as an ordinary user.
rootless() { [ -n "$T_AS" ]; }

# one_id: rootless with only the caller's own uid and gid mapped, so the
# jail's user is the caller (the test user has no subordinate ids here, or
# there is no newuidmap: doc/security.md, Host identities). Else, rootless,
# the jail's ids 1-65535 are the test user's subordinate ids from
# `sub_start uid` and `sub_start gid`. Both as capejail -v says.
one_id() {
	rootless && "$CAPEJAIL" -v -- true 2>&1 | grep -q "host ids: rootless, the jail's user is the caller's own"
}
sub_start() { # sub_start uid|gid
	"$CAPEJAIL" -v -- true 2>&1 | sed -n "s/.*the caller's subordinate ids from uid \([0-9]*\), gid \([0-9]*\) .*/\1 \2/p" |
		awk -v w="$1" '{print (w == "gid" ? $2 : $1)}'
}

ok() { # ok COND-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $T_N - $2"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "not ok $T_N - $2"
	fi
}

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		# To stderr: prove shows it, so a CI log says why.
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | head -20 >&2
	fi
}

like() { # like GOT REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected to match: %s\n' "$1" "$2" | head -20 >&2
	fi
}

# exec_wait PID: until PID is capejail itself (at most 10 s; 1 if not):
# its name, read by a builtin, no fork between the exec and the return for
# its first 2000 looks, then a look every 10 ms (a spin would take the CPU
# from the exec it waits for, on one CPU). `cmd &` forks a bash that runs
# this file's EXIT trap: a signal that reaches it before it execs cmd runs
# bash's handler, and is lost (tried: 4 of 1500 `sleep 3 &` killed at once
# beside stress-ng ran their 3 s). A test of what capejail does with a
# signal sends it once capejail runs.
exec_wait() {
	local comm i=0 end=$((SECONDS + 10))
	while [ "$SECONDS" -le "$end" ]; do
		read -r comm <"/proc/$1/comm" 2>/dev/null || return 1
		[ "$comm" = capejail ] && return 0
		i=$((i + 1))
		[ "$i" -lt 2000 ] || sleep 0.01
	done
	return 1
}

skip() { # skip DESCRIPTION REASON
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" = 0 ]
}

gone() { # gone PID: wait until it is no more (10 s at most)
	for _ in $(seq 200); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

# jail [OPTION]... -- PROGRAM...: run capejail; sets OUT, ERR and RC.
jail() {
	OUT=$("$CAPEJAIL" "$@" 2>"$T_TMP/stderr")
	RC=$?
	ERR=$(cat "$T_TMP/stderr")
}

# A jail root of our own: the static probe, /etc/passwd and /etc/group that
# differ from the host's, and mount points for /proc, /dev and /tmp.
make_root() { # make_root DIR
	local r=$1
	mkdir -p "$r/bin" "$r/etc" "$r/proc" "$r/dev" "$r/tmp" "$r/home/alice"
	chmod 1777 "$r/tmp"
	cp "$PROBE" "$r/bin/probe"
	cat >"$r/etc/passwd" <<'EOP'
root:x:0:0:root:/root:/bin/sh
alice:x:4242:4243:Alice:/home/alice:/bin/probe
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOP
	cat >"$r/etc/group" <<'EOG'
root:x:0:
alice:x:4243:
readers:x:5000:bob,alice
writers:x:5001:alice2
nogroup:x:65534:
EOG
	chown 4242:4243 "$r/home/alice"
}

# The jails' cgroups (capejail.PID; not capejail.slice, which cgroup v2
# jails share and the last one removes) of any controller, but for those of a
# live capejail of another build: other checkouts' tests may run on this
# machine meanwhile. cgroups [DIR [FILE]]: those under DIR (default: every
# hierarchy) that hold FILE (a controller's, e.g. memory.max).
cgroups() {
	local d p
	find "${1:-/sys/fs/cgroup}" -maxdepth 7 -name 'capejail.[0-9]*' 2>/dev/null | while read -r d; do
		p=${d##*.}
		[ -e "/proc/$p" ] && [ "$(readlink "/proc/$p/exe")" != "$(readlink -f "$T_BIN")" ] && continue
		[ -z "${2:-}" ] || [ -e "$d/$2" ] || continue
		echo "$d"
	done | wc -l
}

# jail_cgroups FILE PID...: how many cgroups of these capejails (by their
# PIDs) have FILE, in any hierarchy. A count of only this test's jails:
# another capejail killed elsewhere on the machine may have left its own.
jail_cgroups() {
	local f=$1 p
	shift
	for p in "$@"; do
		find /sys/fs/cgroup -maxdepth 7 -name "capejail.$p" 2>/dev/null | while read -r d; do
			[ -e "$d/$f" ] && echo "$d"
		done
	done | wc -l
}

# What a run of capejail could leave on the host and must not: a mount in
# the host's table of a kind capejail makes (proc, tmpfs, devpts, mqueue,
# or any under the test's directory, where its roots and binds are), a
# file or directory named like capejail's in /tmp or /var/tmp (the tests'
# own directories apart), a cgroup of this build. What other processes of
# a busy machine do in /tmp or to unrelated mounts is not capejail's, nor
# what other tests (another checkout's, at the same time) mount in their
# own capejail-test directories.
host_state() {
	{
		sed 's/^[0-9]* [0-9]* //' /proc/self/mountinfo |
			awk -v t="$T_TMP" 'index($3, t) != 1 && $3 ~ "^/(var/)?tmp/capejail-test" { next } index($3, t) == 1 || / - (proc|tmpfs|devpts|mqueue|cgroup2?|overlay) / || /capejail/' | sort
		ls /var/tmp /tmp 2>/dev/null | grep capejail | grep -v '^capejail-test' | sort
		cgroups
	} | md5sum
}

# capejail processes still alive that this test started (a zombie is dead:
# the host's init reaps those of a capejail that was itself killed; older
# ones, and other builds' (another checkout's tests), belong to someone
# else). $T_BIN: the binary itself, also where $CAPEJAIL is a wrapper.
T_START=$(date +%s)
live_capejails() {
	local age=$(($(date +%s) - T_START + 1))
	ps -C capejail -o stat=,etimes=,args= |
		awk -v a="$age" -v bin="$T_BIN" '$1 !~ /^Z/ && $2 <= a && $3 == bin' | wc -l
}
