// SPDX-License-Identifier: GPL-2.0
/*
 * Every page size the model supports (PageMask 16 KiB .. 256 MiB), through
 * one TLB entry that is rewritten with each size in turn: tlbwi/tlbr/tlbp,
 * loads and stores in the even and odd page at the start, middle and end
 * of each page, compared with the same guest-physical bytes seen through
 * the direct window, and the first address past the pair refilling.
 *
 * The VM has 64 MiB.  Sizes up to 16 MiB map the even page at GPA 16 MiB
 * and the odd page at GPA 32 MiB (both aligned for every size, both pages
 * inside RAM).  A 64 MiB pair maps GPA 0 (exactly all of RAM) and GPA
 * 64 MiB (wholly beyond RAM); a 256 MiB pair maps GPA 0 and 256 MiB.  The
 * translation itself is valid, so an access that lands inside RAM works
 * and one that lands beyond RAM is a data bus error (DBE), as non-existent
 * physical memory is on real hardware and as the model documents.
 *
 * Rewriting the same entry with a smaller size must drop whatever the
 * larger one mapped: going up and then down through the sizes, every check
 * uses fresh data, so a stale shadow shows up as a wrong value.
 */
#include "arch.h"

#define VA_BASE		0x40000000ULL	/* xuseg, 512 MiB aligned */
#define EVEN_GPA	0x01000000ULL
#define ODD_GPA		0x02000000ULL
#define ASID		3
#define IDX		10
#define MEM_NEEDED	(64ULL << 20)

static u64 pattern(u64 gpa, unsigned int salt)
{
	return 0xa500000000000000ULL | ((u64)salt << 48) | gpa;
}

static void check_entry(u64 hi, u64 pm, u64 lo0, u64 lo1)
{
	struct tlb_ent e;

	tlb_read_index(IDX, &e);
	GUEST_ASSERT_EQ(e.hi, hi);
	GUEST_ASSERT_EQ(e.pm, pm);
	GUEST_ASSERT_EQ(e.lo0, lo0);
	GUEST_ASSERT_EQ(e.lo1, lo1);
}

static void expect_refill(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0x77), 0x77);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);
	GUEST_ASSERT_EQ(rec.badvaddr, va);
}

static void expect_dbe_load(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0x66), 0x66);
	EXPECT_EXC(EXC_DBE, 0x180, probe_load_insn);
}

static void expect_dbe_store(u64 va)
{
	rec_reset(RESUME_SKIP);
	probe_store(va, 0x55);
	EXPECT_EXC(EXC_DBE, 0x180, probe_store_insn);
}

/* A full check of a size whose pair fits in RAM. */
static void full_size(u64 size, unsigned int salt)
{
	const u64 offs[] = { 0, 8, 0x2000, 0x3ff8, size / 2, size - 8 };
	u64 pm = PM(size), lo0 = ELO(EVEN_GPA, ELO_D | ELO_V),
	    lo1 = ELO(ODD_GPA, ELO_D | ELO_V);
	unsigned int i;
	u64 v;

	guest_printf("arch_tlb_pagesize: %llu KiB pages\n", size >> 10);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		poke(GPA_TO_VA(EVEN_GPA + offs[i]), pattern(EVEN_GPA + offs[i], salt));
		poke(GPA_TO_VA(ODD_GPA + offs[i]), pattern(ODD_GPA + offs[i], salt));
	}

	tlb_write_index(IDX, VA_BASE | ASID, pm, lo0, lo1);
	check_entry(VA_BASE | ASID, pm, lo0, lo1);
	GUEST_ASSERT_EQ(tlb_probe((VA_BASE + size - 0x4000) | ASID), IDX);
	GUEST_ASSERT_EQ(tlb_probe((VA_BASE + size + size / 2) | ASID), IDX);
	GUEST_ASSERT(tlb_probe((VA_BASE + 2 * size) | ASID) & INDEX_P);

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		GUEST_ASSERT_EQ(peek(VA_BASE + offs[i]),
				pattern(EVEN_GPA + offs[i], salt));
		GUEST_ASSERT_EQ(peek(VA_BASE + size + offs[i]),
				pattern(ODD_GPA + offs[i], salt));
	}

	/* Stores through the mapping land in the right guest-physical page. */
	v = pattern(0x1234, salt) ^ size;
	poke(VA_BASE + size / 2 + 16, v);
	poke(VA_BASE + size + size - 16, ~v);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(EVEN_GPA + size / 2 + 16)), v);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(ODD_GPA + size - 16)), ~v);

	/* Just outside the pair: nothing maps. */
	expect_refill(VA_BASE + 2 * size);
	expect_refill(VA_BASE - 8);
}

