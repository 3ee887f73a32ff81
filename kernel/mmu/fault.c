// SPDX-License-Identifier: GPL-2.0
/*
 * Host TLB misses taken while a guest runs.
 *
 * The host TLB holds only shadows; a miss means the shadow is not there
 * (yet).  Resolve it from the direct window or the guest's TLB through the
 * pmap, or deliver to the guest what the virtual CPU would have raised:
 * a TLB refill/invalid/modified exception, a bus error for memory that
 * does not exist, an address error for csseg, which guests may not use.
 */
#include "mmu.h"
#include "../vcpu/vcpu.h"
#include "../vio/vio.h"

/* What one page of a host pair maps to, as an EntryLo (0 = invalid). */
static u64 window_lo(struct disco_vcpu *vcpu, u64 va)
{
	struct page *page = disco_pmap_page(vcpu->vm, va - DISCO_XSSEG_BASE);

	return page ? disco_machine_entrylo(page, true) : 0;
}

static u64 erl_lo(struct disco_vcpu *vcpu, u64 va)
{
	struct page *page = disco_pmap_page(vcpu->vm, va);

	return page ? disco_machine_entrylo(page, true) : 0;
}

static u64 gtlb_lo(struct disco_vcpu *vcpu, u64 va)
{
	struct disco_gtlb_hit hit;
	struct page *page;

	if (disco_commpage_covers(vcpu, va))
		return disco_commpage_entrylo(vcpu, va);
	if (!disco_gtlb_lookup(vcpu, va, &hit) || !hit.valid)
		return 0;
	page = disco_pmap_page(vcpu->vm, hit.gpa);
	return page ? disco_machine_entrylo(page, hit.dirty) : 0;
}

/* Resolve both pages of the host pair: into the L2TLB and the host TLB. */
static void fill_pair(struct disco_vcpu *vcpu, u64 va,
		      u64 (*lo)(struct disco_vcpu *vcpu, u64 va))
{
	u64 even = va & ~(2 * PAGE_SIZE - 1);
	u64 lo0 = lo(vcpu, even), lo1 = lo(vcpu, even + PAGE_SIZE);

	disco_l2tlb_insert(vcpu, va, lo0, lo1, lo == window_lo);
	disco_shadow_fill(vcpu, va, lo0, lo1);
}

static enum disco_resume bus_error(struct disco_vcpu *vcpu, u64 va)
{
	bool ifetch = va == disco_exit_insn_pc(vcpu);

	return disco_deliver(vcpu, ifetch ? EXC_IBE : EXC_DBE,
			     DISCO_VECTOR_GENERAL);
}

static enum disco_resume window_fault(struct disco_vcpu *vcpu, u64 va)
{
	if (disco_vio_covers(va - DISCO_XSSEG_BASE))
		return disco_vio_mmio(vcpu, va - DISCO_XSSEG_BASE);
	if (!disco_gpa_valid(vcpu->vm, va - DISCO_XSSEG_BASE, 1))
		return bus_error(vcpu, va);
	fill_pair(vcpu, va, window_lo);
	return DISCO_RESUME_GUEST;
}

static enum disco_resume mapped_fault(struct disco_vcpu *vcpu, u64 va,
				      unsigned int exccode)
{
	struct disco_gtlb_hit hit;
	bool store = exccode == EXC_TLBS || exccode == EXC_MOD;

	if (disco_commpage_covers(vcpu, va)) {
		fill_pair(vcpu, va, gtlb_lo);
		return DISCO_RESUME_GUEST;
	}
	if (!disco_gtlb_lookup(vcpu, va, &hit)) {
		vcpu->stats.guest_tlb_refills++;
		return disco_deliver_tlb(vcpu, store ? EXC_TLBS : EXC_TLBL,
					 va, true);
	}
	if (!hit.valid)
		return disco_deliver_tlb(vcpu, store ? EXC_TLBS : EXC_TLBL,
					 va, false);
	if (store && !hit.dirty)
		return disco_deliver_tlb(vcpu, EXC_MOD, va, false);
	if (!disco_gpa_valid(vcpu->vm, hit.gpa, 1))
		return bus_error(vcpu, va);
	fill_pair(vcpu, va, gtlb_lo);
	return DISCO_RESUME_GUEST;
}

/**
 * disco_mmu_fault - handle a TLB refill, invalid or modified exit.
 * @vcpu:	the vCPU that exited
 * @exccode:	EXC_TLBL, EXC_TLBS or EXC_MOD, as the hardware raised it
 *
 * Return: whether to resume the guest.
 */
enum disco_resume disco_mmu_fault(struct disco_vcpu *vcpu, unsigned int exccode)
{
	u64 va = vcpu->arch.exit_badvaddr;

	if (vcpu->arch.exit_vec == DISCO_VEC_REFILL ||
	    vcpu->arch.exit_vec == DISCO_VEC_XREFILL)
		vcpu->stats.l2tlb_misses++;
	if (disco_in_csseg(va))
		return disco_deliver_addr(vcpu, exccode == EXC_TLBL ?
					  EXC_ADEL : EXC_ADES, va);
	if (disco_in_window(va))
		return window_fault(vcpu, va);
	if (disco_erl_unmapped(vcpu, va)) {
		if (!disco_gpa_valid(vcpu->vm, va, 1))
			return bus_error(vcpu, va);
		fill_pair(vcpu, va, erl_lo);
		return DISCO_RESUME_GUEST;
	}
	return mapped_fault(vcpu, va, exccode);
}
