// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions and emulated instructions in branch delay slots.
 *
 * A load that faults in a delay slot reports Cause.BD = 1 and EPC = the
 * branch (taken or not: beq, bne, jr, jal, bgezal, beql), BadVAddr = the
 * load's address.
 *
 * An emulated CP0 instruction in a delay slot (mfc0/dmfc0/dmtc0: they trap
 * in supervisor mode) must complete and then continue where the branch
 * goes: the target if taken, the instruction after the slot if not; the
 * branch decides on the registers as they were before the slot (even when
 * the slot overwrites them); a linking branch links to branch + 8; a
 * not-taken branch-likely never runs its slot.
 *
 * Not-taken branches compare two registers holding equal values: QEMU
 * (the emulated host) translates a statically never-taken branch such as
 * "bne $0, $0" as a nop, so its slot would not be a delay slot at all.
 */
#include "arch.h"

#define VA_UNMAPPED	0x0000000066660008ULL
#define PRID		DISCO_PRID

/*
 * Faulting loads: u64 fn(u64 addr).  $12 keeps ra; the handler resumes at
 * ds_out with v0 = 0xfa17.  Each fn_br label is the branch.
 */
asm(".text\n.set push\n.set noreorder\n.set noat\n"
    ".globl ds_out\n"
    "ds_out:\n"
    "	jr	$12\n"
    "	nop\n"

    ".globl ld_beq_taken, ld_beq_taken_br\n"
    "ld_beq_taken:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "ld_beq_taken_br:\n"
    "	beq	$0, $0, 1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_beq_not, ld_beq_not_br\n"
    "ld_beq_not:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "	li	$8, 1\n"
    "ld_beq_not_br:\n"
    "	beq	$8, $0, 1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_bne_not, ld_bne_not_br\n"
    "ld_bne_not:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "	li	$8, 5\n"
    "	li	$9, 5\n"
    "ld_bne_not_br:\n"
    "	bne	$8, $9, 1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_jr, ld_jr_br\n"
    "ld_jr:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "	dla	$13, 1f\n"
    "ld_jr_br:\n"
    "	jr	$13\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_jal, ld_jal_br\n"
    "ld_jal:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "ld_jal_br:\n"
    "	jal	1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_bgezal, ld_bgezal_br\n"
    "ld_bgezal:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "ld_bgezal_br:\n"
    "	bgezal	$0, 1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"

    ".globl ld_beql, ld_beql_br\n"
    "ld_beql:\n"
    "	move	$12, $31\n"
    "	move	$2, $0\n"
    "ld_beql_br:\n"
    "	beql	$0, $0, 1f\n"
    "	ld	$2, 0($4)\n"
    "	nop\n"
    "1:	jr	$12\n"
    "	nop\n"
    ".set pop\n");

extern char ds_out[];
#define DECL_LD(n) extern char n##_br[]; u64 n(u64 addr)
DECL_LD(ld_beq_taken);
DECL_LD(ld_beq_not);
DECL_LD(ld_bne_not);
DECL_LD(ld_jr);
DECL_LD(ld_jal);
DECL_LD(ld_bgezal);
DECL_LD(ld_beql);

/*
 * Emulated instructions in delay slots: void fn(u64 out[4], u64 val).
 * out[0] = the register the slot wrote, out[1] = path bits (1: the
 * fall-through instruction after the slot ran, 2: the target ran),
 * out[2] = ra where the branch links, out[3] = EPC after a dmtc0 slot.
 */
#define EPILOGUE							\
	"	ori	$3, $3, 1\n"					\
	"1:	ori	$3, $3, 2\n"					\
	"	sd	$2, 0($4)\n"					\
	"	sd	$3, 8($4)\n"					\
	"	sd	$31, 16($4)\n"					\
	"	dmfc0	$9, $14\n"					\
	"	sd	$9, 24($4)\n"					\
	"	jr	$12\n"						\
	"	nop\n"
#define PROLOGUE(name)							\
	".globl " #name ", " #name "_br\n"				\
	#name ":\n"							\
	"	move	$12, $31\n"					\
	"	li	$2, 0x1234\n"					\
	"	move	$3, $0\n"

