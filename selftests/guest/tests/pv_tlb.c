// SPDX-License-Identifier: GPL-2.0
/*
 * DISCO_MC_TLB_UPDATE and DISCO_MC_TLB_FLUSH: the guest TLB maintenance
 * of Linux's __update_tlb() and local_flush_tlb_page() in one exit each,
 * with the registers left as the instruction sequences leave them.
 */
#include "arch.h"

#define VA		0x0000123456780000ULL	/* xuseg, 32 KiB aligned */
#define GPA_A		0x00400000ULL
#define GPA_B		0x00408000ULL
#define ASID		0x37

int guest_main(u64 arg)
{
	u64 lo0 = ELO(GPA_A, ELO_D | ELO_V), lo1 = ELO(GPA_B, ELO_D | ELO_V);
	u64 hi = VA | ASID, saved;
	struct tlb_ent e;
	long idx, again;
	int i;

	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, DISCO_PV_TLB, 0), DISCO_PV_TLB);
	for (i = 0; i < DISCO_GTLB_SIZE; i++)
		tlb_clear_index(i);
	set_asid(ASID);
	*(volatile u64 *)GPA_TO_VA(GPA_A + 8) = 0x1111;
	*(volatile u64 *)GPA_TO_VA(GPA_B + 8) = 0x2222;

	/* A miss: written at Random, registers as after tlbp + tlbwr. */
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	idx = hypcall3(DISCO_MC_TLB_UPDATE, hi, lo0, lo1);
	GUEST_ASSERT(idx >= 0 && idx < DISCO_GTLB_SIZE);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), hi);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), lo0);
	GUEST_ASSERT(read_c0(C0_INDEX) & INDEX_P);
	tlb_read_index(idx, &e);
	GUEST_ASSERT_EQ(e.hi, hi);
	GUEST_ASSERT_EQ(e.lo0, lo0);
	GUEST_ASSERT_EQ(e.lo1, lo1);
	set_asid(ASID);
	GUEST_ASSERT_EQ(peek(VA + 8), 0x1111);
	GUEST_ASSERT_EQ(peek(VA + 0x4008), 0x2222);

	/* A hit: the same entry is rewritten (pages swapped), no duplicate. */
	again = hypcall3(DISCO_MC_TLB_UPDATE, hi, lo1, lo0);
	GUEST_ASSERT_EQ(again, idx);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), idx);
	set_asid(ASID);
	GUEST_ASSERT_EQ(peek(VA + 8), 0x2222);
	GUEST_ASSERT_EQ(peek(VA + 0x4008), 0x1111);

	/* The flush: the entry no longer matches, EntryHi kept. */
	saved = dread_c0(C0_ENTRYHI);
	GUEST_ASSERT_EQ(hypcall3(DISCO_MC_TLB_FLUSH, hi, 0, 0), idx);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), saved);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), 0);
	GUEST_ASSERT(tlb_probe(hi) & INDEX_P);
	tlb_read_index(idx, &e);
	GUEST_ASSERT_EQ(e.lo0 & ELO_V, 0);
	GUEST_ASSERT_EQ(e.lo1 & ELO_V, 0);
	/* Another ASID's flush, or of nothing mapped: -1, nothing changes. */
	idx = hypcall3(DISCO_MC_TLB_UPDATE, hi, lo0, lo1);
	GUEST_ASSERT_EQ(hypcall3(DISCO_MC_TLB_FLUSH, VA | 0x38, 0, 0), -1);
	GUEST_ASSERT_EQ(tlb_probe(hi), idx);
	GUEST_ASSERT_EQ(hypcall3(DISCO_MC_TLB_FLUSH, VA + 0x8000, 0, 0), -1);
	GUEST_ASSERT_EQ(tlb_probe(hi), idx);
	guest_printf("pv_tlb: update and flush in one exit each\n");
	return 0;
}
