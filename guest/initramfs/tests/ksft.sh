#!/bin/sh
# linux_test, boot 4: Linux's own kselftests (guest/kselftests.list, in
# /ksft), each bounded to 120 s; "guest-ksft: NAME STATUS" per test, and
# its last lines as comments.  The host runs the same binaries natively
# (from /disco/ksft, with this file sourced) and compares.
run_ksft() {
	for k in $(ls /ksft 2>/dev/null || ls /disco/ksft); do
		d=/ksft
		[ -x $d/$k ] || d=/disco/ksft
		timeout 120 $d/$k >/tmp/ksft.out 2>&1
		rc=$?
		tail -n 5 /tmp/ksft.out | sed "s/^/$1 # $k: /"
		echo "$1 $k $rc"
	done
}
[ -d /ksft ] && run_ksft guest-ksft:
