// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: DISCO_MC_ASSERT with its message pointer at disco.ko's own text
 * (csseg, a0 from the host).  The vCPU stops with DISCO_EXIT_ASSERT and
 * the given line, and the console says the message was not readable:
 * not a byte of host memory reaches it.
 */
#include "mal.h"

int guest_main(u64 csseg_addr)
{
	hypcall(DISCO_MC_ASSERT, csseg_addr, 4242);
	GUEST_FAIL("DISCO_MC_ASSERT returned");
	return 1;
}
