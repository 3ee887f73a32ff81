// SPDX-License-Identifier: GPL-2.0
/*
 * Status.ERL = 1 turns the low 2 GiB of the user segment (useg, addresses
 * 0 .. 2^31 - 1) into an unmapped, uncached window onto physical memory:
 * virtual address x is physical address x, no TLB lookup, no refill (the
 * MIPS64 PRA gives cache-error handlers this; so does the R4000).  With
 * ERL = 0 the same address goes through the TLB again.  For the guest,
 * physical means guest-physical.
 */
#include "arch.h"

#define GPA		0x00400100ULL	/* inside 8 MiB of RAM */
#define OTHER_GPA	0x00500100ULL

/*
 * Any exception while ERL = 1 is the failure: report it at once (the
 * handler's own eret would go to ErrorEPC, not EPC, with ERL set).
 */
static void erl_fault(struct ex_frame *f)
{
	if (f->status & ST_ERL)
		GUEST_FAIL("exception %u at epc 0x%llx badvaddr 0x%llx with ERL=1: useg must be unmapped",
			   frame_exccode(f), f->epc, f->badvaddr);
	recorder(f);
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS) & ~(ST_IE | ST_EXL | ST_ERL);
	u64 v;

	install_handler(EXC_TLBL, erl_fault);
	install_handler(EXC_TLBS, erl_fault);
	poke(GPA_TO_VA(GPA), 0xe71e71e7ULL);
	poke(GPA_TO_VA(OTHER_GPA), 0x07e407e4ULL);
	set_asid(2);

	/* ERL = 0: unmapped, so a refill. */
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(GPA, 0x99), 0x99);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);

	/* ERL = 1: GPA itself, no exception. */
	rec_reset(RESUME_SKIP);
	write_c0(C0_STATUS, status | ST_ERL);
	v = probe_load(GPA, 0x99);
	probe_store(GPA + 8, 0x5708e);
	write_c0(C0_STATUS, status);
	EXPECT_NONE();
	GUEST_ASSERT_EQ(v, 0xe71e71e7ULL);
	GUEST_ASSERT_EQ(peek(GPA_TO_VA(GPA + 8)), 0x5708e);

	/* Even with a TLB entry for it, ERL = 1 bypasses the TLB. */
	tlb_write_index(0, (GPA & ~0x7fffULL) | 2, DISCO_PAGEMASK_MIN,
			ELO(OTHER_GPA & ~0x3fffULL, ELO_V), 0);
	GUEST_ASSERT_EQ(peek(GPA), 0x07e407e4ULL);	/* ERL = 0: mapped */
	write_c0(C0_STATUS, status | ST_ERL);
	v = probe_load(GPA, 0x99);
	write_c0(C0_STATUS, status);
	EXPECT_NONE();
	GUEST_ASSERT_EQ(v, 0xe71e71e7ULL);
	GUEST_ASSERT_EQ(peek(GPA), 0x07e407e4ULL);

	guest_printf("arch_erl_useg: ERL=1 makes useg unmapped\n");
	return 0;
}
