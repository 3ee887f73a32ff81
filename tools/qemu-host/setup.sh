#!/usr/bin/env bash
# setup.sh - prepare everything needed to cross-build disco for mips64el and
# boot it on an emulated Loongson-3 host (QEMU loongson3-virt).
#
# Idempotent: a second run does no apt work and no downloads.
#  * host packages via apt (root, or sudo) only when something is missing
#  * the newest Debian loongson-3 kernel ABI whose image, headers and the
#    amd64 linux-kbuild-6.1 all exist at the same version (resolved at run
#    time, never hard-coded)
#  * .debs and the linux-source tarball are cached outside the clone in
#    ${DISCO_CACHE:-$HOME/.cache/disco}; unpacked trees live in build/
#  * writes build/env.mk and build/env.sh for Makefiles and scripts
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${DISCO_CACHE:-$HOME/.cache/disco}
DEBS=$CACHE/debs
BUILD=$ROOT/build
mkdir -p "$DEBS" "$BUILD"

log() { echo "setup: $*" >&2; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "not root and no sudo"
	SUDO=sudo
fi

# ---------------------------------------------------------------- apt deps
# Host tools: the mips64el cross compiler, QEMU, initramfs tools, sparse,
# and the shared libraries the prebuilt amd64 kbuild helpers link against
# (linux-kbuild-6.1 Depends: libelf1, libssl3).
HOST_PKGS="gcc-mips64el-linux-gnuabi64 binutils-mips64el-linux-gnuabi64
 libc6-dev-mips64el-cross qemu-system-mips cpio xz-utils sparse bc make
 perl libelf1 libssl3 flex bison git e2fsprogs"

updated=0
apt_update() {	# at most once per run
	[ "$updated" = 1 ] && return 0
	log "apt-get update"
	$SUDO apt-get update -qq
	updated=1
}

missing=
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if ! dpkg --print-foreign-architectures | grep -qx mips64el; then
	log "adding dpkg architecture mips64el"
	$SUDO dpkg --add-architecture mips64el
	apt_update
fi
if [ -n "$missing" ]; then
	log "installing:$missing"
	apt_update
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

# ------------------------------------------------------------ ABI resolution
# Each apt-cache call costs ~1.5 s (no persistent pkgcache in this image), so
# query everything with one search and one madison call.
# MADISON holds "pkg version" lines, pkg without its :arch suffix.
query_apt() {
	ABIS=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-loongson-3$' |
		awk '{print $1}' | sed 's/^linux-image-//; s/-loongson-3$//' | sort -rV)
	local q="linux-kbuild-6.1:amd64 busybox-static:mips64el" abi
	for abi in $ABIS; do
		q="$q linux-image-$abi-loongson-3:mips64el linux-headers-$abi-loongson-3:mips64el linux-headers-$abi-common"
	done
	# shellcheck disable=SC2086
	MADISON=$(apt-cache madison $q 2>/dev/null | awk -F' *[|] *' '{sub(/:.*/, "", $1); print $1, $2}')
}
has_version() { grep -qxF "$1 $2" <<<"$MADISON"; }
newest() { awk -v p="$1" '$1 == p {print $2; exit}' <<<"$MADISON"; }

# Newest ABI N whose image version V is matched exactly by its headers, the
# -common headers (arch all) and the amd64 linux-kbuild-6.1.  A newer kbuild
# in bookworm-security without a matching image must not be picked, hence
# the exact-version checks.
resolve_abi() {
	local abi v
	for abi in $ABIS; do
		v=$(newest "linux-image-$abi-loongson-3")
		[ -n "$v" ] || continue
		has_version "linux-headers-$abi-loongson-3" "$v" &&
		has_version "linux-headers-$abi-common" "$v" &&
		has_version linux-kbuild-6.1 "$v" || continue
		echo "$abi $v"
		return 0
	done
	return 1
}

query_apt
if ! choice=$(resolve_abi) || [ -z "$(newest busybox-static)" ]; then
	apt_update
	query_apt
	choice=$(resolve_abi) || die "no usable loongson-3 kernel ABI"
fi
read -r ABI KV <<<"$choice"
KVER=$ABI-loongson-3
log "chose kernel ABI $ABI ($KVER), version $KV"

