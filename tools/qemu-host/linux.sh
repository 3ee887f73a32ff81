#!/bin/sh
# linux.sh - run inside the emulated Loongson host as /disco/linux.sh (mode
# "linux", see disco-host.sh): boot the Linux guest built by guest/build.sh
# with its busybox initramfs in a VM, feed a few commands to its shell
# through the virtio console and show its console, bounded by disco.guest_timeout=
# seconds (default 300; the guest's console output is the result), then
# show where the vCPU is and what the monitor counted.  disco.guest_cmdline=
# adds to the guest's command line (commas become spaces);
# disco.guest_trace=N prints the first N monitor trace events and those
# before the first exception delivered to the guest; disco.guest_commpage=1
# gives the VM the privileged-register page; disco.guest_disk=1 a disk.
timeout=300
for arg in $(cat /proc/cmdline); do
	case $arg in
	disco.guest_timeout=*) timeout=${arg#disco.guest_timeout=} ;;
	disco.guest_cmdline=*) cmdline=$(echo "${arg#disco.guest_cmdline=}" | tr , ' ') ;;
	disco.guest_trace=*) trace=${arg#disco.guest_trace=} ;;
	disco.guest_commpage=1) commpage=--commpage ;;
	disco.guest_disk=1) disk="--disk /tmp/guest-disk.img" ;;
	esac
done
# disco.guest_disk=1: a persistent ext4 disk (/dev/vda), linux_test's image.
[ -n "${disk:-}" ] && gunzip -c /disco/guests/disk-ext4.img.gz >/tmp/guest-disk.img
# disco.guest_trace=N: record the monitor's tracepoints from the start (the
# buffer keeps the oldest events) and print the first N afterwards.
T=/sys/kernel/tracing
if [ -n "${trace:-}" ]; then
	mount -t tracefs tracefs $T 2>/dev/null
	echo 0 >$T/options/overwrite
	echo 4096 >$T/buffer_size_kb
	echo 1 >$T/events/disco/enable
fi
# Host kernel messages on the console: a monitor bug shows up at once.
dmesg -n 7
set -x
discoctl create linux --mem 64M --vcpus 1 --kernel /disco/guests/linux.elf \
	--initrd /disco/guests/linux-initrd.cpio.gz \
	--cmdline "console=hvc0 ${cmdline:-}" ${commpage:-} ${disk:-} || exit
# The guest's shell reads these from its virtio console once it has said
# it is there (input sent earlier could sit unread: hvc reads a port only
# when the tty is open and something kicks it), then powers off.
rm -f /tmp/guest-in /tmp/guest-out
mkfifo /tmp/guest-in
{ timeout -s INT "$timeout" discoctl start linux </tmp/guest-in
  echo $? >/tmp/guest-rc; } | tee /tmp/guest-out &
exec 3>/tmp/guest-in
set +x
while kill -0 $! 2>/dev/null && ! grep -q '^### disco guest: busybox shell' /tmp/guest-out; do
	sleep 1
done
sleep 2
printf '%s\n' 'echo hello from the guest' 'uname -a' 'cat /proc/cpuinfo' \
	'cat /proc/interrupts' 'ls /sys/bus/virtio/devices' 'exit' >&3
exec 3>&-
wait $!
rc=$(cat /tmp/guest-rc)
set -x
discoctl regs linux | tee /tmp/regs
# The stack, for a backtrace by hand (guest kernel: sp in the direct window).
sp=$(sed -n 's/.* sp   \([0-9a-f]*\) .*/\1/p' /tmp/regs)
[ -n "$sp" ] && discoctl peek linux --gpa $((0x$sp & 0xffffffffff)) --len 2048
discoctl stats linux
discoctl destroy linux
set +x
if [ -n "${trace:-}" ]; then
	echo 0 >$T/events/disco/enable
	# The first N events, then the 40 before the first exception the
	# monitor delivered to the guest (often where a port goes wrong).
	grep -v '^#' $T/trace | head -n "$trace"
	echo "--- before the first delivered exception:"
	grep -v '^#' $T/trace | grep -m1 -B40 disco_deliver
fi
echo "linux: discoctl start exited with $rc"
return "$rc" 2>/dev/null || exit "$rc"
