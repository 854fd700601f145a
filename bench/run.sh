#!/bin/bash
# bench/run.sh - `make bench`: capejail against a bare fork+exec, unshare
# with the same namespaces (the kernel's own cost), and the peers there are
# (bubblewrap, firejail; minijail0 and nsjail when on PATH or given by
# MINIJAIL0= and NSJAIL=), each in its quickest configuration and in the
# one closest to capejail's default jail, all in one run and interleaved,
# so that the ratios hold even on a busy machine. See bench/README.md.
# Writes $BENCH_OUT/*.csv and the chart.
set -euo pipefail
cj=${CAPEJAIL:?set CAPEJAIL to the capejail binary}
out=${BENCH_OUT:-build/bench}
bin=${BENCH_BIN:-$(dirname "$out")}
png=${BENCH_PNG:-doc/bench.png}
runs=${BENCH_RUNS:-200}  # launches per command, for latency
jails=${BENCH_JAILS:-1000} # launches per command, for jails per second
calls=${BENCH_CALLS:-300000} # calls per syscall and round
steps=${BENCH_STEPS:-40} # launches per chunk, for where the time goes
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
# The load average, at the start and at the end: ratios of one run hold on
# a busy machine, absolute times do not.
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at the start: $load0"

# A small root for -r: /bin/true with the libraries it needs, and the
# static syscall bench.
root=$(mktemp -d /var/tmp/capejail-bench.XXXXXX)
peer=$(mktemp -d /var/tmp/capejail-bench-peer.XXXXXX)
trap 'rm -rf "$root" "$peer"' EXIT
chmod 755 "$root" "$peer"
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

# firejail as close as it goes: run by root it keeps root (no user
# namespace, no other uid: it runs as its caller, through its setuid
# helper), so what is left is the rest: no network, its own IPC and UTS
# namespaces (pid and mount it always has), a private /tmp and /dev,
# /usr and /etc read-only, no capabilities, no_new_privs.
fj="firejail --quiet --noprofile --net=none --ipc-namespace --hostname=jail"
fj="$fj --private-tmp --private-dev --read-only=/usr --read-only=/etc"
fj="$fj --caps.drop=all --nonewprivs"

# minijail0 and nsjail are not Debian packages: each is compared when it is
# on PATH or given by path (MINIJAIL0=/path, NSJAIL=/path).
mj=${MINIJAIL0:-$(command -v minijail0 || true)}
nsj=${NSJAIL:-$(command -v nsjail || true)}

# minijail0 alike: a user namespace where nobody is nobody (its map's
# fields are separated by tabs, not spaces: the harness splits a command
# at spaces, the kernel reads either), every namespace, a chroot into a
# directory with the host's /usr and /etc read-only and the merged-/usr
# links, a fresh /proc (minijail's is read-only), a minimal /dev (a tmpfs
# with the host's null, zero, full, random and urandom: mknod is refused
# in a user namespace), a private /tmp, no_new_privs, and no capabilities
# once nobody execs the program (-c 0 would need --ambient with -T static).
# chroot, not pivot_root (-P): minijail mounts /proc after the pivot,
# which the kernel refuses in a user namespace once no other /proc is
# visible there. -T static everywhere: minijail0 jails its child itself
# before the exec, where by default it execs the program with its
# LD_PRELOAD library, which finishes the jail inside it (slower here, and
# it needs the library installed). --logging=stderr: an error shows in
# the n/a line, not only in syslog.
mkdir -p "$peer/usr" "$peer/etc" "$peer/proc" "$peer/dev" "$peer/tmp"
tab=$'\t'
mjr="$mj --logging=stderr -T static -U -m65534${tab}65534${tab}1 -M65534${tab}65534${tab}1"
mjr="$mjr -u 65534 -g 65534 -n -p -v -l -e -N --uts=jail -C $peer"
mjr="$mjr -b /usr,/usr -b /etc,/etc"
# nsjail alike: its user namespace maps nobody to the host's nobody, every
# namespace (its default), an empty tmpfs root (its default without
# --chroot) with /usr and /etc read-only and the links, /proc (its
# default, said here), private /tmp and /dev as for minijail (/dev not
# -T: its mode 1777 makes /dev/null unwritable by nobody).
nsr="$nsj -Mo -Q -u 65534:65534 -g 65534:65534 -H jail -R /usr -R /etc"
for d in bin sbin lib lib64 lib32 libx32; do
	if [ -L "/$d" ]; then
		ln -s "$(readlink "/$d")" "$peer/$d"
		nsr="$nsr -s $(readlink "/$d"):/$d"
	elif [ -d "/$d" ]; then
		mkdir -p "$peer/$d"
		mjr="$mjr -b /$d,/$d"
		nsr="$nsr -R /$d"
	fi
