/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest exception vectors.  install_vectors() points EBase at
 * guest_vectors; every vector saves the interrupted state into a struct
 * ex_frame at the top of a dedicated exception stack, calls
 * guest_exception() and erets with the frame's (possibly changed) EPC and
 * registers.  k0/k1 are the guest kernel's own scratch registers, as on
 * real hardware, so the interrupted code must not rely on them.
 *
 * The CP0 accesses here trap to the monitor like any other: nothing in
 * this path may take a guest exception itself (no nesting: one frame).
 */
#define EX_STACK_SIZE	16384
#define FRAME_SIZE	320	/* sizeof(struct ex_frame) */
#define F_HI		256
#define F_LO		264
#define F_EPC		272
#define F_CAUSE		280
#define F_STATUS	288
#define F_BADVADDR	296
#define F_VECTOR	304

	.set	noreorder
	.set	noat
	.set	mips64r2

	.section .text.vectors, "ax"
	.balign	4096
	.globl	guest_vectors
guest_vectors:
	/* The vector offset goes in k1 for the frame. */
	.org	0x000			/* TLB refill (32-bit) */
	j	ex_common
	 ori	$27, $0, 0x000
	.org	0x080			/* XTLB refill */
	j	ex_common
	 ori	$27, $0, 0x080
	.org	0x100			/* cache error: not modelled, caught anyway */
	j	ex_common
	 ori	$27, $0, 0x100
	.org	0x180			/* general exception */
	j	ex_common
	 ori	$27, $0, 0x180
	.org	0x200			/* interrupt with Cause.IV = 1 */
	j	ex_common
	 ori	$27, $0, 0x200

	.org	0x280
ex_common:
	dla	$26, ex_stack + EX_STACK_SIZE - FRAME_SIZE
	sd	$0, 0($26)
	sd	$1, 8($26)
	sd	$2, 16($26)
	sd	$3, 24($26)
	sd	$4, 32($26)
	sd	$5, 40($26)
	sd	$6, 48($26)
	sd	$7, 56($26)
	sd	$8, 64($26)
	sd	$9, 72($26)
	sd	$10, 80($26)
	sd	$11, 88($26)
	sd	$12, 96($26)
	sd	$13, 104($26)
	sd	$14, 112($26)
	sd	$15, 120($26)
	sd	$16, 128($26)
	sd	$17, 136($26)
	sd	$18, 144($26)
	sd	$19, 152($26)
	sd	$20, 160($26)
	sd	$21, 168($26)
	sd	$22, 176($26)
	sd	$23, 184($26)
	sd	$24, 192($26)
	sd	$25, 200($26)
	sd	$0, 208($26)		/* k0, k1: not preserved */
	sd	$0, 216($26)
	sd	$28, 224($26)
	sd	$29, 232($26)
	sd	$30, 240($26)
	sd	$31, 248($26)
	mfhi	$8
	sd	$8, F_HI($26)
	mflo	$8
	sd	$8, F_LO($26)
	dmfc0	$8, $14			/* EPC */
	sd	$8, F_EPC($26)
	mfc0	$8, $13			/* Cause: 32-bit, sign-extended */
	sd	$8, F_CAUSE($26)
	mfc0	$8, $12			/* Status */
	sd	$8, F_STATUS($26)
	dmfc0	$8, $8			/* BadVAddr */
	sd	$8, F_BADVADDR($26)
	sd	$27, F_VECTOR($26)

	move	$16, $26		/* s0 survives the C call */
	daddiu	$29, $26, -32		/* stack below the frame, aligned */
	jal	guest_exception
	 move	$4, $26

	move	$26, $16
	ld	$8, F_EPC($26)
	dmtc0	$8, $14
	ld	$8, F_HI($26)
	mthi	$8
	ld	$8, F_LO($26)
	mtlo	$8
	ld	$1, 8($26)
	ld	$2, 16($26)
	ld	$3, 24($26)
	ld	$4, 32($26)
	ld	$5, 40($26)
	ld	$6, 48($26)
	ld	$7, 56($26)
	ld	$8, 64($26)
	ld	$9, 72($26)
	ld	$10, 80($26)
	ld	$11, 88($26)
	ld	$12, 96($26)
	ld	$13, 104($26)
	ld	$14, 112($26)
	ld	$15, 120($26)
	ld	$16, 128($26)
	ld	$17, 136($26)
	ld	$18, 144($26)
	ld	$19, 152($26)
	ld	$20, 160($26)
	ld	$21, 168($26)
	ld	$22, 176($26)
	ld	$23, 184($26)
	ld	$24, 192($26)
	ld	$25, 200($26)
	ld	$28, 224($26)
	ld	$29, 232($26)
	ld	$30, 240($26)
	ld	$31, 248($26)
	ehb
	eret

	.bss
	.balign	16
ex_stack:
	.space	EX_STACK_SIZE
