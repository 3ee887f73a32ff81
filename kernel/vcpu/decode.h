/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction decoding for the monitor: which trapping guest instructions
 * it emulates, and where a branch goes.  Plain C with no kernel
 * dependencies, so the host unit tests (tests/unit) build the very same
 * file.
 */
#ifndef DISCO_VCPU_DECODE_H
#define DISCO_VCPU_DECODE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
typedef int64_t s64;
#endif

/* The instructions a deprivileged guest kernel traps on and we emulate. */
enum disco_insn_kind {
	DISCO_INSN_OTHER = 0,	/* nothing the monitor emulates */
	DISCO_INSN_MFC0,
	DISCO_INSN_MTC0,
	DISCO_INSN_DMFC0,
	DISCO_INSN_DMTC0,
	DISCO_INSN_ERET,
	DISCO_INSN_DERET,
	DISCO_INSN_WAIT,
	DISCO_INSN_TLBR,
	DISCO_INSN_TLBWI,
	DISCO_INSN_TLBWR,
	DISCO_INSN_TLBP,
	DISCO_INSN_DI,
	DISCO_INSN_EI,
	DISCO_INSN_CACHE,
	DISCO_INSN_RDHWR,
	DISCO_INSN_HYPCALL,
	DISCO_INSN_CFC1,	/* cfc1/ctc1: FCSR access while the monitor */
	DISCO_INSN_CTC1,	/* holds a pending FP exception in software */
};

/**
 * struct disco_insn - a decoded instruction.
 * @kind:	what it is
 * @rt:		GPR moved to/from (c0 moves, di/ei, rdhwr, cfc1/ctc1)
 * @rd:		CP0 register (c0 moves), hardware register (rdhwr) or FP
 *		control register (cfc1/ctc1)
 * @sel:	CP0 register select (c0 moves)
 * @base:	base GPR (cache)
 * @op:		cache operation (cache)
 * @offset:	signed displacement (cache)
 * @code:	the 10-bit code field (hypcall)
 */
struct disco_insn {
	enum disco_insn_kind kind;
	u8 rt;
	u8 rd;
	u8 sel;
	u8 base;
	u8 op;
	s16 offset;
	u16 code;
};

enum disco_insn_kind disco_decode(u32 word, struct disco_insn *insn);

/**
 * disco_branch_next_pc - where a branch or jump sends the CPU.
 * @word:	the instruction at @pc (an exception was taken in its delay slot)
 * @pc:		its address
 * @gpr:	the general registers as they were when it executed
 * @next:	out: the address after the delay slot
 *
 * Return: 0, or -1 if @word is not a branch the model has.
 */
int disco_branch_next_pc(u32 word, u64 pc, const u64 gpr[32], u64 *next);

#endif /* DISCO_VCPU_DECODE_H */