done
mjr="$mjr -k tmpfs,/dev,tmpfs,MS_NOSUID|MS_NOEXEC,mode=755"
nsr="$nsr --proc_path /proc -T /tmp -m none:/dev:tmpfs:mode=755"
for d in null zero full; do
	mjr="$mjr -b /dev/$d,/dev/$d,1"
	nsr="$nsr -B /dev/$d"
done
for d in random urandom; do
	mjr="$mjr -b /dev/$d,/dev/$d"
	nsr="$nsr -R /dev/$d"
done
mjr="$mjr -t"

names=(bare unshare capejail capejail_r capejail_limits bwrap_quick bwrap firejail_quick firejail minijail_quick minijail nsjail_quick nsjail)
declare -A cmd=(
	[bare]="/bin/true"
	[unshare]="unshare --user --pid --fork --mount --net --ipc --uts --cgroup /bin/true"
	[capejail]="$cj -- /bin/true"
	[capejail_r]="$cj -r $root -- /bin/true"
	[capejail_limits]="$cj --memory 256M --pids 64 -- /bin/true"
	[bwrap_quick]="bwrap --dev-bind / / /bin/true"
	[bwrap]="$bw /bin/true"
	[firejail_quick]="firejail --quiet --noprofile /bin/true"
	[firejail]="$fj /bin/true"
	[minijail_quick]="$mj --logging=stderr -T static -p -v -n -e -l /bin/true"
	[minijail]="$mjr -- /bin/true"
	[nsjail_quick]="$nsj -Mo -Q --chroot / -- /bin/true"
	[nsjail]="$nsr -- /bin/true"
)
declare -A label=(
	[bare]="bare fork+exec"
	[unshare]="unshare, same namespaces"
	[capejail]="capejail, default root"
	[capejail_r]="capejail -r small root"
	[capejail_limits]="capejail --memory --pids"
	[bwrap_quick]="bwrap, quickest"
	[bwrap]="bwrap, like capejail"
	[firejail_quick]="firejail, quickest"
	[firejail]="firejail, like capejail"
	[minijail_quick]="minijail0, quickest"
	[minijail]="minijail0, like capejail"
	[nsjail_quick]="nsjail, quickest"
	[nsjail]="nsjail, like capejail"
)
# The peers, each in its two configurations: quickest, like capejail.
peers=(bwrap firejail minijail nsjail)

# Each command once first: one that cannot run here is n/a, with why.
declare -A na=()
[ -n "$mj" ] || na[minijail_quick]="minijail0 not on PATH (MINIJAIL0=/path to compare one)"
[ -n "$nsj" ] || na[nsjail_quick]="nsjail not on PATH (NSJAIL=/path to compare one)"
na[minijail]=${na[minijail_quick]:-} na[nsjail]=${na[nsjail_quick]:-}
ok=()
for k in "${names[@]}"; do
	if [ -n "${na[$k]:-}" ]; then
		echo "$k: n/a (${na[$k]})"
		continue
	fi
	# Split at spaces only, as the harness does (minijail's maps hold tabs).
	IFS=' ' read -r -a words <<<"${cmd[$k]}"
	if why=$("${words[@]}" 2>&1 >/dev/null); then
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
echo "== 1. launch of /bin/true: $runs runs each, interleaved (ms; median, p10, p90;"
echo "   CPU: the median of the user+system time that wait4 reports for the command,"
echo "   all it reaped and all it left running (the harness, a subreaper, waits for"
echo "   those): for a jail its launcher, its init and the program)"
mapfile -t args < <(pairs "${ok[@]}")
"$bin/bench-launch" latency "$runs" "$out/launch_samples.csv" "${args[@]}" >"$out/latency.txt"
declare -A med p10 p90 rss cpums
while read -r k m a b r c; do
	med[$k]=$m p10[$k]=$a p90[$k]=$b rss[$k]=$r cpums[$k]=$c
done <"$out/latency.txt"
base=${med[unshare]:-0}
cjm=${med[capejail]:-0}
basecpu=${cpums[unshare]:-0}
echo "name,label,median_ms,p10_ms,p90_ms,x_unshare,x_capejail,maxrss_kb,median_cpu_ms,x_unshare_cpu,note" >"$out/launch.csv"
printf '%-34s %8s %8s %8s %10s %11s %8s %10s\n' "" median p10 p90 "x unshare" "x capejail" "CPU ms" "CPU x uns"
for k in "${names[@]}"; do
	if [ -n "${na[$k]:-}" ]; then
		printf '%-34s %8s  (%s)\n' "${label[$k]}" n/a "${na[$k]}"
		echo "$k,\"${label[$k]}\",,,,,,,,,\"n/a: ${na[$k]//\"/}\"" >>"$out/launch.csv"
		continue
	fi
	r1=$(ratio "${med[$k]}" "$base")
	r2=$(ratio "${med[$k]}" "$cjm")
	r3=$(ratio "${cpums[$k]}" "$basecpu")
	printf '%-34s %8s %8s %8s %9sx %10sx %8s %9sx\n' "${label[$k]}" "${med[$k]}" "${p10[$k]}" "${p90[$k]}" "$r1" "$r2" "${cpums[$k]}" "$r3"
	echo "$k,\"${label[$k]}\",${med[$k]},${p10[$k]},${p90[$k]},$r1,$r2,${rss[$k]},${cpums[$k]},$r3," >>"$out/launch.csv"
