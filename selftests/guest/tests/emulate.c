// SPDX-License-Identifier: GPL-2.0
/*
 * Every instruction the monitor emulates, checked against its architected
 * result: CP0 moves (32 and 64 bit), write masks, the TLB instructions,
 * di/ei, eret, wait, cache and rdhwr.
 */
#include "guest.h"

#define TLB_ASID	7
#define TEST_PAGE_GPA	0x400000ULL	/* any 32 KiB inside 8 MiB of RAM */
#define ELO_FLAGS	((3 << 3) | 0x6)	/* C = 3 (cacheable), D, V */

static u64 entrylo(u64 gpa)
{
	return ((gpa >> 12) << 6) | ELO_FLAGS;
}

static void round_trips(void)
{
	u64 v;

	write_c0(C0_ENTRYHI, 0x7fffe05a);
	GUEST_ASSERT_EQ(read_c0(C0_ENTRYHI), 0x7fffe05a);
	write_c0(C0_ENTRYLO0, 0x0123451f);
	GUEST_ASSERT_EQ(read_c0(C0_ENTRYLO0), 0x0123451f);
	write_c0(C0_ENTRYLO1, 0x0765431e);
	GUEST_ASSERT_EQ(read_c0(C0_ENTRYLO1), 0x0765431e);
	write_c0(C0_PAGEMASK, 0x0001e000);	/* 64 KiB pages */
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), 0x0001e000);
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), DISCO_PAGEMASK_MIN);
	write_c0(C0_INDEX, 5);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), 5);
	write_c0(C0_INDEX, DISCO_GTLB_SIZE - 1);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), DISCO_GTLB_SIZE - 1);
	write_c0(C0_WIRED, 3);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 3);
	write_c0(C0_WIRED, 0);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 0);
	write_c0(C0_COMPARE, 0x89abcdef);
	GUEST_ASSERT_EQ(read_c0(C0_COMPARE), 0x89abcdef);

	dwrite_c0(C0_EPC, 0x4000000000012344ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_EPC), 0x4000000000012344ULL);
	GUEST_ASSERT_EQ(read_c0(C0_EPC), 0x00012344);	/* the low word */
	write_c0(C0_EPC, 0x80001230);			/* sign-extended */
	GUEST_ASSERT_EQ(dread_c0(C0_EPC), 0xffffffff80001230ULL);
	dwrite_c0(C0_ERROREPC, 0x4000000000045678ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ERROREPC), 0x4000000000045678ULL);

	/* Context: PTEBase is writable, BadVPN2 is not. */
	dwrite_c0(C0_CONTEXT, ~0ULL);
	v = dread_c0(C0_CONTEXT);
	GUEST_ASSERT_EQ(v & DISCO_CONTEXT_WMASK, DISCO_CONTEXT_WMASK);
	dwrite_c0(C0_CONTEXT, 0);
	GUEST_ASSERT_EQ(dread_c0(C0_CONTEXT) & DISCO_CONTEXT_WMASK, 0);

	v = read_c0(C0_HWRENA);
	write_c0(C0_HWRENA, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_HWRENA), DISCO_HWRENA_WMASK);
	write_c0(C0_HWRENA, 0);
	GUEST_ASSERT_EQ(read_c0(C0_HWRENA), 0);
	write_c0(C0_HWRENA, v);

	/* 64-bit EntryHi: R, VPN2 up to SEGBITS and ASID; the fill reads 0. */
	dwrite_c0(C0_ENTRYHI, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), DISCO_ENTRYHI_WMASK);
	dwrite_c0(C0_ENTRYHI, 0x40007fffffffe0a5ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), 0x40007fffffffe0a5ULL);
	dwrite_c0(C0_ENTRYLO0, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), DISCO_ENTRYLO_WMASK);
	dwrite_c0(C0_ENTRYHI, 0);
	dwrite_c0(C0_ENTRYLO0, 0);
	dwrite_c0(C0_ENTRYLO1, 0);
}

static void read_only(void)
{
	u32 status = read_c0(C0_STATUS);
	u32 ebase = read_c0(C0_EBASE);

	GUEST_ASSERT_EQ(read_c0(C0_PRID), DISCO_PRID);
	write_c0(C0_PRID, 0);
	GUEST_ASSERT_EQ(read_c0(C0_PRID), DISCO_PRID);
	write_c0(C0_CONFIG0, DISCO_CONFIG0 ^ 0x7);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG0), DISCO_CONFIG0);
	write_c0(C0_CONFIG1, 0);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG1), DISCO_CONFIG1);

	/* An FPU (Config1.FP = 1): CU1 is writable; CU3 is not. */
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG1) & 1, 1);
	write_c0(C0_STATUS, status | ST_CU1 | 0x80000000U);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & (ST_CU1 | 0x80000000U), ST_CU1);
	write_c0(C0_STATUS, status);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status);

	/* EBase: bits 29:12 writable, bit 31 set, CPUNum read-only. */
	write_c0(C0_STATUS, status | ST_BEV);
	write_c0(C0_EBASE, 0x80123000);
	GUEST_ASSERT_EQ(read_c0(C0_EBASE), 0x80123000 | (ebase & 0x3ff));
	write_c0(C0_EBASE, ebase);
	write_c0(C0_STATUS, status);
	GUEST_ASSERT_EQ(read_c0(C0_EBASE), ebase);
}

