// SPDX-License-Identifier: GPL-2.0
/*
 * DISCO_VM_BIG_TLB (a0 = 1) against the exact 64-entry TLB (a0 = 0).
 *
 * A translation evicted by a valid entry written over it:
 *   exact    the next access takes a TLB refill
 *   big      the L2TLB still remembers it: no exception
 * and with the big TLB, what makes it forget: a tlbp of the address, an
 * invalid entry written over every non-wired index (a whole-TLB flush),
 * and a new entry for the same address, which wins over the remembered one.
 */
#include "arch.h"

#define ASID		0x21
#define VA_X		(DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE + 0x10000000ULL)
#define VA_Y		(VA_X + 0x100000ULL)
#define GPA_X		0x400000ULL
#define GPA_Y		0x500000ULL
#define MAGIC_X		0x1111222233334444ULL
#define MAGIC_Y		0x5555666677778888ULL
#define FAULTED		0xdeadULL
#define IDX		5

static void map(unsigned int idx, u64 va, u64 gpa)
{
	u64 hi = dread_c0(C0_ENTRYHI);

	tlb_write_index(idx, HI_VPN2(va) | ASID, PM(DISCO_PAGE_SIZE),
			ELO(gpa, ELO_V | ELO_D), ELO(gpa + DISCO_PAGE_SIZE, ELO_V | ELO_D));
	dwrite_c0(C0_ENTRYHI, hi);
}

static u64 load(u64 va)
{
	rec_reset(RESUME_SKIP);
	return probe_load(va, FAULTED);
}

/* X mapped, read (so the monitor has shadowed it), then evicted by Y. */
static void map_then_evict(void)
{
	map(IDX, VA_X, GPA_X);
	GUEST_ASSERT_EQ(load(VA_X), MAGIC_X);
	EXPECT_NONE();
	map(IDX, VA_Y, GPA_Y);
	GUEST_ASSERT_EQ(load(VA_Y), MAGIC_Y);
	EXPECT_NONE();
}

static void expect_refill(u64 va)
{
	GUEST_ASSERT_EQ(load(va), FAULTED);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);
}

int guest_main(u64 big)
{
	unsigned int i;

	install_handler(EXC_TLBL, recorder);
	set_asid(ASID);
	write_c0(C0_WIRED, 0);
	poke(GPA_TO_VA(GPA_X), MAGIC_X);
	poke(GPA_TO_VA(GPA_Y), MAGIC_Y);

	map_then_evict();
	if (!big) {
		expect_refill(VA_X);
		guest_printf("arch_big_tlb: exact TLB forgets evicted entries\n");
		return 0;
	}
	/* Remembered past its eviction... */
	GUEST_ASSERT_EQ(load(VA_X), MAGIC_X);
	EXPECT_NONE();
	/* ...until the guest probes for it (a miss). */
	GUEST_ASSERT(tlb_probe(HI_VPN2(VA_X) | ASID) & INDEX_P);
	expect_refill(VA_X);

	/* A whole-TLB flush forgets everything. */
	map_then_evict();
	GUEST_ASSERT_EQ(load(VA_X), MAGIC_X);
	for (i = 0; i < DISCO_GTLB_SIZE; i++)
		tlb_clear_index(i);
	expect_refill(VA_X);

	/* A new entry for the address rules over the remembered one. */
	map_then_evict();
	map(IDX + 1, VA_X, GPA_Y);
	GUEST_ASSERT_EQ(load(VA_X), MAGIC_Y);
	EXPECT_NONE();
	guest_printf("arch_big_tlb: big TLB remembers and forgets as documented\n");
	return 0;
}
