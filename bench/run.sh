#!/bin/bash
# bench/run.sh - `make bench`: launch latency and syscall cost of capejail,
# as ratios to baselines measured in the same run. Writes build/bench/*.csv.
set -euo pipefail
cj=${CAPEJAIL:?}
out=${BENCH_OUT:-build/bench}
n=${BENCH_RUNS:-200}
mkdir -p "$out"
root=$(mktemp -d /var/tmp/capejail-bench.XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc"
cp "$out/../bench-syscalls" "$root/bin/syscalls"
cp "$out/../bench-syscalls" "$root/bin/true-static"

echo "== launch of /bin/true, $n runs each (ms: median p10 p90), interleaved"
declare -A cmd=(
	[bare]="/bin/true"
	[unshare]="unshare --user --pid --fork --mount --net --ipc --uts --cgroup /bin/true"
	[capejail]="$cj -- /bin/true"
	[capejail_r]="$cj -r $root -- /bin/syscalls 1"
	[limits]="$cj --memory 256M --pids 64 -- /bin/true"
)
order=(bare unshare capejail capejail_r limits)
declare -A med
for round in 1 2 3; do
	for k in "${order[@]}"; do
		# shellcheck disable=SC2086
		r=$("$out/../bench-launch" $((n / 3)) ${cmd[$k]})
		med[$k]="${med[$k]:-} ${r%% *}"
	done
done
median() { tr ' ' '\n' | grep . | sort -n | sed -n 2p; }
echo "name,median_ms,ratio_to_unshare" >"$out/launch.csv"
base=$(echo "${med[unshare]}" | median)
for k in "${order[@]}"; do
	m=$(echo "${med[$k]}" | median)
	ratio=$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
	printf '%-12s %8s ms  %5sx unshare\n' "$k" "$m" "$ratio"
	echo "$k,$m,$ratio" >>"$out/launch.csv"
done

echo
echo "== syscall cost, ns per call (best of 5 rounds of 1M)"
echo "   outside: no filter; floor: a one-instruction ALLOW filter (what any"
echo "   seccomp filter costs on this kernel); inside: capejail's jail"
"$out/../bench-syscalls" >"$out/outside.txt"
"$out/../bench-allowall" "$out/../bench-syscalls" >"$out/floor.txt"
"$cj" -r "$root" -- /bin/syscalls >"$out/inside.txt"
echo "syscall,outside_ns,floor_ns,inside_ns,inside_vs_outside,inside_vs_floor" >"$out/syscalls.csv"
printf '%-14s %8s %8s %8s  %9s %9s\n' syscall outside floor inside vs-outside vs-floor
join "$out/outside.txt" "$out/floor.txt" | join - "$out/inside.txt" | while read -r name o f i; do
	r1=$(awk -v a="$i" -v b="$o" 'BEGIN { printf "%.2f", a / b }')
	r2=$(awk -v a="$i" -v b="$f" 'BEGIN { printf "%.2f", a / b }')
	printf '%-14s %8s %8s %8s  %8sx %8sx\n' "$name" "$o" "$f" "$i" "$r1" "$r2"
	echo "$name,$o,$f,$i,$r1,$r2" >>"$out/syscalls.csv"
done
echo
echo "CSV in $out/"
