#!/usr/bin/env bash
# build-qemu.sh - build (once) and cache the QEMU of the NUMA tier.
#
# Stock QEMU's loongson3-virt boots one CPU on one memory node; disco's NUMA
# work needs 8 CPUs on 2 nodes.  tools/qemu-host/qemu/*.patch fixes that
# (see the patch's description): it is applied to Debian's own QEMU source
# from bookworm-backports (the orig tarball of the newest qemu there), and
# only qemu-system-mips64el is built.
#
# Everything lives outside the clone, in ${DISCO_CACHE:-$HOME/.cache/disco}:
#   qemu-<upstream version>-<hash>/qemu-system-mips64el   the binary
#   qemu-<upstream version>-<hash>/build.log
#   qemu-src/qemu_<upstream>+ds.orig.tar.xz               the source
# <hash> = first 12 hex digits of sha256 over this script and the patches.
# A second run with the same inputs only prints the path (~1 s).
#
# The first run adds bookworm-backports (deb and deb-src, on the mirror the
# machine's own bookworm sources use) to apt, installs the build
# dependencies (meson >= 1.5 from backports) and builds in ~20 min on two
# cores.  Prints the binary's path on stdout (last line); all else on
# stderr.  --cached: only say (exit status) whether the binary is cached.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tools/qemu-host
CACHE=${DISCO_CACHE:-$HOME/.cache/disco}
SRCDIR=$CACHE/qemu-src

log() { echo "build-qemu: $*" >&2; }
die() { echo "build-qemu: ERROR: $*" >&2; exit 1; }

CACHED_ONLY=0
case ${1:-} in --cached) CACHED_ONLY=1 ;; "") ;; *) die "usage: $0 [--cached]" ;; esac

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

HASH=$(cat "$0" "$HERE"/qemu/*.patch | sha256sum | cut -c1-12)
# The version is in the cache directory's name, so look for any built one
# with these inputs before asking apt (the common, fast case).
for d in "$CACHE"/qemu-*-"$HASH"; do
	if [ -x "$d/qemu-system-mips64el" ] && [ -f "$d/.disco-built" ]; then
		[ "$CACHED_ONLY" = 1 ] && exit 0
		log "up to date: $d"
		echo "$d/qemu-system-mips64el"
		exit 0
	fi
done
[ "$CACHED_ONLY" = 1 ] && exit 1

# ------------------------------------------------------ bookworm-backports
# Debian's mirror as the machine's own sources name it (deb822 or one-line).
mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ {print u; exit}' "$f"
	done
	grep -hsE '^deb +[^ ]+ +bookworm +' /etc/apt/sources.list | awk '{print $2}' || true
}
BPO=/etc/apt/sources.list.d/disco-bookworm-backports.sources
if [ ! -f "$BPO" ]; then
	uri=$(mirror | head -n 1)
	[ -n "$uri" ] || die "no bookworm entry in the apt sources to take the mirror from"
	log "adding bookworm-backports (deb, deb-src) from $uri"
	printf '%s\n' 'Types: deb deb-src' "URIs: $uri" 'Suites: bookworm-backports' \
		'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
		$SUDO tee "$BPO" >/dev/null
	$SUDO apt-get update -qq
fi

DEPS="python3 libglib2.0-dev libpixman-1-dev libfdt-dev ninja-build pkg-config python3-venv
 gcc make xz-utils patch"
missing=
for p in $DEPS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
meson_ok() { command -v meson >/dev/null && dpkg --compare-versions "$(meson --version)" ge 1.5; }
if [ -n "$missing" ] || ! meson_ok; then
	log "installing build dependencies:$missing meson python3-pycotap (backports)"
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-t bookworm-backports meson python3-pycotap >&2
	meson_ok || die "meson >= 1.5 not available"
fi

# --------------------------------------------------------------- the source
# The newest qemu source package version in bookworm-backports.
PKGV=$(apt-cache madison qemu 2>/dev/null | awk -F' *[|] *' '$3 ~ /bookworm-backports/ && $3 ~ /Sources/ {print $2; exit}')
[ -n "$PKGV" ] || die "no qemu source package in bookworm-backports"
UPV=${PKGV#*:}
UPV=${UPV%%+*}
case $UPV in 10.*) ;; *) die "qemu $PKGV in backports: the patch is for 10.x" ;; esac
log "qemu source $PKGV (upstream $UPV)"
mkdir -p "$SRCDIR"
ORIG=$(apt-get source --print-uris -qq "qemu=$PKGV" 2>/dev/null |
	awk '$2 ~ /\.orig\.tar\.xz$/ {gsub("\x27", "", $1); print $1, $2; exit}')
[ -n "$ORIG" ] || die "apt-get source --print-uris names no orig tarball for qemu=$PKGV"
read -r URL TARBALL <<<"$ORIG"
if [ ! -s "$SRCDIR/$TARBALL" ]; then
	log "downloading $TARBALL"
	/usr/lib/apt/apt-helper download-file "$URL" "$SRCDIR/$TARBALL.tmp" >&2 ||
		die "cannot download $URL"
	mv "$SRCDIR/$TARBALL.tmp" "$SRCDIR/$TARBALL"
fi

# ---------------------------------------------------------------- the build
OUT=$CACHE/qemu-$UPV-$HASH
WORK=$CACHE/qemu-$UPV-work
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9 || die "cannot lock $OUT"
rm -rf "$WORK"
mkdir -p "$WORK"
log "unpacking and patching into $WORK"
tar -xJf "$SRCDIR/$TARBALL" -C "$WORK" --strip-components=1
for p in "$HERE"/qemu/*.patch; do
	patch -d "$WORK" -p1 -s <"$p" >&2 || die "$(basename "$p") does not apply"
done
start=$(date +%s)
log "building qemu-system-mips64el (~20 min on 2 cores; log: $OUT/build.log)"
(
	cd "$WORK"
	./configure --python=/usr/bin/python3 --target-list=mips64el-softmmu --without-default-features \
		--enable-fdt=system --enable-tcg --disable-docs --disable-tools \
		--disable-install-blobs --disable-werror
	nice -n 5 ninja -C build -j"$(nproc)" qemu-system-mips64el
) >"$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log" >&2; die "build failed (log: $OUT/build.log)"; }
cp "$WORK/build/qemu-system-mips64el" "$OUT/"
echo "$PKGV $HASH" >"$OUT/.disco-built"
rm -rf "$WORK"
log "built in $(($(date +%s) - start)) s: $OUT/qemu-system-mips64el"
echo "$OUT/qemu-system-mips64el"
