// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: EntryLo with the largest PFNs (PABITS 48) and with bits above
 * the PFN field set.  The high bits read back as zero; any access through
 * the entries is a bus error, never host memory.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	static const u64 pfns[] = {
		0xfffffffffULL,		/* the top 4 KiB frame of PABITS 48 */
		0x800000000ULL,		/* 2^47 */
		0x100000ULL,		/* 4 GiB */
		0x0f000ULL,		/* 0x0f000000: host low RAM on loongson3-virt */
		0x1fc00ULL,		/* 0x1fc00000: the boot ROM window */
	};
	unsigned int i;
	u64 lo;

	mal_catch_all();
	/* Bits 63:42 are not writable. */
	dwrite_c0(C0_ENTRYLO0, ~0ULL);
	lo = dread_c0(C0_ENTRYLO0);
	GUEST_ASSERT_EQ(lo, DISCO_ENTRYLO_WMASK);
	dwrite_c0(C0_ENTRYLO1, 0xffffffc000000000ULL | LO_RAM);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO1) & ~DISCO_ENTRYLO_WMASK, 0);

	for (i = 0; i < ARRAY_SIZE(pfns); i++) {
		u64 va = MAL_VA + i * 2 * DISCO_PAGE_SIZE;
		u64 lo = (pfns[i] << 6) | LO_RAM;

		guest_printf("mal_tlb_huge_pfn: pfn %llx\n", pfns[i]);
		tlb_set(i, va, lo, lo | (0x3fULL << 58), PM_16K);
		mal_probe_all(va, EXC_DBE, EXC_DBE, EXC_IBE);
		mal_probe_all(va + DISCO_PAGE_SIZE + 0x100, EXC_DBE, EXC_DBE, EXC_IBE);
	}
	return 0;
}
