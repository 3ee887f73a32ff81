/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual CPU model: a Loongson-3A1000-like MIPS64 Release 2 core as a
 * guest kernel running in supervisor mode sees it.  These values are the
 * guest's, never the host's; README.md ("The virtual CPU") documents them.
 */
#ifndef DISCO_VCPU_MODEL_H
#define DISCO_VCPU_MODEL_H

#define DISCO_PRID		0x00006305	/* Loongson-3A1000 (GS464) */

/* Config0: M, AT=MIPS64 (64-bit segments), AR=Release 2, MT=TLB, K0=3 */
#define DISCO_CONFIG0		0x80004483
/*
 * Config1: M, MMUSize-1=63, I/D caches 64 KiB 4-way 64-byte lines, an
 * FPU (FP=1), no watch, no performance counters, no MIPS16/EJTAG.
 */
#define DISCO_CONFIG1		0xfeab5581
#define DISCO_CONFIG2		0x80000000	/* M: Config3 follows; no L2 described */
#define DISCO_CONFIG3		0x00002000	/* ULRI: UserLocal (4, 2), rdhwr $29 */

/*
 * IntCtl (Release 2): IPTI = 7, the Count/Compare timer raises IP7; no
 * performance counters, no vectored interrupts (VS = 0).  Read-only.
 */
#define DISCO_INTCTL		0xe0000000

#define DISCO_GTLB_SIZE		64	/* guest TLB entries (Config1.MMUSize + 1) */
#define DISCO_SEGBITS		48
#define DISCO_PABITS		48

#define DISCO_COUNT_HZ		100000000ULL	/* CP0 Count: 100 MHz */

/* Guest-writable bits of the virtual registers. */
#define DISCO_STATUS_WMASK	0x7440ffffULL	/* CU2-0, FR, BEV, IM, KX..IE */
#define DISCO_CAUSE_WMASK	0x00800300ULL	/* IV, IP1..IP0 */
#define DISCO_HWRENA_WMASK	0x2000000fULL	/* CPUNum, SYNCI_Step, CC, CCRes, ULR */
#define DISCO_EBASE_WMASK	0x3ffff000ULL
#define DISCO_PAGEMASK_WMASK	0x1fffe000ULL
#define DISCO_PAGEMASK_MIN	0x00006000ULL	/* 16 KiB pages at least */
#define DISCO_ENTRYLO_WMASK	0x000003ffffffffffULL	/* PFN (PABITS 48), C, D, V, G */
#define DISCO_ENTRYHI_VPN2	(((1ULL << DISCO_SEGBITS) - 1) & ~0x1fffULL)
#define DISCO_ENTRYHI_WMASK	(0xc000000000000000ULL | DISCO_ENTRYHI_VPN2 | 0xff)
#define DISCO_CONTEXT_WMASK	0xffffffffff800000ULL	/* PTEBase */
#define DISCO_XCONTEXT_WMASK	0xfffffe0000000000ULL	/* PTEBase, bits 63:41 */

#endif /* DISCO_VCPU_MODEL_H */
