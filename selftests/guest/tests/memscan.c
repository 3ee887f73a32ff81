// SPDX-License-Identifier: GPL-2.0
/*
 * Scans all guest RAM outside the image for the 64-bit pattern in a0:
 * exit code 1 if found (another VM's data leaked in), 0 if not.
 */
#include "guest.h"

static u64 scan(u64 start, u64 end, u64 pattern)
{
	volatile u64 *p;

	for (p = (u64 *)start; p < (u64 *)end; p++)
		if (*p == pattern)
			return (u64)p;
	return 0;
}

int guest_main(u64 pattern)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	u64 hit;

	hit = scan(DISCO_XSSEG_BASE, (u64)_image_start, pattern);
	if (!hit)
		hit = scan((u64)_image_end, GPA_TO_VA(mem), pattern);
	if (hit) {
		guest_printf("memscan: pattern %llx found at gpa %llx\n",
			     pattern, VA_TO_GPA(hit));
		return 1;
	}
	guest_printf("memscan: %llu MiB clean\n", mem >> 20);
	return 0;
}
