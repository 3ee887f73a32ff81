// SPDX-License-Identifier: GPL-2.0
/*
 * Host TLB entries for guest mappings, and the host ASIDs they live under.
 *
 * Each guest ASID of a vCPU gets a host ASID context: a bare mm_struct that
 * Linux's own allocator (check_mmu_context) hands ASIDs to, per host CPU
 * and with generations.  Switching guest ASID or host CPU therefore needs
 * no TLB flush; dropping a context (its ASID numbers go stale everywhere)
 * retires every host TLB entry made under it, because Linux never hands an
 * ASID number out again without flushing the TLB first.
 */
#include <linux/cpumask.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/hazards.h>
#include <asm/mipsregs.h>
#include <asm/mmu_context.h>
#include <asm/cpu-type.h>
#include <asm/tlb.h>

#include "mmu.h"
#include "../vcpu/vcpu.h"
#include "../trace.h"


/* The guest's current context: its ASID and mode (disco.h). */
unsigned int disco_ctx_index(const struct disco_vcpu *vcpu)
{
	return disco_ctx_mode(vcpu) * DISCO_NR_GUEST_ASIDS +
	       (vcpu->cp0.entryhi & 0xff);
}

/* Make the context for the guest's current ASID and mode (may sleep). */
int disco_ctx_prepare(struct disco_vcpu *vcpu)
{
	unsigned int i = disco_ctx_index(vcpu);
	struct mm_struct *mm;

	if (vcpu->ctx[i])
		return 0;
	mm = kzalloc(sizeof(*mm) + cpumask_size(), GFP_KERNEL_ACCOUNT);
	if (!mm)
		return -ENOMEM;
	vcpu->ctx[i] = mm;
	return 0;
}

/**
 * disco_ctx_activate - the host ASID for the guest's current context.
 * @vcpu: the vCPU, whose context disco_ctx_prepare() made
 *
 * Interrupts must be off.  If a new ASID cycle starts here, Linux flushes
 * the whole TLB and the running task's own ASID becomes stale as well, so
 * it is checked and reloaded too.
 *
 * Return: the ASID to put in EntryHi.
 */
u64 disco_ctx_activate(struct disco_vcpu *vcpu)
{
	struct mm_struct *mm = vcpu->ctx[disco_ctx_index(vcpu)];
	unsigned int cpu = smp_processor_id();
	u64 cycle = asid_cache(cpu) & asid_version_mask(cpu);

	/*
	 * Page moves send their shootdown IPIs to the CPUs in ran_on
	 * (memmap.c): be in it before any entry of ours can be here, and
	 * before an L2TLB entry is read (paired with the barrier there).
	 */
	if (!cpumask_test_cpu(cpu, &vcpu->vm->ran_on)) {
		cpumask_set_cpu(cpu, &vcpu->vm->ran_on);
		smp_mb__after_atomic();	/* the bit before any L2TLB read */
	}

	check_mmu_context(mm);
	if ((asid_cache(cpu) & asid_version_mask(cpu)) != cycle)
		vcpu->stats.asid_rollovers++;
	check_switch_mmu_context(current->active_mm);
	return cpu_asid(cpu, mm);
}

/* Does @mm hold a live ASID on this CPU (entries may be in its TLB)? */
static bool ctx_live_here(struct mm_struct *mm, unsigned int cpu)
{
	return !((cpu_context(cpu, mm) ^ asid_cache(cpu)) & asid_version_mask(cpu));
}

static void flush_micro_tlbs(void)
{
	if (current_cpu_type() == CPU_LOONGSON64)
		write_c0_diag(read_c0_diag() | LOONGSON_DIAG_ITLB |
			      LOONGSON_DIAG_DTLB);
}

/* Invalidate the host pairs of [start, start + size) under @asid here. */
static void invalidate_local(u64 start, u64 size, u64 asid)
{
	unsigned long old_hi = read_c0_entryhi();
	u64 va;
	int idx;

	for (va = start; va < start + size; va += 2 * PAGE_SIZE) {
		write_c0_entryhi(va | asid);
		mtc0_tlbw_hazard();
		tlb_probe();
		tlb_probe_hazard();
		idx = read_c0_index();
		if (idx < 0)
			continue;
		write_c0_entryhi(UNIQUE_ENTRYHI(idx));
		write_c0_entrylo0(0);
		write_c0_entrylo1(0);
		mtc0_tlbw_hazard();
		tlb_write_indexed();
		tlbw_use_hazard();
	}
	write_c0_entryhi(old_hi);
	mtc0_tlbw_hazard();
	flush_micro_tlbs();
}

