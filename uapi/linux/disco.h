/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * disco: Disco-style virtual machines for MIPS64 (Loongson-3) hosts.
 *
 * The ABI of /dev/disco and of the VM file descriptors it hands out.
 *
 * Rules that hold for every structure below:
 *  - all fields are fixed width; every structure is a multiple of 8 bytes
 *    and has no implicit padding, so 32-bit (o32, n32) and 64-bit (n64)
 *    callers see the same layout;
 *  - pointers into the caller's memory travel as __u64;
 *  - every "flags" field must be 0 unless a flag is defined for it, and
 *    every "reserved"/"pad" field must be 0: anything else is EINVAL, so
 *    that later versions can give those bits a meaning;
 *  - out fields are written only when the ioctl succeeds.
 *
 * Errors that every ioctl may return: EFAULT (a user pointer is bad),
 * EINVAL (a flag, reserved field or value is invalid), ENOTTY (unknown
 * ioctl), EPERM (the VM belongs to another user), EINTR (a signal arrived;
 * the call can be repeated), ENOMEM (the host is short of memory).  Ioctls
 * document any further errno; those returning a descriptor may also fail
 * with EMFILE/ENFILE.
 */
#ifndef _UAPI_LINUX_DISCO_H
#define _UAPI_LINUX_DISCO_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Bumped on every incompatible change; DISCO_GET_API_VERSION returns it. */
#define DISCO_API_VERSION	1

/* ------------------------------------------------------------------ */
/* The virtual machine model (see README.md, "The virtual CPU").       */
/* ------------------------------------------------------------------ */

/* Guest page size: the host's, so a guest page is one machine page. */
#define DISCO_PAGE_SIZE		16384ULL

/*
 * A guest kernel runs in MIPS supervisor mode and lives in xsseg.  The
 * first DISCO_WINDOW_SIZE bytes of xsseg are the guest's "direct window":
 * guest virtual address DISCO_XSSEG_BASE + x is guest-physical address x,
 * with no guest TLB entry needed (the guest's counterpart of kseg0/xkphys).
 * The rest of xsseg and all of xuseg are mapped through the guest's TLB.
 */
#define DISCO_XSSEG_BASE	0x4000000000000000ULL
#define DISCO_WINDOW_SIZE	(1ULL << 40)

/*
 * Guest exception vectors: the guest's EBase (a kseg0 address, as on real
 * hardware) names guest-physical address EBase & 0x1ffff000, reached
 * through the direct window.
 */

/*
 * The MMIO window: virtio-mmio (version 2) devices, whose registers the
 * monitor emulates.  Slot n's registers are at guest-physical
 * DISCO_MMIO_BASE + n * DISCO_MMIO_SLOT_SIZE, reached like RAM through the
 * direct window (DISCO_XSSEG_BASE + address) with plain loads and stores
 * (lb/lbu/lh/lhu/lw/lwu/ld, sb/sh/sw/sd; registers are 32-bit) from guest
 * kernel mode; any other access there is a bus error.  Slot n interrupts
 * on Cause.IP(2 + n) of vCPU 0, level-triggered: the line is up while the
 * device's InterruptStatus is non-zero.  Virtqueues live in guest RAM and
 * are addressed guest-physically.  Every VM has:
 *  - slot DISCO_MMIO_SLOT_CONSOLE: a virtio console (device ID 3, one
 *    port, no features besides VIRTIO_F_VERSION_1); its output goes to the
 *    VM console, its input is what is written to the VM descriptor;
 *  - slots 1..DISCO_MMIO_SLOTS-1: the disks given with DISCO_VM_ADD_DISK,
 *    in the order added: virtio block devices (device ID 2).
 * An access to an empty slot is a bus error, as beyond RAM.
 */
#define DISCO_MMIO_BASE		0x8000000000ULL	/* 512 GiB, above any RAM */
#define DISCO_MMIO_SLOT_SIZE	0x1000ULL
#define DISCO_MMIO_SLOTS	5		/* Cause.IP2 .. IP6 */
#define DISCO_MMIO_IRQ(slot)	(2 + (slot))	/* the Cause.IP line */
#define DISCO_MMIO_SLOT_CONSOLE	0
#define DISCO_MMIO_SLOT_DISK0	1	/* the first disk */

