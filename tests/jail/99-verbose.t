#!/bin/bash
# -v: before the launch, what the jail will be (root, user, directory, each
# mount in order, network, limits, policy); after it, how it ended. The
# program's own output is untouched, and -q says none of it.
. "$(dirname "$0")/lib.sh"

jail -v --bind "$T_TMP:/data" --ro-bind /etc/hostname:/h --tmpfs /scratch:16M \
	--rlimit nofile=64 -- sh -c 'echo hi; exit 3'
is "$RC/$OUT" "3/hi" "the program runs, its stdout and status untouched"
like "$ERR" "capejail: root: the host's /usr and /etc read-only, /tmp a private tmpfs of 256M" "the default root"
like "$ERR" "capejail: user: nobody, without capabilities" "the default user"
like "$ERR" "capejail: directory: /tmp" "the default directory"
is "$(printf '%s\n' "$ERR" | grep '^capejail: mount:' | tr '\n' '|')" \
	"capejail: mount: /data: the host's $T_TMP, read-write (nosuid, nodev)|capejail: mount: /h: the host's /etc/hostname, read-only (nosuid, nodev)|capejail: mount: /scratch: a private tmpfs of 16M (nosuid, nodev)|" \
	"each mount, in command-line order"
like "$ERR" "capejail: network: none \(loopback only\)" "no network"
like "$ERR" "capejail: limits: 512 processes \(RLIMIT_NPROC\), memory [0-9]+[KMG]? \(the default: half of the host's, at most 4 GiB\), nofile 64" "the limits, the default memory limit among them"
hash=$("$CAPEJAIL" --version | sed -n 's/.*(policy \([0-9a-f]*\)).*/\1/p')
like "$ERR" "capejail: policy: SYSCALLS.md as built in \(hash $hash; [0-9]+ BPF instructions\)" \
	"the built-in policy, with the hash --version shows"
like "$ERR" "capejail: blocked calls: fail with EPERM" "how blocks end"
like "$ERR" "capejail: kernel: Linux [0-9]+\.[0-9]+" "the kernel's version"
like "$ERR" "capejail: kernel (has|lacks): Landlock ABI 6 \(scoping[^)]*\) \(Linux 6\.12\)" "what protects the jail on this kernel, with the version that brings it"
is "$(printf '%s\n' "$ERR" | tail -n 1 | sed 's/ after [0-9]* ms$//')" \
	"capejail: the program exited with 3" "the last line: how it ended"

# The policy changed for the run: its own hash, the same as the report's.
jail -v --allow chmod --block getppid --blocked-errno EIO --report "$T_TMP/r.json" -- true
rhash=$(sed -n 's/.*"policy": *"\([0-9a-f]*\)".*/\1/p' "$T_TMP/r.json")
like "$ERR" "capejail: policy: SYSCALLS.md as built in, then --allow chmod, --block getppid \(hash $rhash;" \
	"overrides in order, with the report's policy hash"
like "$ERR" "capejail: blocked calls: fail with EIO" "--blocked-errno"
[ -n "$rhash" ] && [ "$rhash" != "$hash" ]
ok $? "... which differs from the built-in one"

jail -v --on-blocked kill -- python3 -c 'import os; os.chroot("/")'
like "$ERR" "capejail: blocked calls: kill the jail" "--on-blocked kill"
like "$(printf '%s\n' "$ERR" | tail -n 1)" "^capejail: the jail was killed: chroot \(exit status 159\) after [0-9]+ ms$" \
	"a kill: named on the last line, with the status"

jail -v -I -- sh -c 'kill -9 $$'
like "$ERR" "capejail: policy: none \(-I\)" "-I: no policy"
like "$(printf '%s\n' "$ERR" | tail -n 1)" "^capejail: the program was killed by SIGKILL \(exit status 137\)" \
	"a signal: named"

jail -v -- /nonexistent
is "$(printf '%s\n' "$ERR" | tail -n 2 | sed 's/ after [0-9]* ms$//' | tr '\n' '|')" \
	"capejail: /nonexistent: No such file or directory|capejail: the program exited with 127|" \
	"a program not found: the error, then its status"

jail -v -q -- true
is "$RC/$ERR" "0/" "-v -q: the last one counts, nothing said"
jail -- true
is "$RC/$ERR" "0/" "without -v: nothing said"

done_testing
