#!/bin/sh
# install-deps.sh - install what building and testing capejail needs, if it
# is missing. Debian/Ubuntu (apt-get) and Fedora (dnf); elsewhere, say what
# is needed. Quiet and fast when everything is there.
set -eu

# Debian package names: build, tests (prove, python3, ipcmk/setpriv, pgrep),
# lint, fuzzing (clang: libFuzzer).
DEB="gcc make libc6-dev pkg-config libseccomp-dev perl python3 util-linux procps cppcheck clang-tidy clang-format clang runc file groff-base"
RPM="gcc make glibc-static pkgconf-pkg-config libseccomp-devel perl-Test-Harness python3 util-linux procps-ng cppcheck clang-tools-extra clang compiler-rt runc file groff"

# --aarch64: what `make cross-aarch64` needs as well.
if [ "${1:-}" = --aarch64 ]; then
	if command -v apt-get >/dev/null 2>&1; then
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			dpkg --add-architecture arm64
			apt-get update -qq
		fi
		missing=""
		for p in gcc-aarch64-linux-gnu libseccomp-dev:arm64 qemu-user file; do
			dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q " installed$" || missing="$missing $p"
		done
		if [ -n "$missing" ]; then
			apt-get update -qq
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
		fi
		exit 0
	fi
	echo "install-deps: --aarch64 needs apt-get (Debian/Ubuntu)" >&2
	exit 1
fi

# --deb: what `make deb` needs as well.
if [ "${1:-}" = --deb ]; then
	missing=""
	for p in debhelper lintian dpkg-dev fakeroot; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q " installed$" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	fi
	exit 0
fi

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	missing=""
	for p in $DEB; do
		st=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*" installed") ;;
		*) missing="$missing $p" ;;
		esac
	done
	if [ -n "$missing" ]; then
		echo "install-deps: installing$missing"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	fi
elif command -v dnf >/dev/null 2>&1; then
	as_root dnf install -y -q $RPM
else
	echo "install-deps: no apt-get or dnf here; install by hand: a C compiler," >&2
	echo "  GNU make, pkg-config, libseccomp (development files), static libc," >&2
	echo "  perl's prove, python3, util-linux, procps, cppcheck, clang-tidy." >&2
	exit 1
fi
