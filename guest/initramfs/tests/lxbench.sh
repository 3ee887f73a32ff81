#!/bin/sh
# bench/linux/run.sh's guest side: how far the boot took (time, exits),
# lxbench's workloads, then, given the compile disk (guest/ccroot.sh) as
# /dev/vda, the compile workload: one timed build from a cold page cache
# (about 8 minutes of TCG time; the native run's tree is in memory).
# A failure prints "### lx-error" lines (run.sh and table.sh then fail).
fail() { echo "### lx-error $*"; sed 's/^/### lx-error   /' /tmp/cc.out 2>/dev/null | tail -n 20; exit 1; }
echo "### lx-boot $(cut -d' ' -f1 /proc/uptime) $(cat /sys/kernel/disco/exits)"
lxbench || fail "lxbench failed"
[ -b /dev/vda ] || exit 0
mount -t ext4 /dev/vda /mnt && mount -t tmpfs tmpfs /mnt/tmp &&
	mount -o bind /dev /mnt/dev || fail "cannot mount the compile disk"
# The guest has no clock of the wall's: take the tree's, so make sees no
# sources from the future.
date -s "@$(($(stat -c %Y /mnt/work/numasim/Makefile) + 60))" >/dev/null
build='cd /work/numasim && make -s clean && make -s && ./numasim -h >/dev/null 2>&1; [ -x numasim ]'
lxbench -t compile chroot /mnt /bin/sh -c "$build" 2>/tmp/cc.out || fail "the compile failed"
