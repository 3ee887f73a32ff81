// SPDX-License-Identifier: GPL-2.0
/*
 * Status.UX enables the 64-bit user segment.  With UX = 0 only the 32-bit
 * compatibility useg (addresses below 2^31) exists, in kernel and in user
 * mode: a reference to xuseg beyond it is an address error (AdEL/AdES,
 * BadVAddr = the address, general vector), never a TLB refill - even with
 * a valid TLB entry mapping the address.  (MIPS64 PRA: UX/SX/KX enable
 * access to the 64-bit segments; the 32-bit useg is always there.)
 * With UX = 1 the same accesses go through the TLB.
 */
#define ARCH_WANT_USER
#include "arch.h"

#define VA_HIGH		0x0000000100000000ULL	/* first address above 4 GiB */
#define VA_HIGH2	0x0000001234568000ULL
#define DATA_GPA	0x00400000ULL

static void kernel_adel(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0x5e), 0x5e);
	EXPECT_EXC(EXC_ADEL, 0x180, probe_load_insn);
	GUEST_ASSERT_EQ(rec.badvaddr, va);

	rec_reset(RESUME_SKIP);
	probe_store(va, 0x5e);
	EXPECT_EXC(EXC_ADES, 0x180, probe_store_insn);
	GUEST_ASSERT_EQ(rec.badvaddr, va);
}

/* UX = 0: the user programs must stick to 32-bit operations. */
static void user_adel(u64 va)
{
	GUEST_ASSERT_EQ(user_run(u_load32, va), EXC_ADEL);
	GUEST_ASSERT_EQ(rec.vector, 0x180);
	GUEST_ASSERT_EQ(rec.epc, uva(u_load32));
	GUEST_ASSERT_EQ(rec.badvaddr, va);
	GUEST_ASSERT_EQ(user_run(u_store32, va), EXC_ADES);
	GUEST_ASSERT_EQ(rec.vector, 0x180);
	GUEST_ASSERT_EQ(rec.epc, uva(u_store32));
	GUEST_ASSERT_EQ(rec.badvaddr, va);
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS);

	install_handler(EXC_ADEL, recorder);
	install_handler(EXC_ADES, recorder);
	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_TLBS, recorder);
	install_handler(EXC_SYS, recorder);
	install_handler(EXC_RI, recorder);
	set_asid(9);
	map_user_code(0, false);

	/* A valid mapping of VA_HIGH: with UX = 1 it is just memory. */
	poke(GPA_TO_VA(DATA_GPA), 0x4141414141414141ULL);
	tlb_write_index(1, VA_HIGH | 9, DISCO_PAGEMASK_MIN,
			ELO(DATA_GPA, ELO_D | ELO_V), 0);
	GUEST_ASSERT_EQ(peek(VA_HIGH), 0x4141414141414141ULL);
	GUEST_ASSERT_EQ(user_run(u_load, VA_HIGH), EXC_SYS);
	GUEST_ASSERT_EQ(rec.regs[9], 0x4141414141414141ULL);

	/* Below 2^31 nothing changes with UX = 0 (32-bit useg). */
	write_c0(C0_STATUS, status & ~ST_UX);
	GUEST_ASSERT_EQ(user_run(u_load32, USER_VA), EXC_SYS);
	GUEST_ASSERT_EQ(rec.regs[9], (u64)(s64)*(s32 *)user_page);
	/* ... but a 64-bit operation in user mode is now reserved. */
	GUEST_ASSERT_EQ(user_run(u_load, USER_VA), EXC_RI);

	guest_printf("arch_seg_enable: UX=0, guest kernel mode\n");
	kernel_adel(VA_HIGH);
	kernel_adel(VA_HIGH2);
	kernel_adel(0x0000000080000000ULL);	/* just past 32-bit useg */
	guest_printf("arch_seg_enable: UX=0, guest user mode\n");
	user_adel(VA_HIGH);
	user_adel(VA_HIGH2);
	write_c0(C0_STATUS, status);

	/* And back: UX = 1 maps VA_HIGH again. */
	GUEST_ASSERT_EQ(peek(VA_HIGH), 0x4141414141414141ULL);

	guest_printf("arch_seg_enable: UX=0 makes xuseg an address error\n");
	return 0;
}