asm(".text\n.set push\n.set noreorder\n.set noat\n"
    PROLOGUE(mf_beq_taken)
    "mf_beq_taken_br:\n"
    "	beq	$0, $0, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_beq_not)
    "	li	$8, 7\n"
    "mf_beq_not_br:\n"
    "	beq	$8, $0, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    /* The slot overwrites a register the branch compares: old values count. */
    PROLOGUE(mf_beq_oldreg)
    "	li	$8, 5\n"
    "	li	$9, 5\n"
    "mf_beq_oldreg_br:\n"
    "	beq	$8, $9, 1f\n"
    "	mfc0	$8, $15\n"
    "	move	$2, $8\n"	/* fall-through only: must not run */
    "	ori	$3, $3, 1\n"
    "1:	ori	$3, $3, 2\n"
    "	sd	$8, 0($4)\n"
    "	sd	$3, 8($4)\n"
    "	sd	$31, 16($4)\n"
    "	jr	$12\n"
    "	nop\n"

    PROLOGUE(mf_bne_oldreg)
    "	li	$8, 5\n"
    "	li	$9, 5\n"
    "mf_bne_oldreg_br:\n"
    "	bne	$8, $9, 1f\n"
    "	mfc0	$8, $15\n"
    "	move	$2, $8\n"	/* not taken: the fall-through runs */
    "	ori	$3, $3, 1\n"
    "1:	ori	$3, $3, 2\n"
    "	sd	$2, 0($4)\n"
    "	sd	$3, 8($4)\n"
    "	sd	$31, 16($4)\n"
    "	jr	$12\n"
    "	nop\n"

    /* jr through a register the slot overwrites. */
    PROLOGUE(mf_jr)
    "	dla	$9, 1f\n"
    "mf_jr_br:\n"
    "	jr	$9\n"
    "	mfc0	$9, $15\n"
    "	move	$2, $9\n"
    "	ori	$3, $3, 1\n"
    "1:	ori	$3, $3, 2\n"
    "	sd	$9, 0($4)\n"
    "	sd	$3, 8($4)\n"
    "	sd	$31, 16($4)\n"
    "	jr	$12\n"
    "	nop\n"

    PROLOGUE(mf_jal)
    "mf_jal_br:\n"
    "	jal	1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_jalr)
    "	dla	$9, 1f\n"
    "mf_jalr_br:\n"
    "	jalr	$9\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_bgezal)
    "mf_bgezal_br:\n"
    "	bgezal	$0, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_bltzal_not)
    "	li	$8, 1\n"
    "mf_bltzal_not_br:\n"
    "	bltzal	$8, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_bltz_taken)
    "	li	$8, -1\n"
    "mf_bltz_taken_br:\n"
    "	bltz	$8, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(mf_beql_taken)
    "mf_beql_taken_br:\n"
    "	beql	$0, $0, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    /* Not taken: the slot is nullified, v0 keeps 0x1234. */
    PROLOGUE(mf_bnel_not)
    "	li	$8, 5\n"
    "	li	$9, 5\n"
    "mf_bnel_not_br:\n"
    "	bnel	$8, $9, 1f\n"
    "	mfc0	$2, $15\n"
    EPILOGUE

    PROLOGUE(dmf_bgtz_taken)
    "	li	$8, 3\n"
    "dmf_bgtz_taken_br:\n"
    "	bgtz	$8, 1f\n"
    "	dmfc0	$2, $30\n"
    EPILOGUE

    PROLOGUE(dmt_blez_taken)
    "dmt_blez_taken_br:\n"
    "	blez	$0, 1f\n"
    "	dmtc0	$5, $14\n"
    EPILOGUE

    PROLOGUE(dmt_blez_not)
    "	li	$8, 1\n"
    "dmt_blez_not_br:\n"
    "	blez	$8, 1f\n"
    "	dmtc0	$5, $14\n"
    EPILOGUE
    ".set pop\n");

#define DECL_MF(n) extern char n##_br[]; void n(u64 *out, u64 val)
DECL_MF(mf_beq_taken);
DECL_MF(mf_beq_not);
DECL_MF(mf_beq_oldreg);
DECL_MF(mf_bne_oldreg);
DECL_MF(mf_jr);
DECL_MF(mf_jal);
DECL_MF(mf_jalr);
DECL_MF(mf_bgezal);
DECL_MF(mf_bltzal_not);
DECL_MF(mf_bltz_taken);
DECL_MF(mf_beql_taken);
DECL_MF(mf_bnel_not);
DECL_MF(dmf_bgtz_taken);
DECL_MF(dmt_blez_taken);
DECL_MF(dmt_blez_not);