# ---------------------------------------------------------------- downloads
# Cache file name = the name apt-get download produces (it contains the
# version, so the cache is keyed by version; ':' in epochs becomes %3a).
deb_name() { echo "${1}_${2//:/%3a}_${3}.deb"; }

# fetch PKG ARCH VERSION -> prints path of cached .deb
fetch() {
	local pkg=$1 arch=$2 ver=$3 f spec
	f=$DEBS/$(deb_name "$pkg" "$ver" "$arch")
	if [ ! -s "$f" ]; then
		spec=$pkg
		[ "$arch" = all ] || spec=$pkg:$arch
		log "downloading $spec=$ver"
		# apt-get download writes to the cwd; the _apt sandbox warning
		# (when the dir is root-owned) is harmless.
		(cd "$DEBS" && apt-get download -qq "$spec=$ver" 2>/dev/null) ||
			{ apt_update; (cd "$DEBS" && apt-get download -qq "$spec=$ver" 2>/dev/null); } ||
			die "cannot download $spec=$ver"
		[ -s "$f" ] || die "download of $spec=$ver did not produce $f"
	fi
	echo "$f"
}

KDEBS="$(fetch "linux-image-$KVER" mips64el "$KV")
$(fetch "linux-headers-$KVER" mips64el "$KV")
$(fetch "linux-headers-$ABI-common" all "$KV")
$(fetch linux-kbuild-6.1 amd64 "$KV")"

BB_V=$(newest busybox-static)
[ -n "$BB_V" ] || die "busybox-static:mips64el not found"
BB_DEB=$(fetch busybox-static mips64el "$BB_V")

# linux-source-6.1 is a ~140 MB deb wrapping a .tar.xz: keep only the tarball.
SRC_TAR=$CACHE/linux-source-6.1_$KV.tar.xz
if [ ! -s "$SRC_TAR" ]; then
	src_deb=$(fetch linux-source-6.1 all "$KV")
	log "extracting linux-source tarball"
	dpkg-deb --fsys-tarfile "$src_deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz >"$SRC_TAR.tmp"
	mv "$SRC_TAR.tmp" "$SRC_TAR"
	rm -f "$src_deb"
fi

# ----------------------------------------------------------------- unpacking
# Everything kernel-related goes into one root so the relative symlinks
# (headers' scripts -> ../../lib/linux-kbuild-6.1/scripts) resolve inside it.
KROOT=$BUILD/kernel-$ABI
KDIR=$KROOT/usr/src/linux-headers-$KVER
stamp=$KROOT/.disco-unpacked
if [ "$(cat "$stamp" 2>/dev/null)" != "$KV $KROOT" ]; then
	log "unpacking kernel $KV into ${KROOT#"$ROOT"/}"
	rm -rf "$KROOT"
	mkdir -p "$KROOT"
	for d in $KDEBS; do dpkg -x "$d" "$KROOT"; done
	# The arch headers' Makefile includes the -common one by absolute path.
	sed -i "s#^include /usr/src/#include $KROOT/usr/src/#" "$KDIR/Makefile"
	# Re-point absolute symlinks (lib/modules/*/build, source) into the root.
	find "$KROOT" -type l -lname '/*' | while read -r l; do
		ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$KROOT$(readlink "$l")")" "$l"
	done
	echo "$KV $KROOT" >"$stamp"
fi
VMLINUZ=$KROOT/boot/vmlinuz-$KVER
[ -s "$VMLINUZ" ] || die "missing $VMLINUZ"
grep -q "^include $KROOT/" "$KDIR/Makefile" || die "KDIR Makefile not fixed up"

