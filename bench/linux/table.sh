#!/usr/bin/env bash
# bench/linux/table.sh LOG - the Linux guest table from run.sh's console log.
#
# One row per lxbench op (and the boot), one column pair per configuration
# (exits per op, then microseconds per op of the emulated host's
# CLOCK_MONOTONIC under TCG), then native, and the last configuration
# (every fast path on) as a multiple of native.  Microseconds are TCG wall
# time: compare them only within one run.  Fails unless the log holds a
# complete run ("### lx-done").
set -euo pipefail
log=${1:?usage: table.sh CONSOLE_LOG}
tr -d '\r' <"$log" | grep -q '^### lx-done$' || { echo "table.sh: no complete run in $log" >&2; exit 1; }
if tr -d '\r' <"$log" | grep '^### lx-error' >&2; then exit 1; fi
tr -d '\r' <"$log" | awk '
/^### lx-config / { cfg = $3; if (cfg != "native") cfgs[++ncfg] = cfg; next }
/^### lx-boot / { boot_s[cfg] = $3; boot_e[cfg] = $4; next }
/^### lx-run / { run_ms[cfg] = $3; run_e[cfg] = $4; next }
/^### lx-result / {
	op = $3
	if (!(op in seen)) { seen[op] = 1; ops[++nops] = op }
	ns[cfg, op] = $5; ex[cfg, op] = $6
}
END {
	printf "%-9s", "op"
	for (c = 1; c <= ncfg; c++) printf " | %-18s", cfgs[c]
	printf " | %-8s | %s\n", "native", "guest/native"
	printf "%-9s", ""
	for (c = 1; c <= ncfg; c++) printf " | %8s %9s", "exits", "us"
	printf " | %8s |\n", "us"
	line = "---------"
	for (c = 1; c <= ncfg; c++) line = line "-+-------------------"
	print line "-+----------+-------------"
	printf "%-9s", "boot"
	for (c = 1; c <= ncfg; c++) printf " | %8d %8.2fs", boot_e[cfgs[c]], boot_s[cfgs[c]]
	printf " | %8s |\n", "-"
	for (o = 1; o <= nops; o++) {
		op = ops[o]
		printf "%-9s", op
		for (c = 1; c <= ncfg; c++)
			if ((cfgs[c], op) in ns)
				printf " | %8.2f %9.1f", ex[cfgs[c], op], ns[cfgs[c], op] / 1000
			else
				printf " | %8s %9s", "-", "-"
		nat = ns["native", op] / 1000
		best = ns[cfgs[ncfg], op] / 1000
		if (nat > 0 && best > 0)
			printf " | %8.1f | %10.1fx\n", nat, best / nat
		else
			printf " | %8s | %11s\n", "-", "-"
	}
	printf "%-9s", "whole VM"
	for (c = 1; c <= ncfg; c++) printf " | %8d %8.1fs", run_e[cfgs[c]], run_ms[cfgs[c]] / 1000
	printf " | %8s |\n", "-"
}'
