/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest entry and exit.
 *
 * Everything between disco_vecpage_code and disco_vecpage_code_end is
 * copied into the vector page, a page of low RAM reached through KSEG0
 * (vecpage.c), and runs only from there: while a guest runs, EBase points at
 * that page, and until the host's EBase, EntryHi and Status are back only
 * unmapped memory may be touched (the vector page and the kmalloc'ed vCPU
 * in XKPHYS).  Module text lives in TLB-mapped csseg: a TLB miss on it at
 * EXL=1 would re-enter these vectors.  So the code is position independent
 * (PC-relative branches only) and finds its vCPU through a per-CPU slot in
 * the page, indexed by EBase.CPUNum.
 *
 * The 3A1000 has no KScratch registers; the hardware ErrorEPC, which only
 * reset, NMI and cache errors write, holds the guest's k0 for the three
 * instructions it takes to find the vCPU.  The guest's own ErrorEPC is
 * virtual.
 */
#include <asm/asm.h>
#include <asm/regdef.h>
#include <asm/mipsregs.h>
#include "layout.h"

#define SAVE_GPR(n)	sd	$##n, ARCH_GPR(n)(k0)
#define LOAD_GPR(n)	ld	$##n, ARCH_GPR(n)(k0)
#define HOST_REG(i)	(ARCH_HOST_REGS + (i) * 8)

	.set	push
	.set	noat
	.set	noreorder
	.set	mips64r2

	.text
	.align	3
	.globl	disco_vecpage_code
disco_vecpage_code:

/*
 * Every vector starts the same way: park guest k0 in ErrorEPC, find this
 * CPU's slot (vector page + VEC_OFF_SLOTS + CPUNum * 128; the page is
 * 16 KiB aligned, CPUNum < 16), load the vCPU into k0 and save guest k1.
 */
#define FIND_VCPU					\
	dmtc0	k0, CP0_ERROREPC;			\
	mfc0	k0, CP0_EBASE;				\
	ins	k0, k0, VEC_SLOT_SHIFT, 4;		\
	ins	k0, zero, 0, VEC_SLOT_SHIFT;		\
	ori	k0, k0, VEC_OFF_SLOTS;			\
	ld	k0, 0(k0);				\
	sd	k1, ARCH_GPR(27)(k0)

/* Leave the guest: save its k0 too and go to the common exit, id in k1. */
#define EXIT_STUB(id)					\
	FIND_VCPU;					\
	ehb;						\
	dmfc0	k1, CP0_ERROREPC;			\
	sd	k1, ARCH_GPR(26)(k0);			\
	b	disco_exit_common;			\
	 li	k1, id

/* The refill vectors try the L2TLB before leaving the guest. */
#define REFILL_STUB(id)					\
	FIND_VCPU;					\
	b	disco_refill;				\
	 li	k1, id

	.org	disco_vecpage_code + VEC_OFF_REFILL
	REFILL_STUB(DISCO_VEC_REFILL)

	.org	disco_vecpage_code + VEC_OFF_XREFILL
	REFILL_STUB(DISCO_VEC_XREFILL)

	/*
	 * Cache error (ERL=1, runs uncached from KSEG1): not ours to handle.
	 * Hand it to the host's handler, whose EBase init stored at
	 * VEC_OFF_HOST_EBASE.
	 */
	.org	disco_vecpage_code + VEC_OFF_CACHEERR
	mfc0	k0, CP0_EBASE
	ins	k0, zero, 0, 12
	ld	k0, VEC_OFF_HOST_EBASE(k0)
	daddiu	k0, k0, VEC_OFF_CACHEERR
	jr	k0
	 nop

	.org	disco_vecpage_code + VEC_OFF_GENERAL
	EXIT_STUB(DISCO_VEC_GENERAL)

	.org	disco_vecpage_code + VEC_OFF_INT
	EXIT_STUB(DISCO_VEC_INT)

