#!/bin/sh
# disco-timeout: 1200
# linux_test.sh - Linux 6.1 as a Disco guest, with its disks (TAP).
#
# Runs in the emulated host (busybox sh) with the guest kernel and its
# initramfs in $DISCO_GUESTS (the stock tier ships them; elsewhere the test
# skips).  Three rounds of boots, each guest running one script of its
# initramfs (guest/initramfs/tests, chosen by disco.test=) whose
# "guest-tap:" lines become results here:
#  1. the scripted shell run and sys_test (fork/exec, pipes, signals,
#     timers, mmap) with a persistent disk (vda) and a copy-on-write disk
#     (vdb); poweroff must end discoctl start with status 0; the
#     copy-on-write disk's file must be unchanged, the persistent one
#     fsck-clean;
#  2. the persistent disk again, with the guest's paravirtual fast paths
#     off (disco_pv=off noulri): boot 1's file is there, then the guest
#     writes until discoctl start is killed with SIGKILL; a second VM may
#     not have the same persistent disk meanwhile;
#  3. two VMs at once: one recovers the persistent disk and finds boot 1's
#     file intact, the other finds boot 1's copy-on-write write gone; then
#     e2fsck -fn must pass on both files;
#  4. Linux's own kselftests (guest/kselftests.list) in a guest: their
#     results must match those of the same binaries run natively here.
# Every VM has the commpage (--commpage): a third of the exits; the guest
# then turns on DISCO_PV_STATUS and UserLocal (README, "Fast paths").
G=${DISCO_GUESTS:-/disco/guests}
K=$G/linux.elf
R=$G/linux-initrd.cpio.gz
if [ ! -f "$K" ] || [ ! -f "$G/disk-ext4.img.gz" ]; then
	echo "1..0 # SKIP no Linux guest in this tier's initramfs (the stock tier runs linux_test)"
	exit 4
fi
W=/tmp/linux_test
# disco.linux_timeout=S on the host's command line bounds each boot (600 s).
limit=600
for arg in $(cat /proc/cmdline); do
	case $arg in disco.linux_timeout=*) limit=${arg#disco.linux_timeout=} ;; esac
done
rm -rf "$W"
mkdir -p "$W"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $*"; }
check() {
	desc=$1
	shift
	if "$@" >"$W/check.out" 2>&1; then ok "$desc"; else nok "$desc"; sed 's/^/# /' "$W/check.out"; fi
}
# create NAME TEST [DISCOCTL_ARGS...]; $pv_off set: the guest's fast paths off
create() {
	name=$1 test=$2
	shift 2
	discoctl create "$name" --mem 64M --kernel "$K" --initrd "$R" --commpage \
		--cmdline "console=hvc0 quiet disco.test=$test ${pv_off:+disco_pv=off noulri}" \
		"$@" >"$W/$name.create" 2>&1
}
# guest_results PHASE LOG COUNT: the guest's own results as ours, and
# one more that all COUNT of them came (a crash loses the rest).
guest_results() {
	tr -d '\r' <"$2" >"$2.clean"
	got=0
	while read -r line; do
		case $line in
		"guest-tap: ok - "*) ok "$1: ${line#guest-tap: ok - }"; got=$((got + 1)) ;;
		"guest-tap: not ok - "*) nok "$1: ${line#guest-tap: not ok - }"; got=$((got + 1)) ;;
		"guest-tap: # "*) echo "# $1: ${line#guest-tap: # }" ;;
		esac
	done <"$2.clean"
	if [ "$got" = "$3" ]; then
		ok "$1: the guest reported all $3 results"
	else
		nok "$1: the guest reported $got of $3 results; its console:"
		tail -n 30 "$2.clean" | sed 's/^/# /'
	fi
}
same_md5() { [ "$(md5sum <"$1")" = "$2" ]; }

gunzip -c "$G/disk-ext4.img.gz" >"$W/a.img"
cp "$W/a.img" "$W/b.img"
md5a=$(md5sum <"$W/a.img")
md5b=$(md5sum <"$W/b.img")

# --- boot 1: the scripted run on a persistent and a copy-on-write disk
check "boot 1: create with --disk a.img --disk b.img,cow" \
	create lx1 disk1 --disk "$W/a.img" --disk "$W/b.img,cow"
timeout $limit discoctl start lx1 </dev/null >"$W/lx1.log" 2>&1
rc=$?
guest_results "boot 1" "$W/lx1.log" 18
check "boot 1: poweroff in the guest ends discoctl start with status 0 (got $rc)" [ "$rc" = 0 ]
[ "$rc" = 0 ] || { discoctl regs lx1; discoctl stats lx1; } 2>&1 | sed 's/^/# /'
discoctl stats lx1 | grep '^disk' | sed 's/^/# /'
check "boot 1: the persistent disk served writes and flushes" \
	sh -c "discoctl stats lx1 | grep '^disk0 (persistent' | grep -v 'writes 0 ' | grep -qv 'flushes 0,'"
