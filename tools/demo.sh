#!/bin/sh
# demo.sh - capejail on the default root: who the program is, what it sees,
# and the policy stopping it. Run by `make demo`.
set -u
cj=${1:-./capejail}
# As root or as an ordinary user (rootless): the same jail.
[ "$(id -u)" = 0 ] || echo "demo: rootless, as $(id -un)"

if [ -t 1 ]; then B=$(printf '\033[1m'); N=$(printf '\033[0m'); else B=; N=; fi

# The arguments as a shell reads them back: quoted where they need it.
quote() {
	out=
	for a in "$@"; do
		case $a in
		'' | *[!A-Za-z0-9_./:=@%+,-]*)
			a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
			;;
		esac
		out="$out${out:+ }$a"
	done
	printf '%s' "$out"
}
# run [-n NOTE] ARG...: show "$ capejail ARG..." as typed (and why, after
# a #), then run it.
run() {
	note=
	if [ "$1" = -n ]; then
		note="   # $2"
		shift 2
	fi
	printf '\n%s$ capejail %s%s%s\n' "$B" "$(quote "$@")" "$note" "$N"
	"$cj" "$@"
}

run -- id
run -- sh -c 'hostname; echo "PID $$"; ls /; ls /dev'
run -- grep -E 'Cap(Eff|Bnd)|NoNewPrivs|Seccomp:' /proc/self/status
run -n "/ is read-only, /tmp is the jail's own" -- sh -c 'touch /etc/x; echo hi > /tmp/x && cat /tmp/x'
run -n "a set-uid bit is refused: EPERM, and capejail says why" -- sh -c 'touch /tmp/x; chmod u+s /tmp/x'
echo "exit status: $?"
run -n "chroot is ⚠️: the whole jail is killed" -- python3 -c 'import os; os.chroot("/")'
echo "exit status: $? (128 + SIGSYS)"
