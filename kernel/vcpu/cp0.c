// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual CP0: what the guest's mfc0/dmfc0 read and mtc0/dmtc0 write.
 * Registers the model does not have read as zero and ignore writes.
 */
#include "vcpu.h"
#include "../mmu/mmu.h"

enum {
	VC0_INDEX = 0, VC0_RANDOM = 1, VC0_ENTRYLO0 = 2, VC0_ENTRYLO1 = 3,
	VC0_CONTEXT = 4, VC0_USERLOCAL = 4, VC0_PAGEMASK = 5, VC0_WIRED = 6, VC0_HWRENA = 7,
	VC0_BADVADDR = 8, VC0_COUNT = 9, VC0_ENTRYHI = 10, VC0_COMPARE = 11,
	VC0_STATUS = 12, VC0_CAUSE = 13, VC0_EPC = 14, VC0_PRID = 15,
	VC0_CONFIG = 16, VC0_XCONTEXT = 20, VC0_ERROREPC = 30,
};

#define REG(r, s)	((r) << 3 | (s))

static const u32 disco_config[4] = {
	DISCO_CONFIG0, DISCO_CONFIG1, DISCO_CONFIG2, DISCO_CONFIG3,
};

void disco_cp0_reset(struct disco_vcpu *vcpu)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;

	*cp0 = (struct disco_vcp0){
		.random = DISCO_GTLB_SIZE - 1,
		.pagemask = DISCO_PAGEMASK_MIN,
		.status = DISCO_ST_KX | DISCO_ST_SX | DISCO_ST_UX,
		.ebase = 0x80000000U | vcpu->id,
	};
	disco_timer_set_count(vcpu, 0);
}

/*
 * Cause as the guest sees it: the timer's IP7/TI folded in, and on vCPU 0
 * the MMIO devices' lines IP2-IP6, which follow the devices (vio/).
 */
u32 disco_cp0_cause(struct disco_vcpu *vcpu)
{
	const u32 dev_ip = 0x1fU << (8 + DISCO_MMIO_IRQ(0));

	if (test_bit(DISCO_IRQ_TIMER, &vcpu->irq_pending))
		vcpu->cp0.cause |= BIT(8 + DISCO_IRQ_TIMER) | DISCO_CAUSE_TI;
	if (vcpu->id == 0)
		vcpu->cp0.cause = (vcpu->cp0.cause & ~dev_ip) |
				  ((READ_ONCE(vcpu->vm->vio_irqs) << 8) & dev_ip);
	return vcpu->cp0.cause;
}

unsigned int disco_ctx_mode(const struct disco_vcpu *vcpu)
{
	if (vcpu->cp0.status & DISCO_ST_ERL)
		return DISCO_CTX_ERL;
	if (vcpu->commpage && disco_guest_user_mode(vcpu))
		return DISCO_CTX_USER;
	return DISCO_CTX_KERNEL;
}

/* Virtual user mode: KSU=user with EXL and ERL clear. */
bool disco_guest_user_mode(const struct disco_vcpu *vcpu)
{
	u32 st = vcpu->cp0.status;

	return (st & DISCO_ST_KSU) == DISCO_ST_KSU_USER &&
	       !(st & (DISCO_ST_EXL | DISCO_ST_ERL));
}

u64 disco_cp0_read(struct disco_vcpu *vcpu, unsigned int reg, unsigned int sel)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;

	switch (REG(reg, sel)) {
	case REG(VC0_INDEX, 0):		return disco_sext32(cp0->index);
	case REG(VC0_RANDOM, 0):	return cp0->random;
	case REG(VC0_ENTRYLO0, 0):	return cp0->entrylo0;
	case REG(VC0_ENTRYLO1, 0):	return cp0->entrylo1;
	case REG(VC0_CONTEXT, 0):	return cp0->context;
	case REG(VC0_USERLOCAL, 2):	return cp0->userlocal;
	case REG(VC0_PAGEMASK, 0):	return cp0->pagemask;
	case REG(VC0_WIRED, 0):		return cp0->wired;
	case REG(VC0_HWRENA, 0):	return cp0->hwrena;
	case REG(VC0_BADVADDR, 0):	return cp0->badvaddr;
	case REG(VC0_COUNT, 0):		return disco_sext32(disco_timer_count(vcpu));
	case REG(VC0_ENTRYHI, 0):	return cp0->entryhi;
	case REG(VC0_COMPARE, 0):	return disco_sext32(cp0->compare);
	case REG(VC0_STATUS, 0):	return disco_sext32(cp0->status);
	case REG(VC0_STATUS, 1):	return disco_sext32(DISCO_INTCTL);
	case REG(VC0_CAUSE, 0):		return disco_sext32(disco_cp0_cause(vcpu));
	case REG(VC0_EPC, 0):		return cp0->epc;
	case REG(VC0_PRID, 0):		return DISCO_PRID;
	case REG(VC0_PRID, 1):		return disco_sext32(cp0->ebase);
	case REG(VC0_CONFIG, 0):
	case REG(VC0_CONFIG, 1):
	case REG(VC0_CONFIG, 2):
	case REG(VC0_CONFIG, 3):	return disco_sext32(disco_config[sel]);
	case REG(VC0_XCONTEXT, 0):	return cp0->xcontext;
	case REG(VC0_ERROREPC, 0):	return cp0->error_epc;
	}
	return 0;
}