# Only what we need from the source: kselftest headers and checkpatch
# (with its data files; --no-tree needs nothing else).
SRC=$BUILD/linux-source-6.1
# Also Linux's own kselftests that linux_test runs in the guest and on the
# host (guest/kselftests.list).
stamp=$SRC/.disco-unpacked
if [ "$(cat "$stamp" 2>/dev/null)" != "$KV ksft2" ]; then
	log "extracting kselftests and checkpatch from linux-source $KV"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	tar -xJf "$SRC_TAR" -C "$BUILD" --wildcards \
		'linux-source-6.1/tools/testing/selftests/kselftest*.h' \
		'linux-source-6.1/tools/testing/selftests/size/*' \
		'linux-source-6.1/tools/testing/selftests/sigaltstack/*' \
		'linux-source-6.1/tools/testing/selftests/futex/*' \
		'linux-source-6.1/tools/testing/selftests/timers/*' \
		'linux-source-6.1/scripts/checkpatch.pl' \
		'linux-source-6.1/scripts/spelling.txt' \
		'linux-source-6.1/scripts/const_structs.checkpatch' \
		'linux-source-6.1/Documentation/dev-tools/checkpatch.rst'
	echo "$KV ksft2" >"$stamp"
fi
KSFT_DIR=$SRC/tools/testing/selftests
CHECKPATCH=$SRC/scripts/checkpatch.pl
[ -s "$KSFT_DIR/kselftest_harness.h" ] && [ -s "$CHECKPATCH" ] || die "linux-source extraction incomplete"

BBROOT=$BUILD/busybox
BUSYBOX=$BBROOT/bin/busybox
if [ "$(cat "$BBROOT/.disco-unpacked" 2>/dev/null)" != "$BB_V" ]; then
	rm -rf "$BBROOT"
	dpkg -x "$BB_DEB" "$BBROOT"
	echo "$BB_V" >"$BBROOT/.disco-unpacked"
fi
[ -x "$BUSYBOX" ] || die "missing $BUSYBOX"

# e2fsck for the emulated host (the disk tests check guest file systems
# with it): Debian's mips64el e2fsprogs and the libraries it links, at
# apt's candidate versions (bookworm), unpacked into one root; the cross
# glibc comes from the toolchain (mkinitramfs.sh).
E2ROOT=$BUILD/e2fsprogs
E2PKGS="e2fsprogs libext2fs2 libcom-err2 libblkid1 libuuid1"
if [ ! -x "$E2ROOT/sbin/e2fsck" ] || [ "$(cat "$E2ROOT/.disco-unpacked" 2>/dev/null)" != "$E2PKGS" ]; then
	rm -rf "$E2ROOT"
	mkdir -p "$E2ROOT"
	for p in $E2PKGS; do
		v=$(apt-cache policy "$p:mips64el" 2>/dev/null | awk '/Candidate:/ {print $2}')
		[ -n "$v" ] && [ "$v" != "(none)" ] || { apt_update; v=$(apt-cache policy "$p:mips64el" | awk '/Candidate:/ {print $2}'); }
		[ -n "$v" ] && [ "$v" != "(none)" ] || die "no $p:mips64el"
		dpkg -x "$(fetch "$p" mips64el "$v")" "$E2ROOT"
	done
	echo "$E2PKGS" >"$E2ROOT/.disco-unpacked"
fi
E2FSCK=$E2ROOT/sbin/e2fsck
[ -x "$E2FSCK" ] || die "missing $E2FSCK"

# ------------------------------------------------------------------ env files
cat >"$BUILD/env.mk" <<EOT
# generated by tools/qemu-host/setup.sh - do not edit
KVER := $KVER
KVERSION := $KV
KDIR := $KDIR
VMLINUZ := $VMLINUZ
KSFT_DIR := $KSFT_DIR
CHECKPATCH := $CHECKPATCH
BUSYBOX := $BUSYBOX
E2ROOT := $E2ROOT
EOT
cat >"$BUILD/env.sh" <<EOT
# generated by tools/qemu-host/setup.sh - do not edit
KVER='$KVER'
KVERSION='$KV'
KDIR='$KDIR'
VMLINUZ='$VMLINUZ'
KSFT_DIR='$KSFT_DIR'
CHECKPATCH='$CHECKPATCH'
BUSYBOX='$BUSYBOX'
E2ROOT='$E2ROOT'
EOT

log "kernel   $KVER ($KV)"
log "KDIR     ${KDIR#"$ROOT"/}"
log "vmlinuz  ${VMLINUZ#"$ROOT"/}"
log "busybox  $BB_V"
log "env      build/env.mk build/env.sh"
