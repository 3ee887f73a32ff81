// SPDX-License-Identifier: GPL-2.0
/*
 * An FP exception storm: FCSR is written with every exception enabled and
 * its Cause bits set, so each ctc1 raises FPE at once; the handler returns
 * to the same ctc1 a thousand times.  This drives the monitor's path for an
 * FCSR that cannot be written back (held in software, cfc1/ctc1 emulated)
 * while the FPU goes in and out of the CPU.  The guest must see FPE every
 * time, the exact FCSR it wrote, and the host nothing.
 */
#include "mal.h"

#define ST_FR		0x04000000U
#define EXC_FPE		15
#define STORM		1000
#define FCSR_ALL_EN	0x00000f80U	/* V Z O U I enabled */
#define FCSR_CAUSE_Z	0x00008000U
#define FCSR_TRAP	(FCSR_ALL_EN | FCSR_CAUSE_Z)

static volatile int fpes;

static u32 read_fcsr(void)
{
	u32 v;

	asm volatile(".set push\n.set hardfloat\ncfc1 %0, $31\n.set pop" : "=r" (v));
	return v;
}

static void fpe(struct ex_frame *f)
{
	GUEST_ASSERT_EQ(read_fcsr() & FCSR_TRAP, FCSR_TRAP);
	if (++fpes == STORM)
		skip_insn(f);	/* enough: step past the ctc1 */
	/* otherwise return to the ctc1, which traps again */
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS);

	install_handler(EXC_FPE, fpe);
	write_c0(C0_STATUS, status | ST_CU1 | ST_FR);
	asm volatile(".set push\n.set hardfloat\n.set noreorder\n"
		     "ctc1 %0, $31\n nop\n.set pop"
		     : : "r" (FCSR_TRAP) : "memory");
	GUEST_ASSERT_EQ(fpes, STORM);
	asm volatile(".set push\n.set hardfloat\nctc1 $0, $31\n.set pop");
	GUEST_ASSERT_EQ(read_fcsr(), 0);
	guest_printf("mal_fcsr_storm: %d FP exceptions, FCSR exact\n", fpes);
	return 0;
}
