// SPDX-License-Identifier: GPL-2.0
/*
 * The privileged-register page (DISCO_VM_COMMPAGE; Disco §4.2.1, KVM/MIPS's
 * commpage).
 *
 * A page per vCPU, mapped at guest virtual address 0 in guest kernel mode
 * only (guest user mode runs under separate host contexts, shadow.c), that
 * mirrors CP0 registers: the monitor writes it before every entry and reads
 * the writable slots back after every exit, so vcpu->cp0 stays the one
 * truth.  A trapping mfc0/dmfc0 of a mirrored register is rewritten in
 * guest memory into a load from the page (lw sign-extends, as mfc0 does),
 * and a dmtc0 (mtc0 for 32-bit registers) of a register without side
 * effects into a store: the second time, no trap.
 *
 * With DISCO_PV_STATUS Status is taken back too, and an mtc0 to it that
 * only moved interrupt masking and kernel-mode bits is rewritten: it is
 * then as if performed at the next exit.  Nothing is lost by the delay but
 * interrupt delivery, which the guest asks for itself (uapi: a trapping ei
 * when it enables interrupts with one pending).
 */
#include <asm/cacheflush.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "decode.h"
#include "vcpu.h"
#include "../mmu/mmu.h"

#define OP_LW	0x23
#define OP_LD	0x37
#define OP_SW	0x2b
#define OP_SD	0x3f

enum cp_back {
	BACK_NEVER,		/* the guest's stores are overwritten */
	BACK_ALWAYS,		/* no side effects on write: taken back */
	BACK_PV_STATUS,		/* taken back with DISCO_PV_STATUS */
};

/* Status bits a rewritten mtc0 may move: none changes how the guest runs. */
#define PV_STATUS_SOFT	(DISCO_ST_IE | DISCO_ST_EXL | DISCO_ST_KSU | DISCO_ST_IM)

/**
 * struct cp_slot - one mirrored register.
 * @reg, @sel:	the CP0 register
 * @off:	its offset in the page (DISCO_CP_*)
 * @back:	whether guest stores are taken back (enum cp_back)
 * @w32:	a 32-bit register (mtc0 may become sw)
 */
struct cp_slot {
	u8 reg, sel, off, back, w32;
};

static const struct cp_slot cp_slots[] = {
	{ 0, 0, DISCO_CP_INDEX, 1, 1 },
	{ 2, 0, DISCO_CP_ENTRYLO0, 1, 0 },
	{ 3, 0, DISCO_CP_ENTRYLO1, 1, 0 },
	{ 4, 0, DISCO_CP_CONTEXT, 1, 0 },
	{ 5, 0, DISCO_CP_PAGEMASK, 1, 1 },
	{ 6, 0, DISCO_CP_WIRED, 0, 1 },
	{ 7, 0, DISCO_CP_HWRENA, 0, 1 },
	{ 8, 0, DISCO_CP_BADVADDR, 0, 0 },
	{ 10, 0, DISCO_CP_ENTRYHI, 0, 0 },
	{ 11, 0, DISCO_CP_COMPARE, 0, 1 },
	{ 12, 0, DISCO_CP_STATUS, BACK_PV_STATUS, 1 },
	{ 13, 0, DISCO_CP_CAUSE, 0, 1 },
	{ 14, 0, DISCO_CP_EPC, 1, 0 },
	{ 15, 0, DISCO_CP_PRID, 0, 1 },
	{ 15, 1, DISCO_CP_EBASE, 0, 1 },
	{ 16, 0, DISCO_CP_CONFIG0, 0, 1 },
	{ 16, 1, DISCO_CP_CONFIG0 + 8, 0, 1 },
	{ 16, 2, DISCO_CP_CONFIG0 + 16, 0, 1 },
	{ 16, 3, DISCO_CP_CONFIG0 + 24, 0, 1 },
	{ 20, 0, DISCO_CP_XCONTEXT, 1, 0 },
	{ 30, 0, DISCO_CP_ERROREPC, 1, 0 },
	{ 4, 2, DISCO_CP_USERLOCAL, 1, 0 },
};

static bool taken_back(const struct disco_vcpu *vcpu, const struct cp_slot *s)
{
	return s->back == BACK_ALWAYS ||
	       (s->back == BACK_PV_STATUS &&
		test_bit(ilog2(DISCO_PV_STATUS), &vcpu->vm->pv));
}

static u64 *cp_page(struct disco_vcpu *vcpu)
{
	return page_address(vcpu->commpage);
}

int disco_commpage_init(struct disco_vcpu *vcpu)
{
	if (!(vcpu->vm->flags & DISCO_VM_COMMPAGE))
		return 0;
	vcpu->commpage = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	return vcpu->commpage ? 0 : -ENOMEM;
}

void disco_commpage_free(struct disco_vcpu *vcpu)
{
	if (vcpu->commpage)
		__free_page(vcpu->commpage);
	vcpu->commpage = NULL;
}

/*
 * Before entry: the page shows the registers as they are.  Straight from
 * the fields, as mfc0/dmfc0 would read them (this runs on every entry;
 * disco_cp0_read() per slot cost ~1,000 instructions an exit).
 */
