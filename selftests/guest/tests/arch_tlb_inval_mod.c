// SPDX-License-Identifier: GPL-2.0
/*
 * TLB invalid and TLB modified.  A matching entry whose page has V = 0
 * raises TLBL (load, fetch) or TLBS (store) through the general vector
 * +0x180, not the refill vector; a store to a valid page with D = 0 raises
 * TLB Modified (ExcCode 1), also at +0x180.  Both load BadVAddr, EntryHi
 * (VPN2, ASID kept), Context and XContext.
 *
 * Then the OS way out: a handler that tlbp's EntryHi, sets V (or D) in the
 * entry it finds, tlbwi's it back and retries - the access must then
 * succeed exactly once more, and clearing V/D again must fault again: a
 * stale shadow of the old entry would hide either transition.
 */
#include "arch.h"

#define ASID		0x21
#define VA		0x0000000030000000ULL
#define GPA_EVEN	0x00400000ULL
#define GPA_ODD		0x00500000ULL
#define IDX		4
#define CTX_BASE	0x1234567000800000ULL
#define XCTX_BASE	0x0000020000000000ULL

static void write_pair(u64 f0, u64 f1)
{
	tlb_write_index(IDX, VA | ASID, DISCO_PAGEMASK_MIN,
			ELO(GPA_EVEN, f0), ELO(GPA_ODD, f1));
}

static void bases(void)
{
	dwrite_c0(C0_CONTEXT, CTX_BASE);
	dwrite_c0(C0_XCONTEXT, XCTX_BASE);
}

/* The OS handler: set @fix_bit in the page that faulted, retry. */
static u64 fix_bit;
static volatile int fixes;	/* changed by the handler behind peek/poke */

static void fixer(struct ex_frame *f)
{
	u64 hi = dread_c0(C0_ENTRYHI);
	bool odd = f->badvaddr & 0x4000;
	u32 idx;

	GUEST_ASSERT_EQ(f->vector, 0x180);
	GUEST_ASSERT_EQ(hi, HI_VPN2(f->badvaddr) | ASID);
	tlbp();
	idx = read_c0(C0_INDEX);
	GUEST_ASSERT_EQ(idx, IDX);
	tlbr();
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), HI_VPN2(VA) | ASID);
	if (odd)
		dwrite_c0(C0_ENTRYLO1, dread_c0(C0_ENTRYLO1) | fix_bit);
	else
		dwrite_c0(C0_ENTRYLO0, dread_c0(C0_ENTRYLO0) | fix_bit);
	tlbwi();
	fixes++;
}

int guest_main(u64 arg)
{
	u64 even = GPA_TO_VA(GPA_EVEN), odd = GPA_TO_VA(GPA_ODD);

	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_TLBS, recorder);
	install_handler(EXC_MOD, recorder);
	set_asid(ASID);
	poke(even + 0x100, 0xeeee0000);
	poke(odd + 0x100, 0x0dd00000);

	guest_printf("arch_tlb_inval_mod: V=0 -> TLBL/TLBS at 0x180\n");
	write_pair(0, ELO_V);		/* even invalid, odd valid and clean */
	bases();
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(VA + 0x100, 0x99), 0x99);
	EXPECT_EXC(EXC_TLBL, 0x180, probe_load_insn);
	EXPECT_TLB_REGS(VA + 0x100, ASID, CTX_BASE, XCTX_BASE);
	rec_reset(RESUME_SKIP);
	probe_store(VA + 0x108, 0x99);
	EXPECT_EXC(EXC_TLBS, 0x180, probe_store_insn);
	EXPECT_TLB_REGS(VA + 0x108, ASID, CTX_BASE, XCTX_BASE);
	/* A fetch from an invalid page: TLBL with EPC = BadVAddr = target. */
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_jump(VA + 0x200), 1);
	EXPECT_EXC(EXC_TLBL, 0x180, VA + 0x200);
	GUEST_ASSERT_EQ(rec.badvaddr, VA + 0x200);

	guest_printf("arch_tlb_inval_mod: D=0 -> Mod (ExcCode 1) at 0x180\n");
	GUEST_ASSERT_EQ(peek(VA + 0x4000 + 0x100), 0x0dd00000);	/* loads work */
	bases();
	rec_reset(RESUME_SKIP);
	probe_store(VA + 0x4000 + 0x100, 0x1111);
	EXPECT_EXC(EXC_MOD, 0x180, probe_store_insn);
	EXPECT_TLB_REGS(VA + 0x4000 + 0x100, ASID, CTX_BASE, XCTX_BASE);
	GUEST_ASSERT_EQ(peek(odd + 0x100), 0x0dd00000);		/* unchanged */

	guest_printf("arch_tlb_inval_mod: the OS fixes V and D and retries\n");
	install_handler(EXC_TLBL, fixer);
	install_handler(EXC_MOD, fixer);
	fix_bit = ELO_V;
	GUEST_ASSERT_EQ(peek(VA + 0x100), 0xeeee0000);
	GUEST_ASSERT_EQ(fixes, 1);
	fix_bit = ELO_D;
	poke(VA + 0x4000 + 0x100, 0x2222);
	GUEST_ASSERT_EQ(fixes, 2);
	GUEST_ASSERT_EQ(peek(odd + 0x100), 0x2222);
	/* The even page is valid but still clean: Mod, fixed, store lands. */
	poke(VA + 0x100, 0x3333);
	GUEST_ASSERT_EQ(fixes, 3);
	GUEST_ASSERT_EQ(peek(even + 0x100), 0x3333);
	poke(VA + 0x100, 0x4444);
	poke(VA + 0x4000 + 0x100, 0x5555);
	GUEST_ASSERT_EQ(fixes, 3);

	guest_printf("arch_tlb_inval_mod: taking V and D away again\n");
	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_MOD, recorder);
	write_pair(ELO_V, ELO_D | ELO_V);	/* even clean again */
	rec_reset(RESUME_SKIP);
	probe_store(VA + 0x100, 0x6666);
	EXPECT_EXC(EXC_MOD, 0x180, probe_store_insn);
	GUEST_ASSERT_EQ(peek(even + 0x100), 0x4444);
	probe_store(VA + 0x4000 + 0x100, 0x7777);	/* odd still dirty */
	EXPECT_NONE();
	GUEST_ASSERT_EQ(peek(odd + 0x100), 0x7777);
	write_pair(ELO_V, ELO_D);		/* odd invalid (D without V) */
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(VA + 0x4000 + 0x100, 0x99), 0x99);
	EXPECT_EXC(EXC_TLBL, 0x180, probe_load_insn);
	rec_reset(RESUME_SKIP);
	probe_store(VA + 0x4000 + 0x100, 0x99);
	EXPECT_EXC(EXC_TLBS, 0x180, probe_store_insn);
	GUEST_ASSERT_EQ(peek(odd + 0x100), 0x7777);
	GUEST_ASSERT_EQ(peek(VA + 0x100), 0x4444);	/* even still readable */

	guest_printf("arch_tlb_inval_mod: invalid and modified as architected\n");
	return 0;
}