static void counting(void)
{
	u32 c0, c1, r0, r1, c;
	int i;

	c0 = read_c0(C0_COUNT);
	for (i = 0; i < 1000 && read_c0(C0_COUNT) == c0; i++)
		;
	c1 = read_c0(C0_COUNT);
	GUEST_ASSERT((s32)(c1 - c0) > 0);

	r0 = rdhwr_cc();
	c = read_c0(C0_COUNT);
	for (i = 0; i < 1000 && (u32)rdhwr_cc() == r0; i++)
		;
	r1 = rdhwr_cc();
	GUEST_ASSERT((s32)(r1 - r0) > 0);
	GUEST_ASSERT(c - r0 <= r1 - r0);	/* same clock as Count */
}

static void tlb(void)
{
	u64 hi = 0x20000000ULL | TLB_ASID;
	u64 lo0 = entrylo(TEST_PAGE_GPA);
	u64 lo1 = entrylo(TEST_PAGE_GPA + DISCO_PAGE_SIZE);
	u32 idx;

	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	dwrite_c0(C0_ENTRYHI, hi);
	dwrite_c0(C0_ENTRYLO0, lo0);
	dwrite_c0(C0_ENTRYLO1, lo1);
	write_c0(C0_INDEX, 10);
	tlbwi();

	/* tlbr gives the entry back. */
	dwrite_c0(C0_ENTRYHI, 0);
	dwrite_c0(C0_ENTRYLO0, 0);
	dwrite_c0(C0_ENTRYLO1, 0);
	write_c0(C0_PAGEMASK, 0x0001e000);
	write_c0(C0_INDEX, 10);
	tlbr();
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), hi);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), lo0);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO1), lo1);
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), DISCO_PAGEMASK_MIN);

	/* tlbp finds it, and misses another VPN2 (Index.P). */
	write_c0(C0_INDEX, 0);
	dwrite_c0(C0_ENTRYHI, hi);
	tlbp();
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), 10);
	dwrite_c0(C0_ENTRYHI, 0x30000000ULL | TLB_ASID);
	tlbp();
	GUEST_ASSERT(read_c0(C0_INDEX) & 0x80000000U);

	/* tlbwr lands in [Wired, 63]; Random stays in that range too. */
	write_c0(C0_WIRED, 12);
	idx = read_c0(C0_RANDOM);
	GUEST_ASSERT(idx >= 12 && idx < DISCO_GTLB_SIZE);
	dwrite_c0(C0_ENTRYHI, 0x40000000ULL | TLB_ASID);
	dwrite_c0(C0_ENTRYLO0, lo0);
	dwrite_c0(C0_ENTRYLO1, lo1);
	tlbwr();
	tlbp();
	idx = read_c0(C0_INDEX);
	GUEST_ASSERT(idx >= 12 && idx < DISCO_GTLB_SIZE);
	write_c0(C0_INDEX, idx);
	tlbr();
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), 0x40000000ULL | TLB_ASID);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), lo0);
	write_c0(C0_WIRED, 0);
	dwrite_c0(C0_ENTRYHI, 0);
}

static void di_ei(void)
{
	u32 status = read_c0(C0_STATUS);
	u32 old;

	GUEST_ASSERT_EQ(status & ST_IE, 0);
	old = ei();
	GUEST_ASSERT_EQ(old, status);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status | ST_IE);
	old = di();
	GUEST_ASSERT_EQ(old, status | ST_IE);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status);
}

static void eret_to_label(void)
{
	long landed, tmp;

	asm volatile(".set push\n\t.set noreorder\n\t.set noat\n\t"
		     "dla	%1, 1f\n\t"
		     "dmtc0	%1, $14\n\t"
		     "mfc0	%1, $12\n\t"
		     "ori	%1, %1, 2\n\t"		/* EXL */
		     "mtc0	%1, $12\n\t"
		     "ehb\n\t"
		     "eret\n\t"
		     "b		2f\n\t"
		     " ori	%0, $0, 2\n"		/* eret fell through */
		     "1:	ori	%0, $0, 1\n"
		     "2:\n\t"
		     ".set pop"
		     : "=&r" (landed), "=&r" (tmp) : : "memory");
	GUEST_ASSERT_EQ(landed, 1);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & (ST_EXL | ST_KSU), 0);
}

static volatile int ticks;

static void tick(struct ex_frame *f)
{
	GUEST_ASSERT(f->cause & CAUSE_IP(7));
	ticks++;
	/* Ack, and re-arm so a tick lost before wait still ends it. */
	write_c0(C0_COMPARE, read_c0(C0_COUNT) + 1000000);
}

static void wait_for_timer(void)
{
	u32 status = read_c0(C0_STATUS);

	install_handler(EXC_INT, tick);
	write_c0(C0_COMPARE, read_c0(C0_COUNT) + 1000000);	/* 10 ms */
	write_c0(C0_STATUS, status | ST_IM(7) | ST_IE);
	while (!ticks)
		guest_wait();
	write_c0(C0_STATUS, status);
	install_handler(EXC_INT, NULL);
}

static void caches(void)
{
	static u64 line[8] __attribute__((aligned(64)));

	line[0] = 1;
	cache_op(Hit_Writeback_Inv_D, line);
	GUEST_ASSERT_EQ(line[0], 1);
	cache_op(Index_Invalidate_I, (u64)caches & ~63ULL);
}

int guest_main(u64 arg)
{
	install_vectors();	/* a stray exception gets reported */

	round_trips();
	read_only();
	counting();
	tlb();
	di_ei();
	eret_to_label();
	wait_for_timer();
	caches();
	guest_printf("emulate: all emulated instructions behave\n");
	return 0;
}
