#!/bin/bash
# Red-team regressions of capejail's supervisor: the blocked-call lines,
# the jail's terminal, job control and SIGTERM. Each test was seen to fail
# once: a jailed program (or a careless caller) got past a limit, wedged
# capejail or the caller's terminal, or lost its own terminal.
. "$(dirname "$0")/lib.sh"

# bounded SECS CMD...: run CMD in the background, continue and kill it
# after SECS if it is still there (a wedged capejail must not hang the
# test); sets RC and MS (how long it ran).
bounded() {
	local secs=$1 t0 pid n=0
	shift
	t0=$(date +%s%N)
	"$@" &
	pid=$!
	while kill -0 $pid 2>/dev/null && [ $n -lt $((secs * 20)) ]; do
		sleep 0.05
		n=$((n + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		kill -CONT $pid 2>/dev/null
		kill -KILL $pid 2>/dev/null
	fi
	{ wait $pid; } 2>/dev/null
	RC=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
}
cj() { exec "$CAPEJAIL" "$@" </dev/null >"$T_TMP/out" 2>"$T_TMP/err"; }

# A program that stops itself stopped capejail with it (job control), and
# with capejail stopped no limit was enforced: --time-limit never struck,
# and a helper that continued the program let it run unsupervised.
bounded 5 cj --time-limit 1 -- sh -c 'kill -STOP $$; echo continued' "cjtest$$"
is "$RC" 124 "a program that stops itself: --time-limit still ends the jail (${MS} ms)"
bounded 5 cj --time-limit 1 -- sh -c '(sleep 0.3; kill -CONT $$) & kill -STOP $$; while :; do :; done' "cjtest$$"
is "$RC" 124 "stopped and continued by a helper: --time-limit still ends the jail (${MS} ms)"
# Without a terminal no shell can continue a stopped capejail (a service, a
# script): the program stopping itself leaves capejail running, and the
# run ends when the program does.
bounded 5 cj -- sh -c '(sleep 1; kill -CONT $$) & kill -STOP $$; echo resumed; exit 3' "cjtest$$"
is "$RC/$(cat "$T_TMP/out")" "3/resumed" "no terminal: a program stopped and continued in the jail ends the run itself (${MS} ms)"
"$CAPEJAIL" -- sh -c 'kill -STOP $$' "cjtest$$" </dev/null >/dev/null 2>&1 &
pid=$!
# Once the program has stopped (a SIGTERM to bash's fork before it execs
# capejail would be lost, exec_wait says why, and the wait below would
# never end).
exec_wait $pid || echo "# capejail did not start within 10 s"
for _ in $(seq 400); do
	ps -o stat= -p "$(pgrep -d, -f "cjtest$$")" 2>/dev/null | grep -q '^T' && break
	sleep 0.05
done
is "$(ps -o stat= -p $pid | cut -c1)" "S" "... and while the program is stopped, capejail is not"
kill -TERM $pid
wait $pid

if rootless; then
	skip "... and --cpu-time too" "rootless: --cpu-time needs a delegated cgroup (65-limits asserts the error)"
else
	bounded 5 cj --cpu-time 0.5 -- sh -c '(sleep 0.3; kill -CONT $$) & kill -STOP $$; while :; do :; done' "cjtest$$"
	is "$RC" 152 "... and --cpu-time too (${MS} ms)"
fi
"$CAPEJAIL" --kill-after 0.5 -- sh -c 'trap "kill -STOP \$\$" TERM; echo ready; while :; do sleep 0.1; done' </dev/null >"$T_TMP/out" 2>"$T_TMP/err" &
pid=$!
for _ in $(seq 300); do grep -q ready "$T_TMP/out" && break; sleep 0.1; done
t0=$(date +%s%N)
kill -TERM $pid
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 60 ]; do sleep 0.1; n=$((n + 1)); done
kill -0 $pid 2>/dev/null && { kill -CONT $pid; kill -KILL $pid; }
{ wait $pid; } 2>/dev/null
RC=$?
MS=$((($(date +%s%N) - t0) / 1000000))
ok "$([ "$RC" = 137 ] && [ "$MS" -lt 3000 ]; echo $?)" "a program that stops itself on SIGTERM: --kill-after 0.5 still kills the jail (rc $RC, ${MS} ms)"

# capejail's own line about a blocked call was a blocking write to its
# stderr: a program that filled that pipe (or stopped the caller's
# terminal, below) stopped capejail, and with it every limit.
mkfifo "$T_TMP/fifo"
exec 3<>"$T_TMP/fifo" # held open, never read
full() { exec "$CAPEJAIL" --time-limit 1 -- sh -c 'head -c 200000 /dev/zero >&2 & sleep 0.3; df / >/dev/null; sleep 30' "cjtest$$" </dev/null >/dev/null 2>"$T_TMP/fifo"; }
bounded 8 full
exec 3<&-
ok "$([ "$RC" = 124 ] && [ "$MS" -lt 5000 ]; echo $?)" "stderr a full pipe: capejail's line does not stop --time-limit (rc $RC, ${MS} ms)"

if command -v script >/dev/null; then
	# Not interactive (stdin is not a terminal): the program holds the
	# caller's terminal as fds 1 and 2. It stops the terminal's output
	# (TCOOFF), then makes a blocked call.
	cat >"$T_TMP/stop.py" <<'EOP'
import os, termios, time
termios.tcflow(2, termios.TCOOFF)
try:
    os.statvfs("/")
except OSError:
    pass
time.sleep(30)
EOP
	chmod 755 "$T_TMP"
	chmod 644 "$T_TMP/stop.py"
	t0=$(date +%s%N)
	timeout -s KILL 15 script -qec "timeout -s KILL 8 $CAPEJAIL --time-limit 1 --ro-bind $T_TMP/stop.py:/stop.py -- python3 /stop.py cjtest$$ </dev/null; echo \$? >$T_TMP/rc; timeout 2 sh -c 'echo flowing >/dev/tty'; echo \$? >$T_TMP/flow" /dev/null </dev/null >/dev/null 2>&1
	ms=$((($(date +%s%N) - t0) / 1000000))
	is "$(cat "$T_TMP/rc")" 124 "the caller's terminal stopped by the program: --time-limit still ends the jail (${ms} ms)"
	is "$(cat "$T_TMP/flow")" 0 "... and the terminal's output flows again after the run"

	# The caller's terminal as stdout only: what the program changes on it
	# is undone at the end (the README says so), not only on stdin's.
	cat >"$T_TMP/tty.py" <<'EOP'
import fcntl, struct, termios
a = termios.tcgetattr(1)
a[3] &= ~termios.ECHO
termios.tcsetattr(1, termios.TCSANOW, a)
fcntl.ioctl(1, termios.TIOCEXCL)
fcntl.ioctl(1, termios.TIOCSETD, struct.pack("i", 27))  # N_NULL: a dead terminal
EOP
	chmod 644 "$T_TMP/tty.py"
	cat >"$T_TMP/state.py" <<'EOP'
import fcntl, struct, termios
ld = struct.unpack("i", fcntl.ioctl(0, termios.TIOCGETD, bytes(4)))[0]
excl = struct.unpack("i", fcntl.ioctl(0, 0x80045440, bytes(4)))[0]  # TIOCGEXCL
echo = "echo" if termios.tcgetattr(0)[3] & termios.ECHO else "-echo"
print(echo, "ldisc=%d" % ld, "excl=%d" % excl)
EOP
	timeout -s KILL 15 script -qec "stty echo; $CAPEJAIL --ro-bind $T_TMP/tty.py:/tty.py -- python3 /tty.py </dev/null >/dev/tty 2>&1; python3 $T_TMP/state.py >$T_TMP/state" /dev/null </dev/null >/dev/null 2>&1
	is "$(cat "$T_TMP/state")" "echo ldisc=0 excl=0" "the caller's terminal as stdout: echo, line discipline and exclusive mode are restored"
else
	skip "terminal tests" "no script(1) on this machine"
fi

# Interactive: a program that closes its terminal and opens /dev/tty again
# (as a daemon does) keeps its terminal; capejail used to end the relay at
# the first moment no fd of the pty was open, and hung the pty up.
if command -v script >/dev/null; then
	out=$(timeout -s KILL 15 script -qec "$CAPEJAIL -- sh -c 'exec </dev/null >/dev/null 2>&1; sleep 0.3; echo reopened >/dev/tty'" /dev/null </dev/null | tr -d '\r')
	like "$out" "reopened" "a program that closes fds 0-2 and opens /dev/tty again still reaches the terminal"
else
	skip "the jail's terminal reopened" "no script(1) on this machine"
fi

# On a terminal with no shell to continue it (script(1), as `ssh -t host
# capejail ...` or `docker exec -t` give: capejail leads a session of its
# own), a program that stopped itself stopped capejail for ever: a helper
# of the jail that continues the program cannot continue capejail, and a
# SIGTERM to capejail waited too. capejail stops only as a shell's
# foreground job (98-terminal.t: Ctrl-Z still stops it there).
if command -v script >/dev/null; then
	t0=$(date +%s%N)
	out=$(timeout -s KILL 20 script -qec "exec $CAPEJAIL -- sh -c '(sleep 1; kill -CONT \$\$) & kill -STOP \$\$; echo resumed; exit 3'" /dev/null </dev/null | tr -d '\r')
	ms=$((($(date +%s%N) - t0) / 1000000))
	like "$out" "resumed" "a terminal of its own, no shell: the program stopped and continued in the jail ends the run itself (${ms} ms)"
else
	skip "a stopped program on a terminal with no shell" "no script(1) on this machine"
fi

# ptys are now usable in the jail (its devpts is not nodev): one jail could
# take every pty of the host's pool (kernel.pty.max, shared by all devpts
# instances but the host's own), and no other jail or container got one.
jail -- python3 -c '
import os
fds, err = [], 0
try:
    while len(fds) < 100:
        fds.append(os.open("/dev/ptmx", os.O_RDWR | os.O_NOCTTY))
except OSError as e:
    err = e.errno
print(len(fds), err)'
is "$OUT" "64 28" "a jail gets at most 64 ptys, then ENOSPC"

# A SIGTERM that reached the jail's init before its program started was
# dropped (init ignores what it has not blocked): the program ran on as if
# nothing had been asked. It must end soon after SIGTERM, whenever it came
# in capejail's start (from its exec on: exec_wait). A lost SIGTERM leaves
# the program's 30 s; a loaded machine's slowest start and end take a few
# seconds (one took over 2 s beside stress-ng).
slow=0
most=0
for i in $(seq 20); do
	"$CAPEJAIL" -- sleep 30 </dev/null >/dev/null 2>&1 &
	pid=$!
	exec_wait $pid || echo "# run $i: capejail did not start within 10 s"
	[ $((i % 8)) = 0 ] || sleep "0.00$((i % 8))"
	t0=$(date +%s%N)
	kill -TERM $pid
	wait $pid
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$ms" -gt "$most" ] && most=$ms
	[ "$ms" -lt 10000 ] || slow=$((slow + 1))
done
ok "$([ "$slow" = 0 ]; echo $?)" "SIGTERM at any moment of the start: the program gets it ($slow runs ignored it; the slowest end took $most ms)"

# A policy file's words are printed by capejail: C1 control characters
# (U+009B is CSI) and bidi overrides must not reach the caller's terminal.
printf '## Blocked\n\n### getppid\n\nFine \xc2\x9b2J here.\n' >"$T_TMP/c1.md"
jail --policy "$T_TMP/c1.md" -- true
like "$RC/$ERR" "^125/capejail: $T_TMP/c1.md:5: not text" "a policy with a C1 control character is refused"
printf '## Blocked\n\n### getppid\n\nFine \xe2\x80\xaeereh.\n' >"$T_TMP/bidi.md"
jail --policy "$T_TMP/bidi.md" -- true
like "$RC/$ERR" "^125/capejail: $T_TMP/bidi.md:5: not text" "... and one with a bidi override"

sleep 0.5
# (this test's own binary: other jails may run on the machine meanwhile)
is "$(ps -eo stat=,args= | awk -v c="$CAPEJAIL" '$1 !~ /^Z/ && $2 == c' | wc -l)" 0 "no capejail left running"
# (by the tag this test's jailed commands carry: another run of this test
# may be going on at the same time)
is "$(ps -eo args= | grep -F "cjtest$$" | grep -vc grep)" 0 "no jailed process left running"

done_testing
