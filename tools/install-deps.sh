#!/bin/sh
# install-deps.sh - install what building and testing capejail needs, if it
# is missing. Debian/Ubuntu (apt-get) and Fedora (dnf); elsewhere, say what
# is needed. Quiet and fast when everything is there.
#   install-deps.sh            build, tests, lint, fuzz, runc test, man page
#   install-deps.sh --aarch64  what `make cross-aarch64` needs as well
#   install-deps.sh --deb      what `make deb` needs as well
#   install-deps.sh --bench    what `make bench` compares against and draws
#                              with: bubblewrap, firejail, gnuplot
#   install-deps.sh --load     stress-ng, the load CI runs the tests beside
#   install-deps.sh --vm       what `make vm-test` boots kernels with: QEMU
#                              (x86 and arm), a static busybox, kmod
#   install-deps.sh --compat   the programs of `make compat`'s corpus
# debootstrap, an optional run-time dependency (capejail --mkroot-from
# debootstrap), is installed when CAPEJAIL_TEST_NETWORK=1 asks the tests to
# use it.
set -eu

# Debian package names: build, tests (prove, python3, ipcmk/setpriv, pgrep,
# runc, groff, slirp4netns and ip for --net user, newuidmap), lint, fuzz (clang).
DEB="gcc make libc6-dev pkg-config libseccomp-dev perl python3 util-linux procps cppcheck clang-tidy clang-format clang runc busybox file groff-base python3-numpy libopenblas0-pthread slirp4netns iproute2 uidmap"
RPM="gcc make glibc-static pkgconf-pkg-config libseccomp-devel perl-Test-Harness python3 util-linux procps-ng cppcheck clang-tools-extra clang compiler-rt runc file groff slirp4netns iproute shadow-utils"
DEB_AARCH64="gcc-aarch64-linux-gnu libseccomp-dev:arm64 qemu-user file"
DEB_DEB="debhelper lintian dpkg-dev fakeroot"
# `make bench`: the jails it is measured against, and the chart.
DEB_BENCH="bubblewrap firejail gnuplot-nox"
# `make vm-test`: QEMU, depmod for the kernel's modules, cpio. (The guest's
# static busybox is downloaded and unpacked by tools/vm/run.sh, not
# installed: busybox-static would replace busybox.)
DEB_VM="qemu-system-x86 qemu-system-arm kmod cpio xz-utils zstd"
# `make compat`: the real programs of tests/compat/w/.
DEB_COMPAT="gcc g++ make cmake binutils python3 python3-venv nodejs perl ruby lua5.4 tcl git tar gzip bzip2 xz-utils zstd cpio zip unzip sqlite3 openssl gnupg fio util-linux coreutils file jq bc patch diffutils busybox"

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get install those of the named Debian packages that are not installed,
# quietly: one line saying what, apt's own output in a log shown only if it
# fails. WHY (set by the caller) says what they are for.
apt_install_missing() {
	missing=""
	for p in "$@"; do
		st=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*" installed") ;;
		*) missing="$missing $p" ;;
		esac
	done
	[ -n "$missing" ] || return 0
	echo "install-deps: installing${WHY:+ $WHY}:$missing"
	log=$(mktemp /tmp/capejail-install-deps.XXXXXX)
	# shellcheck disable=SC2086
	if ! { as_root apt-get update -qq &&
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >"$log" 2>&1; then
		tail -20 "$log" >&2
		echo "install-deps: apt-get failed (whole log: $log)" >&2
		return 1
	fi
	rm -f "$log"
}

have_apt() {
	command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1
}

# extra MODE WHY PACKAGE...: what one of the modes below installs, and exit
# (the modes need apt-get).
extra() {
	mode=$1
	WHY=$2
	shift 2
	have_apt || { echo "install-deps: $mode needs apt-get (Debian/Ubuntu)" >&2; exit 1; }
	apt_install_missing "$@"
	exit 0
}

# shellcheck disable=SC2086
case "${1:-}" in
--aarch64)
	have_apt || { echo "install-deps: --aarch64 needs apt-get (Debian/Ubuntu)" >&2; exit 1; }
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		as_root dpkg --add-architecture arm64
		as_root apt-get update -qq
	fi
	extra --aarch64 "the aarch64 cross compiler, libseccomp for arm64 and qemu-user" $DEB_AARCH64
	;;
--deb) extra --deb "what building the Debian package needs" $DEB_DEB ;;
--load) extra --load "stress-ng, to run the tests on a busy machine" stress-ng ;;
--vm) extra --vm "QEMU (x86 and arm), kmod, cpio and the decompressors make vm-test boots Debian's kernels with" $DEB_VM ;;
--bench) extra --bench "the jails make bench compares against, and gnuplot for its chart" $DEB_BENCH ;;
--compat) extra --compat "the real programs of make compat's corpus" $DEB_COMPAT ;;
esac

if [ "${CAPEJAIL_TEST_NETWORK:-0}" = 1 ]; then
	DEB="$DEB debootstrap"
	RPM="$RPM debootstrap"
fi

if have_apt; then
	WHY="what building capejail and its tests need (compiler, libseccomp, prove, python3 with numpy and OpenBLAS for the program tests, runc and busybox for the OCI profile test, slirp4netns and iproute2 for --net user, uidmap (newuidmap) for rootless jails with subordinate ids, cppcheck, clang-tidy, clang for lint and fuzzing)"
	# shellcheck disable=SC2086
	apt_install_missing $DEB
elif command -v dnf >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	as_root dnf install -y -q $RPM
else
	echo "install-deps: no apt-get or dnf here; install by hand: a C compiler," >&2
	echo "  GNU make, pkg-config, libseccomp (development files), static libc," >&2
	echo "  perl's prove, python3, util-linux, procps, cppcheck, clang-tidy," >&2
	echo "  clang, runc, groff." >&2
	exit 1
fi
