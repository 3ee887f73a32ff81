// SPDX-License-Identifier: GPL-2.0
/*
 * The four TLB instructions as the MIPS64 privileged architecture defines
 * them: tlbwi writes entry Index from EntryHi/EntryLo0/EntryLo1/PageMask
 * (G = EntryLo0.G AND EntryLo1.G), tlbr reads it back (G in both EntryLo),
 * tlbp sets Index to the matching entry or Index.P on a miss (ASID
 * compared unless the entry is global, VPN2 under the entry's mask, R
 * compared), tlbwr writes entry Random.
 */
#include "arch.h"

#define VA		0x0000123456780000ULL	/* xuseg, 32 KiB aligned */
#define VA_1M		0x0000123400000000ULL	/* 2 MiB aligned */
#define GPA_A		0x00400000ULL
#define GPA_B		0x00408000ULL

static void check_entry(unsigned int idx, u64 hi, u64 pm, u64 lo0, u64 lo1)
{
	struct tlb_ent e;

	/* Clobber the registers tlbr must load. */
	tlb_load_regs(0x5a, DISCO_PAGEMASK_MIN, 0, 0);
	tlb_read_index(idx, &e);
	GUEST_ASSERT_EQ(e.hi, hi);
	GUEST_ASSERT_EQ(e.pm, pm);
	GUEST_ASSERT_EQ(e.lo0, lo0);
	GUEST_ASSERT_EQ(e.lo1, lo1);
}

int guest_main(u64 arg)
{
	u64 lo0 = ELO(GPA_A, ELO_D | ELO_V), lo1 = ELO(GPA_B, ELO_V);
	u64 hi, pm;
	unsigned int i;
	u32 idx;

	/* EntryLo: PFN (PABITS 48: bits 41:6), C, D, V, G; bits 63:42 read 0. */
	dwrite_c0(C0_ENTRYLO0, 0xfffffc0000000000ULL | lo0);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), lo0);
	dwrite_c0(C0_ENTRYLO1, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO1), 0x000003ffffffffffULL);

	/* tlbwi/tlbr: a plain 16 KiB pair, ASID 0x37. */
	hi = VA | 0x37;
	tlb_write_index(12, hi, DISCO_PAGEMASK_MIN, lo0, lo1);
	check_entry(12, hi, DISCO_PAGEMASK_MIN, lo0, lo1);
	/* Index and Random are not touched by tlbwi/tlbr. */
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), 12);

	/* tlbp: even VA, odd VA, a VA inside the odd page all hit index 12. */
	GUEST_ASSERT_EQ(tlb_probe(VA | 0x37), 12);
	GUEST_ASSERT_EQ(tlb_probe((VA + 0x4000) | 0x37), 12);
	GUEST_ASSERT_EQ(tlb_probe((VA + 0x7000) | 0x37), 12);
	/* Another ASID, the next pair, another R (xsseg) all miss: P set. */
	GUEST_ASSERT(tlb_probe(VA | 0x38) & INDEX_P);
	GUEST_ASSERT(tlb_probe((VA + 0x8000) | 0x37) & INDEX_P);
	GUEST_ASSERT(tlb_probe((VA | 0x4000000000000000ULL) | 0x37) & INDEX_P);
	/* A hit clears P. */
	GUEST_ASSERT_EQ(tlb_probe(VA | 0x37), 12);

	/* G only in EntryLo0: the entry is not global, tlbr shows G = 0. */
	tlb_write_index(13, VA + 0x10000, DISCO_PAGEMASK_MIN, lo0 | ELO_G, lo1);
	check_entry(13, VA + 0x10000, DISCO_PAGEMASK_MIN, lo0, lo1);
	GUEST_ASSERT(tlb_probe((VA + 0x10000) | 0x99) & INDEX_P);
	tlb_write_index(13, VA + 0x10000, DISCO_PAGEMASK_MIN, lo0, lo1 | ELO_G);
	check_entry(13, VA + 0x10000, DISCO_PAGEMASK_MIN, lo0, lo1);
	GUEST_ASSERT(tlb_probe((VA + 0x10000) | 0x99) & INDEX_P);
	/* G in both: global, tlbr shows G in both, any ASID probes it. */
	tlb_write_index(13, (VA + 0x10000) | 0x11, DISCO_PAGEMASK_MIN,
			lo0 | ELO_G, lo1 | ELO_G);
	check_entry(13, (VA + 0x10000) | 0x11, DISCO_PAGEMASK_MIN,
		    lo0 | ELO_G, lo1 | ELO_G);
	GUEST_ASSERT_EQ(tlb_probe((VA + 0x10000) | 0x99), 13);
	GUEST_ASSERT_EQ(tlb_probe((VA + 0x14000) | 0x00), 13);

	/*
	 * A 1 MiB pair written with VPN2 bits inside the mask set: the entry
	 * matches the whole 2 MiB; tlbr "may" return those VPN2 bits as zero
	 * (the model clears them: gtlb.c), the PFNs as written.
	 */
	pm = PM(1 << 20);
	tlb_write_index(20, (VA_1M + 0x00100000 + 0x8000) | 0x37, pm,
			ELO(0x01000000, ELO_V), ELO(0x01100000, ELO_V));
	check_entry(20, VA_1M | 0x37, pm, ELO(0x01000000, ELO_V),
		    ELO(0x01100000, ELO_V));
	GUEST_ASSERT_EQ(tlb_probe(VA_1M | 0x37), 20);
	GUEST_ASSERT_EQ(tlb_probe((VA_1M + 0x1fc000) | 0x37), 20);
	GUEST_ASSERT_EQ(tlb_probe((VA_1M + 0x100000) | 0x37), 20);
	GUEST_ASSERT(tlb_probe((VA_1M + 0x200000) | 0x37) & INDEX_P);
	GUEST_ASSERT(tlb_probe((VA_1M - 0x4000) | 0x37) & INDEX_P);
	GUEST_ASSERT_EQ(tlb_probe(VA | 0x37), 12);

	/* Index: only the index bits are writable; P is read-only. */
	write_c0(C0_INDEX, 0x80000000U | 5);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), 5);

	/*
	 * tlbwr: lands at some index in [Wired, 63], tlbr reads it back.
	 * Wired = 21 keeps entries 12, 13 and 20 out of its reach.
	 */
	write_c0(C0_WIRED, 21);
	for (i = 0; i < 3; i++) {
		u64 h = (VA + 0x01000000 + i * 0x8000) | 0x37;

		tlb_load_regs(h, DISCO_PAGEMASK_MIN, lo0, lo1);
		tlbwr();
		idx = tlb_probe(h);
		GUEST_ASSERT_EQ(idx & INDEX_P, 0);
		GUEST_ASSERT(idx >= 21 && idx < DISCO_GTLB_SIZE);
		check_entry(idx, h, DISCO_PAGEMASK_MIN, lo0, lo1);
	}

	/* tlbwi of an entry: the old contents no longer match. */
	tlb_write_index(12, (VA + 0x02000000) | 0x37, DISCO_PAGEMASK_MIN, lo0, lo1);
	GUEST_ASSERT(tlb_probe(VA | 0x37) & INDEX_P);
	GUEST_ASSERT_EQ(tlb_probe((VA + 0x02000000) | 0x37), 12);

	guest_printf("arch_tlb_insn: tlbwi/tlbr/tlbp/tlbwr as architected\n");
	return 0;
}
