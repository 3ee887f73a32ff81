// SPDX-License-Identifier: GPL-2.0
/*
 * TLB entries whose PFN lies beyond guest RAM.  tlbwi accepts any PFN the
 * EntryLo holds (PABITS 48) and tlbr returns it; the translation is valid,
 * so no TLB exception follows: the access reaches a physical address with
 * no memory, which is a bus error - DBE for a load or store, IBE for an
 * instruction fetch - through the general vector with EPC = the access
 * (the target, for a fetch).  A large page that starts inside RAM and
 * ends beyond it works up to the end of RAM and bus-errors past it.
 *
 * The VM has 40 MiB, so the 16 MiB page at GPA 32 MiB straddles its end.
 */
#include "arch.h"

#define VA		0x0000000030000000ULL
#define VA_BIG		0x0000000040000000ULL
#define MEM_NEEDED	(40ULL << 20)
#define GPA_OK		0x00400000ULL

static void expect_dbe_load(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0xdbe), 0xdbe);
	EXPECT_EXC(EXC_DBE, 0x180, probe_load_insn);
}

static void expect_dbe_store(u64 va)
{
	rec_reset(RESUME_SKIP);
	probe_store(va, 0xdbe);
	EXPECT_EXC(EXC_DBE, 0x180, probe_store_insn);
}

static void expect_ibe(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_jump(va), 1);
	EXPECT_EXC(EXC_IBE, 0x180, va);
}

static void check_read(unsigned int idx, u64 hi, u64 pm, u64 lo0, u64 lo1)
{
	struct tlb_ent e;

	tlb_read_index(idx, &e);
	GUEST_ASSERT_EQ(e.hi, hi);
	GUEST_ASSERT_EQ(e.pm, pm);
	GUEST_ASSERT_EQ(e.lo0, lo0);
	GUEST_ASSERT_EQ(e.lo1, lo1);
}

int guest_main(u64 arg)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	u64 lo0, lo1, pm;
	static const u64 far[] = {
		40ULL << 20, 1ULL << 30, 0x0000ffffffffc000ULL,
	};
	unsigned int i;

	GUEST_ASSERT_EQ(mem, MEM_NEEDED);
	install_handler(EXC_DBE, recorder);
	install_handler(EXC_IBE, recorder);
	set_asid(8);
	poke(GPA_TO_VA(GPA_OK + 0x4000), 0x600d600d);

	for (i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		guest_printf("arch_pfn_beyond: even page at GPA 0x%llx\n", far[i]);
		lo0 = ELO(far[i], ELO_D | ELO_V);
		lo1 = ELO(GPA_OK + 0x4000, ELO_D | ELO_V);
		tlb_write_index(3, VA | 8, DISCO_PAGEMASK_MIN, lo0, lo1);
		check_read(3, VA | 8, DISCO_PAGEMASK_MIN, lo0, lo1);
		GUEST_ASSERT_EQ(ELO_PFN_GPA(lo0), far[i]);
		GUEST_ASSERT_EQ(tlb_probe(VA | 8), 3);
		expect_dbe_load(VA);
		expect_dbe_load(VA + 0x3ff8);
		expect_dbe_store(VA + 0x10);
		expect_ibe(VA + 0x20);
		/* The odd page, inside RAM, works. */
		GUEST_ASSERT_EQ(peek(VA + 0x4000), 0x600d600d);
		expect_dbe_load(VA + 8);
	}

	guest_printf("arch_pfn_beyond: a 16 MiB page across the end of RAM\n");
	pm = PM(16ULL << 20);
	lo0 = ELO(32ULL << 20, ELO_D | ELO_V);
	lo1 = ELO(48ULL << 20, ELO_D | ELO_V);
	tlb_write_index(4, VA_BIG | 8, pm, lo0, lo1);
	check_read(4, VA_BIG | 8, pm, lo0, lo1);
	poke(GPA_TO_VA(32ULL << 20), 0x3232);
	poke(GPA_TO_VA(mem - 8), 0x4040);
	GUEST_ASSERT_EQ(peek(VA_BIG), 0x3232);
	GUEST_ASSERT_EQ(peek(VA_BIG + (8ULL << 20) - 8), 0x4040);
	poke(VA_BIG + (8ULL << 20) - 16, 0x3939);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(mem - 16)), 0x3939);
	expect_dbe_load(VA_BIG + (8ULL << 20));
	expect_dbe_store(VA_BIG + (8ULL << 20));
	expect_dbe_load(VA_BIG + (16ULL << 20) - 8);
	expect_ibe(VA_BIG + (12ULL << 20));
	expect_dbe_load(VA_BIG + (16ULL << 20));	/* the odd page */
	expect_ibe(VA_BIG + (16ULL << 20));
	GUEST_ASSERT_EQ(peek(VA_BIG + 0x100), peek(GPA_TO_VA((32ULL << 20) + 0x100)));

	guest_printf("arch_pfn_beyond: bus errors beyond RAM as architected\n");
	return 0;
}
