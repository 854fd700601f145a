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
	is "$RC/$ERR" "0/" "rootless: --mkroot of sh and cat into a directory of the user's"
	is "$(stat -c %u "$top/r/bin/cat" 2>/dev/null || stat -c %u "$top/r/usr/bin/cat")" "$T_UID" "... the copies belong to the user"
	jail -r "$top/r" -- sh -c 'cat /etc/hostname'
	is "$RC/$OUT" "0/jail" "... and run under -r, rootless"
	jail --mkroot "$T_TMP/not-mine" -- sh
	like "$RC/$ERR" "^125/capejail: --mkroot $T_TMP/not-mine" "a DIR the user may not make: one line, 125"
	done_testing
	exit
fi

one_line() { # one_line TEXT: a single "capejail: ..." line
	[ "$(printf '%s\n' "$1" | wc -l)" = 1 ] && [ "${1#capejail: }" != "$1" ]
}

# --- a root for sh, ls, cat and python3 ----------------------------------
stdlib=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
r="$top/r"
"$CAPEJAIL" --mkroot "$r" --mkroot-add "$stdlib" -- sh ls cat /usr/bin/python3 2>"$T_TMP/err"
is "$?/$(cat "$T_TMP/err")" "0/" "--mkroot DIR --mkroot-add STDLIB -- sh ls cat python3: made, nothing said"

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
is "$?/$(cat "$T_TMP/err")" "0/" "--mkroot DIR without programs: made"
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
is "$?/$(cat "$T_TMP/err")" "0/" "a tree with symlinks out of it, a script and a setuid program: made"
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
is "$?/$(cat "$T_TMP/err")" "0/" "--mkroot-add of a directory that holds DIR: made"
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
is "$RC/$ERR" "125/capejail: --mkroot $top/empty: no-such-program-here: not found on PATH" "a program not on PATH: 125"
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
