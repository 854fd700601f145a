#!/bin/bash
# What a jail draws on beyond its cgroup: the per-user budgets the kernel
# charges to the jail's owner (inotify, pending signals, message queues),
# and core dumps that a host's core_pattern would pipe to a helper outside
# the jail.
. "$(dirname "$0")/lib.sh"

# --- Core dumps never leave the jail, whatever the host's core_pattern.
# A pipe pattern, as systemd-coredump's and apport's: the kernel starts the
# helper as root on the host and ignores RLIMIT_CORE 0; only a limit of 1
# stops it. The helper here writes down whose dump it got; the pattern is
# the host's again when the test ends, however it ends.
pattern_file=/proc/sys/kernel/core_pattern
if [ -w "$pattern_file" ] && old_pattern=$(cat "$pattern_file") &&
	printf '%s\n' "$old_pattern" >"$pattern_file" 2>/dev/null; then
	trap '[ "$BASHPID" = "$T_SHELL" ] && { printf "%s\n" "$old_pattern" >"$pattern_file"; rm -rf "$T_TMP"; }' EXIT
	cat >"$T_TMP/core-helper" <<EOH
#!/bin/sh
echo "\$1 \$2" >>"$T_TMP/core-ran"
cat >/dev/null
EOH
	chmod 0755 "$T_TMP/core-helper"
	: >"$T_TMP/core-ran"
	chmod 0644 "$T_TMP/core-ran"
	printf '|%s %%e %%u\n' "$T_TMP/core-helper" >"$pattern_file"
	# crash NAME: lower RLIMIT_CORE to 0 (which a pipe ignores), if it
	# may, then die of SIGSEGV, named NAME (the helper's %e).
	crash_py='
import ctypes, os, resource, signal, sys
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
for lim in ((0, 0), (0, 1)):
    try:
        resource.setrlimit(resource.RLIMIT_CORE, lim)
        print("lowered", end=" ")
    except (OSError, ValueError):
        print("refused", end=" ")
try:
    resource.prlimit(0, resource.RLIMIT_CORE, (0, 0))
    print("lowered", end=" ")
except (OSError, ValueError):
    print("refused", end=" ")
print(resource.getrlimit(resource.RLIMIT_CORE), flush=True)
os.kill(os.getpid(), signal.SIGSEGV)'
	jname="cjjail$$"
	hname="cjhost$$"
	jail -- python3 -c "$crash_py" "$jname"
	is "$RC/$OUT" "139/lowered lowered refused (1, 1)" "in the jail: RLIMIT_CORE stays 1: setrlimit of it seems to work and changes nothing (gpg treats a refusal as fatal), prlimit64 with a new and an old limit is refused; reading it works"
	# The same crash on the host, as a control: the helper runs.
	sh -c 'python3 -c "$1" "$2"' sh "$crash_py" "$hname" >/dev/null 2>&1
	for _ in $(seq 100); do
		grep -q "^$hname " "$T_TMP/core-ran" && break
		sleep 0.05
	done
	like "$(cat "$T_TMP/core-ran")" "^$hname 0" "control: the same crash on the host, with RLIMIT_CORE 0, starts the pipe's helper as root"
	sleep 0.3
	is "$(grep -c "^$jname " "$T_TMP/core-ran")" 0 "the crash in the jail reached no helper"
	jail -I -- python3 -c "$crash_py" "$jname"
	like "$RC/$OUT" "^139/lowered" "with -I (no filter) the program may lower it (documented)"
	: >"$T_TMP/core-ran"
	jail --rlimit core=unlimited -- true
	is "$RC/$ERR" "125/capejail: --rlimit core: this host's kernel.core_pattern (|$T_TMP/core-helper %e %u) hands core dumps to a helper outside the jail; only core=0 or 1 (no dump) is allowed" "--rlimit core above 1 with a pipe core_pattern: refused"
	jail --rlimit core=0 -- python3 -c "$crash_py" "$jname"
	is "$RC/$OUT" "139/lowered lowered refused (1, 1)" "--rlimit core=0 is set as 1"
	sleep 0.3
	is "$(grep -c "^$jname " "$T_TMP/core-ran")" 0 "... and reaches no helper either"
	printf '%s\n' "$old_pattern" >"$pattern_file"
	is "$(cat "$pattern_file")" "$old_pattern" "the host's core_pattern restored"
else
	skip "core dumps with a pipe core_pattern" "kernel.core_pattern is not writable here"
fi

# --- Per-user budgets, bounded in the jail. The kernel charges them to the
# jail's user namespace's owner too (as root, the jail's own host uid, see
# 69-hostids.t; rootless, the caller): a jail that takes all it can gets
# its own limits and leaves the caller (and host root) their own.
cp "$(dirname "$0")/budgets.py" "$T_TMP/budgets.py"
chmod 0644 "$T_TMP/budgets.py"
"$CAPEJAIL" --ro-bind "$T_TMP/budgets.py:/b.py" -- python3 /b.py hold >"$T_TMP/hold" 2>&1 &
hj=$!
for _ in $(seq 200); do
	grep -q '^ready$' "$T_TMP/hold" && break
	sleep 0.05
done
like "$(head -1 "$T_TMP/hold")" "^inotify 32 sigq 1024/1024 mq [1-3]$" "a jail that takes all it can gets its own budgets: 32 inotify instances, 1024 pending signals, 256 KiB of message queues"
owner=()
who="host root"
if rootless; then
	owner=(setpriv --reuid="$T_UID" --regid="$T_GID" --clear-groups)
	who="the caller ($T_AS)"
fi
is "$("${owner[@]}" /usr/bin/python3 "$T_TMP/budgets.py" use)" "inotify ok sigqueue ok mq ok" "while it holds them, $who can still make an inotify instance, queue a signal (sigqueue), open a message queue"
kill "$hj"
wait "$hj" 2>/dev/null

jail -- sh -c 'ulimit -n; ulimit -Hn; grep SigQ /proc/self/status'
is "$(echo "$OUT" | tr '\n\t' '  ')" "1024 4096 SigQ: 0/1024 " "defaults: nofile 1024:4096 (the kernel's own), sigpending 1024"
jail --rlimit sigpending=10 --rlimit msgqueue=128K --rlimit nofile=64 -- python3 -c '
import resource as r
print(r.getrlimit(r.RLIMIT_SIGPENDING), r.getrlimit(r.RLIMIT_MSGQUEUE), r.getrlimit(r.RLIMIT_NOFILE))'
is "$OUT" "(10, 10) (131072, 131072) (64, 64)" "--rlimit sigpending, msgqueue and nofile override them"
jail -- python3 -c 'import resource as r; print(r.getrlimit(r.RLIMIT_MSGQUEUE))'
is "$OUT" "(262144, 262144)" "default msgqueue: 256 KiB"
jail -- sh -c 'cd /proc/sys/user && grep -H . max_inotify_instances max_inotify_watches max_fanotify_groups max_net_namespaces | tr "\n" " "'
if one_id; then
	# The jail's user is in a namespace inside the one capejail made,
	# whose limits it sees (the kernel's defaults); the limits above it,
	# which also count, are the ones set.
	like "$OUT" "max_inotify_instances:2147483647" "rootless: the jail's inner namespace shows the kernel's defaults (the outer one's hold: above)"
else
	is "$OUT" "max_inotify_instances:32 max_inotify_watches:8192 max_fanotify_groups:16 max_net_namespaces:0 " "the jail's user namespace has its own ucounts limits"
fi

done_testing
