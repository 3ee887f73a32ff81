// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's TLB: DISCO_GTLB_SIZE entries that tlbwi/tlbwr/tlbr/tlbp act
 * on exactly as the MIPS64 privileged architecture describes.  It is the
 * truth the host TLB shadows: a host entry for a guest mapping is only
 * ever made from a lookup here (fault.c), and an entry that changes drops
 * the host ASID contexts that may hold shadows of it (shadow.c).  With
 * DISCO_VM_BIG_TLB the L2TLB may also remember evicted entries (uapi).
 */
#include "mmu.h"
#include "../vcpu/vcpu.h"

#define ENTRYHI_ASID		0xffULL
#define ENTRYLO_PFN_SHIFT	6
#define ENTRYLO_PFN_MASK	((1ULL << (DISCO_PABITS - 12)) - 1)
#define INDEX_P			0x80000000U
/* R and VPN2, the part of EntryHi an entry matches on */
#define ENTRYHI_MATCH		(0xc000000000000000ULL | DISCO_ENTRYHI_VPN2)

static u64 pair_mask(u32 pagemask)
{
	return (u64)pagemask | 0x1fff;
}

static bool entry_matches(const struct disco_gtlb_entry *e, u64 hi)
{
	u64 ignore = pair_mask(e->pagemask);

	if ((e->entryhi ^ hi) & ENTRYHI_MATCH & ~ignore)
		return false;
	return (e->lo[0] & DISCO_LO_G) || ((e->entryhi ^ hi) & ENTRYHI_ASID) == 0;
}

/* Lowest matching index, or -1.  Duplicates are UNPREDICTABLE: first wins. */
static int gtlb_find(struct disco_vcpu *vcpu, u64 hi)
{
	int i;

	for (i = 0; i < DISCO_GTLB_SIZE; i++)
		if (entry_matches(&vcpu->gtlb[i], hi))
			return i;
	return -1;
}

void disco_gtlb_reset(struct disco_vcpu *vcpu)
{
	int i;

	/* Unique, unmatchable entries: VPN2 in xkphys, which never maps. */
	for (i = 0; i < DISCO_GTLB_SIZE; i++) {
		vcpu->gtlb[i] = (struct disco_gtlb_entry){
			.entryhi = 0x8000000000000000ULL | ((u64)i << 15),
			.pagemask = DISCO_PAGEMASK_MIN,
		};
	}
}

static bool entry_live(const struct disco_gtlb_entry *e)
{
	return (e->lo[0] | e->lo[1]) & DISCO_LO_V;
}

/*
 * What the old contents of an entry mapped must go from the L2TLB and the
 * host TLB: exactly its VA range, under its ASID (any ASID if global).
 */
static void gtlb_invalidate(struct disco_vcpu *vcpu,
			    const struct disco_gtlb_entry *e)
{
	u64 size = pair_mask(e->pagemask) + 1;
	u64 start = e->entryhi & ENTRYHI_MATCH & ~(size - 1);
	int asid = (e->lo[0] & DISCO_LO_G) ? -1 : e->entryhi & ENTRYHI_ASID;

	if (!entry_live(e))
		return;
	disco_l2tlb_invalidate(vcpu, start, size, asid);
	disco_shadow_invalidate(vcpu, start, size, asid);
}

static bool big_tlb(const struct disco_vcpu *vcpu)
{
	return vcpu->vm->flags & DISCO_VM_BIG_TLB;
}

/*
 * DISCO_VM_BIG_TLB: an invalid entry written over every non-wired index
 * in a row is a whole-TLB flush (Linux's local_flush_tlb_all(), e.g. at a
 * guest ASID rollover): the translations the L2TLB still remembers go too.
 */