static u64 merge(u64 old, u64 val, u64 wmask)
{
	return (old & ~wmask) | (val & wmask);
}

static void write_entryhi(struct disco_vcpu *vcpu, u64 val)
{
	vcpu->cp0.entryhi = val & DISCO_ENTRYHI_WMASK;
}

/* The FPU registers follow FR: changing it takes them out of the hardware. */
static void write_status(struct disco_vcpu *vcpu, u64 val)
{
	u32 status = merge(vcpu->cp0.status, val, DISCO_STATUS_WMASK);

	if ((status ^ vcpu->cp0.status) & DISCO_ST_FR) {
		preempt_disable();
		disco_fpu_put(vcpu);
		preempt_enable();
	}
	vcpu->cp0.status = status;
}

static void write_wired(struct disco_vcpu *vcpu, u64 val)
{
	/* Out of range is UNPREDICTABLE; we keep the old value. */
	if (val >= DISCO_GTLB_SIZE)
		return;
	vcpu->cp0.wired = val;
	vcpu->cp0.random = DISCO_GTLB_SIZE - 1;
}

void disco_cp0_write(struct disco_vcpu *vcpu, unsigned int reg,
		     unsigned int sel, u64 val)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;

	switch (REG(reg, sel)) {
	case REG(VC0_INDEX, 0):
		cp0->index = merge(cp0->index, val, DISCO_GTLB_SIZE - 1);
		break;
	case REG(VC0_ENTRYLO0, 0):
		cp0->entrylo0 = val & DISCO_ENTRYLO_WMASK;
		break;
	case REG(VC0_ENTRYLO1, 0):
		cp0->entrylo1 = val & DISCO_ENTRYLO_WMASK;
		break;
	case REG(VC0_CONTEXT, 0):
		cp0->context = merge(cp0->context, val, DISCO_CONTEXT_WMASK);
		break;
	case REG(VC0_USERLOCAL, 2):
		cp0->userlocal = val;
		break;
	case REG(VC0_PAGEMASK, 0):
		cp0->pagemask = (val & DISCO_PAGEMASK_WMASK) | DISCO_PAGEMASK_MIN;
		break;
	case REG(VC0_WIRED, 0):
		write_wired(vcpu, val);
		break;
	case REG(VC0_HWRENA, 0):
		cp0->hwrena = val & DISCO_HWRENA_WMASK;
		break;
	case REG(VC0_COUNT, 0):
		disco_timer_set_count(vcpu, val);
		break;
	case REG(VC0_ENTRYHI, 0):
		write_entryhi(vcpu, val);
		break;
	case REG(VC0_COMPARE, 0):
		disco_timer_set_compare(vcpu, val);
		break;
	case REG(VC0_STATUS, 0):
		write_status(vcpu, val);
		break;
	case REG(VC0_CAUSE, 0):
		cp0->cause = merge(cp0->cause, val, DISCO_CAUSE_WMASK);
		break;
	case REG(VC0_EPC, 0):
		cp0->epc = val;
		break;
	case REG(VC0_PRID, 1):
		cp0->ebase = merge(cp0->ebase, val, DISCO_EBASE_WMASK);
		break;
	case REG(VC0_XCONTEXT, 0):
		cp0->xcontext = merge(cp0->xcontext, val, DISCO_XCONTEXT_WMASK);
		break;
	case REG(VC0_ERROREPC, 0):
		cp0->error_epc = val;
		break;
	}
}
