// SPDX-License-Identifier: GPL-2.0
/*
 * Trap-and-emulate of the guest's loads and stores in the MMIO window.
 *
 * The monitor never maps the window, so every access misses in the host
 * TLB and arrives here (mmu/fault.c).  The trapping instruction is read
 * from guest memory and must be a plain load or store (lb/lbu/lh/lhu/lw/
 * lwu/ld/sb/sh/sw/sd) whose address is the faulting one; anything else
 * gets the bus error a real machine without a device there would give.
 */
#include "vio.h"
#include "../mmu/mmu.h"
#include "../vcpu/vcpu.h"

struct mem_insn {
	unsigned int size;
	bool store;
	bool sign;			/* loads: sign-extend */
	unsigned int rt, base;
	s16 offset;
};

static bool decode_mem(u32 word, struct mem_insn *m)
{
	static const struct { u8 op, size; bool store, sign; } ops[] = {
		{ 0x20, 1, false, true },	/* lb */
		{ 0x24, 1, false, false },	/* lbu */
		{ 0x21, 2, false, true },	/* lh */
		{ 0x25, 2, false, false },	/* lhu */
		{ 0x23, 4, false, true },	/* lw */
		{ 0x27, 4, false, false },	/* lwu */
		{ 0x37, 8, false, false },	/* ld */
		{ 0x28, 1, true, false },	/* sb */
		{ 0x29, 2, true, false },	/* sh */
		{ 0x2b, 4, true, false },	/* sw */
		{ 0x3f, 8, true, false },	/* sd */
	};
	unsigned int i, op = word >> 26;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (ops[i].op != op)
			continue;
		m->size = ops[i].size;
		m->store = ops[i].store;
		m->sign = ops[i].sign;
		m->rt = (word >> 16) & 31;
		m->base = (word >> 21) & 31;
		m->offset = word & 0xffff;
		return true;
	}
	return false;
}

bool disco_vio_covers(u64 gpa)
{
	return gpa >= DISCO_MMIO_BASE &&
	       gpa - DISCO_MMIO_BASE < DISCO_MMIO_SLOTS * DISCO_MMIO_SLOT_SIZE;
}

static enum disco_resume bus_error(struct disco_vcpu *vcpu)
{
	return disco_deliver(vcpu, EXC_DBE, DISCO_VECTOR_GENERAL);
}

/**
 * disco_vio_mmio - emulate a guest load/store in the MMIO window.
 * @vcpu:	the vCPU; the exit's BadVAddr is in the direct window
 * @gpa:	the guest-physical address it names (disco_vio_covers())
 *
 * Return: whether to resume the guest.
 */
enum disco_resume disco_vio_mmio(struct disco_vcpu *vcpu, u64 gpa)
{
	u64 pc = disco_exit_insn_pc(vcpu), next, val;
	unsigned int slot = (gpa - DISCO_MMIO_BASE) / DISCO_MMIO_SLOT_SIZE;
	struct disco_vio *dev = vcpu->vm->vio[slot];
	u64 *gpr = vcpu->arch.gpr;
	struct mem_insn m;
	u32 word;

	if (disco_fetch_insn(vcpu, pc, &word))
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0, DISCO_FAULT_FETCH);
	if (!dev || disco_guest_user_mode(vcpu) || !decode_mem(word, &m) ||
	    gpr[m.base] + m.offset != vcpu->arch.exit_badvaddr)
		return bus_error(vcpu);
	if (disco_next_pc(vcpu, &next))
		return disco_vcpu_halt(vcpu, DISCO_EXIT_FAULT, 0,
				       DISCO_FAULT_UNSUPPORTED);

	mutex_lock(&dev->lock);
	if (m.store) {
		disco_vio_write(dev, gpa % DISCO_MMIO_SLOT_SIZE, m.size, gpr[m.rt]);
	} else {
		val = disco_vio_read(dev, gpa % DISCO_MMIO_SLOT_SIZE, m.size);
		if (m.sign && m.size < 8)
			val = sign_extend64(val, 8 * m.size - 1);
		if (m.rt)
			gpr[m.rt] = val;
	}
	mutex_unlock(&dev->lock);
	vcpu->arch.pc = next;
	return DISCO_RESUME_GUEST;
}
