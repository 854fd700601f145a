#!/bin/bash
# make demo: every "$ capejail ..." line it shows is the command it ran, as a
# shell reads it back (quotes where an argument needs them).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }

# A stand-in capejail that writes down its arguments, one record a run.
cat >"$t/record" <<'EOR'
#!/bin/sh
{ for a in "$@"; do printf '%s\037' "$a"; done; printf '\n'; } >>"$RECORD"
EOR
chmod +x "$t/record"
RECORD="$t/ran" sh "$top/tools/demo.sh" "$t/record" >"$t/out" 2>&1
ok $? "the demo runs to its end"
grep '^\$ capejail ' "$t/out" | sed 's/^\$ capejail //; s/   # .*$//' >"$t/shown"
ok "$([ -s "$t/shown" ] && [ "$(wc -l <"$t/shown")" = "$(wc -l <"$t/ran")" ]; echo $?)" "one shown line per run ($(wc -l <"$t/ran") runs)"
i=0
while IFS= read -r line; do
	i=$((i + 1))
	: >"$t/again"
	RECORD="$t/again" eval "\"$t/record\" $line"
	ok "$([ "$(cat "$t/again")" = "$(sed -n "${i}p" "$t/ran")" ]; echo $?)" "shown as run: capejail $line"
done <"$t/shown"
echo "1..$n"
[ "$failed" = 0 ]
