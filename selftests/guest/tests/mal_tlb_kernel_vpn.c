// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: guest TLB entries for addresses the guest may not map: csseg
 * (where the host's modules live, a0 = disco.ko's text), kseg0, xkseg
 * and xkphys-like EntryHi values, and the direct window itself.  Host
 * segments stay address errors whatever the guest TLB says, and the
 * direct window stays guest-physical.
 */
#include "mal.h"

int guest_main(u64 csseg_addr)
{
	const u64 vas[] = {
		csseg_addr & ~(2 * DISCO_PAGE_SIZE - 1), 0xffffffffc0000000ULL,
		0xffffffff80000000ULL, 0xffffffffa0000000ULL, 0xc000000000000000ULL,
		0x9800000000000000ULL,
	};
	u64 lo0 = mk_lo(MAL_SCRATCH_GPA, LO_RAM);
	u64 lo1 = mk_lo(MAL_SCRATCH_GPA + DISCO_PAGE_SIZE, LO_RAM);
	unsigned int i;

	mal_catch_all();
	win_sd(MAL_SCRATCH_GPA, MARKER);
	win_sd(MAL_SCRATCH_GPA + DISCO_PAGE_SIZE, MARKER);
	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		guest_printf("mal_tlb_kernel_vpn: %llx\n", vas[i]);
		tlb_set(i, vas[i], lo0, lo1, PM_16K);
		mal_probe_all(vas[i], EXC_ADEL, EXC_ADES, EXC_ADEL);
		mal_probe_all(vas[i] + DISCO_PAGE_SIZE, EXC_ADEL, EXC_ADES, EXC_ADEL);
	}
	/* An entry over the direct window does not redirect it. */
	win_sd(0x40000, 0x1111);
	tlb_set(10, DISCO_XSSEG_BASE + 0x40000, lo0, lo1, PM_16K);
	GUEST_ASSERT_EQ(probe_load(DISCO_XSSEG_BASE + 0x40000, 0), 0x1111);
	mal_expect_none();
	guest_printf("mal_tlb_kernel_vpn: host segments unmappable\n");
	return 0;
}
