#!/usr/bin/env bash
# disco-host.sh demo|test|bench|lxbench|shell|linux - build everything and run it on an
# emulated Loongson-3 host (QEMU loongson3-virt, Debian loongson-3 kernel).
#
#   demo   build the Linux guest (guest/build.sh), boot, load disco.ko and
#          run /disco/demo.sh: Linux boots in a VM with a disk to a shell,
#          yours to type into when stdin is a terminal (else scripted);
#          exit status 0 if the guest powered off cleanly
#   test   host unit tests (make unit), then boot and run the kselftests;
#          last line "N passed, N failed, N skipped"; non-zero exit if
#          anything failed or the run did not complete
#   bench  build bench/, boot twice (plain TCG, then -icount) running
#          discobench, print the combined table (also build/bench.txt);
#          non-zero exit if either run failed (see bench/README.md)
#   lxbench build the Linux guest, boot once, run bench/linux/run.sh: the
#          guest with one more fast path per configuration, lxbench natively,
#          the table (also build/lxbench.txt); see bench/README.md
#   shell  boot to an interactive busybox shell (Ctrl-A X quits QEMU)
#   linux  build the Linux guest (guest/build.sh), boot, load disco.ko and
#          run it in a VM (/disco/linux.sh); the guest's console is the
#          output, build/console-linux.log the log
#
#   --debug (second argument, any mode): the debug tier (README.md "Debug
#          tier") instead of the stock kernel: boot the lockdep/kmemleak/
#          SLUB-debug kernel built (once, 27-87 min) and cached by
#          debug-kernel.sh, with disco.ko built against it in
#          build/debug-module (make cross-debug), slub_debug and a large log
#          buffer on the command line, longer timeouts; the same check-log.sh
#          rules plus both kmemleak scans (log: build/console-test-debug.log)
#
# test without --debug runs three tiers, and the last line sums them:
#   stock  Debian's kernel on stock QEMU (Loongson-3A1000, 1 CPU, 1 GiB):
#          every kselftest, and linux_test with the Linux guest of
#          guest/build.sh (built once, cached)
#   numa   the same kernel on the patched QEMU of build-qemu.sh (built once,
#          ~20 min, cached): Loongson-3A4000, 8 CPUs on 2 memory nodes,
#          2 GiB; every kselftest but linux_test, so the NUMA tests run
#          for real.  DISCO_NUMA_TIER=0 skips it.
#   debug  when time allows; DISCO_DEBUG_TIER chooses:
#          auto (default)  only if the debug kernel for these inputs is
#                          already cached (debug-kernel.sh --cached)
#          1               always, building the debug kernel if need be
#          0               never
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tools/qemu-host
MODE=${1:-}
case $MODE in demo|test|bench|lxbench|shell|linux) ;; *) echo "usage: $0 demo|test|bench|lxbench|shell|linux [--debug]" >&2; exit 2 ;; esac
DEBUG=0
case ${2:-} in --debug) DEBUG=1 ;; "") ;; *) echo "usage: $0 demo|test|bench|lxbench|shell|linux [--debug]" >&2; exit 2 ;; esac
cd "$ROOT" || exit 1
mkdir -p build

pass=0 fail=0 skip=0
summary() {	# the one final line of a test run
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ] && exit 0
	exit 1
}
# A build step failing ends demo/shell at once; in test mode it is counted
# as a failure and the run goes on as far as it can.
fatal() {
	echo "disco-host: ERROR: $*" >&2
	[ "$MODE" = test ] || exit 1
	fail=$((fail + 1))
	summary
}

"$HERE/setup.sh" || fatal "setup.sh failed"

# Which tiers: the stock kernel unless --debug; the debug kernel with
# --debug, or after the stock tier in test mode (see DISCO_DEBUG_TIER above).
STOCK_TIER=1 NUMA_TIER=0 DEBUG_TIER=0 DEBUG_BUILD=
if [ "$DEBUG" = 1 ]; then
	STOCK_TIER=0 DEBUG_TIER=1
elif [ "$MODE" = test ]; then
	case ${DISCO_NUMA_TIER:-1} in
	0) echo "disco-host: numa tier skipped (DISCO_NUMA_TIER=0)" ;;
	1) NUMA_TIER=1 ;;
	*) fatal "DISCO_NUMA_TIER must be 0 or 1" ;;
	esac
	case ${DISCO_DEBUG_TIER:-auto} in
	0) ;;
	1) DEBUG_TIER=1 ;;
	auto)
		if "$HERE/debug-kernel.sh" --cached; then
			DEBUG_TIER=1 DEBUG_BUILD=--cached
		else
			echo "disco-host: debug tier skipped: no cached debug kernel ('disco-host.sh test --debug' builds it)"
		fi
		;;
	*) fatal "DISCO_DEBUG_TIER must be auto, 0 or 1" ;;
	esac
