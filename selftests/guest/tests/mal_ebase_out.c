// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: EBase pointing past guest RAM, then an exception.  The vector
 * does not exist: the vCPU stops with DISCO_EXIT_FAULT /
 * DISCO_FAULT_VECTOR, and nothing is fetched from outside the VM.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);

	install_vectors();
	write_c0(C0_STATUS, read_c0(C0_STATUS) | ST_BEV);
	write_c0(C0_EBASE, 0x80000000U | (u32)mem);
	GUEST_ASSERT_EQ(read_c0(C0_EBASE), 0x80000000U | (u32)mem);
	write_c0(C0_STATUS, read_c0(C0_STATUS) & ~ST_BEV);
	asm volatile(NOSLOT("syscall"));
	GUEST_FAIL("the exception with EBase outside RAM returned");
	return 1;
}
