// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU creation and teardown.
 */
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <asm/cpu-info.h>

#include "fpu.h"
#include "layout.h"
#include "vcpu.h"
#include "../mmu/mmu.h"

static void check_layout(void)
{
	BUILD_BUG_ON(offsetof(struct disco_vcpu, arch) != 0);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, gpr[1]) != ARCH_GPR(1));
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, hi) != ARCH_HI);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, lo) != ARCH_LO);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, pc) != ARCH_PC);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, exit_vec) != ARCH_EXIT_VEC);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, exit_cause) != ARCH_EXIT_CAUSE);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, exit_badvaddr) != ARCH_EXIT_BADVADDR);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, exit_entryhi) != ARCH_EXIT_ENTRYHI);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, exit_status) != ARCH_EXIT_STATUS);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, hw_status) != ARCH_HW_STATUS);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, hw_entryhi) != ARCH_HW_ENTRYHI);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, vec_ebase) != ARCH_VEC_EBASE);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, tlb_size) != ARCH_TLB_SIZE);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_status) != ARCH_HOST_STATUS);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_entryhi) != ARCH_HOST_ENTRYHI);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_ebase) != ARCH_HOST_EBASE);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_hwrena) != ARCH_HOST_HWRENA);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_pagemask) != ARCH_HOST_PAGEMASK);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, host_regs) != ARCH_HOST_REGS);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, purged) != ARCH_PURGED);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, va_mask) != ARCH_VA_MASK);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, csseg_base) != ARCH_CSSEG_BASE);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, l2tlb_tag) != ARCH_L2TAG);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, l2tlb_hits) != ARCH_L2HITS);
	BUILD_BUG_ON(offsetof(struct disco_vcpu_arch, l2tlb) != ARCH_L2TLB);
	BUILD_BUG_ON(sizeof(struct disco_l2tlb_entry) != L2TLB_ENTRY);
	BUILD_BUG_ON(offsetof(struct disco_l2tlb_entry, lo[1]) != L2TLB_LO1);
	BUILD_BUG_ON(sizeof(struct disco_vcpu_arch) != ARCH_SIZE);
	BUILD_BUG_ON(offsetof(struct disco_fpu, fpr[1]) != FPU_FPR(1));
	BUILD_BUG_ON(offsetof(struct disco_fpu, fcsr) != FPU_FCSR);
}

/**
 * disco_vcpu_create - a vCPU in its reset state.
 * @vm:	the VM it belongs to
 * @id:	its id (also EBase.CPUNum)
 *
 * The structure is kmalloc'ed on purpose: the exit path writes it before
 * the host's TLB state is back, so it must be unmapped (XKPHYS) memory.
 */
struct disco_vcpu *disco_vcpu_create(struct disco_vm *vm, unsigned int id)
{
	struct disco_vcpu *vcpu;

	check_layout();
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return NULL;
	vcpu->vm = vm;
	vcpu->id = id;
	/*
	 * The vCPU may run on any host CPU and this runs preemptible, so
	 * take the host's TLB size and SEGBITS from the boot CPU (Linux's
	 * own cpu_has_* do the same): a Loongson-3 system's cores are alike.
	 */
	vcpu->arch.tlb_size = boot_cpu_data.tlbsize;
	/*
	 * A TLB entry for csseg holds R=3 and the address's low SEGBITS bits
	 * (the fill bits read as zero): csseg is the top of xkseg.
	 */
	vcpu->arch.va_mask = (1ULL << boot_cpu_data.vmbits) - 1;
	vcpu->arch.csseg_base = (1ULL << boot_cpu_data.vmbits) - SZ_1G;
	mutex_init(&vcpu->run_lock);
	init_waitqueue_head(&vcpu->wq);
	disco_timer_init(vcpu);
	disco_gtlb_reset(vcpu);
	disco_cp0_reset(vcpu);
	if (disco_commpage_init(vcpu)) {
		kfree(vcpu);
		return NULL;
	}
	return vcpu;
}

void disco_vcpu_free(struct disco_vcpu *vcpu)
{
	if (!vcpu)
		return;
	disco_timer_cancel(vcpu);
	disco_ctx_free_all(vcpu);
	disco_commpage_free(vcpu);
	kfree(vcpu);
}
