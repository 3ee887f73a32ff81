// SPDX-License-Identifier: GPL-2.0
/*
 * N monitor calls: DISCO_MC_INFO(DISCO_INFO_VCPU_ID), the cheapest call
 * (one trap, one table lookup, back).
 */
#include "guest.h"

int guest_main(u64 n)
{
	u64 i, sum = 0;

	for (i = 0; i < n; i++)
		sum += disco_info(DISCO_INFO_VCPU_ID);
	return sum != 0;	/* vCPU 0: exit 0 */
}
