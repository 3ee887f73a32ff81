# shellcheck shell=sh
# Sourced: run_ksft PREFIX runs every kselftest in /ksft (Linux's own,
# guest/kselftests.list), each bounded to 120 s, and prints
# "PREFIX NAME STATUS" per test; the host compares guest and native.
run_ksft() {
	for k in $(ls /ksft 2>/dev/null || ls /disco/ksft); do
		d=/ksft
		[ -x $d/$k ] || d=/disco/ksft
		timeout 120 $d/$k >/tmp/ksft.out 2>&1
		rc=$?
		sed "s/^/$1 # $k: /" /tmp/ksft.out | tail -n 5
		echo "$1 $k $rc"
	done
}