fi

# debug_env: build (or find) the debug kernel and point the boot at it.
debug_env() {
	"$HERE/debug-kernel.sh" $DEBUG_BUILD || fatal "debug-kernel.sh failed"
	# shellcheck source=/dev/null
	. build/env-debug.sh
	export DISCO_KERNEL=$DEBUG_VMLINUX DISCO_KO=$ROOT/build/debug-module/disco.ko
	export DISCO_APPEND="slub_debug=FZPU log_buf_len=16M disco.timeout=600 ${DISCO_APPEND:-}"
	export DISCO_BOOT_TIMEOUT=${DISCO_BOOT_TIMEOUT:-1800}
	export DISCO_KMEMLEAK=1	# check-log.sh: both kmemleak scans must be there
	echo "disco-host: debug tier: kernel $DEBUG_KRELEASE ($DEBUG_VMLINUX)"
}

# Host unit tests first: quick, and no emulator needed.
if [ "$MODE" = test ] && [ -f tests/unit/Makefile ]; then
	echo "disco-host: make unit"
	make unit 2>&1 | tee build/unit.log
	urc=${PIPESTATUS[0]}
	up=$(grep -cE '^ok [0-9]+' build/unit.log)
	us=$(grep -E '^ok [0-9]+' build/unit.log | grep -ciE '# *skip')
	uf=$(grep -cE '^not ok [0-9]+' build/unit.log)
	up=$((up - us))
	if [ "$urc" -ne 0 ] && [ "$uf" -eq 0 ]; then
		echo "disco-host: FAIL make unit exited $urc without a failing test"
		uf=1
	fi
	echo "disco-host: unit tests: pass=$up fail=$uf skip=$us"
	pass=$((pass + up)) fail=$((fail + uf)) skip=$((skip + us))
fi

# test_tier NAME LOG INITRAMFS: boot one test run, judge its log, add its
# counts to the totals.
test_tier() {
	local name=$1 log=$2 initrd=$3 t0 qrc kp kf ks
	t0=$(date +%s)
	DISCO_LOG=$log "$HERE/boot.sh" test "$initrd"
	qrc=$?
	echo "disco-host: qemu exit status $qrc"
	# QEMU itself dying of a signal (it happened once in a fuzz run and
	# never again) is the emulator's fault, not the host kernel's: say so
	# and boot once more.  A second crash fails the run as usual.
	if [ "$qrc" -gt 128 ] && [ "$qrc" -ne 137 ] &&
	   ! grep -q '^### disco-host done' "build/$log.log"; then
		cp "build/$log.log" "build/$log-qemu-crash.log"
		echo "disco-host: WARNING: qemu died of signal $((qrc - 128)); log kept in build/$log-qemu-crash.log; booting again"
		DISCO_LOG=$log "$HERE/boot.sh" test "$initrd"
		echo "disco-host: qemu exit status $?"
	fi
	"$HERE/check-log.sh" "build/$log.log" | tee "build/check-log${log#console-test}.txt"
	read -r kp kf ks < <(sed -n 's/^check-log: totals pass=\([0-9]*\) fail=\([0-9]*\) skip=\([0-9]*\)$/\1 \2 \3/p' "build/check-log${log#console-test}.txt")
	if [ -z "${kp:-}" ]; then
		echo "disco-host: FAIL check-log.sh produced no totals"
		kp=0 kf=1 ks=0
	fi
	echo "disco-host: $name tier: pass=$kp fail=$kf skip=$ks in $(($(date +%s) - t0)) s"
	pass=$((pass + kp)) fail=$((fail + kf)) skip=$((skip + ks))
}

if [ "$MODE" = test ]; then
	if [ "$STOCK_TIER" = 1 ]; then
		make cross || fatal "make cross failed"
		guest=$("$ROOT/guest/build.sh") || fatal "guest/build.sh failed"
		DISCO_GUEST_LINUX=$guest "$HERE/mkinitramfs.sh" build/initramfs.cpio.gz ||
			fatal "mkinitramfs.sh failed"
		# linux_test boots Linux five times: minutes more than the rest.
		DISCO_BOOT_TIMEOUT=${DISCO_BOOT_TIMEOUT:-1500} \
			test_tier stock console-test build/initramfs.cpio.gz
	fi
	if [ "$NUMA_TIER" = 1 ]; then
		make cross || fatal "make cross failed"
		qemu=$("$HERE/build-qemu.sh") || fatal "build-qemu.sh failed"
		"$HERE/mkinitramfs.sh" build/initramfs-numa.cpio.gz || fatal "mkinitramfs.sh failed"
		echo "disco-host: numa tier: $qemu, Loongson-3A4000, 8 CPUs, 2 nodes"
		DISCO_QEMU=$qemu DISCO_CPU=Loongson-3A4000 DISCO_SMP=8 DISCO_MEM=2G \
		DISCO_BOOT_TIMEOUT=${DISCO_BOOT_TIMEOUT:-1500} \
		DISCO_APPEND="disco.timeout=300 ${DISCO_APPEND:-}" \
			test_tier numa console-test-numa build/initramfs-numa.cpio.gz
	fi
	if [ "$DEBUG_TIER" = 1 ]; then	# last: its settings may stay exported
		debug_env
		make cross-debug || fatal "make cross-debug failed"
		DISCO_KO=$ROOT/build/debug-module/disco.ko \
			"$HERE/mkinitramfs.sh" build/initramfs-debug.cpio.gz || fatal "mkinitramfs.sh failed"
		test_tier debug console-test-debug build/initramfs-debug.cpio.gz
	fi
	summary
