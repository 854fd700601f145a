#!/bin/bash
# guest.sh - the VM's second stage (tools/vm/init switches to a root of the
# host's /usr and /etc and runs this). cgroup v2 alone; capejail's tests
# from the places a systemd host puts them:
#   root      the root cgroup (no manager);
#   session   a login's leaf, /user.slice/user-0.slice/session-1.scope,
#             with the controllers enabled down to user-0.slice only, as
#             systemd has them;
#   delegated rootless, in the user manager's subtree, user@UID.service
#             owned by the test user (and app.slice/run-test.scope below
#             it); as root, in a subtree marked delegated (trusted.delegate,
#             as systemd's Delegate=yes marks it).
# VM_SET (kernel command line capejail.set=): full, `make test` in every
# place; ci, `make test` from the root cgroup and the cgroup tests from the
# others; cgroup, the cgroup tests from every place; core, a few jail tests
# (the aarch64 run). Writes TAP per place to
# /out and a summary line; powers off.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
SRC=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^capejail.src=//p')
OUT=/out
SET=ci
BUILD=build
FILES=
for a in $(</proc/cmdline); do
	case $a in
	capejail.set=*) SET=${a#capejail.set=} ;;
	capejail.build=*) BUILD=${a#capejail.build=} ;;
	capejail.files=*) FILES=${a#capejail.files=} ;;
	esac
done
say() { echo "vm: $*" | tee -a "$OUT/console.log" >/dev/console; }
finish() {
	sync
	echo o >/proc/sysrq-trigger 2>/dev/null
	poweroff -f
}

mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777 shm /dev/shm
mount -t mqueue mqueue /dev/mqueue
# What udev would make: bash's <(...) needs /dev/fd.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || {
	say "cannot mount cgroup2"
	finish
}
hostname capejail-vm 2>/dev/null
ip link set lo up 2>/dev/null
ulimit -n 65536
say "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) MB, cgroup v2: $(cat /sys/fs/cgroup/cgroup.controllers)"

cd "$SRC" || finish
TEST_USER=capejail-test
if ! id -u $TEST_USER >/dev/null 2>&1; then
	if command -v useradd >/dev/null; then
		useradd --system --no-create-home --shell /usr/sbin/nologin --user-group $TEST_USER
	else # a userland without passwd (another architecture's)
		echo "$TEST_USER:x:990:990::/nonexistent:/usr/sbin/nologin" >>/etc/passwd
		echo "$TEST_USER:x:990:" >>/etc/group
	fi
fi
TUID=$(id -u $TEST_USER)
CG=/sys/fs/cgroup
ROOTLESS_T=()
for t in tests/jail/*.t; do ROOTLESS_T+=("build/rootless/${t##*/}"); done
UNIT=(build/tests/test_*)
CGROUP_T=(tests/jail/20-isolation.t tests/jail/65-limits.t tests/jail/92-redteam-supervisor.t tests/jail/95-report.t tests/jail/97-timings.t)
CORE_T=(tests/jail/10-exit-status.t tests/jail/20-isolation.t tests/jail/30-identity.t tests/jail/40-policy.t tests/jail/65-limits.t)
# Known failures of a test file on this architecture, with why: a TODO in
# the TAP (prove counts it, does not fail on it). "FILE why".
TODO=
if [ "$(uname -m)" = aarch64 ]; then
	TODO="tests/jail/40-policy.t x86 assumptions in the test: chroot's number (161), __NR3264_ names from asm-generic, x32 numbering"
fi
export CAPEJAIL=$SRC/capejail PROBE=$SRC/build/tests/probe
if [ "$BUILD" != build ]; then # a cross-built capejail (make cross-aarch64)
	CAPEJAIL=$SRC/$BUILD/capejail PROBE=$SRC/$BUILD/tests/probe
fi

enable() { # enable CGROUP: the controllers, for its children
	echo "+pids +memory +cpu" >"$1/cgroup.subtree_control"
}
into() { echo $BASHPID >"$1/cgroup.procs"; }

# prove FILE... from cgroup DIR, as place NAME: its output to
# $OUT/NAME.prove, one TAP line per test file to $OUT/NAME.tap.
run() { # run NAME DIR [ENV=VALUE]... -- FILE...
	local name=$1 dir=$2 start
	shift 2
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	say "$name: ${#@} test files from ${dir#"$CG"}"
	start=$(date +%s)
	# stdin not the console (a terminal): as under CI, the tests' stdin
	# is no tty (70-conformance's TCGETS on fd 0 expects ENOTTY).
	(into "$dir" && exec env "${envs[@]}" prove --failures --exec '' "$@" </dev/null) >"$OUT/$name.prove" 2>&1
	echo "# $name: $(($(date +%s) - start)) s" >>"$OUT/$name.prove"
	# prove's lines: "FILE .. ok" or "FILE .. Failed N/M subtests" etc.
	awk -v p="$name" -v todo="$TODO" '
		/^[^ ]+\.t \.\.+ / {
			f = $1; st = $0; sub(/^[^ ]+ \.+ /, "", st)
			if (st ~ /^ok/) print "ok - " p ": " f (st ~ /skipped/ ? " # SKIP " st : "")
			else if (todo != "" && index(todo, f " ") == 1) print "not ok - " p ": " f " # TODO" substr(todo, length(f) + 1)
			else print "not ok - " p ": " f " (" st ")"
		}
		/^Result: / { print "# " p ": " $0 }' "$OUT/$name.prove" >"$OUT/$name.tap"
	# A file prove saw fail after its own line (the verbose failure list).
	say "$name: $(tail -1 "$OUT/$name.prove")  $(grep -c '^not ok' "$OUT/$name.tap") failed"
}

