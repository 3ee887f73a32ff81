// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: the guest TLB filled with duplicates.  The same VPN at every
 * index (tlbwi), again through tlbwr, and overlapping entries of
 * different page sizes; then the guest touches them.  Duplicates are
 * UNPREDICTABLE architecturally: the guest must see the contents of one
 * of the pages it mapped (or a TLB fault), and the host must never end up
 * with two matching host TLB entries (a machine check on real hardware).
 */
#include "mal.h"

static u64 page_gpa(unsigned int i)
{
	return MAL_SCRATCH_GPA + i * 2 * DISCO_PAGE_SIZE;
}

static int faults;

static void tlb_fault(struct ex_frame *f)
{
	faults++;
	skip_insn(f);
}

static bool one_of_ours(u64 v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v == (MARKER ^ i) || v == (MARKER ^ i ^ 0xff00))
			return true;
	return false;
}

int guest_main(u64 arg)
{
	unsigned int i, round;
	u64 v;

	install_handler(EXC_TLBL, tlb_fault);
	install_handler(EXC_TLBS, tlb_fault);
	install_handler(1, tlb_fault);
	for (i = 0; i < DISCO_GTLB_SIZE; i++) {
		win_sd(page_gpa(i), MARKER ^ i);
		win_sd(page_gpa(i) + DISCO_PAGE_SIZE, MARKER ^ i ^ 0xff00);
	}
	for (round = 0; round < 4; round++) {
		for (i = 0; i < DISCO_GTLB_SIZE; i++) {
			tlb_set(i, MAL_VA, mk_lo(page_gpa(i), LO_RAM),
				mk_lo(page_gpa(i) + DISCO_PAGE_SIZE, LO_RAM), PM_16K);
			v = probe_load(MAL_VA, 0);
			GUEST_ASSERT(faults || one_of_ours(v, DISCO_GTLB_SIZE));
			v = probe_load(MAL_VA + DISCO_PAGE_SIZE, 0);
			GUEST_ASSERT(faults || one_of_ours(v, DISCO_GTLB_SIZE));
			probe_store(MAL_VA + 8, i);
		}
		/* tlbp with 64 matches still names one entry. */
		dwrite_c0(C0_ENTRYHI, MAL_VA);
		tlbp();
		GUEST_ASSERT((read_c0(C0_INDEX) & 0x80000000U) == 0);
		GUEST_ASSERT(read_c0(C0_INDEX) < DISCO_GTLB_SIZE);

		/* The same through tlbwr, and with a larger page over it. */
		for (i = 0; i < 3 * DISCO_GTLB_SIZE; i++) {
			write_c0(C0_PAGEMASK, PM_16K);
			dwrite_c0(C0_ENTRYHI, MAL_VA);
			dwrite_c0(C0_ENTRYLO0, mk_lo(page_gpa(i % 8), LO_RAM));
			dwrite_c0(C0_ENTRYLO1, mk_lo(page_gpa(i % 8) + DISCO_PAGE_SIZE, LO_RAM));
			tlbwr();
		}
		tlb_set(round, MAL_VA & ~0xfffffULL, mk_lo(0, LO_RAM),
			mk_lo(1 << 20, LO_RAM), 0x001fe000 /* 1 MiB pages */);
		v = probe_load(MAL_VA, 0);
		v = probe_load(MAL_VA + DISCO_PAGE_SIZE, 0);
		probe_store(MAL_VA + 16, v);
	}
	guest_printf("mal_tlb_dup: %d TLB faults, no machine check\n", faults);
	return 0;
}
