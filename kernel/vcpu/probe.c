// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time check that this CPU deprivileges the way disco relies on.
 *
 * QEMU implements MIPS supervisor mode for every model; whether Loongson-3
 * silicon does is unconfirmed.  So before /dev/disco appears, a one-page
 * guest runs through the real run loop and must show that, in supervisor
 * mode, xsseg is reachable through the monitor's mappings, a kseg0 load
 * raises an address error (reflected to the guest's handler), mfc0 traps
 * (Coprocessor Unusable) and the monitor call works.  If not, the module
 * refuses to load.
 */
#include <linux/kernel.h>
#include <linux/module.h>

#include "vcpu.h"
#include "../mmu/mmu.h"

#define PROBE_ENTRY	0x400
#define PROBE_HANDLER	0x180		/* guest EBase 0x80000000: general vector */
#define PROBE_DATA	0x1000
#define PROBE_MAGIC	0x0d15c0ULL

static const u32 probe_code[] = {
	0x3c0c4000,	/* lui	 t0, 0x4000		*/
	0x000c603c,	/* dsll32 t0, t0, 0	t0 = xsseg	*/
	0xdd8d1000,	/* ld	 t1, 0x1000(t0)	the magic	*/
	0x3c0e8000,	/* lui	 t2, 0x8000	t2 = kseg0	*/
	0xddcf0000,	/* ld	 t3, 0(t2)	AdEL		*/
	0x1000ffff,	/* b	 .				*/
	0x00000000,	/* nop					*/
};

static const u32 probe_handler[] = {
	0x40056800,	/* mfc0	 a1, Cause	(traps)		*/
	0x40264000,	/* dmfc0 a2, BadVAddr	(traps)		*/
	0x01a02025,	/* move	 a0, t1				*/
	0x34020003,	/* li	 v0, DISCO_MC_EXIT		*/
	DISCO_HYPCALL_INSN,
	0x1000ffff,	/* b	 .				*/
	0x00000000,	/* nop					*/
};

static int probe_check(struct disco_vcpu *vcpu, const struct disco_run *run)
{
	u64 *gpr = vcpu->arch.gpr;
	u32 exccode = (gpr[5] >> 2) & 0x1f;

	if (run->exit_reason != DISCO_EXIT_GUEST || run->exit_code != PROBE_MAGIC) {
		pr_err("disco: probe guest ended with reason %u code %#x fault %u at pc %#llx\n",
		       run->exit_reason, run->exit_code, run->fault, run->pc);
		return -ENODEV;
	}
	if (exccode != EXC_ADEL || gpr[6] != 0xffffffff80000000ULL ||
	    !vcpu->stats.exits_by_cause[EXC_ADEL] ||
	    !vcpu->stats.exits_by_cause[EXC_CPU]) {
		pr_err("disco: supervisor mode misbehaves: kseg0 load gave ExcCode %u BadVAddr %#llx (AdEL exits %llu, CpU exits %llu)\n",
		       exccode, gpr[6], vcpu->stats.exits_by_cause[EXC_ADEL],
		       vcpu->stats.exits_by_cause[EXC_CPU]);
		return -ENODEV;
	}
	return 0;
}

int disco_probe_supervisor(void)
{
	const struct disco_vm_create args = {
		.name = "disco-probe",
		.mem_size = DISCO_PAGE_SIZE,
		.max_vcpus = 1,
	};
	const u64 magic = PROBE_MAGIC;
	struct disco_vcpu *vcpu;
	struct disco_run run;
	struct disco_vm *vm;
	int ret;

	vm = disco_vm_alloc(&args);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	ret = -ENOMEM;
	vcpu = disco_vcpu_create(vm, 0);
	if (!vcpu)
		goto out;
	vm->vcpus[0] = vcpu;
	vm->nr_vcpus = 1;

	disco_pmap_write(vm, PROBE_ENTRY, probe_code, sizeof(probe_code));
	disco_pmap_write(vm, PROBE_HANDLER, probe_handler, sizeof(probe_handler));
	disco_pmap_write(vm, PROBE_DATA, &magic, sizeof(magic));
	vcpu->arch.pc = DISCO_XSSEG_BASE + PROBE_ENTRY;

	ret = disco_vcpu_run(vcpu, &run);
	if (!ret)
		ret = probe_check(vcpu, &run);
	else
		pr_err("disco: probe guest did not finish (%d)\n", ret);
	if (!ret)
		pr_info("disco: supervisor mode verified (%llu exits)\n",
			vcpu->stats.exits);
out:
	disco_vm_put(vm);
	return ret;
}
