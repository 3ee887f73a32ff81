// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: DISCO_MC_WRITE with pointers outside the direct window (host
 * segments, csseg where disco.ko lives, xuseg even when the guest TLB maps
 * it), beyond guest RAM, straddling its end, at the window's top and
 * wrapping around: -EFAULT.  Byte buffers need no alignment: misaligned
 * pointers inside RAM are fine.
 */
#include "mal.h"

int guest_main(u64 csseg_addr)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	const struct {
		u64 va, len;
	} bad[] = {
		{ 0xffffffff80000000ULL, 8 }, { 0xffffffffa0000000ULL, 8 },
		{ 0x9800000000000000ULL, 8 }, { 0xc000000000000000ULL, 8 },
		{ csseg_addr, 16 }, { 0xffffffffc0000000ULL, 1 }, { 0, 1 },
		{ MAL_VA, 8 },				/* mapped by the guest TLB */
		{ GPA_TO_VA(mem), 1 }, { GPA_TO_VA(mem) + 4096, 100 },
		{ GPA_TO_VA(mem - 1), 2 }, { GPA_TO_VA(mem - 4095), 4096 },
		{ DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE - 1, 1 },
		{ DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE, 8 },
		{ DISCO_XSSEG_BASE - 1, 2 }, { ~0ULL, 2 }, { ~0ULL - 4094, 4096 },
	};
	unsigned int i;
	long r;

	tlb_set(0, MAL_VA, mk_lo(0, LO_RAM), mk_lo(DISCO_PAGE_SIZE, LO_RAM), PM_16K);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r = hypcall(DISCO_MC_WRITE, bad[i].va, bad[i].len);
		if (r != -EFAULT)
			guest_printf("mal_mc_badptr: write(%llx, %llu) = %ld\n",
				     bad[i].va, bad[i].len, r);
		GUEST_ASSERT_EQ(r, -EFAULT);
	}
	/* The last bytes of RAM and misaligned buffers are fine. */
	win_sd(mem - 8, 0x0a2e2e2e2e2e2e2eULL);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, GPA_TO_VA(mem - 1), 1), 1);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, GPA_TO_VA(mem - 7), 7), 7);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, (u64)"xmisaligned\n" + 1, 11), 11);
	guest_printf("mal_mc_badptr: refused\n");
	return 0;
}
