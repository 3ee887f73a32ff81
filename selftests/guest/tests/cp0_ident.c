// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the identification registers and leaves them at GUEST_RESULTS_GPA
 * for the host test, which compares them with DISCO_VM_GET_REGS and the
 * model's constants.  Reads only: no CP0 write happens before them.
 */
#include "guest.h"

int guest_main(u64 arg)
{
	volatile struct cp0_ident_results *r =
		(void *)GPA_TO_VA(GUEST_RESULTS_GPA);

	r->prid = read_c0(C0_PRID);
	r->ebase = read_c0(C0_EBASE);
	r->config[0] = read_c0(C0_CONFIG0);
	r->config[1] = read_c0(C0_CONFIG1);
	r->config[2] = read_c0(C0_CONFIG2);
	r->config[3] = read_c0(C0_CONFIG3);
	r->status = read_c0(C0_STATUS);
	r->pagemask = read_c0(C0_PAGEMASK);
	r->wired = read_c0(C0_WIRED);
	r->mem_size = disco_info(DISCO_INFO_MEM_SIZE);
	r->vcpu_id = disco_info(DISCO_INFO_VCPU_ID);
	r->nr_vcpus = disco_info(DISCO_INFO_NR_VCPUS);
	r->count_hz = disco_info(DISCO_INFO_COUNT_HZ);
	r->magic = CP0_IDENT_MAGIC;

	guest_printf("cp0_ident: PRId %llx Config0 %llx EBase %llx\n",
		     r->prid, r->config[0], r->ebase);
	return 0;
}