/*
 * Booting an operating system: a convention between the VMM (discoctl
 * create --cmdline/--initrd) and the guest kernel; the monitor itself
 * neither reads nor checks it.  Every vCPU starts at the ELF entry in
 * kernel mode with a0 = the guest-physical address of a flattened device
 * tree (v17, 8-byte aligned, in guest RAM) and a1 = DISCO_BOOT_FDT_MAGIC.
 * The tree has #address-cells = #size-cells = 2 and describes:
 *  - /memory@0: guest RAM, reg = <0 mem_size>;
 *  - /chosen: bootargs (the command line), linux,initrd-start and
 *    linux,initrd-end (guest-physical, 64-bit) if there is an initramfs;
 *  - /cpus/cpu@N: one per vCPU, compatible "loongson,gs464";
 *  - /interrupt-controller: "mti,cpu-interrupt-controller", one cell
 *    per interrupt = the Cause.IP line (7 is the Count/Compare timer);
 *  - the devices (compatible "virtio,mmio") in the MMIO window.
 * discoctl puts the tree at the top of guest RAM (page-aligned) and the
 * initramfs on the page boundary below it; both lie above the kernel.
 */
#define DISCO_BOOT_FDT_MAGIC	0xd15c0fd7ULL

#define DISCO_NAME_MAX		32	/* bytes, including the NUL */
#define DISCO_MAX_VMS		64	/* VMs on one host */
#define DISCO_MAX_VCPUS		8	/* vCPUs in one VM */
#define DISCO_MEM_MIN		DISCO_PAGE_SIZE
#define DISCO_MEM_MAX		(64ULL << 30)	/* also bounded by free memory */
#define DISCO_IMAGE_MAX		(256ULL << 20)	/* largest ELF image accepted */
#define DISCO_LOAD_ALIGN	8	/* raw loads: gpa and size alignment */

/* ------------------------------------------------------------------ */
/* Monitor calls: the guest's way to talk to the monitor.              */
/* ------------------------------------------------------------------ */

/*
 * A monitor call is the MIPS VZ "hypcall" instruction (code 0).  On the
 * non-VZ Loongson-3A1000 it traps (Coprocessor Unusable in supervisor
 * mode, where every CP0 encoding does; Reserved Instruction in kernel
 * mode), and the monitor takes it; "syscall" therefore stays an ordinary
 * exception for the guest.  Only guest kernel mode may make monitor calls:
 * from guest user mode the instruction raises Coprocessor Unusable (CE=0)
 * in the guest, as any CP0 instruction there does.
 *
 * Registers: v0 ($2) = call number, a0-a3 ($4-$7) = arguments; on return
 * v0 = result (>= 0) or a negative errno.  Pointers are guest virtual
 * addresses in the direct window.
 */
#define DISCO_HYPCALL_INSN	0x42000028U

enum disco_monitor_call {
	DISCO_MC_PUTC	= 1,	/* a0 = byte: write it to the console */
	DISCO_MC_WRITE	= 2,	/* a0 = buffer, a1 = length (<= 4096) */
	DISCO_MC_EXIT	= 3,	/* a0 = exit code: the vCPU stops (DISCO_EXIT_GUEST) */
	/*
	 * a0 = message (NUL-terminated, <= 256 bytes), a1 = line: the
	 * message reaches the console, the vCPU stops (DISCO_EXIT_ASSERT)
	 */
	DISCO_MC_ASSERT	= 4,
	DISCO_MC_INFO	= 5,	/* a0 = DISCO_INFO_*: v0 = the value */
	/*
	 * a0 = DISCO_PV_* fast paths the guest asks for: v0 = the mask of
	 * those now on for the whole VM (it may be smaller, e.g. 0 without
	 * DISCO_VM_COMMPAGE); -EINVAL for an unknown bit.  Once on, a fast
	 * path stays on until the VM is destroyed: rewritten guest code
	 * relies on it.
	 */
	DISCO_MC_PV	= 6,
	/*
	 * The guest TLB maintenance Linux's __update_tlb() does, in one exit:
	 * a0 = EntryHi, a1 = EntryLo0, a2 = EntryLo1; probe for a0, write the
	 * pair (with the current PageMask) at the index found or at Random.
	 * EntryHi, EntryLo0/1 and Index end as after that tlbp/tlbwi|tlbwr
	 * sequence.  v0 = the index written.
	 */
	DISCO_MC_TLB_UPDATE = 7,
	/*
	 * a0 = EntryHi (VPN2, ASID): probe for it; a hit is replaced by an
	 * invalid entry that matches nothing the guest maps.  EntryHi keeps
	 * its value, EntryLo0/1 become 0.  v0 = the index, or -1.
	 */
	DISCO_MC_TLB_FLUSH = 8,
};

/*
 * DISCO_PV_STATUS: Status through the privileged-register page.  The
 * page's Status slot is taken back at every exit, as an mtc0 performed
 * then, and a trapping mtc0 to Status that changed only IE, EXL, KSU and
 * IM and left the vCPU in kernel mode is rewritten into a store to the
 * slot.  In exchange the guest must look for a pending interrupt itself
 * whenever it enables them (Cause.IP & Status.IM with Status.IE set, both
 * read from the page) and take it with a trapping instruction (ei): the
 * monitor only delivers interrupts when the guest exits.
 */
