#!/bin/bash
# --mkroot DIR: roots that capejail builds from the host's files (and, with
# CAPEJAIL_TEST_NETWORK=1, through debootstrap), then used with -r; refusals,
# and no write outside DIR.
. "$(dirname "$0")/lib.sh"

# The jail's users (nobody) walk the copied paths, and the root copies the
# host's directory modes: T_TMP must be open to them, as for 85-binds.
chmod 755 "$T_TMP"
top="$T_TMP/mk"
mkdir "$top"

# Rootless: the host mode needs no privilege; the checks below make and
# inspect files as root, so here one root is made by the user and used.
if rootless; then
	chown "$T_UID:$T_GID" "$top"
	jail --mkroot "$top/r" -- sh cat
	like "$RC/$ERR" "^0/capejail: --mkroot $top/r: made, [0-9]+ files, [0-9]+ bytes \\([0-9.]+ MiB, [0-9.]+ MiB on disk\\)$" "rootless: --mkroot of sh and cat into a directory of the user's, and a summary"
	is "$(stat -c %u "$top/r/bin/cat" 2>/dev/null || stat -c %u "$top/r/usr/bin/cat")" "$T_UID" "... the copies belong to the user"
	jail -r "$top/r" -- sh -c 'cat /etc/hostname'
	is "$RC/$OUT" "0/jail" "... and run under -r, rootless"
	jail --mkroot "$T_TMP/not-mine" -- sh
	like "$RC/$ERR" "^125/capejail: --mkroot $T_TMP/not-mine" "a DIR the user may not make: one line, 125"
	jail --mkroot "$top/deb" --mkroot-from debootstrap
	is "$RC/$ERR" "125/capejail: --mkroot $top/deb: --mkroot-from debootstrap needs root" "rootless: debootstrap needs root, said before anything is made"
	ok "$([ ! -e "$top/deb" ]; echo $?)" "... no DIR made"
	done_testing
	exit
fi

one_line() { # one_line TEXT: a single "capejail: ..." line
	[ "$(printf '%s\n' "$1" | wc -l)" = 1 ] && [ "${1#capejail: }" != "$1" ]
}
made() { # made DIR: the summary line of a build of DIR, as a regex
	printf '^capejail: --mkroot %s: made, [0-9]+ files, [0-9]+ bytes \\([0-9.]+ MiB, [0-9.]+ MiB on disk\\)$' "$1"
}

# --- a root for sh, ls, cat and python3 ----------------------------------
stdlib=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
r="$top/r"
"$CAPEJAIL" --mkroot "$r" --mkroot-add "$stdlib" -- sh ls cat /usr/bin/python3 2>"$T_TMP/err"
is "$?" 0 "--mkroot DIR --mkroot-add STDLIB -- sh ls cat python3: made"
like "$(cat "$T_TMP/err")" "$(made "$r")" "... and said so on one line: files, bytes"
files=$(find "$r" -type f | wc -l)
like "$(cat "$T_TMP/err")" ": made, $files files, " "... the count is DIR's regular files ($files)"

jail -r "$r" -- sh -c 'echo "hello from $0 as $USER, home $HOME"'
is "$RC/$OUT" "0/hello from sh as nobody, home /nonexistent" "sh runs in it, the user from its own /etc/passwd"
jail -r "$r" -- cat /etc/passwd /etc/group
is "$OUT" "root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
root:x:0:
nogroup:x:65534:" "cat runs in it: /etc/passwd and /etc/group have root and nobody only"
jail -r "$r" -- ls /
like "$(echo $OUT)" "^dev etc .*proc root tmp usr$" "ls runs in it: the root holds the mount points, etc and usr"
like "$(echo $OUT)" "^[^h]*$" "... and no home, var, boot, srv or other host directory"
jail -r "$r" -- /usr/bin/python3 -c 'import json, ssl, sqlite3, ctypes, hashlib, threading, subprocess
t = threading.Thread(target=lambda: None); t.start(); t.join()
out = subprocess.run(["cat", "/etc/hostname"], capture_output=True, text=True).stdout.strip()
print(json.dumps({"sum": 2 + 2, "sha": hashlib.sha256(b"x").hexdigest()[:8], "child": out}))'
is "$RC/$OUT" '0/{"sum": 4, "sha": "2d711642", "child": "jail"}' "python3 with its stdlib (ssl, sqlite3, ctypes: extension modules and their libraries), a thread and a child"
jail -r "$r" -- python3 -c 'import sys; print(sys.prefix)'
is "$RC/$OUT" "0//usr" "... found on the jail's PATH, with its prefix found"
jail -r "$r" -- gcc --version
is "$RC" 127 "a host program that was not asked for is not there (127)"
jail -r "$r" -- ls /usr/bin/cat /usr/bin/id
is "$RC" 2 "... id neither, cat is"

