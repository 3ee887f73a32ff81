// SPDX-License-Identifier: GPL-2.0
/*
 * disco_decode() against encodings produced by GNU as
 * (mips64el-linux-gnuabi64-as -march=mips64r2 -mvirt, objdump -d), plus
 * sweeps over every register/select/code value and over the bits an
 * encoding requires to be zero.
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "tap.h"

static const char *const kind_names[] = {
	[DISCO_INSN_OTHER] = "OTHER",	[DISCO_INSN_MFC0] = "MFC0",
	[DISCO_INSN_MTC0] = "MTC0",	[DISCO_INSN_DMFC0] = "DMFC0",
	[DISCO_INSN_DMTC0] = "DMTC0",	[DISCO_INSN_ERET] = "ERET",
	[DISCO_INSN_DERET] = "DERET",	[DISCO_INSN_WAIT] = "WAIT",
	[DISCO_INSN_TLBR] = "TLBR",	[DISCO_INSN_TLBWI] = "TLBWI",
	[DISCO_INSN_TLBWR] = "TLBWR",	[DISCO_INSN_TLBP] = "TLBP",
	[DISCO_INSN_DI] = "DI",		[DISCO_INSN_EI] = "EI",
	[DISCO_INSN_CACHE] = "CACHE",	[DISCO_INSN_RDHWR] = "RDHWR",
	[DISCO_INSN_HYPCALL] = "HYPCALL",
};

static const char *kind_name(enum disco_insn_kind k)
{
	if ((unsigned int)k < ARRAY_SIZE(kind_names) &&
	    kind_names[k])
		return kind_names[k];
	return "?";
}

struct dcase {
	u32 word;
	const char *text;	/* what gas was given */
	struct disco_insn want;
};

#define K(k)	.kind = DISCO_INSN_##k

