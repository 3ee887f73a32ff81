// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: cache instructions of every kind on host addresses (kseg0,
 * kseg1, xkphys, xkseg, csseg where disco.ko lives: a0 from the host),
 * unmapped and beyond-RAM guest addresses.  Architecturally a Hit op may
 * raise an address or TLB error and an Index op touches no memory; the
 * monitor must never act on the host's caches for the guest.  The guest
 * accepts either no exception or one architected exception at the cache
 * instruction, and goes on.
 */
#include "mal.h"

static int faults;

static void cache_fault(struct ex_frame *f)
{
	unsigned int c = frame_exccode(f);

	GUEST_ASSERT(c == EXC_ADEL || c == EXC_ADES || c == EXC_TLBL ||
		     c == EXC_TLBS || c == EXC_DBE);
	faults++;
	skip_insn(f);
}

#define ALL_OPS(addr)							\
	do {								\
		cache_op(0x00, addr);	/* Index_Invalidate_I */	\
		cache_op(0x01, addr);	/* Index_Writeback_Inv_D */	\
		cache_op(0x03, addr);	/* Index_Writeback_Inv_S */	\
		cache_op(0x05, addr);	/* Index_Load_Tag_D */		\
		cache_op(0x08, addr);	/* Index_Store_Tag_I */		\
		cache_op(0x09, addr);	/* Index_Store_Tag_D */		\
		cache_op(0x0b, addr);	/* Index_Store_Tag_S */		\
		cache_op(0x10, addr);	/* Hit_Invalidate_I */		\
		cache_op(0x11, addr);	/* Hit_Invalidate_D */		\
		cache_op(0x13, addr);	/* Hit_Invalidate_S */		\
		cache_op(0x14, addr);	/* Fill_I */			\
		cache_op(0x15, addr);	/* Hit_Writeback_Inv_D */	\
		cache_op(0x17, addr);	/* Hit_Writeback_Inv_S */	\
		cache_op(0x19, addr);	/* Hit_Writeback_D */		\
		cache_op(0x1c, addr);	/* Hit_Set_Virtual_I */		\
		cache_op(0x1f, addr);					\
	} while (0)

int guest_main(u64 csseg_addr)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	const u64 addrs[] = {
		0xffffffff80000000ULL, 0xffffffff80100000ULL, 0xffffffffa0000000ULL,
		0xffffffffe0000000ULL, 0x9800000000000000ULL, 0x9000000000001000ULL,
		0xb800000000000000ULL, 0xc000000000000000ULL, csseg_addr,
		0xffffffffc0000000ULL, DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE,
		GPA_TO_VA(mem), GPA_TO_VA(mem) + (1ULL << 30), 0x20000000ULL, 0,
		0x0001000000000000ULL, ~0ULL & ~63ULL, (u64)guest_main,
	};
	unsigned int i;

	win_sd(MAL_SCRATCH_GPA, MARKER);
	for (i = EXC_TLBL; i <= EXC_DBE; i++)
		install_handler(i, cache_fault);
	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		u64 a = addrs[i];

		ALL_OPS(a);
		ALL_OPS(a + 0x40);
	}
	/* Guest memory and code are as they were. */
	GUEST_ASSERT_EQ(win_ld(MAL_SCRATCH_GPA), MARKER);
	guest_printf("mal_cache_ops: %d architected faults, guest intact\n", faults);
	return 0;
}