discoctl destroy lx1
check "the copy-on-write disk's file is unchanged" same_md5 "$W/b.img" "$md5b"
check "the persistent disk's file changed" sh -c "! [ \"\$(md5sum <$W/a.img)\" = \"$md5a\" ]"
check "e2fsck -fn: the persistent disk is clean after boot 1" e2fsck -fn "$W/a.img"

# --- boot 2: writes, then kill -9
# Boot 2 runs with the guest's paravirtual fast paths off (every other
# boot has them): Status writes and rdhwr $29 trap as on bare hardware.
pv_off=1
check "boot 2: create with the persistent disk again, fast paths off" create lx2 disk2 --disk "$W/a.img"
pv_off=
discoctl start lx2 </dev/null >"$W/lx2.log" 2>&1 &
pid=$!
i=0
while [ $i -lt "$limit" ] && kill -0 $pid 2>/dev/null && ! grep -q '### disco guest: writing' "$W/lx2.log"; do
	sleep 1
	i=$((i + 1))
done
check "boot 2: the guest is writing to the persistent disk" grep -q '### disco guest: writing' "$W/lx2.log"
sleep 3
kill -9 $pid
wait $pid
rc=$?
check "boot 2: discoctl start killed by SIGKILL during the writes (status $rc)" [ "$rc" = 137 ]
guest_results "boot 2" "$W/lx2.log" 4
discoctl create lx5 --mem 16M --kernel "$K" --disk "$W/a.img" >"$W/lx5.out" 2>&1
rc=$?
sed 's/^/# /' "$W/lx5.out"
check "a second VM is refused another's persistent disk (status $rc, EBUSY)" \
	sh -c "[ $rc = 1 ] && grep -q 'persistent disk of another VM' $W/lx5.out"
discoctl destroy lx2

# --- Linux's own kselftests, natively here first; the guest's run of the
# same binaries (boot 4) must give the same results.
. /disco/ksft.sh
run_ksft native-ksft: >"$W/native.ksft" 2>&1

# --- boot 3: two VMs at once
check "boot 3: create the recovering VM" create lx3 disk3 --disk "$W/a.img"
check "boot 3: create a second VM with the copy-on-write disk" create lx4 cow2 --disk "$W/b.img,cow"
{ timeout $limit discoctl start lx3 </dev/null >"$W/lx3.log" 2>&1; echo $? >"$W/lx3.rc"; } &
p3=$!
{ timeout $limit discoctl start lx4 </dev/null >"$W/lx4.log" 2>&1; echo $? >"$W/lx4.rc"; } &
p4=$!
wait $p3 $p4
guest_results "boot 3" "$W/lx3.log" 4
guest_results "second VM" "$W/lx4.log" 3
check "boot 3: both VMs power off with status 0 ($(cat "$W/lx3.rc"), $(cat "$W/lx4.rc"))" \
	[ "$(cat "$W/lx3.rc") $(cat "$W/lx4.rc")" = "0 0" ]
[ "$(cat "$W/lx3.rc") $(cat "$W/lx4.rc")" = "0 0" ] ||
	for v in lx3 lx4; do discoctl regs $v; discoctl stats $v; done 2>&1 | sed 's/^/# /'
discoctl destroy lx3
discoctl destroy lx4
check "e2fsck -fn: the persistent disk is clean after the kill -9 and recovery" e2fsck -fn "$W/a.img"

# --- boot 4: Linux's own kselftests in a guest, compared with the native run
check "boot 4: create the kselftest VM" create lx6 ksft
timeout $limit discoctl start lx6 </dev/null >"$W/lx6.log" 2>&1
rc=$?
tr -d '\r' <"$W/lx6.log" >"$W/lx6.log.clean"
check "boot 4: the kselftest VM powers off with status 0 (got $rc)" [ "$rc" = 0 ]
discoctl destroy lx6
# ksft_class RC: what a kselftest's exit status means.
ksft_class() { case $1 in 0) echo pass ;; 4) echo skip ;; *) echo "fail($1)" ;; esac; }
grep '^guest-ksft: [^#]' "$W/lx6.log.clean" >"$W/guest.ksft"
summary=
while read -r _ k nrc; do
	grc=$(awk -v k="$k" '$2 == k {print $3}' "$W/guest.ksft")
	nc=$(ksft_class "$nrc")
	gc=$(ksft_class "${grc:-none}")
	[ -n "$grc" ] || gc="no result"
	summary="$summary $k=$gc"
	if [ "$nc" = "$gc" ]; then
		ok "kselftest $k: the same in the guest and natively ($nc)"
	else
		nok "kselftest $k: $gc in the guest, $nc natively"
		grep "^guest-ksft: # $k:" "$W/lx6.log.clean" | sed 's/^/# /'
		grep "^native-ksft: # $k:" "$W/native.ksft" | sed 's/^/# /'
	fi
done <<EOT
$(grep '^native-ksft: [^#]' "$W/native.ksft")
EOT
echo "# kselftests in the guest:$summary"
check "the copy-on-write disk's file is still unchanged" same_md5 "$W/b.img" "$md5b"
rm -rf "$W"
echo "1..$n"
[ "$fails" = 0 ]