/* Ground truth from GNU as 2.40 (see the file comment). */
static const struct dcase cases[] = {
	{ 0x40086000, "mfc0 $8, $12, 0",	{ K(MFC0), .rt = 8, .rd = 12 } },
	{ 0x401ff807, "mfc0 $31, $31, 7",	{ K(MFC0), .rt = 31, .rd = 31, .sel = 7 } },
	{ 0x40028001, "mfc0 $2, $16, 1",	{ K(MFC0), .rt = 2, .rd = 16, .sel = 1 } },
	{ 0x40247000, "dmfc0 $4, $14, 0",	{ K(DMFC0), .rt = 4, .rd = 14 } },
	{ 0x403f5007, "dmfc0 $31, $10, 7",	{ K(DMFC0), .rt = 31, .rd = 10, .sel = 7 } },
	{ 0x40896000, "mtc0 $9, $12, 0",	{ K(MTC0), .rt = 9, .rd = 12 } },
	{ 0x40805800, "mtc0 $0, $11, 0",	{ K(MTC0), .rt = 0, .rd = 11 } },
	{ 0x40857801, "mtc0 $5, $15, 1",	{ K(MTC0), .rt = 5, .rd = 15, .sel = 1 } },
	{ 0x40a67000, "dmtc0 $6, $14, 0",	{ K(DMTC0), .rt = 6, .rd = 14 } },
	{ 0x40bff807, "dmtc0 $31, $31, 7",	{ K(DMTC0), .rt = 31, .rd = 31, .sel = 7 } },
	{ 0x42000018, "eret",			{ K(ERET) } },
	{ 0x4200001f, "deret",			{ K(DERET) } },
	{ 0x42000020, "wait",			{ K(WAIT) } },
	{ 0x43ffffe0, "wait 0x7ffff",		{ K(WAIT) } },
	{ 0x42000001, "tlbr",			{ K(TLBR) } },
	{ 0x42000002, "tlbwi",			{ K(TLBWI) } },
	{ 0x42000006, "tlbwr",			{ K(TLBWR) } },
	{ 0x42000008, "tlbp",			{ K(TLBP) } },
	{ 0x41606000, "di",			{ K(DI), .rt = 0 } },
	{ 0x41696000, "di $9",			{ K(DI), .rt = 9 } },
	{ 0x41606020, "ei",			{ K(EI), .rt = 0 } },
	{ 0x416a6020, "ei $10",			{ K(EI), .rt = 10 } },
	{ 0xbc900000, "cache 0x10, 0($4)",	{ K(CACHE), .base = 4, .op = 0x10 } },
	{ 0xbffffffc, "cache 0x1f, -4($31)",	{ K(CACHE), .base = 31, .op = 0x1f, .offset = -4 } },
	{ 0xbc407fff, "cache 0x0, 32767($2)",	{ K(CACHE), .base = 2, .op = 0, .offset = 32767 } },
	{ 0xbc158000, "cache 0x15, -32768($0)",	{ K(CACHE), .base = 0, .op = 0x15, .offset = -32768 } },
	{ 0x7c03e83b, "rdhwr $3, $29",		{ K(RDHWR), .rt = 3, .rd = 29 } },
	{ 0x7c08103b, "rdhwr $8, $2",		{ K(RDHWR), .rt = 8, .rd = 2 } },
	{ 0x42000028, "hypcall",		{ K(HYPCALL), .code = 0 } },
	{ 0x421ff828, "hypcall 0x3ff",		{ K(HYPCALL), .code = 0x3ff } },
	{ 0x42002828, "hypcall 5",		{ K(HYPCALL), .code = 5 } },
	/* Ordinary instructions the monitor must leave alone. */
	{ 0x0000000c, "syscall",		{ K(OTHER) } },
	{ 0x0000048c, "syscall 0x12",		{ K(OTHER) } },
	{ 0x0000000d, "break",			{ K(OTHER) } },
	{ 0x8c820000, "lw $2, 0($4)",		{ K(OTHER) } },
	{ 0xac820000, "sw $2, 0($4)",		{ K(OTHER) } },
	{ 0xdc820008, "ld $2, 8($4)",		{ K(OTHER) } },
	{ 0x24420001, "addiu $2, $2, 1",	{ K(OTHER) } },
	{ 0x44022000, "mfc1 $2, $f4",		{ K(OTHER) } },
	{ 0x4448f800, "cfc1 $8, $31",		{ K(CFC1), .rt = 8, .rd = 31 } },
	{ 0x44c9f800, "ctc1 $9, $31",		{ K(CTC1), .rt = 9, .rd = 31 } },
	{ 0x4448f801, "cfc1 with bit 0 set",	{ K(OTHER) } },
	{ 0x44822000, "mtc1 $2, $f4",		{ K(OTHER) } },
	{ 0x44622000, "mfhc1 $2, $f4",		{ K(OTHER) } },
	{ 0x46020800, "add.s $f0, $f1, $f2",	{ K(OTHER) } },
	{ 0x48022000, "mfc2 $2, $4",		{ K(OTHER) } },
	{ 0x0000000f, "sync",			{ K(OTHER) } },
	{ 0x00000000, "nop",			{ K(OTHER) } },
	{ 0x000210f8, "dsll $2, $2, 3",		{ K(OTHER) } },
	{ 0x7c623900, "ext $2, $3, 4, 8",	{ K(OTHER) } },
	{ 0x7c625904, "ins $2, $3, 4, 8",	{ K(OTHER) } },
	{ 0x7c623903, "dext $2, $3, 4, 8",	{ K(OTHER) } },
	{ 0x7c031420, "seb $2, $3",		{ K(OTHER) } },
	{ 0x7c0310a0, "wsbh $2, $3",		{ K(OTHER) } },
	{ 0xcc800000, "pref 0, 0($4)",		{ K(OTHER) } },
	{ 0x03e00408, "jr.hb $31",		{ K(OTHER) } },
	/* Hand-made near misses: one reserved bit set in a trapping encoding. */
	{ 0x40086008, "mfc0 with bit 3 set",	{ K(OTHER) } },
	{ 0x40086400, "mfc0 with bit 10 set",	{ K(OTHER) } },
	{ 0x40247040, "dmfc0 with bit 6 set",	{ K(OTHER) } },
	{ 0x40896100, "mtc0 with bit 8 set",	{ K(OTHER) } },
	{ 0x40a67200, "dmtc0 with bit 9 set",	{ K(OTHER) } },
	{ 0x40486000, "cfc0-like rs=2",		{ K(OTHER) } },
	{ 0x40686000, "mfhc0-like rs=3",	{ K(OTHER) } },
	{ 0x40c86000, "rs=6",			{ K(OTHER) } },
	{ 0x41606001, "di with sel 1",		{ K(OTHER) } },
	{ 0x41605800, "di with rd 11",		{ K(OTHER) } },
	{ 0x41606040, "di with bit 6 set",	{ K(OTHER) } },
	{ 0x41606030, "ei with bit 4 set",	{ K(OTHER) } },
	{ 0x42000058, "eret with bit 6 set",	{ K(OTHER) } },
	{ 0x43000018, "eret with bit 24 set",	{ K(OTHER) } },
	{ 0x42000418, "eret with bit 10 set",	{ K(OTHER) } },
	{ 0x42200028, "hypcall with bit 21 set", { K(OTHER) } },
	{ 0x42000068, "hypcall with bit 6 set",	{ K(OTHER) } },
	{ 0x42000003, "co funct 0x03",		{ K(OTHER) } },
	{ 0x42000010, "co funct 0x10",		{ K(OTHER) } },
	{ 0x7c23e83b, "rdhwr with rs 1",	{ K(OTHER) } },
	{ 0x7c03e87b, "rdhwr with sa 1 (r6 sel)", { K(OTHER) } },
};

