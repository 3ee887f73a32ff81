#!/usr/bin/env bash
# table.sh TCG_LOG ICOUNT_LOG SHIFT - the bench table from two console logs.
#
# TCG_LOG is a bench boot under plain QEMU TCG, ICOUNT_LOG the same under
# "-icount shift=SHIFT,sleep=off".  Each log must end its run with
# "### disco-bench-exit 0" and hold one "### bench-result OP N NS_PER_OP
# EXITS_PER_OP" line per op (discobench.c); the first table joins them:
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
# The calibration line shows the factor measured.
#
# The second table joins the "### os-result NAME MODE NS EXITS GINSNS HITS
# MISSES REFILLS" lines (osbench.c), per op, for the CPU/MMU workloads:
# each natively, as a guest, and as a guest with the commpage:
#
#   insns/op, ns/op      as above (icount run, TCG run), and each as a
#                        multiple of the native row's
#   exits/Minsn          icount run: exits per million guest instructions,
#                        the guest's instructions counted by construction
#                        (GINSNS, bench/osbench.h)
#   L2TLB hit            HITS / (HITS + MISSES): host TLB refills the L2TLB
#                        served inside the vector, of all host TLB refills
#   absorbed             1 - REFILLS / (HITS + MISSES): host TLB refills
#                        that did not reach the guest's refill handler
#
# Errors go to stderr; exit 1 if a run failed or an op is missing.
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

# os_results LOG: its "NAME MODE NS EXITS GINSNS HITS MISSES REFILLS" lines.
os_results() {
	tr -d '\r' <"$1" | sed -n 's/^### os-result //p'
}

calib=$(mktemp)
trap 'rm -f "$calib"' EXIT
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
	printf "%.6f\n", ns_per_insn > "/dev/fd/3"
	exit bad
}
' <(echo "$icount") <(echo "$tcg") 3>"$calib"

# ---- the CPU/MMU workloads -----------------------------------------------------
ns_per_insn=$(cat "$calib")
os_tcg=$(os_results "$TCG")
os_icount=$(os_results "$ICOUNT")
[ -n "$os_icount" ] || die "$ICOUNT: no CPU/MMU workload results (### os-result)"
[ -n "$os_tcg" ] || die "$TCG: no CPU/MMU workload results (### os-result)"
echo
echo "CPU/MMU workloads: guest user mode under a minimal guest kernel (bench/guest/os.c) vs the"
echo "same work natively on the emulated host; per op (a page touched, a syscall, a break):"
echo
awk -v ns_per_insn="$ns_per_insn" '
function fail(msg) { print "bench: FAIL " msg > "/dev/stderr"; bad = 1 }
function ratio(x, y) { return y > 0 ? sprintf("%8.1fx", x / y) : sprintf("%9s", "-") }
function pct(x, y) { return y > 0 ? sprintf("%8.1f%%", 100 * x / y) : sprintf("%9s", "-") }
FNR == NR { k = $1 " " $2; i_ns[k] = $3; i_ex[k] = $4; gi[k] = $5; hit[k] = $6
	    miss[k] = $7; ref[k] = $8; next }
{ k = $1 " " $2; if (!(k in t_ns)) key[++nr] = k; t_ns[k] = $3 }
END {
	printf "%-9s %-8s | %9s %9s | %11s %9s | %8s %11s | %9s %9s\n", "workload", "mode",
	       "insns/op", "x native", "ns/op TCG", "x native", "exits/op", "exits/Minsn",
	       "L2TLB hit", "absorbed"
	printf "-------------------+---------------------+-----------------------+" \
	       "----------------------+--------------------\n"
	for (i = 1; i <= nr; i++) {
		k = key[i]
		split(k, f, " ")
		if (!(k in i_ns)) {
			fail("workload " k " missing from the icount run")
			continue
		}
		nat = f[1] " native"
		if (!(nat in i_ns) || !(nat in t_ns)) {
			fail("workload " f[1] ": no native row")
			continue
		}
		insns = i_ns[k] / ns_per_insn
		line = sprintf("%-9s %-8s | %9.1f %s | %11.1f %s |", f[1], f[2], insns,
			       ratio(i_ns[k], i_ns[nat]), t_ns[k], ratio(t_ns[k], t_ns[nat]))
		if (f[2] == "native") {
			printf "%s %8s %11s | %9s %9s\n", line, "-", "-", "-", "-"
			continue
		}
		host = hit[k] + miss[k]
		epm = gi[k] > 0 ? sprintf("%11.0f", 1e6 * i_ex[k] / gi[k]) : "-"
		printf "%s %8.3f %11s | %s %s\n", line, i_ex[k], epm,
		       pct(hit[k], host), pct(host - ref[k], host)
	}
	exit bad
}
' <(echo "$os_icount") <(echo "$os_tcg")
