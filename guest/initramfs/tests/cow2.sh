#!/bin/sh
# linux_test, boot 3's second VM: the copy-on-write disk of boot 1 again,
# as its only (copy-on-write) disk, /dev/vda: boot 1's write must be gone.
. /tests/lib.sh
mkdir -p /mnt/c
t "second VM: the copy-on-write disk mounts" 'mount -t ext4 /dev/vda /mnt/c'
t "second VM: boot 1's copy-on-write write is gone" '[ ! -e /mnt/c/cow-file ]'
t "second VM: the disk unmounts" 'umount /mnt/c'