/* Which struct disco_insn fields decode.h documents for each kind. */
enum { F_RT = 1, F_RD = 2, F_SEL = 4, F_BASE = 8, F_OP = 16, F_OFF = 32,
	F_CODE = 64 };

static unsigned int fields_of(enum disco_insn_kind k)
{
	switch (k) {
	case DISCO_INSN_MFC0: case DISCO_INSN_MTC0:
	case DISCO_INSN_DMFC0: case DISCO_INSN_DMTC0:
		return F_RT | F_RD | F_SEL;
	case DISCO_INSN_DI: case DISCO_INSN_EI:
		return F_RT;
	case DISCO_INSN_RDHWR:
		return F_RT | F_RD;
	case DISCO_INSN_CACHE:
		return F_BASE | F_OP | F_OFF;
	case DISCO_INSN_HYPCALL:
		return F_CODE;
	default:
		return 0;
	}
}

/* Compares one field if @check; on a mismatch says so in @why. */
static int field_ok(int check, const char *name, int got, int want, u32 word,
		    char *why, size_t len)
{
	if (!check || got == want)
		return 1;
	snprintf(why, len, "0x%08x: %s %d, want %d", word, name, got, want);
	return 0;
}

/*
 * Decodes @word into a struct pre-filled with junk (so a field the decoder
 * forgets to write shows) and compares kind, return value and the fields
 * that matter for the expected kind.  Returns 1 on a match; else @why says
 * what differed.
 */
static int check_decode(u32 word, const struct disco_insn *want,
			char *why, size_t len)
{
	struct disco_insn got;
	enum disco_insn_kind ret;
	unsigned int f = fields_of(want->kind);

	memset(&got, 0xa5, sizeof(got));
	ret = disco_decode(word, &got);
	if (ret != got.kind) {
		snprintf(why, len, "0x%08x: returned %s but insn->kind %s",
			 word, kind_name(ret), kind_name(got.kind));
		return 0;
	}
	if (got.kind != want->kind) {
		snprintf(why, len, "0x%08x: kind %s, want %s", word,
			 kind_name(got.kind), kind_name(want->kind));
		return 0;
	}
	return field_ok(f & F_RT, "rt", got.rt, want->rt, word, why, len) &&
	       field_ok(f & F_RD, "rd", got.rd, want->rd, word, why, len) &&
	       field_ok(f & F_SEL, "sel", got.sel, want->sel, word, why, len) &&
	       field_ok(f & F_BASE, "base", got.base, want->base, word, why, len) &&
	       field_ok(f & F_OP, "op", got.op, want->op, word, why, len) &&
	       field_ok(f & F_OFF, "offset", got.offset, want->offset, word,
			why, len) &&
	       field_ok(f & F_CODE, "code", got.code, want->code, word, why, len);
}

static void table_tests(void)
{
	char why[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct dcase *c = &cases[i];

		if (!tap_result(check_decode(c->word, &c->want, why, sizeof(why)),
				"decode 0x%08x %s -> %s", c->word, c->text,
				kind_name(c->want.kind)))
			tap_diag("%s", why);
	}
}

/*
 * A sweep is one test case: it stops at the first mismatch and reports it.
 * The sweeps below build encodings from fields, which the table above has
 * already checked against the assembler.
 */
struct sweep {
	const char *name;
	int failed;
	char why[128];
};

static void sweep_check(struct sweep *s, u32 word, const struct disco_insn *want)
{
	if (!s->failed && !check_decode(word, want, s->why, sizeof(s->why)))
		s->failed = 1;
}

static void sweep_report(const struct sweep *s)
{
	if (!tap_result(!s->failed, "%s", s->name))
		tap_diag("%s", s->why);
}

