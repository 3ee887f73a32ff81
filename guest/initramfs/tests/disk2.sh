#!/bin/sh
# linux_test, boot 2: the file of boot 1 is still there, then writes until
# the host kills the VM (kill -9 of discoctl start).
. /tests/lib.sh
t "fast paths off: disco_pv=off, noulri" \
	'dmesg | grep -q "paravirtual Status off (disco_pv=off)" && dmesg | grep -q "Disabling ulri"'
mkdir -p /mnt/p
t "vda mounts again after a power-off" 'mount -t ext4 /dev/vda /mnt/p'
t "boot 1's file survived the reboot" '[ "$(md5sum </mnt/p/data)" = "$(cat /mnt/p/data.md5)" ]'
t "a file written and synced before the storm" \
	'dd if=/dev/urandom of=/mnt/p/synced bs=16k count=4 2>/dev/null &&
	 md5sum </mnt/p/synced >/mnt/p/synced.md5 && sync'
echo "### disco guest: writing"
i=0
while :; do
	dd if=/dev/urandom of=/mnt/p/storm.$((i % 16)) bs=16k count=16 2>/dev/null
	[ $((i % 4)) = 3 ] && sync
	i=$((i + 1))
done
