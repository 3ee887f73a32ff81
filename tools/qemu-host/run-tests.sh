#!/bin/sh
# run-tests.sh - runs inside the emulated host (busybox sh), as /disco/run-tests.sh.
# Each test is framed by markers so check-log.sh can attribute TAP results
# to a binary and notice a crash, hang or missing result:
#   # disco-test: <name>
#   ...TAP output...
#   # disco-test-exit: <name> <rc>
export DISCO_GUESTS=${DISCO_GUESTS:-/disco/guests}
T=${DISCO_TEST_TIMEOUT:-120}

# kmemleak (debug-tier kernel only; Debian's has none): forget whatever the
# boot leaked before disco is loaded, so what is reported later is ours.
KML=/sys/kernel/debug/kmemleak
if [ -w "$KML" ]; then
	echo scan >"$KML"
	echo clear >"$KML"
else
	KML=
fi
# kmemleak_dump WHEN: two scans (an object whose contents changed since the
# previous scan is not reported yet; only objects older than 5 s are), then
# the suspects between markers for check-log.sh, then forget them.
kmemleak_dump() {
	[ -n "$KML" ] || return 0
	sleep 6
	echo scan >"$KML"
	echo scan >"$KML"
	echo "### kmemleak begin $1"
	cat "$KML"
	echo "### kmemleak end $1"
	echo clear >"$KML"
}

# Loading the module is a test in itself (TAP, one result).
echo "# disco-test: insmod"
echo "1..1"
if insmod /disco/disco.ko; then
	echo "ok 1 insmod disco.ko"
	# csseg (0xffffffffc...) when the kernel is built -msym32, as Debian's is
	echo "# disco.ko .text at $(cat /sys/module/disco/sections/.text 2>/dev/null)"
	rc=0
else
	rc=$?
	echo "not ok 1 insmod disco.ko"
fi
echo "# disco-test-exit: insmod $rc"

# Then every kselftest binary, sorted, each bounded by a guest-side timeout
# (the host side bounds the whole run as well).  The leading echo ends a
# last output line that lacks a newline, so the marker starts its own line.
cd /disco/tests 2>/dev/null || exit 0
# disco.only=A,B on the kernel command line (DISCO_ONLY): just those, for
# working on one test by hand.
for t in $(ls | sort); do
	[ -f "$t" ] && [ -x "$t" ] || continue
	case ,${DISCO_ONLY:-$t}, in *,"$t",*) ;; *) continue ;; esac
	# A test may ask for longer: "# disco-timeout: SECONDS" on its
	# second line (linux_test.sh boots Linux several times).
	tt=$(sed -n '2s/^# disco-timeout: \([0-9]*\)$/\1/p' "$t" 2>/dev/null)
	echo "# disco-test: $t"
	timeout "${tt:-$T}" "./$t" 2>&1
	rc=$?
	echo
	echo "# disco-test-exit: $t $rc"
done

# Last: no test may leave a VM behind, and the module must unload cleanly
# once none exists (it refuses while one does: lifecycle_test checks that).
kmemleak_dump after-tests	# with disco's symbols: it is still loaded
echo "# disco-test: unload"
echo "1..2"
left=$(/disco/bin/discoctl list 2>/dev/null | tail -n +2 | awk '{print $1}')
if [ -z "$left" ]; then
	echo "ok 1 no VM left behind by the tests"
else
	echo "not ok 1 VMs left behind by the tests: $left"
	for vm in $left; do /disco/bin/discoctl destroy "$vm"; done
fi
if rmmod disco && [ ! -e /dev/disco ]; then
	echo "ok 2 rmmod disco"
	rc=0
else
	echo "not ok 2 rmmod disco"
	rc=1
fi
echo "# disco-test-exit: unload $rc"
kmemleak_dump after-rmmod	# disco's frames show as bare 0xffffffffc... now