void disco_commpage_push(struct disco_vcpu *vcpu)
{
	const struct disco_vcp0 *cp0 = &vcpu->cp0;
	u64 *m = vcpu->commpage_pushed;

	if (!vcpu->commpage)
		return;
	m[DISCO_CP_INDEX / 8] = disco_sext32(cp0->index);
	m[DISCO_CP_ENTRYLO0 / 8] = cp0->entrylo0;
	m[DISCO_CP_ENTRYLO1 / 8] = cp0->entrylo1;
	m[DISCO_CP_CONTEXT / 8] = cp0->context;
	m[DISCO_CP_PAGEMASK / 8] = cp0->pagemask;
	m[DISCO_CP_WIRED / 8] = cp0->wired;
	m[DISCO_CP_HWRENA / 8] = cp0->hwrena;
	m[DISCO_CP_USERLOCAL / 8] = cp0->userlocal;
	m[DISCO_CP_BADVADDR / 8] = cp0->badvaddr;
	m[DISCO_CP_ENTRYHI / 8] = cp0->entryhi;
	m[DISCO_CP_COMPARE / 8] = disco_sext32(cp0->compare);
	m[DISCO_CP_STATUS / 8] = disco_sext32(cp0->status);
	m[DISCO_CP_CAUSE / 8] = disco_sext32(disco_cp0_cause(vcpu));
	m[DISCO_CP_EPC / 8] = cp0->epc;
	m[DISCO_CP_PRID / 8] = DISCO_PRID;
	m[DISCO_CP_EBASE / 8] = disco_sext32(cp0->ebase);
	m[DISCO_CP_CONFIG0 / 8] = disco_sext32(DISCO_CONFIG0);
	m[DISCO_CP_CONFIG0 / 8 + 1] = disco_sext32(DISCO_CONFIG1);
	m[DISCO_CP_CONFIG0 / 8 + 2] = disco_sext32(DISCO_CONFIG2);
	m[DISCO_CP_CONFIG0 / 8 + 3] = disco_sext32(DISCO_CONFIG3);
	m[DISCO_CP_XCONTEXT / 8] = cp0->xcontext;
	m[DISCO_CP_ERROREPC / 8] = cp0->error_epc;
	memcpy(cp_page(vcpu), m, sizeof(vcpu->commpage_pushed));
}

/* After exit: what the guest stored goes through the architected write. */
void disco_commpage_pull(struct disco_vcpu *vcpu)
{
	const struct cp_slot *s;
	u64 *page, v;
	int i;

	if (!vcpu->commpage)
		return;
	page = cp_page(vcpu);
	for (i = 0; i < ARRAY_SIZE(cp_slots); i++) {
		s = &cp_slots[i];
		if (!taken_back(vcpu, s))
			continue;
		v = READ_ONCE(page[s->off / 8]);
		if (v != vcpu->commpage_pushed[s->off / 8])
			disco_cp0_write(vcpu, s->reg, s->sel, v);
	}
}

/* The even page of the pair at virtual 0, in guest kernel mode. */
u64 disco_commpage_entrylo(struct disco_vcpu *vcpu, u64 va)
{
	if (!vcpu->commpage || va >= PAGE_SIZE || disco_guest_user_mode(vcpu))
		return 0;
	return disco_machine_entrylo(vcpu->commpage, true);
}

bool disco_commpage_covers(struct disco_vcpu *vcpu, u64 va)
{
	return disco_commpage_entrylo(vcpu, va) != 0;
}

static const struct cp_slot *find_slot(unsigned int reg, unsigned int sel)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(cp_slots); i++)
		if (cp_slots[i].reg == reg && cp_slots[i].sel == sel)
			return &cp_slots[i];
	return NULL;
}

/*
 * A store may stand for a write the monitor acts on only at the next exit:
 * for Status, one that kept the vCPU in kernel mode and moved nothing but
 * the soft bits (@old: Status before it).
 */
static bool store_ok(const struct disco_vcpu *vcpu, const struct cp_slot *s,
		     u32 old)
{
	if (!taken_back(vcpu, s))
		return false;
	if (s->back != BACK_PV_STATUS)
		return true;
	return !((old ^ vcpu->cp0.status) & ~PV_STATUS_SOFT) &&
	       !disco_guest_user_mode(vcpu);
}

/* The load or store that replaces @insn, or 0 if it must keep trapping. */
static u32 replacement(const struct disco_vcpu *vcpu,
		       const struct disco_insn *insn, u32 old_status)
{
	const struct cp_slot *s = find_slot(insn->rd, insn->sel);
	u32 op;

	if (!s)
		return 0;
	switch (insn->kind) {
	case DISCO_INSN_MFC0:
		op = OP_LW;
		break;
	case DISCO_INSN_DMFC0:
		op = OP_LD;
		break;
	case DISCO_INSN_MTC0:
		if (!s->w32 || !store_ok(vcpu, s, old_status))
			return 0;
		op = OP_SW;
		break;
	case DISCO_INSN_DMTC0:
		if (!store_ok(vcpu, s, old_status))
			return 0;
		op = OP_SD;
		break;
	default:
		return 0;
	}
	return op << 26 | (u32)insn->rt << 16 | s->off;
}

/**
 * disco_commpage_rewrite - make a just-emulated CP0 move a plain access.
 * @vcpu:	the vCPU
 * @insn:	the decoded instruction
 * @pc:		its guest virtual address
 * @word:	its encoding, as fetched
 * @old_status:	Status before it ran
 */
void disco_commpage_rewrite(struct disco_vcpu *vcpu, const struct disco_insn *insn,
			    u64 pc, u32 word, u32 old_status)
{
	u32 new = replacement(vcpu, insn, old_status);
	u64 gpa;

	if (!vcpu->commpage || !new || disco_guest_translate(vcpu, pc, &gpa))
		return;
	/* Only the instruction that trapped, in case the guest changed it. */
	if (disco_pmap_cmpxchg32(vcpu->vm, gpa, word, new))
		vcpu->stats.rewrites++;
}
