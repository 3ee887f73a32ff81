#!/usr/bin/env bash
# guest/ccroot.sh - a root file system with gcc and make for the Linux
# guest, from Debian's mips64el packages (dpkg -x, nothing runs), and the
# compile workload's sources: bench/linux's analogue of Disco's Pmake.
#
# Output: build/ccroot/ (the tree; mkinitramfs.sh ships it as
# /disco/ccroot with DISCO_CCROOT=1), rebuilt when the package list, the
# versions or the workload change.  The packages are gcc, make and
# libc6-dev for mips64el with their dependencies (apt-cache depends,
# mips64el ones only), cached in ~/.cache/disco/debs.  Documentation,
# locales and LTO are left out; busybox is /bin/sh and rm (make's recipes
# need them).  The workload is bench/numasim (the NUMA simulator: three C files
# and a header of kernel/numa) with bench/linux/compile/Makefile, one
# gcc -O2 per file and a link, in /work.
#
# Prints the tree's path on stdout (last line).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${DISCO_CACHE:-$HOME/.cache/disco}
DEBS=$CACHE/debs
OUT=$ROOT/build/ccroot
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

log() { echo "ccroot: $*" >&2; }
die() { echo "ccroot: ERROR: $*" >&2; exit 1; }

[ -s "$ROOT/build/env.sh" ] || die "run tools/qemu-host/setup.sh first"
# shellcheck source=/dev/null
. "$ROOT/build/env.sh"
[ -x "${BUSYBOX:-}" ] || die "no static busybox (setup.sh)"
mkdir -p "$DEBS"

closure() {
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances \
		gcc:mips64el make:mips64el libc6-dev:mips64el 2>/dev/null |
		sed -n 's/^\([a-z0-9][a-z0-9.+-]*\):mips64el$/\1/p' | sort -u
}
pkgs=$(closure)
if [ -z "$pkgs" ]; then
	log "apt-get update (no mips64el gcc known)"
	$SUDO apt-get update -qq
	pkgs=$(closure)
fi
[ -n "$pkgs" ] || die "apt knows no gcc:mips64el (dpkg --add-architecture mips64el; setup.sh does)"

# The key: every package at its candidate version, and the workload.
list=
for p in $pkgs; do
	v=$(apt-cache policy "$p:mips64el" | awk '/Candidate:/ { print $2 }')
	[ -n "$v" ] && [ "$v" != "(none)" ] || die "no candidate for $p:mips64el"
	list="$list $p=$v"
done
key=$( { echo "$list"; cat "$0" "$ROOT"/bench/numasim/*.[ch] \
	"$ROOT/kernel/numa/policy_core.h" "$ROOT/bench/linux/compile/Makefile"; } |
	sha256sum | cut -c1-12)
if [ "$(cat "$OUT/.disco-ccroot" 2>/dev/null)" = "$key" ]; then
	log "up to date: $OUT"
	echo "$OUT"
	exit 0
fi

rm -rf "$OUT"
mkdir -p "$OUT"
n=0
for pv in $list; do
	p=${pv%%=*} v=${pv#*=}
	f=$DEBS/${p}_${v//:/%3a}_mips64el.deb
	if [ ! -s "$f" ]; then
		(cd "$DEBS" && apt-get download -qq "$p:mips64el=$v" 2>/dev/null) ||
			die "cannot download $p:mips64el=$v"
	fi
	dpkg -x "$f" "$OUT"
	n=$((n + 1))
done
log "$n packages unpacked"
rm -rf "$OUT"/usr/share/{doc,man,info,locale,lintian,bug,gdb}
rm -f "$OUT"/usr/lib/gcc/mips64el-linux-gnuabi64/12/lto1
# Debian's merged /usr layout is made by base-files, not unpacked here.
for d in bin sbin lib lib64; do
	if [ -d "$OUT/$d" ] && [ ! -L "$OUT/$d" ]; then
		mkdir -p "$OUT/usr/$d"
		cp -a "$OUT/$d/." "$OUT/usr/$d/"
		rm -rf "${OUT:?}/$d"
	fi
	ln -s "usr/$d" "$OUT/$d"
done
install -m 755 "$BUSYBOX" "$OUT/usr/bin/busybox"
for a in sh rm mv cp mkdir cat ls echo test [ true; do
	[ -e "$OUT/usr/bin/$a" ] || ln -s busybox "$OUT/usr/bin/$a"
done
mkdir -p "$OUT"/{tmp,dev,proc,work/numasim,work/kernel/numa}
cp "$ROOT"/bench/numasim/*.[ch] "$OUT/work/numasim/"
cp "$ROOT/kernel/numa/policy_core.h" "$OUT/work/kernel/numa/"
cp "$ROOT/bench/linux/compile/Makefile" "$OUT/work/numasim/Makefile"
[ -x "$OUT/usr/bin/gcc" ] && [ -x "$OUT/usr/bin/make" ] || die "no gcc or make in $OUT"
echo "$key" >"$OUT/.disco-ccroot"
log "built $OUT ($(du -sm "$OUT" | cut -f1) MiB)"
echo "$OUT"
