// SPDX-License-Identifier: GPL-2.0
/*
 * The NUMA workloads of numabench, Disco's two shapes (§5.5):
 *
 *  engineering  each vCPU reads and writes its own slice of the region:
 *               data used by one node only (hot on a remote node when
 *               the VM's memory was placed elsewhere): pages should migrate
 *  raytrace     every vCPU reads the whole region (the scene) and writes
 *               only its own result page: read-shared data, which should
 *               be replicated
 *
 * a0 = pages | mode << 16 | vCPUs << 20 | rounds << 32.  One word in
 * every 1 KiB is touched, so a round costs a page's worth of TLB misses
 * per page once the region is larger than the host TLB reaches.
 */
#include "guest.h"

#define REGION_GPA	0x100000ULL
#define RESULT_GPA	0x80000ULL	/* a page per vCPU below the region */
#define STRIDE		1024

static volatile u64 *at(u64 gpa)
{
	return (volatile u64 *)GPA_TO_VA(gpa);
}

static u64 sweep(u64 first, u64 pages, bool write)
{
	u64 gpa, end = REGION_GPA + (first + pages) * DISCO_PAGE_SIZE, sum = 0;

	for (gpa = REGION_GPA + first * DISCO_PAGE_SIZE; gpa < end; gpa += STRIDE) {
		sum += *at(gpa);
		if (write)
			*at(gpa) = sum;
	}
	return sum;
}

static int work(u64 arg, u64 id)
{
	u64 pages = arg & 0xffff, mode = (arg >> 16) & 0xf;
	u64 nr = (arg >> 20) & 0xf ?: 1, rounds = arg >> 32, r, sum = 0;
	u64 slice = pages / nr;

	for (r = 0; r < rounds; r++) {
		if (mode == 0)
			sum += sweep(id * slice, slice, true);
		else
			sum += sweep(0, pages, false);
		*at(RESULT_GPA + id * DISCO_PAGE_SIZE) = sum;
	}
	return 0;
}

int guest_secondary(u64 arg, u64 id)
{
	return work(arg, id);
}

int guest_main(u64 arg)
{
	return work(arg, 0);
}