static void ds_handler(struct ex_frame *f)
{
	rec = *f;
	rec_count++;
	f->regs[2] = 0xfa17;
	f->epc = (u64)ds_out;
}

static void faulting(const char *name, u64 (*fn)(u64), const char *br)
{
	guest_printf("arch_delay_slot: faulting load after %s\n", name);
	rec_count = 0;
	GUEST_ASSERT_EQ(fn(VA_UNMAPPED), 0xfa17);
	GUEST_ASSERT_EQ(rec_count, 1);
	GUEST_ASSERT_EQ(frame_exccode(&rec), EXC_TLBL);
	GUEST_ASSERT_EQ(rec.vector, 0x080);
	GUEST_ASSERT_EQ(rec.epc, (u64)br);
	GUEST_ASSERT_EQ(rec.cause & CAUSE_BD, CAUSE_BD);
	GUEST_ASSERT_EQ(rec.badvaddr, VA_UNMAPPED);
}

#define FAULTING(n) faulting(#n, n, n##_br)

/* Runs @fn; checks the slot's value, the path and (if @link) ra. */
static void emulated(const char *name, void (*fn)(u64 *, u64), const char *br,
		     u64 val, u64 path, bool link)
{
	u64 out[4] = { 0, 0, 0, 0 };

	guest_printf("arch_delay_slot: %s\n", name);
	fn(out, 0x4000000000abcdefULL);
	GUEST_ASSERT_EQ(out[0], val);
	GUEST_ASSERT_EQ(out[1], path);
	if (link)
		GUEST_ASSERT_EQ(out[2], (u64)br + 8);
}

#define EMULATED(n, val, path, link) emulated(#n, n, n##_br, val, path, link)
#define TAKEN		2
#define NOT_TAKEN	3

int guest_main(u64 arg)
{
	u64 out[4];

	install_handler(EXC_TLBL, ds_handler);

	FAULTING(ld_beq_taken);
	FAULTING(ld_beq_not);
	FAULTING(ld_bne_not);
	FAULTING(ld_jr);
	FAULTING(ld_jal);
	FAULTING(ld_bgezal);
	FAULTING(ld_beql);

	/* A fault outside a slot clears BD again. */
	rec_count = 0;
	install_handler(EXC_TLBL, recorder);
	rec_reset(RESUME_SKIP);
	probe_load(VA_UNMAPPED, 0);
	EXPECT_EXC(EXC_TLBL, 0x080, probe_load_insn);

	EMULATED(mf_beq_taken, PRID, TAKEN, false);
	EMULATED(mf_beq_not, PRID, NOT_TAKEN, false);
	EMULATED(mf_beq_oldreg, PRID, TAKEN, false);
	EMULATED(mf_bne_oldreg, PRID, NOT_TAKEN, false);
	EMULATED(mf_jr, PRID, TAKEN, false);
	EMULATED(mf_jal, PRID, TAKEN, true);
	EMULATED(mf_jalr, PRID, TAKEN, true);
	EMULATED(mf_bgezal, PRID, TAKEN, true);
	EMULATED(mf_bltzal_not, PRID, NOT_TAKEN, true);
	EMULATED(mf_bltz_taken, PRID, TAKEN, false);
	EMULATED(mf_beql_taken, PRID, TAKEN, false);
	EMULATED(mf_bnel_not, 0x1234, NOT_TAKEN, false);
	dwrite_c0(C0_ERROREPC, 0x4000000012345678ULL);
	EMULATED(dmf_bgtz_taken, 0x4000000012345678ULL, TAKEN, false);

	guest_printf("arch_delay_slot: dmtc0 EPC in a taken/not-taken slot\n");
	dmt_blez_taken(out, 0x4000000000abcdefULL);
	GUEST_ASSERT_EQ(out[1], TAKEN);
	GUEST_ASSERT_EQ(out[3], 0x4000000000abcdefULL);
	dmt_blez_not(out, 0x4000000000fedcbaULL);
	GUEST_ASSERT_EQ(out[1], NOT_TAKEN);
	GUEST_ASSERT_EQ(out[3], 0x4000000000fedcbaULL);

	guest_printf("arch_delay_slot: BD and EPC as architected\n");
	return 0;
}
