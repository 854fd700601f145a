#!/bin/bash
# Files in and out: --bind, --ro-bind, --tmpfs, -w; flags that hold, and
# mount points that cannot be steered out of the root.
. "$(dirname "$0")/lib.sh"

in="$T_TMP/in"
out="$T_TMP/out"
mkdir -p "$in" "$out"
chmod 755 "$T_TMP" "$in"
chmod 777 "$out"
echo "hello" >"$in/input.txt"
chmod 666 "$in/input.txt"

jail --ro-bind "$in:/data" -w "$out" -- sh -c 'pwd; cat /data/input.txt; tr a-z A-Z </data/input.txt >result.txt; echo x >/data/new 2>/dev/null || echo ro'
is "$RC/$(echo "$OUT" | tr '\n' ' ')" "0//work hello ro " "a program reads a --ro-bind, cannot write it, and starts in -w's /work"
is "$(cat "$out/result.txt")" "HELLO" "its result is in the -w directory on the host"
ok "$([ ! -e "$in/new" ]; echo $?)" "nothing was written through the --ro-bind"

jail --bind "$in" -- sh -c "echo more >> $in/input.txt; grep ' $in ' /proc/mounts | cut -d' ' -f4"
like "$OUT" "^rw,nosuid,nodev" "--bind SRC: same path, read-write, nosuid, nodev"
is "$(tail -1 "$in/input.txt")" "more" "written through the --bind"

# A setuid-root program brought in through a bind gives nothing.
cp /usr/bin/id "$in/suid-id"
chmod 4755 "$in/suid-id"
jail --ro-bind "$in:/data" -- /data/suid-id -u
is "$OUT" 65534 "a setuid-root binary in a bind runs as the jail's user (nosuid)"

# Later mounts over earlier ones.
mkdir -p "$T_TMP/a" "$T_TMP/b"
chmod 755 "$T_TMP/a" "$T_TMP/b"
echo A >"$T_TMP/a/f"
echo B >"$T_TMP/b/f"
jail --ro-bind "$T_TMP/a:/x" --ro-bind "$T_TMP/b:/x" -- cat /x/f
is "$OUT" B "command-line order: the later mount shadows the earlier"

jail --tmpfs /scratch:1M -- sh -c 'head -c 2000000 /dev/zero > /scratch/f 2>/dev/null; echo $?; grep " /scratch " /proc/mounts | cut -d" " -f4'
like "$(echo "$OUT" | tr '\n' ' ')" "^1 rw,nosuid,nodev,.*size=1024k" "--tmpfs DST:SIZE: a private, sized, nosuid tmpfs"

# A mount point that is a symlink in a -r root is resolved inside the root.
root="$T_TMP/root"
make_root "$root"
mkdir -p "$root/data"
rmdir "$root/data"
ln -s /etc "$root/data"
# Seen from inside: the symlink was followed to the root's own /etc, which
# the bind now covers; it did not go anywhere outside the root.
jail -r "$root" --ro-bind "$in:/data" -- /bin/probe ls /etc
is "$RC/$OUT" "0/input.txt suid-id" "-r root whose /data is a symlink to /etc: the bind lands on the root's /etc"
jail -r "$root" --ro-bind "$in:/data" -- /bin/probe ls /bin
is "$OUT" "probe" "... and the rest of the root is as it was"
ok "$([ -L "$root/data" ]; echo $?)" "the root's symlink is left as it was"

jail -r "$root" --bind "$in:/nowhere" -- /bin/probe ids
is "$RC/$ERR" "125/capejail: /nowhere: not in the -r root (capejail makes no mount points in it)" "-r root: a missing mount point is an error, capejail writes nothing into the root"

before=$(host_state)
jail --bind "$T_TMP/missing" -- true
is "$RC/$ERR" "125/capejail: --bind $T_TMP/missing: No such file or directory" "a missing SRC: 125 and why"
jail --bind "relative" -- true
is "$RC" 125 "a relative DST: 125"
jail --tmpfs /x:0 -- true
is "$RC" 125 "--tmpfs of size 0: 125"
is "$(host_state)" "$before" "nothing left behind"

