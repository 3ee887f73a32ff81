// SPDX-License-Identifier: GPL-2.0
/*
 * The memmap: per guest page, the mappings that use it (Disco §4.2.2).
 *
 * A page moves (kernel/numa/) only after every translation of it is gone:
 * L2TLB entries of every vCPU and host TLB entries on every CPU.  Each
 * host TLB fill notes here which vCPU, host context and guest virtual
 * page pair mapped the page, so a move drops exactly those.  Notes are
 * never removed when a mapping goes away by itself; a stale note only
 * drops a translation that would have been refilled anyway.  A page with
 * more mappings than the memmap has ways is marked overflowed, and its
 * shootdown retires all of the VM's translations instead: slower, never
 * wrong.
 */
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/mmu_context.h>

#include "mmu.h"
#include "../vcpu/vcpu.h"

#define MEMMAP_WAYS		4
#define MEMMAP_CTX_BITS		10	/* DISCO_NR_CONTEXTS <= 1024 */
/*
 * A direct-window mapping: its L2TLB entry is global, so the refill vector
 * installs it under whatever context the vCPU runs in, unseen by the
 * monitor.  Such a note stands for every context of the vCPU.
 */
#define MEMMAP_CTX_ALL		((1 << MEMMAP_CTX_BITS) - 1)
#define MEMMAP_VCPU_SHIFT	MEMMAP_CTX_BITS
#define MEMMAP_USED		BIT_ULL(14)
#define MEMMAP_OVERFLOW		BIT_ULL(0)	/* in ref[0] with USED clear */

/* One note: pair VA above bit 15 | USED | vCPU id << 10 | context index. */
struct disco_memmap {
	u64 ref[MEMMAP_WAYS];
};

int disco_memmap_alloc(struct disco_vm *vm)
{
	BUILD_BUG_ON(DISCO_NR_CONTEXTS > (1 << MEMMAP_CTX_BITS));
	BUILD_BUG_ON(DISCO_MAX_VCPUS > 8);
	BUILD_BUG_ON(L2TLB_PAIR_SHIFT < 15);

	vm->memmap = kvcalloc(vm->nr_pages, sizeof(*vm->memmap), GFP_KERNEL_ACCOUNT);
	return vm->memmap ? 0 : -ENOMEM;
}

void disco_memmap_free(struct disco_vm *vm)
{
	kvfree(vm->memmap);
	vm->memmap = NULL;
}

static unsigned int ref_ctx(u64 ref)
{
	return ref & ((1 << MEMMAP_CTX_BITS) - 1);
}

static unsigned int ref_vcpu(u64 ref)
{
	return (ref >> MEMMAP_VCPU_SHIFT) & 7;
}

static u64 ref_pair(u64 ref)
{
	return ref & L2TLB_TAG_PAIR;
}

/**
 * disco_memmap_note - remember that @vcpu now maps guest page @gpa at @va.
 * @vcpu:	the vCPU, in the host context the mapping was made under
 * @gpa:	guest-physical address in the page
 * @va:		guest virtual address in the page
 * @global:	a direct-window mapping, valid in every context (above)
 *
 * Called with pmap_sem held for reading, so no shootdown runs meanwhile.
 */
void disco_memmap_note(struct disco_vcpu *vcpu, u64 gpa, u64 va, bool global)
{
	struct disco_vm *vm = vcpu->vm;
	struct disco_memmap *m = &vm->memmap[gpa >> PAGE_SHIFT];
	u64 ref = (va & L2TLB_TAG_PAIR) | MEMMAP_USED |
		  ((u64)vcpu->id << MEMMAP_VCPU_SHIFT) |
		  (global ? MEMMAP_CTX_ALL : disco_ctx_index(vcpu));
	unsigned int i;

	spin_lock(&vm->memmap_lock);
	for (i = 0; i < MEMMAP_WAYS; i++) {
		if (m->ref[i] == ref)
			break;
		if (!(m->ref[i] & MEMMAP_USED)) {
			if (m->ref[i] & MEMMAP_OVERFLOW)
				break;
			m->ref[i] = ref;
			break;
		}
	}
	if (i == MEMMAP_WAYS) {
		/* Full: from now on only a VM-wide flush is sure to be enough. */
		memset(m->ref, 0, sizeof(m->ref));
		m->ref[0] = MEMMAP_OVERFLOW;
	}
	spin_unlock(&vm->memmap_lock);
}

/*
 * What the CPUs must drop: listed pairs, each under one context of a vCPU
 * or (MEMMAP_CTX_ALL) under all of them, or everything of the VM.
 */