/**
 * disco_shadow_invalidate_here - drop one pair of a context from this CPU.
 * @mm:		the host context (may be NULL: nothing to do)
 * @va:		guest virtual address of the pair
 *
 * Interrupts off (an IPI handler).  A context without a live ASID here has
 * no entries here.
 */
void disco_shadow_invalidate_here(struct mm_struct *mm, u64 va)
{
	unsigned int cpu = smp_processor_id();

	if (mm && ctx_live_here(mm, cpu))
		invalidate_local(va & ~(2 * PAGE_SIZE - 1), 2 * PAGE_SIZE,
				 cpu_asid(cpu, mm));
}

static void invalidate_ctx(struct disco_vcpu *vcpu, struct mm_struct *mm,
			   u64 start, u64 size)
{
	unsigned int cpu, here;
	unsigned long flags;

	if (!mm)
		return;
	local_irq_save(flags);
	here = smp_processor_id();
	/* Elsewhere the context just gets a fresh ASID when next used there. */
	for_each_possible_cpu(cpu)
		if (cpu != here)
			set_cpu_context(cpu, mm, 0);
	if (ctx_live_here(mm, here)) {
		if (size / (2 * PAGE_SIZE) > current_cpu_data.tlbsize) {
			set_cpu_context(here, mm, 0);
			vcpu->stats.asid_flushes++;
		} else {
			invalidate_local(start, size, cpu_asid(here, mm));
		}
	}
	local_irq_restore(flags);
}

/**
 * disco_shadow_invalidate - remove host TLB entries for a guest VA range.
 * @vcpu:	the vCPU whose shadows
 * @start:	first guest virtual address, page-pair aligned
 * @size:	bytes
 * @asid:	guest ASID of the context, or -1 for every context (global)
 *
 * On this CPU the pairs are probed and invalidated; on the others the
 * context's ASID is retired, which retires all its entries there.
 */
void disco_shadow_invalidate(struct disco_vcpu *vcpu, u64 start, u64 size,
			     int asid)
{
	unsigned int i;

	if (asid >= 0) {
		/* ERL contexts never map through the guest TLB. */
		invalidate_ctx(vcpu, vcpu->ctx[asid], start, size);
		invalidate_ctx(vcpu, vcpu->ctx[asid + DISCO_NR_GUEST_ASIDS],
			       start, size);
		return;
	}
	for (i = 0; i < DISCO_NR_CONTEXTS; i++)
		invalidate_ctx(vcpu, vcpu->ctx[i], start, size);
}

void disco_ctx_free_all(struct disco_vcpu *vcpu)
{
	unsigned int asid;

	for (asid = 0; asid < DISCO_NR_CONTEXTS; asid++) {
		kfree(vcpu->ctx[asid]);
		vcpu->ctx[asid] = NULL;
	}
}

/* EntryLo for a machine page: the host's cacheable attribute, never global. */
u64 disco_machine_entrylo(struct page *page, bool dirty)
{
	u64 pfn = page_to_phys(page) >> 12;
	u64 cca = read_c0_config() & CONF_CM_CMASK;

	return (pfn << 6) | (cca << 3) | (dirty ? DISCO_LO_D : 0) | DISCO_LO_V;
}

/**
 * disco_shadow_fill - install one host TLB entry pair for the guest.
 * @vcpu:	the vCPU, in its current guest context
 * @va:		a guest virtual address in the pair
 * @lo0, @lo1:	machine EntryLo values for the even and odd page
 *
 * Replaces the pair's entry if the TLB holds one (never two entries for one
 * VPN2), and leaves EntryHi and PageMask as Linux expects them.
 */
void disco_shadow_fill(struct disco_vcpu *vcpu, u64 va, u64 lo0, u64 lo1)
{
	unsigned long flags, old_hi;
	u64 asid;
	int idx;

	local_irq_save(flags);
	asid = disco_ctx_activate(vcpu);
	old_hi = read_c0_entryhi();
	write_c0_entryhi((va & ~(2 * PAGE_SIZE - 1)) | asid);
	mtc0_tlbw_hazard();
	tlb_probe();
	tlb_probe_hazard();
	idx = read_c0_index();
	write_c0_pagemask(PM_DEFAULT_MASK);
	write_c0_entrylo0(lo0);
	write_c0_entrylo1(lo1);
	mtc0_tlbw_hazard();
	if (idx < 0)
		tlb_write_random();
	else
		tlb_write_indexed();
	tlbw_use_hazard();
	write_c0_entryhi(old_hi);
	mtc0_tlbw_hazard();
	local_irq_restore(flags);
	vcpu->stats.tlb_fills++;
	trace_disco_tlb_fill(vcpu->id, va, lo0, lo1);
}