#define DISCO_PV_STATUS		0x1U
/* DISCO_PV_TLB: the guest uses DISCO_MC_TLB_*; granted with or without a commpage. */
#define DISCO_PV_TLB		0x2U
#define DISCO_PV_ALL		(DISCO_PV_STATUS | DISCO_PV_TLB)

enum disco_info_key {
	DISCO_INFO_MEM_SIZE	= 1,	/* guest RAM in bytes */
	DISCO_INFO_VCPU_ID	= 2,	/* this vCPU's id */
	DISCO_INFO_NR_VCPUS	= 3,	/* vCPUs in the VM */
	DISCO_INFO_COUNT_HZ	= 4,	/* CP0 Count frequency */
	DISCO_INFO_EXITS	= 5,	/* the calling vCPU's exits so far */
};

/* ------------------------------------------------------------------ */
/* /dev/disco ioctls.                                                  */
/* ------------------------------------------------------------------ */

#define DISCO_IOC		0xD5

/*
 * struct disco_vm_create - DISCO_CREATE_VM argument.
 * @name:	the VM's name, NUL-terminated, 1..31 characters from
 *		[A-Za-z0-9._-], unique on the host (EEXIST otherwise)
 * @mem_size:	guest RAM in bytes: a multiple of DISCO_PAGE_SIZE in
 *		[DISCO_MEM_MIN, DISCO_MEM_MAX]; all of it is allocated at
 *		once (ENOMEM, and nothing created, if the host lacks it)
 * @max_vcpus:	vCPUs the VM may have, 1..DISCO_MAX_VCPUS
 * @flags:	DISCO_VM_* flags
 * @mem_node:	with DISCO_VM_MEMBIND, the host NUMA node all guest RAM is
 *		allocated on (ENODEV if it is not an online node with memory);
 *		otherwise 0, and RAM comes from the creating thread's node
 * @cpu_node:	with DISCO_VM_CPUBIND, the vCPUs' home node (ENODEV if it
 *		is not an online node with CPUs); DISCO_VM_RUN then keeps the
 *		calling thread on that node's CPUs.  Otherwise 0
 * @reserved:	0
 *
 * Returns 0.  Errors: EEXIST (name taken), ENOSPC (DISCO_MAX_VMS reached),
 * EDQUOT (the caller's VMs would exceed the module's max_vms_per_user or
 * max_mem_mb_per_user), ENOMEM.  The VM lives until DISCO_DESTROY_VM, independent of any file
 * descriptor; the module cannot be unloaded while a VM exists.
 */
/*
 * DISCO_VM_COMMPAGE: give each vCPU a privileged-register page (Disco
 * §4.2.1).  In guest kernel mode the page at virtual address 0 is a
 * mirror of the vCPU's CP0 registers (offsets DISCO_CP_*, 8 bytes each,
 * 32-bit registers sign-extended), and the monitor rewrites a trapping
 * mfc0/dmfc0 of a mirrored register into a load from it, and a dmtc0 (or
 * mtc0 of a 32-bit register) of one without side effects into a store, the
 * first time it traps.  Written values are checked against the write masks
 * at the next exit; until then a read returns them as written.
 */
#define DISCO_VM_COMMPAGE	0x1U
#define DISCO_VM_MEMBIND	0x2U	/* @mem_node is meaningful */
#define DISCO_VM_CPUBIND	0x4U	/* @cpu_node is meaningful */
#define DISCO_VM_NO_NUMA	0x8U	/* the NUMA daemon leaves the VM alone */
/*
 * DISCO_VM_BIG_TLB: Disco's larger virtual TLB (§4.2.2).  A translation the
 * guest evicts from its 64-entry TLB by writing a valid entry over it stays
 * in the vCPU's L2TLB (1,024 page pairs), so a later access to it is
 * refilled without the guest's refill handler.  It is forgotten when the
 * guest probes for it (tlbp of that address and ASID), writes an entry
 * covering its address, or invalidates every non-wired entry in a row
 * (a whole-TLB flush).  That is what an OS which changes a mapping only
 * after flushing it Linux's way (tlbp, then tlbwi of an invalid entry)
 * needs; an OS that relies on eviction to forget a translation must not
 * set the flag.  Default off: the TLB is exactly 64 entries.
 */
#define DISCO_VM_BIG_TLB	0x10U
#define DISCO_VM_FLAGS		(DISCO_VM_COMMPAGE | DISCO_VM_MEMBIND | \
				 DISCO_VM_CPUBIND | DISCO_VM_NO_NUMA | \
				 DISCO_VM_BIG_TLB)

