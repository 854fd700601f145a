#!/bin/bash
# Signals reach the program; nothing of a jail outlives it or capejail.
. "$(dirname "$0")/lib.sh"

# Wait until a process whose command line is exactly "$1" exists (or not).
wait_for() { # wait_for present|absent CMDLINE
	for _ in $(seq 600); do
		if pgrep -f -x "$2" >/dev/null; then
			[ "$1" = present ] && return 0
		else
			[ "$1" = absent ] && return 0
		fi
		sleep 0.05
	done
	return 1
}

# A run first: it removes the cgroups that capejails killed by earlier
# tests left (every root-mode run has one, for the default memory limit).
jail -- true
before=$(host_state)
tag="sleep 1001.$$"

# capejail killed by SIGKILL: init has PR_SET_PDEATHSIG, and with PID 1
# gone the kernel kills the whole PID namespace.
"$CAPEJAIL" -- sh -c "$tag & $tag" &
cj=$!
wait_for present "$tag"
ok $? "the jailed sleeps are running"
kill -KILL "$cj"
{ wait "$cj"; } 2>/dev/null
wait_for absent "$tag"
ok $? "capejail killed with SIGKILL: no jailed process survives"
# Its cgroup (the default memory limit's) cannot go with it: nothing of
# capejail is left to remove it. The next run does.
jail -- true
is "$(host_state)" "$before" "... and no mount or file is left on the host (its cgroup removed by the next run)"

# Orphans die with the program.
jail -- sh -c "$tag & echo started"
is "$RC/$OUT" "0/started" "a program that leaves a child behind exits"
wait_for absent "$tag"
ok $? "its orphaned child is gone with the jail"

# SIGTERM to capejail reaches the program, which may handle it.
"$CAPEJAIL" -- sh -c "trap 'echo got-term; exit 3' TERM; $tag & wait" >"$T_TMP/out" &
cj=$!
wait_for present "$tag"
kill -TERM "$cj"
wait "$cj"
rc=$?
is "$rc/$(cat "$T_TMP/out")" "3/got-term" "SIGTERM is forwarded to the program, which exits 3"
wait_for absent "$tag"
ok $? "... and its child is gone"

# SIGHUP from outside, not handled: the program dies of it. (Not SIGINT:
# bash starts background jobs with SIGINT ignored, and the program inherits
# that, as any exec does; and a test run under nohup has SIGHUP ignored,
# which bash cannot undo: env gives capejail SIGHUP's default action. A
# lost signal would leave the sleep running: --time-limit ends it.)
env --default-signal=HUP "$CAPEJAIL" --time-limit 120 -- sh -c "exec $tag" &
cj=$!
wait_for present "$tag"
kill -HUP "$cj"
wait "$cj"
is "$?" 129 "SIGHUP is forwarded; the program dies of it: 128+1"

# A signal the program sends to PID 1 is not bounced back at it.
jail -- sh -c 'kill -TERM 1; sleep 0.2; echo alive'
is "$RC/$OUT" "0/alive" "the program cannot make init signal it"

# Two jails at once do not see each other.
"$CAPEJAIL" -- sh -c "exec $tag" &
cj=$!
wait_for present "$tag"
jail -- sh -c 'echo /proc/[0-9]*'
is "$OUT" "/proc/1 /proc/2" "a second jail does not see the first"
kill -KILL "$cj"
{ wait "$cj"; } 2>/dev/null
wait_for absent "$tag"
ok $? "first jail gone"

is "$(live_capejails)" 0 "no capejail process left"
jail -- true # the killed first jail's cgroup
is "$(host_state)" "$before" "host mounts and temp dirs as before"

done_testing
