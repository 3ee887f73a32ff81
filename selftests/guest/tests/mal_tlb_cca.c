// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: guest TLB entries with every cache attribute (C = 0..7:
 * uncached, cacheable, uncached accelerated, reserved values).  The host
 * maps guest pages with its own attribute: the guest sees one coherent
 * memory through all of them and through the direct window.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	unsigned int c, i;

	mal_catch_all();
	for (c = 0; c < 8; c++) {
		u64 va = MAL_VA + c * 2 * DISCO_PAGE_SIZE;
		u64 gpa = MAL_SCRATCH_GPA + c * 2 * DISCO_PAGE_SIZE;
		u64 fl = LO_C(c) | LO_D | LO_V | LO_G;

		tlb_set(c, va, mk_lo(gpa, fl), mk_lo(gpa + DISCO_PAGE_SIZE, fl), PM_16K);
		for (i = 0; i < 64; i++) {
			win_sd(gpa + i * 8, MARKER ^ (c << 8 | i));
			GUEST_ASSERT_EQ(probe_load(va + i * 8, 0), MARKER ^ (c << 8 | i));
			probe_store(va + DISCO_PAGE_SIZE + i * 8, c * 1000 + i);
			GUEST_ASSERT_EQ(win_ld(gpa + DISCO_PAGE_SIZE + i * 8), c * 1000 + i);
		}
		mal_expect_none();
	}
	guest_printf("mal_tlb_cca: coherent under every attribute\n");
	return 0;
}
