// SPDX-License-Identifier: GPL-2.0
/*
 * N syscalls in guest kernel mode, each reflected by the monitor to the
 * guest's own general exception vector, whose handler skips it.  The
 * round trip is the runtime's full path (selftests/guest/vectors.S): the
 * syscall exit, then dmfc0 EPC, mfc0 Cause, mfc0 Status, dmfc0 BadVAddr,
 * dmtc0 EPC and eret, each emulated: 7 exits per op.
 */
#include "guest.h"

static u64 handled;

static void skip_syscall(struct ex_frame *f)
{
	handled++;
	skip_insn(f);
}

int guest_main(u64 n)
{
	u64 i;

	install_handler(EXC_SYS, skip_syscall);
	for (i = 0; i < n; i++)
		asm volatile(NOSLOT("syscall") : : : "memory");
	return handled != n;
}