#define DISCO_COMMPAGE_VA	0x0ULL
#define DISCO_CP_INDEX		0x00	/* written back */
#define DISCO_CP_ENTRYLO0	0x08	/* written back */
#define DISCO_CP_ENTRYLO1	0x10	/* written back */
#define DISCO_CP_CONTEXT	0x18	/* written back */
#define DISCO_CP_PAGEMASK	0x20	/* written back */
#define DISCO_CP_WIRED		0x28
#define DISCO_CP_BADVADDR	0x30
#define DISCO_CP_ENTRYHI	0x38
#define DISCO_CP_COMPARE	0x40
#define DISCO_CP_STATUS		0x48	/* written back with DISCO_PV_STATUS */
#define DISCO_CP_CAUSE		0x50
#define DISCO_CP_EPC		0x58	/* written back */
#define DISCO_CP_PRID		0x60
#define DISCO_CP_EBASE		0x68
#define DISCO_CP_CONFIG0	0x70	/* ... Config3 at 0x88 */
#define DISCO_CP_XCONTEXT	0x90	/* written back */
#define DISCO_CP_ERROREPC	0x98	/* written back */
#define DISCO_CP_HWRENA		0xa0
#define DISCO_CP_USERLOCAL	0xa8	/* written back */

struct disco_vm_create {
	char	name[DISCO_NAME_MAX];
	__u64	mem_size;
	__u32	max_vcpus;
	__u32	flags;
	__u32	mem_node;
	__u32	cpu_node;
	__u64	reserved[3];
};

/*
 * struct disco_vm_ref - names a VM (DISCO_OPEN_VM, DISCO_DESTROY_VM).
 * @name:	as in struct disco_vm_create
 * @flags:	0
 * @pad:	0
 *
 * DISCO_OPEN_VM returns a new VM file descriptor (close-on-exec).
 * DISCO_DESTROY_VM stops the VM's vCPUs and removes its name at once; the
 * memory goes when the last VM descriptor is closed.  Errors: ENOENT (no
 * such VM), EPERM (another user's VM).
 */
struct disco_vm_ref {
	char	name[DISCO_NAME_MAX];
	__u32	flags;
	__u32	pad;
};

enum disco_vm_state {
	DISCO_VM_STATE_CREATED	= 0,	/* never run */
	DISCO_VM_STATE_RUNNING	= 1,	/* at least one vCPU inside DISCO_VM_RUN */
	DISCO_VM_STATE_STOPPED	= 2,	/* has run; no vCPU running now */
};

/*
 * struct disco_vm_info - what DISCO_VM_GET_INFO and DISCO_LIST_VMS report.
 * @name:	the VM's name
 * @mem_size:	guest RAM in bytes
 * @max_vcpus:	as created
 * @nr_vcpus:	vCPUs created so far
 * @state:	enum disco_vm_state
 * @owner_uid:	the creator's user id
 * @exit_reason: the last vCPU exit (enum disco_exit_reason), 0 if none
 * @exit_code:	the guest's exit code if @exit_reason is DISCO_EXIT_GUEST
 * @flags:	the DISCO_VM_* flags it was created with
 * @pad:	0
 * @reserved:	0
 */
struct disco_vm_info {
	char	name[DISCO_NAME_MAX];
	__u64	mem_size;
	__u32	max_vcpus;
	__u32	nr_vcpus;
	__u32	state;
	__u32	owner_uid;
	__u32	exit_reason;
	__s32	exit_code;
	__u32	flags;
	__u32	pad;
	__u64	reserved[3];
};

/*
 * struct disco_vm_list - DISCO_LIST_VMS argument.
 * @capacity:	in: entries the array at @vms can hold (0 to just count)
 * @count:	out: VMs that exist (may exceed @capacity; then the first
 *		@capacity are written)
 * @vms:	pointer to struct disco_vm_info[@capacity]
 * @flags:	0
 * @pad:	0
 */
struct disco_vm_list {
	__u32	capacity;
	__u32	count;
	__u64	vms;
	__u32	flags;
	__u32	pad;
};

#define DISCO_GET_API_VERSION	_IO(DISCO_IOC, 0x00)
#define DISCO_CREATE_VM		_IOW(DISCO_IOC, 0x01, struct disco_vm_create)
#define DISCO_OPEN_VM		_IOW(DISCO_IOC, 0x02, struct disco_vm_ref)
#define DISCO_DESTROY_VM	_IOW(DISCO_IOC, 0x03, struct disco_vm_ref)
#define DISCO_LIST_VMS		_IOWR(DISCO_IOC, 0x04, struct disco_vm_list)

/* ------------------------------------------------------------------ */
/* VM file descriptor ioctls.                                          */
/* ------------------------------------------------------------------ */

