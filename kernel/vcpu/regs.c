// SPDX-License-Identifier: GPL-2.0
/*
 * DISCO_VM_GET_REGS / DISCO_VM_SET_REGS: the vCPU's architectural state.
 *
 * SET_REGS validates every field before it changes anything: read-only
 * registers must hold what GET_REGS reports, writable ones may only carry
 * bits the model implements, and 32-bit registers must be sign-extended.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "vcpu.h"
#include "../mmu/mmu.h"

#define CAUSE_FIXED	(DISCO_CAUSE_BD | DISCO_CAUSE_EXC)
#define INDEX_BITS	(0x80000000ULL | (DISCO_GTLB_SIZE - 1))

void disco_vcpu_get_regs(struct disco_vcpu *vcpu, struct disco_regs *regs)
{
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	struct disco_cp0 *out = &regs->cp0;
	int i;

	memcpy(regs->gpr, vcpu->arch.gpr, sizeof(regs->gpr));
	regs->gpr[0] = 0;
	regs->hi = vcpu->arch.hi;
	regs->lo = vcpu->arch.lo;
	regs->pc = vcpu->arch.pc;

	*out = (struct disco_cp0){
		.index = disco_sext32(cp0->index),
		.random = cp0->random,
		.entrylo0 = cp0->entrylo0,
		.entrylo1 = cp0->entrylo1,
		.context = cp0->context,
		.pagemask = cp0->pagemask,
		.wired = cp0->wired,
		.hwrena = cp0->hwrena,
		.badvaddr = cp0->badvaddr,
		.count = disco_sext32(disco_timer_count(vcpu)),
		.entryhi = cp0->entryhi,
		.compare = disco_sext32(cp0->compare),
		.status = disco_sext32(cp0->status),
		.cause = disco_sext32(disco_cp0_cause(vcpu)),
		.epc = cp0->epc,
		.prid = DISCO_PRID,
		.ebase = disco_sext32(cp0->ebase),
		.xcontext = cp0->xcontext,
		.error_epc = cp0->error_epc,
		.userlocal = cp0->userlocal,
	};
	for (i = 0; i < 4; i++)
		out->config[i] = disco_cp0_read(vcpu, 16, i);
}

static bool is_sext32(u64 v)
{
	return disco_sext32(v) == v;
}

static bool only(u64 v, u64 wmask)
{
	return !(v & ~wmask);
}

/* Bits outside @wmask must be as they are now. */
static bool keeps(u64 v, u64 cur, u64 wmask)
{
	return !((v ^ cur) & ~wmask);
}

static bool all_zero(const u64 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static int check_cp0(struct disco_vcpu *vcpu, const struct disco_cp0 *c)
{
	struct disco_regs cur;
	const struct disco_cp0 *now = &cur.cp0;
	int i;

	disco_vcpu_get_regs(vcpu, &cur);
	if (!all_zero(c->reserved, ARRAY_SIZE(c->reserved)))
		return -EINVAL;
	if (c->prid != now->prid || c->random != now->random ||
	    c->badvaddr != now->badvaddr)
		return -EINVAL;
	for (i = 0; i < 4; i++)
		if (c->config[i] != now->config[i])
			return -EINVAL;
	if (!is_sext32(c->count) || !is_sext32(c->compare) ||
	    !is_sext32(c->status) || !is_sext32(c->cause) ||
	    !is_sext32(c->ebase) || !is_sext32(c->index))
		return -EINVAL;
	if (!only(c->index & 0xffffffffULL, INDEX_BITS) ||
	    c->wired >= DISCO_GTLB_SIZE ||
	    !only(c->hwrena, DISCO_HWRENA_WMASK) ||
	    !only(c->pagemask, DISCO_PAGEMASK_WMASK) ||
	    !only(c->entrylo0, DISCO_ENTRYLO_WMASK) ||
	    !only(c->entrylo1, DISCO_ENTRYLO_WMASK) ||
	    !only(c->entryhi, DISCO_ENTRYHI_WMASK) ||
	    !only(c->status & 0xffffffffULL, DISCO_STATUS_WMASK))
		return -EINVAL;
	if (!keeps(c->cause, now->cause, ~(u64)CAUSE_FIXED) ||
	    !keeps(c->ebase, now->ebase, DISCO_EBASE_WMASK) ||
	    !keeps(c->context, now->context, DISCO_CONTEXT_WMASK) ||
	    !keeps(c->xcontext, now->xcontext, DISCO_XCONTEXT_WMASK))
		return -EINVAL;
	return 0;
}

int disco_vcpu_set_regs(struct disco_vcpu *vcpu, const struct disco_regs *regs)
{
	const struct disco_cp0 *c = &regs->cp0;
	struct disco_vcp0 *cp0 = &vcpu->cp0;
	int ret;

	if (regs->flags || regs->gpr[0] || (regs->pc & 3) ||
	    !all_zero(regs->reserved, ARRAY_SIZE(regs->reserved)))
		return -EINVAL;
	ret = check_cp0(vcpu, c);
	if (ret)
		return ret;

	memcpy(vcpu->arch.gpr, regs->gpr, sizeof(regs->gpr));
	vcpu->arch.hi = regs->hi;
	vcpu->arch.lo = regs->lo;
	vcpu->arch.pc = regs->pc;
	/* Nothing trapped here: the PC is the next instruction, not in a slot. */
	vcpu->arch.exit_cause = 0;

	cp0->index = c->index;
	cp0->entrylo0 = c->entrylo0;
	cp0->entrylo1 = c->entrylo1;
	cp0->context = c->context;
	cp0->pagemask = c->pagemask | DISCO_PAGEMASK_MIN;
	cp0->wired = c->wired;
	cp0->hwrena = c->hwrena;
	cp0->entryhi = c->entryhi;
	cp0->status = c->status;
	cp0->cause = (cp0->cause & ~DISCO_CAUSE_WMASK) | (c->cause & DISCO_CAUSE_WMASK);
	cp0->epc = c->epc;
	cp0->ebase = c->ebase;
	cp0->xcontext = c->xcontext;
	cp0->error_epc = c->error_epc;
	cp0->userlocal = c->userlocal;
	disco_timer_set_count(vcpu, c->count);
	if ((u32)c->compare != cp0->compare)
		disco_timer_set_compare(vcpu, c->compare);
	vcpu->halted = false;
	return 0;
}
