#!/bin/bash
# --report FILE: one JSON object on every path, written by capejail from
# what the kernel and the supervisor saw, not from what the program says.
. "$(dirname "$0")/lib.sh"

rep="$T_TMP/report.json"
field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = d
for k in sys.argv[2].split("."):
    v = v[k] if v is not None else None
print(v)' "$rep" "$1"; }

jail --report "$rep" -- sh -c 'exit 3'
is "$(field status)/$(field exit_code)/$(field signal)/$(field error)" "exited/3/0/None" "exited: status, exit code, no error"
like "$(field capejail)/$(field policy)" "^[0-9.]+/[0-9a-f]{16}$" "version and policy hash"
ok "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["wall_ms"], int) and d["cpu_user_ms"] >= 0 and d["cpu_sys_ms"] >= 0 and d["max_rss_kb"] > 0 and d["blocked"] == [] and d["supervisor_cpu_ms"] >= 0' "$rep"; echo $?)" "wall_ms, cpu_user_ms, cpu_sys_ms, max_rss_kb, blocked, supervisor_cpu_ms"

jail --report "$rep" -- sh -c 'kill -TERM $$'
is "$(field status)/$(field exit_code)/$(field signal)" "signaled/143/15" "signaled"

jail --report "$rep" -- sh -c 'echo "{\"status\": \"exited\", \"exit_code\": 0}" >&2; python3 -c "import os; os.chroot(\"/\")"'
is "$(field status)/$(field exit_code)/$(field violation.syscall)/$(field violation.nr)/$(field violation.comm)" "violation/159/chroot/161/python3" "violation, with syscall, number and command"
is "$(field violation.pid)" 3 "... and the pid inside the jail"

jail --report "$rep" --time-limit 0.3 -- sleep 5
is "$(field status)/$(field exit_code)" "timeout/124" "timeout"
is "$(field error)" "time limit of 0.300 s reached: the jail was killed" "... with capejail's words in error"

jail --report "$rep" --memory 32M -- python3 -c 'x = bytearray(128 << 20)'
# Rootless, a memory limit needs a delegated cgroup (65-limits asserts
# where there is one, as in make vm-test's delegated subtree).
if rootless && ! "$CAPEJAIL" --memory 32M -- true 2>/dev/null; then
	is "$(field status)/$(field exit_code)" "setup-error/125" "rootless --memory without a delegated cgroup: setup-error"
else
	is "$(field status)/$(field exit_code)" "out-of-memory/137" "out-of-memory"
fi

jail --report "$rep" -r /nonexistent -- true
is "$(field status)/$(field exit_code)" "setup-error/125" "setup-error (a missing root)"
is "$(field error)" "--root /nonexistent: No such file or directory" "... with capejail's words in error"

mkdir -p "$T_TMP/w"
chmod 777 "$T_TMP/w"
jail --bind "$T_TMP/w:/w" -- touch /w/can-run
ok "$([ -e "$T_TMP/w/can-run" ]; echo $?)" "(a jail can leave a file in the bind)"
jail --report "$T_TMP/no/such/dir/r.json" --bind "$T_TMP/w:/w" -- touch /w/ran
is "$RC/$ERR" "125/capejail: --report $T_TMP/no/such/dir/r.json: No such file or directory" "a report that cannot be written: 125, and why"
ok "$([ ! -e "$T_TMP/w/ran" ]; echo $?)" "... and nothing ran"

done_testing