/*
 * A host TLB refill while the guest runs: look the page pair up in the
 * vCPU's L2TLB (tag = pair | valid | guest ASID; hardware EntryHi already
 * holds the pair and the host ASID) and on a hit write it with tlbwr and
 * go straight back.  No host code runs, so nothing else needs doing.  On
 * a miss, leave through the common exit.  k0 = vCPU, k1 = vector id,
 * guest k0 still in ErrorEPC.
 */
disco_refill:
	sd	k1, ARCH_EXIT_VEC(k0)
	sd	$1, ARCH_GPR(1)(k0)
	sd	$2, ARCH_GPR(2)(k0)
	dmfc0	k1, CP0_ENTRYHI
	dsrl	k1, k1, L2TLB_PAIR_SHIFT
	andi	$1, k1, L2TLB_SIZE - 1
	dsll	$1, $1, 5			/* * L2TLB_ENTRY */
	daddu	$1, $1, k0
	dsll	k1, k1, L2TLB_PAIR_SHIFT
	ld	$2, ARCH_L2TAG(k0)
	or	k1, k1, $2
	ld	$2, ARCH_L2TLB + L2TLB_TAG($1)
	beq	$2, k1, 2f
	 xor	$2, $2, k1			/* a global entry for this pair? */
	dsrl	$2, $2, 12
	bnez	$2, 1f
	 ld	$2, ARCH_L2TLB + L2TLB_TAG($1)
	andi	$2, $2, L2TLB_GLOBAL
	beqz	$2, 1f
	 nop
	/* Every sample_period-th hit leaves anyway, for the NUMA sampler. */
2:	ld	$2, ARCH_SAMPLE_LEFT(k0)
	daddiu	$2, $2, -1
	beqz	$2, 3f
	 sd	$2, ARCH_SAMPLE_LEFT(k0)
	ld	$2, ARCH_L2TLB + L2TLB_LO0($1)
	dmtc0	$2, CP0_ENTRYLO0
	ld	$2, ARCH_L2TLB + L2TLB_LO1($1)
	dmtc0	$2, CP0_ENTRYLO1
	ehb
	tlbwr
	ld	$2, ARCH_L2HITS(k0)
	daddiu	$2, $2, 1
	sd	$2, ARCH_L2HITS(k0)
	ld	$1, ARCH_GPR(1)(k0)
	ld	$2, ARCH_GPR(2)(k0)
	ld	k1, ARCH_GPR(27)(k0)
	dmfc0	k0, CP0_ERROREPC
	eret

3:	ld	$2, ARCH_SAMPLE_PERIOD(k0)
	sd	$2, ARCH_SAMPLE_LEFT(k0)
	sd	$2, ARCH_SAMPLED(k0)
1:	ld	$1, ARCH_GPR(1)(k0)
	ld	$2, ARCH_GPR(2)(k0)
	dmfc0	k1, CP0_ERROREPC
	sd	k1, ARCH_GPR(26)(k0)
	b	disco_exit_common
	 ld	k1, ARCH_EXIT_VEC(k0)

/*
 * Save the guest, restore the host, return into C from disco_enter_guest().
 * k0 = vCPU, k1 = vector id.
 */
