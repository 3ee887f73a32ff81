// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: Status.BEV = 1, then an exception.  The model has no boot ROM:
 * the vCPU stops with DISCO_EXIT_FAULT / DISCO_FAULT_BEV.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	install_vectors();
	write_c0(C0_STATUS, read_c0(C0_STATUS) | ST_BEV);
	asm volatile(NOSLOT("syscall"));
	GUEST_FAIL("the exception with BEV set returned");
	return 1;
}
