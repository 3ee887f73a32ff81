/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest FPU register file save/restore.  Linux's own helpers (_restore_fp,
 * _init_fpu) are not exported, so the monitor has its own.  Callers enable
 * CU1 and set Status.FR to the guest's mode first (fpu.c).
 *
 * void disco_fpu_save(struct disco_fpu *fpu, int fr)
 * void disco_fpu_restore(const struct disco_fpu *fpu, int fr)
 *
 * With FR=0 the even registers hold the odd ones in their upper halves,
 * so only they are moved; with FR=1 all 32 are.
 */
#include <asm/asm.h>
#include <asm/regdef.h>
#include "fpu.h"

	.set	push
	.set	noreorder
	.set	hardfloat
	.set	mips64r2

#define EVEN(op)					\
	op	$f0, FPU_FPR(0)(a0);  op $f2, FPU_FPR(2)(a0);	\
	op	$f4, FPU_FPR(4)(a0);  op $f6, FPU_FPR(6)(a0);	\
	op	$f8, FPU_FPR(8)(a0);  op $f10, FPU_FPR(10)(a0);	\
	op	$f12, FPU_FPR(12)(a0); op $f14, FPU_FPR(14)(a0); \
	op	$f16, FPU_FPR(16)(a0); op $f18, FPU_FPR(18)(a0); \
	op	$f20, FPU_FPR(20)(a0); op $f22, FPU_FPR(22)(a0); \
	op	$f24, FPU_FPR(24)(a0); op $f26, FPU_FPR(26)(a0); \
	op	$f28, FPU_FPR(28)(a0); op $f30, FPU_FPR(30)(a0)

#define ODD(op)						\
	op	$f1, FPU_FPR(1)(a0);  op $f3, FPU_FPR(3)(a0);	\
	op	$f5, FPU_FPR(5)(a0);  op $f7, FPU_FPR(7)(a0);	\
	op	$f9, FPU_FPR(9)(a0);  op $f11, FPU_FPR(11)(a0);	\
	op	$f13, FPU_FPR(13)(a0); op $f15, FPU_FPR(15)(a0); \
	op	$f17, FPU_FPR(17)(a0); op $f19, FPU_FPR(19)(a0); \
	op	$f21, FPU_FPR(21)(a0); op $f23, FPU_FPR(23)(a0); \
	op	$f25, FPU_FPR(25)(a0); op $f27, FPU_FPR(27)(a0); \
	op	$f29, FPU_FPR(29)(a0); op $f31, FPU_FPR(31)(a0)

LEAF(disco_fpu_save)
	EVEN(sdc1)
	beqz	a1, 1f
	 nop
	ODD(sdc1)
1:	cfc1	t0, $31
	jr	ra
	 sw	t0, FPU_FCSR(a0)
	END(disco_fpu_save)

LEAF(disco_fpu_restore)
	EVEN(ldc1)
	beqz	a1, 1f
	 nop
	ODD(ldc1)
	/*
	 * A Cause bit whose exception is enabled would raise FPE here, in
	 * the kernel: such a bit has already been delivered to the guest,
	 * so it is dropped (Cause bits 17:12, Enables 11:7; Unimplemented,
	 * bit 17, is always enabled).
	 */
1:	lw	t0, FPU_FCSR(a0)
	sll	t1, t0, 5			/* Enables (11:7) under Cause (16:12) */
	lui	t2, 0x2				/* E (bit 17) is always enabled */
	or	t1, t1, t2
	lui	t2, 0x3
	ori	t2, t2, 0xf000			/* Cause, bits 17:12 */
	and	t1, t1, t2
	and	t1, t1, t0			/* Cause bits that would trap */
	xor	t0, t0, t1
	ctc1	t0, $31
	jr	ra
	 nop
	END(disco_fpu_restore)

	.set	pop
