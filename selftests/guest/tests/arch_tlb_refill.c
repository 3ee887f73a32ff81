// SPDX-License-Identifier: GPL-2.0
/*
 * TLB refill: which vector, and what the exception leaves in BadVAddr,
 * EntryHi (VPN2 of the address, ASID kept), Context (PTEBase kept,
 * BadVPN2 = VA[31:13]) and XContext (PTEBase kept, R = VA[63:62],
 * BadVPN2 = VA[47:13] for SEGBITS 48).
 *
 *   xuseg, Status.UX = 1              -> XTLB refill, +0x080
 *   useg (32-bit address), UX = 0     -> TLB refill,  +0x000
 *   xsseg above the direct window, SX = 1 -> +0x080
 *   the same with SX = 0              -> +0x000 (the model's choice: the
 *        architecture makes xsseg an address error when SX = 0, which a
 *        guest living in the direct window cannot be given)
 *   any refill with Status.EXL = 1    -> general vector +0x180, EPC and
 *        Cause.BD untouched, the TLB registers still loaded
 *
 * in guest kernel and guest user mode, and an OS-style refill handler that
 * tlbwr's the missing entry from EntryHi and retries the access.
 */
#define ARCH_WANT_USER
#include "arch.h"

#define ASID		0x5a
#define CTX_BASE	0xa5a5a5a5a5800000ULL
#define XCTX_BASE	0x5a5a5a0000000000ULL
#define VA_XUSEG	0x00005555aaaa6008ULL
#define VA_USEG		0x12346010ULL
#define VA_XSSEG	(DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE + 0x123456008ULL)
#define SCRATCH_GPA	0x00400000ULL

/*
 * u64 exl_probe(u64 addr): Status.EXL = 1, EPC = exl_resume, then a load
 * from @addr.  A refill with EXL = 1 goes to +0x180 and leaves EPC alone,
 * so the handler's eret (RESUME_KEEP) lands on exl_resume with EXL clear.
 * Returns v0 = 0x77 there; 0xbad if the load fell through.
 */
asm(".text\n.set push\n.set noreorder\n.set noat\n"
    ".globl exl_probe, exl_insn, exl_resume\n"
    "exl_probe:\n"
    "	dla	$8, exl_resume\n"
    "	dmtc0	$8, $14\n"
    "	mfc0	$9, $12\n"
    "	ori	$9, $9, 2\n"
    "	mtc0	$9, $12\n"
    "	ehb\n"
    "	li	$2, 0x77\n"
    "exl_insn:\n"
    "	ld	$2, 0($4)\n"
    "	li	$2, 0xbad\n"
    "	jr	$31\n"
    "	nop\n"
    "exl_resume:\n"
    "	jr	$31\n"
    "	nop\n"
    ".set pop\n");
extern char exl_insn[], exl_resume[];
u64 exl_probe(u64 addr);

static void set_fault_bases(void)
{
	dwrite_c0(C0_CONTEXT, CTX_BASE);
	dwrite_c0(C0_XCONTEXT, XCTX_BASE);
	/* Only PTEBase is writable; BadVPN2 (and R) keep the last fault's. */
	GUEST_ASSERT_EQ(dread_c0(C0_CONTEXT) & DISCO_CONTEXT_WMASK, CTX_BASE);
	GUEST_ASSERT_EQ(dread_c0(C0_XCONTEXT) & DISCO_XCONTEXT_WMASK, XCTX_BASE);
	set_asid(ASID);
}

static void kernel_refill(u64 va, u64 vec)
{
	set_fault_bases();
	rec_reset(RESUME_SKIP);
	GUEST_ASSERT_EQ(probe_load(va, 0x11), 0x11);
	EXPECT_EXC(EXC_TLBL, vec, probe_load_insn);
	EXPECT_TLB_REGS(va, ASID, CTX_BASE, XCTX_BASE);
	/* The handler left them alone: still there after the eret. */
	GUEST_ASSERT_EQ(dread_c0(C0_BADVADDR), va);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), HI_VPN2(va) | ASID);

	set_fault_bases();
	rec_reset(RESUME_SKIP);
	probe_store(va ^ 0x4000, 0x22);		/* the other page of the pair */
	EXPECT_EXC(EXC_TLBS, vec, probe_store_insn);
	EXPECT_TLB_REGS(va ^ 0x4000, ASID, CTX_BASE, XCTX_BASE);
}

static void user_refill(u64 va, u64 vec, bool store)
{
	/* With UX = 0, 64-bit operations are reserved in user mode. */
	bool ux = read_c0(C0_STATUS) & ST_UX;
	const char *prog = store ? (ux ? u_store : u_store32) :
				   (ux ? u_load : u_load32);

	set_fault_bases();
	GUEST_ASSERT_EQ(user_run(prog, va), store ? EXC_TLBS : EXC_TLBL);
	GUEST_ASSERT_EQ(rec_count, 1);
	GUEST_ASSERT_EQ(rec.vector, vec);
	GUEST_ASSERT_EQ(rec.epc, uva(prog));
	GUEST_ASSERT_EQ(rec.cause & CAUSE_BD, 0);
	GUEST_ASSERT_EQ(rec.status & (ST_KSU | ST_EXL), ST_KSU_USER | ST_EXL);
	EXPECT_TLB_REGS(va, ASID, CTX_BASE, XCTX_BASE);
}

