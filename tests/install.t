#!/bin/bash
# make install / uninstall with DESTDIR and PREFIX; the man page renders
# without warnings; the completion loads.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

make -s -C "$top" install DESTDIR="$d" PREFIX=/usr >/dev/null 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr"
for f in usr/bin/capejail usr/share/man/man1/capejail.1 usr/share/doc/capejail/SYSCALLS.md \
	usr/share/doc/capejail/doc/security.md \
	usr/share/bash-completion/completions/capejail usr/share/capejail/policies/server.md \
	usr/share/capejail/policies/build.md; do
	ok "$([ -f "$d/$f" ]; echo $?)" "installed $f"
done
ok "$([ -x "$d/usr/bin/capejail" ] && "$d/usr/bin/capejail" --version | grep -q '^capejail '; echo $?)" "the installed binary runs"
if command -v groff >/dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$top/doc/capejail.1" 2>&1)
	ok "$([ -z "$warn" ]; echo $?)" "the man page renders without warnings${warn:+ ($warn)}"
	for opt in $("$top/capejail" --help | grep -oE -- '--[a-z-]+' | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$top/doc/capejail.1"
		ok $? "the man page documents $opt"
	done
fi
ok "$(bash -c ". '$top/contrib/capejail.bash' && complete -p capejail" >/dev/null 2>&1; echo $?)" "the bash completion loads"
make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr >/dev/null 2>&1
ok $? "make uninstall"
ok "$([ -z "$(find "$d" -type f)" ]; echo $?)" "... leaves no file behind"
echo "1..$n"
[ "$failed" = 0 ]
