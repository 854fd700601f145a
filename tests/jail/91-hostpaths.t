#!/bin/bash
# capejail's own work on the host (#17): the files it writes (--report,
# --learn-out), while the jail or someone else changes them.
. "$(dirname "$0")/lib.sh"

other=4242 # a user that is neither root nor the test user
chmod 755 "$T_TMP"
[ -n "$T_AS" ] && chmod 1777 "$T_TMP"
w="$T_TMP/w"
mkdir -m 0777 "$w"
echo "do not touch" >"$T_TMP/target"
chmod 666 "$T_TMP/target"
untouched() { [ "$(cat "$T_TMP/target")" = "do not touch" ]; }
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2" 2>&1; }

# --- Outputs: never through a link, never a FIFO, never the jail's file.

ln -s "$T_TMP/target" "$w/link.json"
jail --report "$w/link.json" -- true
is "$RC/$ERR" "125/capejail: --report $w/link.json: a symlink: capejail writes only a regular file, and never through a link (remove it, or name another file)" "--report at a symlink: refused before the run"
jail --learn --learn-out "$w/link.json" -- true
is "$RC" 125 "--learn-out at a symlink: refused"
ok "$(untouched; echo $?)" "... and the file it leads to is untouched"

mkfifo "$w/fifo"
OUT=$(timeout 20 "$CAPEJAIL" --report "$w/fifo" --time-limit 5 -- true 2>&1)
is "$?/$OUT" "125/capejail: --report $w/fifo: a FIFO: capejail writes only a regular file, and never through a link (remove it, or name another file)" "--report at a FIFO: refused at once, never opened"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$w/sock"
jail --report "$w/sock" -- true
like "$RC/$ERR" "^125/.*: a socket: " "--report at a socket: refused, and said why"

# The jail replaces its report with its own, then is killed.
jail --report "$w/report.json" -w "$w" -- sh -c 'rm -f report.json; echo "{\"status\": \"exited\", \"exit_code\": 0}" >report.json; python3 -c "import os; os.chroot(\"/\")"'
is "$RC/$(field "$w/report.json" status)/$(field "$w/report.json" exit_code)" "159/violation/159" "a jail that replaced its report in -w: capejail's account is the one there"
ok "$([ ! -L "$w/report.json" ] && [ "$(stat -c %u "$w/report.json")" = "$T_UID" ]; echo $?)" "... a regular file of the caller's"

# A --learn jail writes its own policy where --learn-out goes.
jail --learn --learn-out "$w/needs.md" -w "$w" -- sh -c 'rm -f needs.md; printf "## Allowed\n\n### ptrace\n\nNeeded.\n\n### mount\n\nNeeded.\n" >needs.md; chmod 600 needs.md 2>/dev/null; true'
ok "$(grep -q '^### ptrace' "$w/needs.md"; [ $? = 1 ]; echo $?)" "a --learn jail that wrote needs.md itself: capejail's policy replaced it"
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

done_testing
