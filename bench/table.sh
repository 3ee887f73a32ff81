#!/usr/bin/env bash
# table.sh TCG_LOG ICOUNT_LOG SHIFT - the bench table from two console logs.
#
# TCG_LOG is a bench boot under plain QEMU TCG, ICOUNT_LOG the same under
# "-icount shift=SHIFT,sleep=off".  Each log must end its run with
# "### disco-bench-exit 0" and hold one "### bench-result OP N NS_PER_OP
# EXITS_PER_OP" line per op (discobench.c); the table joins them:
#
#   ns/op     TCG run: ns of the emulated host's CLOCK_MONOTONIC
#   insns/op  icount run: emulated-host instructions, i.e. the op's ns
#             divided by the ns of one instruction, measured with the
#             "empty" op, whose loop is exactly EMPTY_INSNS instructions
#   exits/op  icount run: guest exits to the monitor
#
# Under -icount each instruction advances QEMU's virtual clock by 2^SHIFT
# ns, but the emulated host's clock need not tick at QEMU's rate (QEMU 7.2
# loongson3-virt: CP0 Count runs at 500 MHz, Linux assumes 400 MHz, so
# one instruction reads as 1.25 * 2^SHIFT ns), and the host's timer ticks
# take a share of every op's time; calibrating with "empty" removes both.
# The calibration line shows the factor measured.  Errors go to stderr;
# exit 1 if a run failed or an op is missing.
set -euo pipefail
usage="usage: table.sh TCG_LOG ICOUNT_LOG SHIFT"
TCG=${1:?$usage}
ICOUNT=${2:?$usage}
SHIFT=${3:?$usage}
EMPTY_INSNS=3	# bench/guest/empty.c

die() { echo "bench: FAIL $*" >&2; exit 1; }

# results LOG: its "OP N NS EXITS" lines, once the run is known to be good.
results() {
	local clean st
	[ -r "$1" ] || die "cannot read $1"
	clean=$(tr -d '\r' <"$1")
	st=$(sed -n 's/^### disco-bench-exit \([0-9]*\)$/\1/p' <<<"$clean" | tail -1)
	[ -n "$st" ] || die "$1: the run did not complete (no '### disco-bench-exit')"
	[ "$st" -eq 0 ] || die "$1: discobench (or insmod) exited $st"
	sed -n 's/^### bench-result //p' <<<"$clean"
}

tcg=$(results "$TCG")
icount=$(results "$ICOUNT")
[ -n "$tcg" ] || die "$TCG: no results"
kernel=$(tr -d '\r' <"$TCG" | sed -n 's/^### disco-host mode=bench kernel=//p' | tail -1)

echo "disco bench: emulated Loongson-3A1000 host (QEMU loongson3-virt, kernel ${kernel:-?})"
echo "ns/op: plain TCG, emulated-host CLOCK_MONOTONIC; insns/op and exits/op: -icount shift=$SHIFT,sleep=off"
echo "Only ratios within one column are meaningful (bench/README.md)."
echo
awk -v shift="$SHIFT" -v empty_insns="$EMPTY_INSNS" '
function fail(msg) { print "bench: FAIL " msg > "/dev/stderr"; bad = 1 }
FNR == NR { ins_ns[$1] = $3; ins_exits[$1] = $4; next }
{ op[++nr] = $1; tcg_ns[$1] = $3 }
END {
	for (o in ins_ns)
		if (!(o in tcg_ns))
			fail("op " o " missing from the TCG run")
	if (!("empty" in ins_ns) || ins_ns["empty"] <= 0) {
		fail("no usable \"empty\" op in the icount run: cannot calibrate")
		exit 1
	}
	ns_per_insn = ins_ns["empty"] / empty_insns
	printf "%-8s | %16s | %22s | %8s\n", "op", "ns/op (TCG wall)",
	       "host insns/op (icount)", "exits/op"
	printf "---------+------------------+------------------------+---------\n"
	for (i = 1; i <= nr; i++) {
		o = op[i]
		if (!(o in ins_ns)) {
			fail("op " o " missing from the icount run")
			continue
		}
		printf "%-8s | %16.1f | %22.1f | %8.3f\n", o, tcg_ns[o],
		       ins_ns[o] / ns_per_insn, ins_exits[o]
	}
	printf "\nicount calibration: one instruction = %.4f emulated-host ns " \
	       "(2^%d = %d expected from QEMU; \"empty\" = %d insns by construction)\n",
	       ns_per_insn, shift, 2 ^ shift, empty_insns
	exit bad
}
' <(echo "$icount") <(echo "$tcg")
