// SPDX-License-Identifier: GPL-2.0
/*
 * A direct-window page reached under two guest ASIDs while the host moves
 * it (selftests/numa_test.c): the first access, under ASID 1, is resolved
 * by the monitor; under ASID 2 the refill vector finds the window's global
 * L2TLB entry and maps the page without the monitor.  After the host has
 * moved the page, a store under ASID 2 must reach the new page.
 * a0 = the page's guest-physical address.
 */
#include "guest.h"

#define RES	((volatile u64 *)GPA_TO_VA(GUEST_RESULTS_GPA))

int guest_main(u64 gpa)
{
	volatile u64 *p = (volatile u64 *)GPA_TO_VA(gpa);

	dwrite_c0(C0_ENTRYHI, 1);
	p[0] = 0x1111;
	dwrite_c0(C0_ENTRYHI, 2);
	p[1] = 0x2222;
	RES[0] = 1;			/* ready: the host moves the page */
	while (!RES[1])
		;
	p[2] = 0x5555;			/* still ASID 2 */
	dwrite_c0(C0_ENTRYHI, 1);
	p[3] = 0x6666;
	return 0;
}
