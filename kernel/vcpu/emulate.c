// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of the privileged instructions a guest kernel traps on.
 *
 * In supervisor mode every CP0 instruction raises Coprocessor Unusable
 * (CE=0) and rdhwr of a disabled register raises Reserved Instruction.
 * The monitor reads the instruction from guest memory, decodes it with
 * decode.c, performs it on the virtual CPU and steps the guest past it
 * (to the branch target when it sat in a delay slot).  Guest user mode
 * gets the architected exception instead.
 */
#include <asm/cacheflush.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

#include "decode.h"
#include "vcpu.h"
#include "../mmu/mmu.h"

#define CACHE_OP_HIT_INV_I	0x10
#define CACHE_LINE		64

static const u8 emul_stat[] = {
	[DISCO_INSN_MFC0] = DISCO_EMUL_MFC0,	[DISCO_INSN_MTC0] = DISCO_EMUL_MTC0,
	[DISCO_INSN_DMFC0] = DISCO_EMUL_DMFC0,	[DISCO_INSN_DMTC0] = DISCO_EMUL_DMTC0,
	[DISCO_INSN_ERET] = DISCO_EMUL_ERET,	[DISCO_INSN_WAIT] = DISCO_EMUL_WAIT,
	[DISCO_INSN_TLBR] = DISCO_EMUL_TLBR,	[DISCO_INSN_TLBWI] = DISCO_EMUL_TLBWI,
	[DISCO_INSN_TLBWR] = DISCO_EMUL_TLBWR,	[DISCO_INSN_TLBP] = DISCO_EMUL_TLBP,
	[DISCO_INSN_DI] = DISCO_EMUL_DI,	[DISCO_INSN_EI] = DISCO_EMUL_EI,
	[DISCO_INSN_CACHE] = DISCO_EMUL_CACHE,	[DISCO_INSN_RDHWR] = DISCO_EMUL_RDHWR,
	[DISCO_INSN_HYPCALL] = DISCO_EMUL_HYPCALL,
};

u64 disco_exit_insn_pc(struct disco_vcpu *vcpu)
{
	return vcpu->arch.pc + ((vcpu->arch.exit_cause & DISCO_CAUSE_BD) ? 4 : 0);
}

int disco_fetch_insn(struct disco_vcpu *vcpu, u64 va, u32 *word)
{
	u64 gpa;

	if ((va & 3) || disco_guest_translate(vcpu, va, &gpa))
		return -EFAULT;
	disco_pmap_read(vcpu->vm, gpa, word, sizeof(*word));
	return 0;
}

/* Where the guest goes once the trapping instruction has completed. */
int disco_next_pc(struct disco_vcpu *vcpu, u64 *next)
{
	u32 branch;

	if (!(vcpu->arch.exit_cause & DISCO_CAUSE_BD)) {
		*next = vcpu->arch.pc + 4;
		return 0;
	}
	if (disco_fetch_insn(vcpu, vcpu->arch.pc, &branch))
		return -EFAULT;
	return disco_branch_next_pc(branch, vcpu->arch.pc, vcpu->arch.gpr, next);
}

static void set_gpr(struct disco_vcpu *vcpu, unsigned int rt, u64 val)
{
	if (rt)
		vcpu->arch.gpr[rt] = val;
}

/* An exception delivered in place of the instruction, or a halt. */
enum disco_emulation disco_emulation_raised(enum disco_resume res)
{
	return res == DISCO_RESUME_HALT ? DISCO_EMULATION_HALTED :
	       DISCO_EMULATION_RAISED;
}

/* wait: sleep until an interrupt is pending (even if masked by IE/EXL). */
static enum disco_emulation emulate_wait(struct disco_vcpu *vcpu)
{
	struct disco_vm *vm = vcpu->vm;

	if (disco_interrupt_pending(vcpu))
		return DISCO_EMULATION_DONE;
	vcpu->stats.waits++;
	if (wait_event_interruptible(vcpu->wq, disco_interrupt_pending(vcpu) ||
				     READ_ONCE(vm->stopped)))
		return DISCO_EMULATION_RETRY;
	return DISCO_EMULATION_DONE;
}

/* Loongson-3 keeps caches coherent with DMA; only I-cache hits matter. */
static void emulate_cache(struct disco_vcpu *vcpu, const struct disco_insn *insn)
{
	u64 va = vcpu->arch.gpr[insn->base] + insn->offset;
	u64 gpa;

	if (insn->op != CACHE_OP_HIT_INV_I || disco_guest_translate(vcpu, va, &gpa))
		return;
	disco_pmap_flush_icache(vcpu->vm, gpa, CACHE_LINE);
}

/* rdhwr: Return false for a register the model does not have. */
static bool emulate_rdhwr(struct disco_vcpu *vcpu, const struct disco_insn *insn)
{
	u64 val;

	switch (insn->rd) {
	case 0:
		val = vcpu->id;			/* CPUNum */
		break;
	case 1:
		val = CACHE_LINE;		/* SYNCI_Step */
		break;
	case 2:
		val = disco_sext32(disco_timer_count(vcpu));	/* CC */
		break;
	case 3:
		val = 1;			/* CCRes: Count ticks every cycle */
		break;
	case 29:
		val = vcpu->cp0.userlocal;	/* ULR: the thread pointer */
		break;
	default:
		return false;
	}
	set_gpr(vcpu, insn->rt, val);
	return true;
}

