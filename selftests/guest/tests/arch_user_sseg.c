// SPDX-License-Identifier: GPL-2.0
/*
 * Guest user mode may not touch supervisor space: a load, store or
 * instruction fetch at an xsseg address (the guest kernel's direct
 * window, or mapped xsseg above it, even with a valid TLB entry for it)
 * is an address error - AdEL for loads and fetches, AdES for stores -
 * through the general vector, EPC = the instruction (the target for a
 * fetch), BadVAddr = the address, Cause.BD = 0; never data and never a
 * TLB exception.  The same addresses work from guest kernel mode.
 */
#define ARCH_WANT_USER
#include "arch.h"

#define VA_MAPPED	(DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE + 0x10000000ULL)
#define DATA_GPA	0x00400000ULL

static u64 secret_gpa;

static void expect_user(const char *prog, u64 addr, unsigned int code,
			u64 epc)
{
	GUEST_ASSERT_EQ(user_run(prog, addr), code);
	GUEST_ASSERT_EQ(rec_count, 1);
	GUEST_ASSERT_EQ(rec.vector, 0x180);
	GUEST_ASSERT_EQ(rec.epc, epc);
	GUEST_ASSERT_EQ(rec.badvaddr, addr);
	GUEST_ASSERT_EQ(rec.cause & CAUSE_BD, 0);
	GUEST_ASSERT_EQ(rec.status & (ST_KSU | ST_EXL), ST_KSU_USER | ST_EXL);
	/* Nothing was loaded into $9. */
	GUEST_ASSERT_NE(rec.regs[9], 0x5ec2e75ec2e7ULL);
}

static void all_three(u64 addr)
{
	expect_user(u_load, addr, EXC_ADEL, uva(u_load));
	expect_user(u_store, addr, EXC_ADES, uva(u_store));
	expect_user(u_jump, addr, EXC_ADEL, addr);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(secret_gpa)), 0x5ec2e75ec2e7ULL);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(DATA_GPA)), 0x5ec2e75ec2e7ULL);
}

static u64 secret __attribute__((aligned(16)));

int guest_main(u64 arg)
{
	install_handler(EXC_ADEL, recorder);
	install_handler(EXC_ADES, recorder);
	install_handler(EXC_SYS, recorder);
	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_TLBS, recorder);

	secret = 0x5ec2e75ec2e7ULL;
	secret_gpa = VA_TO_GPA(&secret);
	poke(GPA_TO_VA(DATA_GPA), 0x5ec2e75ec2e7ULL);
	set_asid(6);
	map_user_code(0, false);
	/* A valid, global mapping of xsseg above the window. */
	tlb_write_index(1, VA_MAPPED | 6, DISCO_PAGEMASK_MIN,
			ELO(DATA_GPA, ELO_D | ELO_V | ELO_G),
			ELO(DATA_GPA + 0x4000, ELO_D | ELO_V | ELO_G));
	/* Guest kernel mode reaches both. */
	GUEST_ASSERT_EQ(peek((u64)&secret), 0x5ec2e75ec2e7ULL);
	GUEST_ASSERT_EQ(peek(VA_MAPPED), 0x5ec2e75ec2e7ULL);
	/* And user mode runs: the user program itself is fine. */
	GUEST_ASSERT_EQ(user_run(u_load, USER_VA), EXC_SYS);

	guest_printf("arch_user_sseg: the direct window\n");
	all_three((u64)&secret);
	all_three(DISCO_XSSEG_BASE);
	all_three(GPA_TO_VA(DATA_GPA));
	guest_printf("arch_user_sseg: mapped xsseg\n");
	all_three(VA_MAPPED);
	all_three(DISCO_XSSEG_BASE + (1ULL << DISCO_SEGBITS) - 0x4000);

	guest_printf("arch_user_sseg: user access to xsseg is an address error\n");
	return 0;
}
