// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: self-modifying code.  The guest rewrites an instruction it has
 * just executed, writes the D-cache line back and invalidates the I-cache
 * line (Hit_Invalidate_I, which the monitor emulates on the machine
 * page), and must run the new instruction.  The rewritten instruction is
 * sometimes a trapping one (mfc0 PRId): the monitor must decode what is
 * in memory now, not what it saw before.
 */
#include "mal.h"

asm(".pushsection .text\n"
    ".set push\n.set noreorder\n"
    ".balign 64\n"
    ".globl smc_fn\n"
    "smc_fn:\n"
    "	ori $2, $0, 1\n"
    "	jr $31\n"
    "	nop\n"
    ".set pop\n.popsection\n");

u64 smc_fn(void);

#define ORI_V0(imm)	(0x34020000U | ((imm) & 0xffff))	/* ori v0, zero, imm */
#define MFC0_V0_PRID	0x40027800U				/* mfc0 v0, $15 */

static void patch(u32 insn)
{
	*(volatile u32 *)smc_fn = insn;
	cache_op(Hit_Writeback_Inv_D, smc_fn);
	cache_op(0x10, smc_fn);		/* Hit_Invalidate_I */
}

int guest_main(u64 arg)
{
	unsigned int i;

	GUEST_ASSERT_EQ(smc_fn(), 1);
	for (i = 2; i < 300; i++) {
		patch(ORI_V0(i));
		GUEST_ASSERT_EQ(smc_fn(), i);
		if (i % 50 == 0) {
			patch(MFC0_V0_PRID);
			GUEST_ASSERT_EQ(smc_fn(), DISCO_PRID);
		}
	}
	guest_printf("mal_smc: saw every new instruction\n");
	return 0;
}
