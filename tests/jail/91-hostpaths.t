#!/bin/bash
# capejail's own work on the host (#17): the files it writes (--report,
# --learn-out), the host paths it is given (-r, binds), and the /dev and
# /proc it builds in a -r root, while someone else changes them. Each race
# runs a swap loop for a fixed number of runs and must never win.
. "$(dirname "$0")/lib.sh"

runs=${CAPEJAIL_RACE_RUNS:-200}
other=4242 # a user that is neither root nor the test user
chmod 755 "$T_TMP"
[ -n "$T_AS" ] && chmod 1777 "$T_TMP"
w="$T_TMP/w"
mkdir -m 0777 "$w"
echo "do not touch" >"$T_TMP/target"
chmod 666 "$T_TMP/target"
victim="$T_TMP/victim" # another user's private directory
mkdir -m 0700 "$victim"
chown 4343:4343 "$victim"
untouched() { [ "$(cat "$T_TMP/target")" = "do not touch" ] && [ -z "$(ls -A "$victim")" ]; }
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2" 2>&1; }

# swap A B: exchange the two names (renameat2 RENAME_EXCHANGE) in a loop,
# in the background, until unswap. In C where a compiler is at hand: a
# Python loop swaps a few times slower, and wins less often.
printf '#define _GNU_SOURCE\n#include <fcntl.h>\n#include <stdio.h>\nint main(int c, char **v) { for (;;) renameat2(AT_FDCWD, v[1], AT_FDCWD, v[2], RENAME_EXCHANGE); }\n' >"$T_TMP/swap.c"
cc -O2 -o "$T_TMP/swap" "$T_TMP/swap.c" 2>/dev/null || cat >"$T_TMP/swap" <<'EOS'
#!/usr/bin/python3
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
a, b = sys.argv[1].encode(), sys.argv[2].encode()
while True:
    libc.renameat2(-100, a, -100, b, 2)
EOS
chmod 755 "$T_TMP/swap"
swap() {
	"$T_TMP/swap" "$1" "$2" &
	SWAPPER=$!
}
unswap() { kill "$SWAPPER"; wait "$SWAPPER" 2>/dev/null; }

# --- Outputs: never through a link, never a FIFO, never the jail's file.

ln -s "$T_TMP/target" "$w/link.json"
jail --report "$w/link.json" -- true
is "$RC/$ERR" "125/capejail: --report $w/link.json: a symbolic link; capejail writes reports only to regular files" "--report at a symlink: refused before the run, in one line"
jail --learn --learn-out "$w/link.json" -- true
is "$RC/$ERR" "125/capejail: --learn-out $w/link.json: a symbolic link; capejail writes learnt policies only to regular files" "--learn-out at a symlink: refused"
# /dev/stdout is a symlink too (to /proc/self/fd/1): refused, and said so.
jail --report /dev/stdout -- true
is "$RC/$ERR" "125/capejail: --report /dev/stdout: a symbolic link; capejail writes reports only to regular files" "--report /dev/stdout: refused, a symbolic link"
ok "$(untouched; echo $?)" "... and the file it leads to is untouched"

mkfifo "$w/fifo"
OUT=$(timeout 20 "$CAPEJAIL" --report "$w/fifo" --time-limit 5 -- true 2>&1)
is "$?/$OUT" "125/capejail: --report $w/fifo: a FIFO; capejail writes reports only to regular files" "--report at a FIFO: refused at once, never opened"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$w/sock"
jail --report "$w/sock" -- true
like "$RC/$ERR" "^125/.*: a socket; " "--report at a socket: refused, and said why"

# The jail replaces its report with its own, then is killed.
jail --report "$w/report.json" -w "$w" -- sh -c 'rm -f report.json; echo "{\"status\": \"exited\", \"exit_code\": 0}" >report.json; python3 -c "import os; os.chroot(\"/\")"'
is "$RC/$(field "$w/report.json" status)/$(field "$w/report.json" exit_code)" "159/violation/159" "a jail that replaced its report in -w: capejail's account is the one there"
ok "$([ ! -L "$w/report.json" ] && [ "$(stat -c %u "$w/report.json")" = "$T_UID" ]; echo $?)" "... a regular file of the caller's"

