/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest entry: the monitor starts vCPU 0 at _start in guest kernel mode
 * with a0 as the host test set it (DISCO_VM_SET_REGS), and a1 = 0.
 */
#define STACK_SIZE	65536

	.set	noreorder
	.set	noat

	.section .text.start, "ax"
	.globl	_start
	.ent	_start
_start:
	bnez	$5, secondary		/* a1 = vCPU id, set by the host */
	 nop
	dla	$29, guest_stack + STACK_SIZE
	move	$16, $4			/* keep the argument across the loop */

	/* The loader zeroes p_memsz beyond p_filesz; do not rely on it. */
	dla	$8, __bss_start
	dla	$9, __bss_end
1:	beq	$8, $9, 2f
	 nop
	sd	$0, 0($8)
	b	1b
	 daddiu	$8, $8, 8
2:
	jal	guest_main
	 move	$4, $16
	jal	disco_exit
	 move	$4, $2
3:	b	3b			/* disco_exit does not return */
	 nop

	/*
	 * Other vCPUs: the host sets pc = _start, a1 = the vCPU id (> 0) and
	 * sp = a stack of their own (outside the image); they run
	 * guest_secondary(a0, a1) and exit with what it returns.
	 */
secondary:
	jal	guest_secondary
	 nop
	jal	disco_exit
	 move	$4, $2
4:	b	4b
	 nop
	.end	_start

	.bss
	.balign	16
guest_stack:
	.space	STACK_SIZE
