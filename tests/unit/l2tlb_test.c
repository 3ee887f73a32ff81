// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TLB's rules (kernel/mmu/l2tlb_core.h): the same header the module
 * builds, and l2tlb_hit() is the C statement of what the refill vectors do
 * in assembly (kernel/vcpu/entry.S, disco_refill).
 */
#include <stdbool.h>
#include <string.h>

#include "l2tlb_core.h"
#include "tap.h"

#define VA_MASK		((1ULL << 48) - 1)	/* host SEGBITS 48 */
#define XSSEG		0x4000000000000000ULL
#define CTX(asid)	(L2TLB_VALID | (asid))
#define HOST_ASID	0x37			/* what EntryHi carries */

static struct disco_l2tlb_entry table[L2TLB_SIZE];

static void insert(u64 va, u64 ctx, bool global)
{
	struct disco_l2tlb_entry *e = &table[l2tlb_slot(va)];

	e->tag = l2tlb_tag(va, VA_MASK, ctx, global);
	e->lo[0] = 0x1006;
	e->lo[1] = 0x1046;
}

/* A refill at @va: EntryHi = VPN2 bits of @va | the host ASID. */
static bool hit(u64 va, u64 ctx)
{
	u64 entryhi = (va & (L2TLB_R_BITS | VA_MASK) & ~0x1fffULL) | HOST_ASID;

	return l2tlb_hit(&table[l2tlb_slot(va)], entryhi, ctx);
}

static void invalidate(u64 start, u64 size, int asid)
{
	unsigned int i;

	for (i = 0; i < L2TLB_SIZE; i++)
		if (l2tlb_covered(&table[i], start, start + size, asid))
			table[i].tag = 0;
}

static void reset(void)
{
	memset(table, 0, sizeof(table));
}

static void hit_rules(void)
{
	const u64 va = 0x10000000 + 5 * L2TLB_PAIR_SIZE;

	reset();
	tap_result(!hit(va, CTX(3)), "l2tlb: empty table misses");
	insert(va, CTX(3), false);
	tap_result(hit(va, CTX(3)), "l2tlb: hit in the context it was made");
	tap_result(hit(va + 0x4000, CTX(3)), "l2tlb: the odd page of the pair hits");
	tap_result(hit(va + 0x7ff8, CTX(3)), "l2tlb: the pair's last word hits");
	tap_result(!hit(va + L2TLB_PAIR_SIZE, CTX(3)), "l2tlb: the next pair misses");
	tap_result(!hit(va, CTX(4)), "l2tlb: another guest ASID misses");
	tap_result(!hit(va, CTX(3) | L2TLB_USER), "l2tlb: user-mode context misses");
	tap_result(!hit(va, CTX(3) | L2TLB_ERL), "l2tlb: ERL context misses");
	tap_result(!hit(va + ((u64)L2TLB_SIZE << L2TLB_PAIR_SHIFT), CTX(3)),
		   "l2tlb: a conflicting pair (same slot) misses");
	tap_result(!hit(va | XSSEG, CTX(3)), "l2tlb: same VPN in xsseg (R=1) misses");

	insert(XSSEG + 0x20000, 0, true);
	tap_result(hit(XSSEG + 0x20000, CTX(0)) && hit(XSSEG + 0x20000, CTX(200)) &&
		   hit(XSSEG + 0x24000, CTX(9) | L2TLB_USER),
		   "l2tlb: a global (direct-window) entry hits in every context");
	tap_result(!hit(XSSEG + 0x20000 + L2TLB_PAIR_SIZE, CTX(0)),
		   "l2tlb: a global entry does not hit the next pair");
	tap_result(!hit(0x20000, CTX(0)), "l2tlb: a global xsseg entry misses in xuseg");
}

static void invalidate_rules(void)
{
	const u64 a = 0x30000000, b = a + 4 * L2TLB_PAIR_SIZE;

	reset();
	insert(a, CTX(1), false);
	insert(b, CTX(1), false);
	insert(a + L2TLB_PAIR_SIZE, CTX(2), false);
	insert(XSSEG + a, 0, true);

	invalidate(a, L2TLB_PAIR_SIZE, 1);
	tap_result(!hit(a, CTX(1)), "l2tlb: invalidating a pair drops it");
	tap_result(hit(b, CTX(1)), "l2tlb: ... and not a pair outside the range");
	tap_result(hit(a + L2TLB_PAIR_SIZE, CTX(2)), "l2tlb: ... nor another ASID's");
	tap_result(hit(XSSEG + a, CTX(1)), "l2tlb: ... nor a global entry");

	invalidate(a, 16 * L2TLB_PAIR_SIZE, 2);
	tap_result(!hit(a + L2TLB_PAIR_SIZE, CTX(2)), "l2tlb: a large range drops ASID 2's pair");
	tap_result(hit(b, CTX(1)), "l2tlb: ... but leaves ASID 1's");

	invalidate(0, 1ULL << 48, -1);		/* all of xuseg */
	tap_result(!hit(b, CTX(1)), "l2tlb: a global invalidation drops every ASID");
	tap_result(hit(XSSEG + a, CTX(1)), "l2tlb: ... within its range only");
	invalidate(XSSEG, 1ULL << 40, -1);
	tap_result(!hit(XSSEG + a, CTX(1)), "l2tlb: the window goes with its own range");
}

static void geometry(void)
{
	tap_result(l2tlb_slot(0) == l2tlb_slot((u64)L2TLB_SIZE << L2TLB_PAIR_SHIFT),
		   "l2tlb: slots wrap every %u pairs", L2TLB_SIZE);
	tap_result(l2tlb_slot(L2TLB_PAIR_SIZE) == 1 && l2tlb_slot(L2TLB_PAIR_SIZE - 1) == 0,
		   "l2tlb: one slot per 32 KiB pair");
	tap_result(l2tlb_pair(0xffffffffc0008000ULL, VA_MASK) == 0xc000ffffc0008000ULL,
		   "l2tlb: compatibility addresses keep R and the SEGBITS bits");
	tap_result(sizeof(struct disco_l2tlb_entry) == L2TLB_ENTRY,
		   "l2tlb: entry size matches the vectors' stride");
}

void l2tlb_tests(void)
{
	hit_rules();
	invalidate_rules();
	geometry();
}