# A --learn jail writes its own policy where --learn-out goes.
jail --learn --learn-out "$w/needs.md" -w "$w" -- sh -c 'rm -f needs.md; printf "## Allowed\n\n### ptrace\n\nNeeded.\n\n### mount\n\nNeeded.\n" >needs.md; chmod 600 needs.md 2>/dev/null; ln -s x learnt-link'
ok "$(grep -q '^### ptrace' "$w/needs.md"; [ $? = 1 ]; echo $?)" "a --learn jail that wrote needs.md itself: capejail's policy replaced it"
ok "$(grep -q '^### symlinkat' "$w/needs.md"; echo $?)" "... naming the blocked call the jail made (symlinkat)"
jail --policy "$w/needs.md" -- true
like "$RC/$ERR" "^125/.*TODO" "... which --policy still refuses until reviewed"

# Links and FIFOs the jail leaves at the name meanwhile are replaced, not
# followed or opened.
jail --allow symlink,symlinkat --report "$w/r2.json" -w "$w" -- ln -sf "$T_TMP/target" r2.json
ok "$([ -f "$w/r2.json" ] && [ ! -L "$w/r2.json" ]; echo $?)" "a symlink the jail left at the report's name is replaced by the report"
OUT=$(timeout 20 "$CAPEJAIL" --allow mknod,mknodat --report "$w/r3.json" -w "$w" -- python3 -c 'import os; os.mkfifo("r3.json")' 2>&1)
is "$?/$(field "$w/r3.json" status)" "0/exited" "a FIFO the jail left there: no hang, the report replaces it"
ok "$(untouched; echo $?)" "... and nothing outside was written"

# A symlink of another user's on the way to FILE is not followed; root's
# (only root could make it) is.
mkdir -m 0777 "$T_TMP/real"
ln -s "$T_TMP/real" "$T_TMP/theirs"
chown -h "$other" "$T_TMP/theirs"
jail --report "$T_TMP/theirs/r.json" -- true
is "$RC/$ERR" "125/capejail: --report $T_TMP/theirs/r.json: theirs is a symlink of uid $other: capejail follows only root's and its own (uid $T_UID) in the paths it is given; name the place it leads to" "--report through another user's symlink: refused, and said why"
ln -s "$T_TMP/real" "$T_TMP/roots"
jail --report "$T_TMP/roots/r.json" -- true
is "$RC/$(field "$T_TMP/real/r.json" status)" "0/exited" "... through root's: written"
is "$(ls -A "$T_TMP/real")" "r.json" "... and nothing else is left beside it"

# --- Host paths given to the jail: -r DIR, binds' sources.

secret="$T_TMP/secret"
mkdir -m 0700 "$secret"
echo key >"$secret/key"
pub="$T_TMP/u/data"
mkdir -p "$pub"
echo public >"$pub/public"
chmod -R a+rX "$T_TMP/u"
chown "$other" "$T_TMP/u"
ln -s "$secret" "$T_TMP/u/datax"
chown -h "$other" "$T_TMP/u/datax"
jail --ro-bind "$T_TMP/u/datax:/d" -- ls /d
like "$RC/$ERR" "^125/capejail: --ro-bind $T_TMP/u/datax: datax is a symlink of uid $other: " "a bind source that is another user's symlink: refused"
ln -s "$T_TMP/u" "$T_TMP/ulink"
chown -h "$other" "$T_TMP/ulink"
jail --ro-bind "$T_TMP/ulink/data:/d" -- ls /d
like "$RC/$ERR" "^125/.*ulink is a symlink of uid $other" "... or has one on the way"
root="$T_TMP/root"
make_root "$root"
ln -s "$root" "$T_TMP/u/rootx"
chown -h "$other" "$T_TMP/u/rootx"
jail -r "$T_TMP/u/rootx" -- /bin/probe ids
like "$RC/$ERR" "^125/capejail: --root $T_TMP/u/rootx: rootx is a symlink of uid $other" "-r through another user's symlink: refused"
ln -s "$pub" "$T_TMP/publink"
jail --ro-bind "$T_TMP/publink:/d" -- ls /d
is "$RC/$OUT" "0/public" "a source through root's symlink is followed"

# The owner of u swaps data for a symlink to a private directory.
swap "$pub" "$T_TMP/u/datax"
won=0 ok_runs=0
for _ in $(seq 30); do
	jail --ro-bind "$pub:/d" -- ls /d
	case "$RC/$OUT" in
	0/public) ok_runs=$((ok_runs + 1)) ;;
	125/) ;;
	*) won=$((won + 1)) ;;
	esac
done
unswap
is "$won" 0 "a source swapped for another user's symlink in a loop: 30 runs, never the private directory ($ok_runs ran)"

# --- A -r root whose owner swaps /dev or /proc while capejail builds them.