/*
 * Once the VM is destroyed, ioctls that would change or run it
 * (DISCO_VM_CREATE_VCPU, DISCO_VM_RUN) fail with ENODEV; the others still
 * work on what is left until the last descriptor closes.
 *
 * The VM descriptor also reads the VM console: read(2) returns console
 * output (the monitor keeps the newest 64 KiB; a reader that fell behind
 * skips to the oldest byte kept), blocking unless O_NONBLOCK, and 0 (end of
 * file) once the VM has been destroyed or, with no vCPU running, after the
 * last byte.  poll(2) reports POLLIN.  write(2) is console input, for the
 * virtio console (see "The MMIO window"): it takes what fits in a 4 KiB
 * buffer the guest drains, and fails with EAGAIN (never blocks) if none
 * does; ENODEV once the VM is destroyed.
 */

/*
 * struct disco_load_elf - DISCO_VM_LOAD_ELF argument.
 * @image:	pointer to an ELF64 little-endian MIPS executable (ET_EXEC)
 * @size:	its size in bytes, 64..DISCO_IMAGE_MAX (E2BIG above)
 * @flags:	0
 * @pad:	0
 * @entry:	out: the entry point (a guest virtual address)
 * @gpa_start:	out: lowest guest-physical address written
 * @gpa_end:	out: one past the highest guest-physical address written
 * @reserved:	0
 *
 * Every PT_LOAD segment must lie in the direct window and inside guest RAM
 * (ERANGE otherwise); p_filesz <= p_memsz; the bytes beyond p_filesz are
 * zeroed.  Errors: ENOEXEC (not an ELF64 LE MIPS executable, truncated,
 * inconsistent headers, no loadable segment, entry outside the segments).
 */
struct disco_load_elf {
	__u64	image;
	__u64	size;
	__u32	flags;
	__u32	pad;
	__u64	entry;
	__u64	gpa_start;
	__u64	gpa_end;
	__u64	reserved[4];
};

/*
 * struct disco_mem - DISCO_VM_LOAD_RAW / DISCO_VM_READ_RAW argument.
 * @gpa:	guest-physical address, a multiple of DISCO_LOAD_ALIGN
 * @data:	pointer to @size bytes in the caller
 * @size:	bytes, a non-zero multiple of DISCO_LOAD_ALIGN
 * @flags:	0
 * @pad:	0
 *
 * Errors: ERANGE if [@gpa, @gpa + @size) is not inside guest RAM.
 */
struct disco_mem {
	__u64	gpa;
	__u64	data;
	__u64	size;
	__u32	flags;
	__u32	pad;
};

/*
 * struct disco_cp0 - the virtual CPU's CP0 registers (not the host's).
 * 32-bit registers are held sign-extended, as dmfc0 would read them.
 * DISCO_VM_SET_REGS writes the writable bits; read-only registers and
 * read-only fields (PRId, Config0-3, Random, Cause.ExcCode/BD, BadVAddr)
 * must hold the values DISCO_VM_GET_REGS reports (EINVAL otherwise).
 */
struct disco_cp0 {
	__u64	index;
	__u64	random;
	__u64	entrylo0;
	__u64	entrylo1;
	__u64	context;
	__u64	pagemask;
	__u64	wired;
	__u64	hwrena;
	__u64	badvaddr;
	__u64	count;
	__u64	entryhi;
	__u64	compare;
	__u64	status;
	__u64	cause;
	__u64	epc;
	__u64	prid;
	__u64	ebase;
	__u64	config[4];
	__u64	xcontext;
	__u64	error_epc;
	__u64	userlocal;	/* UserLocal (4, 2), what rdhwr $29 reads */
	__u64	reserved[7];
};

/*
 * struct disco_regs - DISCO_VM_GET_REGS / DISCO_VM_SET_REGS argument.
 * @vcpu:	in: the vCPU id (ENOENT if it does not exist)
 * @flags:	0
 * @gpr:	general registers; gpr[0] is 0 (EINVAL otherwise)
 * @hi, @lo:	multiply/divide registers
 * @pc:		program counter, a multiple of 4
 * @cp0:	the virtual CP0 state
 * @reserved:	0
 *
 * SET_REGS fails with EBUSY while the vCPU runs.  It also clears the
 * vCPU's halted state (after a guest exit or assert), so the vCPU can be
 * run again.
 */
struct disco_regs {
	__u32	vcpu;
	__u32	flags;
	__u64	gpr[32];
	__u64	hi;
	__u64	lo;
	__u64	pc;
	struct disco_cp0 cp0;
	__u64	reserved[4];
};

/* Why DISCO_VM_RUN returned. */
enum disco_exit_reason {
	DISCO_EXIT_NONE		= 0,
	DISCO_EXIT_GUEST	= 1,	/* DISCO_MC_EXIT: @exit_code holds its a0 */
	DISCO_EXIT_ASSERT	= 2,	/* DISCO_MC_ASSERT: @exit_code holds the line */
	DISCO_EXIT_STOPPED	= 3,	/* DISCO_VM_STOP or DISCO_DESTROY_VM */
	/* the guest cannot go on: @fault says why, @pc/@badvaddr/@cause where */
	DISCO_EXIT_FAULT	= 4,
};

