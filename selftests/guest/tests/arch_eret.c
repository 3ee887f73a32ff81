// SPDX-License-Identifier: GPL-2.0
/*
 * eret: with Status.ERL = 1 it returns to ErrorEPC and clears ERL (EXL is
 * left alone); otherwise it returns to EPC and clears EXL.  It has no
 * delay slot (the instruction after it never runs) and clears LLbit, so
 * an sc after it fails.
 */
#include "arch.h"

/*
 * long eret_go(void): eret; the landing pads return 0xa (ErrorEPC's) or
 * 0xb (EPC's); 0xbad if execution fell through the eret.
 */
asm(".text\n.set push\n.set noreorder\n.set noat\n"
    ".globl eret_go, land_a, land_b\n"
    "eret_go:\n"
    "	ehb\n"
    "	eret\n"
    "	li	$2, 0xbad\n"
    "	jr	$31\n"
    "	nop\n"
    "land_a:\n"
    "	jr	$31\n"
    "	li	$2, 0xa\n"
    "land_b:\n"
    "	jr	$31\n"
    "	li	$2, 0xb\n"
    ".set pop\n");

/*
 * long eret_llsc(u64 *p): ll, eret to the sc, return what sc left
 * (1 = stored, 0 = failed).  EPC is set here; Status.EXL by the caller.
 */
asm(".text\n.set push\n.set noreorder\n.set noat\n"
    ".globl eret_llsc, llsc_plain\n"
    "eret_llsc:\n"
    "	dla	$8, 1f\n"
    "	dmtc0	$8, $14\n"
    "	ehb\n"
    "	lld	$9, 0($4)\n"
    "	eret\n"
    "	nop\n"
    "1:	daddiu	$9, $9, 1\n"
    "	scd	$9, 0($4)\n"
    "	jr	$31\n"
    "	move	$2, $9\n"
    /* The control: ll/sc with nothing in between succeeds. */
    "llsc_plain:\n"
    "	lld	$9, 0($4)\n"
    "	daddiu	$9, $9, 1\n"
    "	scd	$9, 0($4)\n"
    "	jr	$31\n"
    "	move	$2, $9\n"
    ".set pop\n");

extern char land_a[], land_b[];
long eret_go(void);
long eret_llsc(u64 *p);
long llsc_plain(u64 *p);

static u32 base;

static void prepare(u32 bits)
{
	dwrite_c0(C0_ERROREPC, (u64)land_a);
	dwrite_c0(C0_EPC, (u64)land_b);
	write_c0(C0_STATUS, base | bits);
}

int guest_main(u64 arg)
{
	static u64 word __attribute__((aligned(8)));
	int i;

	base = read_c0(C0_STATUS) & ~(ST_IE | ST_EXL | ST_ERL);

	guest_printf("arch_eret: EXL=1 -> EPC, EXL cleared\n");
	prepare(ST_EXL);
	GUEST_ASSERT_EQ(eret_go(), 0xb);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), base);

	guest_printf("arch_eret: ERL=1 -> ErrorEPC, ERL cleared\n");
	prepare(ST_ERL);
	GUEST_ASSERT_EQ(eret_go(), 0xa);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), base);

	guest_printf("arch_eret: ERL=1 and EXL=1 -> ErrorEPC, EXL kept\n");
	prepare(ST_ERL | ST_EXL);
	GUEST_ASSERT_EQ(eret_go(), 0xa);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), base | ST_EXL);
	/* A second eret now takes EPC and clears EXL. */
	GUEST_ASSERT_EQ(eret_go(), 0xb);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), base);

	/* EPC and ErrorEPC themselves are not changed by eret. */
	GUEST_ASSERT_EQ(dread_c0(C0_ERROREPC), (u64)land_a);
	GUEST_ASSERT_EQ(dread_c0(C0_EPC), (u64)land_b);

	guest_printf("arch_eret: eret clears LLbit\n");
	/* A host interrupt between ll and sc may fail it: retry a little. */
	for (i = 0, word = 41; i < 10 && !llsc_plain(&word); i++)
		;
	GUEST_ASSERT(i < 10);
	GUEST_ASSERT_EQ(word, 42);
	write_c0(C0_STATUS, base | ST_EXL);
	GUEST_ASSERT_EQ(eret_llsc(&word), 0);
	GUEST_ASSERT_EQ(word, 42);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), base);

	guest_printf("arch_eret: eret as architected\n");
	return 0;
}