r="$T_TMP/race"
make_root "$r"
ln -s "$victim" "$r/devx"
swap "$r/dev" "$r/devx"
bad=0
for _ in $(seq "$runs"); do
	jail -r "$r" -- /bin/probe ids
	case "$RC" in 0 | 125) ;; *) bad=$((bad + 1)) ;; esac
done
unswap
ok "$(untouched; echo $?)" "/dev swapped for a symlink to another user's 0700 directory, $runs runs: nothing made there"
is "$bad" 0 "... and every run ran or was refused"

[ -L "$r/dev" ] && mv -T "$r/devx" "$r/dev.real" && rm "$r/dev" && mv "$r/dev.real" "$r/dev"
mkdir "$r/procx"
swap "$r/proc" "$r/procx"
won=0
for _ in $(seq "$runs"); do
	jail -r "$r" -- /bin/probe read /proc/key-users /procx/key-users /proc/keys /procx/keys
	case "$OUT" in *read*) won=$((won + 1)) ;; esac
done
unswap
is "$won" 0 "/proc swapped with another directory, $runs runs: the masks held in every one"

# init builds /dev and /proc through fds, but holds few at once: capejail
# sets the rlimits while init builds, and a small nofile may already hold.
bad=0
for _ in $(seq 20); do
	jail --rlimit nofile=10:4096 -w "$w" -- sh -c 'ulimit -n'
	[ "$RC/$OUT" = 0/10 ] || bad=$((bad + 1))
	jail -r "$root" --rlimit nofile=10:4096 -- /bin/probe fds
	[ "$RC" = 0 ] || bad=$((bad + 1))
done
is "$bad" 0 "--rlimit nofile=10, default root with -w and -r: 20 runs each, every one built (${ERR:-})"

# --- What held before, kept.

before=$(host_state)
OUT=$(timeout 20 "$CAPEJAIL" --policy "$w/fifo" -- true 2>&1)
is "$?/$OUT" "125/capejail: --policy $w/fifo: not a regular file" "--policy from a FIFO: refused, no hang"
jail --policy /dev/zero -- true
is "$RC/$ERR" "125/capejail: --policy /dev/zero: not a regular file" "--policy /dev/zero: refused"
truncate -s 2G "$T_TMP/sparse.md"
chmod 644 "$T_TMP/sparse.md"
jail --policy "$T_TMP/sparse.md" -- true
like "$RC/$ERR" "^125/capejail: --policy $T_TMP/sparse.md: larger than" "--policy of a 2 GiB sparse file: refused by its size"
jail --policy /etc/shadow -- true
ok "$({ [ "$RC" = 0 ] || [ "$RC" = 125 ]; } && ! grep -qF -- "$(head -c 12 /etc/shadow)" <<<"$OUT$ERR"; echo $?)" "--policy /etc/shadow: nothing of the file printed (rc $RC)"

h="$T_TMP/hostile"
for what in proc dev etc tmp; do
	for kind in link fifo; do
		rm -rf "$h"
		make_root "$h"
		rm -rf "${h:?}/$what"
		if [ "$kind" = link ]; then ln -s "/$what" "$h/$what"; else mkfifo "$h/$what"; fi
		OUT=$(timeout 20 "$CAPEJAIL" -r "$h" -- /bin/probe read /proc/1/environ /proc/key-users /etc/shadow 2>&1)
		rc=$?
		ok "$([ "$rc" != 124 ] && [[ "$OUT" != *read* ]]; echo $?)" "-r root whose /$what is a $kind: no hang, nothing of the host read (rc $rc)"
	done
done
rm -rf "$h"
make_root "$h"
rm -f "$h/etc/passwd"
mkfifo "$h/etc/passwd"
OUT=$(timeout 20 "$CAPEJAIL" -r "$h" -u alice -- /bin/probe ids 2>&1)
is "$?/$OUT" "125/capejail: /etc/passwd: not a regular file" "-r root whose /etc/passwd is a FIFO: refused, no hang"

# Killed while it starts: no mount, no process left.
for i in $(seq 20); do
	"$CAPEJAIL" -r "$root" --ro-bind "$pub:/home" -- /bin/probe ids >/dev/null 2>&1 &
	sleep "0.00$((i % 10))"
	kill -KILL $! 2>/dev/null
	wait $! 2>/dev/null
done
sleep 0.2
# One killed once its cgroup (the default memory limit's) was made leaves
# it: nothing of that capejail is left to remove it; the next run does.
n=$(live_capejails)
jail -- true
is "$n/$(host_state)" "0/$before" "capejail killed at 20 points of its start: no process, mount or file left (a cgroup left is removed by the next run)"

done_testing
