#!/bin/sh
# linux_test, boot 1: the scripted shell run.  /dev/vda is a persistent
# ext4 disk, /dev/vdb a copy-on-write one (the host checks its file stays
# unchanged).
. /tests/lib.sh
sys_test /tmp
t "fast paths on: paravirtual Status, UserLocal, the exit counter" \
	'dmesg | grep -q "paravirtual Status on" && grep -q " userlocal" /proc/cpuinfo &&
	 [ "$(cat /sys/kernel/disco/exits)" -gt 0 ]'
t "shell pipeline: seq | grep | wc" '[ "$(seq 1000 | grep 7 | wc -l)" = 271 ]'
t "a background job killed by a signal" 'sleep 100 & p=$!; kill $p; wait $p; [ $? -gt 128 ]'
t "command substitution, redirection, here-document" \
	'cat >/tmp/h <<X
$(echo abc | tr a-c x-z)
X
[ "$(cat /tmp/h)" = xyz ]'
mkdir -p /mnt/p /mnt/c
t "persistent disk /dev/vda mounts (ext4)" 'mount -t ext4 /dev/vda /mnt/p'
t "copy-on-write disk /dev/vdb mounts (ext4)" 'mount -t ext4 /dev/vdb /mnt/c'
dd if=/dev/urandom of=/tmp/data bs=16k count=64 2>/dev/null
t "1 MiB written to vda and synced" \
	'cp /tmp/data /mnt/p/data && md5sum </tmp/data >/mnt/p/data.md5 && sync'
t "read back after a remount, the same bytes" \
	'umount /mnt/p && mount -t ext4 /dev/vda /mnt/p && [ "$(md5sum </mnt/p/data)" = "$(cat /mnt/p/data.md5)" ]'
t "mmap and file I/O on vda" 'sys_test /mnt/p | grep -q "ok - shared file mapping"'
t "a file written to the copy-on-write disk" 'echo cow >/mnt/c/cow-file && sync && [ "$(cat /mnt/c/cow-file)" = cow ]'
t "both disks unmount" 'umount /mnt/p && umount /mnt/c'
