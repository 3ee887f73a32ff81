// SPDX-License-Identifier: GPL-2.0
/*
 * Writes and checks words in many pages while the host moves those pages
 * between nodes (selftests/numa_test.c): a move that lost a write, or a
 * replica that differs, shows up as a wrong word.  Every vCPU runs this,
 * each with its own words in every page.
 */
#include "guest.h"

#define RESULTS		((volatile struct numa_results *)GPA_TO_VA(GUEST_RESULTS_GPA))
#define MAX_ROUNDS	(1ULL << 40)	/* the host's stop flag ends it */

static volatile u64 *word(u64 page, u64 vcpu, u64 k)
{
	return (volatile u64 *)GPA_TO_VA(NUMA_REGION_GPA + page * DISCO_PAGE_SIZE +
					 (vcpu * NUMA_WORDS + k) * 8);
}

static int writer(u64 pages, u64 vcpu)
{
	u64 round, p, k, want;

	for (round = 1; round <= MAX_ROUNDS && !RESULTS->stop; round++) {
		for (p = 0; p < pages; p++)
			for (k = 0; k < NUMA_WORDS; k++)
				*word(p, vcpu, k) = numa_word(round, vcpu, p, k);
		for (p = 0; p < pages; p++)
			for (k = 0; k < NUMA_WORDS; k++) {
				want = numa_word(round, vcpu, p, k);
				if (*word(p, vcpu, k) == want)
					continue;
				RESULTS->bad_gpa = VA_TO_GPA((u64)word(p, vcpu, k));
				RESULTS->bad_value = *word(p, vcpu, k);
				RESULTS->bad_expected = want;
				return 1;
			}
		RESULTS->rounds[vcpu] = round;
	}
	return 0;
}

int guest_secondary(u64 pages, u64 id)
{
	return writer(pages, id);
}

int guest_main(u64 pages)
{
	return writer(pages, 0);
}