static void emulate_eret(struct disco_vcpu *vcpu, u64 *next)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;

	if (cp0->status & DISCO_ST_ERL) {
		*next = cp0->error_epc;
		cp0->status &= ~DISCO_ST_ERL;
	} else {
		*next = cp0->epc;
		cp0->status &= ~DISCO_ST_EXL;
	}
}

/* The guest kernel's privileged instructions. */
static enum disco_emulation emulate_kernel(struct disco_vcpu *vcpu,
					const struct disco_insn *insn, u64 *next)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	u64 rt = vcpu->arch.gpr[insn->rt];

	switch (insn->kind) {
	case DISCO_INSN_MFC0:
		set_gpr(vcpu, insn->rt,
			disco_sext32(disco_cp0_read(vcpu, insn->rd, insn->sel)));
		break;
	case DISCO_INSN_DMFC0:
		set_gpr(vcpu, insn->rt, disco_cp0_read(vcpu, insn->rd, insn->sel));
		break;
	case DISCO_INSN_MTC0:
		disco_cp0_write(vcpu, insn->rd, insn->sel, disco_sext32(rt));
		break;
	case DISCO_INSN_DMTC0:
		disco_cp0_write(vcpu, insn->rd, insn->sel, rt);
		break;
	case DISCO_INSN_ERET:
		emulate_eret(vcpu, next);
		break;
	case DISCO_INSN_WAIT:
		return emulate_wait(vcpu);
	case DISCO_INSN_TLBR:
		disco_gtlb_read(vcpu);
		break;
	case DISCO_INSN_TLBWI:
		disco_gtlb_write(vcpu, cp0->index);
		break;
	case DISCO_INSN_TLBWR:
		disco_gtlb_write(vcpu, disco_gtlb_random(vcpu));
		break;
	case DISCO_INSN_TLBP:
		disco_gtlb_probe(vcpu);
		break;
	case DISCO_INSN_DI:
	case DISCO_INSN_EI:
		set_gpr(vcpu, insn->rt, disco_sext32(cp0->status));
		if (insn->kind == DISCO_INSN_DI)
			cp0->status &= ~DISCO_ST_IE;
		else
			cp0->status |= DISCO_ST_IE;
		break;
	case DISCO_INSN_CACHE:
		emulate_cache(vcpu, insn);
		break;
	case DISCO_INSN_RDHWR:
		if (!emulate_rdhwr(vcpu, insn))
			return disco_emulation_raised(disco_deliver(vcpu, EXC_RI,
						      DISCO_VECTOR_GENERAL));
		break;
	case DISCO_INSN_HYPCALL:
		return disco_monitor_call(vcpu);
	default:
		/* DERET (no EJTAG) and unknown CP0 functions. */
		return disco_emulation_raised(disco_deliver(vcpu, EXC_RI,
					      DISCO_VECTOR_GENERAL));
	}
	return DISCO_EMULATION_DONE;
}

/**
 * disco_emulate - handle a Coprocessor Unusable (CE=0) or Reserved
 * Instruction exit.
 * @vcpu:	the vCPU that exited
 * @exccode:	EXC_CPU or EXC_RI
 *
 * Return: whether to resume the guest.
 */
enum disco_resume disco_emulate(struct disco_vcpu *vcpu, unsigned int exccode)
{
	u32 status = vcpu->cp0.status;
	struct disco_insn insn;
	u64 next;
	u32 word;

	if (disco_fetch_insn(vcpu, disco_exit_insn_pc(vcpu), &word))
		return disco_mmu_fetch_fault(vcpu, disco_exit_insn_pc(vcpu));
	disco_decode(word, &insn);

	if (disco_guest_user_mode(vcpu)) {
		/* Only rdhwr of a register the guest enabled runs in user mode. */
		if (insn.kind != DISCO_INSN_RDHWR ||
		    !(vcpu->cp0.hwrena & DISCO_HWRENA_WMASK & BIT(insn.rd)))
			return disco_deliver(vcpu, exccode, DISCO_VECTOR_GENERAL);
	} else if (insn.kind == DISCO_INSN_OTHER) {
		/* A CP0 function the model lacks is reserved in kernel mode. */
		return disco_deliver(vcpu, EXC_RI, DISCO_VECTOR_GENERAL);
	}

	/* In a delay slot the branch is read too, and may miss the same way. */
	if (disco_next_pc(vcpu, &next)) {
		if (disco_fetch_insn(vcpu, vcpu->arch.pc, &word))
			return disco_mmu_fetch_fault(vcpu, vcpu->arch.pc);
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0,
				       DISCO_FAULT_UNSUPPORTED);
	}
	if (insn.kind < ARRAY_SIZE(emul_stat))
		vcpu->stats.emulated[emul_stat[insn.kind]]++;
	switch (emulate_kernel(vcpu, &insn, &next)) {
	case DISCO_EMULATION_DONE:
		disco_commpage_rewrite(vcpu, &insn, disco_exit_insn_pc(vcpu),
				       word, status);
		vcpu->arch.pc = next;
		return DISCO_RESUME_GUEST;
	case DISCO_EMULATION_RAISED:
		return DISCO_RESUME_GUEST;
	case DISCO_EMULATION_RETRY:
		return DISCO_RESUME_SIGNAL;
	default:
		return DISCO_RESUME_HALT;
	}
}
