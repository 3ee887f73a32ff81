#!/bin/sh
# demo.sh - the README's main job, run inside the emulated Loongson host as
# /disco/demo.sh once disco.ko is loaded: Linux 6.1 boots in a Disco VM
# with a persistent ext4 disk, to a busybox shell on its virtio console.
#
# With disco.interactive=1 on the host's command line (disco-host.sh demo
# from a terminal) that shell is yours: type commands, "exit" powers the
# VM off.  Otherwise a few commands are typed for you.  Then the monitor's
# counters are shown and the VM destroyed; the demo fails unless poweroff
# in the guest ended "discoctl start" with status 0.
G=/disco/guests
interactive=0
for arg in $(cat /proc/cmdline); do
	case $arg in disco.interactive=1) interactive=1 ;; esac
done
gunzip -c $G/disk-ext4.img.gz >/tmp/disk.img
set -x
discoctl create demo --mem 64M --vcpus 1 --kernel $G/linux.elf \
	--initrd $G/linux-initrd.cpio.gz --disk /tmp/disk.img --commpage \
	--cmdline "console=hvc0 quiet" || exit
discoctl list
set +x
if [ "$interactive" = 1 ]; then
	echo "demo: the guest's shell is next; try 'mount /dev/vda /mnt', 'cat /proc/cpuinfo'; 'exit' powers the VM off"
	# Raw, unechoed host console: keys go to the guest's shell as typed.
	stty raw -echo 2>/dev/null
	discoctl start demo
	rc=$?
	stty sane 2>/dev/null
else
	rm -f /tmp/demo-in /tmp/demo-out
	mkfifo /tmp/demo-in
	{ discoctl start demo </tmp/demo-in; echo $? >/tmp/demo-rc; } | tee /tmp/demo-out &
	exec 3>/tmp/demo-in
	while kill -0 $! 2>/dev/null && ! grep -q '^### disco guest: busybox shell' /tmp/demo-out; do
		sleep 1
	done
	sleep 2
	# The guest's shell types these; the disk's file survives the reboot
	# into the guest's own check at the end ("cat /mnt/hello").
	printf '%s\n' 'uname -a' 'grep -m3 -E "cpu model|system type|isa" /proc/cpuinfo' \
		'mount -t ext4 /dev/vda /mnt && echo "hello from a disco guest" >/mnt/hello && sync' \
		'df -h /mnt' 'umount /mnt && mount -t ext4 /dev/vda /mnt && cat /mnt/hello' \
		'umount /mnt' 'exit' >&3
	exec 3>&-
	wait $!
	rc=$(cat /tmp/demo-rc)
fi
set -x
discoctl stats demo
discoctl destroy demo
set +x
echo "demo: discoctl start exited with status $rc (0: the guest powered off)"
[ "$rc" -eq 0 ]
