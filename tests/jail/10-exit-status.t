#!/bin/bash
# Exit statuses, error messages, and bad input: each gives its code and one
# clear line, and leaves nothing behind on the host.
. "$(dirname "$0")/lib.sh"

jail -- true
is "$RC" 0 "a program that succeeds: 0"
is "$ERR" "" "quiet on success: nothing on stderr"

jail -- sh -c 'exit 42'
is "$RC" 42 "the program's own exit status"

jail -- sh -c 'echo out; echo err >&2'
is "$OUT" "out" "the program's stdout untouched"
is "$ERR" "err" "the program's stderr untouched, nothing added"

jail -- sh -c 'kill -SEGV $$'
is "$RC" 139 "died by SIGSEGV: 128+11"

jail -- sh -c 'kill -TERM $$'
is "$RC" 143 "died by SIGTERM: 128+15"

jail -- nosuchprogram
is "$RC" 127 "program not on PATH: 127"
is "$ERR" "capejail: nosuchprogram: command not found" "not-found message"

jail -- /no/such/program
is "$RC" 127 "program path that does not exist: 127"
is "$ERR" "capejail: /no/such/program: No such file or directory" "no-such-file message"

jail -- /etc/passwd
is "$RC" 126 "a file that is not executable: 126"
is "$ERR" "capejail: /etc/passwd: Permission denied" "cannot-execute message"

jail -- /tmp
is "$RC" 126 "a directory as the program: 126"

jail -e PATH=/etc -- passwd
is "$RC" 126 "found on PATH but not executable: 126"

before=$(host_state)

jail -r /nonexistent/root -- true
is "$RC" 125 "missing --root: 125"
is "$ERR" "capejail: --root /nonexistent/root: No such file or directory" "missing root message"

jail -r /etc/hostname -- true
is "$RC" 125 "a --root that is a file: 125"
is "$ERR" "capejail: --root /etc/hostname: Not a directory" "root-is-a-file message"

jail -u no_such_user -- true
is "$RC" 125 "unknown user: 125"
is "$ERR" "capejail: --user no_such_user: no such user in the jail's /etc/passwd" "unknown user message"

export CJ_FROM_CALLER="the caller's value"
unset CJ_NOT_SET
jail -e CJ_FROM_CALLER -e CJ_NOT_SET -- sh -c 'echo "$CJ_FROM_CALLER"; echo "${CJ_NOT_SET-unset}"'
is "$RC/$(echo "$OUT" | tr '\n' '|')" "0/the caller's value|unset|" "-e KEY passes the caller's value; one the caller does not have stays unset"
jail -e =x -- true
is "$RC/$ERR" "125/capejail: -e =x: empty variable name" "-e =x: 125 and why"

jail
is "$RC" 125 "no program: 125"
like "$ERR" "^capejail: no program given" "no-program message"

jail --bogus-option -- true
is "$RC" 125 "unknown long option: 125"
is "$ERR" "capejail: --bogus-option: unknown option (see --help)" "unknown option message"

jail -Z -- true
is "$RC" 125 "unknown short option: 125"
is "$ERR" "capejail: -Z: unknown option (see --help)" "unknown short option message"

jail -r
is "$RC" 125 "option without its argument: 125"

jail -d /nonexistent -- true
is "$RC" 125 "a --chdir that does not exist: 125"
is "$ERR" "capejail: --chdir /nonexistent: No such file or directory" "chdir message"

after=$(host_state)
is "$after" "$before" "failed runs leave no mount and no file on the host"
is "$(live_capejails)" 0 "no capejail process left"

jail --help
is "$RC" 0 "--help: 0"
like "$OUT" "^Usage: capejail" "--help prints usage on stdout"
jail --version
like "$OUT" "^capejail [0-9]+\.[0-9]+\.[0-9]+ \(policy [0-9a-f]{16}\)$" "--version prints version and policy hash"

# An ordinary user runs a plain copy rootless; a setuid, setgid or
# file-capability copy is refused before it does anything, even --version.
d="$T_TMP/setid"
chmod 0755 "$T_TMP"
mkdir -m 0755 "$d"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
cp "$T_BIN" "$d/plain"
chmod 0755 "$d/plain"
OUT=$(as_nobody "$d/plain" -q -- id -u 2>&1)
is "$?/$OUT" "0/65534" "an ordinary user (nobody) runs capejail rootless"
# A host that forbids user namespaces is explained, not a bare EPERM: made
# here in a user namespace of the test's own, whose limit is set to 0 (the
# host's stays as it is).
OUT=$(python3 "$(dirname "$0")/userns.py" sh -c 'echo 0 >/proc/sys/user/max_user_namespaces &&
	exec setpriv --reuid=65534 --regid=65534 --clear-groups "$1" -- true' sh "$d/plain" 2>&1)
is "$?/$OUT" "125/capejail: rootless: this host allows no user namespaces (user.max_user_namespaces = 0); run capejail as root, or ask the administrator to raise it" "rootless where user.max_user_namespaces is 0: 125, and why"
for mode in 4755 2755; do
	cp "$T_BIN" "$d/capejail-$mode"
	chmod "$mode" "$d/capejail-$mode"
	OUT=$(as_nobody "$d/capejail-$mode" --version 2>&1)
	RC=$?
	like "$RC/$OUT" "^125/capejail: refusing to run setuid, setgid or with file capabilities \(uid 65534, euid (0|65534), gid 65534, egid (0|65534)\)" "installed with mode $mode: refused, 125, one line"
done
if command -v setcap >/dev/null; then
	cp "$T_BIN" "$d/capejail-fcaps"
	setcap cap_sys_admin+ep "$d/capejail-fcaps"
	OUT=$(as_nobody "$d/capejail-fcaps" --version 2>&1)
	like "$?/$OUT" "^125/capejail: refusing to run setuid" "installed with file capabilities: refused"
else
	skip "installed with file capabilities: refused" "no setcap here"
fi

done_testing
