#!/usr/bin/env bash
# mkinitramfs.sh [OUTPUT] - build the emulated host's initramfs (newc cpio, gzip).
#
# Contents: static busybox + /init, and under /disco: disco.ko, bin/discoctl,
# tests/<kselftest binaries>, guests/<guest images>, run-tests.sh, demo.sh,
# linux.sh, with DISCO_GUEST_LINUX=FILE guests/linux.elf, and with DISCO_BENCH=1 bench/discobench, bench/guests/<bench guests>.
# Inputs not built yet (no Kbuild, no tools/discoctl, no selftests) are
# skipped with a note; a selftests Makefile that fails to list its outputs,
# or lists a missing file, is an error (otherwise tests would vanish silently).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tools/qemu-host
OUT=$(realpath -m "${1:-$ROOT/build/initramfs.cpio.gz}")	# we cd below
# shellcheck source=/dev/null
. "$ROOT/build/env.sh" || { echo "mkinitramfs: run tools/qemu-host/setup.sh first" >&2; exit 1; }

log() { echo "mkinitramfs: $*" >&2; }
die() { echo "mkinitramfs: ERROR: $*" >&2; exit 1; }

STAGE=$ROOT/build/initramfs-root
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,dev,proc,sys,tmp,lib64,disco/bin,disco/tests,disco/guests}
cd "$STAGE"

install -m 755 "$BUSYBOX" bin/busybox
ln -s busybox bin/sh		# /init's other applets come from busybox --install
install -m 755 "$HERE/init" init
install -m 755 "$HERE/run-tests.sh" disco/run-tests.sh
install -m 755 "$HERE/demo.sh" disco/demo.sh
install -m 755 "$HERE/linux.sh" disco/linux.sh
# The kernel opens /dev/console before /init runs; only root can mknod it
# (init re-opens the console after mounting devtmpfs either way).
[ "$(id -u)" -eq 0 ] && mknod -m 600 dev/console c 5 1

KO=${DISCO_KO:-$ROOT/disco.ko}	# disco-host.sh --debug: build/debug-module/disco.ko
if [ -f "$KO" ]; then
	install -m 644 "$KO" disco/disco.ko
else
	log "no disco.ko (module not built yet), skipped"
fi
if [ -f "$ROOT/tools/discoctl/discoctl" ]; then
	install -m 755 "$ROOT/tools/discoctl/discoctl" disco/bin/discoctl
else
	log "no tools/discoctl/discoctl, skipped"
fi

# copy_list TARGET MODE: copy each absolute path read on stdin, by basename.
copy_list() {
	local f n=0
	while read -r f; do
		[ -n "$f" ] || continue
		[ -f "$f" ] || die "listed file $f does not exist"
		[ ! -e "$1/$(basename "$f")" ] || die "duplicate basename $(basename "$f")"
		install -m "$2" "$f" "$1/"
		n=$((n + 1))
	done
	log "$n file(s) into /${1}"
}
if [ -f "$ROOT/selftests/Makefile" ]; then
	tests=$(make -s -C "$ROOT/selftests" print-tests) || die "make -C selftests print-tests failed"
	guests=$(make -s -C "$ROOT/selftests" print-guests) || die "make -C selftests print-guests failed"
	copy_list disco/tests 755 <<<"$tests"
	copy_list disco/guests 644 <<<"$guests"
else
	log "no selftests yet, skipped"
