// SPDX-License-Identifier: GPL-2.0
/*
 * What to do when the guest leaves native execution: dispatch on the
 * hardware's Cause.ExcCode.
 */
#include "vcpu.h"
#include "../mmu/mmu.h"
#include "../trace.h"

/**
 * disco_handle_exit - handle one exit from the guest.
 * @vcpu: the vCPU; arch.* holds what the vectors saved
 *
 * Runs in process context with interrupts on.
 * Return: whether to resume the guest, stop, or leave for a signal.
 */
enum disco_resume disco_handle_exit(struct disco_vcpu *vcpu)
{
	u32 cause = vcpu->arch.exit_cause;
	unsigned int exccode = (cause & DISCO_CAUSE_EXC) >> 2;

	vcpu->stats.exits++;
	vcpu->stats.exits_by_cause[exccode]++;
	trace_disco_exit(vcpu->vm->name, vcpu->id, exccode, vcpu->arch.pc,
			 vcpu->arch.exit_badvaddr);

	switch (exccode) {
	case EXC_INT:
		/* The host's interrupt: Linux took it when interrupts came back on. */
		return DISCO_RESUME_GUEST;
	case EXC_MOD:
	case EXC_TLBL:
	case EXC_TLBS:
		return disco_mmu_fault(vcpu, exccode);
	case EXC_ADEL:
		/*
		 * A misaligned PC is a fetch error whose BadVAddr is the PC.
		 * QEMU sets BadVAddr for it only when it translates the code,
		 * so a cached translation leaves a stale, host, value there:
		 * never pass that on.
		 */
		if (vcpu->arch.pc & 3)
			vcpu->arch.exit_badvaddr = vcpu->arch.pc;
		fallthrough;
	case EXC_ADES:
		/* A segment supervisor/user mode may not use: the guest's too. */
		return disco_deliver_addr(vcpu, exccode, vcpu->arch.exit_badvaddr);
	case EXC_CPU:
		/* CE=0: a privileged instruction. */
		if (!(cause & DISCO_CAUSE_CE))
			return disco_emulate(vcpu, EXC_CPU);
		/* CE=1 with the guest's CU1 on: the monitor holds its FPU. */
		if ((cause & DISCO_CAUSE_CE) == (1U << 28) &&
		    (vcpu->cp0.status & DISCO_ST_CU1))
			return disco_fpu_trap(vcpu);
		break;
	case EXC_RI:
		return disco_emulate(vcpu, EXC_RI);
	case EXC_WATCH:
		/* Host watchpoints are off while guests run: nothing to report. */
		return DISCO_RESUME_GUEST;
	case EXC_MCHECK:
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0, DISCO_FAULT_MCHECK);
	}
	return disco_deliver(vcpu, exccode, DISCO_VECTOR_GENERAL);
}
