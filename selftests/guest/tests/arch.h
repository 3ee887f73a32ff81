/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the architecture suite (guest/tests/arch_*.c): TLB
 * entry access, EntryLo/PageMask encodings and an exception recorder.
 * Everything is static and marked unused: each guest takes what it needs.
 */
#ifndef DISCO_ARCH_H
#define DISCO_ARCH_H

#include "guest.h"

#define ARCH_UNUSED	__attribute__((unused))

#define EXC_MOD		1	/* TLB modified */

/* EntryLo: PFN at bit 6 (4 KiB units), C, D, V, G. */
#define ELO_G		0x1ULL
#define ELO_V		0x2ULL
#define ELO_D		0x4ULL
#define ELO_C		(3ULL << 3)	/* cacheable, noncoherent */
#define ELO(gpa, flags)	((((u64)(gpa) >> 12) << 6) | ELO_C | (flags))
#define ELO_PFN_GPA(lo)	((((u64)(lo) >> 6) & ((1ULL << 36) - 1)) << 12)

/* PageMask for a page of @size bytes (16 KiB .. 256 MiB). */
#define PM(size)	((((u64)(size) - 1) << 1) & ~0x1fffULL)

#define INDEX_P		0x80000000U

/* The parts of EntryHi an entry holds: R, VPN2 (SEGBITS 48), ASID. */
#define HI_VPN2(va)	((u64)(va) & (0xc000000000000000ULL | DISCO_ENTRYHI_VPN2))

struct tlb_ent {
	u64 hi, lo0, lo1;
	u64 pm;
};

static inline ARCH_UNUSED void tlb_load_regs(u64 hi, u64 pm, u64 lo0, u64 lo1)
{
	write_c0(C0_PAGEMASK, pm);
	dwrite_c0(C0_ENTRYHI, hi);
	dwrite_c0(C0_ENTRYLO0, lo0);
	dwrite_c0(C0_ENTRYLO1, lo1);
}

static inline ARCH_UNUSED void tlb_write_index(unsigned int idx, u64 hi, u64 pm,
					      u64 lo0, u64 lo1)
{
	tlb_load_regs(hi, pm, lo0, lo1);
	write_c0(C0_INDEX, idx);
	tlbwi();
}

/* tlbr of @idx into @e; EntryHi (and so the current ASID) is restored. */
static inline ARCH_UNUSED void tlb_read_index(unsigned int idx, struct tlb_ent *e)
{
	u64 hi = dread_c0(C0_ENTRYHI);

	write_c0(C0_INDEX, idx);
	tlbr();
	e->hi = dread_c0(C0_ENTRYHI);
	e->lo0 = dread_c0(C0_ENTRYLO0);
	e->lo1 = dread_c0(C0_ENTRYLO1);
	e->pm = read_c0(C0_PAGEMASK);
	dwrite_c0(C0_ENTRYHI, hi);
}

/* tlbp for @hi; EntryHi is restored; returns Index as read (32 bits). */
static inline ARCH_UNUSED u32 tlb_probe(u64 hi)
{
	u64 old = dread_c0(C0_ENTRYHI);
	u32 idx;

	dwrite_c0(C0_ENTRYHI, hi);
	tlbp();
	idx = read_c0(C0_INDEX);
	dwrite_c0(C0_ENTRYHI, old);
	return idx;
}

/* An unmatchable entry at @idx (xkphys VPN2 never maps), invalid. */
static inline ARCH_UNUSED void tlb_clear_index(unsigned int idx)
{
	u64 hi = dread_c0(C0_ENTRYHI);

	tlb_write_index(idx, 0x8000000000000000ULL | ((u64)idx << 15),
			DISCO_PAGEMASK_MIN, 0, 0);
	dwrite_c0(C0_ENTRYHI, hi);
}

static inline ARCH_UNUSED void set_asid(unsigned int asid)
{
	dwrite_c0(C0_ENTRYHI, (dread_c0(C0_ENTRYHI) & ~0xffULL) | asid);
}

static inline ARCH_UNUSED u64 peek(u64 va)
{
	return *(volatile u64 *)va;
}

static inline ARCH_UNUSED void poke(u64 va, u64 v)
{
	*(volatile u64 *)va = v;
}

/* ---- the exception recorder ------------------------------------------- */

enum resume_mode {
	RESUME_SKIP,	/* EPC + 4: past the probe's load/store */
	RESUME_KEEP,	/* EPC as the exception left it */
};

static struct ex_frame rec ARCH_UNUSED;
/* volatile: handlers change it behind inline loads and stores */
static volatile int rec_count ARCH_UNUSED;
static enum resume_mode rec_mode ARCH_UNUSED;
/* Context, XContext and EntryHi as the handler saw them. */
static u64 rec_context ARCH_UNUSED, rec_xcontext ARCH_UNUSED,
	rec_entryhi ARCH_UNUSED;

