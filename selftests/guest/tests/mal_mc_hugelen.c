// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: DISCO_MC_WRITE with lengths over its 4096-byte limit, including
 * ones whose low 32 bits are small (the monitor must not truncate) and
 * ones that wrap the address space: -EINVAL.  4096 and 0 are fine.
 */
#include "mal.h"

static char buf[4096];

int guest_main(u64 arg)
{
	static const u64 lens[] = {
		4097, 8192, 1ULL << 32, (1ULL << 32) | 1, 1ULL << 63, ~0ULL,
		-4096ULL, 0x100000000000ULL,
	};
	unsigned int i;

	memset(buf, '.', sizeof(buf));
	buf[sizeof(buf) - 1] = '\n';
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, (u64)buf, lens[i]), -EINVAL);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, (u64)buf, 4096), 4096);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_WRITE, (u64)buf, 0), 0);
	guest_printf("mal_mc_hugelen: refused\n");
	return 0;
}
