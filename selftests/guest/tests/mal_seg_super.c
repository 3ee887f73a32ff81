// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: loads, stores and jumps from guest kernel (supervisor) mode to
 * every host segment and to their edges: kseg0/kseg1/kseg3, all eight
 * xkphys cache attributes, xkseg, csseg (disco.ko's text from a0), and
 * addresses beyond SEGBITS.  All are address errors with BadVAddr set.
 */
#include "mal.h"

int guest_main(u64 csseg_addr)
{
	const u64 adr[] = {
		0xffffffff80000000ULL, 0xffffffff9ffffff8ULL, 0xffffffffa0000000ULL,
		0xffffffffbffffff8ULL, 0xffffffffe0000000ULL, 0xfffffffffffffff8ULL,
		0x8000000000000000ULL, 0x8800000000000000ULL, 0x9000000000000000ULL,
		0x9800000000000000ULL, 0xa000000000000000ULL, 0xa800000000000000ULL,
		0xb000000000000000ULL, 0xb800000000000000ULL, 0x9800000000100000ULL,
		0xc000000000000000ULL, 0xc0000fffffffe000ULL, 0xffffffffc0000000ULL,
		0xffffffffdffffff8ULL, csseg_addr & ~7ULL,
		0x4001000000000000ULL,	/* xsseg beyond SEGBITS */
		0x0001000000000000ULL,	/* xuseg beyond SEGBITS */
		0x3ffffffffffffff8ULL,
	};
	unsigned int i;

	mal_catch_all();
	for (i = 0; i < ARRAY_SIZE(adr); i++) {
		guest_printf("mal_seg_super: %llx\n", adr[i]);
		mal_probe_all(adr[i], EXC_ADEL, EXC_ADES, EXC_ADEL);
		GUEST_ASSERT_EQ(mal_seen.badvaddr, adr[i]);
	}
	return 0;
}