disco_exit_common:
	sd	k1, ARCH_EXIT_VEC(k0)
	SAVE_GPR(1)
	SAVE_GPR(2)
	SAVE_GPR(3)
	SAVE_GPR(4)
	SAVE_GPR(5)
	SAVE_GPR(6)
	SAVE_GPR(7)
	SAVE_GPR(8)
	SAVE_GPR(9)
	SAVE_GPR(10)
	SAVE_GPR(11)
	SAVE_GPR(12)
	SAVE_GPR(13)
	SAVE_GPR(14)
	SAVE_GPR(15)
	SAVE_GPR(16)
	SAVE_GPR(17)
	SAVE_GPR(18)
	SAVE_GPR(19)
	SAVE_GPR(20)
	SAVE_GPR(21)
	SAVE_GPR(22)
	SAVE_GPR(23)
	SAVE_GPR(24)
	SAVE_GPR(25)
	SAVE_GPR(28)
	SAVE_GPR(29)
	SAVE_GPR(30)
	SAVE_GPR(31)
	mfhi	k1
	sd	k1, ARCH_HI(k0)
	mflo	k1
	sd	k1, ARCH_LO(k0)
	dmfc0	k1, CP0_EPC
	sd	k1, ARCH_PC(k0)
	mfc0	k1, CP0_CAUSE
	sd	k1, ARCH_EXIT_CAUSE(k0)
	dmfc0	k1, CP0_BADVADDR
	sd	k1, ARCH_EXIT_BADVADDR(k0)
	dmfc0	k1, CP0_ENTRYHI
	sd	k1, ARCH_EXIT_ENTRYHI(k0)
	mfc0	k1, CP0_STATUS
	sd	k1, ARCH_EXIT_STATUS(k0)

	/* EBase may only change with Status.BEV set. */
	lui	t0, 0x0040			/* ST0_BEV */
	or	t0, k1, t0
	mtc0	t0, CP0_STATUS
	ehb
	ld	t0, ARCH_HOST_EBASE(k0)
	mtc0	t0, CP0_EBASE
	ehb
	ld	t0, ARCH_HOST_ENTRYHI(k0)
	dmtc0	t0, CP0_ENTRYHI
	ld	t0, ARCH_HOST_HWRENA(k0)
	mtc0	t0, $7				/* HWREna */
	/* Kernel mode, EXL=0, interrupts still off: as disco_enter_guest found it. */
	ld	t0, ARCH_HOST_STATUS(k0)
	mtc0	t0, CP0_STATUS
	ehb

	ld	s0, HOST_REG(0)(k0)
	ld	s1, HOST_REG(1)(k0)
	ld	s2, HOST_REG(2)(k0)
	ld	s3, HOST_REG(3)(k0)
	ld	s4, HOST_REG(4)(k0)
	ld	s5, HOST_REG(5)(k0)
	ld	s6, HOST_REG(6)(k0)
	ld	s7, HOST_REG(7)(k0)
	ld	s8, HOST_REG(8)(k0)
	ld	gp, HOST_REG(9)(k0)
	ld	sp, HOST_REG(10)(k0)
	ld	ra, HOST_REG(11)(k0)
	jr	ra
	 move	v0, zero

/*
 * void disco_enter_guest(struct disco_vcpu_arch *arch)
 *
 * Called (through its vector page address) with interrupts off, the
 * vCPU's slot already set.  Returns when the guest takes any exception.
 */
	.globl	disco_enter_guest
disco_enter_guest:
	sd	s0, HOST_REG(0)(a0)
	sd	s1, HOST_REG(1)(a0)
	sd	s2, HOST_REG(2)(a0)
	sd	s3, HOST_REG(3)(a0)
	sd	s4, HOST_REG(4)(a0)
	sd	s5, HOST_REG(5)(a0)
	sd	s6, HOST_REG(6)(a0)
	sd	s7, HOST_REG(7)(a0)
	sd	s8, HOST_REG(8)(a0)
	sd	gp, HOST_REG(9)(a0)
	sd	sp, HOST_REG(10)(a0)
	sd	ra, HOST_REG(11)(a0)
	mfc0	t0, CP0_STATUS
	sd	t0, ARCH_HOST_STATUS(a0)
	dmfc0	t0, CP0_ENTRYHI
	sd	t0, ARCH_HOST_ENTRYHI(a0)
	mfc0	t0, $7				/* HWREna */
	sd	t0, ARCH_HOST_HWRENA(a0)
	mfc0	t0, CP0_EBASE
	sd	t0, ARCH_HOST_EBASE(a0)
	mfc0	t0, CP0_PAGEMASK
	sd	t0, ARCH_HOST_PAGEMASK(a0)

	/*
	 * Purge every global TLB entry in csseg.  The host's modules (this
	 * one included) are mapped there with global entries, which match
	 * the guest's ASID too, and supervisor mode may use csseg.  Host
	 * code has run since the last exit, so they may be back; from here
	 * to eret no module address is touched.
	 */
	ld	t3, ARCH_TLB_SIZE(a0)
	move	t2, zero
	move	t8, zero			/* entries purged */