is "$(stat -c %a "$r" "$r/proc" "$r/dev" "$r/tmp" "$r/root" | tr '\n' ' ')" "755 555 755 1777 700 " "modes: DIR 755, /proc 555, /dev 755, /tmp 1777, /root 700"
cat_real=$(readlink -f /usr/bin/cat)
is "$(stat -c '%h' "$r$cat_real")" 1 "files are copies, not hard links of the host's (one link)"
ok "$([ "$(stat -c %i "$r$cat_real")" != "$(stat -c %i "$cat_real")" ]; echo $?)" "... another inode than the host's cat"
is "$(stat -c %Y "$r$cat_real")" "$(stat -c %Y "$cat_real")" "... with the host's modification time (Python checks its .pyc by it)"
is "$(readlink "$r/lib64")" "$(readlink /lib64)" "the host's /lib64 symlink is made again as the same symlink"
interp=$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null || true)
if [ -n "$interp" ]; then
	ok "$([ -f "$r$interp" ]; echo $?)" "the loader is in it ($interp)"
else
	skip "the loader is in it" "not an x86_64 host"
fi

# --- the defaults ---------------------------------------------------------
jail_none() { "$CAPEJAIL" --mkroot "$1" 2>"$T_TMP/err"; }
jail_none "$top/default"
is "$?" 0 "--mkroot DIR without programs: made"
like "$(cat "$T_TMP/err")" "$(made "$top/default")" "... one line said"
jail -r "$top/default" -- sh -c 'mkdir /tmp/d && echo x > /tmp/d/f && ls /tmp/d | wc -l && head -c 3 /etc/hosts && echo && uname -n'
is "$RC/$(echo $OUT)" "0/1 127 jail" "... with sh and the basic tools (mkdir, ls, wc, head, uname) and a writable /tmp"

# --- a setuid program, a script, and symlinks that lead out ---------------
src="$T_TMP/src"
victim="$T_TMP/victim"
mkdir -p "$src/bin" "$src/lib" "$victim"
chmod 755 "$src" "$src/bin" "$src/lib" "$victim"
echo "outside" >"$victim/file"
chmod 644 "$victim/file"
cp /usr/bin/true "$src/bin/suid-true"
chmod 4755 "$src/bin/suid-true"
printf '#!/bin/sh\necho "hello from a script: $(cat %s/lib/data)"\n' "$src" >"$src/bin/hello"
chmod 755 "$src/bin/hello"
echo data >"$src/lib/data"
ln -s ../../victim "$src/lib/escape"   # relative, out of src
ln -s "$victim/file" "$src/lib/abs"    # absolute, to a file out of src
ln -s / "$src/lib/up"                  # the host's /
mkfifo "$src/lib/fifo"

snapshot() { # everything under T_TMP but the roots and our stderr files,
	# with inode and ctime
	find "$T_TMP" \( -path "$top" -o -name err -o -name stderr \) -prune -o \
		-printf '%p %i %s %m %C@ %l\n' | sort | md5sum
}
before=$(snapshot)
before_host=$(host_state)
r4="$top/r4"
"$CAPEJAIL" --mkroot "$r4" --mkroot-add "$src" --mkroot-add "$src/lib/up$victim/file" \
	--mkroot-add "$src/lib/escape/file" -- "$src/bin/hello" "$src/bin/suid-true" cat 2>"$T_TMP/err"
