#!/bin/bash
# Terminals, signals and jobs: an interactive run gets a pty of its own
# (tested on a real terminal, tmux's), Ctrl-C and Ctrl-Z reach the program,
# window size follows, a stopped program stops capejail and continues with
# it, and SIGTERM ends the jail with --kill-after's grace.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
	skip "terminal tests" "no tmux on this machine"
	done_testing
	exit
fi
TM="tmux -L capejail-test-$$"
S=t
# As lib.sh's: only the test's own shell cleans up.
trap '[ "$BASHPID" = "$T_SHELL" ] && { $TM kill-server 2>/dev/null; rm -rf "$T_TMP"; }' EXIT
pane() { $TM capture-pane -p -t $S -S -200 | grep -v '^$'; }
# wait_for REGEX: until the pane shows it (30 s at most: a busy machine).
wait_for() {
	for _ in $(seq 300); do
		pane | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# wait_count REGEX N: until the pane shows N lines that match (30 s at most: a busy machine).
wait_count() {
	for _ in $(seq 300); do
		[ "$(pane | grep -Ec -- "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
keys() { $TM send-keys -t $S "$@"; }
# Keys typed before capejail has ended still go to the jail: wait for the
# caller's prompt on the last line.
host_prompt() {
	for _ in $(seq 300); do
		[ "$(pane | tail -1)" = 'host$' ] && return 0
		sleep 0.1
	done
	return 1
}

$TM new-session -d -s $S -x 100 -y 30 "env PS1='host\$ ' bash --norc"
wait_for 'host\$' || true

keys "$CAPEJAIL -e PS1='jail\$ ' -- bash --norc -i" Enter
ok "$(wait_for '^jail\$'; echo $?)" "an interactive bash starts in the jail"
keys 'echo T=$(tty) $(stat -L -c %U /dev/stdin) S=$(stty size)' Enter
ok "$(wait_for '^T=/dev/pts/[0-9]+ nobody S=30 100$'; echo $?)" "its terminal is the jail's own pty, owned by the jail's user, with the caller's size"
keys 'ln -s a /tmp/l' Enter
# capejail's line may come while the prompt is on screen, but it ends with
# a carriage return too: what follows starts at the left margin. (ln's
# symlinkat is blocked; chmod, used here before, is allowed now.)
wait_for 'capejail: blocked symlinkat \(266\) in pid [0-9]+ .ln.: EPERM' &&
	wait_for 'Operation not permitted' &&
	pane | grep -A1 'SYSCALLS.md#symlinkat; --policy build allows it)$' | tail -1 | grep -q '^[^ ]'
r=$?
ok $r "capejail's own line (ln's symlinkat) ends at the left margin in raw mode"
[ $r = 0 ] || pane | sed 's/^/#   pane: /'
keys "sleep 100" Enter
sleep 0.3
keys C-c
keys "echo after-c" Enter
ok "$(wait_for '^after-c$'; echo $?)" "Ctrl-C ends the foreground job, not the shell"
$TM resize-window -t $S -x 120 -y 40
keys 'echo S=$(stty size)' Enter
ok "$(wait_for '^S=40 120$'; echo $?)" "a window size change follows into the jail"
keys "sleep 100" Enter
sleep 0.3
keys C-z
ok "$(wait_for 'Stopped +sleep 100'; echo $?)" "Ctrl-Z stops a job of the shell in the jail (job control works)"
keys "fg" Enter
sleep 0.3
keys C-c
keys "echo after-fg" Enter
ok "$(wait_for '^after-fg$'; echo $?)" "... which fg continues, and Ctrl-C ends"
# Typed only once the terminal is out of readline's hands (ready shown):
# keys typed earlier are read by cat without ever being echoed.
keys "echo cat-ready; cat" Enter
wait_for '^cat-ready$' || true
keys "typed-line" Enter
ok "$(wait_count '^typed-line$' 2; echo $?)" "keys reach the program, and its echo comes back"
keys C-d
keys "exit 7" Enter
host_prompt
keys 'echo rc=$?' Enter
ok "$(wait_for '^rc=7$'; echo $?)" "the shell's exit status is capejail's"

# The program itself stops: capejail stops with it, and the caller's shell
# sees a stopped job that fg continues.
keys "clear" Enter
keys "$CAPEJAIL -- python3 -c 'import time; [print(\"n\", i, flush=True) or time.sleep(0.1) for i in range(1000)]'" Enter
ok "$(wait_for '^n 3$'; echo $?)" "a program runs on the jail's pty"
keys C-z
ok "$(wait_for 'Stopped +.*capejail'; echo $?)" "Ctrl-Z: the caller's shell sees capejail stop"
sleep 0.3
last=$(pane | grep '^n ' | tail -1)
sleep 0.7
is "$(pane | grep '^n ' | tail -1)" "$last" "... and the program is stopped too"
keys "fg" Enter
ok "$(wait_for "^n $(( ${last#n } + 3 ))\$"; echo $?)" "fg: the program goes on"
keys C-c
wait_for 'KeyboardInterrupt' && host_prompt
keys 'echo rc=$?' Enter
ok "$(wait_for '^rc=130$'; echo $?)" "Ctrl-C: the program dies of SIGINT, 130"
keys "stty -a | tr ' ' '\n' | grep -c '^-icanon\$'" Enter
ok "$(wait_for '^0$'; echo $?)" "the caller's terminal is back in line mode"

# Without a terminal on stdin: no pty; the program reads the pipe.
jail -- sh -c 'read x; echo "got $x"; [ -t 0 ] || echo notty' <<<"hello"
is "$OUT" "$(printf 'got hello\nnotty')" "stdin not a terminal: the program reads it as it is"

# SIGTERM to capejail: the program gets it; one that ignores it is killed
# after --kill-after.
rep="$T_TMP/r.json"
"$CAPEJAIL" -- sh -c 'echo ready; exec sleep 30' >"$T_TMP/o" 2>"$T_TMP/e" &
pid=$!
for _ in $(seq 300); do grep -q ready "$T_TMP/o" && break; sleep 0.1; done
kill -TERM $pid
wait $pid
is "$?" 143 "SIGTERM to capejail: the program dies of it, 143"
cat >"$T_TMP/ign.py" <<'EOP'
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(30)
EOP
chmod go+rx "$T_TMP" # (rootless, T_TMP stays writable)
chmod 644 "$T_TMP/ign.py"
"$CAPEJAIL" --report "$rep" --kill-after 0.5 --ro-bind "$T_TMP/ign.py:/ign-$$.py" -- python3 "/ign-$$.py" >"$T_TMP/o" 2>"$T_TMP/e" &
pid=$!
for _ in $(seq 300); do grep -q ready "$T_TMP/o" && break; sleep 0.1; done
t0=$(date +%s%N)
kill -TERM $pid
wait $pid
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
is "$rc" 137 "a program that ignores SIGTERM: killed, 137"
# Not before the grace; after it, as soon as a busy machine lets capejail
# run (its loop wakes for the deadline): well under the 30 s of the sleep.
ok "$([ "$ms" -ge 450 ] && [ "$ms" -lt 20000 ]; echo $?)" "... after --kill-after 0.5 ($ms ms)"
is "$(cat "$T_TMP/e")" "capejail: the program's grace after SIGTERM (--kill-after) of 0.500 s reached: the jail was killed" "... and says so"
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["status"], d["signal"], d["exit_code"])' "$rep")" "signaled 9 137" "... in the report too"
ok "$(pgrep -f "ign-$$.py" >/dev/null; [ $? = 1 ]; echo $?)" "... and nothing of it is left"

jail --kill-after soon -- true
is "$RC/$ERR" "125/capejail: --kill-after soon: expected seconds, fractions allowed" "--kill-after takes seconds"
is "$(live_capejails)" 0 "no capejail left running"

done_testing