fi

CROSS_TARGET=cross
if [ "$DEBUG" = 1 ]; then
	debug_env
	CROSS_TARGET=cross-debug
fi
make "$CROSS_TARGET" || fatal "make $CROSS_TARGET failed"
if [ "$MODE" = bench ]; then
	make -C bench CROSS_COMPILE=mips64el-linux-gnuabi64- || fatal "make -C bench failed"
	export DISCO_BENCH=1	# mkinitramfs.sh ships bench/build
fi
# DISCO_GUEST_LINUX=FILE runs that image instead of guest/build.sh's.
if [ "$MODE" = lxbench ]; then
	DISCO_CCROOT=$("$ROOT/guest/ccroot.sh") || fatal "guest/ccroot.sh failed"
	export DISCO_CCROOT
fi
if { [ "$MODE" = linux ] || [ "$MODE" = demo ] || [ "$MODE" = lxbench ]; } &&
   [ -z "${DISCO_GUEST_LINUX:-}" ]; then
	guest=$("$ROOT/guest/build.sh") || fatal "guest/build.sh failed"
	export DISCO_GUEST_LINUX=$guest
fi
"$HERE/mkinitramfs.sh" build/initramfs.cpio.gz || fatal "mkinitramfs.sh failed"

case $MODE in
shell)
	exec "$HERE/boot.sh" shell build/initramfs.cpio.gz
	;;
linux)
	"$HERE/boot.sh" linux build/initramfs.cpio.gz
	st=$(tr -d '\r' <build/console-linux.log | sed -n 's/^### disco-linux-exit \([0-9]*\)$/\1/p' | tail -1)
	echo "disco-host: linux guest run finished, discoctl start status ${st:-unknown}"
	[ -n "$st" ]
	exit
	;;
demo)
	"$HERE/boot.sh" demo build/initramfs.cpio.gz
	st=$(tr -d '\r' <build/console-demo.log | sed -n 's/^### disco-demo-exit \([0-9]*\)$/\1/p' | tail -1)
	if [ -z "$st" ]; then
		echo "disco-host: demo did NOT complete (no exit status in build/console-demo.log)"
		exit 1
	fi
	echo "disco-host: demo finished, exit status $st"
	exit "$st"
	;;
bench)
	# With -icount shift=S every emulated instruction advances the virtual
	# clock by 2^S ns: bench/table.sh turns those ns into instructions.
	# (With shift=0, QEMU 7.2 hung this kernel's boot in calibrate_delay.)
	icount_shift=4
	DISCO_LOG=console-bench "$HERE/boot.sh" bench build/initramfs.cpio.gz
	DISCO_LOG=console-bench-icount DISCO_QEMU_ARGS="-icount shift=$icount_shift,sleep=off" \
		"$HERE/boot.sh" bench build/initramfs.cpio.gz
	rm -f build/bench.txt
	bench/table.sh build/console-bench.log build/console-bench-icount.log "$icount_shift" >build/bench.txt.tmp ||
		{ echo "disco-host: bench FAILED (see build/console-bench*.log)"; exit 1; }
	mv build/bench.txt.tmp build/bench.txt
	cat build/bench.txt
	;;
lxbench)
	# 2 GiB: the compile tree (~150 MiB), its disk and a 256 MiB guest.
	DISCO_LOG=console-lxbench DISCO_BOOT_TIMEOUT=${DISCO_BOOT_TIMEOUT:-3600} DISCO_MEM=${DISCO_MEM:-2G} \
		"$HERE/boot.sh" lxbench build/initramfs.cpio.gz
	rm -f build/lxbench.txt
	bench/linux/table.sh build/console-lxbench.log >build/lxbench.txt.tmp ||
		{ echo "disco-host: lxbench FAILED (see build/console-lxbench.log)"; exit 1; }
	mv build/lxbench.txt.tmp build/lxbench.txt
	cat build/lxbench.txt
	;;
esac
