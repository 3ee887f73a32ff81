// SPDX-License-Identifier: GPL-2.0
/* Never exits: for DISCO_VM_STOP, DISCO_DESTROY_VM and signal tests. */
#include "guest.h"

int guest_main(u64 arg)
{
	volatile u64 n = 0;

	guest_printf("spin: spinning\n");
	for (;;)
		n++;
	return 0;
}
