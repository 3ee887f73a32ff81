#!/bin/sh
# linux_test, boot 3: after the kill -9, ext4 recovers its journal and boot
# 1's file is intact; the disk is unmounted cleanly for the host's e2fsck.
. /tests/lib.sh
mkdir -p /mnt/p
t "vda mounts after the VM was killed mid-write" 'mount -t ext4 /dev/vda /mnt/p'
t "boot 1's file is intact" '[ "$(md5sum </mnt/p/data)" = "$(cat /mnt/p/data.md5)" ]'
t "the killed boot's synced file is intact" '[ "$(md5sum </mnt/p/synced)" = "$(cat /mnt/p/synced.md5)" ]'
t "vda unmounts" 'umount /mnt/p'
