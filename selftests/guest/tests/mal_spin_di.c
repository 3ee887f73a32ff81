// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: a vCPU that never yields.  Interrupts off (di, IM = 0, EXL set),
 * then a tight loop with no exit-causing instruction.  The host still gets
 * its CPU (host interrupts leave the guest) and DISCO_VM_STOP ends it.
 */
#include "mal.h"

int guest_main(u64 arg)
{
	u32 st;

	guest_printf("mal_spin_di: spinning with interrupts off\n");
	di();
	st = read_c0(C0_STATUS);
	write_c0(C0_STATUS, (st & ~0xff00U) | ST_EXL);
	asm volatile(NOSLOT("1: b 1b\n\tnop"));
	return 1;
}