enum disco_fault {
	DISCO_FAULT_NONE	= 0,
	DISCO_FAULT_BEV		= 1,	/* exception with Status.BEV=1: no boot ROM */
	DISCO_FAULT_VECTOR	= 2,	/* exception vector outside guest RAM */
	DISCO_FAULT_FETCH	= 3,	/* a trapping instruction could not be read */
	/* a trapping instruction in the delay slot of a non-branch */
	DISCO_FAULT_UNSUPPORTED	= 4,
	DISCO_FAULT_MCHECK	= 5,	/* the host CPU raised a machine check */
};

/*
 * struct disco_run - DISCO_VM_RUN argument.
 * @vcpu:	in: the vCPU id; runs in the calling thread
 * @flags:	0
 * @exit_reason: out: enum disco_exit_reason
 * @exit_code:	out: see enum disco_exit_reason
 * @pc:		out: guest PC when it stopped
 * @badvaddr:	out: the faulting address for DISCO_EXIT_FAULT
 * @cause:	out: the guest-visible Cause for DISCO_EXIT_FAULT
 * @fault:	out: enum disco_fault
 * @reserved:	0
 *
 * Runs until the guest exits, asserts or faults, or the VM is stopped.
 * A halted vCPU (after a guest exit, assert or fault) returns the same
 * exit again at once.  Errors: EINTR (a signal: the vCPU state is kept and
 * the call may be repeated), EBUSY (the vCPU runs in another thread),
 * ENOENT (no such vCPU), ENODEV (the VM was destroyed), EIO (the host
 * CPU it ran on cannot run guests: EBase.CPUNum of 16 or more).
 */
struct disco_run {
	__u32	vcpu;
	__u32	flags;
	__u32	exit_reason;
	__s32	exit_code;
	__u64	pc;
	__u64	badvaddr;
	__u32	cause;
	__u32	fault;
	__u64	reserved[4];
};

/* Instructions the monitor emulates, for struct disco_stats.emulated[]. */
enum disco_emul {
	DISCO_EMUL_MFC0		= 0,
	DISCO_EMUL_MTC0		= 1,
	DISCO_EMUL_DMFC0	= 2,
	DISCO_EMUL_DMTC0	= 3,
	DISCO_EMUL_ERET		= 4,
	DISCO_EMUL_WAIT		= 5,
	DISCO_EMUL_CACHE	= 6,
	DISCO_EMUL_DI		= 7,
	DISCO_EMUL_EI		= 8,
	DISCO_EMUL_TLBR		= 9,
	DISCO_EMUL_TLBWI	= 10,
	DISCO_EMUL_TLBWR	= 11,
	DISCO_EMUL_TLBP		= 12,
	DISCO_EMUL_RDHWR	= 13,
	DISCO_EMUL_HYPCALL	= 14,
	DISCO_EMUL_NR		= 32,
};

#define DISCO_STATS_VM		0xffffffffU	/* @vcpu: the sum over the VM */

/*
 * struct disco_stats - DISCO_VM_GET_STATS argument.
 * @vcpu:	in: a vCPU id, or DISCO_STATS_VM for the VM's totals
 * @flags:	0
 * @exits:	out: times the guest left native execution
 * @exits_by_cause: out: those exits by hardware Cause.ExcCode
 * @emulated:	out: instructions emulated, by enum disco_emul
 * @monitor_calls: out: monitor calls served
 * @guest_exceptions: out: exceptions delivered to the guest's vectors
 * @guest_interrupts: out: interrupts delivered to the guest
 * @tlb_fills:	out: host TLB entries installed from the pmap
 * @guest_tlb_refills: out: TLB refills delivered to the guest
 * @rewrites:	out: trapping instructions rewritten to use the commpage
 * @asid_flushes: out: guest contexts whose host ASIDs were dropped
 * @waits:	out: times the vCPU slept in an emulated wait
 * @run_ns:	out: host time spent inside DISCO_VM_RUN
 * @l2tlb_hits:	out: host TLB refills the L2TLB served inside the vector
 * @l2tlb_misses: out: host TLB refills that left the guest for the monitor
 * @asid_rollovers: out: new host ASID cycles (whole-TLB flushes) started
 *		while making room for this VM's contexts
 * @fpu_loads:	out: lazy switches of the guest's FPU registers into the CPU
 * @numa_samples: out: host TLB misses sampled for the NUMA daemon
 * @reserved:	0 (in and out)
 */
