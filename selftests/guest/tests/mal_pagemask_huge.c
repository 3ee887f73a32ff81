// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: large and malformed page sizes.  A 256 MiB page at xuseg 0 over
 * a small VM: addresses inside guest RAM read it, the rest are bus
 * errors; a PFN not aligned to the page size is truncated as the
 * architecture says; a non-contiguous PageMask gives the guest no more
 * than its own memory.
 */
#include "mal.h"

static int faults;

static void any_fault(struct ex_frame *f)
{
	unsigned int c = frame_exccode(f);

	GUEST_ASSERT(c == EXC_DBE || c == EXC_TLBL || c == EXC_TLBS || c == 1 ||
		     c == EXC_ADEL || c == EXC_ADES);
	faults++;
	skip_insn(f);
}

int guest_main(u64 arg)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	const u64 big = 256ULL << 20;
	u64 v;

	mal_catch_all();
	win_sd(0x2000, 0x2222);
	win_sd(0x8008, 0x8888);
	/* even: gpa 0 (256 MiB); odd: PFN 0x4000 bytes in, truncated to 0 */
	tlb_set(0, 0, mk_lo(0, LO_RAM), mk_lo(0x4000, LO_RAM), 0x1fffe000);
	GUEST_ASSERT_EQ(dread_c0(C0_PAGEMASK) & 0x1fffe000, 0x1fffe000);
	GUEST_ASSERT_EQ(probe_load(0x2000, 0), 0x2222);
	GUEST_ASSERT_EQ(probe_load(0x8008, 0), 0x8888);
	GUEST_ASSERT_EQ(probe_load(big + 0x2000, 0), 0x2222);
	mal_expect_none();
	probe_load(mem, 0);
	mal_expect(EXC_DBE, probe_load_insn);
	probe_load(big - 8, 0);
	mal_expect(EXC_DBE, probe_load_insn);
	probe_store(big + mem + 8, 0);
	mal_expect(EXC_DBE, probe_store_insn);
	GUEST_ASSERT_EQ(probe_jump(mem + 0x100000), 1);
	mal_expect(EXC_IBE, mem + 0x100000);

	/* Non-contiguous masks are UNDEFINED: no host effect is all we ask. */
	install_handler(EXC_DBE, any_fault);
	install_handler(EXC_TLBL, any_fault);
	install_handler(EXC_TLBS, any_fault);
	install_handler(EXC_ADEL, any_fault);
	install_handler(EXC_ADES, any_fault);
	install_handler(1, any_fault);
	tlb_set(0, 0, mk_lo(0, LO_RAM), mk_lo(0, LO_RAM), 0x10106000);
	v = probe_load(0x2000, 0);
	v += probe_load(0x100000, 0);
	v += probe_load(0x10000000, 0);
	probe_store(0x10000008, v);
	tlb_set(0, 0x40000000, mk_lo(mem - DISCO_PAGE_SIZE, LO_RAM),
		mk_lo(mem, LO_RAM), 0x0000a000 | DISCO_PAGEMASK_MIN);
	v = probe_load(0x40000000, 0);
	v += probe_load(0x4000c000, 0);
	probe_store(0x40008000, v);
	guest_printf("mal_pagemask_huge: %d faults for undefined masks\n", faults);
	return 0;
}
