#!/bin/bash
# Who the program runs as: users and groups from the jail's own files, and
# no privilege left, for uid 0 too.
. "$(dirname "$0")/lib.sh"

caps() { # the privilege lines of /proc/self/status, on one line
	grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' |
		awk '{printf "%s%s ", $1, $2}'
}
NONE="CapInh:0000000000000000 CapPrm:0000000000000000 CapEff:0000000000000000 CapBnd:0000000000000000 CapAmb:0000000000000000 NoNewPrivs:1 Seccomp:2 "

jail -- id
is "$OUT" "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" "default user: nobody"
jail -- cat /proc/self/status
is "$(echo "$OUT" | caps)" "$NONE" "nobody: no capability in any set, no_new_privs, seccomp filter"
# One filter: the core-dump rules are loaded in front of the policy's, not
# as a second filter (each costs the launch and every syscall; kernels
# before 5.9 do not show the count).
if echo "$OUT" | grep -q '^Seccomp_filters:'; then
	is "$(echo "$OUT" | awk '$1 == "Seccomp_filters:" { print $2 }')" 1 "one seccomp filter, the core-dump rules in it"
else
	skip "one seccomp filter" "this kernel does not count filters in /proc/PID/status"
fi

jail -u 0 -- cat /proc/self/status
is "$(echo "$OUT" | caps)" "$NONE" "uid 0 when asked for: still no capability"
jail -u root -- id -u
is "$OUT" 0 "-u root is uid 0"
jail -u 0 -- sh -c 'mount -t tmpfs none /tmp 2>/dev/null && echo mounted; chown 1:1 /tmp 2>/dev/null && echo chowned; echo done'
is "$(echo "$OUT" | tr '\n' ' ')" "done " "uid 0 in the jail cannot mount or chown"

jail -u 31337:31338 -- id
is "$OUT" "uid=31337 gid=31338 groups=31338" "-u UID:GID, unknown to the jail's passwd"
jail -u 31337 -- id -g
is "$OUT" 31337 "-u UID alone, unknown: gid = uid"

root="$T_TMP/root"
make_root "$root"

if one_id; then
	# alice is also in group readers (5000): that would be a second id.
	no_groups="capejail: --user alice: the jail's /etc/group gives it group 5000, and rootless only the caller's own uid and gid can be mapped (other ids need root)"
	jail -r "$root" -u alice -- /bin/probe ids
	is "$RC/$ERR" "125/$no_groups" "rootless: a user with a supplementary group is an error naming it and root"
	jail -r "$root" -u 4242 -- /bin/probe ids
	is "$RC/$ERR" "125/$no_groups" "... by uid too"
	# Without readers, alice is one uid and one gid: the caller's.
	sed -i 's/^readers:x:5000:bob,alice$/readers:x:5000:bob/' "$root/etc/group"
	jail -r "$root" -u alice -- /bin/probe ids
	is "$OUT" "uid=4242 gid=4243 groups=4243" "rootless: a name from the jail's passwd; the caller is mapped to its uid and gid"
	jail -r "$root" -u 4242 -- /bin/probe ids
	is "$OUT" "uid=4242 gid=4243 groups=4243" "-u UID known to the jail's passwd takes its group"
	chmod 0700 "$root/home/alice"
	jail -r "$root" -u alice -d /home/alice -- /bin/probe ids
	is "$RC/$ERR" "125/capejail: --chdir /home/alice: Permission denied" "rootless: alice's 0700 home belongs to the host's uid 4242, not to the caller: -d into it is refused"
	chown "$T_UID:$T_GID" "$root/home/alice"
	jail -r "$root" -u alice -d /home/alice -- /bin/probe ids
	is "$RC" 0 "... and allowed once the caller owns it"
else
	jail -r "$root" -u alice -- /bin/probe ids
	is "$OUT" "uid=4242 gid=4243 groups=4243,5000" "a name from the jail's passwd; groups from the jail's /etc/group"
	jail -r "$root" -u 4242 -- /bin/probe ids
	is "$OUT" "uid=4242 gid=4243 groups=4243,5000" "-u UID known to the jail's passwd takes its group"
	jail -r "$root" -u alice -d /home/alice -- /bin/probe ids
	is "$RC" 0 "-d into the user's own directory"