done

echo
echo "== 2. jails per second: $jails launches of /bin/true each, 2 and then 8 at a"
echo "   time, in chunks of a tenth interleaved across commands and concurrencies"
# Bare, unshare, capejail and the peers configured like it.
tpnames=(bare unshare capejail "${peers[@]}")
concs=(2 8)
tp=()
for k in "${tpnames[@]}"; do
	[ -z "${na[$k]:-}" ] && tp+=("$k")
done
mapfile -t args < <(pairs "${tp[@]}")
"$bin/bench-launch" throughput "$jails" "$(IFS=,; echo "${concs[*]}")" $((jails / 10)) "${args[@]}" >"$out/throughput.txt"
declare -A jps jlo jhi
while read -r k c r a b; do
	jps[$k@$c]=$r jlo[$k@$c]=$a jhi[$k@$c]=$b
done <"$out/throughput.txt"
echo "name,label,concurrency,jails_per_s,chunk_p10,chunk_p90,x_capejail,note" >"$out/throughput.csv"
for c in "${concs[@]}"; do
	printf '%-34s %8s %8s %8s %11s\n' "$c at a time" "jails/s" p10 p90 "capejail x"
	for k in "${tpnames[@]}"; do
		if [ -n "${na[$k]:-}" ]; then
			printf '%-34s %8s  (%s)\n' "${label[$k]}" n/a "${na[$k]}"
			continue
		fi
		r=$(ratio "${jps[capejail@$c]}" "${jps[$k@$c]}")
		printf '%-34s %8s %8s %8s %10sx\n' "${label[$k]}" "${jps[$k@$c]}" "${jlo[$k@$c]}" "${jhi[$k@$c]}" "$r"
	done
done
# One row per command and concurrency, a command's rows together (the
# chart draws them side by side).
for k in "${tpnames[@]}"; do
	for c in "${concs[@]}"; do
		if [ -n "${na[$k]:-}" ]; then
			echo "$k,\"${label[$k]}\",$c,,,,,\"n/a: ${na[$k]//\"/}\"" >>"$out/throughput.csv"
		else
			r=$(ratio "${jps[capejail@$c]}" "${jps[$k@$c]}")
			echo "$k,\"${label[$k]}\",$c,${jps[$k@$c]},${jlo[$k@$c]},${jhi[$k@$c]},$r," >>"$out/throughput.csv"
		fi
	done
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
echo "== 5. where the time goes: capejail's steps (--timings) against the kernel's"
echo "   own cost of the same operation alone (bench/floors.c), us; 5 interleaved"
echo "   chunks of $steps each, the median of the chunks' medians"
# The cgroup the floor's mkdir/rmdir is made in: where capejail makes the
# default memory cgroup's (v1: the memory hierarchy; v2: the root).
cgdir=/sys/fs/cgroup
[ -d /sys/fs/cgroup/memory ] && cgdir=/sys/fs/cgroup/memory
: >"$out/floors.txt"
: >"$out/timings.txt"
for chunk in 1 2 3 4 5; do
	"$bin/bench-floors" "$steps" "$cgdir" | sed "s/^/$chunk /" >>"$out/floors.txt"
	for i in $(seq "$steps"); do
		"$cj" --timings -- /bin/true 2>&1 >/dev/null |
			awk -v c="$chunk" -v i="$i" '/timing:/ { print c, i, $3 "/" $4, $5 }'
	done >>"$out/timings.txt"
