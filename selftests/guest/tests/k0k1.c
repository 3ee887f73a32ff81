// SPDX-License-Identifier: GPL-2.0
/*
 * k0/k1 belong to the guest: its own exception handlers use them, so they
 * must survive every exit to the monitor — an emulated mfc0, a host TLB
 * fill, and host interrupts that land in the middle of guest code (the
 * 3A1000 has no KScratch; the monitor parks k0 in ErrorEPC).
 */
#include "guest.h"

#define ROUNDS		400
#define SPIN		50000		/* guest instructions between traps */
#define PAGES		64

static u64 pages[PAGES][DISCO_PAGE_SIZE / 8] __attribute__((aligned(16384)));

static u64 one_round(u64 a, u64 b, u64 *page)
{
	u64 bad;

	asm volatile(".set push\n\t.set noat\n\t.set noreorder\n\t"
		     "move	$26, %[a]\n\t"
		     "move	$27, %[b]\n\t"
		     "mfc0	$8, $12\n\t"		/* trap: emulated */
		     "ld	$8, 0(%[page])\n\t"	/* first touch: TLB fill */
		     "li	$9, %[spin]\n"
		     "1:	bnez	$9, 1b\n\t"	/* host interrupts land here */
		     " daddiu	$9, $9, -1\n\t"
		     "xor	$8, $26, %[a]\n\t"
		     "xor	$9, $27, %[b]\n\t"
		     "or	%[bad], $8, $9\n\t"
		     ".set pop"
		     : [bad] "=r" (bad)
		     : [a] "r" (a), [b] "r" (b), [page] "r" (page),
		       [spin] "i" (SPIN)
		     : "$8", "$9", "$26", "$27", "memory");
	return bad;
}

int guest_main(u64 arg)
{
	u64 bad = 0;
	int i;

	for (i = 0; i < ROUNDS; i++)
		bad |= one_round(0x1111222233334444ULL ^ i,
				 0x5555666677778888ULL + i, pages[i % PAGES]);
	GUEST_ASSERT_EQ(bad, 0);
	guest_printf("k0k1: guest k0/k1 survived %d rounds of exits\n", ROUNDS);
	return 0;
}