is "$?" 0 "a tree with symlinks out of it, a script and a setuid program: made"
is "$(head -1 "$T_TMP/err")" "capejail: --mkroot $r4: note: $src/bin/hello is a script: its #! interpreter is copied, not what the script runs" "... a note that a script's interpreter is copied, not what it runs"
like "$(tail -1 "$T_TMP/err")" "$(made "$r4")" "... and the summary"
is "$(snapshot)" "$before" "nothing outside DIR was written (no file, inode, mode or ctime changed)"
is "$(host_state)" "$before_host" "... no mount and nothing in /tmp or /var/tmp"
is "$(readlink "$r4$src/lib/escape")/$(readlink "$r4$src/lib/up")" "../../victim//" "the symlinks are made again as they are, inside DIR"
is "$(cat "$r4$victim/file")" "outside" "what they lead to is copied into DIR, at the same path"
is "$(stat -c %a "$r4$src/bin/suid-true")" 755 "setuid is not copied"
ok "$([ ! -e "$r4$src/lib/fifo" ] && [ ! -L "$r4$src/lib/fifo" ]; echo $?)" "a FIFO is left out"
jail -r "$r4" -- "$src/bin/hello"
is "$RC/$OUT" "0/hello from a script: data" "a script runs in it: its #! interpreter was added"

# A tree that holds DIR is copied without DIR; an ELF file in a tree whose
# library the host lacks is copied all the same.
nest="$T_TMP/nest"
mkdir -p "$nest/lib"
echo n >"$nest/file"
cp /usr/bin/true "$nest/lib/needs-missing"
# Rename libc.so.6 in the copy's DT_NEEDED, keeping the length.
sed -i 's/libc\.so\.6/libq\.so\.6/' "$nest/lib/needs-missing"
"$CAPEJAIL" --mkroot "$nest/root" --mkroot-add "$nest" -- sh 2>"$T_TMP/err"
like "$?/$(cat "$T_TMP/err")" "^0/capejail: --mkroot $nest/root: made" "--mkroot-add of a directory that holds DIR: made"
is "$(cat "$nest/root$nest/file")" n "... its files are in DIR"
ok "$([ ! -e "$nest/root$nest/root" ] && [ -f "$nest/root$nest/lib/needs-missing" ]; echo $?)" "... but not DIR itself; an ELF file needing a library the host lacks is copied"
jail --mkroot "$top/miss" -- "$nest/lib/needs-missing"
is "$RC/$ERR" "125/capejail: --mkroot $top/miss: libq.so.6: not found (needed by $nest/lib/needs-missing)" "a named program needing a library the host lacks: 125"

# --- refusals ---------------------------------------------------------------
mkdir "$top/full"
echo keep >"$top/full/f"
jail --mkroot "$top/full"
is "$RC/$(ls -A "$top/full")" "125/f" "an existing non-empty DIR: 125, left as it was"
like "$ERR" "^capejail: --mkroot $top/full: not empty" "... and why, on one line"
ok "$(one_line "$ERR"; echo $?)" "... one line"

mkdir "$top/real"
ln -s "$top/real" "$top/link"
jail --mkroot "$top/link/r"
is "$RC/$ERR" "125/capejail: --mkroot $top/link/r: the path goes through a symlink (give the real path)" "a DIR path through a symlink: 125"
ok "$([ -z "$(ls -A "$top/real")" ]; echo $?)" "... nothing made behind the symlink"
jail --mkroot "$top/link"
is "$RC/$ERR" "125/capejail: --mkroot $top/link: is a symlink (give the real path)" "a DIR that is a symlink to an empty directory: 125"

mkdir "$top/open"
chmod 777 "$top/open"
jail --mkroot "$top/open"
is "$RC/$ERR" "125/capejail: --mkroot $top/open: others can write into it (chmod go-w)" "an empty DIR others can write into: 125"

mkdir "$top/empty"
jail --mkroot "$top/empty" -- sh no-such-program-here
is "$RC/$ERR" "125/capejail: --mkroot $top/empty: no-such-program-here: not found on PATH (/usr/local/bin:/usr/bin:/bin)" "a program not on the jail's PATH: 125"
is "$(stat -c %a "$top/empty")" 755 "... DIR's mode is as it was"
is "$(ls -A "$top/empty")" "" "... and what was made is taken away again (DIR is empty)"
jail --mkroot "$top/gone" -- sh no-such-program-here
ok "$([ ! -e "$top/gone" ]; echo $?)" "... a DIR made by this run is removed"

