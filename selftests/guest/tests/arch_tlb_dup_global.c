// SPDX-License-Identifier: GPL-2.0
/*
 * Duplicate and global TLB entries.
 *
 * Two entries matching one address are UNPREDICTABLE in the architecture;
 * the model documents "first match wins" (gtlb.c).  The guest checks that
 * nothing breaks and that what it sees is consistent: loads return one of
 * the two pages, always the same one, and tlbp names the entry that maps
 * it.  Removing that entry must uncover the other one.
 *
 * Global entries (G in both EntryLo; tlbwi ANDs them) match any ASID, and
 * tlbr shows G in both EntryLo.  Turning a global entry into an ASID one
 * must stop it from matching the other ASIDs at once.
 */
#include "arch.h"

#define VA_DUP		0x0000000050000000ULL
#define VA_GLOBAL	0x0000000060000000ULL
#define GPA_P1		0x00400000ULL
#define GPA_P2		0x00410000ULL
#define GPA_P3		0x00420000ULL

static u64 marker(u64 gpa)
{
	return 0x6d61726b00000000ULL | gpa;
}

static void expect_refill(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0xabc), 0xabc);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);
	GUEST_ASSERT_EQ(rec.badvaddr, va);
}

int guest_main(u64 arg)
{
	u64 v, lo0, lo1;
	struct tlb_ent e;
	unsigned int i;
	u32 idx;

	install_handler(EXC_TLBL, recorder);
	poke(GPA_TO_VA(GPA_P1), marker(GPA_P1));
	poke(GPA_TO_VA(GPA_P2), marker(GPA_P2));
	poke(GPA_TO_VA(GPA_P3), marker(GPA_P3));
	set_asid(1);

	guest_printf("arch_tlb_dup_global: duplicate entries\n");
	tlb_write_index(5, VA_DUP | 1, DISCO_PAGEMASK_MIN,
			ELO(GPA_P1, ELO_V), ELO(GPA_P1 + 0x4000, ELO_V));
	tlb_write_index(9, VA_DUP | 1, DISCO_PAGEMASK_MIN,
			ELO(GPA_P2, ELO_V), ELO(GPA_P2 + 0x4000, ELO_V));
	v = peek(VA_DUP);
	GUEST_ASSERT(v == marker(GPA_P1) || v == marker(GPA_P2));
	for (i = 0; i < 8; i++)
		GUEST_ASSERT_EQ(peek(VA_DUP), v);
	idx = tlb_probe(VA_DUP | 1);
	GUEST_ASSERT_EQ(idx, v == marker(GPA_P1) ? 5 : 9);
	guest_printf("arch_tlb_dup_global: entry %u wins (model: the first)\n",
		     idx);
	/* Remove the winner: the other one maps now. */
	tlb_clear_index(idx);
	GUEST_ASSERT_EQ(peek(VA_DUP), idx == 5 ? marker(GPA_P2) : marker(GPA_P1));
	GUEST_ASSERT_EQ(tlb_probe(VA_DUP | 1), idx == 5 ? 9 : 5);
	tlb_clear_index(idx == 5 ? 9 : 5);
	GUEST_ASSERT(tlb_probe(VA_DUP | 1) & INDEX_P);
	expect_refill(VA_DUP);

	guest_printf("arch_tlb_dup_global: global entries\n");
	lo0 = ELO(GPA_P3, ELO_V | ELO_G);
	lo1 = ELO(GPA_P3 + 0x4000, ELO_V | ELO_G);
	tlb_write_index(6, VA_GLOBAL | 1, DISCO_PAGEMASK_MIN, lo0, lo1);
	tlb_read_index(6, &e);
	GUEST_ASSERT_EQ(e.hi, VA_GLOBAL | 1);
	GUEST_ASSERT_EQ(e.lo0, lo0);
	GUEST_ASSERT_EQ(e.lo1, lo1);
	for (i = 0; i < 256; i += 51) {
		set_asid(i);
		GUEST_ASSERT_EQ(peek(VA_GLOBAL), marker(GPA_P3));
		GUEST_ASSERT_EQ(tlb_probe(VA_GLOBAL | i), 6);
	}
	set_asid(0xff);
	GUEST_ASSERT_EQ(peek(VA_GLOBAL), marker(GPA_P3));

	/* G in one EntryLo only: an ASID-1 entry, G reads 0 in both. */
	tlb_write_index(6, VA_GLOBAL | 1, DISCO_PAGEMASK_MIN, lo0,
			lo1 & ~ELO_G);
	tlb_read_index(6, &e);
	GUEST_ASSERT_EQ(e.lo0, lo0 & ~ELO_G);
	GUEST_ASSERT_EQ(e.lo1, lo1 & ~ELO_G);
	/* The other ASIDs, which used the global entry a moment ago, miss. */
	for (i = 0; i < 256; i += 51) {
		set_asid(i);
		if (i == 1)
			continue;
		expect_refill(VA_GLOBAL);
		GUEST_ASSERT(tlb_probe(VA_GLOBAL | i) & INDEX_P);
	}
	set_asid(0xff);
	expect_refill(VA_GLOBAL);
	set_asid(1);
	GUEST_ASSERT_EQ(peek(VA_GLOBAL), marker(GPA_P3));

	guest_printf("arch_tlb_dup_global: duplicates and globals as documented\n");
	return 0;
}
