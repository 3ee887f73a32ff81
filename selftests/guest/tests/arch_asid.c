// SPDX-License-Identifier: GPL-2.0
/*
 * ASID isolation: one virtual address, two non-global entries under ASIDs
 * 1 and 2 pointing at different pages.  Which page a load or store
 * reaches is decided by EntryHi.ASID alone, in guest kernel mode and in
 * guest user mode, however often the guest switches; an ASID with no
 * entry refills.  The user code page is global, so every ASID runs it.
 */
#define ARCH_WANT_USER
#include "arch.h"

#define VA		0x0000000010000000ULL
#define GPA_A1		0x00400000ULL
#define GPA_A2		0x00500000ULL

static void expect_refill(u64 va)
{
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0x3c3c), 0x3c3c);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);
	GUEST_ASSERT_EQ(rec.badvaddr, va);
}

static u64 user_load(u64 va)
{
	GUEST_ASSERT_EQ(user_run(u_load, va), EXC_SYS);
	GUEST_ASSERT_EQ(rec_count, 1);
	return rec.regs[9];
}

int guest_main(u64 arg)
{
	u64 a1 = GPA_TO_VA(GPA_A1), a2 = GPA_TO_VA(GPA_A2);
	unsigned int i;

	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_TLBS, recorder);
	install_handler(EXC_SYS, recorder);
	poke(a1, 0xa1a1a1a1);
	poke(a2, 0xa2a2a2a2);
	poke(a1 + 8, 0);
	poke(a2 + 8, 0);

	set_asid(1);
	map_user_code(0, true);
	tlb_write_index(1, VA | 1, DISCO_PAGEMASK_MIN,
			ELO(GPA_A1, ELO_D | ELO_V), 0);
	tlb_write_index(2, VA | 2, DISCO_PAGEMASK_MIN,
			ELO(GPA_A2, ELO_D | ELO_V), 0);
	GUEST_ASSERT_EQ(tlb_probe(VA | 1), 1);
	GUEST_ASSERT_EQ(tlb_probe(VA | 2), 2);
	GUEST_ASSERT(tlb_probe(VA | 3) & INDEX_P);

	guest_printf("arch_asid: guest kernel mode\n");
	for (i = 0; i < 4; i++) {
		set_asid(1);
		GUEST_ASSERT_EQ(peek(VA), 0xa1a1a1a1);
		set_asid(2);
		GUEST_ASSERT_EQ(peek(VA), 0xa2a2a2a2);
	}
	set_asid(2);
	poke(VA + 8, 0x2222);
	set_asid(1);
	poke(VA + 8, 0x1111);
	GUEST_ASSERT_EQ(peek(a1 + 8), 0x1111);
	GUEST_ASSERT_EQ(peek(a2 + 8), 0x2222);
	set_asid(3);
	expect_refill(VA);
	GUEST_ASSERT_EQ(rec_entryhi, VA | 3);
	set_asid(0);
	expect_refill(VA);

	guest_printf("arch_asid: guest user mode\n");
	for (i = 0; i < 4; i++) {
		set_asid(1);
		GUEST_ASSERT_EQ(user_load(VA), 0xa1a1a1a1);
		set_asid(2);
		GUEST_ASSERT_EQ(user_load(VA), 0xa2a2a2a2);
	}
	set_asid(2);
	GUEST_ASSERT_EQ(user_run(u_store, VA + 16), EXC_SYS);
	GUEST_ASSERT_EQ(peek(a2 + 16), VA + 16);
	GUEST_ASSERT_EQ(peek(a1 + 16), 0);
	set_asid(3);
	GUEST_ASSERT_EQ(user_run(u_load, VA), EXC_TLBL);
	GUEST_ASSERT_EQ(rec.vector, 0x080);
	GUEST_ASSERT_EQ(rec.epc, uva(u_load));
	GUEST_ASSERT_EQ(rec.badvaddr, VA);
	GUEST_ASSERT_EQ(rec_entryhi, VA | 3);

	/* Retargeting ASID 1's entry is seen by ASID 1 only. */
	set_asid(1);
	tlb_write_index(1, VA | 1, DISCO_PAGEMASK_MIN,
			ELO(GPA_A2, ELO_D | ELO_V), 0);
	GUEST_ASSERT_EQ(peek(VA), 0xa2a2a2a2);
	GUEST_ASSERT_EQ(user_load(VA), 0xa2a2a2a2);
	set_asid(2);
	tlb_write_index(2, VA | 2, DISCO_PAGEMASK_MIN,
			ELO(GPA_A1, ELO_D | ELO_V), 0);
	GUEST_ASSERT_EQ(peek(VA), 0xa1a1a1a1);
	GUEST_ASSERT_EQ(user_load(VA), 0xa1a1a1a1);
	set_asid(1);
	GUEST_ASSERT_EQ(peek(VA), 0xa2a2a2a2);

	guest_printf("arch_asid: each ASID sees its own page\n");
	return 0;
}
