/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Faulting-access probes with well-known addresses (so a handler can check
 * EPC and resume), run_user(), and the user-mode programs.
 */
	.set	noreorder
	.set	noat
	.set	mips64r2

	.text

/* u64 probe_load(u64 addr, u64 marker) */
	.globl	probe_load
	.ent	probe_load
probe_load:
	move	$2, $5
	.globl	probe_load_insn
probe_load_insn:
	ld	$2, 0($4)
	jr	$31
	 nop
	.end	probe_load

/* void probe_store(u64 addr, u64 val) */
	.globl	probe_store
	.ent	probe_store
probe_store:
	.globl	probe_store_insn
probe_store_insn:
	sd	$5, 0($4)
	jr	$31
	 nop
	.end	probe_store

/* long probe_jump(u64 addr): 1 if a handler resumed at probe_jump_ret */
	.globl	probe_jump
	.ent	probe_jump
probe_jump:
	jr	$4
	 move	$2, $0
	.globl	probe_jump_ret
probe_jump_ret:
	jr	$31
	 ori	$2, $0, 1
	.end	probe_jump

/*
 * long run_user(u64 pc, u64 sp)
 *
 * Saves the callee-saved state in user_ctx, then erets to user mode
 * (Status.KSU = user, EXL = 1 -> 0, IE off).  user_return() rewrites an
 * exception frame so that the handler's eret lands on user_resume, in
 * kernel mode, with that state back and v0 = the value.
 */
	.globl	run_user
	.ent	run_user
run_user:
	dla	$8, user_ctx
	sd	$16, 0($8)
	sd	$17, 8($8)
	sd	$18, 16($8)
	sd	$19, 24($8)
	sd	$20, 32($8)
	sd	$21, 40($8)
	sd	$22, 48($8)
	sd	$23, 56($8)
	sd	$28, 64($8)
	sd	$29, 72($8)
	sd	$30, 80($8)
	sd	$31, 88($8)
	mfc0	$9, $12
	li	$10, ~0x1d		/* KSU, ERL, IE */
	and	$9, $9, $10
	ori	$9, $9, 0x12		/* KSU = user, EXL */
	mtc0	$9, $12
	ehb
	dmtc0	$4, $14
	move	$29, $5
	ehb
	eret
	.globl	user_resume
user_resume:
	jr	$31
	 nop
	.end	run_user

	.bss
	.balign	8
	.globl	user_ctx
user_ctx:
	.space	96
