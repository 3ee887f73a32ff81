// SPDX-License-Identifier: GPL-2.0
/*
 * Baseline: N iterations of an empty loop, nothing traps.  The loop is
 * written out so that one iteration is exactly 3 instructions: table.sh
 * uses this op to convert -icount time into instructions.
 */
#include "guest.h"

int guest_main(u64 n)
{
	if (n)
		asm volatile(NOSLOT("1:	daddiu	%0, %0, -1\n\t"
				    "bnez	%0, 1b\n\t"
				    " nop")
			     : "+r" (n));
	return 0;
}