jail --mkroot "$top/x" --mkroot-add "$T_TMP/does-not-exist"
is "$RC/$ERR" "125/capejail: --mkroot $top/x: $T_TMP/does-not-exist: No such file or directory" "a missing --mkroot-add: 125"
jail --mkroot "$top/x" --memory 1G
is "$RC/$ERR" "125/capejail: --memory: an option of a run; --mkroot builds a root and runs nothing" "an option of a run with --mkroot: 125"
jail --mkroot "$top/x" --mkroot-from debootstrap -- sh
is "$RC" 125 "debootstrap with a PROGRAM: 125"
ok "$(one_line "$ERR"; echo $?)" "... one line"
ok "$([ ! -e "$top/x" ]; echo $?)" "refused runs made nothing"

# --- #17: a local user against a build run as root -------------------------
# The attacker: an ordinary user (the rootless tests' one).
A_USER=${CAPEJAIL_TEST_AS:-capejail-test}
id -u "$A_USER" >/dev/null 2>&1 || useradd --system --no-create-home \
	--shell /usr/sbin/nologin --user-group "$A_USER" >/dev/null 2>&1 || true
A_UID=$(id -u "$A_USER")
A_GID=$(id -g "$A_USER")
# setpriv execs what it runs: $! of "$AS_ATTACKER cmd &" is cmd's pid.
AS_ATTACKER="setpriv --reuid=$A_UID --regid=$A_GID --clear-groups"
RUNS=${MKROOT_RACE_RUNS:-8}

# ELF files made to order (x86_64): PT_INTERP, and DT_NEEDED names.
cat >"$T_TMP/mkelf.py" <<'EOP'
import struct, sys
def elf(path, interp=None, needed=()):
    strtab = b"\0"
    offs = []
    for n in needed:
        offs.append(len(strtab)); strtab += n.encode() + b"\0"
    phs, blobs = [], b""
    base = 64 + 3 * 56
    if interp:
        phs.append((3, base, len(interp) + 1)); blobs += interp.encode() + b"\0"
    str_off = base + len(blobs); blobs += strtab
    dyn = b"".join(struct.pack("<qQ", 1, o) for o in offs)
    dyn += struct.pack("<qQ", 5, str_off) + struct.pack("<qQ", 10, len(strtab)) + struct.pack("<qQ", 0, 0)
    dyn_off = base + len(blobs); blobs += dyn
    total = base + len(blobs)
    phs.append((1, 0, total))
    if needed:
        phs.append((2, dyn_off, len(dyn)))
    eh = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, 64, 0, 0, 64, 56, len(phs), 64, 0, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", t, 4, o, o, o, s, s, 8) for t, o, s in phs)
    ph += b"\0" * (3 * 56 - len(ph))
    with open(path, "wb") as f:
        f.write(eh + ph + blobs)
cmd = sys.argv[1]
if cmd == "interp-chain":      # DIR N: DIR/e0 .. e(N-1), each the next's PT_INTERP
    d, n = sys.argv[2], int(sys.argv[3])
    for i in range(n):
        elf(f"{d}/e{i}", interp=f"{d}/e{i + 1}" if i + 1 < n else None)
elif cmd == "needed-chain":    # DIR N: each needs the next by its absolute path
    d, n = sys.argv[2], int(sys.argv[3])
    for i in range(n):
        elf(f"{d}/n{i}", interp="/lib64/ld-linux-x86-64.so.2" if i == 0 else None,
            needed=[f"{d}/n{i + 1}"] if i + 1 < n else [])
elif cmd == "interp":          # FILE INTERP: a program whose loader is INTERP
    elf(sys.argv[2], interp=sys.argv[3])
elif cmd == "header":          # FILE: an ELF file with nothing to load
    elf(sys.argv[2])
elif cmd == "sparse":          # FILE SIZE: an ELF header, then a hole to SIZE
    elf(sys.argv[2])
    with open(sys.argv[2], "r+b") as f:
        f.truncate(int(sys.argv[3]))
EOP
elf_ok=0
[ "$(uname -m)" = x86_64 ] && [ -e /lib64/ld-linux-x86-64.so.2 ] && elf_ok=1

