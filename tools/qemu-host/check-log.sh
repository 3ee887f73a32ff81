#!/usr/bin/env bash
# check-log.sh LOG - judge a console log from a test-mode boot (boot.sh test).
#
# Counts the TAP results of each test binary framed by run-tests.sh's
#   "# disco-test: NAME" ... "# disco-test-exit: NAME RC"
# markers, and adds one synthetic failure, with a message, for a binary that
#   - exited non-zero (other than KSFT_SKIP=4) without reporting a failure,
#   - planned 1..N but reported fewer results,
#   - reported nothing at all,
#   - has no exit marker (crash, hang, timeout).
# Then every line of the dmesg section matching a kernel error pattern, a
# taint other than OOT_MODULE (4096) / UNSIGNED_MODULE (8192), and a missing
# "### disco-host done" (timeout, hang, panic) each count as one failure.
# Debug tier (disco-host.sh --debug): lockdep, atomic-sleep, preempt, list
# and SLUB splats are in the dmesg patterns, and every kmemleak suspect in
# the "### kmemleak begin/end" sections run-tests.sh prints is one failure
# (it clears kmemleak before insmod, so each is an object allocated during
# the tests); those whose backtrace has a disco frame ("[disco]", or a bare
# csseg address 0xffffffffc... once the module is gone) are marked so.
# With DISCO_KMEMLEAK=1 (set by disco-host.sh --debug) both scans, after
# the tests and after rmmod, must be in the log.
# Last line: "check-log: totals pass=P fail=F skip=S".  Exit 1 if F > 0.
set -euo pipefail
LOG=${1:?usage: check-log.sh console.log}
[ -r "$LOG" ] || { echo "check-log: cannot read $LOG" ; exit 2; }

# The serial console ends lines with \r\n.
clean=$(tr -d '\r' <"$LOG")