static const struct {
	u32 rs;
	enum disco_insn_kind kind;
	const char *name;
} moves[] = {
	{ 0x00, DISCO_INSN_MFC0, "mfc0" },
	{ 0x01, DISCO_INSN_DMFC0, "dmfc0" },
	{ 0x04, DISCO_INSN_MTC0, "mtc0" },
	{ 0x05, DISCO_INSN_DMTC0, "dmtc0" },
};

/* COP0 with CO clear and an rs that is no move (cfc0, mfhc0, ...). */
static void cop0_rs_sweep(void)
{
	struct sweep s = { .name = "cop0: rs other than moves and mfmc0 -> OTHER" };
	struct disco_insn other = { .kind = DISCO_INSN_OTHER };
	u32 rs;

	for (rs = 0; rs < 16; rs++)
		if (rs != 0 && rs != 1 && rs != 4 && rs != 5 && rs != 0xb)
			sweep_check(&s, 0x40000000 | rs << 21 | 2 << 16 |
				    12 << 11, &other);
	sweep_report(&s);
}

static void move_sweeps(void)
{
	char name[96];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(moves); i++) {
		struct sweep s = { .name = name };
		struct disco_insn want = { .kind = moves[i].kind };
		struct disco_insn other = { .kind = DISCO_INSN_OTHER };
		u32 base = 0x40000000 | moves[i].rs << 21;
		u32 rt, rd, sel, bit;

		snprintf(name, sizeof(name), "%s: every rt, rd, sel",
			 moves[i].name);
		for (rt = 0; rt < 32; rt++)
			for (rd = 0; rd < 32; rd++)
				for (sel = 0; sel < 8; sel++) {
					want.rt = rt;
					want.rd = rd;
					want.sel = sel;
					sweep_check(&s, base | rt << 16 |
						    rd << 11 | sel, &want);
				}
		sweep_report(&s);

		s = (struct sweep){ .name = name };
		snprintf(name, sizeof(name), "%s: any of bits 10:3 set -> OTHER",
			 moves[i].name);
		for (bit = 3; bit <= 10; bit++)
			sweep_check(&s, base | 2 << 16 | 12 << 11 | 1u << bit,
				    &other);
		sweep_report(&s);
	}
	cop0_rs_sweep();
}

static const struct {
	u32 funct;
	enum disco_insn_kind kind;
	const char *name;
} co_ops[] = {
	{ 0x01, DISCO_INSN_TLBR, "tlbr" },
	{ 0x02, DISCO_INSN_TLBWI, "tlbwi" },
	{ 0x06, DISCO_INSN_TLBWR, "tlbwr" },
	{ 0x08, DISCO_INSN_TLBP, "tlbp" },
	{ 0x18, DISCO_INSN_ERET, "eret" },
	{ 0x1f, DISCO_INSN_DERET, "deret" },
};

/* CO-format instructions whose bits 24:6 must be zero. */
static void co_sweeps(void)
{
	struct disco_insn other = { .kind = DISCO_INSN_OTHER };
	char name[96];
	size_t i;
	u32 bit, f;

	for (i = 0; i < ARRAY_SIZE(co_ops); i++) {
		struct sweep s = { .name = name };

		snprintf(name, sizeof(name), "%s: any of bits 24:6 set -> OTHER",
			 co_ops[i].name);
		for (bit = 6; bit <= 24; bit++)
			sweep_check(&s, 0x42000000 | co_ops[i].funct | 1u << bit,
				    &other);
		sweep_report(&s);
	}

	/* Every other CO function is nothing the monitor emulates. */
	{
		struct sweep s = { .name = "co: unlisted functions -> OTHER" };

		for (f = 0; f < 64; f++) {
			int listed = f == 0x20 || f == 0x28;

			for (i = 0; i < ARRAY_SIZE(co_ops); i++)
				listed |= co_ops[i].funct == f;
			if (!listed)
				sweep_check(&s, 0x42000000 | f, &other);
		}
		sweep_report(&s);
	}
}

static void wait_hypcall_sweeps(void)
{
	struct disco_insn want = { .kind = DISCO_INSN_WAIT };
	struct disco_insn other = { .kind = DISCO_INSN_OTHER };
	struct sweep s = { .name = "wait: any implementation code in bits 24:6" };
	u32 code, bit;

	for (code = 0; code < (1u << 19); code += 0x101)
		sweep_check(&s, 0x42000020 | code << 6, &want);
	sweep_check(&s, 0x43ffffe0, &want);
	sweep_report(&s);

	s = (struct sweep){ .name = "hypcall: every 10-bit code" };
	want.kind = DISCO_INSN_HYPCALL;
	for (code = 0; code < 1024; code++) {
		want.code = code;
		sweep_check(&s, 0x42000028 | code << 11, &want);
	}
	sweep_report(&s);

	s = (struct sweep){ .name = "hypcall: any of bits 24:21, 10:6 set -> OTHER" };
	for (bit = 6; bit <= 24; bit++)
		if (bit <= 10 || bit >= 21)
			sweep_check(&s, 0x42000028 | 1u << bit, &other);
	sweep_report(&s);
}