fi
if one_id; then
	# The caller's own supplementary groups cannot be dropped (setgroups
	# is denied in a user namespace an ordinary user makes): they stay,
	# unmapped, shown as 65534.
	OUT=$(setpriv --reuid="$T_UID" --regid="$T_GID" --groups="$T_GID,42" "$T_BIN" -q -u 1000:1000 -- id -G 2>&1)
	is "$(echo "$OUT" | tr ' ' '\n' | sort -n | tr '\n' ' ')" "1000 65534 " "rootless: a caller's extra group stays, unmapped (65534)"
elif rootless; then
	# With subordinate ids newgidmap leaves setgroups allowed: they go.
	OUT=$(setpriv --reuid="$T_UID" --regid="$T_GID" --groups="$T_GID,42" "$T_BIN" -q -u 1000:1000 -- id -G 2>&1)
	is "$OUT" "1000" "rootless with subordinate ids: a caller's extra group is dropped"
fi
jail -r "$root" -u alice -- /bin/probe fds
is "$RC/$OUT" "0/" "-r root: fds above 2 closed"
jail -r "$root" -- /bin/probe ids
is "$OUT" "uid=65534 gid=65534 groups=65534" "-r root: nobody by default"
jail -r "$root" -u bob -- /bin/probe ids
is "$RC" 125 "a host user that the jail's passwd lacks is unknown"

# A host-side user that exists only on the host must not be used.
jail -r "$root" -u "$(id -un 0)" -- /bin/probe ids
is "$OUT" "uid=0 gid=0 groups=0" "root resolves through the jail's passwd"

# The jail's own user namespace, where its root is no host root and no
# further user namespace can be made (a second lock behind the filter).
host_max=$(cat /proc/sys/user/max_user_namespaces)
jail -- sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/sys/user/max_user_namespaces | tr -s " " | tr "\n" "|"'
if rootless && ! one_id; then
	like "$OUT" "^ 0 $T_UID 1\| 1 $(sub_start uid) 65535\| 0 $T_GID 1\| 1 $(sub_start gid) 65535\|0\|\$" "rootless with subordinate ids: the jail's 0 is the caller, its 1-65535 the caller's subordinate ids, nothing else; max_user_namespaces is 0 there"
elif rootless; then
	# The jail's user namespace is inside the one capejail made: there
	# the caller is 0 (all the map shows of the outside) and nothing else
	# is mapped. Its own limit is the kernel's default for a new
	# namespace; the one above it is used up (unshare below).
	is "$OUT" " 65534 0 1| 65534 0 1|2147483647|" "rootless: one uid and one gid mapped: the jail's user is the namespace above's 0 (the caller)"
	"$CAPEJAIL" -u 31337:31338 -- sleep "1.$$" &
	cj=$!
	for _ in $(seq 600); do
		p=$(pgrep -u "$T_UID" -f -x "sleep 1.$$" | head -1)
		[ -n "$p" ] && break
		sleep 0.05
	done
	is "$(tr -s ' ' <"/proc/$p/uid_map" | tr '\n' '|')/$(tr -s ' ' <"/proc/$p/gid_map" | tr '\n' '|')" " 31337 $T_UID 1|/ 31338 $T_GID 1|" "from the host: the jail's uid 31337 and gid 31338 are the caller's $T_UID and $T_GID, and nothing else"
	wait "$cj"
else
	like "$OUT" "^ 0 ([0-9]+) 65536\| 0 \1 65536\|0\|\$" "the jail's own user namespace: its 65536 ids are host ids of its own (the same for gids), nothing else of the host is mapped; max_user_namespaces is 0 there"
fi
is "$(cat /proc/sys/user/max_user_namespaces)" "$host_max" "the host's max_user_namespaces is untouched"
jail -I -- unshare -U true
like "$RC $(echo "$ERR" | tail -1)" "^1 unshare: unshare failed: No space left on device" "even without the filter (-I), no user namespace can be made inside"

# setuid binaries give nothing: no_new_privs and nosuid.
jail -- sh -c 'su -c id root </dev/null 2>&1; echo rc=$?'
like "$OUT" "rc=[1-9]" "su (setuid root) does not give root"

done_testing
