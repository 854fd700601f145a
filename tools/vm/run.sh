#!/bin/bash
# run.sh - boot a Debian kernel in QEMU (TCG, no KVM needed) with cgroup v2
# alone and run capejail's tests in it (tools/vm/guest.sh); `make vm-test`.
#   tools/vm/run.sh [--arch amd64|arm64] [--set ci|full|core] PACKAGE
# PACKAGE: a Debian kernel image package (linux-image-6.1.0-50-amd64, or a
# meta-package such as linux-image-6.12-amd64 for the image it names),
# fetched with apt-get download and unpacked with dpkg-deb -x into
# $VM_CACHE (default build/vm/cache): nothing is installed on the host. The
# guest shares the host's /usr and /etc and this tree read-only (9p, each
# under a tmpfs overlay), has no network device, and writes its results to
# build/vm/PACKAGE/: one TAP line per test file and place (all.tap, which
# `prove --exec cat` reads), the prove output per place, and `summary`
# ("N passed, N failed"). The tree must be built first (make vm-test does).
# VM_FILES=a.t,b.t runs those test files alone, from the root cgroup.
# Exit status: 0 when every test passed.
set -eu
ARCH=amd64
SET=ci
while [ $# -gt 1 ]; do
	case $1 in
	--arch) ARCH=$2; shift 2 ;;
	--set) SET=$2; shift 2 ;;
	*) break ;;
	esac
done
PKG=${1:?usage: run.sh [--arch amd64|arm64] [--set ci|full|core] PACKAGE}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
VM_CACHE=${VM_CACHE:-$SRC/build/vm/cache}
# VM_TAG: a second run of the same kernel beside the first.
OUTDIR=$SRC/build/vm/$PKG${VM_TAG:+-$VM_TAG}
MEM=${VM_MEM:-2048}
SMP=${VM_SMP:-2}
# A hung guest must not hold CI for ever; a busy machine must not stop a
# long set half way. Measured on this 2-vCPU machine: the cgroup set ~12-13
# min a kernel; the ci set's root place alone 5100-5200 s beside a loaded
# make check (86 min: the old bound of 90 min for every set cut its session
# place off), ~40 min quiet.
case $SET in
ci) TIMEOUT=${VM_TIMEOUT:-14400} ;;
full) TIMEOUT=${VM_TIMEOUT:-28800} ;;
*) TIMEOUT=${VM_TIMEOUT:-5400} ;;
esac

mkdir -p "$VM_CACHE" "$OUTDIR"
# A meta-package (linux-image-6.12-amd64): the image it depends on.
real=$(apt-cache depends "$PKG" 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }')
[ -z "$real" ] || PKG=$real
deb=$(ls "$VM_CACHE/${PKG}_"*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	(cd "$VM_CACHE" && apt-get download "$PKG:$ARCH" >/dev/null)
	deb=$(ls "$VM_CACHE/${PKG}_"*.deb | head -1)
fi
KDIR=$VM_CACHE/$PKG
if [ ! -d "$KDIR/boot" ]; then
	rm -rf "$KDIR.tmp" && mkdir -p "$KDIR.tmp"
	dpkg-deb -x "$deb" "$KDIR.tmp"
	mv "$KDIR.tmp" "$KDIR"
fi
KVER=$(ls "$KDIR/lib/modules" | head -1)
MODS=$KDIR/lib/modules/$KVER
KERNEL=$(ls "$KDIR"/boot/vmlinu*-"$KVER" | head -1)
# modules.dep for the guest's modprobe, made in the unpacked tree only.
[ -s "$MODS/modules.dep" ] || depmod -b "$KDIR" "$KVER"

# The initramfs: a static busybox, init, and the modules for virtio, 9p
# and overlay, and tun and veth for --net user's tests (slirp4netns's
# /dev/net/tun, 89-net's far side), uncompressed (busybox's insmod), in
# dependency order.
# busybox-static, downloaded and unpacked (installed, it would replace the
# host's busybox).
bbdir=$VM_CACHE/busybox-$ARCH
if [ ! -x "$bbdir/bin/busybox" ]; then
	(cd "$VM_CACHE" && apt-get download "busybox-static:$ARCH" >/dev/null)
	dpkg-deb -x "$(ls "$VM_CACHE"/busybox-static_*_"$ARCH".deb | head -1)" "$bbdir"
fi
BB=$bbdir/bin/busybox
IRD=$OUTDIR/initramfs
rm -rf "$IRD" && mkdir -p "$IRD"/{bin,dev,proc,sys,newroot,modules}
cp "$BB" "$IRD/bin/busybox"
cp "$SRC/tools/vm/init" "$IRD/init"
cp "$SRC/tools/vm/guest.sh" "$IRD/guest.sh"
echo "$SRC" >"$IRD/srcdir"
order() { # the module's dependencies first, each once
	local m=$1 d
	for d in $(awk -v m="$m:" '$1 == m { $1 = ""; print }' "$MODS/modules.dep"); do
		order "$d"
	done
	grep -qxF "$m" "$IRD/modules/order" 2>/dev/null || echo "$m" >>"$IRD/modules/order"
}
: >"$IRD/modules/order"
for want in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_mmio netfs 9pnet 9pnet_virtio 9p overlay tun veth; do
	m=$(awk -F: -v w="$want" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko.*/, "", n); if (n == w) { print $1; exit } }' "$MODS/modules.dep")
	[ -n "$m" ] && order "$m"