static void di_ei_rdhwr_sweeps(void)
{
	struct disco_insn other = { .kind = DISCO_INSN_OTHER };
	struct sweep s = { .name = "di/ei: every rt" };
	struct disco_insn want;
	u32 rt, rd, bit;

	for (rt = 0; rt < 32; rt++) {
		want = (struct disco_insn){ .kind = DISCO_INSN_DI, .rt = rt };
		sweep_check(&s, 0x41606000 | rt << 16, &want);
		want.kind = DISCO_INSN_EI;
		sweep_check(&s, 0x41606020 | rt << 16, &want);
	}
	sweep_report(&s);

	s = (struct sweep){ .name = "di/ei: rd other than 12 -> OTHER" };
	for (rd = 0; rd < 32; rd++)
		if (rd != 12) {
			sweep_check(&s, 0x41600000 | rd << 11, &other);
			sweep_check(&s, 0x41600020 | rd << 11, &other);
		}
	sweep_report(&s);

	s = (struct sweep){ .name = "di/ei: any of bits 10:6, 4:0 set -> OTHER" };
	for (bit = 0; bit <= 10; bit++)
		if (bit != 5) {
			sweep_check(&s, 0x41606000 | 1u << bit, &other);
			sweep_check(&s, 0x41606020 | 1u << bit, &other);
		}
	sweep_report(&s);

	s = (struct sweep){ .name = "rdhwr: every rt, rd" };
	for (rt = 0; rt < 32; rt++)
		for (rd = 0; rd < 32; rd++) {
			want = (struct disco_insn){ .kind = DISCO_INSN_RDHWR,
						    .rt = rt, .rd = rd };
			sweep_check(&s, 0x7c00003b | rt << 16 | rd << 11, &want);
		}
	sweep_report(&s);

	s = (struct sweep){ .name = "rdhwr: nonzero rs or bits 10:6 -> OTHER" };
	for (bit = 6; bit <= 25; bit++)
		if (bit <= 10 || bit >= 21)
			sweep_check(&s, 0x7c03e83b | 1u << bit, &other);
	sweep_report(&s);
}

static void cache_sweep(void)
{
	struct sweep s = { .name = "cache: every op, base and offset" };
	struct disco_insn want = { .kind = DISCO_INSN_CACHE };
	u32 base, op, imm;

	for (base = 0; base < 32; base++)
		for (op = 0; op < 32; op++)
			for (imm = 0; imm < 0x10000; imm += 0x1ff) {
				want.base = base;
				want.op = op;
				want.offset = (s16)imm;
				sweep_check(&s, 0xbc000000 | base << 21 |
					    op << 16 | imm, &want);
			}
	sweep_report(&s);
}

/*
 * Only COP0 (0x10), SPECIAL3 (0x1f) and CACHE (0x2f) hold anything the
 * monitor emulates; every other major opcode is OTHER whatever its fields.
 */
static void opcode_sweep(void)
{
	static const u32 fill[] = { 0x00000000, 0x03ffffff, 0x0123456f,
				    0x02aaaaa8, 0x0000003b, 0x00006000 };
	struct sweep s = { .name = "other major opcodes -> OTHER" };
	struct disco_insn other = { .kind = DISCO_INSN_OTHER };
	u32 op;
	size_t i;

	for (op = 0; op < 64; op++) {
		if (op == 0x10 || op == 0x1f || op == 0x2f)
			continue;
		for (i = 0; i < ARRAY_SIZE(fill); i++)
			sweep_check(&s, op << 26 | fill[i], &other);
	}
	sweep_report(&s);

	s = (struct sweep){ .name = "special3 functions other than rdhwr -> OTHER" };
	for (op = 0; op < 64; op++)
		if (op != 0x3b)
			sweep_check(&s, 0x7c03e800 | op, &other);
	sweep_report(&s);
}

void decode_tests(void)
{
	table_tests();
	move_sweeps();
	co_sweeps();
	wait_hypcall_sweeps();
	di_ei_rdhwr_sweeps();
	cache_sweep();
	opcode_sweep();
}
