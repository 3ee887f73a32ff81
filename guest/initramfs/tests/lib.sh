# shellcheck shell=sh
# Sourced by the guest's test scripts: t DESC CMD runs CMD and prints one
# "guest-tap:" result line, which the host's linux_test.sh turns into TAP.
t() {
	echo "guest-tap: # $1 ..."
	if eval "$2" >/tmp/t.out 2>&1; then
		echo "guest-tap: ok - $1"
	else
		echo "guest-tap: not ok - $1"
		sed 's/^/guest-tap: # /' /tmp/t.out
	fi
}
