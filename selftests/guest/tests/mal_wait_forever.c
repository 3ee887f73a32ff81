// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: wait with every interrupt masked and the timer far away: the
 * vCPU sleeps in the monitor forever.  DISCO_VM_STOP must wake and end it.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	guest_printf("mal_wait_forever: waiting\n");
	di();
	write_c0(C0_STATUS, read_c0(C0_STATUS) & ~0xff00U);
	write_c0(C0_COMPARE, read_c0(C0_COUNT) - 1);
	for (;;)
		guest_wait();
	return 1;
}
