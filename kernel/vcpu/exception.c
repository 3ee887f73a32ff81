// SPDX-License-Identifier: GPL-2.0
/*
 * Delivering exceptions to the guest's own vectors, as the MIPS64
 * privileged architecture specifies: EPC and Cause.BD unless Status.EXL
 * was already set, Cause.ExcCode, BadVAddr/EntryHi/Context/XContext for
 * address and TLB exceptions, Status.EXL, and the vector offset.
 *
 * The guest's EBase is a kseg0 value as on real hardware; its vectors are
 * at guest-physical EBase & 0x1ffff000, reached through the direct window.
 */
#include "vcpu.h"
#include "../mmu/mmu.h"
#include "../trace.h"

#define VEC_REFILL32		0x000
#define VEC_REFILL64		0x080
#define VEC_GENERAL		0x180
#define VEC_INTERRUPT		0x200
#define EBASE_GPA_MASK		0x1ffff000U

/* The 64-bit refill vector serves a segment whose 64-bit mode bit is set. */
static bool refill_is_64bit(const struct disco_vcpu *vcpu, u64 va)
{
	u32 status = vcpu->cp0.status;

	switch (va >> 62) {
	case 0:
		return status & DISCO_ST_UX;
	case 1:
		return status & DISCO_ST_SX;
	default:
		return status & DISCO_ST_KX;
	}
}

static u32 vector_offset(struct disco_vcpu *vcpu, enum disco_vector vector,
			 bool exl)
{
	if (vector == DISCO_VECTOR_REFILL && !exl)
		return refill_is_64bit(vcpu, vcpu->cp0.badvaddr) ?
		       VEC_REFILL64 : VEC_REFILL32;
	if (vector == DISCO_VECTOR_INTERRUPT && (vcpu->cp0.cause & DISCO_CAUSE_IV))
		return VEC_INTERRUPT;
	return VEC_GENERAL;
}

/**
 * disco_deliver - raise an exception in the guest.
 * @vcpu:	the vCPU; arch.pc and arch.exit_cause.BD say where it happened
 * @exccode:	Cause.ExcCode to report
 * @vector:	which vector serves it
 *
 * Return: DISCO_RESUME_GUEST, or DISCO_RESUME_HALT if the guest has no
 * usable vector (Status.BEV set: the model has no boot ROM; or a vector
 * outside guest RAM).
 */
enum disco_resume disco_deliver(struct disco_vcpu *vcpu, unsigned int exccode,
				enum disco_vector vector)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	bool exl = cp0->status & DISCO_ST_EXL;
	u64 gpa;

	if (cp0->status & DISCO_ST_BEV)
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0, DISCO_FAULT_BEV);

	if (!exl) {
		cp0->epc = vcpu->arch.pc;
		cp0->cause &= ~DISCO_CAUSE_BD;
		cp0->cause |= vcpu->arch.exit_cause & DISCO_CAUSE_BD;
	}
	cp0->cause &= ~(DISCO_CAUSE_EXC | DISCO_CAUSE_CE);
	cp0->cause |= exccode << 2;
	if (exccode == EXC_CPU)
		cp0->cause |= vcpu->arch.exit_cause & DISCO_CAUSE_CE;
	cp0->status |= DISCO_ST_EXL;

	gpa = (cp0->ebase & EBASE_GPA_MASK) + vector_offset(vcpu, vector, exl);
	if (!disco_gpa_valid(vcpu->vm, gpa, 4))
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0,
				       DISCO_FAULT_VECTOR);
	vcpu->arch.pc = DISCO_XSSEG_BASE + gpa;
	vcpu->stats.guest_exceptions++;
	trace_disco_deliver(vcpu->id, exccode, cp0->epc, vcpu->arch.pc);
	return DISCO_RESUME_GUEST;
}

enum disco_resume disco_deliver_addr(struct disco_vcpu *vcpu,
				     unsigned int exccode, u64 badvaddr)
{
	vcpu->cp0.badvaddr = badvaddr;
	return disco_deliver(vcpu, exccode, DISCO_VECTOR_GENERAL);
}

/* Context.BadVPN2 is VA[31:13] at bit 4; XContext adds R and VA[47:31]. */
static void set_tlb_fault_regs(struct disco_vcp0 *cp0, u64 va)
{
	const u64 vpn2_bits = DISCO_SEGBITS - 13;
	u64 vpn2 = (va >> 13) & ((1ULL << vpn2_bits) - 1);
	u64 r = va >> 62;

	cp0->entryhi = (cp0->entryhi & 0xff) |
		       (va & (0xc000000000000000ULL | DISCO_ENTRYHI_VPN2));
	cp0->context = (cp0->context & DISCO_CONTEXT_WMASK) |
		       (((va >> 13) & 0x7ffff) << 4);
	cp0->xcontext = (cp0->xcontext & DISCO_XCONTEXT_WMASK) |
			(r << (vpn2_bits + 4)) | (vpn2 << 4);
}

enum disco_resume disco_deliver_tlb(struct disco_vcpu *vcpu,
				    unsigned int exccode, u64 badvaddr,
				    bool refill)
{
	vcpu->cp0.badvaddr = badvaddr;
	set_tlb_fault_regs(&vcpu->cp0, badvaddr);
	return disco_deliver(vcpu, exccode, refill ? DISCO_VECTOR_REFILL :
			     DISCO_VECTOR_GENERAL);
}

bool disco_interrupt_pending(struct disco_vcpu *vcpu)
{
	return disco_cp0_cause(vcpu) & vcpu->cp0.status & DISCO_ST_IM;
}

/* Called before every entry: take a pending, enabled interrupt. */
enum disco_resume disco_deliver_interrupts(struct disco_vcpu *vcpu)
{
	u32 status = vcpu->cp0.status;

	if (!(status & DISCO_ST_IE) || (status & (DISCO_ST_EXL | DISCO_ST_ERL)))
		return DISCO_RESUME_GUEST;
	if (!disco_interrupt_pending(vcpu))
		return DISCO_RESUME_GUEST;
	/* The interrupted instruction has not run: EPC is it, not in a slot. */
	vcpu->arch.exit_cause &= ~DISCO_CAUSE_BD;
	vcpu->stats.guest_interrupts++;
	return disco_deliver(vcpu, EXC_INT, DISCO_VECTOR_INTERRUPT);
}
