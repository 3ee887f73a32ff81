#!/usr/bin/env bash
# boot.sh MODE [INITRAMFS] - boot the emulated Loongson-3 host in QEMU.
#
# MODE is demo|test|bench|shell (passed to /init as disco.mode=).  The console
# is teed to build/console-MODE.log (or build/$DISCO_LOG.log) and stdout.
# demo/test/bench runs are bounded from outside (the guest clock is not
# trustworthy under TCG): DISCO_BOOT_TIMEOUT seconds, default 600.  shell
# mode is interactive and unbounded.
# Extra kernel arguments: DISCO_APPEND (e.g. "disco.timeout=300 nokaslr");
# extra QEMU options: DISCO_QEMU_ARGS (e.g. "-icount shift=4,sleep=off");
# another kernel image: DISCO_KERNEL (disco-host.sh --debug boots the
# debug-tier vmlinux this way).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${1:?usage: boot.sh demo|test|bench|shell [initramfs]}
INITRD=${2:-$ROOT/build/initramfs.cpio.gz}
# shellcheck source=/dev/null
. "$ROOT/build/env.sh"
VMLINUZ=${DISCO_KERNEL:-$VMLINUZ}
LOG=$ROOT/build/${DISCO_LOG:-console-$MODE}.log

# loongson3-virt: QEMU 7.2 under TCG accepts only Loongson-3A1000, and -smp >1
# does not boot (see FACTS.md).  No bios/-L needed when booting with -kernel.
# -vga none -nic none: otherwise the machine's default cirrus VGA and NIC
# want option ROMs (vgabios-cirrus.bin, efi-virtio.rom) from the seabios and
# ipxe-qemu packages, which we neither need nor install.
# panic=-1 + -no-reboot: a panic ends QEMU at once.
# The NUMA tier (disco-host.sh) sets DISCO_QEMU to the patched QEMU of
# build-qemu.sh, DISCO_CPU=Loongson-3A4000, DISCO_SMP=8 and DISCO_MEM=2G.
# demo from a terminal: the guest's shell is the user's (demo.sh), so the
# terminal stays QEMU's and nothing bounds the run.
INTERACTIVE=
[ "$MODE" = demo ] && [ -t 0 ] && [ -t 1 ] && INTERACTIVE=" disco.interactive=1"
QEMU=("${DISCO_QEMU:-qemu-system-mips64el}" -M loongson3-virt
	-cpu "${DISCO_CPU:-Loongson-3A1000}" -smp "${DISCO_SMP:-1}" -m "${DISCO_MEM:-1G}"
	-nographic -no-reboot -vga none -nic none
	-kernel "$VMLINUZ" -initrd "$INITRD"
	-append "console=ttyS0 disco.mode=$MODE panic=-1 ${DISCO_APPEND:-}$INTERACTIVE")
# shellcheck disable=SC2206 # split into words on purpose
QEMU+=(${DISCO_QEMU_ARGS:-})

echo "boot: ${QEMU[*]}" >&2
if [ "$MODE" = shell ]; then
	exec "${QEMU[@]}"
fi
if [ -n "$INTERACTIVE" ]; then
	"${QEMU[@]}" 2>&1 | tee "$LOG"
	exit "${PIPESTATUS[0]}"
fi

start=$(date +%s)
set +e
# stdin from /dev/null: QEMU must not grab the terminal in a batch run.
timeout -k 10 "${DISCO_BOOT_TIMEOUT:-600}" "${QEMU[@]}" </dev/null 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
echo "boot: qemu exited with $rc after $(($(date +%s) - start)) s; log in ${LOG#"$ROOT"/}" >&2
[ "$rc" -ne 124 ] || echo "boot: TIMEOUT after ${DISCO_BOOT_TIMEOUT:-600} s" >&2
exit "$rc"
