// SPDX-License-Identifier: GPL-2.0
/*
 * What to do when the guest leaves native execution: dispatch on the
 * hardware's Cause.ExcCode.
 */
#include <linux/kernel.h>
#include <linux/ratelimit.h>

#include "vcpu.h"
#include "../mmu/mmu.h"
#include "../trace.h"

#define REG_RA		31

/* The segment of @va if supervisor mode may not use it, else NULL. */
static const char *forbidden_segment(u64 va)
{
	const u64 seg_size = 1ULL << DISCO_SEGBITS;

	if (va < seg_size ||
	    (va >= DISCO_XSSEG_BASE && va - DISCO_XSSEG_BASE < seg_size))
		return NULL;		/* xuseg, xsseg: misaligned */
	if (va >= 0xffffffff80000000ULL) {
		if (disco_in_csseg(va))
			return "csseg";
		if (va >= 0xffffffffe0000000ULL)
			return "kseg3";
		return va >= 0xffffffffa0000000ULL ? "kseg1" : "kseg0";
	}
	if (va >= 0xc000000000000000ULL)
		return "xkseg";
	if (va >= 0x8000000000000000ULL)
		return "xkphys";
	return "an unimplemented xuseg/xsseg address";
}

/*
 * A guest kernel touching a segment supervisor mode cannot reach is
 * almost always a leftover kseg0/kseg1/xkphys access in a guest port: say
 * exactly where on the VM console (rate-limited), then raise the address
 * error as the hardware would.
 */
static void report_address_error(struct disco_vcpu *vcpu, unsigned int exccode)
{
	static DEFINE_RATELIMIT_STATE(rs, 5 * HZ, 10);
	u64 va = vcpu->arch.exit_badvaddr, pc = disco_exit_insn_pc(vcpu);
	const char *seg = forbidden_segment(va);
	char msg[160];
	int n;

	if (!seg || disco_guest_user_mode(vcpu) || !__ratelimit(&rs))
		return;
	n = scnprintf(msg, sizeof(msg),
		      "\ndisco: vcpu%u: guest kernel %s %s address 0x%llx at pc 0x%llx (ra 0x%llx): address error\n",
		      vcpu->id, va == pc ? "fetch from" :
		      exccode == EXC_ADEL ? "load from" : "store to",
		      seg, va, pc, vcpu->arch.gpr[REG_RA]);
	disco_console_write(&vcpu->vm->console, msg, n);
}

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
		report_address_error(vcpu, exccode);
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
