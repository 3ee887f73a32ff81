// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TLB makes the VM's TLB look larger than the host's: touch more
 * page pairs than the host TLB holds, twice.  The first pass misses all the
 * way to the monitor; the second finds the pairs the host TLB evicted in
 * the L2TLB, inside the refill vector.  The host test checks the counters.
 * Then a guest TLB entry is replaced and the old mapping must not survive
 * in the L2TLB: the new page's data is what the guest sees.
 */
#include "guest.h"

#define PAIRS		128		/* 4 MiB: twice the host TLB */
#define PAIR_SIZE	(2 * DISCO_PAGE_SIZE)
#define AREA_GPA	0x200000ULL
#define MAP_VA		0x30000000ULL
#define ASID		3

static u64 touch_all(void)
{
	volatile u64 *p;
	u64 sum = 0;
	int i;

	for (i = 0; i < PAIRS; i++) {
		p = (volatile u64 *)(DISCO_XSSEG_BASE + AREA_GPA + (u64)i * PAIR_SIZE);
		sum += *p;
	}
	return sum;
}

static u64 lo_of(u64 gpa)
{
	return ((gpa >> 12) << 6) | (3 << 3) | 0x6;	/* C=3, D, V */
}

static void map_pair(u64 gpa)
{
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	dwrite_c0(C0_ENTRYHI, MAP_VA | ASID);
	dwrite_c0(C0_ENTRYLO0, lo_of(gpa));
	dwrite_c0(C0_ENTRYLO1, lo_of(gpa + DISCO_PAGE_SIZE));
	write_c0(C0_INDEX, 7);
	tlbwi();
}

int guest_main(u64 arg)
{
	u64 *a = (u64 *)(DISCO_XSSEG_BASE + AREA_GPA);
	u64 *b = (u64 *)(DISCO_XSSEG_BASE + AREA_GPA + 4 * PAIR_SIZE);
	volatile u64 *v = (volatile u64 *)MAP_VA;
	int i;

	touch_all();
	for (i = 0; i < 4; i++)
		touch_all();

	*a = 0xaaaa;
	*b = 0xbbbb;
	map_pair(AREA_GPA);
	GUEST_ASSERT_EQ(*v, 0xaaaa);
	/* Push the pair out of the host TLB, so only the L2TLB holds it. */
	touch_all();
	map_pair(AREA_GPA + 4 * PAIR_SIZE);
	GUEST_ASSERT_EQ(*v, 0xbbbb);
	touch_all();
	GUEST_ASSERT_EQ(*v, 0xbbbb);
	dwrite_c0(C0_ENTRYHI, 0);
	guest_printf("l2tlb: %d pairs touched 6 times, remap seen\n", PAIRS);
	return 0;
}
