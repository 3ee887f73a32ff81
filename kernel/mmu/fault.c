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
#include <linux/mm.h>
#include <linux/topology.h>

#include "mmu.h"
#include "../numa/numa.h"
#include "../vcpu/vcpu.h"
#include "../vio/vio.h"

/*
 * How a guest virtual page reaches guest-physical memory: through the
 * direct window, unmapped under Status.ERL, or through the guest's TLB.
 * Each says whether the page is mapped, where, and whether writably.
 */
typedef bool (*resolve_fn)(struct disco_vcpu *vcpu, u64 va, u64 *gpa,
			   bool *writable);

static bool window_resolve(struct disco_vcpu *vcpu, u64 va, u64 *gpa,
			   bool *writable)
{
	*gpa = va - DISCO_XSSEG_BASE;
	*writable = true;
	return disco_gpa_valid(vcpu->vm, *gpa, 1);
}

static bool erl_resolve(struct disco_vcpu *vcpu, u64 va, u64 *gpa,
			bool *writable)
{
	*gpa = va;
	*writable = true;
	return disco_gpa_valid(vcpu->vm, *gpa, 1);
}

static bool gtlb_resolve(struct disco_vcpu *vcpu, u64 va, u64 *gpa,
			 bool *writable)
{
	struct disco_gtlb_hit hit;

	if (!disco_gtlb_lookup(vcpu, va, &hit) || !hit.valid)
		return false;
	*gpa = hit.gpa;
	*writable = hit.dirty;
	return disco_gpa_valid(vcpu->vm, *gpa, 1);
}

/* One page of a host pair as an EntryLo (0 = invalid); noted in the memmap. */
static u64 map_half(struct disco_vcpu *vcpu, u64 va, resolve_fn resolve,
		    u64 *gpa)
{
	struct page *page;
	bool writable;

	if (resolve == gtlb_resolve && disco_commpage_covers(vcpu, va))
		return disco_commpage_entrylo(vcpu, va);
	if (!resolve(vcpu, va, gpa, &writable))
		return 0;
	page = disco_pmap_map_page(vcpu->vm, *gpa, numa_node_id(), &writable);
	disco_memmap_note(vcpu, *gpa, va, resolve == window_resolve);
	return disco_machine_entrylo(page, writable);
}

/*
 * Resolve both pages of the host pair: into the L2TLB and the host TLB.
 * Return: the guest-physical address @va reached, or -1 (not guest RAM);
 * *@nid: the node of the machine page it reached.
 */
static u64 fill_pair(struct disco_vcpu *vcpu, u64 va, resolve_fn resolve,
		     int *nid)
{
	u64 even = va & ~(2 * PAGE_SIZE - 1), gpa[2] = { -1ULL, -1ULL }, lo[2];
	unsigned int half = (va - even) >> PAGE_SHIFT;
	struct disco_vm *vm = vcpu->vm;

	down_read(&vm->pmap_sem);
	lo[0] = map_half(vcpu, even, resolve, &gpa[0]);
	lo[1] = map_half(vcpu, even + PAGE_SIZE, resolve, &gpa[1]);
	disco_l2tlb_insert(vcpu, va, lo[0], lo[1], resolve == window_resolve);
	disco_shadow_fill(vcpu, va, lo[0], lo[1]);
	up_read(&vm->pmap_sem);
	/* EntryLo.PFN counts 4 KiB frames. */
	*nid = lo[half] ? pfn_to_nid(lo[half] >> 6 >> (PAGE_SHIFT - 12)) : NUMA_NO_NODE;
	return gpa[half];
}

/* A store to a replicated page makes it single first (numa/move.c). */
static void before_store(struct disco_vcpu *vcpu, u64 gpa)
{
	if (disco_gpa_valid(vcpu->vm, gpa, 1) &&
	    disco_page_replicated(vcpu->vm, gpa >> PAGE_SHIFT))
		disco_page_collapse(vcpu->vm, gpa >> PAGE_SHIFT, numa_node_id());
}

/* Fill, and count the miss for the NUMA daemon when it is a sample. */
static enum disco_resume fill(struct disco_vcpu *vcpu, u64 va, u64 gpa,
			      bool store, resolve_fn resolve)
{
	int nid;

	if (store)
		before_store(vcpu, gpa);
	gpa = fill_pair(vcpu, va, resolve, &nid);
	if (gpa != -1ULL && disco_numa_sample_due(vcpu))
		disco_numa_sample(vcpu, gpa, store, nid == numa_node_id());
	return DISCO_RESUME_GUEST;
}

static enum disco_resume bus_error(struct disco_vcpu *vcpu, u64 va)
{
	bool ifetch = va == disco_exit_insn_pc(vcpu);

	return disco_deliver(vcpu, ifetch ? EXC_IBE : EXC_DBE,
			     DISCO_VECTOR_GENERAL);
}

static bool is_store(unsigned int exccode)
{
	return exccode == EXC_TLBS || exccode == EXC_MOD;
}

static enum disco_resume window_fault(struct disco_vcpu *vcpu, u64 va,
				      unsigned int exccode)
{
	u64 gpa = va - DISCO_XSSEG_BASE;

	if (disco_vio_covers(gpa))
		return disco_vio_mmio(vcpu, gpa);
	if (!disco_gpa_valid(vcpu->vm, gpa, 1))
		return bus_error(vcpu, va);
	return fill(vcpu, va, gpa, is_store(exccode), window_resolve);
}

static enum disco_resume mapped_fault(struct disco_vcpu *vcpu, u64 va,
				      unsigned int exccode)
{
	struct disco_gtlb_hit hit;
	bool store = is_store(exccode);

	if (disco_commpage_covers(vcpu, va)) {
		int nid;

		fill_pair(vcpu, va, gtlb_resolve, &nid);
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
	return fill(vcpu, va, hit.gpa, store, gtlb_resolve);
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

	if ((vcpu->arch.exit_vec == DISCO_VEC_REFILL ||
	     vcpu->arch.exit_vec == DISCO_VEC_XREFILL) && !vcpu->arch.sampled)
		vcpu->stats.l2tlb_misses++;
	if (disco_in_csseg(va))
		return disco_deliver_addr(vcpu, exccode == EXC_TLBL ?
					  EXC_ADEL : EXC_ADES, va);
	if (disco_in_window(va))
		return window_fault(vcpu, va, exccode);
	if (disco_erl_unmapped(vcpu, va)) {
		if (!disco_gpa_valid(vcpu->vm, va, 1))
			return bus_error(vcpu, va);
		return fill(vcpu, va, va, is_store(exccode), erl_resolve);
	}
	return mapped_fault(vcpu, va, exccode);
}

/**
 * disco_mmu_fetch_fault - the monitor cannot read a trapping instruction.
 * @vcpu:	the vCPU that exited
 * @va:		the instruction's (or its branch's) guest virtual address
 *
 * With DISCO_VM_BIG_TLB the guest may run code through a translation its
 * own TLB has evicted (the L2TLB remembers it); an instruction the monitor
 * must read there is then, architecturally, a fetch that misses the
 * guest's TLB, and the guest gets that TLB exception.  Anything else
 * unreadable stops the vCPU.
 *
 * Return: whether to resume the guest.
 */
enum disco_resume disco_mmu_fetch_fault(struct disco_vcpu *vcpu, u64 va)
{
	if ((va & 3) || disco_in_csseg(va) || disco_in_window(va) ||
	    disco_erl_unmapped(vcpu, va))
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0, DISCO_FAULT_FETCH);
	return mapped_fault(vcpu, va, EXC_TLBL);
}
