// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: mode confusion through Status.  KSU = 3 (reserved), KSU = user
 * with EXL or ERL set (kernel mode architecturally), and back.  Whatever
 * the guest believes its mode to be, host segments stay address errors
 * and the monitor serves its calls only in guest kernel mode.
 */
#include "mal.h"

int guest_main(u64 csseg_addr)
{
	u32 status = read_c0(C0_STATUS);
	u64 v;

	mal_catch_all();

	/* KSU = 3: not user mode for the model; the host is still out of reach. */
	write_c0(C0_STATUS, status | ST_KSU);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & ST_KSU, ST_KSU);
	GUEST_ASSERT_EQ(disco_info(DISCO_INFO_VCPU_ID), 0);
	v = probe_load(0xffffffff80000000ULL, MARKER);
	GUEST_ASSERT_EQ(v, MARKER);
	mal_expect(EXC_ADEL, probe_load_insn);
	v = probe_load(csseg_addr & ~7ULL, MARKER);
	GUEST_ASSERT_EQ(v, MARKER);
	mal_expect(EXC_ADEL, probe_load_insn);
	write_c0(C0_STATUS, status);

	/* KSU = user with EXL: kernel mode, monitor calls work. */
	write_c0(C0_STATUS, status | ST_KSU_USER | ST_EXL);
	GUEST_ASSERT_EQ(disco_info(DISCO_INFO_MEM_SIZE), disco_info(DISCO_INFO_MEM_SIZE));
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & (ST_KSU | ST_EXL), ST_KSU_USER | ST_EXL);
	write_c0(C0_STATUS, status);

	/* KSU = user with ERL: kernel mode too. */
	write_c0(C0_STATUS, status | ST_KSU_USER | ST_ERL);
	GUEST_ASSERT_EQ(disco_info(DISCO_INFO_NR_VCPUS), 1);
	write_c0(C0_STATUS, status);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status);

	guest_printf("mal_ksu_tricks: no mode confusion\n");
	return 0;
}