static ARCH_UNUSED void recorder(struct ex_frame *f)
{
	rec = *f;
	rec_count++;
	rec_context = dread_c0(C0_CONTEXT);
	rec_xcontext = dread_c0(C0_XCONTEXT);
	rec_entryhi = dread_c0(C0_ENTRYHI);
	/* From guest user mode: back to run_user()'s caller, v0 = ExcCode. */
	if ((f->status & ST_KSU) == ST_KSU_USER) {
		user_return(f, frame_exccode(f));
		return;
	}
	switch (rec_mode) {
	case RESUME_SKIP:
		if (frame_exccode(f) == EXC_IBE ||
		    ((frame_exccode(f) == EXC_TLBL ||
		      frame_exccode(f) == EXC_ADEL) && f->epc == f->badvaddr))
			f->epc = (u64)probe_jump_ret;	/* a fetch: back out */
		else
			skip_insn(f);
		break;
	case RESUME_KEEP:
		break;
	}
}

static inline ARCH_UNUSED void rec_reset(enum resume_mode mode)
{
	rec_count = 0;
	rec_mode = mode;
	memset(&rec, 0, sizeof(rec));
}

/* Exactly one exception @code through @vec at @epc (macros: caller's line). */
#define EXPECT_EXC(code, vec, epc_)					\
	do {								\
		GUEST_ASSERT_EQ(rec_count, 1);				\
		GUEST_ASSERT_EQ(frame_exccode(&rec), (code));		\
		GUEST_ASSERT_EQ(rec.vector, (vec));			\
		GUEST_ASSERT_EQ(rec.epc, (u64)(epc_));			\
		GUEST_ASSERT_EQ(rec.cause & CAUSE_BD, 0);		\
		GUEST_ASSERT(rec.status & ST_EXL);			\
		rec_count = 0;						\
	} while (0)

#define EXPECT_NONE()	GUEST_ASSERT_EQ(rec_count, 0)

/* The TLB-exception registers for @va with EntryHi.ASID @asid. */
#define CONTEXT_OF(ptebase, va)						\
	(((u64)(ptebase) & DISCO_CONTEXT_WMASK) |			\
	 ((((u64)(va) >> 13) & 0x7ffff) << 4))
#define XCONTEXT_OF(ptebase, va)					\
	(((u64)(ptebase) & DISCO_XCONTEXT_WMASK) |			\
	 (((u64)(va) >> 62) << 39) |					\
	 ((((u64)(va) >> 13) & ((1ULL << 35) - 1)) << 4))

#define EXPECT_TLB_REGS(va, asid, ctx_base, xctx_base)			\
	do {								\
		GUEST_ASSERT_EQ(rec.badvaddr, (u64)(va));		\
		GUEST_ASSERT_EQ(rec_entryhi, HI_VPN2(va) | (asid));	\
		GUEST_ASSERT_EQ(rec_context, CONTEXT_OF(ctx_base, va));	\
		GUEST_ASSERT_EQ(rec_xcontext,				\
				XCONTEXT_OF(xctx_base, va));		\
	} while (0)

/* ---- guest user mode ---------------------------------------------------- */

#ifdef ARCH_WANT_USER
/*
 * The user programs, in their own 16 KiB page mapped at USER_VA.  Each
 * takes its address in sp (run_user's second argument) and ends in a
 * syscall, so a missing fault still comes back (with the wrong ExcCode).
 */
#define USER_VA		0x00400000ULL

asm(".pushsection .user, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n"
    ".globl user_page, u_load, u_store, u_jump, u_load32, u_store32\n"
    "user_page:\n"
    "u_load:	ld $9, 0($29)\n"
    "	syscall\n	b .\n	nop\n"
    "u_store:	sd $29, 0($29)\n"
    "	syscall\n	b .\n	nop\n"
    /* With UX = 0, 64-bit operations are reserved in user mode. */
    "u_load32:	lw $9, 0($29)\n"
    "	syscall\n	b .\n	nop\n"
    "u_store32:	sw $29, 0($29)\n"
    "	syscall\n	b .\n	nop\n"
    "u_jump:	jr $29\n"
    "	nop\n"
    "	syscall\n	b .\n	nop\n"
    ".set pop\n"
    ".popsection\n");

extern char user_page[], u_load[], u_store[], u_jump[], u_load32[],
	u_store32[];

static inline ARCH_UNUSED u64 uva(const char *sym)
{
	return USER_VA + (sym - user_page);
}

/* The user code page at USER_VA (odd page invalid), global if @global. */
static inline ARCH_UNUSED void map_user_code(unsigned int idx, bool global)
{
	u64 g = global ? ELO_G : 0;
	u64 hi = dread_c0(C0_ENTRYHI);

	tlb_write_index(idx, USER_VA | (hi & 0xff), DISCO_PAGEMASK_MIN,
			ELO(VA_TO_GPA(user_page), ELO_V | g), g);
	dwrite_c0(C0_ENTRYHI, hi);
}

/* Runs user program @prog with sp = @addr; returns the ExcCode it ended with. */
static inline ARCH_UNUSED long user_run(const char *prog, u64 addr)
{
	rec_count = 0;
	return run_user(uva(prog), addr);
}
#endif

#endif /* DISCO_ARCH_H */
