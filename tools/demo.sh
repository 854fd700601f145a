#!/bin/sh
# demo.sh - capejail on the default root: who the program is, what it sees,
# and the policy stopping it. Run by `make demo`.
set -u
cj=${1:-./capejail}
# As root or as an ordinary user (rootless): the same jail.
[ "$(id -u)" = 0 ] || echo "demo: rootless, as $(id -un)"

if [ -t 1 ]; then B=$(printf '\033[1m'); N=$(printf '\033[0m'); else B=; N=; fi
step() { printf '\n%s$ %s%s\n' "$B" "$*" "$N"; }

step capejail -- id
"$cj" -- id
step capejail -- sh -c 'hostname; echo "PID $$"; ls /; ls /dev'
"$cj" -- sh -c 'hostname; echo "PID $$"; ls /; ls /dev'
step capejail -- grep -E 'Cap(Eff|Bnd)|NoNewPrivs|Seccomp:' /proc/self/status
"$cj" -- grep -E 'Cap(Eff|Bnd)|NoNewPrivs|Seccomp:' /proc/self/status
step capejail -- sh -c 'touch /etc/x; echo hi > /tmp/x && cat /tmp/x'
"$cj" -- sh -c 'touch /etc/x; echo hi > /tmp/x && cat /tmp/x'
step "capejail -- df /   # fstatfs/statfs are blocked: EPERM"
"$cj" -- df /
echo "exit status: $?"
step "capejail -- python3 -c 'import os; os.chroot(\"/\")'   # chroot is ⚠️: the jail is killed"
"$cj" -- python3 -c 'import os; os.chroot("/")'
echo "exit status: $? (128 + SIGSYS)"