static void count_flush(struct disco_vcpu *vcpu, bool invalidating)
{
	unsigned int wired = min_t(unsigned int, vcpu->cp0.wired, DISCO_GTLB_SIZE);

	if (!invalidating) {
		vcpu->gtlb_flush_run = 0;
		return;
	}
	if (++vcpu->gtlb_flush_run < DISCO_GTLB_SIZE - wired)
		return;
	vcpu->gtlb_flush_run = 0;
	disco_l2tlb_flush(vcpu);
	disco_shadow_invalidate(vcpu, 0, ~0ULL, -1);
}

void disco_gtlb_write(struct disco_vcpu *vcpu, unsigned int idx)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	struct disco_gtlb_entry *e = &vcpu->gtlb[idx % DISCO_GTLB_SIZE];
	u64 g = cp0->entrylo0 & cp0->entrylo1 & DISCO_LO_G;
	struct disco_gtlb_entry new = {
		.pagemask = cp0->pagemask,
		.entryhi = cp0->entryhi & ~((u64)cp0->pagemask) &
			   (ENTRYHI_MATCH | ENTRYHI_ASID),
		.lo[0] = (cp0->entrylo0 & ~DISCO_LO_G) | g,
		.lo[1] = (cp0->entrylo1 & ~DISCO_LO_G) | g,
	};

	if (!big_tlb(vcpu) || !entry_live(&new)) {
		gtlb_invalidate(vcpu, e);
	} else {
		/* The old entry is evicted but remembered; the new one rules. */
		gtlb_invalidate(vcpu, &new);
	}
	if (big_tlb(vcpu))
		count_flush(vcpu, !entry_live(&new));
	*e = new;
}

void disco_gtlb_read(struct disco_vcpu *vcpu)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	const struct disco_gtlb_entry *e = &vcpu->gtlb[cp0->index % DISCO_GTLB_SIZE];

	cp0->entryhi = e->entryhi;
	cp0->pagemask = e->pagemask;
	cp0->entrylo0 = e->lo[0];
	cp0->entrylo1 = e->lo[1];
}

/*
 * DISCO_VM_BIG_TLB: a probe is how the guest looks for a translation it
 * is about to change; forget whatever the L2TLB remembers of it (a page
 * of the size PageMask holds, and at least one host page pair).
 */
static void forget_probed(struct disco_vcpu *vcpu)
{
	u64 hi = vcpu->cp0.entryhi;
	u64 size = max_t(u64, pair_mask(vcpu->cp0.pagemask) + 1, 2 * PAGE_SIZE);
	u64 start = hi & ENTRYHI_MATCH & ~(size - 1);
	int asid = hi & ENTRYHI_ASID;

	disco_l2tlb_invalidate(vcpu, start, size, asid);
	disco_shadow_invalidate(vcpu, start, size, asid);
}

void disco_gtlb_probe(struct disco_vcpu *vcpu)
{
	int i = gtlb_find(vcpu, vcpu->cp0.entryhi);

	if (big_tlb(vcpu) && i < 0)
		forget_probed(vcpu);
	/* On a miss only P is defined; the index bits keep their value. */
	if (i < 0)
		vcpu->cp0.index |= INDEX_P;
	else
		vcpu->cp0.index = i;
}

/* Random counts down from the top entry to Wired, then wraps. */
unsigned int disco_gtlb_random(struct disco_vcpu *vcpu)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	unsigned int r = cp0->random;

	if (r < cp0->wired || r >= DISCO_GTLB_SIZE)
		r = DISCO_GTLB_SIZE - 1;
	cp0->random = r <= cp0->wired ? DISCO_GTLB_SIZE - 1 : r - 1;
	return r;
}

bool disco_gtlb_lookup(struct disco_vcpu *vcpu, u64 va, struct disco_gtlb_hit *hit)
{
	u64 asid = vcpu->cp0.entryhi & ENTRYHI_ASID;
	int i = gtlb_find(vcpu, (va & ENTRYHI_MATCH) | asid);
	const struct disco_gtlb_entry *e;
	u64 mask, page_size, lo, base;

	if (i < 0)
		return false;
	e = &vcpu->gtlb[i];
	mask = pair_mask(e->pagemask);
	page_size = (mask + 1) >> 1;
	lo = e->lo[!!(va & page_size)];
	base = ((lo >> ENTRYLO_PFN_SHIFT) & ENTRYLO_PFN_MASK) << 12;
	hit->gpa = (base & ~(page_size - 1)) | (va & (page_size - 1));
	hit->valid = lo & DISCO_LO_V;
	hit->dirty = lo & DISCO_LO_D;
	return true;
}