# --- per-binary TAP accounting (mawk-compatible awk) ---
tap=$(awk '
function fail_msg(m) { printf "check-log: FAIL %s: %s\n", name, m ; f++ }
function finish(rc,    res) {
	res = bp + bf + bs
	# At most one synthetic failure per binary: the first reason that applies.
	if (rc == "")
		fail_msg("no exit marker (crashed, hung or timed out; " res " result(s) seen)")
	else if (rc == 124 || rc == 143 || rc == 137)
		fail_msg("timed out / killed (exit " rc ")")
	else if (plan != "" && res < plan)
		fail_msg("planned " plan " result(s), got " res " (exit " rc ")")
	else if (rc != 0 && rc != 4 && bf == 0)
		fail_msg("exit status " rc " but no failing result reported")
	else if (res == 0 && rc == 4) {
		bs++	# whole binary skipped (KSFT_SKIP)
		printf "check-log: SKIP %s (exit 4)\n", name
	} else if (res == 0 && plan == "")
		fail_msg("no TAP output")
	printf "check-log: %-24s pass=%d fail=%d skip=%d rc=%s\n", name, bp, bf, bs, (rc == "" ? "none" : rc) 
	p += bp; f += bf; s += bs; inbin = 0
}
/^# disco-test: / {
	if (inbin) finish("")
	name = $3; inbin = 1; plan = ""; bp = bf = bs = 0; next
}
/^# disco-test-exit: / { if (inbin && $3 == name) finish($4); next }
/^### dmesg begin/ { if (inbin) finish(""); exit }
!inbin { next }
/^1\.\.[0-9]+/ { split($1, a, "."); plan = a[3] + 0; next }
/^not ok [0-9]+/ { bf++; print "check-log:   " $0 ; next }
/^ok [0-9]+/ { if (toupper($0) ~ /# *SKIP/) bs++; else bp++; next }
END { if (inbin) finish(""); print "#counts", p + 0, f + 0, s + 0 }
' <<<"$clean")
grep -v '^#counts' <<<"$tap" || true
read -r _ pass fail skip <<<"$(grep '^#counts' <<<"$tap")"

# --- the run must have finished ---
if ! grep -q '^### disco-host done' <<<"$clean"; then
	echo "check-log: FAIL run incomplete: no '### disco-host done' (timeout, hang or panic)" 
	fail=$((fail + 1))
	# Point at the likely cause in the raw console (not counted again).
	grep -nE 'Kernel panic|Oops|BUG|Call Trace|WARNING' <<<"$clean" | tail -20 | sed 's/^/check-log:   console: /'  || true
fi

# --- kernel log: every matching dmesg line is a failure ---
PAT='\bBUG\b|\bWARNING\b|\bOops\b|Call Trace|soft lockup|hard LOCKUP|rcu_.*stall|RCU Stall|general protection|Kernel panic'
# Debug tier: lockdep and friends (most also start with WARNING: or BUG:;
# one line still counts once), and kmemleak losing its coverage.
PAT="$PAT|possible circular locking|inconsistent lock state|possible recursive locking"
PAT="$PAT|sleeping function called from invalid context|DEBUG_LOCKS_WARN|turning off the locking correctness validator"
PAT="$PAT|list_(add|del) corruption|Redzone overwritten|Poison overwritten|Object already free"
PAT="$PAT|Kernel memory leak detector disabled|Kmemleak disabled|Cannot allocate a kmemleak|Memory pool empty"
PAT="$PAT|blocked for more than [0-9]+ seconds|Unable to handle kernel"
dmesg=$(sed -n '/^### dmesg begin/,/^### dmesg end/p' <<<"$clean")
if [ -n "$dmesg" ]; then
	bad=$(grep -E "$PAT" <<<"$dmesg" || true)
	if [ -n "$bad" ]; then
		n=$(wc -l <<<"$bad")
		echo "check-log: FAIL $n kernel error line(s) in dmesg:" 
		sed 's/^/check-log:   dmesg: /' <<<"$bad" 
		fail=$((fail + n))
	fi
elif grep -q '^### disco-host done' <<<"$clean"; then
	echo "check-log: FAIL no dmesg section" 
	fail=$((fail + 1))
fi

# --- kmemleak (debug tier): every suspect is a failure ---
if [ "${DISCO_KMEMLEAK:-0}" = 1 ]; then
	for when in after-tests after-rmmod; do
		grep -q "^### kmemleak end $when" <<<"$clean" && continue
		echo "check-log: FAIL no kmemleak scan $when (debug kernel without kmemleak, or the run stopped early)"
		fail=$((fail + 1))
	done
fi
if grep -q '^### kmemleak begin' <<<"$clean"; then
	kml=$(awk '
	function flush(    n, i, tag) {
		if (obj == "") return
		if (obj ~ /\[disco\]/ || obj ~ /\] 0xffffffffc[0-9a-f]+\n/) { tag = "disco"; nd++ }
		else { tag = "kernel"; no++ }
		n = split(obj, l, "\n")
		for (i = 1; i < n && i <= 24; i++) printf "check-log:   kmemleak %s [%s]: %s\n", when, tag, l[i]
		obj = ""
	}
	/^### kmemleak begin / { when = $4; inkml = 1; next }
	/^### kmemleak end / { flush(); inkml = 0; next }
	!inkml { next }
	/^unreferenced object / { flush() }
	{ obj = obj $0 "\n" }
	END { flush(); print "#kml", nd + 0, no + 0 }
	' <<<"$clean")
	read -r _ kd ko <<<"$(grep '^#kml' <<<"$kml")"
	if [ $((kd + ko)) -gt 0 ]; then
		echo "check-log: FAIL $((kd + ko)) kmemleak suspect(s) ($kd with a disco frame):"
		grep -v '^#kml' <<<"$kml"
		fail=$((fail + kd + ko))
	fi
	echo "check-log: kmemleak: $kd suspect(s) with a disco frame, $ko other"
fi

# --- taint: only out-of-tree (bit 12) and unsigned module (bit 13) ---
taint=$(sed -n 's/^### tainted \([0-9]*\)$/\1/p' <<<"$clean" | tail -1)
if [ -n "$taint" ]; then
	other=$((taint & ~(4096 | 8192)))
	if [ "$other" -ne 0 ]; then
		bits=$(for b in $(seq 0 31); do [ $((other >> b & 1)) -eq 0 ] || printf ' %d' "$b"; done)
		echo "check-log: FAIL kernel tainted $taint (unexpected bits:$bits)" 
		fail=$((fail + 1))
	fi
elif grep -q '^### disco-host done' <<<"$clean"; then
	echo "check-log: FAIL no taint value" 
	fail=$((fail + 1))
fi

echo "check-log: totals pass=$pass fail=$fail skip=$skip"
[ "$fail" -eq 0 ]