# --ro-bind-try: a bind when SRC exists, nothing (and no error) when not.
jail --ro-bind-try "$in:/data" --ro-bind-try "$T_TMP/no-such-dir:/gone" -- sh -c 'head -n1 /data/input.txt; echo x >/data/new 2>/dev/null || echo ro; [ -e /gone ] && echo there || echo absent'
is "$RC/$(echo "$OUT" | tr '\n' ' ')" "0/hello ro absent " "--ro-bind-try: read-only where SRC exists, nothing where it does not"
jail --ro-bind-try "$in/input.txt/x:/y" -- true
like "$RC/$ERR" "^125/capejail: --ro-bind-try $in/input.txt/x: Not a directory" "--ro-bind-try: a source that cannot be opened for another reason is still an error"
jail -w "$T_TMP/no-such-dir" -- true
is "$RC/$ERR" "125/capejail: -w $T_TMP/no-such-dir: No such file or directory" "-w: an error names -w, the option typed"

# As root, a read-write bind of an ordinary user's directory is written as
# that user (idmapped): the README's example, in a directory of uid 4242.
if rootless; then
	skip "-w of a user's directory: files are the user's" "rootless: files are the caller's (30-identity.t)"
else
	mkdir -p "$T_TMP/alice/input" "$T_TMP/alice/output"
	printf 'print(sum(range(10)), file=open("result.txt", "w"))\n' >"$T_TMP/alice/input/solve.py"
	chown -R 4242:4243 "$T_TMP/alice"
	chmod 0755 "$T_TMP/alice" "$T_TMP/alice/input" "$T_TMP/alice/output"
	# A file system that cannot be idmapped (tmpfs before Linux 6.3, as
	# in make vm-test's 6.1 guests): a plain bind, and a line that says so.
	jail -w "$T_TMP/alice/output" -- true
	no_idmap=$(echo "$ERR" | grep "cannot be mounted idmapped here")
fi
if ! rootless && [ -n "$no_idmap" ]; then
	is "$RC" 0 "-w of a user's directory where it cannot be idmapped: the run goes on, and capejail says so ($no_idmap)"
	skip "-w of a user's directory: files are the user's" "this kernel cannot idmap $T_TMP's file system"
elif ! rootless; then
	(cd "$T_TMP/alice" && "$CAPEJAIL" --ro-bind ./input:/data -w ./output -- python3 /data/solve.py)
	is "$?/$(cat "$T_TMP/alice/output/result.txt" 2>&1)/$(stat -c %u:%g "$T_TMP/alice/output/result.txt" 2>&1)" "0/45/4242:4243" "the README's example as root, in a 0755 directory of uid 4242: it runs, and result.txt is 4242's"
	jail -u 0 --bind "$T_TMP/alice/output:/out" -- sh -c 'mkdir /out/d && echo y >/out/d/f && stat -c %u:%g /out /out/d/f'
	is "$RC/$(echo "$OUT" | tr '\n' ' ')/$(stat -c %u:%g "$T_TMP/alice/output/d/f")" "0/0:0 0:0 /4242:4243" "-u 0 and --bind: inside, the directory is the jail user's; on the host, what it made is 4242's"
	jail -w "$T_TMP/alice/output" -- sh -c 'grep " /work " /proc/self/mountinfo | grep -o "idmapped" | head -1; python3 -c "import os; os.open(\"s\", os.O_CREAT | os.O_WRONLY, 0o4755)" 2>/dev/null || echo refused; chmod u+s result.txt 2>/dev/null || echo refused'
	is "$OUT" "idmapped
refused
refused" "... an idmapped mount, where no set-ID file can be made (open with mode 04755, chmod u+s)"
	ok "$([ ! -e "$T_TMP/alice/output/s" ]; echo $?)" "... and none is there on the host"
	jail --ro-bind "$T_TMP/alice/output:/out" -- sh -c 'stat -c %u /out; echo x >/out/z 2>/dev/null || echo ro'
	is "$OUT" "65534
ro" "--ro-bind of the same directory: unchanged, not idmapped (4242 is nobody inside), read-only"
	mkdir -m 0755 "$T_TMP/rootdir"
	jail -w "$T_TMP/rootdir" -- sh -c '(echo x >f) 2>/dev/null || echo denied'
	is "$RC/$OUT/$ERR" "0/denied/capejail: warning: $T_TMP/rootdir: owned by root: the jail cannot write there (it is no user of the host); hand the directory over to the user its files should belong to (chown USER $T_TMP/rootdir)" "-w of a root-owned 0755 directory: never mapped to root; the jail cannot write, and capejail says how to hand it over"
fi

done_testing
