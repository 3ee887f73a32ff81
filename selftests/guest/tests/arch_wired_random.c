// SPDX-License-Identifier: GPL-2.0
/*
 * Wired and Random: writing Wired sets Random to the top entry (63);
 * Random always lies in [Wired, 63]; tlbwr writes entry Random and so
 * never an entry below Wired, which keep their contents (and keep mapping)
 * however many tlbwr follow.
 */
#include "arch.h"

#define TOP		(DISCO_GTLB_SIZE - 1)
#define VA_WIRED	0x0000000020000000ULL
#define VA_RANDOM	0x0000000040000000ULL
#define GPA_W		0x00400000ULL

static u64 wired_hi(unsigned int i)
{
	return (VA_WIRED + i * 0x8000ULL) | 4;
}

static u64 wired_lo(unsigned int i)
{
	return ELO(GPA_W + i * 0x8000ULL, ELO_V);
}

static void check_random(unsigned int wired)
{
	u32 r = read_c0(C0_RANDOM);

	GUEST_ASSERT(r >= wired && r <= TOP);
}

static void many_tlbwr(unsigned int wired, unsigned int n, u64 base)
{
	unsigned int i;
	u32 idx;

	for (i = 0; i < n; i++) {
		tlb_load_regs((base + i * 0x8000ULL) | 4, DISCO_PAGEMASK_MIN,
			      ELO(GPA_W, 0), 0);
		tlbwr();
		check_random(wired);
	}
	/* The last entries written are all at or above Wired. */
	for (i = n > TOP + 1 - wired ? n - (TOP + 1 - wired) : 0; i < n; i++) {
		idx = tlb_probe((base + i * 0x8000ULL) | 4);
		if (idx & INDEX_P) {
			/* overwritten by a later tlbwr; never the last one */
			GUEST_ASSERT(i != n - 1);
			continue;
		}
		GUEST_ASSERT(idx >= wired && idx <= TOP);
	}
}

int guest_main(u64 arg)
{
	struct tlb_ent e;
	unsigned int i;
	u32 idx;

	/* Reset: Wired = 0, Random in [0, 63]. */
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 0);
	check_random(0);
	write_c0(C0_WIRED, 0);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);

	/* Eight wired entries, each mapping its own page. */
	set_asid(4);
	for (i = 0; i < 8; i++) {
		poke(GPA_TO_VA(GPA_W + i * 0x8000ULL), 0x3131310000ULL + i);
		tlb_write_index(i, wired_hi(i), DISCO_PAGEMASK_MIN,
				wired_lo(i), 0);
	}
	write_c0(C0_WIRED, 8);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 8);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);

	guest_printf("arch_wired_random: 300 tlbwr with Wired = 8\n");
	many_tlbwr(8, 300, VA_RANDOM);
	for (i = 0; i < 8; i++) {
		tlb_read_index(i, &e);
		GUEST_ASSERT_EQ(e.hi, wired_hi(i));
		GUEST_ASSERT_EQ(e.lo0, wired_lo(i));
		GUEST_ASSERT_EQ(e.lo1, 0);
		GUEST_ASSERT_EQ(e.pm, DISCO_PAGEMASK_MIN);
		GUEST_ASSERT_EQ(peek(wired_hi(i) & ~0xffULL), 0x3131310000ULL + i);
	}

	/* Writing Wired again, even to the same value, resets Random. */
	tlb_load_regs((VA_RANDOM + 0x03000000) | 4, DISCO_PAGEMASK_MIN, 0, 0);
	tlbwr();
	write_c0(C0_WIRED, 8);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);

	/* Wired = 63: Random is 63 and stays there, tlbwr always hits 63. */
	guest_printf("arch_wired_random: Wired = 63\n");
	write_c0(C0_WIRED, TOP);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), TOP);
	for (i = 0; i < 5; i++) {
		u64 hi = (VA_RANDOM + 0x01000000 + i * 0x8000ULL) | 4;

		GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);
		tlb_load_regs(hi, DISCO_PAGEMASK_MIN, 0, 0);
		tlbwr();
		idx = tlb_probe(hi);
		GUEST_ASSERT_EQ(idx, TOP);
	}

	/* Wired = 32, then back to 0: the full range again. */
	write_c0(C0_WIRED, 32);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);
	many_tlbwr(32, 100, VA_RANDOM + 0x02000000);
	for (i = 0; i < 8; i++)
		GUEST_ASSERT_EQ(peek(wired_hi(i) & ~0xffULL), 0x3131310000ULL + i);
	write_c0(C0_WIRED, 0);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 0);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), TOP);
	many_tlbwr(0, 70, VA_RANDOM + 0x04000000);

	guest_printf("arch_wired_random: Wired and Random as architected\n");
	return 0;
}
