// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: ASID churn.  The same xuseg page mapped under all 256 guest
 * ASIDs (non-global) to four different pages, the guest switching ASID
 * between every access, three times over, with entries being replaced
 * under it.  Each access must see the page of its own ASID: a stale
 * shadow from another ASID would show the wrong marker.
 */
#include "mal.h"

static u64 page_of(unsigned int asid)
{
	return MAL_SCRATCH_GPA + (asid % 4) * 2 * DISCO_PAGE_SIZE;
}

int guest_main(u64 arg)
{
	const u64 lo_flags = LO_C(3) | LO_D | LO_V;	/* not global */
	unsigned int asid, round;
	u64 v;

	for (asid = 0; asid < 4; asid++)
		win_sd(page_of(asid), MARKER ^ asid);
	for (round = 0; round < 3; round++) {
		for (asid = 0; asid < 256; asid++) {
			unsigned int a = round == 1 ? 255 - asid : asid;

			tlb_set(a % DISCO_GTLB_SIZE, MAL_VA | a,
				mk_lo(page_of(a), lo_flags),
				mk_lo(page_of(a) + DISCO_PAGE_SIZE, lo_flags), PM_16K);
			/* EntryHi (and so the current ASID) is now MAL_VA | a. */
			v = *(volatile u64 *)MAL_VA;
			GUEST_ASSERT_EQ(v, MARKER ^ (a % 4));
			/* Back to ASID 0 for the kernel's own bookkeeping. */
			dwrite_c0(C0_ENTRYHI, 0);
		}
	}
	guest_printf("mal_asid_churn: 768 ASID switches, no stale mapping\n");
	return 0;
}
