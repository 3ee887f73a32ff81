// SPDX-License-Identifier: GPL-2.0
/*
 * N reads of CP0 Status: each mfc0 traps (Coprocessor Unusable in
 * supervisor mode) and the monitor emulates it and steps past it.
 */
#include "guest.h"

int guest_main(u64 n)
{
	u64 i, ksu = 0;

	for (i = 0; i < n; i++)
		ksu |= read_c0(C0_STATUS) & ST_KSU;
	return ksu != 0;	/* guest kernel mode: exit 0 */
}