/**
 * disco_guest_translate - guest virtual to guest-physical, for the monitor.
 * @vcpu:	the vCPU whose address space
 * @va:		guest virtual address
 * @gpa:	out: the guest-physical address
 *
 * Used to read trapping instructions and monitor-call buffers; raises no
 * guest exception.  Return: 0, or -EFAULT if @va has no valid mapping in
 * guest RAM.
 */
int disco_guest_translate(struct disco_vcpu *vcpu, u64 va, u64 *gpa)
{
	struct disco_gtlb_hit hit;

	if (disco_in_window(va)) {
		*gpa = va - DISCO_XSSEG_BASE;
	} else if (disco_erl_unmapped(vcpu, va)) {
		*gpa = va;
	} else if (va < (1ULL << DISCO_SEGBITS) ||
		   (va >= DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE &&
		    va < DISCO_XSSEG_BASE + (1ULL << DISCO_SEGBITS))) {
		if (!disco_gtlb_lookup(vcpu, va, &hit) || !hit.valid)
			return -EFAULT;
		*gpa = hit.gpa;
	} else {
		return -EFAULT;
	}
	return disco_gpa_valid(vcpu->vm, *gpa, 1) ? 0 : -EFAULT;
}

/**
 * disco_gtlb_update - DISCO_MC_TLB_UPDATE: tlbp, then tlbwi or tlbwr.
 * @vcpu:	the vCPU
 * @hi:		EntryHi to probe for and write
 * @lo0, @lo1:	the pair's EntryLo values
 *
 * Leaves EntryHi, EntryLo0/1 and Index as the instruction sequence would
 * (PageMask is the guest's, unchanged).  Return: the entry written.
 */
unsigned int disco_gtlb_update(struct disco_vcpu *vcpu, u64 hi, u64 lo0, u64 lo1)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	unsigned int idx;

	disco_cp0_write(vcpu, 10, 0, hi);
	disco_gtlb_probe(vcpu);
	disco_cp0_write(vcpu, 2, 0, lo0);
	disco_cp0_write(vcpu, 3, 0, lo1);
	idx = (cp0->index & INDEX_P) ? disco_gtlb_random(vcpu) : cp0->index;
	disco_gtlb_write(vcpu, idx);
	return idx;
}

/**
 * disco_gtlb_flush_one - DISCO_MC_TLB_FLUSH: drop the entry mapping @hi.
 * @vcpu:	the vCPU
 * @hi:		EntryHi (VPN2 and ASID) to probe for
 *
 * A hit is overwritten with an invalid entry at an address no guest maps
 * (Linux's UNIQUE_ENTRYHI: kseg0, one pair per index), so no two entries
 * ever match alike.  EntryHi is left as it was, EntryLo0/1 are 0 and
 * Index holds the probe's result, as after Linux's sequence.
 * Return: the index, or -1.
 */
int disco_gtlb_flush_one(struct disco_vcpu *vcpu, u64 hi)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	u64 saved = cp0->entryhi;
	unsigned int idx;

	disco_cp0_write(vcpu, 10, 0, hi);
	disco_gtlb_probe(vcpu);
	cp0->entrylo0 = 0;
	cp0->entrylo1 = 0;
	if (cp0->index & INDEX_P) {
		cp0->entryhi = saved;
		return -1;
	}
	idx = cp0->index;
	disco_cp0_write(vcpu, 10, 0, 0xffffffff80000000ULL + ((u64)idx << 15));
	disco_gtlb_write(vcpu, idx);
	cp0->entryhi = saved;
	return idx;
}
