// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction decoding shared by the monitor and the host unit tests.
 * Encodings follow the MIPS64 Release 2 instruction set (MD00087).
 */
#include "decode.h"

#define OP(w)		((w) >> 26)
#define RS(w)		(((w) >> 21) & 0x1f)
#define RT(w)		(((w) >> 16) & 0x1f)
#define RD(w)		(((w) >> 11) & 0x1f)
#define SA(w)		(((w) >> 6) & 0x1f)
#define FUNCT(w)	((w) & 0x3f)
#define IMM16(w)	((s16)((w) & 0xffff))

enum {
	OP_SPECIAL = 0x00, OP_REGIMM = 0x01, OP_J = 0x02, OP_JAL = 0x03,
	OP_BEQ = 0x04, OP_BNE = 0x05, OP_BLEZ = 0x06, OP_BGTZ = 0x07,
	OP_COP0 = 0x10, OP_COP1 = 0x11, OP_BEQL = 0x14, OP_BNEL = 0x15, OP_BLEZL = 0x16,
	OP_BGTZL = 0x17, OP_SPECIAL3 = 0x1f, OP_CACHE = 0x2f,
};

enum {
	COP0_MF = 0x00, COP0_DMF = 0x01, COP0_MT = 0x04, COP0_DMT = 0x05,
	COP0_MFMC0 = 0x0b,
};

enum {
	CO_TLBR = 0x01, CO_TLBWI = 0x02, CO_TLBWR = 0x06, CO_TLBP = 0x08,
	CO_ERET = 0x18, CO_DERET = 0x1f, CO_WAIT = 0x20, CO_HYPCALL = 0x28,
};

static enum disco_insn_kind decode_co(u32 w, struct disco_insn *insn)
{
	switch (FUNCT(w)) {
	case CO_TLBR:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_TLBR;
	case CO_TLBWI:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_TLBWI;
	case CO_TLBWR:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_TLBWR;
	case CO_TLBP:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_TLBP;
	case CO_ERET:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_ERET;
	case CO_DERET:
		return (w & 0x01ffffc0) ? DISCO_INSN_OTHER : DISCO_INSN_DERET;
	case CO_WAIT:
		/* bits 24:6 are an implementation-defined code */
		return DISCO_INSN_WAIT;
	case CO_HYPCALL:
		if (w & 0x01e007c0)	/* bits 24:21, 10:6 */
			return DISCO_INSN_OTHER;
		insn->code = (w >> 11) & 0x3ff;
		return DISCO_INSN_HYPCALL;
	}
	return DISCO_INSN_OTHER;
}

static enum disco_insn_kind decode_cop0(u32 w, struct disco_insn *insn)
{
	if (w & (1u << 25))
		return decode_co(w, insn);

	insn->rt = RT(w);
	insn->rd = RD(w);
	insn->sel = w & 7;
	switch (RS(w)) {
	case COP0_MF:
		return (w & 0x7f8) ? DISCO_INSN_OTHER : DISCO_INSN_MFC0;
	case COP0_DMF:
		return (w & 0x7f8) ? DISCO_INSN_OTHER : DISCO_INSN_DMFC0;
	case COP0_MT:
		return (w & 0x7f8) ? DISCO_INSN_OTHER : DISCO_INSN_MTC0;
	case COP0_DMT:
		return (w & 0x7f8) ? DISCO_INSN_OTHER : DISCO_INSN_DMTC0;
	case COP0_MFMC0:
		/* di/ei: rd = 12 (Status), bits 10:6 zero, sel field 0 */
		if (RD(w) != 12 || (w & 0x7df) != 0)
			return DISCO_INSN_OTHER;
		return (w & 0x20) ? DISCO_INSN_EI : DISCO_INSN_DI;
	}
	return DISCO_INSN_OTHER;
}

enum disco_insn_kind disco_decode(u32 w, struct disco_insn *insn)
{
	*insn = (struct disco_insn){ 0 };

	switch (OP(w)) {
	case OP_COP0:
		insn->kind = decode_cop0(w, insn);
		break;
	case OP_COP1:
		/* cfc1/ctc1 rt, fs: bits 10:0 zero */
		if ((RS(w) == 0x02 || RS(w) == 0x06) && !(w & 0x7ff)) {
			insn->rt = RT(w);
			insn->rd = RD(w);
			insn->kind = RS(w) == 0x02 ? DISCO_INSN_CFC1 : DISCO_INSN_CTC1;
		}
		break;
	case OP_CACHE:
		insn->base = RS(w);
		insn->op = RT(w);
		insn->offset = IMM16(w);
		insn->kind = DISCO_INSN_CACHE;
		break;
	case OP_SPECIAL3:
		/* rdhwr rt, rd: rs = 0, bits 10:6 = 0 on Release 2 */
		if (FUNCT(w) == 0x3b && RS(w) == 0 && SA(w) == 0) {
			insn->rt = RT(w);
			insn->rd = RD(w);
			insn->kind = DISCO_INSN_RDHWR;
		}
		break;
	}
	return insn->kind;
}

static u64 branch_target(u32 w, u64 pc)
{
	return pc + 4 + (u64)(s64)IMM16(w) * 4;
}

static int regimm_next_pc(u32 w, u64 pc, const u64 gpr[32], u64 *next)
{
	s64 rs = (s64)gpr[RS(w)];
	int taken;

	switch (RT(w)) {
	case 0x00: case 0x02: case 0x10: case 0x12:	/* bltz[al][l] */
		taken = rs < 0;
		break;
	case 0x01: case 0x03: case 0x11: case 0x13:	/* bgez[al][l] */
		taken = rs >= 0;
		break;
	default:
		return -1;
	}
	/* A likely branch only executes its delay slot when taken. */
	if (RT(w) & 0x02)
		taken = 1;
	*next = taken ? branch_target(w, pc) : pc + 8;
	return 0;
}

int disco_branch_next_pc(u32 w, u64 pc, const u64 gpr[32], u64 *next)
{
	s64 rs = (s64)gpr[RS(w)];
	s64 rt = (s64)gpr[RT(w)];
	int taken;

	switch (OP(w)) {
	case OP_SPECIAL:
		if (FUNCT(w) != 0x08 && FUNCT(w) != 0x09)	/* jr, jalr */
			return -1;
		*next = gpr[RS(w)];
		return 0;
	case OP_REGIMM:
		return regimm_next_pc(w, pc, gpr, next);
	case OP_J:
	case OP_JAL:
		*next = ((pc + 4) & ~0x0fffffffULL) | ((u64)(w & 0x03ffffff) << 2);
		return 0;
	case OP_BEQ:
		taken = rs == rt;
		break;
	case OP_BNE:
		taken = rs != rt;
		break;
	case OP_BLEZ:
		taken = rs <= 0;
		break;
	case OP_BGTZ:
		taken = rs > 0;
		break;
	case OP_BEQL:
	case OP_BNEL:
	case OP_BLEZL:
	case OP_BGTZL:
		taken = 1;
		break;
	default:
		return -1;
	}
	*next = taken ? branch_target(w, pc) : pc + 8;
	return 0;
}
