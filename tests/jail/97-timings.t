#!/bin/bash
# --timings: one line per launch step on stderr, from capejail and from the
# jail's PID 1, in the order they happened, with times that add up.
. "$(dirname "$0")/lib.sh"

line_re='^capejail: timing: (capejail|init) +[a-z-]+ +[0-9]+ us \(at [0-9]+ us\)$'

jail --timings -- echo hi
is "$RC/$OUT" "0/hi" "the program runs, its stdout untouched"
bad=$(printf '%s\n' "$ERR" | grep -Ev "$line_re" || true)
is "$bad" "" "every stderr line is a timing line"
for step in "capejail clone" "capejail map-ids" "capejail go" "init wait-go" \
	"init root" "init dev" "init proc" "init pivot-root" "init hostname" "capejail lo-up" \
	"init identity" "init seccomp" "init fork" "capejail jail-ready" \
	"capejail program" "capejail reap" "capejail cgroup-remove"; do
	n=$(printf '%s\n' "$ERR" | grep -Ec "^capejail: timing: ${step% *} +${step#* } ")
	is "$n" 1 "one line for $step"
done
# Sane: "at" never goes back, no step took longer than the time since the
# start, the run took less than a minute, and capejail's own steps add up
# to its last "at" (give or take a microsecond of rounding per line).
ok "$(printf '%s\n' "$ERR" | awk '
	{ took = $(NF - 4); at = $(NF - 1) }
	at < last || took > at { bad = 1 }
	$3 == "capejail" { sum += took; end = at }
	{ last = at }
	END { exit bad || end == 0 || end > 60000000 || sum > end || sum < end - NR }'; echo $?)" \
	"times in order, each within the run, capejail's adding up"
printf '%s\n' "$ERR" | sed 's/^/# /'

jail -- true
is "$RC/$ERR" "0/" "without --timings: nothing on stderr"

jail --timings --insecure -- true
like "$ERR" "init +seccomp" "--insecure: PID 1's steps still come"

if rootless; then
	skip "with limits: the cgroup step" "rootless: no delegated cgroup here"
else
	jail --timings --memory 64M --pids 32 -- true
	like "$ERR" "capejail +cgroup-add " "with limits: the cgroup step"
fi

jail --timings -r /nonexistent -- true
is "$RC" 125 "a jail that cannot be set up: 125"
like "$(printf '%s\n' "$ERR" | tail -n 1)" "^capejail: --root /nonexistent: No such file" "... the error is the last line"
# -r DIR is checked in capejail before the clone (doc/security.md).
like "$ERR" "capejail +policy " "... after the timings up to it"

done_testing