# Case 4: DIR/tmp (1777) made before anything was copied, and entries
# found in DIR taken as they were: a user put a program where root's copy
# of a tool was to go. Now DIR is 0700 until the build ends, every
# directory that others may write is made so at the end, and an entry the
# build did not make is refused. The tool sits in a directory of /tmp, as
# in the report (DIR/tmp was 1777 before anything was copied).
tooldir=$(mktemp -d /tmp/capejail-test.XXXXXX)
chmod 755 "$tooldir"
cp /usr/bin/true "$tooldir/tool"
printf '#!/bin/sh\necho pwned\n' >"$T_TMP/evil"
chmod 755 "$T_TMP/evil"
cat >"$T_TMP/attack4" <<EOA
#!/bin/sh
# Put a directory and a program of ours where the build of the DIR named in
# $T_TMP/current4 will copy the tool.
while [ ! -e "$T_TMP/stop4" ]; do
	race=\$(cat "$T_TMP/current4")
	for t in "\$race/tmp" "\$race/var/tmp" "\$race"; do
		mkdir -p "\$t$tooldir" 2>/dev/null && cp "$T_TMP/evil" "\$t$tooldir/tool" 2>/dev/null
		touch "\$t/planted" 2>/dev/null
	done
done
EOA
chmod 755 "$T_TMP/attack4"
rm -f "$T_TMP/stop4"
echo "$top/race0" >"$T_TMP/current4"
chmod 644 "$T_TMP/current4"
$AS_ATTACKER "$T_TMP/attack4" &
apid=$!
won=0 failed=0
for i in $(seq "$RUNS"); do
	race="$top/race$i"
	echo "$race" >"$T_TMP/current4"
	"$CAPEJAIL" --mkroot "$race" -- sh cat ls cp mv rm mkdir "$tooldir/tool" 2>"$T_TMP/err4"
	rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 125 ] || failed=$((failed + 1))
	[ "$rc" = 125 ] && [ -e "$race" ] && failed=$((failed + 1))
	if [ "$rc" = 0 ]; then
		# After the end, /tmp and /var/tmp are 1777: the user may add
		# to them, as to any /tmp, but not inside what the build made
		# there, nor anywhere else; and the tool is root's copy.
		find "$race" -user "$A_UID" | grep -Ev "^$race(/var)?/tmp/" | grep -q . && won=$((won + 1))
		find "$race$tooldir" -user "$A_UID" | grep -q . && won=$((won + 1))
		{ cmp -s "$race$tooldir/tool" /usr/bin/true && [ "$(stat -c %u "$race$tooldir/tool")" = 0 ]; } || won=$((won + 1))
	fi
done
touch "$T_TMP/stop4"
wait "$apid"
is "$won/$failed" "0/0" "#17 case 4: $RUNS builds while a user plants programs in DIR's tmp directories: never won (the tool is root's copy, nothing of the user's in what the build made), each build made or refused"
is "$(stat -c %a "$race/tmp" "$race" 2>/dev/null | tr '\n' ' ')" "1777 755 " "... /tmp gets its 1777 at the end, DIR its 755"
jail -r "$race" -- "$tooldir/tool"
is "$RC/$OUT" "0/" "... and -r DIR -- tool runs root's copy"
rm -rf "$tooldir"

# Case 7: debootstrap was given DIR's path, and the owner of DIR's parent
# swapped DIR for a symlink while it ran: root's writes went where it
# pointed. Now debootstrap gets a path only root can reach (a bind mount of
# DIR in a mount namespace of its own). A stand-in debootstrap (first on
# PATH) writes as the real one does, through the path it is given.
fake="$T_TMP/fakebin"
mkdir -p "$fake"
cat >"$fake/debootstrap" <<'EOF2'
#!/bin/sh
# Stand-in: --variant=minbase [--include=...] SUITE TARGET MIRROR.
eval "target=\${$(($# - 1))}"
[ -n "${FAKE_FAIL:-}" ] && { mkdir -p "$target/debootstrap"; printf 'I: Retrieving InRelease\nE: Failed getting release file\n' >"$target/debootstrap/debootstrap.log"; exit 1; }
mkdir -p "$target/etc" "$target/tmp" || exit 1
i=0
while [ $i -lt 40 ]; do
	echo "written by debootstrap" >"$target/f$i" || exit 1
	sleep 0.01
	i=$((i + 1))
