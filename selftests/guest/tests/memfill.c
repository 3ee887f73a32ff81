// SPDX-License-Identifier: GPL-2.0
/*
 * Fills all guest RAM outside the image with the 64-bit pattern in a0 (the
 * host test's pattern), for the VM isolation test.
 */
#include "guest.h"

static void fill(u64 start, u64 end, u64 pattern)
{
	volatile u64 *p;

	for (p = (u64 *)start; p < (u64 *)end; p++)
		*p = pattern;
}

int guest_main(u64 pattern)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);

	fill(DISCO_XSSEG_BASE, (u64)_image_start, pattern);
	fill((u64)_image_end, GPA_TO_VA(mem), pattern);
	guest_printf("memfill: %llu MiB filled with %llx\n", mem >> 20, pattern);
	return 0;
}
