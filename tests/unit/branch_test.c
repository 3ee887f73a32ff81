// SPDX-License-Identifier: GPL-2.0
/*
 * disco_branch_next_pc(): where the CPU goes after a branch whose delay
 * slot took an exception.  Encodings come from GNU as (-march=mips64r2);
 * @at and @target are the branch's and its target's offsets in the object
 * gas assembled, so the same words can be replayed at any base address.
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "tap.h"

/* Branch bases: the guest kernel lives in xsseg; kseg0 for sign extension. */
static const u64 bases[] = { 0x4000000000100000ULL, 0xffffffff80020000ULL };

#define NEG(x)	((u64)(s64)(x))

enum { NOT_TAKEN, TAKEN };

struct bcase {
	u32 word;
	u32 at;		/* offset of the branch */
	u32 target;	/* offset of its target */
	const char *text;
	u64 r4, r5;	/* $a0, $a1: the compared registers */
	int want;	/* TAKEN or NOT_TAKEN */
};

static const struct bcase branches[] = {
	{ 0x1085001b, 0x04, 0x74, "beq $4, $5, fwd (equal)",	7, 7, TAKEN },
	{ 0x1085001b, 0x04, 0x74, "beq $4, $5, fwd (differ in high word)",
	  0x100000007ULL, 7, NOT_TAKEN },
	{ 0x1485fffd, 0x08, 0x00, "bne $4, $5, back (differ)",	1, 2, TAKEN },
	{ 0x1485fffd, 0x08, 0x00, "bne $4, $5, back (equal)",	NEG(-3), NEG(-3), NOT_TAKEN },
	{ 0x18800019, 0x0c, 0x74, "blez $4, fwd (zero)",	0, 0, TAKEN },
	{ 0x18800019, 0x0c, 0x74, "blez $4, fwd (negative)",	NEG(-1), 0, TAKEN },
	{ 0x18800019, 0x0c, 0x74, "blez $4, fwd (INT64_MIN)",	1ULL << 63, 0, TAKEN },
	{ 0x18800019, 0x0c, 0x74, "blez $4, fwd (1)",		1, 0, NOT_TAKEN },
	{ 0x18800019, 0x0c, 0x74, "blez $4, fwd (0x80000000 is positive)",
	  0x80000000ULL, 0, NOT_TAKEN },
	{ 0x1c80fffb, 0x10, 0x00, "bgtz $4, back (1)",		1, 0, TAKEN },
	{ 0x1c80fffb, 0x10, 0x00, "bgtz $4, back (0x80000000)",	0x80000000ULL, 0, TAKEN },
	{ 0x1c80fffb, 0x10, 0x00, "bgtz $4, back (zero)",	0, 0, NOT_TAKEN },
	{ 0x1c80fffb, 0x10, 0x00, "bgtz $4, back (negative)",	NEG(-5), 0, NOT_TAKEN },
	{ 0x04800013, 0x24, 0x74, "bltz $4, fwd (negative)",	NEG(-1), 0, TAKEN },
	{ 0x04800013, 0x24, 0x74, "bltz $4, fwd (zero)",	0, 0, NOT_TAKEN },
	{ 0x04800013, 0x24, 0x74, "bltz $4, fwd (0xffffffff is positive)",
	  0xffffffffULL, 0, NOT_TAKEN },
	{ 0x0481fff5, 0x28, 0x00, "bgez $4, back (zero)",	0, 0, TAKEN },
	{ 0x0481fff5, 0x28, 0x00, "bgez $4, back (negative)",	NEG(-2), 0, NOT_TAKEN },
	{ 0x0490000f, 0x34, 0x74, "bltzal $4, fwd (negative)",	NEG(-1), 0, TAKEN },
	{ 0x0490000f, 0x34, 0x74, "bltzal $4, fwd (positive)",	5, 0, NOT_TAKEN },
	{ 0x0491fff1, 0x38, 0x00, "bgezal $4, back (positive)",	5, 0, TAKEN },
	{ 0x0491fff1, 0x38, 0x00, "bgezal $4, back (negative)",	NEG(-5), 0, NOT_TAKEN },
	{ 0x0411000b, 0x44, 0x74, "bal fwd",			NEG(-1), 0, TAKEN },
	{ 0x1000ffed, 0x48, 0x00, "b back",			0, 0, TAKEN },
	/* Extreme displacements, hand-assembled as beq $0, $0 (b). */
	{ 0x10007fff, 0x00, 0x20000, "b +131068 (imm 0x7fff)",	0, 0, TAKEN },
	{ 0x10008000, 0x40000, 0x20004, "b -131072 (imm 0x8000)", 0, 0, TAKEN },
	{ 0x1000ffff, 0x100, 0x100, "b . (imm -1: itself)",	0, 0, TAKEN },
	/*
	 * Branch likely: a not-taken likely branch annuls its delay slot, so
	 * an exception in the slot means the branch was taken whatever the
	 * registers hold now (decode.h: "an exception was taken in its delay
	 * slot").  Both register states must give the target.
	 */
	{ 0x50850017, 0x14, 0x74, "beql $4, $5, fwd (equal)",	3, 3, TAKEN },
	{ 0x50850017, 0x14, 0x74, "beql $4, $5, fwd (differ: slot ran so taken)",
	  3, 4, TAKEN },
	{ 0x5485fff9, 0x18, 0x00, "bnel $4, $5, back (differ)",	3, 4, TAKEN },
	{ 0x5485fff9, 0x18, 0x00, "bnel $4, $5, back (equal: slot ran so taken)",
	  3, 3, TAKEN },
	{ 0x58800015, 0x1c, 0x74, "blezl $4, fwd (zero)",	0, 0, TAKEN },
	{ 0x58800015, 0x1c, 0x74, "blezl $4, fwd (1: slot ran so taken)", 1, 0, TAKEN },
	{ 0x5c80fff7, 0x20, 0x00, "bgtzl $4, back (1)",		1, 0, TAKEN },
	{ 0x5c80fff7, 0x20, 0x00, "bgtzl $4, back (0: slot ran so taken)", 0, 0, TAKEN },
	{ 0x04820011, 0x2c, 0x74, "bltzl $4, fwd (negative)",	NEG(-1), 0, TAKEN },
	{ 0x04820011, 0x2c, 0x74, "bltzl $4, fwd (0: slot ran so taken)", 0, 0, TAKEN },
	{ 0x0483fff3, 0x30, 0x00, "bgezl $4, back (zero)",	0, 0, TAKEN },
	{ 0x0483fff3, 0x30, 0x00, "bgezl $4, back (-1: slot ran so taken)",
	  NEG(-1), 0, TAKEN },
	{ 0x0492000d, 0x3c, 0x74, "bltzall $4, fwd (negative)",	NEG(-1), 0, TAKEN },
	{ 0x0492000d, 0x3c, 0x74, "bltzall $4, fwd (1: slot ran so taken)", 1, 0, TAKEN },
	{ 0x0493ffef, 0x40, 0x00, "bgezall $4, back (1)",	1, 0, TAKEN },
	{ 0x0493ffef, 0x40, 0x00, "bgezall $4, back (-1: slot ran so taken)",
	  NEG(-1), 0, TAKEN },
};