done
# median of the chunks' medians: per chunk, then across chunks.
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }'; }
floor() { # floor STEP
	local c
	for c in 1 2 3 4 5; do awk -v c="$c" -v s="$1" '$1 == c && $2 == s { print $3 }' "$out/floors.txt"; done | med
}
took() { # took WHO/STEP...: the steps' sum per run, median per chunk, median
	local c
	for c in 1 2 3 4 5; do
		awk -v c="$c" -v steps="$*" 'BEGIN { n = split(steps, a, " "); for (k = 1; k <= n; k++) want[a[k]] = 1 }
			$1 == c && ($3 in want) { sum[$2] += $4 }
			END { for (i in sum) print sum[i] }' "$out/timings.txt" | med
	done | med
}
echo "capejail_steps,capejail_us,floor,floor_us,x_floor" >"$out/floors.csv"
printf '%-44s %9s   %-34s %8s %8s\n' "capejail's step(s)" us "the kernel's alone" us "x floor"
while read -r steps_ fl; do
	a=$(took ${steps_//+/ })
	b=0
	for f in ${fl//+/ }; do b=$(awk -v x="$b" -v y="$(floor "$f")" 'BEGIN { print x + y }'); done
	r=$(ratio "$a" "$b")
	printf '%-44s %9s   %-34s %8s %7sx\n' "${steps_//+/ + }" "$a" "${fl//+/ + }" "$b" "$r"
	echo "${steps_//+/ },$a,${fl//+/ },$b,$r" >>"$out/floors.csv"
done <<'EOS'
capejail/clone+capejail/reap clone-exit-all-ns
init/root mount-tmpfs+bind-usr
init/proc mount-proc
init/pivot-root pivot-root
capejail/lo-up lo-up
init/seccomp seccomp
capejail/cgroup-create+capejail/cgroup-remove cgroup-mkdir-rmdir
init/fork+capejail/program fork-exec-true
EOS
echo "   (clone-exit-all-ns: clone with capejail's namespaces and wait for a child"
echo "   that exits at once, without a network namespace: $(floor clone-exit-no-netns) us;"
echo "   capejail's clone step ends when clone returns, its reap when init's exit"
echo "   tore the namespaces down. A floor's step in namespaces is timed in a"
echo "   child of such a clone, as root mapped to root.)"
echo "build once, clone per jail (issue #15): a tmpfs with 5 read-only binds made as a"
echo "   launch makes it: $(floor tree-make-5) us; the same tree, made before, cloned whole"
echo "   (open_tree(OPEN_TREE_CLONE | AT_RECURSIVE)) and attached: $(floor tree-clone-5) us"

echo
load1=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== targets (issue #15), from this run (load average $load0 at the start,"
echo "   $load1 at the end, on $ncpu CPUs)"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
cjc=${cpums[capejail]:-0}
echo "capejail default within 1.30x unshare (medians): $(ratio "$cjm" "$base")x, $(verdict "$cjm <= 1.3 * $base")"
# minijail0 in both configurations, wall and CPU; the other peers like
# capejail, wall (their CPU is in the table).
for k in minijail_quick "${peers[@]}"; do
	if [ -n "${na[$k]:-}" ]; then
		echo "faster than ${label[$k]}: n/a (${na[$k]})"
		continue
	fi
	case $k in
	minijail*)
		echo "faster than ${label[$k]}, wall and CPU: $(ratio "$cjm" "${med[$k]}")x its time, $(ratio "$cjc" "${cpums[$k]}")x its CPU, $(verdict "$cjm < ${med[$k]} && $cjc < ${cpums[$k]}")"
		;;
	*)
		echo "faster than ${label[$k]}: $(ratio "$cjm" "${med[$k]}")x its time, $(verdict "$cjm < ${med[$k]}")"
		;;
	esac
done
if [ -n "${na[bwrap]:-}" ]; then
	echo "CPU per launch at most bubblewrap's: n/a (${na[bwrap]})"
else
	echo "CPU per launch at most bubblewrap's (like capejail): $cjc ms against ${cpums[bwrap]}, $(ratio "$cjc" "${cpums[bwrap]}")x, $(verdict "$cjc <= ${cpums[bwrap]}")"
fi
j=${jps[capejail@2]:-0} u=${jps[unshare@2]:-0}
echo "jails/s 2 at a time at least 0.9x unshare's: $j against $u, $(ratio "$j" "$u")x, $(verdict "$j >= 0.9 * $u")"
echo "capejail max RSS at most 1.2 MiB (1228.8 KiB): ${rss[capejail]:-?} KiB, $(verdict "${rss[capejail]:-99999} <= 1228.8")"
echo "and issue #6's syscall target, kept:"
for name in getppid read_1_byte; do
	echo "allowed $name within 5% of outside: $(ratio "${sc_in[$name]}" "${sc_out[$name]}")x, $(verdict "${sc_in[$name]} <= 1.05 * ${sc_out[$name]}") (a one-instruction filter alone: $(ratio "${sc_floor[$name]}" "${sc_out[$name]}")x)"
done

if command -v gnuplot >/dev/null; then
	mkdir -p "$(dirname "$png")"
	gnuplot -e "dir='$out'; png='$png'; caption='$date  |  $cpu, $ncpu CPUs, Linux $kernel  |  capejail $commit'" \
		"$here/chart.gp"
	echo
	echo "chart: $png"
fi
echo "CSV in $out/"