/* An OS refill handler: map the faulting pair at SCRATCH_GPA, retry. */
static volatile int fixes;	/* changed by the handler behind peek */

static void refill_fixer(struct ex_frame *f)
{
	u64 hi = dread_c0(C0_ENTRYHI);

	GUEST_ASSERT_EQ(f->vector, 0x080);
	GUEST_ASSERT_EQ(hi, HI_VPN2(f->badvaddr) | ASID);
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	dwrite_c0(C0_ENTRYLO0, ELO(SCRATCH_GPA, ELO_D | ELO_V));
	dwrite_c0(C0_ENTRYLO1, ELO(SCRATCH_GPA + 0x4000, ELO_D | ELO_V));
	tlbwr();
	fixes++;
	/* EPC unchanged: the load runs again and now hits. */
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS);
	u64 va;

	GUEST_ASSERT_EQ(status & (ST_UX | ST_SX | ST_KX), ST_UX | ST_SX | ST_KX);
	install_handler(EXC_TLBL, recorder);
	install_handler(EXC_TLBS, recorder);
	install_handler(EXC_SYS, recorder);
	write_c0(C0_WIRED, 1);		/* keep the user code entry */

	guest_printf("arch_tlb_refill: guest kernel, xuseg, UX=1\n");
	kernel_refill(VA_XUSEG, 0x080);
	kernel_refill(0x0000ffffffffe000ULL, 0x080);	/* the top of xuseg */
	kernel_refill(0x8000, 0x080);
	kernel_refill(VA_USEG, 0x080);		/* a 32-bit address too */

	guest_printf("arch_tlb_refill: guest kernel, useg, UX=0\n");
	write_c0(C0_STATUS, status & ~ST_UX);
	kernel_refill(VA_USEG, 0x000);
	kernel_refill(0x7fffe000ULL, 0x000);
	write_c0(C0_STATUS, status);

	guest_printf("arch_tlb_refill: guest kernel, xsseg above the window, SX=1\n");
	kernel_refill(VA_XSSEG, 0x080);
	kernel_refill(DISCO_XSSEG_BASE + (1ULL << DISCO_SEGBITS) - 0x2000, 0x080);
	guest_printf("arch_tlb_refill: guest kernel, xsseg above the window, SX=0\n");
	write_c0(C0_STATUS, status & ~ST_SX);
	kernel_refill(VA_XSSEG, 0x000);
	write_c0(C0_STATUS, status);

	guest_printf("arch_tlb_refill: refill with EXL=1 goes to 0x180\n");
	/* Cause.BD must stay as it was: it is 0 after the last exception. */
	set_fault_bases();
	rec_reset(RESUME_KEEP);
	GUEST_ASSERT_EQ(exl_probe(VA_XUSEG), 0x77);
	EXPECT_EXC(EXC_TLBL, 0x180, exl_resume);
	EXPECT_TLB_REGS(VA_XUSEG, ASID, CTX_BASE, XCTX_BASE);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & ST_EXL, 0);
	set_fault_bases();
	rec_reset(RESUME_KEEP);
	GUEST_ASSERT_EQ(exl_probe(VA_XSSEG), 0x77);
	EXPECT_EXC(EXC_TLBL, 0x180, exl_resume);
	EXPECT_TLB_REGS(VA_XSSEG, ASID, CTX_BASE, XCTX_BASE);

	guest_printf("arch_tlb_refill: guest user mode\n");
	set_asid(ASID);
	map_user_code(0, false);
	user_refill(VA_XUSEG, 0x080, false);
	user_refill(VA_XUSEG + 0x4000, 0x080, true);
	write_c0(C0_STATUS, status & ~ST_UX);
	user_refill(VA_USEG, 0x000, false);
	user_refill(VA_USEG, 0x000, true);
	write_c0(C0_STATUS, status);

	guest_printf("arch_tlb_refill: an OS refill handler fixes and retries\n");
	set_asid(ASID);
	install_handler(EXC_TLBL, refill_fixer);
	va = 0x0000000077770000ULL;
	poke(GPA_TO_VA(SCRATCH_GPA + 0x4000 + 0x18), 0xf1f1f1f1);
	GUEST_ASSERT_EQ(peek(va + 0x4000 + 0x18), 0xf1f1f1f1);
	GUEST_ASSERT_EQ(fixes, 1);
	GUEST_ASSERT_EQ(peek(va + 0x4000 + 0x18), 0xf1f1f1f1);
	GUEST_ASSERT_EQ(fixes, 1);
	GUEST_ASSERT_EQ(tlb_probe(va | ASID) & INDEX_P, 0);

	guest_printf("arch_tlb_refill: vectors and registers as architected\n");
	return 0;
}
