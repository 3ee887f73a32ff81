// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: guest TLB entries whose PFN lies just past guest RAM (and one
 * straddling the end).  A load or store through them is a data bus error
 * (DBE), a fetch an instruction bus error (IBE); the last page of RAM
 * mapped the same way still works.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	u64 last = mem - DISCO_PAGE_SIZE;

	mal_catch_all();
	win_sd(last + 8, MARKER);
	/* even page: the last page of RAM; odd page: the first one beyond */
	tlb_set(0, MAL_VA, mk_lo(last, LO_RAM), mk_lo(mem, LO_RAM), PM_16K);

	GUEST_ASSERT_EQ(probe_load(MAL_VA + 8, 0), MARKER);
	mal_expect_none();
	mal_probe_all(MAL_VA + DISCO_PAGE_SIZE, EXC_DBE, EXC_DBE, EXC_IBE);
	mal_probe_all(MAL_VA + 2 * DISCO_PAGE_SIZE - 8, EXC_DBE, EXC_DBE, EXC_IBE);

	/* Far beyond: 1 GiB and 4 GiB past the end. */
	tlb_set(1, MAL_VA + 4 * DISCO_PAGE_SIZE, mk_lo(mem + (1ULL << 30), LO_RAM),
		mk_lo(mem + (4ULL << 30), LO_RAM), PM_16K);
	mal_probe_all(MAL_VA + 4 * DISCO_PAGE_SIZE, EXC_DBE, EXC_DBE, EXC_IBE);
	mal_probe_all(MAL_VA + 5 * DISCO_PAGE_SIZE, EXC_DBE, EXC_DBE, EXC_IBE);
	guest_printf("mal_tlb_beyond_ram: bus errors only\n");
	return 0;
}
