// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TLB: a per-vCPU second-level software TLB (Disco §4.2.2).
 *
 * Guest virtual page pair -> the two machine EntryLo values the host TLB
 * needs, for the guest's current ASID.  It is filled whenever the monitor
 * resolves a host TLB miss, and read by the refill vectors themselves
 * (entry.S, disco_refill), so most misses never leave the guest: the VM
 * appears to have a much larger TLB.  It holds only translations that are
 * valid now: a guest TLB write drops exactly the pairs the old entry
 * covered.  The layout is shared with entry.S (vcpu/layout.h).
 */
#include <linux/string.h>

#include "mmu.h"
#include "../vcpu/vcpu.h"

static struct disco_l2tlb_entry *slot_of(struct disco_vcpu *vcpu, u64 va)
{
	return &vcpu->arch.l2tlb[l2tlb_slot(va)];
}

/* The tag bits of the guest's current context (shadow.c), for entry.S. */
u64 disco_l2tlb_context_tag(const struct disco_vcpu *vcpu)
{
	static const u64 mode_bits[] = {
		[DISCO_CTX_KERNEL] = 0,
		[DISCO_CTX_USER] = L2TLB_USER,
		[DISCO_CTX_ERL] = L2TLB_ERL,
	};

	return L2TLB_VALID | mode_bits[disco_ctx_mode(vcpu)] |
	       (vcpu->cp0.entryhi & L2TLB_TAG_ASID);
}

/**
 * disco_l2tlb_insert - remember a resolved page pair.
 * @vcpu:	the vCPU
 * @va:		a guest virtual address in the pair
 * @lo0, @lo1:	the machine EntryLo values of its even and odd page
 * @global:	valid in every guest address space (the direct window)
 */
void disco_l2tlb_insert(struct disco_vcpu *vcpu, u64 va, u64 lo0, u64 lo1,
			bool global)
{
	struct disco_l2tlb_entry *e = slot_of(vcpu, va);

	if (!((lo0 | lo1) & DISCO_LO_V))
		return;
	e->tag = l2tlb_tag(va, vcpu->arch.va_mask,
			   disco_l2tlb_context_tag(vcpu), global);
	e->lo[0] = lo0;
	e->lo[1] = lo1;
}

static void drop_if(struct disco_l2tlb_entry *e, u64 start, u64 end, int asid)
{
	if (l2tlb_covered(e, start, end, asid))
		e->tag = 0;
}

/**
 * disco_l2tlb_invalidate - drop the translations of a guest VA range.
 * @vcpu:	the vCPU
 * @start:	first guest virtual address (a page pair boundary)
 * @size:	bytes
 * @asid:	the guest ASID they were made under, or -1 for any (global)
 */
void disco_l2tlb_invalidate(struct disco_vcpu *vcpu, u64 start, u64 size,
			    int asid)
{
	u64 first = l2tlb_pair(start, vcpu->arch.va_mask), end = first + size, va;
	unsigned int i;

	if (size / L2TLB_PAIR_SIZE >= L2TLB_SIZE) {
		for (i = 0; i < L2TLB_SIZE; i++)
			drop_if(&vcpu->arch.l2tlb[i], first, end, asid);
		return;
	}
	for (va = first; va < end; va += L2TLB_PAIR_SIZE)
		drop_if(slot_of(vcpu, va), first, end, asid);
}

void disco_l2tlb_flush(struct disco_vcpu *vcpu)
{
	memset(vcpu->arch.l2tlb, 0, sizeof(vcpu->arch.l2tlb));
}
