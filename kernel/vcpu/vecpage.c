// SPDX-License-Identifier: GPL-2.0
/*
 * The vector page: where every guest exception lands.
 *
 * While a guest runs, EBase points at this page instead of the host's
 * vectors, so no host handler is patched.  Neither Loongson-3 model has
 * EBase.WG, so the page must be reachable through KSEG0: it has to sit in
 * the first 512 MiB of physical memory, and on loongson3-virt that RAM ends
 * at 0x0f000000 (0x10000000-0x1fffffff is I/O).  Pages are taken from the
 * allocator until one is low enough, from node 0 only: on a NUMA
 * Loongson-3 node n's memory starts at n << 44, so only node 0 has low
 * RAM, and a CPU on another node would drain its own node first.
 */
#include <linux/context_tracking.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/vtime.h>
#include <asm/cacheflush.h>
#include <asm/cpu-features.h>
#include <asm/mipsregs.h>
#include <asm/setup.h>
#include <asm/traps.h>

#include "layout.h"
#include "vcpu.h"
#include "../mmu/mmu.h"

#define VECPAGE_PHYS_LIMIT	0x0f000000UL

static struct page *vec_page;
static void *vec_base;			/* KSEG0 address of the page */
static void (*vec_enter)(struct disco_vcpu_arch *arch);

static struct page *alloc_low_page(void)
{
	struct page *page, *tmp, *found = NULL;
	unsigned long i, tries = totalram_pages();
	LIST_HEAD(rejects);

	/*
	 * As many tries as the host has pages: the allocator may hand out all
	 * of high RAM first (a debug kernel's layout does), and the rejects
	 * are only held until a low page turns up.
	 */
	for (i = 0; i < tries && !found; i++) {
		page = alloc_pages_node(0, GFP_KERNEL | __GFP_THISNODE |
					__GFP_NOWARN | __GFP_NORETRY, 0);
		if (!page)
			break;
		if (page_to_phys(page) + PAGE_SIZE <= VECPAGE_PHYS_LIMIT)
			found = page;
		else
			list_add(&page->lru, &rejects);
	}
	list_for_each_entry_safe(page, tmp, &rejects, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	return found;
}

int disco_vecpage_init(void)
{
	size_t len = disco_vecpage_code_end - disco_vecpage_code;

	BUILD_BUG_ON(PAGE_SIZE < 2 * VEC_OFF_SLOTS);
	if (WARN_ON(len > VEC_CODE_MAX))
		return -EINVAL;
	if (cpu_has_mmid) {
		pr_err("disco: MMID hosts are not supported\n");
		return -ENODEV;
	}

	vec_page = alloc_low_page();
	if (!vec_page) {
		pr_err("disco: no free page below %#lx for the exception vectors\n",
		       VECPAGE_PHYS_LIMIT);
		return -ENOMEM;
	}
	vec_base = (void *)CKSEG0ADDR(page_to_phys(vec_page));
	memset(vec_base, 0, PAGE_SIZE);
	memcpy(vec_base, disco_vecpage_code, len);
	*(u64 *)(vec_base + VEC_OFF_HOST_EBASE) = ebase;
	flush_icache_range((unsigned long)vec_base,
			   (unsigned long)vec_base + PAGE_SIZE);
	vec_enter = vec_base + (disco_enter_guest - disco_vecpage_code);
	pr_info("disco: vector page at physical %pa\n",
		&(phys_addr_t){ page_to_phys(vec_page) });
	return 0;
}

void disco_vecpage_exit(void)
{
	if (vec_page)
		__free_page(vec_page);
	vec_page = NULL;
}

/*
 * The Status the guest runs under: its mode, the host's interrupt mask,
 * its UX (so xuseg beyond 2 GiB is an address error when it is off; SX
 * stays on for the direct window, KX for the exit path's XKPHYS),
 * CU1 and FR only while its FPU registers are loaded (and FCSR is exact
 * in the hardware), its CU2 (Loongson's
 * MMI and gslq/gssq need no state of their own).
 */
static u64 guest_hw_status(struct disco_vcpu *vcpu)
{
	u32 mode = disco_guest_user_mode(vcpu) ? KSU_USER : KSU_SUPERVISOR;
	u32 gst = vcpu->cp0.status;
	u64 st = ST0_KX | ST0_SX | (gst & DISCO_ST_UX) | mode | ST0_EXL |
		 ST0_IE | (read_c0_status() & ST0_IM);

	if (vcpu->fpu_loaded && !vcpu->fcsr_pending && (gst & DISCO_ST_CU1))
		st |= ST0_CU1 | (gst & DISCO_ST_FR);
	return st | (gst & DISCO_ST_CU2);
}

/* Guest time is a quiescent state for RCU and counts as guest time. */
static __always_inline void disco_guest_enter_irqoff(void)
{
	vtime_account_guest_enter();
	if (!context_tracking_guest_enter())
		rcu_virt_note_context_switch(smp_processor_id());
}

static __always_inline void disco_guest_exit_irqoff(void)
{
	context_tracking_guest_exit();
	vtime_account_guest_exit();
}

/**
 * disco_vecpage_enter - run the guest until its next exception.
 * @vcpu: the vCPU, whose host ASID context is prepared
 *
 * Return: 0, or -EIO if this CPU cannot run guests (CPUNum too large).
 */
int disco_vecpage_enter(struct disco_vcpu *vcpu)
{
	struct disco_vcpu_arch **slot;
	unsigned int hwcpu;
	unsigned long watchlo = 0;
	u32 cause_iv;

	local_irq_disable();
	hwcpu = read_c0_ebase() & 0x3ff;
	if (WARN_ON_ONCE(hwcpu >= VEC_MAX_CPUS)) {
		local_irq_enable();
		return -EIO;
	}
	slot = vec_base + VEC_OFF_SLOTS + (hwcpu << VEC_SLOT_SHIFT);
	*slot = &vcpu->arch;
	vcpu->arch.vec_ebase = (unsigned long)vec_base;
	vcpu->arch.hw_entryhi = disco_ctx_activate(vcpu);
	vcpu->arch.l2tlb_tag = disco_l2tlb_context_tag(vcpu);
	vcpu->arch.hw_status = guest_hw_status(vcpu);

	/* Host interrupts come through +0x180 (no vectored interrupts). */
	cause_iv = read_c0_cause() & CAUSEF_IV;
	if (cause_iv)
		clear_c0_cause(CAUSEF_IV);
	if (cpu_has_watch) {
		watchlo = read_c0_watchlo0();
		write_c0_watchlo0(0);
	}

	disco_guest_enter_irqoff();
	vec_enter(&vcpu->arch);
	disco_guest_exit_irqoff();

	if (cpu_has_watch)
		write_c0_watchlo0(watchlo);
	if (cause_iv)
		set_c0_cause(CAUSEF_IV);
	*slot = NULL;
	local_irq_enable();
	return 0;
}
