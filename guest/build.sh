#!/usr/bin/env bash
# guest/build.sh - build (once) and cache Linux as a Disco guest.
#
# Debian's linux-source-6.1 (the tarball setup.sh caches) + guest/patches
# (applied in guest/patches/series order) + guest/disco.config (an
# allnoconfig fragment), cross-built with mips64el-linux-gnuabi64-gcc.
#
# Everything lives outside the clone, in ${DISCO_CACHE:-$HOME/.cache/disco}:
#   guest-linux-<version>-<hash>/vmlinux        the image (ELF64, stripped),
#                                                what DISCO_VM_LOAD_ELF loads
#   guest-linux-<version>-<hash>/vmlinux.debug  the same with symbols
#   guest-linux-<version>-<hash>/config, build.log
#   guest-linux-<version>-work/src              pristine source in git; the
#        series is checked out as one commit on top, so switching series
#        rewrites only the files that differ and rebuilds stay incremental
#   guest-linux-<version>-work/build            the O= build tree
# <hash> = first 12 hex digits of sha256 over this script, the fragment,
# the series file and the patches.  A second run with the same inputs only
# prints the path.
#
# Prints the vmlinux path on stdout (last line); everything else on stderr.
# Options: -j N (default: number of CPUs), --force (rebuild even if cached).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/guest
CACHE=${DISCO_CACHE:-$HOME/.cache/disco}
CROSS=mips64el-linux-gnuabi64-
MAKEARGS=(ARCH=mips CROSS_COMPILE=$CROSS)
JOBS=$(nproc)
FORCE=0

log() { echo "guest-linux: $*" >&2; }
die() { echo "guest-linux: ERROR: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	-j) JOBS=$2; shift 2 ;;
	-j*) JOBS=${1#-j}; shift ;;
	--force) FORCE=1; shift ;;
	*) die "usage: $0 [-j N] [--force]" ;;
	esac
done

# The source version: the one setup.sh resolved, else the newest cached.
KVERSION=
if [ -s "$ROOT/build/env.sh" ]; then
	# shellcheck source=/dev/null
	KVERSION=$(. "$ROOT/build/env.sh" && echo "${KVERSION:-}")
fi
if [ -z "$KVERSION" ]; then
	tarball=$(ls -1 "$CACHE"/linux-source-6.1_*.tar.xz 2>/dev/null | sort -V | tail -1)
	[ -n "$tarball" ] || die "no $CACHE/linux-source-6.1_*.tar.xz (run tools/qemu-host/setup.sh)"
	KVERSION=${tarball##*/linux-source-6.1_}
	KVERSION=${KVERSION%.tar.xz}
fi
SRC_TAR=$CACHE/linux-source-6.1_$KVERSION.tar.xz
[ -s "$SRC_TAR" ] || die "missing $SRC_TAR (run tools/qemu-host/setup.sh)"
command -v ${CROSS}gcc >/dev/null || die "${CROSS}gcc not installed (apt-get install gcc-mips64el-linux-gnuabi64)"
for t in flex bison bc git; do
	command -v $t >/dev/null || die "$t not installed"
done

mapfile -t PATCHES < <(grep -v '^[[:space:]]*\(#\|$\)' "$HERE/patches/series")
HASH=$( { cat "$0" "$HERE/disco.config" "$HERE/patches/series"
	  for p in "${PATCHES[@]}"; do cat "$HERE/patches/$p"; done; } |
	sha256sum | cut -c1-12)
OUT=$CACHE/guest-linux-$KVERSION-$HASH
WORK=$CACHE/guest-linux-$KVERSION-work
SRC=$WORK/src
BUILD=$WORK/build

if [ "$FORCE" = 0 ] && [ "$(cat "$OUT/.disco-built" 2>/dev/null)" = "$KVERSION $HASH" ]; then
	log "up to date: $OUT"
	echo "$OUT/vmlinux"
	exit 0
fi
mkdir -p "$WORK" "$OUT"
exec 9>"$WORK/.lock"
flock 9 || die "cannot lock $WORK"

git_src() { git -C "$SRC" -c user.name=guest-build -c user.email=guest-build@localhost "$@"; }

# ------------------------------------------------------------ pristine source
if ! git_src rev-parse -q --verify refs/tags/pristine >/dev/null 2>&1; then
	log "extracting linux-source $KVERSION into $SRC (~2 min)"
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xJf "$SRC_TAR" -C "$SRC.tmp" --strip-components=1
	git -C "$SRC.tmp" init -q
	# Debian's top-level .gitignore ignores everything: add with -f.
	git -C "$SRC.tmp" add -f -A .
	git -C "$SRC.tmp" -c user.name=guest-build -c user.email=guest-build@localhost \
		commit -q -m "linux-source $KVERSION"
	git -C "$SRC.tmp" tag pristine
	mv "$SRC.tmp" "$SRC"
fi

# -------------------------------------------------------------- the series
# Apply to a scratch index, write the tree, check it out: only files that
# differ from the previous checkout change (and get rebuilt).
log "applying ${#PATCHES[@]} patches"
idx=$(mktemp)
trap 'rm -f "$idx"' EXIT
GIT_INDEX_FILE=$idx git_src read-tree pristine
for p in "${PATCHES[@]}"; do
	GIT_INDEX_FILE=$idx git_src apply --cached "$HERE/patches/$p" ||
		die "patch $p does not apply"
done
tree=$(GIT_INDEX_FILE=$idx git_src write-tree)
commit=$(git_src commit-tree "$tree" -p pristine -m "disco guest series $HASH")
git_src checkout -q -f "$commit"

# ------------------------------------------------------------------ config
mkdir -p "$BUILD"
KCONFIG_ALLCONFIG=$HERE/disco.config make -s -C "$SRC" O="$BUILD" "${MAKEARGS[@]}" allnoconfig >&2
bad=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	sym=${line%%=*} want=${line#*=}
	if [ "$want" = n ]; then
		grep -qx "$sym=.*" "$BUILD/.config" || continue
	else
		grep -qxF "$line" "$BUILD/.config" && continue
	fi
	log "config mismatch: want $line, got: $(grep -E "^(# )?$sym[= ]" "$BUILD/.config" || echo unset)"
	bad=1
done <"$HERE/disco.config"
[ "$bad" = 0 ] || die "disco.config not fully applied (fix the fragment)"

# ------------------------------------------------------------------- build
log "building vmlinux with -j$JOBS (first build 15-25 min on 2 cores; log: $OUT/build.log)"
start=$(date +%s)
if ! nice -n 5 make -C "$SRC" O="$BUILD" "${MAKEARGS[@]}" -j"$JOBS" vmlinux >"$OUT/build.log" 2>&1; then
	grep -E 'error|Error' "$OUT/build.log" | tail -20 >&2
	die "build failed after $(($(date +%s) - start)) s (log: $OUT/build.log)"
fi
cp "$BUILD/vmlinux" "$OUT/vmlinux.debug"
${CROSS}strip -o "$OUT/vmlinux" "$BUILD/vmlinux"
cp "$BUILD/.config" "$OUT/config"
echo "$KVERSION $HASH" >"$OUT/.disco-built"
log "built in $(($(date +%s) - start)) s: $OUT/vmlinux ($(du -k "$OUT/vmlinux" | cut -f1) KiB)"
echo "$OUT/vmlinux"