struct disco_stats {
	__u32	vcpu;
	__u32	flags;
	__u64	exits;
	__u64	exits_by_cause[32];
	__u64	emulated[DISCO_EMUL_NR];
	__u64	monitor_calls;
	__u64	guest_exceptions;
	__u64	guest_interrupts;
	__u64	tlb_fills;
	__u64	guest_tlb_refills;
	__u64	asid_flushes;
	__u64	waits;
	__u64	run_ns;
	__u64	l2tlb_hits;
	__u64	l2tlb_misses;
	__u64	asid_rollovers;
	__u64	fpu_loads;
	__u64	rewrites;
	__u64	numa_samples;
	__u64	reserved[2];
};

#define DISCO_VM_GET_INFO	_IOR(DISCO_IOC, 0x10, struct disco_vm_info)
#define DISCO_VM_LOAD_ELF	_IOWR(DISCO_IOC, 0x11, struct disco_load_elf)
#define DISCO_VM_LOAD_RAW	_IOW(DISCO_IOC, 0x12, struct disco_mem)
#define DISCO_VM_READ_RAW	_IOW(DISCO_IOC, 0x13, struct disco_mem)
/*
 * Returns the new vCPU's id (0, 1, ...); ENOSPC past max_vcpus, ENODEV
 * once the VM is destroyed.
 */
#define DISCO_VM_CREATE_VCPU	_IO(DISCO_IOC, 0x14)
#define DISCO_VM_GET_REGS	_IOWR(DISCO_IOC, 0x15, struct disco_regs)
#define DISCO_VM_SET_REGS	_IOW(DISCO_IOC, 0x16, struct disco_regs)
#define DISCO_VM_RUN		_IOWR(DISCO_IOC, 0x17, struct disco_run)
/*
 * Powers the VM off: every vCPU inside DISCO_VM_RUN returns
 * DISCO_EXIT_STOPPED, and so does every later DISCO_VM_RUN.  The VM keeps
 * its memory (DISCO_VM_READ_RAW) and console until it is destroyed.
 */
#define DISCO_VM_STOP		_IO(DISCO_IOC, 0x18)
#define DISCO_VM_GET_STATS	_IOWR(DISCO_IOC, 0x19, struct disco_stats)

/* ------------------------------------------------------------------ */
/* NUMA: where a VM's memory is, and moving it (README, "NUMA").       */
/* ------------------------------------------------------------------ */

#define DISCO_NUMA_MAX_NODES	4	/* host nodes reported and used */

/*
 * struct disco_numa_info - DISCO_VM_GET_NUMA argument.
 * @flags:	in: 0; out: DISCO_NUMA_POLICY if the daemon may move pages
 * @nr_nodes:	out: host nodes (node ids 0..@nr_nodes-1, at most
 *		DISCO_NUMA_MAX_NODES are used)
 * @mem_node:	out: the node the VM's RAM was bound to, or -1
 * @cpu_node:	out: the vCPUs' home node, or -1
 * @pages:	out: guest pages whose (primary) copy is on node n
 * @replicas:	out: read-only extra copies held on node n
 * @migrations:	out: pages moved to another node
 * @replications: out: extra copies made
 * @collapses:	out: replicated pages made single again by a write
 * @samples:	out: TLB misses sampled for the daemon
 * @move_failures: out: moves given up (no memory on the target node)
 * @local_samples: out: of @samples, those whose page was on the node of
 *		the CPU that missed: the local-access fraction, estimated
 * @reserved:	0 (in and out)
 */
struct disco_numa_info {
	__u32	flags;
	__u32	nr_nodes;
	__s32	mem_node;
	__s32	cpu_node;
	__u64	pages[DISCO_NUMA_MAX_NODES];
	__u64	replicas[DISCO_NUMA_MAX_NODES];
	__u64	migrations;
	__u64	replications;
	__u64	collapses;
	__u64	samples;
	__u64	move_failures;
	__u64	local_samples;
	__u64	reserved[2];
};

#define DISCO_NUMA_POLICY	0x1U

/*
 * struct disco_numa_set - DISCO_VM_SET_NUMA argument.
 * @flags:	DISCO_NUMA_POLICY to let the daemon move this VM's pages
 *		(the default unless created with DISCO_VM_NO_NUMA), 0 to stop it
 * @pad:	0
 * @reserved:	0
 */
struct disco_numa_set {
	__u32	flags;
	__u32	pad;
	__u64	reserved[2];
};

enum disco_move_op {
	/* the one copy moves to a fresh page on @node, even if it is there */
	DISCO_MOVE_MIGRATE	= 1,
	DISCO_MOVE_REPLICATE	= 2,	/* a read-only copy is added on @node */
	DISCO_MOVE_COLLAPSE	= 3,	/* back to one copy (@node: 0) */
};