done
echo "root:x:0:0:root:/root:/bin/sh" >"$target/etc/passwd"
echo host >"$target/etc/hostname"
echo "$target" >"$target/given"
EOF2
chmod 755 "$fake/debootstrap"
pdir="$T_TMP/userdir"
victim7="$T_TMP/victim7"
mkdir -p "$pdir" "$victim7"
chown "$A_UID:$A_GID" "$pdir"
chmod 755 "$pdir" "$victim7"
won=0 failed=0 made=0
for i in $(seq "$RUNS"); do
	d="$pdir/deb$i"
	$AS_ATTACKER sh -c "while :; do mv '$d' '$d.x' 2>/dev/null && ln -s '$victim7' '$d' && rm -f '$d' && mv '$d.x' '$d'; done" 2>/dev/null &
	apid=$!
	PATH="$fake:$PATH" "$CAPEJAIL" --mkroot "$d" --mkroot-from debootstrap \
		--mkroot-suite bookworm --mkroot-mirror http://127.0.0.1/debian >/dev/null 2>"$T_TMP/err7"
	rc=$?
	kill "$apid" 2>/dev/null
	wait "$apid" 2>/dev/null
	[ -n "$(ls -A "$victim7")" ] && won=$((won + 1))
	case $rc in 0) made=$((made + 1)) ;; 125) ;; *) failed=$((failed + 1)) ;; esac
done
is "$won/$failed" "0/0" "#17 case 7: $RUNS debootstrap runs while the parent's owner swaps DIR for a symlink: nothing written where it points ($made made, the rest refused)"
like "$(cat "$pdir"/deb*/given 2>/dev/null | sort -u | head -1)" "^/run/capejail-mkroot\.[A-Za-z0-9]{6}$" "... debootstrap was given a private path, not DIR's"
is "$(ls -d /run/capejail-mkroot.* 2>/dev/null | wc -l)" 0 "... which is gone afterwards"
d="$top/deb-ok"
PATH="$fake:$PATH" "$CAPEJAIL" --mkroot "$d" --mkroot-from debootstrap --mkroot-suite bookworm \
	--mkroot-mirror http://127.0.0.1/debian >/dev/null 2>"$T_TMP/err7"
like "$?/$(cat "$T_TMP/err7")" "$(made "$d" | sed 's/^\^/^0\//')" "... undisturbed, it builds DIR, with a summary"
is "$(cat "$d/etc/hostname")/$(stat -c %a "$d/tmp" "$d/proc" "$d" | tr '\n' ' ')" "jail/1777 555 755 " "... the hostname jail, the mount points and DIR's modes set"

# #14: a failed debootstrap run is removed (its log's end shown first), and
# a missing debootstrap is said before DIR is made.
d="$top/deb-fail"
FAKE_FAIL=1 PATH="$fake:$PATH" "$CAPEJAIL" --mkroot "$d" --mkroot-from debootstrap --mkroot-suite bookworm \
	--mkroot-mirror http://127.0.0.1/debian >/dev/null 2>"$T_TMP/err7"
rc=$?
is "$rc/$(tail -1 "$T_TMP/err7")" "125/capejail: --mkroot $d: debootstrap bookworm http://127.0.0.1/debian failed (exit status 1); DIR is removed" "a failed debootstrap: 125, said on the last line"
like "$(tr "\n" " " <"$T_TMP/err7")" "debootstrap.log ends: I: Retrieving InRelease E: Failed getting release file capejail: " "... after the end of its log"
ok "$([ ! -e "$d" ]; echo $?)" "... and DIR is removed"
if ! command -v debootstrap >/dev/null && [ ! -x /usr/sbin/debootstrap ]; then
	jail --mkroot "$top/deb-none" --mkroot-from debootstrap
	is "$RC/$ERR" "125/capejail: --mkroot $top/deb-none: debootstrap not found (an optional dependency: apt-get install debootstrap)" "debootstrap missing: 125"
	ok "$([ ! -e "$top/deb-none" ]; echo $?)" "... and no DIR is left (it is not even made)"
else
	skip "debootstrap missing: 125, no DIR" "debootstrap is installed"
	skip "... and no DIR is left" "debootstrap is installed"
fi

