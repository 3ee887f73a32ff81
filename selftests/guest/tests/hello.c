// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest guest: a greeting on the console and exit code 42.  Also
 * the README demo, so it only uses monitor calls (no CP0 access).
 */
#include "guest.h"

int guest_main(u64 arg)
{
	guest_printf("hello from a disco guest: vCPU %llu of %llu, %llu MiB of RAM\n",
		     disco_info(DISCO_INFO_VCPU_ID),
		     disco_info(DISCO_INFO_NR_VCPUS),
		     disco_info(DISCO_INFO_MEM_SIZE) >> 20);
	return 42;
}
