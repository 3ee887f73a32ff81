/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offsets shared by the C side and entry.S: the vCPU register file that the
 * exception vectors fill, and the vector page's layout.  C checks every
 * offset against struct disco_vcpu_arch with BUILD_BUG_ON (vcpu.c).
 */
#ifndef DISCO_VCPU_LAYOUT_H
#define DISCO_VCPU_LAYOUT_H

/* struct disco_vcpu_arch */
#define ARCH_GPR(n)		((n) * 8)
#define ARCH_HI			0x100
#define ARCH_LO			0x108
#define ARCH_PC			0x110
#define ARCH_EXIT_VEC		0x118	/* which vector: DISCO_VEC_* */
#define ARCH_EXIT_CAUSE		0x120
#define ARCH_EXIT_BADVADDR	0x128
#define ARCH_EXIT_ENTRYHI	0x130
#define ARCH_EXIT_STATUS	0x138
#define ARCH_HW_STATUS		0x140	/* Status the guest runs under */
#define ARCH_HW_ENTRYHI		0x148	/* EntryHi (host ASID) it runs under */
#define ARCH_VEC_EBASE		0x150	/* our vector page, as an EBase value */
#define ARCH_TLB_SIZE		0x158	/* host TLB entries, for the purge */
#define ARCH_HOST_STATUS	0x160
#define ARCH_HOST_ENTRYHI	0x168
#define ARCH_HOST_EBASE		0x170
#define ARCH_HOST_HWRENA	0x178
#define ARCH_HOST_PAGEMASK	0x180
#define ARCH_HOST_REGS		0x188	/* s0-s7, s8, gp, sp, ra */
#define ARCH_PURGED		0x1e8	/* global csseg entries purged on entry */
#define ARCH_VA_MASK		0x1f0	/* (1 << host SEGBITS) - 1 */
#define ARCH_CSSEG_BASE		0x1f8	/* csseg's start, as EntryHi VPN bits */
#define ARCH_L2TAG		0x200	/* L2TLB tag bits of the guest context */
#define ARCH_L2HITS		0x208	/* refills the vector served from the L2TLB */
#define ARCH_SAMPLE_LEFT	0x210	/* L2TLB hits until the next NUMA sample */
#define ARCH_SAMPLE_PERIOD	0x218	/* ... reloaded from here */
#define ARCH_SAMPLED		0x220	/* set when a hit left as a sample */
#define ARCH_L2TLB		0x240	/* the L2TLB itself */
#define ARCH_SIZE		(ARCH_L2TLB + L2TLB_SIZE * L2TLB_ENTRY)

/*
 * The second-level software TLB: direct mapped, indexed by VA[24:15] (the
 * host's 32 KiB page pair), one entry = tag, EntryLo0, EntryLo1, pad.
 * Tag = VA pair (R and VPN2 above bit 15) | L2TLB_VALID | guest ASID, or
 * L2TLB_GLOBAL instead of the ASID for the direct window, which is the
 * same in every guest address space.
 */
#define L2TLB_SHIFT		10
#define L2TLB_SIZE		(1 << L2TLB_SHIFT)
#define L2TLB_ENTRY		32
#define L2TLB_TAG		0
#define L2TLB_LO0		8
#define L2TLB_LO1		16
#define L2TLB_PAIR_SHIFT	15
#define L2TLB_VALID		0x1000
#define L2TLB_GLOBAL		0x0800
#define L2TLB_USER		0x0100	/* user-mode context (commpage VMs) */
#define L2TLB_ERL		0x0200	/* Status.ERL context */

/* Which vector the guest left through. */
#define DISCO_VEC_REFILL	0
#define DISCO_VEC_XREFILL	1
#define DISCO_VEC_GENERAL	2
#define DISCO_VEC_INT		3

/* The vector page (one page of low RAM, reached through KSEG0). */
#define VEC_OFF_REFILL		0x000
#define VEC_OFF_XREFILL		0x080
#define VEC_OFF_CACHEERR	0x100
#define VEC_OFF_GENERAL		0x180
#define VEC_OFF_INT		0x200
#define VEC_OFF_SLOTS		0x1000	/* per hardware CPU: the running vCPU */
#define VEC_SLOT_SHIFT		7	/* 128 bytes a CPU */
#define VEC_MAX_CPUS		16
#define VEC_OFF_HOST_EBASE	0x1800	/* for forwarding cache errors */
#define VEC_CODE_MAX		0x1000	/* code must end below the slots */

#endif /* DISCO_VCPU_LAYOUT_H */