struct shootdown {
	struct disco_vm *vm;
	struct disco_vcpu *vcpu[MEMMAP_WAYS];
	unsigned int ctx[MEMMAP_WAYS];
	u64 va[MEMMAP_WAYS];
	unsigned int n;
	bool all;
};

/* Retire every host context of the VM on this CPU. */
static void retire_all_here(struct disco_vm *vm, unsigned int cpu)
{
	unsigned int v, i;

	for (v = 0; v < READ_ONCE(vm->nr_vcpus); v++)
		for (i = 0; i < DISCO_NR_CONTEXTS; i++) {
			struct mm_struct *mm = READ_ONCE(vm->vcpus[v]->ctx[i]);

			if (mm)
				set_cpu_context(cpu, mm, 0);
		}
}

static void drop_here(struct disco_vcpu *vcpu, unsigned int ctx, u64 va)
{
	unsigned int i;

	if (ctx != MEMMAP_CTX_ALL) {
		disco_shadow_invalidate_here(READ_ONCE(vcpu->ctx[ctx]), va);
		return;
	}
	for (i = 0; i < DISCO_NR_CONTEXTS; i++)
		disco_shadow_invalidate_here(READ_ONCE(vcpu->ctx[i]), va);
}

/*
 * Runs on each CPU the VM ran on, in host context: an IPI stops a guest
 * first, and it asks for a fresh ASID when it enters again.
 */
static void shootdown_here(void *arg)
{
	struct shootdown *sd = arg;
	unsigned int i;

	if (sd->all) {
		retire_all_here(sd->vm, smp_processor_id());
		return;
	}
	for (i = 0; i < sd->n; i++)
		drop_here(sd->vcpu[i], sd->ctx[i], sd->va[i]);
}

/* Drop @vcpu's L2TLB entry for the pair at @va, whatever its context. */
static void drop_l2tlb(struct disco_vcpu *vcpu, u64 va)
{
	struct disco_l2tlb_entry *e = &vcpu->arch.l2tlb[l2tlb_slot(va)];

	if ((READ_ONCE(e->tag) & L2TLB_TAG_PAIR) == (va & L2TLB_TAG_PAIR))
		WRITE_ONCE(e->tag, 0);
}

static void collect(struct disco_vm *vm, struct disco_memmap *m,
		    struct shootdown *sd)
{
	unsigned int i, v;

	if (m->ref[0] == MEMMAP_OVERFLOW) {
		sd->all = true;
		for (v = 0; v < vm->nr_vcpus; v++)
			disco_l2tlb_flush(vm->vcpus[v]);
		return;
	}
	for (i = 0; i < MEMMAP_WAYS; i++) {
		u64 ref = m->ref[i];
		struct disco_vcpu *vcpu;

		if (!(ref & MEMMAP_USED) || ref_vcpu(ref) >= vm->nr_vcpus)
			continue;
		vcpu = vm->vcpus[ref_vcpu(ref)];
		drop_l2tlb(vcpu, ref_pair(ref));
		sd->vcpu[sd->n] = vcpu;
		sd->ctx[sd->n] = ref_ctx(ref);
		sd->va[sd->n++] = ref_pair(ref);
	}
}

/**
 * disco_memmap_shootdown - remove every translation of guest page @gfn.
 * @vm:		the VM; the caller holds pmap_sem for writing, so no fill
 *		can map the page again until it lets go
 * @gfn:	guest page number
 *
 * L2TLB entries go first, then the host TLB entries on every CPU the VM
 * ran on, through an IPI that waits for all of them.  A refill vector
 * that read an L2TLB entry just before it went installs it just before
 * its CPU takes the IPI, which removes it again.  On return no CPU can
 * reach the page through the VM's mappings.
 */
void disco_memmap_shootdown(struct disco_vm *vm, unsigned long gfn)
{
	struct disco_memmap *m = &vm->memmap[gfn];
	struct shootdown sd = { .vm = vm };

	lockdep_assert_held_write(&vm->pmap_sem);
	spin_lock(&vm->memmap_lock);
	collect(vm, m, &sd);
	memset(m->ref, 0, sizeof(m->ref));
	spin_unlock(&vm->memmap_lock);
	if (!sd.n && !sd.all)
		return;
	/* The L2TLB stores above are seen before the CPUs take the IPI. */
	smp_mb();
	on_each_cpu_mask(&vm->ran_on, shootdown_here, &sd, true);
}