# Case 10: a hostile ELF's absolute PT_INTERP or DT_NEEDED was copied from
# anywhere, densely and without bound. Now only an ELF object of the
# program's kind is taken, holes stay holes, and a file's data is capped.
if [ "$elf_ok" = 1 ]; then
	b="$T_TMP/big"
	mkdir -p "$b"
	python3 "$T_TMP/mkelf.py" sparse "$b/loader" $((8 << 30))
	python3 "$T_TMP/mkelf.py" interp "$b/prog" "$b/loader"
	chmod 755 "$b/prog" "$b/loader"
	start=$(date +%s)
	jail --mkroot "$top/sparse" -- "$b/prog"
	like "$RC/$ERR" "^0/capejail: --mkroot $top/sparse: made" "#17 case 10: a program whose loader is an 8 GiB sparse file: made"
	is "$(stat -c %s "$top/sparse$b/loader")" $((8 << 30)) "... the copy has its size"
	ok "$([ "$(du -k "$top/sparse$b/loader" | cut -f1)" -lt 1024 ]; echo $?)" "... and stays sparse (under 1 MiB on disk: $(du -k "$top/sparse$b/loader" | cut -f1) KiB)"
	ok "$([ $(($(date +%s) - start)) -lt 60 ]; echo $?)" "... in no time"
	python3 "$T_TMP/mkelf.py" interp "$b/prog2" /etc/passwd
	chmod 755 "$b/prog2"
	jail --mkroot "$top/notelf" -- "$b/prog2"
	is "$RC/$ERR" "125/capejail: --mkroot $top/notelf: $b/prog2: its loader /etc/passwd is not an ELF object of its kind" "... a loader that is not ELF (/etc/passwd): 125, not copied"
	ok "$([ ! -e "$top/notelf" ]; echo $?)" "... and the failed build is removed"
	if [ "$(df -Pk "$T_TMP" | awk 'NR == 2 {print $4}')" -gt $((4 << 20)) ]; then
		python3 "$T_TMP/mkelf.py" header "$b/dense"
		dd if=/dev/zero bs=1M count=1025 status=none >>"$b/dense"
		python3 "$T_TMP/mkelf.py" interp "$b/prog3" "$b/dense"
		chmod 755 "$b/prog3" "$b/dense"
		jail --mkroot "$top/dense" -- "$b/prog3"
		is "$RC/$ERR" "125/capejail: --mkroot $top/dense: $b/dense: 1025 MiB of data, more than --mkroot copies of one file (1024 MiB)" "... a loader of more than 1 GiB of data: 125, before anything of it is written"
		ok "$([ ! -e "$top/dense" ]; echo $?)" "... and the failed build is removed"
		rm -f "$b/dense"
	else
		skip "a loader of more than 1 GiB of data: 125" "less than 4 GiB free in $T_TMP"
		skip "... and the failed build is removed" "less than 4 GiB free"
	fi

	# Case 11: ~1000 ELF files each naming the next as PT_INTERP overflowed
	# the stack (139) and the half-built DIR stayed. Now only the program's
	# own loader is followed (the kernel reads no other), and libraries
	# nest at most 64 deep.
	c="$T_TMP/chain"
	mkdir -p "$c"
	python3 "$T_TMP/mkelf.py" interp-chain "$c" 1000
	chmod 755 "$c"/e*
	jail --mkroot "$top/chain" -- "$c/e0"
	like "$RC/$ERR" "^0/capejail: --mkroot $top/chain: made" "#17 case 11: 1000 ELF files, each the next one's PT_INTERP: no crash, made"
	ok "$([ -f "$top/chain$c/e1" ] && [ ! -e "$top/chain$c/e2" ]; echo $?)" "... with the program's loader only (e1, not e2)"
	python3 "$T_TMP/mkelf.py" needed-chain "$c" 1000
	chmod 755 "$c"/n*
	jail --mkroot "$top/nchain" -- "$c/n0"
	is "$RC/$ERR" "125/capejail: --mkroot $top/nchain: $c/n64: libraries nested more than 64 deep" "... 1000 each needing the next (DT_NEEDED): 125, no crash"
	ok "$([ ! -e "$top/nchain" ]; echo $?)" "... and the failed build is removed"
