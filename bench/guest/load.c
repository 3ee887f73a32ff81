// SPDX-License-Identifier: GPL-2.0
/*
 * N loads from a buffer in the direct window of xsseg, 64 bytes apart,
 * wrapping over BUF_PAGES guest pages.  The direct window needs no guest
 * TLB entry, and every page is touched before the loop, so once the host
 * TLB holds its entries nothing here traps: this is native guest speed.
 */
#include "guest.h"

#define BUF_PAGES	4
#define BUF_WORDS	(BUF_PAGES * DISCO_PAGE_SIZE / sizeof(u64))
#define STRIDE_WORDS	8

static u64 buf[BUF_WORDS] __attribute__((aligned(DISCO_PAGE_SIZE)));

static u64 load(u64 word)
{
	return *(volatile u64 *)&buf[word % BUF_WORDS];
}

int guest_main(u64 n)
{
	u64 i, sum = 0;

	/* Setup, paid by the N = 0 run too: fill the host TLB. */
	for (i = 0; i < BUF_WORDS; i += DISCO_PAGE_SIZE / sizeof(u64))
		sum += load(i);
	for (i = 0; i < n; i++)
		sum += load(i * STRIDE_WORDS);
	return sum != 0;	/* buf is zeroed bss: exit 0 */
}
