// SPDX-License-Identifier: GPL-2.0
/*
 * Attack on the privileged-register page (DISCO_VM_COMMPAGE, run only in
 * such a VM): the guest kernel fills every slot of the page at virtual
 * address 0 with all-ones and other garbage, exits to the monitor, and
 * reads the registers back.  Read-only registers keep their values; the
 * written-back ones hold only what their write masks allow; the guest
 * stays in kernel mode with BEV clear; a tlbwi of the garbage stays
 * inside the guest.
 */
#include "mal.h"

static volatile u64 *page(void)
{
	u64 base;

	asm volatile("move %0, $0" : "=r" (base));	/* hide NULL from gcc */
	return (volatile u64 *)base;
}

static void fill(u64 v)
{
	volatile u64 *p = page();
	unsigned int i;

	for (i = 0; i < 0x200 / 8; i++)
		p[i] = v;
	disco_info(DISCO_INFO_VCPU_ID);		/* an exit: values checked */
}

static void check(u32 status, u32 ebase, u32 wired)
{
	u32 st = read_c0(C0_STATUS);

	GUEST_ASSERT_EQ(read_c0(C0_PRID), DISCO_PRID);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG0), DISCO_CONFIG0);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG1), DISCO_CONFIG1);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG3), DISCO_CONFIG3);
	GUEST_ASSERT_EQ(st, status);
	GUEST_ASSERT_EQ(read_c0(C0_EBASE), ebase);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), wired);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX) & ~(0x80000000U | (DISCO_GTLB_SIZE - 1)), 0);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0) & ~DISCO_ENTRYLO_WMASK, 0);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO1) & ~DISCO_ENTRYLO_WMASK, 0);
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK) & ~(u32)DISCO_PAGEMASK_WMASK, 0);
	GUEST_ASSERT_EQ(read_c0(C0_HWRENA) & ~(u32)DISCO_HWRENA_WMASK, 0);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI) & ~DISCO_ENTRYHI_WMASK, 0);
}

int guest_main(u64 arg)
{
	static const u64 junk[] = {
		~0ULL, 0x8000000000000000ULL, 0xffffffff80000000ULL, 0x00400004ULL,
		0x5a5a5a5a5a5a5a5aULL, 0,
	};
	u32 status, ebase, wired;
	unsigned int i;

	mal_catch_all();	/* sets EBase: read the registers after it */
	status = read_c0(C0_STATUS);
	ebase = read_c0(C0_EBASE);
	wired = read_c0(C0_WIRED);
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		guest_printf("mal_commpage_garbage: %llx\n", junk[i]);
		fill(junk[i]);
		check(status, ebase, wired);
		/* Whatever the page made of EntryHi/EntryLo: write the entry. */
		write_c0(C0_INDEX, 5);
		tlbwi();
		probe_load(dread_c0(C0_ENTRYHI) & ~0xffULL, 0);
		mal_nr = 0;
		dwrite_c0(C0_ENTRYHI, 0);
		check(status, ebase, wired);
	}
	guest_printf("mal_commpage_garbage: registers sane\n");
	return 0;
}
