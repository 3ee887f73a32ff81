/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the malicious test guests (mal_*.c, run by attack_test.c):
 * each mounts one attack on the monitor and checks that it sees only
 * architected behaviour; the host side checks that the monitor and the
 * other VMs were not touched.
 */
#ifndef DISCO_MAL_H
#define DISCO_MAL_H

#include <asm/errno.h>
#include "guest.h"

#define LO_G		0x1ULL
#define LO_V		0x2ULL
#define LO_D		0x4ULL
#define LO_C(c)		((u64)(c) << 3)
#define LO_RAM		(LO_C(3) | LO_D | LO_V | LO_G)	/* cached, dirty, valid, global */
#define PM_16K		DISCO_PAGEMASK_MIN

/* Where a mal guest's own TLB mappings go in xuseg. */
#define MAL_VA		0x10000000ULL

/* Guest-physical scratch pages, above any test image (image < 1 MiB). */
#define MAL_SCRATCH_GPA	0x100000ULL

#define MARKER		0x6d616c6963696f75ULL

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* EntryLo for guest-physical @gpa (PFN in 4 KiB units at bit 6). */
static inline u64 mk_lo(u64 gpa, u64 flags)
{
	return ((gpa >> 12) << 6) | flags;
}

static inline void tlb_set(u32 idx, u64 hi, u64 lo0, u64 lo1, u32 pagemask)
{
	write_c0(C0_PAGEMASK, pagemask);
	dwrite_c0(C0_ENTRYHI, hi);
	dwrite_c0(C0_ENTRYLO0, lo0);
	dwrite_c0(C0_ENTRYLO1, lo1);
	write_c0(C0_INDEX, idx);
	tlbwi();
}

static inline u64 win_ld(u64 gpa)
{
	return *(volatile u64 *)GPA_TO_VA(gpa);
}

static inline void win_sd(u64 gpa, u64 v)
{
	*(volatile u64 *)GPA_TO_VA(gpa) = v;
}

/*
 * A catch-all handler for the probes of guest.h: records the frame and
 * resumes after probe_load/probe_store, or at probe_jump_ret for a fault
 * on a jump target.
 */
static struct ex_frame mal_seen __attribute__((unused));
static int mal_nr __attribute__((unused));

static inline void mal_catch(struct ex_frame *f)
{
	mal_seen = *f;
	mal_nr++;
	if (f->epc == (u64)probe_load_insn || f->epc == (u64)probe_store_insn)
		skip_insn(f);
	else
		f->epc = (u64)probe_jump_ret;
}

static inline void mal_catch_all(void)
{
	static const int codes[] = {
		1 /* Mod */, EXC_TLBL, EXC_TLBS, EXC_ADEL, EXC_ADES, EXC_IBE, EXC_DBE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(codes); i++)
		install_handler(codes[i], mal_catch);
}

/* Exactly one exception @code at @epc since the last check. */
#define mal_expect(_code, _epc)						\
	do {								\
		if (mal_nr != 1 || frame_exccode(&mal_seen) != (_code))	\
			dump_frame(&mal_seen);				\
		GUEST_ASSERT_EQ(mal_nr, 1);				\
		GUEST_ASSERT_EQ(frame_exccode(&mal_seen), (_code));	\
		GUEST_ASSERT_EQ(mal_seen.epc, (u64)(_epc));		\
		mal_nr = 0;						\
	} while (0)

#define mal_expect_none()						\
	do {								\
		if (mal_nr)						\
			dump_frame(&mal_seen);				\
		GUEST_ASSERT_EQ(mal_nr, 0);				\
	} while (0)

/* A load, a store and a jump at @addr: each must raise the given code. */
#define mal_probe_all(addr, lcode, scode, fcode)			\
	do {								\
		u64 __pa = (addr);					\
		GUEST_ASSERT_EQ(probe_load(__pa, MARKER), MARKER);	\
		mal_expect((lcode), probe_load_insn);			\
		probe_store(__pa, MARKER);				\
		mal_expect((scode), probe_store_insn);			\
		GUEST_ASSERT_EQ(probe_jump(__pa), 1);			\
		mal_expect((fcode), __pa);				\
	} while (0)

#endif /* DISCO_MAL_H */