/*
 * struct disco_page_move - DISCO_VM_MOVE_PAGE argument: what the daemon
 * does, on a VM manager's request.  The guest never notices: every
 * mapping of the page is dropped on every CPU before the copy, and
 * accesses wait until it is done.
 * @gpa:	guest-physical address of the page (DISCO_PAGE_SIZE aligned)
 * @op:		enum disco_move_op
 * @node:	target node for DISCO_MOVE_MIGRATE and DISCO_MOVE_REPLICATE
 * @reserved:	0
 *
 * Returns 0, also when a copy is already where asked.  Errors: EINVAL
 * (bad op, unaligned or out-of-range gpa, nonzero reserved), ENODEV
 * (@node is not an online node with memory), EBUSY (migrating a
 * replicated page: collapse it first), ENOMEM (the node is full).
 */
struct disco_page_move {
	__u64	gpa;
	__u32	op;
	__u32	node;
	__u64	reserved[2];
};

#define DISCO_VM_GET_NUMA	_IOWR(DISCO_IOC, 0x1a, struct disco_numa_info)
#define DISCO_VM_SET_NUMA	_IOW(DISCO_IOC, 0x1b, struct disco_numa_set)
#define DISCO_VM_MOVE_PAGE	_IOW(DISCO_IOC, 0x1c, struct disco_page_move)

/* ------------------------------------------------------------------ */
/* Disks: virtio block devices backed by host files (README, "Disks"). */
/* ------------------------------------------------------------------ */

/*
 * DISCO_DISK_COW: a non-persistent disk (Disco's copy-on-write disk): the
 * guest's writes stay in host memory, per DISCO_PAGE_SIZE block, charged
 * to the VM's creator, and vanish with the VM; the file is only read.
 * DISCO_DISK_READONLY: the guest sees a read-only disk (VIRTIO_BLK_F_RO)
 * and its writes fail with VIRTIO_BLK_S_IOERR.
 * Without either, a persistent disk: every write reaches the file (its
 * page cache) before the guest sees it complete, and a flush request is
 * an fsync of the file.
 */
#define DISCO_DISK_COW		0x1U
#define DISCO_DISK_READONLY	0x2U

#define DISCO_DISK_SECTOR	512ULL	/* the virtio-blk sector */

/*
 * struct disco_disk - DISCO_VM_ADD_DISK argument.
 * @fd:		in: an open regular file, whose size is a non-zero multiple
 *		of DISCO_DISK_SECTOR; opened for reading and writing for a
 *		persistent disk, for reading otherwise.  The VM keeps its own
 *		reference: the caller may close @fd afterwards.
 * @flags:	in: DISCO_DISK_COW or DISCO_DISK_READONLY (not both), or 0
 * @reserved:	0
 *
 * Attaches a virtio block device in the next free MMIO slot and returns
 * that slot (DISCO_MMIO_SLOT_DISK0, ...).  Disks are added before the VM
 * first runs.  Errors: EBADF (@fd is not open, or not open for writing
 * for a persistent disk), EINVAL (not a regular file, a size of 0 or not
 * a multiple of DISCO_DISK_SECTOR, bad flags or reserved), EBUSY (the VM
 * has run already, or the file is a persistent disk of another VM: one
 * writer per disk, as in Disco), ENOSPC (every slot is taken), ENODEV
 * (the VM was destroyed).
 */
struct disco_disk {
	__s32	fd;
	__u32	flags;
	__u64	reserved[3];
};

/*
 * struct disco_disk_info - DISCO_VM_GET_DISK argument.
 * @slot:	in: the disk's MMIO slot (what DISCO_VM_ADD_DISK returned)
 * @flags:	in: 0; out: the disk's DISCO_DISK_* flags
 * @sectors:	out: its size in DISCO_DISK_SECTOR units
 * @reads, @writes, @flushes: out: requests served, by type
 * @bytes_read, @bytes_written: out: data moved for the guest
 * @cow_blocks:	out: DISCO_DISK_COW blocks the guest has written (held in
 *		host memory)
 * @errors:	out: requests answered VIRTIO_BLK_S_IOERR or UNSUPP
 * @reserved:	0 (in and out)
 *
 * Errors: ENOENT (no disk in @slot).
 */
struct disco_disk_info {
	__u32	slot;
	__u32	flags;
	__u64	sectors;
	__u64	reads;
	__u64	writes;
	__u64	flushes;
	__u64	bytes_read;
	__u64	bytes_written;
	__u64	cow_blocks;
	__u64	errors;
	__u64	reserved[3];
};

#define DISCO_VM_ADD_DISK	_IOW(DISCO_IOC, 0x1d, struct disco_disk)
#define DISCO_VM_GET_DISK	_IOWR(DISCO_IOC, 0x1e, struct disco_disk_info)

#endif /* _UAPI_LINUX_DISCO_H */