int guest_main(u64 arg)
{
	static const u64 sizes[] = {
		16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20,
	};
	const unsigned int n = sizeof(sizes) / sizeof(sizes[0]);
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	u64 pm, lo0, lo1, v;
	unsigned int i;

	GUEST_ASSERT_EQ(mem, MEM_NEEDED);
	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_DBE, recorder);
	set_asid(ASID);

	/* PageMask takes each size as written. */
	for (i = 0; i < n; i++) {
		write_c0(C0_PAGEMASK, PM(sizes[i]));
		GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), PM(sizes[i]));
	}

	/* Up through the sizes, then down again. */
	for (i = 0; i < n; i++)
		full_size(sizes[i], i);
	for (i = n; i-- > 0;)
		full_size(sizes[i], n + i);

	/*
	 * 64 MiB: the even page is all of RAM, the odd one is beyond it.
	 * GPA 0x100 is free (below the results block and the image).
	 */
	guest_printf("arch_tlb_pagesize: 64 MiB pages\n");
	pm = PM(64ULL << 20);
	GUEST_ASSERT_EQ(pm, 0x07ffe000);
	lo0 = ELO(0, ELO_D | ELO_V);
	lo1 = ELO(64ULL << 20, ELO_D | ELO_V);
	tlb_write_index(IDX, VA_BASE | ASID, pm, lo0, lo1);
	check_entry(VA_BASE | ASID, pm, lo0, lo1);
	GUEST_ASSERT_EQ(tlb_probe((VA_BASE + (100ULL << 20)) | ASID), IDX);
	poke(GPA_TO_VA(0x100), 0x6464646464646464ULL);
	GUEST_ASSERT_EQ(peek(VA_BASE + 0x100), 0x6464646464646464ULL);
	poke(VA_BASE + 0x108, 0x4646);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(0x108)), 0x4646);
	poke(GPA_TO_VA(EVEN_GPA + 0x40), 0x16161616);
	GUEST_ASSERT_EQ(peek(VA_BASE + EVEN_GPA + 0x40), 0x16161616);
	poke(GPA_TO_VA(mem - 8), 0xe0e0e0e0);
	GUEST_ASSERT_EQ(peek(VA_BASE + mem - 8), 0xe0e0e0e0);
	expect_dbe_load(VA_BASE + (64ULL << 20));
	expect_dbe_store(VA_BASE + (64ULL << 20) + 0x4000);
	expect_refill(VA_BASE + (128ULL << 20));

	/* 256 MiB: the even page starts in RAM and runs far beyond it. */
	guest_printf("arch_tlb_pagesize: 256 MiB pages\n");
	pm = PM(256ULL << 20);
	GUEST_ASSERT_EQ(pm, 0x1fffe000);
	lo0 = ELO(0, ELO_D | ELO_V);
	lo1 = ELO(256ULL << 20, ELO_D | ELO_V);
	tlb_write_index(IDX, VA_BASE | ASID, pm, lo0, lo1);
	check_entry(VA_BASE | ASID, pm, lo0, lo1);
	GUEST_ASSERT_EQ(tlb_probe((VA_BASE + (500ULL << 20)) | ASID), IDX);
	GUEST_ASSERT(tlb_probe((VA_BASE + (512ULL << 20)) | ASID) & INDEX_P);
	poke(GPA_TO_VA(0x100), 0x2562562562ULL);
	GUEST_ASSERT_EQ(peek(VA_BASE + 0x100), 0x2562562562ULL);
	poke(VA_BASE + 0x108, 0x652);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(0x108)), 0x652);
	poke(GPA_TO_VA(ODD_GPA + 0x40), 0x32323232);
	GUEST_ASSERT_EQ(peek(VA_BASE + ODD_GPA + 0x40), 0x32323232);
	GUEST_ASSERT_EQ(peek(VA_BASE + mem - 8), 0xe0e0e0e0);
	expect_dbe_load(VA_BASE + mem);
	expect_dbe_load(VA_BASE + (128ULL << 20));
	expect_dbe_store(VA_BASE + (256ULL << 20) - 8);
	expect_dbe_load(VA_BASE + (256ULL << 20));
	expect_dbe_store(VA_BASE + (300ULL << 20));
	expect_refill(VA_BASE + (512ULL << 20));

	/* Back to 16 KiB: nothing of the 256 MiB pair may remain. */
	guest_printf("arch_tlb_pagesize: back to 16 KiB pages\n");
	v = 0x1616161616161616ULL;
	poke(GPA_TO_VA(EVEN_GPA + 0x3ff8), v);
	poke(GPA_TO_VA(ODD_GPA), ~v);
	lo0 = ELO(EVEN_GPA, ELO_V);
	lo1 = ELO(ODD_GPA, ELO_V);
	tlb_write_index(IDX, VA_BASE | ASID, DISCO_PAGEMASK_MIN, lo0, lo1);
	check_entry(VA_BASE | ASID, DISCO_PAGEMASK_MIN, lo0, lo1);
	GUEST_ASSERT_EQ(peek(VA_BASE + 0x3ff8), v);
	GUEST_ASSERT_EQ(peek(VA_BASE + 0x4000), ~v);
	/* VA_BASE + 0x100 was GPA 0x100 under the 256 MiB page. */
	poke(GPA_TO_VA(EVEN_GPA + 0x100), 0x1600);
	GUEST_ASSERT_EQ(peek(VA_BASE + 0x100), 0x1600);
	expect_refill(VA_BASE + 0x8000);
	expect_refill(VA_BASE + ODD_GPA + 0x40);
	expect_refill(VA_BASE + mem - 8);

	guest_printf("arch_tlb_pagesize: all page sizes map as architected\n");
	return 0;
}