fi
# The Linux guest (guest/build.sh) only when asked: disco-host.sh linux
# sets DISCO_GUEST_LINUX to the vmlinux it built.
# Its initramfs: the same static busybox and guest/initramfs/init.
if [ -n "${DISCO_GUEST_LINUX:-}" ]; then
	install -m 644 "$DISCO_GUEST_LINUX" disco/guests/linux.elf
	log "Linux guest $DISCO_GUEST_LINUX as /disco/guests/linux.elf"
	GSTAGE=$ROOT/build/guest-initramfs-root
	rm -rf "$GSTAGE"
	mkdir -p "$GSTAGE"/{bin,dev,proc,sys,tmp}
	install -m 755 "$BUSYBOX" "$GSTAGE/bin/busybox"
	ln -s busybox "$GSTAGE/bin/sh"
	install -m 755 "$ROOT/guest/initramfs/init" "$GSTAGE/init"
	# linux_test's guest side: its scripts (disco.test=NAME runs
	# /tests/NAME.sh) and sys_test, a static n64 program.
	mkdir -p "$GSTAGE/tests"
	install -m 644 "$ROOT"/guest/initramfs/tests/*.sh "$GSTAGE/tests/"
	mkdir -p "$ROOT/build/guest-bin"
	mips64el-linux-gnuabi64-gcc -static -O2 -Wall -Wextra -Werror \
		-o "$ROOT/build/guest-bin/sys_test" "$ROOT/guest/initramfs/sys_test.c" ||
		die "cannot build guest/initramfs/sys_test.c"
	install -m 755 "$ROOT/build/guest-bin/sys_test" "$GSTAGE/bin/"
	# bench/linux: lxbench in the guest and natively, run.sh drives both.
	mips64el-linux-gnuabi64-gcc -static -O2 -Wall -Wextra -Werror \
		-o "$ROOT/build/guest-bin/lxbench" "$ROOT/bench/linux/lxbench.c" ||
		die "cannot build bench/linux/lxbench.c"
	install -m 755 "$ROOT/build/guest-bin/lxbench" "$GSTAGE/bin/"
	install -m 755 "$ROOT/build/guest-bin/lxbench" disco/bin/
	install -m 755 "$ROOT/bench/linux/run.sh" disco/lxbench.sh
	# DISCO_CCROOT=DIR (disco-host.sh lxbench): the compile workload's
	# tree (guest/ccroot.sh), and mke2fs to make the guest's disk of it.
	if [ -n "${DISCO_CCROOT:-}" ]; then
		cp -a "$DISCO_CCROOT" disco/ccroot
		install -m 755 "$E2ROOT/sbin/mke2fs" disco/bin/mke2fs
	fi
	# Linux's own kselftests (guest/kselftests.list), for the guest's /ksft
	# and, to compare, the host's /disco/ksft.
	mkdir -p "$ROOT/build/ksft" "$GSTAGE/ksft" disco/ksft
	install -m 644 "$ROOT/guest/initramfs/tests/ksft.sh" disco/ksft.sh
	grep -v '^[[:space:]]*\(#\|$\)' "$ROOT/guest/kselftests.list" |
	while read -r name src flags; do
		# shellcheck disable=SC2086 # flags are words
		(cd "$KSFT_DIR" && mips64el-linux-gnuabi64-gcc -static -O2 -D_GNU_SOURCE \
			-pthread -I. $flags -o "$ROOT/build/ksft/$name" "$src" -lrt -lpthread) ||
			die "cannot build kselftest $src"
		install -m 755 "$ROOT/build/ksft/$name" "$GSTAGE/ksft/"
		install -m 755 "$ROOT/build/ksft/$name" disco/ksft/
	done
	# DISCO_GUEST_EXTRA="FILE...": more programs for the guest's /bin.
	for f in ${DISCO_GUEST_EXTRA:-}; do
		install -m 755 "$f" "$GSTAGE/bin/"
	done
	[ "$(id -u)" -eq 0 ] && mknod -m 600 "$GSTAGE/dev/console" c 5 1
	(cd "$GSTAGE" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner 0:0 --quiet | gzip -9n) >disco/guests/linux-initrd.cpio.gz
	log "its initramfs as /disco/guests/linux-initrd.cpio.gz ($(du -k disco/guests/linux-initrd.cpio.gz | cut -f1) KiB)"
	# linux_test's disk: an empty 32 MiB ext4 file system with a journal,
	# made here (mke2fs of the build machine), and e2fsck for the host.
	rm -f "$ROOT/build/disk-ext4.img"
	mke2fs -q -F -t ext4 -L disco -b 4096 -E lazy_itable_init=0,lazy_journal_init=0 \
		"$ROOT/build/disk-ext4.img" 32M || die "mke2fs failed"
	gzip -9n <"$ROOT/build/disk-ext4.img" >disco/guests/disk-ext4.img.gz
	install -m 755 "$E2ROOT/sbin/e2fsck" disco/bin/e2fsck
	mkdir -p lib/mips64el-linux-gnuabi64
	for l in libext2fs.so.2 libcom_err.so.2 libblkid.so.1 libuuid.so.1 libe2p.so.2; do
		f=$(find "$E2ROOT" -name "$l" | head -n 1)
		[ -n "$f" ] || die "no $l in $E2ROOT"
		cp -L "$f" lib/mips64el-linux-gnuabi64/
	done
fi
# The benchmarks only when asked: "disco-host.sh bench" builds them and
# sets DISCO_BENCH=1.
if [ "${DISCO_BENCH:-0}" = 1 ]; then
	mkdir -p disco/bench/guests
	bins=$(make -s -C "$ROOT/bench" print-bins) || die "make -C bench print-bins failed"
	guests=$(make -s -C "$ROOT/bench" print-guests) || die "make -C bench print-guests failed"
	copy_list disco/bench 755 <<<"$bins"
	copy_list disco/bench/guests 644 <<<"$guests"
fi

# Dynamically linked mips64el binaries need the cross glibc; ship it only
# when something needs it: the n64 interpreter is /lib64/ld.so.1 and it
# searches Debian's multiarch dir /lib/mips64el-linux-gnuabi64.
needs_libc=0
for f in disco/bin/* disco/tests/* disco/bench/*; do
	[ -f "$f" ] || continue
	if mips64el-linux-gnuabi64-readelf -l "$f" 2>/dev/null | grep -q 'Requesting program interpreter'; then
		log "$f is dynamically linked, adding the cross glibc"
		needs_libc=1
	fi
done
if [ "$needs_libc" = 1 ]; then
	X=/usr/mips64el-linux-gnuabi64
	mkdir -p lib/mips64el-linux-gnuabi64
	cp -L $X/lib64/ld.so.1 lib64/
	cp -L $X/lib/{libc.so.6,libm.so.6,libpthread.so.0,librt.so.1,libdl.so.2,libgcc_s.so.1} lib/mips64el-linux-gnuabi64/
fi

find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet | gzip -9n >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "wrote ${OUT#"$ROOT"/} ($(du -k "$OUT" | cut -f1) KiB)"
