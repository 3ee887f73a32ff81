// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: monitor calls with numbers that do not exist, including ones
 * whose low 32 bits name a real call (the monitor must not truncate),
 * and DISCO_MC_INFO with bad keys: -EOPNOTSUPP and -EINVAL, the guest
 * goes on.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	static const u64 nums[] = {
		0, 9, 10, 31, 32, 255, 0xffffffffULL, ~0ULL, 1ULL << 63,
		(1ULL << 32) | DISCO_MC_EXIT, (1ULL << 32) | DISCO_MC_ASSERT,
		0xffffffff00000003ULL, -(u64)DISCO_MC_EXIT,
	};
	static const u64 keys[] = {
		0, 6, 7, ~0ULL, (1ULL << 32) | DISCO_INFO_MEM_SIZE, 1ULL << 63,
	};
	unsigned int i;
	long r;

	for (i = 0; i < ARRAY_SIZE(nums); i++) {
		r = hypcall(nums[i], 0x1234, 0x5678);
		GUEST_ASSERT_EQ(r, -EOPNOTSUPP);
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		r = hypcall(DISCO_MC_INFO, keys[i], 0);
		GUEST_ASSERT_EQ(r, -EINVAL);
	}
	guest_printf("mal_mc_badnum: refused\n");
	return 0;
}
