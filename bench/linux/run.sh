#!/bin/sh
# bench/linux/run.sh - inside the emulated host (disco-host.sh lxbench, as
# /disco/lxbench.sh): boot the Linux guest once per configuration, each
# with one more fast path, running lxbench (disco.test=lxbench), then run
# lxbench natively.  bench/linux/table.sh reads the console log:
#   ### lx-config NAME                 a configuration starts
#   ### lx-boot UPTIME_S EXITS         the guest at its init: time, exits
#   ### lx-result OP N NS/OP EXITS/OP  lxbench.c
#   ### lx-run MS EXITS                the whole VM run, from discoctl stats
#   ### lx-done                        every configuration finished
K=/disco/guests/linux.elf
I=/disco/guests/linux-initrd.cpio.gz
[ -f $K ] || { echo "lxbench: no Linux guest in this initramfs"; exit 1; }
# The compile workload's disk: guest/ccroot.sh's tree as ext4, each VM's
# copy-on-write; natively the same tree is used in place.
CC=/disco/ccroot
disk=
if [ -d $CC ]; then
	/disco/bin/mke2fs -q -F -t ext4 -b 4096 -d $CC /tmp/cc.img 320M || exit 1
	disk="--disk /tmp/cc.img,cow"
fi

# run NAME DISCOCTL_FLAGS GUEST_CMDLINE [compile]: "compile" gives the VM
# the compile disk (8 minutes of TCG time: the last configuration only).
# disco.lxbench_only=NAME on the host's command line runs that one alone.
only=$(sed -n 's/.*disco\.lxbench_only=\([^ ]*\).*/\1/p' /proc/cmdline)
run() {
	[ -z "$only" ] || [ "$only" = "$1" ] || return 0
	echo "### lx-config $1"
	d=
	[ "${4:-}" = compile ] && d=$disk
	discoctl create lxb --mem 256M --vcpus 1 --kernel $K --initrd $I \
		--cmdline "console=hvc0 disco.test=lxbench $3" $2 $d || return 1
	timeout $((${4:+3000} + 900)) discoctl start lxb </dev/null >/tmp/lxb.out 2>&1
	rc=$?
	grep '^### lx-' /tmp/lxb.out
	discoctl stats lxb >/tmp/lxb.stats
	sed "s/^/# $1: /" /tmp/lxb.stats
	echo "### lx-run $(awk '/^run time/ { print $4 }' /tmp/lxb.stats)" \
		"$(awk '$1 == "exits" { print $2 }' /tmp/lxb.stats)"
	[ "$rc" = 0 ] || { echo "lxbench: $1: discoctl start exited $rc"; tail -20 /tmp/lxb.out;
		discoctl regs lxb; discoctl destroy lxb; return 1; }
	discoctl destroy lxb
	! grep -q '^### lx-error' /tmp/lxb.out
}

# Each switch is the guest's or the VM's own: no commpage; the commpage
# (CP0 reads become loads); + DISCO_PV_STATUS and DISCO_PV_TLB (Status
# masking through the page, TLB monitor calls; disco_pv=off turns both
# off); + UserLocal (rdhwr $29 in one exit,
# noulri makes Linux emulate it instead); + the big TLB (DISCO_VM_BIG_TLB).
run plain "" "disco_pv=off noulri" &&
run commpage --commpage "disco_pv=off noulri" &&
run +pv-status --commpage "noulri" &&
run +ulri --commpage "" &&
run +big-tlb "--commpage --big-tlb" "" compile || exit 1
echo "### lx-config native"
/disco/bin/lxbench || exit 1
if [ -d $CC ]; then
	build='cd /work/numasim && make -s clean && make -s && ./numasim -h >/dev/null 2>&1; [ -x numasim ]'
	mount -o bind /dev $CC/dev && mount -t tmpfs tmpfs $CC/tmp &&
		/disco/bin/lxbench -t compile chroot $CC /bin/sh -c "$build" || exit 1
fi
echo "### lx-done"
