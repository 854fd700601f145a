#!/bin/bash
# Limits that hold for the whole jail: memory, processes, CPU, wall time,
# file size; bad limits refused; no cgroup left behind.
. "$(dirname "$0")/lib.sh"

# forker N [OPTION]...: fork up to N children in a jail, each alive until
# the forking is over (not for a set time: on a slow machine the first
# would end before the last was made, and free their places for more);
# OUT is how many it got.
forker_py='
import os, sys
r, w = os.pipe()
n = 0
for i in range(int(sys.argv[1])):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.close(w)
        os.read(r, 1)
        os._exit(0)
    n += 1
print(n)'
forker() {
	local n=$1
	shift
	jail "$@" -- python3 -c "$forker_py" "$n"
}

# cgroup v2 (V2 set) where the unified hierarchy has the controllers, as
# capejail decides; OWN: the test's own cgroup v2 (and capejail's: it runs
# as the test's child), without the leading slash.
CG=/sys/fs/cgroup
V2=
if grep -qw pids $CG/cgroup.controllers 2>/dev/null && grep -qw memory $CG/cgroup.controllers &&
	grep -qw cpu $CG/cgroup.controllers; then
	V2=1
fi
OWN=$(awk -F: '$1 == 0 && $2 == "" {print substr($3, 2)}' /proc/self/cgroup)
# Is the cgroup v2 DIR marked delegated by systemd (Delegate=yes)?
marked() {
	python3 -c 'import os, sys
d = sys.argv[1]
sys.exit(0 if any(os.getxattr(d, n)[:1] == b"1" for n in ("trusted.delegate", "user.delegate") if n in os.listxattr(d)) else 1)' "$1" 2>/dev/null
}
# Where capejail puts the jail's cgroup v2 (cgroup.h's order): WHERE.
# Rootless, DELEG: the delegated cgroup above the test's own with the
# controllers, if there is one (the user's own, nearest first).
WHERE=
DELEG=
if [ -n "$V2" ]; then
	if rootless; then
		d=$OWN
		while [ "${d%/*}" != "$d" ]; do
			d=${d%/*}
			[ "$(stat -c %u "$CG/$d")" = "$T_UID" ] || break
			if grep -qw pids "$CG/$d/cgroup.controllers" && grep -qw memory "$CG/$d/cgroup.controllers"; then
				DELEG=$CG/$d
				break
			fi
		done
		WHERE=$DELEG
	elif [ -z "$OWN" ]; then
		WHERE=$CG
	else
		WHERE=$CG/capejail.slice
		d=$OWN
		while [ "${d%/*}" != "$d" ]; do
			d=${d%/*}
			# Root's: a user's cgroup is the user's to rearrange.
			if [ "$(stat -c %u "$CG/$d")" = 0 ] && marked "$CG/$d"; then WHERE=$CG/${OWN%/*}; fi
		done
	fi
fi
# Can capejail set cgroup limits here? As root, yes; rootless, in a
# delegated cgroup v2 subtree (the v1 one is made further down).
limits_here() { ! rootless || [ -n "$DELEG" ]; }

# A run with a cgroup first: it sweeps what capejails killed by earlier
# tests left. (A run without limits that need one makes no cgroup; on v1
# a run sweeps the hierarchies it uses: all four as root.)
if ! limits_here; then
	jail -- true
elif [ -z "$V2" ] && ! rootless; then
	jail --pids 512 --cpus 2 --cpu-time 3600 -- true
else
	jail --pids 512 -- true
fi
before=$(cgroups)

# Rootless, no cgroup is writable here unless one is delegated (below):
# a cgroup limit asked for is an error that names the privilege, and on
# cgroup v2 the cgroup above which none was found.
no_cgroup() { # no_cgroup OPTION CONTROLLER
	if [ -n "$V2" ]; then
		local with=" with the $2 controller"
		[ "$2" = cpuacct ] && with=
		echo "capejail: $1: needs root or a cgroup delegated to uid $T_UID$with (none above /$OWN; systemd-run --user --scope -p Delegate=yes makes one)"
		return
	fi
	echo "capejail: $1: needs root or a $2 cgroup delegated to uid $T_UID (rootless, no writable one here)"
}

memory_tests() {
	jail --memory 64M -- python3 -c 'x = bytearray(256 * 1024 * 1024); print("allocated")'
	is "$RC" 137 "a 256 MB allocation under --memory 64M is killed (SIGKILL)$1"
	is "$ERR" "capejail: out of memory: the jail reached --memory (67108864 bytes) and the kernel killed a process in it" "... and reported as out of memory"
	jail --memory 256M -- python3 -c 'x = bytearray(64 * 1024 * 1024); print("allocated")'
	is "$RC/$OUT" "0/allocated" "64 MB under --memory 256M is fine$1"
}
pids_tests() {
	forker 300 --pids 64
	ok "$([ "$RC" = 0 ] && [ "$OUT" -le 63 ] && [ "$OUT" -ge 50 ]; echo $?)" "a fork bomb under --pids 64 gets at most 63 children besides init ($OUT), and the run ends cleanly$1"
}
if ! limits_here; then
	jail --memory 64M -- true
	is "$RC/$ERR" "125/$(no_cgroup --memory memory)" "rootless --memory without a delegated cgroup: 125, naming the privilege"
	jail --pids 64 -- true
	is "$RC/$ERR" "125/$(no_cgroup --pids pids)" "rootless --pids without a delegated cgroup: 125, naming the privilege"
elif rootless; then
	memory_tests " (rootless, delegated cgroup v2 $DELEG)"
	pids_tests " (rootless, delegated cgroup v2)"
else
	memory_tests ""
	pids_tests ""
fi

# cgroup v2: the jail's cgroup is where cgroup.h says, holds the limit,
# and goes with the jail (and capejail.slice with its last jail).
if [ -n "$V2" ] && limits_here; then
	# Until the test ends it (SIGTERM, which capejail passes on): a jail
	# that ends by itself could end before a slow machine looks.
	"$CAPEJAIL" --memory 64M -- sleep 20 &
	p=$!
	for _ in $(seq 150); do
		[ -e "$WHERE/capejail.$p/memory.max" ] && break
		sleep 0.1
	done
	is "$(cat "$WHERE/capejail.$p/memory.max" 2>&1)" 67108864 "cgroup v2 from /$OWN: the jail's cgroup is $WHERE/capejail.PID, with its memory.max"
	kill -TERM $p
	wait $p
	ok "$([ ! -e "$WHERE/capejail.$p" ]; echo $?)" "... and it is removed afterwards"
	if [ "$WHERE" = "$CG/capejail.slice" ]; then
		if [ "$(cgroups "$WHERE")" = 0 ]; then
			ok "$([ ! -e "$WHERE" ]; echo $?)" "... and capejail.slice with it, its last jail"
		else
			skip "... and capejail.slice with it, its last jail" "another capejail's jail is in it"
		fi
	fi
fi

# The default memory limit: half of the host's memory, at most 4 GiB.
half=$(($(getconf _PHYS_PAGES) / 2 * $(getconf PAGESIZE)))
def_mem=$((half < 4294967296 ? half : 4294967296))
# As -v writes a size: in the largest of G, M, K that divides it.
def_size=$def_mem
for u in K:1024 M:1048576 G:1073741824; do
	[ $((def_mem % ${u#*:})) = 0 ] && def_size="$((def_mem / ${u#*:}))${u%:*}"
done
jail -v -- true
like "$ERR" "limits: 512 processes \(RLIMIT_NPROC\), memory $def_size \(the default" "-v shows the default memory limit ($def_size)"
jail -v --memory unlimited -- true
like "$ERR" "limits: 512 processes \(RLIMIT_NPROC\), memory unlimited" "--memory unlimited lifts it (-v)"
if ! limits_here; then
	jail -v -- sh -c 'ulimit -d'
	is "$OUT" "$((def_mem / 1024))" "rootless without a delegated cgroup: the default memory limit is RLIMIT_DATA"
	like "$ERR" "capejail: memory: no memory cgroup here \(rootless, none delegated\): the default limit is RLIMIT_DATA of $def_size per process, not of the whole jail" "... and -v says so"
	jail -- python3 -c "
try:
    x = bytearray($def_mem + (64 << 20))
except MemoryError:
    print('MemoryError')"
	is "$RC/$OUT" "0/MemoryError" "... an allocation above it fails"
	jail --memory unlimited -- sh -c 'ulimit -d'
	is "$OUT" "$(ulimit -d)" "rootless --memory unlimited: RLIMIT_DATA is the caller's"
else
	# Both running until the test ends them (a slow machine may take
	# seconds to start them; they must not end before it looks).
	"$CAPEJAIL" -- sleep 19.$$ &
	a=$!
	"$CAPEJAIL" --memory unlimited -- sleep 19.$$ &
	b=$!
	for _ in $(seq 150); do # both programs running: their cgroups made
		[ "$(pgrep -fc "^sleep 19.$$")" = 2 ] && break
		sleep 0.1
	done
	mfile=memory.max
	[ -d /sys/fs/cgroup/memory ] && mfile=memory.limit_in_bytes
	is "$(jail_cgroups "$mfile" $a)/$(jail_cgroups "$mfile" $b)" 1/0 "a default jail has a memory cgroup; one with --memory unlimited none"
	kill -TERM $a $b
	wait $a $b
	# The bomb grows until the kernel stops it at the default limit.
	jail -- python3 -c '
x = []
while True:
    x.append(bytearray(64 << 20))'
	is "$RC" 137 "a memory bomb in the default jail is killed at the default limit (SIGKILL)"
	is "$ERR" "capejail: out of memory: the jail reached the default memory limit ($def_mem bytes) and the kernel killed a process in it (--memory SIZE or unlimited changes it)" "... and reported as out of memory"
fi

forker 1000
ok "$([ "$OUT" -le 511 ] && [ "$OUT" -ge 400 ]; echo $?)" "the default pids cap (512) holds ($OUT children)"
if rootless; then
	# RLIMIT_NPROC in place of the cgroup: Linux counts it per user
	# namespace, so the user's processes outside do not use it up.
	for _ in $(seq 100); do setpriv --reuid="$T_UID" --regid="$T_GID" --clear-groups sleep 29 & done
	forker 1000
	ok "$([ "$OUT" -le 511 ] && [ "$OUT" -ge 400 ]; echo $?)" "rootless: the default cap is RLIMIT_NPROC, counted for the jail alone: 100 processes of the same user outside change nothing ($OUT children)"
	kill $(jobs -p) 2>/dev/null
	wait 2>/dev/null
fi
if ! rootless; then
	# The default cap is RLIMIT_NPROC, which the kernel counts in the
	# jail's own user namespace: two jails of the same user at once each
	# have all of it.
	"$CAPEJAIL" -- python3 -c "$forker_py" 1000 >"$T_TMP/fork1" 2>/dev/null &
	"$CAPEJAIL" -- python3 -c "$forker_py" 1000 >"$T_TMP/fork2" 2>/dev/null &
	wait
	f1=$(cat "$T_TMP/fork1")
	f2=$(cat "$T_TMP/fork2")
	ok "$([ "$f1" -le 511 ] && [ "$f1" -ge 400 ] && [ "$f2" -le 511 ] && [ "$f2" -ge 400 ]; echo $?)" "... per jail: two at once get $f1 and $f2"
fi

# How long a jail that does nothing takes here: the baseline for the kill.
start=$(date +%s%N)
jail -- true
base=$((($(date +%s%N) - start) / 1000000))
start=$(date +%s%N)
jail --time-limit 1 -- sh -c "trap '' TERM; (trap '' TERM; sleep 30.$$) & sleep 30.$$"
took=$((($(date +%s%N) - start) / 1000000))
is "$RC" 124 "--time-limit 1 on a program that ignores SIGTERM and forks: 124"
is "$ERR" "capejail: time limit of 1.000 s reached: the jail was killed" "... with why"
# 1 s of limit and the kill soon after, beyond what a jail that does
# nothing takes: far from the 30 s the jail would sleep, with room for a
# machine at a load of 25 or a VM without KVM (make vm-test).
ok "$([ "$took" -lt $((base + 8000)) ]; echo $?)" "... in under 8 s more than a jail doing nothing, not 30 ($took ms, $base ms)"
ok "$(! pgrep -f "sleep 30.$$" >/dev/null; echo $?)" "... and no process left"

if ! limits_here; then
	jail --cpu-time 0.5 -- true
	is "$RC/$ERR" "125/$(no_cgroup --cpu-time cpuacct)" "rootless --cpu-time without a delegated cgroup: 125, naming the privilege"
else
	jail --cpu-time 0.5 --report "$T_TMP/busy.json" -- python3 -c 'while True: pass'
	is "$RC" 152 "--cpu-time on a busy loop: killed, 128+SIGXCPU"
	like "$ERR" "^capejail: CPU time limit of 0.500 s reached" "... with why"
	# The killed loop's CPU is in --report (from the cgroup: a killed
	# init's usage lacks it): 0.5 s + a poll, less (v1) capejail's part
	# of the count.
	bj=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["cpu_user_ms"] + d["cpu_sys_ms"])' "$T_TMP/busy.json")
	ok "$([ "$bj" -ge 350 ] && [ "$bj" -le 700 ]; echo $?)" "... and --report holds the killed jail's CPU time ($bj ms)"
fi

jail --rlimit fsize=1M -- sh -c 'head -c 2000000 /dev/zero > /tmp/f'
is "$RC" 153 "--rlimit fsize=1M: writing 2 MB dies of SIGXFSZ"
jail --rlimit nofile=20 -- sh -c 'ulimit -n; ulimit -Hn'
is "$(echo "$OUT" | tr '\n' ' ')" "20 20 " "--rlimit nofile=20"
jail --rlimit nofile=10:4096 -- sh -c 'ulimit -n; ulimit -Hn'
is "$(echo "$OUT" | tr '\n' ' ')" "10 4096 " "--rlimit nofile=SOFT:HARD"
hard=$(ulimit -Hn)
jail --rlimit "nofile=10:$((hard + 1))" -- true
if rootless; then
	is "$RC/$ERR" "125/capejail: --rlimit nofile: a hard limit above the caller's ($hard) needs root (CAP_SYS_RESOURCE)" "rootless: a hard limit above the caller's is refused, naming the privilege"
elif [ $((0x$(awk '/^CapEff:/ {print $2}' /proc/self/status) >> 24 & 1)) = 1 ]; then
	is "$RC" 0 "as root, a hard limit may go above capejail's own"
else
	is "$RC/$ERR" "125/capejail: --rlimit nofile: a hard limit above the caller's ($hard) needs CAP_SYS_RESOURCE, which this root does not have" "as a root without CAP_SYS_RESOURCE (as here), a hard limit above capejail's own is refused, naming the privilege"
fi
jail -- sh -c 'ulimit -c'
is "$OUT" 0 "no core dumps by default"

share() { jail "$@" -- python3 -c '
import time
t0 = time.monotonic(); c0 = time.process_time()
while time.monotonic() - t0 < 1.0:
    pass
print(round((time.process_time() - c0) / (time.monotonic() - t0), 2))'; echo "$OUT"; }
if ! limits_here; then
	jail --cpus 0.5 -- true
	is "$RC/$ERR" "125/$(no_cgroup --cpus cpu)" "rootless --cpus without a delegated cgroup: 125, naming the privilege"
else
	# The quota is a cap: on a busy machine the loop gets less than a CPU
	# anyway. The baseline is measured beside it, in the same test: the
	# cap must hold whatever the load, and the share must drop by half
	# where there was a whole CPU to take (else only the cap is shown).
	full=$(share)
	half=$(share --cpus 0.5)
	ok "$(awk -v h="$half" 'BEGIN { exit !(h > 0 && h < 0.62) }'; echo $?)" "--cpus 0.5 caps a busy loop's CPU share at half a CPU ($full -> $half)"
	if awk -v f="$full" 'BEGIN { exit !(f > 0.85) }'; then
		# Not bounded below: load may come between the two runs.
		ok "$(awk -v f="$full" -v h="$half" 'BEGIN { exit !(h > 0 && h < 0.62 && h < f * 0.75) }'; echo $?)" "... and halves it where a whole CPU was free ($full -> $half)"
	else
		skip "... and halves it where a whole CPU was free" "the machine is busy: the loop alone got $full of a CPU"
	fi
fi

# capejail's own work for the jail is within the jail's CPU quota: while
# it supervises a run with --cpus it is in the jail's cpu cgroup (v1), or
# keeps its own work to what the jail leaves of the quota (v2). 8 processes
# that loop on a blocked call (each a round trip through capejail) for 4 s
# under --cpus 0.2: the jail's CPU and capejail's together stay within the
# quota (+20%), and --report shows capejail's part (--cpu-time, far off,
# makes v1 count a killed jail's CPU in its cgroup: doc/report.md). What
# capejail spends before and after the jail runs (its setup: ~10 ms here,
# 100-400 ms in a busy VM without KVM) is no work for the jail: the same
# jail without the flood measures it, the larger of two runs.
case $(uname -m) in aarch64) acct=89 ;; *) acct=163 ;; esac
mkdir -m 0755 "$T_TMP/fp"
cp "$PROBE" "$T_TMP/fp/probe"
chmod 0755 "$T_TMP/fp/probe"
if ! limits_here; then
	skip "capejail's work within the jail's --cpus" "rootless without a delegated cgroup: no --cpus"
else
	flood_cpu() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["cpu_user_ms"] + d["cpu_sys_ms"], d["supervisor_cpu_ms"], d["wall_ms"])' "$1"; }
	s0=0
	for _ in 1 2; do
		jail -q --cpus 0.2 --cpu-time 100 --report "$T_TMP/idle.json" --ro-bind "$T_TMP/fp:/p" -- /p/probe flood "$acct" 0
		read -r _ s _ <<<"$(flood_cpu "$T_TMP/idle.json")"
		[ "$s" -gt "$s0" ] && s0=$s
	done
	jail -q --cpus 0.2 --cpu-time 100 --time-limit 4 --report "$T_TMP/flood.json" --ro-bind "$T_TMP/fp:/p" -- \
		sh -c "for i in 1 2 3 4 5 6 7 8; do /p/probe flood $acct 1000000000 & done; wait"
	read -r fj fs fw <<<"$(flood_cpu "$T_TMP/flood.json")"
	fr=$(awk -v j="$fj" -v s="$fs" -v s0="$s0" -v w="$fw" 'BEGIN { printf "%.2f", (j + s - s0) / (0.2 * w) }')
	# Where capejail's own setup takes over 50 ms of CPU (a VM without KVM:
	# 70-580 ms in make vm-test's busy guests, from one run to the next),
	# that noise is more than the quota's 20%: 1.5 there (seen: 1.02-1.36
	# with capejail's bound in 5 runs; without it 1.26, 1.62, 1.74, 1.79:
	# under emulation it tells them apart in most runs, not all).
	bound=1.2
	[ "$s0" -gt 50 ] && bound=1.5
	ok "$([ "$fs" -gt "$s0" ] && awk -v r="$fr" -v b="$bound" 'BEGIN { exit !(r <= b) }'; echo $?)" "a flood of blocked calls under --cpus 0.2: the jail ($fj ms) and capejail ($fs ms in --report, $s0 of it its setup) together within the quota: $fr of it (at most $bound)"
fi
# --cpu-time counts capejail's work for the jail too (v1: capejail is in
# the jail's cpuacct cgroup; v2: it adds its own). A flood of a blocked
# call costs capejail more than the jail (x86 here: ~380 ms against ~230;
# arm64 under TCG: ~200 against ~400). Killed when both together reach
# 0.6 s, the jail's CPU and capejail's in --report add up to about 0.6 s
# (+ the 20 ms between two reads of the count) beside what capejail spends
# outside the count, on its setup and end: a run of the same jail that
# makes no call measures that (under TCG it is ~300 ms; on v1 its small
# part after joining the count is taken out twice: hence 450, not 500).
# Were capejail's work not counted, they would add up to 0.6 s +
# capejail's part (over 0.8 s); were it counted twice, 0.6 s - its part
# (under 0.45 s). The jail's figure is its cgroup's: the flood was killed,
# and a killed init's usage lacks it.
if limits_here; then
	cp "$PROBE" "$T_TMP/probe" && chmod 0755 "$T_TMP/probe"
	cpu_of() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["cpu_user_ms"] + d["cpu_sys_ms"], d["supervisor_cpu_ms"])' "$1"; }
	# The lesser of two runs: a slow one would take out too much.
	f0=
	for _ in 1 2; do
		jail -q --cpu-time 0.6 --report "$T_TMP/flood0.json" --ro-bind "$T_TMP/probe:/p" -- /p flood 163 0
		read -r _ f <<<"$(cpu_of "$T_TMP/flood0.json")"
		[ -z "$f0" ] || [ "$f" -lt "$f0" ] && f0=$f
	done
	jail -q --cpu-time 0.6 --report "$T_TMP/flood2.json" --ro-bind "$T_TMP/probe:/p" -- /p flood 163 100000000
	read -r fj fs <<<"$(cpu_of "$T_TMP/flood2.json")"
	fc=$((fj + fs - f0))
	# Counted: the jail was killed before its own CPU alone reached the
	# limit (not counted, it would be killed at 600 ms of its own). Under
	# TCG, capejail's setup varies by hundreds of ms from run to run
	# (f0 > 50 ms there), more than the sum's margin: the sum is then
	# bounded loosely (a 6.12 guest saw 867 ms: jail 342 + capejail 655 -
	# 130), and the jail's own figure says it was counted.
	upper=800
	[ "$f0" -gt 50 ] && upper=1500
	ok "$([ "$RC" = 152 ] && [ "$fs" -gt 0 ] && [ "$fj" -gt 0 ] && [ "$fj" -le 560 ] && [ "$fc" -ge 450 ] && [ "$fc" -le "$upper" ]; echo $?)" "a flood of blocked calls under --cpu-time 0.6: killed (152, got $RC) when the jail and capejail together reached it (in --report: jail $fj ms, at most 560, + capejail $fs ms, less capejail's $f0 ms of a run without the flood: $fc ms, 450-$upper)"
else
	skip "--cpu-time counts capejail's work" "rootless without a delegated cgroup: no --cpu-time"
fi

jail --tmp-size 1M -- sh -c 'head -c 2000000 /dev/zero > /tmp/f 2>/dev/null; echo $?; grep " /tmp " /proc/mounts'
like "$(echo "$OUT" | tr '\n' ' ')" "^1 .*size=1024k" "--tmp-size 1M: /tmp is 1 MB"

# A cgroup delegated to the user (made by root and given to it, as systemd
# does with Delegate=yes): rootless, capejail makes the jail's cgroup in it
# and the limits hold. Made below the test's own cgroups (this machine's
# are v1 hierarchies), and removed afterwards.
if rootless; then
	deleg=()
	for c in pids memory; do
		own=$(awk -F: -v c="$c" '$2 == c {print $3}' /proc/self/cgroup)
		d="/sys/fs/cgroup/$c${own%/}/cj-delegated.$$"
		if [ -z "$own" ] || ! mkdir "$d" 2>/dev/null; then
			deleg=()
			break
		fi
		chown -R "$T_UID:$T_GID" "$d"
		deleg+=("$d")
	done
	if [ "${#deleg[@]}" = 2 ]; then
		# jail, from inside the delegated cgroups (moved there by root)
		jail_saved=$(declare -f jail)
		jail() {
			OUT=$(sh -c 'p=$1; m=$2; shift 2; echo $$ >"$p/cgroup.procs" && echo $$ >"$m/cgroup.procs" && exec "$@"' \
				sh "${deleg[0]}" "${deleg[1]}" "$CAPEJAIL" "$@" 2>"$T_TMP/stderr")
			RC=$?
			ERR=$(cat "$T_TMP/stderr")
		}
		memory_tests " (rootless, delegated cgroup)"
		pids_tests " (rootless, delegated cgroup)"
		eval "$jail_saved"
		is "$(find "${deleg[@]}" -mindepth 1 -type d | wc -l)" 0 "the jail's cgroups in the delegated ones are removed afterwards"
		for d in "${deleg[@]}"; do rmdir "$d"; done
	else
		for d in "${deleg[@]}"; do rmdir "$d"; done
		skip "rootless limits in a delegated cgroup" "no v1 pids and memory hierarchy to delegate from here"
	fi
fi

# Two jails at once: separate cgroups, both removed.
if ! limits_here; then
	skip "two jails, two memory cgroups" "rootless without a delegated cgroup: no cgroups"
else
	"$CAPEJAIL" --memory 100M -- sh -c 'sleep 20' &
	a=$!
	"$CAPEJAIL" --memory 100M -- sh -c 'sleep 20' &
	b=$!
	mfile=memory.max
	[ -d /sys/fs/cgroup/memory ] && mfile=memory.limit_in_bytes
	# Both started: on a busy machine (or a VM without KVM) that can take
	# seconds. Then ended (SIGTERM, which capejail passes on).
	for _ in $(seq 150); do
		[ "$(jail_cgroups "$mfile" $a $b)" = 2 ] && break
		sleep 0.1
	done
	is "$(jail_cgroups "$mfile" $a $b)" 2 "two jails, two memory cgroups"
	kill -TERM $a $b
	wait $a $b
	is "$(cgroups)" "$before" "both removed afterwards"
fi

# A capejail killed with SIGKILL leaves its cgroup; the next run with one
# removes it.
if ! limits_here; then
	skip "a killed capejail's cgroup is swept by the next run" "rootless without a delegated cgroup: no cgroups"
else
	"$CAPEJAIL" --pids 512 -- sleep 30 &
	a=$!
	for _ in $(seq 300); do
		[ "$(cgroups)" -gt "$before" ] && break
		sleep 0.1
	done
	kill -KILL $a
	{ wait $a; } 2>/dev/null
	ok "$([ "$(cgroups)" -gt "$before" ]; echo $?)" "a killed capejail's cgroup is still there"
	jail --pids 512 -- true
	sleep 0.2
	is "$(cgroups)" "$before" "the next run sweeps it away"
fi

for bad in "--memory abc" "--memory 0" "--memory 1" "--memory 99999999T" "--pids -1" "--pids 0" "--memory 99999999999999999999G" \
	"--rlimit bogus=1" "--rlimit nofile=10:5" "--cpus x" "--time-limit -1" "--tmp-size 0"; do
	# shellcheck disable=SC2086
	jail $bad -- true
	ok "$([ "$RC" = 125 ] && [ -n "$ERR" ] && [ "$(echo "$ERR" | wc -l)" = 1 ]; echo $?)" "$bad: one line, 125 ($ERR)"
done
is "$(cgroups)" "$before" "bad limits create nothing"

done_testing