1:	mtc0	t2, CP0_INDEX
	ehb
	tlbr
	ehb
	dmfc0	t1, CP0_ENTRYLO0
	andi	t1, t1, 1			/* G */
	beqz	t1, 2f
	 dmfc0	t0, CP0_ENTRYHI
	dsrl	t1, t0, 62			/* R = 3: xkseg, csseg at its top */
	xori	t1, t1, 3
	bnez	t1, 2f
	 ld	t1, ARCH_VA_MASK(a0)
	and	t0, t0, t1
	ld	t1, ARCH_CSSEG_BASE(a0)
	dsubu	t0, t0, t1			/* offset into csseg, or huge */
	dsrl	t0, t0, 29			/* csseg is 512 MiB */
	bnez	t0, 2f
	 dsll	t0, t2, 15			/* unique, unmapped VPN2: KSEG0 + idx * 32K */
	lui	t1, 0x8000
	daddu	t0, t0, t1
	dmtc0	t0, CP0_ENTRYHI
	dmtc0	zero, CP0_ENTRYLO0
	dmtc0	zero, CP0_ENTRYLO1
	ld	t1, ARCH_HOST_PAGEMASK(a0)
	mtc0	t1, CP0_PAGEMASK
	ehb
	tlbwi
	daddiu	t8, t8, 1
2:	daddiu	t2, t2, 1
	bne	t2, t3, 1b
	 nop
	sd	t8, ARCH_PURGED(a0)
	ld	t1, ARCH_HOST_PAGEMASK(a0)
	mtc0	t1, CP0_PAGEMASK
	beqz	t8, 3f
	 nop
	/* Loongson's micro-TLBs are not flushed by tlbwi: do it by hand. */
	mfc0	t1, $22				/* Diag */
	ori	t1, t1, 0xc			/* ITLB | DTLB */
	mtc0	t1, $22
3:	ehb

	/* Switch EBase to the vector page, with BEV set while it changes. */
	ld	t0, ARCH_HOST_STATUS(a0)
	lui	t1, 0x0040			/* ST0_BEV */
	or	t0, t0, t1
	mtc0	t0, CP0_STATUS
	ehb
	ld	t0, ARCH_VEC_EBASE(a0)
	mtc0	t0, CP0_EBASE
	ehb
	/* The guest's Status has EXL set: eret drops into its mode. */
	ld	t0, ARCH_HW_STATUS(a0)
	mtc0	t0, CP0_STATUS
	ehb
	ld	t0, ARCH_PC(a0)
	dmtc0	t0, CP0_EPC
	ld	t0, ARCH_HW_ENTRYHI(a0)
	dmtc0	t0, CP0_ENTRYHI
	mtc0	zero, $7			/* HWREna: every rdhwr traps */
	ld	t0, ARCH_HI(a0)
	mthi	t0
	ld	t0, ARCH_LO(a0)
	mtlo	t0
	ehb

	move	k0, a0
	LOAD_GPR(1)
	LOAD_GPR(2)
	LOAD_GPR(3)
	LOAD_GPR(4)
	LOAD_GPR(5)
	LOAD_GPR(6)
	LOAD_GPR(7)
	LOAD_GPR(8)
	LOAD_GPR(9)
	LOAD_GPR(10)
	LOAD_GPR(11)
	LOAD_GPR(12)
	LOAD_GPR(13)
	LOAD_GPR(14)
	LOAD_GPR(15)
	LOAD_GPR(16)
	LOAD_GPR(17)
	LOAD_GPR(18)
	LOAD_GPR(19)
	LOAD_GPR(20)
	LOAD_GPR(21)
	LOAD_GPR(22)
	LOAD_GPR(23)
	LOAD_GPR(24)
	LOAD_GPR(25)
	LOAD_GPR(28)
	LOAD_GPR(29)
	LOAD_GPR(30)
	LOAD_GPR(31)
	ld	k1, ARCH_GPR(27)(k0)
	ld	k0, ARCH_GPR(26)(k0)
	eret

	.globl	disco_vecpage_code_end
disco_vecpage_code_end:
	.set	pop
