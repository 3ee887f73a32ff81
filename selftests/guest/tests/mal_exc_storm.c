// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: an exception storm.  The address-error handler returns to the
 * faulting load, forever.  The host stops the VM after about a second
 * (DISCO_VM_STOP -> DISCO_EXIT_STOPPED) and checks it stayed healthy.
 */
#include "mal.h"

static volatile u64 storms;

static void again(struct ex_frame *f)
{
	storms++;	/* EPC unchanged: the load faults again */
}

int guest_main(u64 arg)
{
	install_handler(EXC_ADEL, again);
	guest_printf("mal_exc_storm: storming\n");
	probe_load(0xffffffff80000000ULL, 0);
	GUEST_FAIL("the storm ended");
	return 1;
}