else
	for w in "case 10: sparse loader" "... size" "... sparse" "... time" "... not ELF" "... removed" "... dense" "... removed" \
		"case 11: interp chain" "... loader only" "... needed chain" "... removed"; do
		skip "$w" "ELF files made for x86_64"
	done
fi

# #14: --mkroot DIR -- python3 copied a pyenv shim, first on the caller's
# PATH, that the jail could not run (127). A name is looked for on the
# jail's PATH, where -r DIR -- name will look.
shims="$T_TMP/shims"
mkdir -p "$shims"
printf '#!/usr/bin/env bash\nexec pyenv exec "$(basename "$0")" "$@"\n' >"$shims/python3"
cp "$shims/python3" "$shims/shim-only"
printf '#!/usr/bin/env no-such-interpreter\n' >"$shims/needs-missing"
chmod 755 "$shims"/*
PATH="$shims:$PATH" "$CAPEJAIL" --mkroot "$top/py" -- python3 2>"$T_TMP/err"
like "$?/$(cat "$T_TMP/err")" "$(made "$top/py" | sed 's/^\^/^0\//')" "a shim first on the caller's PATH: --mkroot -- python3 made"
py_real=$(readlink -f /usr/bin/python3)
ok "$(cmp -s "$top/py$py_real" "$py_real" && [ ! -e "$top/py$shims" ]; echo $?)" "... with the jail's python3 ($py_real), not the shim"
PATH="$shims:$PATH" "$CAPEJAIL" --mkroot "$top/shim" -- shim-only 2>"$T_TMP/err"
is "$?/$(cat "$T_TMP/err")" "125/capejail: --mkroot $top/shim: shim-only: not on the jail's PATH (/usr/local/bin:/usr/bin:/bin), only at $shims/shim-only; give a path to copy that one (-r DIR -- $shims/shim-only then runs it)" "a name found only outside the jail's PATH: 125, saying where"
"$CAPEJAIL" --mkroot "$top/shim2" -- "$shims/python3" 2>"$T_TMP/err"
is "$?/$(head -1 "$T_TMP/err")" "0/capejail: --mkroot $top/shim2: note: $shims/python3 is a script: its #! interpreter is copied, not what the script runs" "the shim by path: made, with a note that what it runs is not copied"
jail -r "$top/shim2" -- "$shims/python3" -c 1
is "$RC" 127 "... its interpreter chain (env, bash) runs; pyenv is missing (127), as the note said"
"$CAPEJAIL" --mkroot "$top/shim3" -- "$shims/needs-missing" 2>"$T_TMP/err"
is "$?/$(cat "$T_TMP/err")" "125/capejail: --mkroot $top/shim3: $shims/needs-missing: #!/usr/bin/env no-such-interpreter: no-such-interpreter is not on the jail's PATH (/usr/local/bin:/usr/bin:/bin)" "a script whose #!/usr/bin/env interpreter is missing: 125, naming it"
ok "$([ ! -e "$top/shim3" ]; echo $?)" "... and the failed build is removed"

# --- debootstrap ------------------------------------------------------------
if [ "${CAPEJAIL_TEST_NETWORK:-0}" != 1 ]; then
	skip "--mkroot-from debootstrap builds a root that -r runs" "downloads ~40 MB: set CAPEJAIL_TEST_NETWORK=1"
elif ! command -v debootstrap >/dev/null && [ ! -x /usr/sbin/debootstrap ]; then
	skip "--mkroot-from debootstrap builds a root that -r runs" "debootstrap is not installed"
else
	d="$top/deb"
	"$CAPEJAIL" --mkroot "$d" --mkroot-from debootstrap >"$T_TMP/deb.log" 2>&1
	ok $? "--mkroot-from debootstrap: made (see the log below if not)"
	[ $? = 0 ] || tail -5 "$T_TMP/deb.log" | sed 's/^/# /'
	jail -r "$d" -- sh -c 'cat /etc/hostname; dpkg-query -W -f "\${Package}\n" base-files; ls / | grep -c "^proc$\|^dev$\|^tmp$"'
	is "$RC/$(echo $OUT)" "0/jail base-files 3" "... -r runs in it: sh, dpkg-query; /etc/hostname is jail; the mount points are there"
	is "$(stat -c %a "$d/tmp")" 1777 "... /tmp is 1777"
fi

done_testing