static void fill_gpr(u64 gpr[32])
{
	int i;

	/* Distinct junk everywhere so a wrong register index shows. */
	gpr[0] = 0;
	for (i = 1; i < 32; i++)
		gpr[i] = 0x1111111111111111ULL * (i & 0xf) + i;
}

static void check_next(u32 word, u64 pc, const u64 gpr[32], int want_ret,
		       u64 want, const char *text)
{
	u64 next = 0xdeadbeefdeadbeefULL;
	int ret = disco_branch_next_pc(word, pc, gpr, &next);
	int pass = ret == want_ret && (want_ret != 0 || next == want);

	if (want_ret)
		tap_result(pass, "branch 0x%08x %s -> -1", word, text);
	else
		tap_result(pass, "branch 0x%08x %s at 0x%016llx -> 0x%016llx",
			   word, text, (unsigned long long)pc,
			   (unsigned long long)want);
	if (!pass)
		tap_diag("got %d, next 0x%016llx", ret, (unsigned long long)next);
}

static void conditional_tests(void)
{
	u64 gpr[32];
	size_t i, b;

	fill_gpr(gpr);
	for (b = 0; b < ARRAY_SIZE(bases); b++)
		for (i = 0; i < ARRAY_SIZE(branches); i++) {
			const struct bcase *c = &branches[i];
			u64 pc = bases[b] + c->at;

			gpr[4] = c->r4;
			gpr[5] = c->r5;
			check_next(c->word, pc, gpr, 0,
				   c->want == TAKEN ? bases[b] + c->target : pc + 8,
				   c->text);
		}
}