done
while read -r m; do
	base=${m##*/}
	case $m in
	*.xz) xz -dc "$MODS/$m" >"$IRD/modules/${base%.xz}" ;;
	*.zst) zstd -qdc "$MODS/$m" >"$IRD/modules/${base%.zst}" ;;
	*) cp "$MODS/$m" "$IRD/modules/$base" ;;
	esac
done <"$IRD/modules/order"
sed -i 's|.*/||; s/\.xz$//; s/\.zst$//' "$IRD/modules/order"
(cd "$IRD" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUTDIR/initramfs.gz"
rm -rf "$IRD"

# The guest's /usr: the host's, or for another architecture one unpacked
# from Debian's packages of that architecture (what the core tests run:
# bash, coreutils, python3, perl's prove, util-linux, procps, cpp and the
# kernel's headers for syscall numbers), merged as Debian's /usr is.
USR=/usr
BUILDDIR=build
if [ "$ARCH" != "$(dpkg --print-architecture)" ]; then
	BUILDDIR=build-aarch64
	USR=$VM_CACHE/userland-$ARCH/usr
	if [ ! -x "$USR/bin/prove" ]; then
		ul=$VM_CACHE/userland-$ARCH
		rm -rf "$ul" "$ul.debs" && mkdir -p "$ul" "$ul.debs"
		pkgs="libc6 libgcc-s1 libtinfo6 bash dash coreutils libacl1 libattr1
			libgmp10 libselinux1 libpcre2-8-0 grep sed mawk findutils
			diffutils util-linux mount libmount1 libblkid1 libsmartcols1
			libuuid1 libudev1 libcap-ng0 libaudit1 libcap2 procps
			libproc2-0 libsystemd0 libgcrypt20 libgpg-error0 liblz4-1
			liblzma5 libzstd1 python3-minimal python3.11-minimal
			libpython3.11-minimal libexpat1 zlib1g perl perl-base
			libperl5.36 libdb5.3 libgdbm6 libgdbm-compat4 libcrypt1
			libbz2-1.0 libc-bin hostname libpython3.11-stdlib libffi8
			cpp cpp-12 libmpc3 libmpfr6 libisl23 linux-libc-dev"
		# shellcheck disable=SC2086,SC2046
		(cd "$ul.debs" && apt-get download $(printf "%s:$ARCH " $pkgs) perl-modules-5.36 >/dev/null)
		for d in "$ul.debs"/*.deb; do dpkg-deb -x "$d" "$ul"; done
		for dir in bin sbin lib; do
			if [ -d "$ul/$dir" ] && [ ! -L "$ul/$dir" ]; then
				cp -a "$ul/$dir/." "$ul/usr/$dir/"
				rm -rf "${ul:?}/$dir"
			fi
		done
		[ -e "$USR/bin/sh" ] || ln -s dash "$USR/bin/sh"
		[ -e "$USR/bin/awk" ] || ln -s mawk "$USR/bin/awk"
		rm -rf "$ul.debs"
	fi
fi
BIN=$SRC/capejail
[ "$BUILDDIR" = build ] || BIN=$SRC/$BUILDDIR/capejail
[ -x "$BIN" ] || { echo "vm: $BIN is not built" >&2; exit 1; }

# What the guest runs: a copy of the tree as it is now (about 25 MB with
# the builds), so that editing the tree meanwhile does not change a run. It
# is mounted at the tree's own path: the generated rootless tests name it.
TREE=$OUTDIR/tree
rm -rf "$TREE" && mkdir -p "$TREE"
tar -C "$SRC" --exclude=./build/vm --exclude=./build-san --exclude=./build/deb \
	--exclude=./build/fuzz -cf - . | tar -C "$TREE" -xf -

RES=$OUTDIR/out
rm -rf "$RES" && mkdir -p "$RES"
share() { echo "-virtfs local,path=$1,mount_tag=$2,security_model=none,readonly=$3"; }
# -nic none: no network device at all.
COMMON="-m $MEM -smp $SMP -nographic -no-reboot -nic none
	$(share "$USR" usr on) $(share /etc etc on) $(share "$TREE" src on)
	$(share "$MODS" mods on) $(share "$RES" out off)"
APPEND="rdinit=/init cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 panic=-1 quiet loglevel=4 capejail.set=$SET capejail.build=$BUILDDIR capejail.src=$SRC"
# VM_FILES: only these test files (comma-separated), from the root cgroup.
[ -z "${VM_FILES:-}" ] || APPEND="$APPEND capejail.files=$VM_FILES"
if [ "$ARCH" = arm64 ]; then
	QEMU="qemu-system-aarch64 -machine virt -cpu max,pauth-impdef=on -accel tcg,thread=single"
	APPEND="console=ttyAMA0 $APPEND"
else
	QEMU="qemu-system-x86_64 -machine q35 -cpu max -accel tcg,thread=single"
	# no_timer_check: under TCG on a busy host the kernel's check of
	# the 8254 timer through the IO-APIC can fail, and 6.1 panics.
	APPEND="console=ttyS0 no_timer_check $APPEND"
fi
start=$(date +%s)
# A guest that died before its tests began (a boot that failed on a busy
# host) is booted once more.
for try in 1 2; do
	echo "vm: $PKG ($ARCH, set $SET): booting; console in $OUTDIR/console.txt"
	# shellcheck disable=SC2086
	timeout "$TIMEOUT" $QEMU $COMMON -kernel "$KERNEL" -initrd "$OUTDIR/initramfs.gz" \
		-append "$APPEND" </dev/null >"$OUTDIR/console.txt" 2>&1 || true
	[ "$try" = 1 ] && [ ! -s "$RES/console.log" ] || break
	echo "vm: $PKG: the guest did not start its tests; booting again"
	cp "$OUTDIR/console.txt" "$OUTDIR/console-failed-boot.txt"
done
took=$(($(date +%s) - start))
echo "vm: $PKG: $took s"
rm -rf "$TREE"
if [ ! -s "$RES/summary" ]; then
	echo "not ok 1 - $PKG: the VM ended without results (see $OUTDIR/console.txt)" >"$OUTDIR/all.tap"
	echo "1..1" >>"$OUTDIR/all.tap"
	echo "0 passed, 1 failed" >"$OUTDIR/summary"
	tail -20 "$OUTDIR/console.txt" >&2
else
	sed "s/^\(not \)\{0,1\}ok [0-9]* - /&$KVER: /" "$RES/all.tap" >"$OUTDIR/all.tap"
	cp "$RES/summary" "$OUTDIR/summary"
fi
echo "# $PKG ($KVER, $ARCH, set $SET): $took s" >>"$OUTDIR/all.tap"
echo "vm: $PKG: $(cat "$OUTDIR/summary") ($took s)"
# A failure names its assertions here (the runner's log may be all there is
# to read): prove --failures wrote them, with their diagnostics, per place.
# Known failures (TODO) alone print nothing.
grep -q ', 0 failed' "$OUTDIR/summary" ||
	for f in "$RES"/*.prove; do
		[ -e "$f" ] && grep -q '^not ok' "$f" || continue
		echo "vm: $PKG: failed in place $(basename "$f" .prove):"
		grep -E -A4 '^not ok' "$f" | sed 's/^/vm:   /'
	done
grep -q ', 0 failed' "$OUTDIR/summary"
