#!/bin/bash
# bench/run.sh - `make bench`: capejail against a bare fork+exec, unshare
# with the same namespaces (the kernel's own cost), bubblewrap and firejail,
# all in one run and interleaved, so that the ratios hold even on a busy
# machine. See bench/README.md. Writes $BENCH_OUT/*.csv and the chart.
set -euo pipefail
cj=${CAPEJAIL:?set CAPEJAIL to the capejail binary}
out=${BENCH_OUT:-build/bench}
bin=${BENCH_BIN:-$(dirname "$out")}
png=${BENCH_PNG:-doc/bench.png}
runs=${BENCH_RUNS:-200}  # launches per command, for latency
jails=${BENCH_JAILS:-1000} # launches per command, for jails per second
calls=${BENCH_CALLS:-300000} # calls per syscall and round
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
rm -f "$out"/*.csv

# The machine, for the record under the chart.
date=$(date -u +%Y-%m-%d)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
ncpu=$(nproc)
kernel=$(uname -r)
commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$here" diff --quiet HEAD 2>/dev/null || commit="$commit+changes"
echo "date,cpu,nproc,kernel,commit" >"$out/machine.csv"
echo "$date,\"$cpu\",$ncpu,$kernel,$commit" >"$out/machine.csv.tmp"
cat "$out/machine.csv.tmp" >>"$out/machine.csv" && rm -f "$out/machine.csv.tmp"
echo "capejail bench: $date, $cpu, $ncpu CPUs, Linux $kernel, commit $commit"

# A small root for -r: /bin/true with the libraries it needs, and the
# static syscall bench.
root=$(mktemp -d /var/tmp/capejail-bench.XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/tmp"
cp /bin/true "$root/bin/true"
for lib in $(ldd /bin/true | grep -o '/[^ ]*'); do
	cp -L --parents "$lib" "$root"
done
cp "$bin/bench-syscalls" "$root/bin/syscalls"

# bubblewrap as close to capejail's default jail as it goes: every
# namespace, nobody without capabilities, a session of its own, the host's
# /usr and /etc read-only with the merged-/usr links, a fresh /proc, a
# minimal /dev, a private /tmp. Not possible: capejail's seccomp policy
# (bwrap takes a BPF program, but not one that hands a listener to a
# supervisor, which the ⚠️ kills need), /proc masks, cgroup limits.
bw="bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL"
bw="$bw --uid 65534 --gid 65534 --hostname jail --ro-bind /usr /usr"
for d in bin sbin lib lib64 lib32 libx32; do
	if [ -L "/$d" ]; then
		bw="$bw --symlink $(readlink "/$d") /$d"
	elif [ -d "/$d" ]; then
		bw="$bw --ro-bind /$d /$d"
	fi
done
bw="$bw --ro-bind /etc /etc --proc /proc --dev /dev --tmpfs /tmp"

names=(bare unshare capejail capejail_r capejail_limits bwrap firejail)
declare -A cmd=(
	[bare]="/bin/true"
	[unshare]="unshare --user --pid --fork --mount --net --ipc --uts --cgroup /bin/true"
	[capejail]="$cj -- /bin/true"
	[capejail_r]="$cj -r $root -- /bin/true"
	[capejail_limits]="$cj --memory 256M --pids 64 -- /bin/true"
	[bwrap]="$bw /bin/true"
	[firejail]="firejail --quiet --noprofile --net=none /bin/true"
)
declare -A label=(
	[bare]="bare fork+exec"
	[unshare]="unshare, same namespaces"
	[capejail]="capejail, default root"
	[capejail_r]="capejail -r small root"
	[capejail_limits]="capejail --memory --pids"
	[bwrap]="bwrap --unshare-all, ro /usr /etc"
	[firejail]="firejail --noprofile --net=none"
)

# Each command once first: one that cannot run here is n/a, with why.
declare -A na=()
ok=()
for k in "${names[@]}"; do
	# shellcheck disable=SC2086
	if why=$(${cmd[$k]} 2>&1 >/dev/null); then
		ok+=("$k")
	else
		na[$k]=$(printf '%s' "${why:-exit status $?}" | head -n 1 | tr -d '\r' | cut -c1-100)
		na[$k]=${na[$k]:-failed}
		echo "$k: n/a (${na[$k]})"
	fi
done
pairs() { for k in "$@"; do printf '%s\n%s\n' "$k" "${cmd[$k]}"; done; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

echo
echo "== 1. launch of /bin/true: $runs runs each, interleaved (ms; median, p10, p90)"
mapfile -t args < <(pairs "${ok[@]}")
"$bin/bench-launch" latency "$runs" "$out/launch_samples.csv" "${args[@]}" >"$out/latency.txt"
declare -A med p10 p90 rss
while read -r k m a b r; do
	med[$k]=$m p10[$k]=$a p90[$k]=$b rss[$k]=$r
done <"$out/latency.txt"
base=${med[unshare]:-0}
cjm=${med[capejail]:-0}
echo "name,label,median_ms,p10_ms,p90_ms,x_unshare,x_capejail,maxrss_kb,note" >"$out/launch.csv"
printf '%-34s %8s %8s %8s %10s %11s\n' "" median p10 p90 "x unshare" "x capejail"
for k in "${names[@]}"; do
	if [ -n "${na[$k]:-}" ]; then
		printf '%-34s %8s  (%s)\n' "${label[$k]}" n/a "${na[$k]}"
		echo "$k,\"${label[$k]}\",,,,,,,\"n/a: ${na[$k]//\"/}\"" >>"$out/launch.csv"
		continue
	fi
	r1=$(ratio "${med[$k]}" "$base")
	r2=$(ratio "${med[$k]}" "$cjm")
	printf '%-34s %8s %8s %8s %9sx %10sx\n' "${label[$k]}" "${med[$k]}" "${p10[$k]}" "${p90[$k]}" "$r1" "$r2"
	echo "$k,\"${label[$k]}\",${med[$k]},${p10[$k]},${p90[$k]},$r1,$r2,${rss[$k]}," >>"$out/launch.csv"
done

echo
echo "== 2. jails per second: $jails launches of /bin/true each, two at a time, in interleaved chunks"
tp=()
for k in bare unshare capejail bwrap firejail; do
	[ -z "${na[$k]:-}" ] && tp+=("$k")
done
mapfile -t args < <(pairs "${tp[@]}")
"$bin/bench-launch" throughput "$jails" 2 $((jails / 10)) "${args[@]}" >"$out/throughput.txt"
declare -A jps jlo jhi
while read -r k r a b; do
	jps[$k]=$r jlo[$k]=$a jhi[$k]=$b
done <"$out/throughput.txt"
echo "name,label,jails_per_s,chunk_p10,chunk_p90,x_capejail,note" >"$out/throughput.csv"
printf '%-34s %8s %8s %8s %11s\n' "" "jails/s" p10 p90 "capejail x"
for k in bare unshare capejail bwrap firejail; do
	if [ -n "${na[$k]:-}" ]; then
		printf '%-34s %8s  (%s)\n' "${label[$k]}" n/a "${na[$k]}"
		echo "$k,\"${label[$k]}\",,,,,\"n/a: ${na[$k]//\"/}\"" >>"$out/throughput.csv"
		continue
	fi
	r=$(ratio "${jps[capejail]}" "${jps[$k]}")
	printf '%-34s %8s %8s %8s %10sx\n' "${label[$k]}" "${jps[$k]}" "${jlo[$k]}" "${jhi[$k]}" "$r"
	echo "$k,\"${label[$k]}\",${jps[$k]},${jlo[$k]},${jhi[$k]},$r," >>"$out/throughput.csv"
done

echo
echo "== 3. syscalls, ns per call: 5 interleaved rounds of (outside, any filter, capejail),"
echo "   each round the best of 5 x ${calls} calls; the best round (another program can"
echo "   only add time), and the median round"
for round in 1 2 3 4 5; do
	"$bin/bench-syscalls" "$calls" >"$out/outside.$round.txt"
	"$bin/bench-allowall" "$bin/bench-syscalls" "$calls" >"$out/floor.$round.txt"
	"$cj" -q -r "$root" -- /bin/syscalls "$calls" >"$out/inside.$round.txt"
done
echo "syscall,outside_ns,floor_ns,inside_ns,outside_median_ns,floor_median_ns,inside_median_ns,inside_vs_outside,inside_vs_floor" >"$out/syscalls.csv"
printf '%-16s %9s %11s %9s   %-22s %10s %9s\n' syscall outside "any filter" capejail "(medians)" "x outside" "x filter"
declare -A sc_in sc_out sc_floor
for name in $(cut -d' ' -f1 "$out/outside.1.txt"); do
	v() { awk -v n="$name" '$1 == n { print $2 }' "$out/$1".?.txt | sort -g; }
	o=$(v outside | head -n 1) om=$(v outside | sed -n 3p)
	f=$(v floor | head -n 1) fm=$(v floor | sed -n 3p)
	i=$(v inside | head -n 1) im=$(v inside | sed -n 3p)
	r1=$(ratio "$i" "$o")
	r2=$(ratio "$i" "$f")
	sc_in[$name]=$i sc_out[$name]=$o sc_floor[$name]=$f
	printf '%-16s %9s %11s %9s   %-22s %9sx %8sx\n' "$name" "$o" "$f" "$i" "$om $fm $im" "$r1" "$r2"
	echo "$name,$o,$f,$i,$om,$fm,$im,$r1,$r2" >>"$out/syscalls.csv"
done
rm -f "$out"/outside.?.txt "$out"/floor.?.txt "$out"/inside.?.txt
echo "   (both blocked calls get EPERM in the jail: blocked_quiet is capget, \"quiet\" in"
echo "   SYSCALLS.md, which the filter answers in the kernel; blocked_supervisor is"
echo "   fchmod(-1, 04755), which breaks its S_ISUID rule and is handed to capejail's"
echo "   supervisor to answer and name (-q here); outside, both fail at once: EFAULT, EBADF."
echo "   setsockopt_pair_first/last: setsockopt's rule on (level, option) pairs, its first"
echo "   and last pair; getsockopt_norule: no rule, answered from the kernel's action cache)"

echo
echo "== 4. max RSS (wait4 of the command's process: it includes what that"
echo "   process reaped, for capejail its init, which runs capejail's code too)"
echo "name,maxrss_kb" >"$out/memory.csv"
for k in "${names[@]}"; do
	[ -n "${na[$k]:-}" ] && continue
	printf '%-34s %6s KiB\n' "${label[$k]}" "${rss[$k]}"
	echo "$k,${rss[$k]}" >>"$out/memory.csv"
done

echo
echo "== targets (issue #6), from this run"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
echo "capejail launch within 1.3x unshare: $(ratio "$cjm" "$base")x, $(verdict "$cjm <= 1.3 * $base")"
for k in bwrap firejail; do
	[ -n "${na[$k]:-}" ] && { echo "faster than $k: n/a"; continue; }
	echo "faster than $k: $(ratio "$cjm" "${med[$k]}")x its time, $(verdict "$cjm < ${med[$k]}")"
done
best=0
for k in bwrap firejail; do
	[ -n "${jps[$k]:-}" ] && best=$(awk -v a="$best" -v b="${jps[$k]}" 'BEGIN { print (b > a) ? b : a }')
done
echo "jails/s at least the peers' best ($best): ${jps[capejail]:-n/a}, $(verdict "${jps[capejail]:-0} >= $best")"
for name in getppid read_1_byte; do
	echo "allowed $name within 5% of outside: $(ratio "${sc_in[$name]}" "${sc_out[$name]}")x, $(verdict "${sc_in[$name]} <= 1.05 * ${sc_out[$name]}") (a one-instruction filter alone: $(ratio "${sc_floor[$name]}" "${sc_out[$name]}")x)"
done
echo "capejail max RSS under 2 MiB: ${rss[capejail]:-?} KiB, $(verdict "${rss[capejail]:-99999} < 2048")"

if command -v gnuplot >/dev/null; then
	mkdir -p "$(dirname "$png")"
	gnuplot -e "dir='$out'; png='$png'; caption='$date  |  $cpu, $ncpu CPUs, Linux $kernel  |  capejail $commit'" \
		"$here/chart.gp"
	echo
	echo "chart: $png"
fi
echo "CSV in $out/"
