/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU/MMU workloads (bench/guest/os.c and bench/osbench.c): what the
 * guest "OS" and the host-side driver agree on.  Plain C, no libc.
 *
 * The guest's a0 selects a workload and its size:
 *
 *	bits  0..31	N: passes (tlbstress) or iterations (syscall, break)
 *	bits 32..47	P: pages touched per pass (tlbstress)
 *	bits 48..53	log2 of the guest's page size for the tlbstress
 *			region (14 = 16 KiB, 18 = 256 KiB)
 *	bits 56..59	the workload, OSB_*
 */
#ifndef DISCO_BENCH_OSBENCH_H
#define DISCO_BENCH_OSBENCH_H

#define OSB_TLB		1	/* user mode loads one word per page, P pages, N passes */
#define OSB_SYSCALL	2	/* user mode: N syscalls, handled by the guest kernel */
#define OSB_BREAK	3	/* user mode: N break instructions, likewise */

#define OSB_ARG(w, n, p, pshift)					\
	(((unsigned long long)(w) << 56) |				\
	 ((unsigned long long)(pshift) << 48) |				\
	 ((unsigned long long)(p) << 32) | (unsigned long long)(n))
#define OSB_WORK(a)	((unsigned int)((a) >> 56) & 0xf)
#define OSB_N(a)	((unsigned int)(a))
#define OSB_P(a)	((unsigned int)((a) >> 32) & 0xffff)
#define OSB_PSHIFT(a)	((unsigned int)((a) >> 48) & 0x3f)

/*
 * The tlbstress region: user virtual pages [OSB_UBASE, OSB_UBASE + P *
 * 16 KiB) map, page pair by page pair, onto the guest-physical pool
 * [OSB_POOL_GPA, + OSB_POOL_SIZE), wrapping (user pair at offset x ->
 * pool offset x mod OSB_POOL_SIZE).  The native program maps a memfd of
 * OSB_POOL_SIZE bytes over and over in the same way.  The stride is one
 * 16 KiB page, the host's page size, whatever the guest's page size.
 */
#define OSB_UBASE	0x100000000ULL	/* 4 GiB: the refill handler's region is [4, 8) GiB */
#define OSB_POOL_GPA	0x400000ULL	/* 4 MiB */
#define OSB_POOL_SIZE	0x400000ULL	/* 4 MiB */
#define OSB_STRIDE	16384ULL
#define OSB_VM_MEM	(8ULL << 20)	/* the image below 4 MiB, the pool above */

/*
 * Guest instructions per unit of work, by construction (the hand-written
 * loops and handlers in guest/os.c; a commpage rewrite replaces an
 * instruction by one load or store, so the counts hold with and without
 * it):
 *
 *	tlbstress:	4 per page touched (ld, daddiu, bnez, daddu), plus
 *			OSB_REFILL_INSNS per refill delivered to the guest
 *	syscall:	4 in the user loop + 11 in the handler's fast path
 *	break:		4 in the user loop + 13 in the handler's fast path
 */
#define OSB_TLB_INSNS_PER_PAGE	4
#define OSB_REFILL_INSNS	20
#define OSB_SYSCALL_INSNS	15
#define OSB_BREAK_INSNS		17

#endif /* DISCO_BENCH_OSBENCH_H */