# Nothing of capejail's left in the hierarchy after a place's tests.
left_over() { # left_over NAME
	local n
	n=$(find $CG -name 'capejail.*' | wc -l)
	if [ "$n" = 0 ]; then
		echo "ok - $1: no capejail cgroup left" >>"$OUT/$1.tap"
	else
		echo "not ok - $1: no capejail cgroup left ($(find $CG -name 'capejail.*' | tr '\n' ' '))" >>"$OUT/$1.tap"
	fi
}

case $SET in
full)
	ALL=("${UNIT[@]}" tests/jail/*.t "${ROOTLESS_T[@]}" tests/*.t)
	SOME=("${ALL[@]}")
	ROOTLESS_SOME=("${ROOTLESS_T[@]}")
	;;
cgroup)
	ALL=("${CGROUP_T[@]}" "${CGROUP_T[@]/tests\/jail/build/rootless}")
	SOME=("${ALL[@]}")
	ROOTLESS_SOME=("${CGROUP_T[@]/tests\/jail/build/rootless}")
	;;
core)
	ALL=("${CORE_T[@]}")
	SOME=()
	ROOTLESS_SOME=()
	;;
*)
	ALL=("${UNIT[@]}" tests/jail/*.t "${ROOTLESS_T[@]}" tests/*.t)
	SOME=("${CGROUP_T[@]}" "${CGROUP_T[@]/tests\/jail/build/rootless}")
	ROOTLESS_SOME=("${CGROUP_T[@]/tests\/jail/build/rootless}")
	;;
esac

if [ -n "$FILES" ]; then # VM_FILES (run.sh): these alone
	IFS=, read -r -a ALL <<<"$FILES"
	SOME=()
fi

# 1. The root cgroup.
run root $CG -- "${ALL[@]}"
left_over root

if [ ${#SOME[@]} -gt 0 ]; then
	# 2. A login's session scope, as systemd-logind makes it.
	enable $CG
	mkdir -p $CG/user.slice/user-0.slice/session-1.scope
	enable $CG/user.slice
	enable $CG/user.slice/user-0.slice
	run session $CG/user.slice/user-0.slice/session-1.scope -- "${SOME[@]}"
	left_over session

	# 3. Delegated. Rootless: user@UID.service is the user's, as the
	# system manager hands it to the user manager (the directory and its
	# cgroup.procs, cgroup.subtree_control and cgroup.threads), and what
	# is below it the user's too. As root: a service's cgroup marked
	# delegated (systemd's trusted.delegate), capejail run in a leaf of it.
	U=$CG/user.slice/user-$TUID.slice/user@$TUID.service
	mkdir -p "$U/app.slice/run-test.scope"
	enable "$CG/user.slice/user-$TUID.slice"
	enable "$U"
	chown "$TUID" "$U" "$U/cgroup.procs" "$U/cgroup.subtree_control" "$U/cgroup.threads"
	chown -R "$TUID" "$U/app.slice"
	run delegated "$U/app.slice/run-test.scope" -- "${ROOTLESS_SOME[@]}"
	S=$CG/system.slice/payload.service
	mkdir -p $S/main
	enable $CG/system.slice
	python3 -c 'import os, sys; os.setxattr(sys.argv[1], "trusted.delegate", b"1")' $S
	if [ "$SET" = full ]; then
		run delegated-root $S/main -- "${UNIT[@]}" tests/jail/*.t tests/*.t
	else
		run delegated-root $S/main -- "${CGROUP_T[@]}"
	fi
	left_over delegated
fi

# The results: every place's TAP, numbered, and one summary line.
for p in root session delegated-root delegated; do cat "$OUT/$p.tap" 2>/dev/null; done | grep -E '^(ok|not ok)' | awk '{ sub(/^ok/, "ok " NR); sub(/^not ok/, "not ok " NR); print } END { print "1.." NR }' >"$OUT/all.tap"
pass=$(grep -c '^ok' "$OUT/all.tap")
todo=$(grep '^not ok' "$OUT/all.tap" | grep -c '# TODO')
failn=$(grep '^not ok' "$OUT/all.tap" | grep -vc '# TODO')
summary="$pass passed, $failn failed"
[ "$todo" = 0 ] || summary="$summary, $todo known failures (TODO)"
echo "$summary" >"$OUT/summary"
say "done: $summary"
finish
