/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TLB's rules in plain C: slot, tag, hit and invalidation.  The
 * kernel (l2tlb.c) fills and invalidates with these; the refill vectors
 * (vcpu/entry.S, disco_refill) implement l2tlb_hit() in assembly; the host
 * unit tests (tests/unit) check them.  No kernel dependencies.
 */
#ifndef DISCO_MMU_L2TLB_CORE_H
#define DISCO_MMU_L2TLB_CORE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint64_t u64;
#endif

#include "../vcpu/layout.h"

#define L2TLB_PAIR_SIZE		(1ULL << L2TLB_PAIR_SHIFT)
#define L2TLB_TAG_ASID		0xffULL
#define L2TLB_TAG_PAIR		(~(L2TLB_PAIR_SIZE - 1))
#define L2TLB_R_BITS		0xc000000000000000ULL

/* One entry (layout in vcpu/layout.h): a guest page pair as host EntryLos. */
struct disco_l2tlb_entry {
	u64 tag;
	u64 lo[2];
	u64 pad;
};

/* Which slot a guest virtual address uses: VA[24:15]. */
static inline unsigned int l2tlb_slot(u64 va)
{
	return (va >> L2TLB_PAIR_SHIFT) & (L2TLB_SIZE - 1);
}

/*
 * The pair bits as the hardware's EntryHi holds them on a refill: R and
 * the VA below the host's SEGBITS (@va_mask), page-pair aligned.
 */
static inline u64 l2tlb_pair(u64 va, u64 va_mask)
{
	return va & (L2TLB_R_BITS | va_mask) & L2TLB_TAG_PAIR;
}

/* A tag: global (any guest context), or for @ctx_tag (valid|mode|ASID). */
static inline u64 l2tlb_tag(u64 va, u64 va_mask, u64 ctx_tag, bool global)
{
	return l2tlb_pair(va, va_mask) |
	       (global ? L2TLB_VALID | L2TLB_GLOBAL : ctx_tag);
}

/*
 * The refill vectors' test, given the EntryHi of the refill and the
 * current context's tag: the same pair, and either the same context or a
 * global entry.
 */
static inline bool l2tlb_hit(const struct disco_l2tlb_entry *e, u64 entryhi,
			     u64 ctx_tag)
{
	u64 want = ((entryhi >> L2TLB_PAIR_SHIFT) << L2TLB_PAIR_SHIFT) | ctx_tag;

	if (e->tag == want)
		return true;
	return !((e->tag ^ want) >> 12) && (e->tag & L2TLB_GLOBAL);
}

/*
 * Does invalidating pairs [@start, @end) of guest ASID @asid (-1: every
 * ASID) drop @e?  Global (direct-window) entries only go with asid -1.
 */
static inline bool l2tlb_covered(const struct disco_l2tlb_entry *e, u64 start,
				 u64 end, int asid)
{
	u64 pair = e->tag & L2TLB_TAG_PAIR;

	if (!(e->tag & L2TLB_VALID) || pair < start || pair >= end)
		return false;
	if (asid < 0)
		return true;
	return !(e->tag & L2TLB_GLOBAL) && (e->tag & L2TLB_TAG_ASID) == (u64)asid;
}

#endif /* DISCO_MMU_L2TLB_CORE_H */
