// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's FPU, switched lazily.
 *
 * The guest's registers are in the hardware only from its first FP
 * instruction after a switch (a Coprocessor Unusable exit with CE=1 while
 * the guest has Status.CU1 set) until the vCPU thread is scheduled out or
 * leaves DISCO_VM_RUN, when they are saved again.  Loading starts with
 * lose_fpu(1), so the thread's own user FPU state is safe in its
 * task_struct; host Status never has CU1 set by us once Linux runs.
 *
 * One corner: an FCSR with an enabled Cause bit (after an FP exception
 * was delivered, until the guest's handler clears it) cannot be written
 * back with ctc1, which would raise the exception again, in the host.  The
 * hardware then gets FCSR without those bits and the guest runs with CU1
 * off while the true value stays in software: its cfc1/ctc1 of FCSR trap
 * and are emulated, and any other FP instruction drops the stale bits.
 */
#include <linux/preempt.h>
#include <linux/sched.h>
#include <asm/fpu.h>
#include <asm/mipsregs.h>

#include "decode.h"
#include "fpu.h"
#include "vcpu.h"
#include "../mmu/mmu.h"

static bool guest_fr(const struct disco_vcpu *vcpu)
{
	return vcpu->cp0.status & ST0_FR;
}

/* Run @fn on the FPU with the guest's FR mode; preemption must be off. */
static void with_fpu(struct disco_vcpu *vcpu,
		     void (*fn)(struct disco_fpu *fpu, int fr))
{
	unsigned int status = read_c0_status();
	int fr = guest_fr(vcpu);

	write_c0_status((status & ~ST0_FR) | ST0_CU1 | (fr ? ST0_FR : 0));
	enable_fpu_hazard();
	fn(&vcpu->fpu, fr);
	write_c0_status(status);
	disable_fpu_hazard();
}

static void fpu_restore(struct disco_fpu *fpu, int fr)
{
	disco_fpu_restore(fpu, fr);
}

#define FCSR_CAUSE	0x0003f000U
#define FCSR_E		0x00020000U

/* Cause bits that would raise an FP exception the moment FCSR is written. */
static u32 fcsr_trapping(u32 fcsr)
{
	return fcsr & (((fcsr << 5) | FCSR_E) & FCSR_CAUSE);
}

static void fpu_write_fcsr(struct disco_fpu *fpu, int fr)
{
	write_32bit_cp1_register(CP1_STATUS, fpu->fcsr);
}

/* Take the FPU for the guest: the next entry runs it with CU1 on. */
static void disco_fpu_load(struct disco_vcpu *vcpu)
{
	preempt_disable();
	if (!vcpu->fpu_loaded) {
		lose_fpu(1);
		with_fpu(vcpu, fpu_restore);
		vcpu->fpu_loaded = true;
		vcpu->fcsr_pending = fcsr_trapping(vcpu->fpu.fcsr);
		vcpu->stats.fpu_loads++;
	}
	preempt_enable();
}

/* Give the FPU back: guest registers to memory.  Preemption off. */
void disco_fpu_put(struct disco_vcpu *vcpu)
{
	u32 fcsr = vcpu->fpu.fcsr;

	if (!vcpu->fpu_loaded)
		return;
	with_fpu(vcpu, disco_fpu_save);
	if (vcpu->fcsr_pending)
		vcpu->fpu.fcsr = fcsr;	/* the true value is the software one */
	vcpu->fpu_loaded = false;
	vcpu->fcsr_pending = false;
}

/* cfc1/ctc1 of FCSR while its true value is held in software. */
static enum disco_resume fcsr_access(struct disco_vcpu *vcpu,
				     const struct disco_insn *insn)
{
	u64 next;

	if (disco_next_pc(vcpu, &next))
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0,
				       DISCO_FAULT_UNSUPPORTED);
	if (insn->kind == DISCO_INSN_CFC1) {
		if (insn->rt)
			vcpu->arch.gpr[insn->rt] = disco_sext32(vcpu->fpu.fcsr);
	} else {
		vcpu->fpu.fcsr = vcpu->arch.gpr[insn->rt];
		if (fcsr_trapping(vcpu->fpu.fcsr))
			return disco_deliver(vcpu, EXC_FPE, DISCO_VECTOR_GENERAL);
		preempt_disable();
		if (vcpu->fpu_loaded)
			with_fpu(vcpu, fpu_write_fcsr);
		preempt_enable();
		vcpu->fcsr_pending = false;
	}
	vcpu->arch.pc = next;
	return DISCO_RESUME_GUEST;
}

/**
 * disco_fpu_trap - a Coprocessor Unusable (CE=1) exit with the guest's CU1 on.
 * @vcpu: the vCPU
 *
 * Return: whether to resume the guest.
 */
enum disco_resume disco_fpu_trap(struct disco_vcpu *vcpu)
{
	struct disco_insn insn;
	u32 word;

	if (!vcpu->fpu_loaded) {
		disco_fpu_load(vcpu);
		return DISCO_RESUME_GUEST;
	}
	if (!vcpu->fcsr_pending)
		return DISCO_RESUME_GUEST;
	if (disco_fetch_insn(vcpu, disco_exit_insn_pc(vcpu), &word))
		return disco_mmu_fetch_fault(vcpu, disco_exit_insn_pc(vcpu));
	disco_decode(word, &insn);
	if ((insn.kind == DISCO_INSN_CFC1 || insn.kind == DISCO_INSN_CTC1) &&
	    insn.rd == 31)
		return fcsr_access(vcpu, &insn);
	/* Any other FP instruction: the stale Cause bits go. */
	vcpu->fpu.fcsr &= ~fcsr_trapping(vcpu->fpu.fcsr);
	vcpu->fcsr_pending = false;
	return DISCO_RESUME_GUEST;
}

static struct disco_vcpu *pn_vcpu(struct preempt_notifier *pn)
{
	return container_of(pn, struct disco_vcpu, preempt);
}

static void disco_sched_in(struct preempt_notifier *pn, int cpu)
{
}

/* Another task may own the FPU next: the guest's registers go home. */
static void disco_sched_out(struct preempt_notifier *pn,
			    struct task_struct *next)
{
	disco_fpu_put(pn_vcpu(pn));
}

static struct preempt_ops disco_preempt_ops = {
	.sched_in = disco_sched_in,
	.sched_out = disco_sched_out,
};

void disco_fpu_run_begin(struct disco_vcpu *vcpu)
{
	preempt_notifier_init(&vcpu->preempt, &disco_preempt_ops);
	preempt_notifier_register(&vcpu->preempt);
}

void disco_fpu_run_end(struct disco_vcpu *vcpu)
{
	preempt_disable();
	disco_fpu_put(vcpu);
	preempt_enable();
	preempt_notifier_unregister(&vcpu->preempt);
}

void disco_fpu_init(void)
{
	preempt_notifier_inc();
}

void disco_fpu_exit(void)
{
	preempt_notifier_dec();
}