struct jcase {
	u32 word;
	const char *text;
	u64 pc;
	int reg;	/* register to load, 0 for none */
	u64 val;
	u64 want;
};

static const struct jcase jumps[] = {
	{ 0x0aaf37bc, "j 0x0abcdef0 (xsseg)", 0x4000000000100000ULL, 0, 0,
	  0x400000000abcdef0ULL },
	{ 0x0aaf37bc, "j 0x0abcdef0 (slot opens the next 256 MB region)",
	  0x400000000ffffffcULL, 0, 0, 0x400000001abcdef0ULL },
	{ 0x0bffffff, "j with every index bit set", 0x4000000000000000ULL, 0, 0,
	  0x400000000ffffffcULL },
	{ 0x0c000001, "jal 4 (kseg0)", 0xffffffff80001000ULL, 0, 0,
	  0xffffffff80000004ULL },
	{ 0x0c000001, "jal 4 (slot opens the next 256 MB region)",
	  0xffffffff8ffffffcULL, 0, 0, 0xffffffff90000004ULL },
	{ 0x03e00008, "jr $31", 0x4000000000100000ULL, 31, 0x4000000000123458ULL,
	  0x4000000000123458ULL },
	{ 0x03e00408, "jr.hb $31", 0x4000000000100000ULL, 31, 0xffffffff80000180ULL,
	  0xffffffff80000180ULL },
	{ 0x0120f809, "jalr $9", 0xffffffff80001000ULL, 9, 0xffffffff80200000ULL,
	  0xffffffff80200000ULL },
	{ 0x01201009, "jalr $2, $9", 0xffffffff80001000ULL, 9, 0x4000000000000010ULL,
	  0x4000000000000010ULL },
	{ 0x0080fc09, "jalr.hb $31, $4", 0x4000000000000000ULL, 4, 0x120000000ULL,
	  0x120000000ULL },
	{ 0x00000008, "jr $0", 0x4000000000000000ULL, 0, 0, 0 },
};

static void jump_tests(void)
{
	u64 gpr[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(jumps); i++) {
		const struct jcase *c = &jumps[i];

		fill_gpr(gpr);
		if (c->reg)
			gpr[c->reg] = c->val;
		check_next(c->word, c->pc, gpr, 0, c->want, c->text);
	}
}

static const struct {
	u32 word;
	const char *text;
} non_branches[] = {
	{ 0x00000000, "nop" },
	{ 0x0000000c, "syscall" },
	{ 0x0000000d, "break" },
	{ 0x0000000a, "movz $0, $0, $0" },
	{ 0x8c820000, "lw $2, 0($4)" },
	{ 0x24420001, "addiu $2, $2, 1" },
	{ 0x048c0000, "teqi $4, 0 (regimm, not a branch)" },
	{ 0x049f0000, "synci 0($4) (regimm, not a branch)" },
	{ 0x45010002, "bc1t fwd (no FPU branches in the model)" },
	{ 0x45000001, "bc1f fwd (no FPU branches in the model)" },
	{ 0x74000000, "jalx 0 (no MIPS16/microMIPS)" },
	{ 0x42000018, "eret" },
	{ 0x42000028, "hypcall" },
	{ 0x40086000, "mfc0 $8, $12" },
};

static void non_branch_tests(void)
{
	u64 gpr[32];
	size_t i;

	fill_gpr(gpr);
	for (i = 0; i < ARRAY_SIZE(non_branches); i++)
		check_next(non_branches[i].word, 0x4000000000100000ULL, gpr,
			   -1, 0, non_branches[i].text);
}

void branch_tests(void)
{
	conditional_tests();
	jump_tests();
	non_branch_tests();
}
