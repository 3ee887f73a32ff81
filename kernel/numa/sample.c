// SPDX-License-Identifier: GPL-2.0
/*
 * Hot-page detection: sampled host TLB misses, per guest page and node.
 *
 * Loongson has no per-page cache-miss counters (Disco used FLASH's), so
 * the daemon's evidence is TLB misses.  Most of a guest's host TLB misses
 * never leave the refill vector (the L2TLB serves them), so the vector
 * counts them down (vcpu/entry.S, sample_left) and every
 * numa_sample_period-th one leaves through the monitor as a sample; misses
 * that reach the monitor anyway are counted down the same way.  A sample
 * costs one exit (about 2,000 instructions on the emulated host), so the
 * default period keeps the cost a small fraction of the refills' own.
 * Sampling runs on hosts with two or more nodes with memory while
 * numa_enable is set, for every VM: it is also how the local-access
 * fraction is measured (DISCO_VM_GET_NUMA), policy on or off.
 */
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "numa.h"
#include "policy_core.h"
#include "../mmu/mmu.h"
#include "../vcpu/vcpu.h"

/* After the pmap: each page starts on the node its memory came from. */
int disco_numa_vm_init(struct disco_vm *vm)
{
	unsigned long gfn;

	vm->numa_policy = !(vm->flags & DISCO_VM_NO_NUMA);
	vm->numa_pages = kvcalloc(vm->nr_pages, sizeof(*vm->numa_pages),
				  GFP_KERNEL_ACCOUNT);
	if (!vm->numa_pages)
		return -ENOMEM;
	for (gfn = 0; gfn < vm->nr_pages; gfn++)
		disco_numa_page_init(&vm->numa_pages[gfn],
				     page_to_nid(vm->pmap[gfn]));
	return 0;
}

void disco_numa_vm_free(struct disco_vm *vm)
{
	kvfree(vm->numa_pages);
	vm->numa_pages = NULL;
}

/* Before entering the guest: how often the vector samples. */
void disco_numa_arm(struct disco_vcpu *vcpu)
{
	u64 period = disco_numad_active() ? disco_numa_sample_period() : 0;

	vcpu->arch.sample_period = period;
	if (!period)
		vcpu->arch.sample_left = 0;	/* counts down from 2^64 */
	else if (!vcpu->arch.sample_left || vcpu->arch.sample_left > period)
		vcpu->arch.sample_left = period;
}

/* Is the refill being handled a sample?  Once per exit. */
bool disco_numa_sample_due(struct disco_vcpu *vcpu)
{
	struct disco_vcpu_arch *arch = &vcpu->arch;

	if (arch->sampled) {
		arch->sampled = 0;
		return true;
	}
	if (!arch->sample_period || (arch->exit_vec != DISCO_VEC_REFILL &&
				     arch->exit_vec != DISCO_VEC_XREFILL))
		return false;
	if (--arch->sample_left)
		return false;
	arch->sample_left = arch->sample_period;
	return true;
}

/**
 * disco_numa_sample - count a sampled miss on guest page @gpa.
 * @vcpu:	the vCPU that missed, on the CPU it missed on
 * @gpa:	guest-physical address missed on
 * @write:	the access was a store
 * @local:	the machine page it reached is on the CPU's node
 */
void disco_numa_sample(struct disco_vcpu *vcpu, u64 gpa, bool write, bool local)
{
	struct disco_vm *vm = vcpu->vm;

	spin_lock(&vm->numa_lock);
	disco_numa_record(&vm->numa_pages[gpa >> PAGE_SHIFT], numa_node_id(),
			  write);
	spin_unlock(&vm->numa_lock);
	vcpu->stats.numa_samples++;
	if (local)
		vcpu->stats.numa_local_samples++;
}
