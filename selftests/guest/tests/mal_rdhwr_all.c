// SPDX-License-Identifier: GPL-2.0
/*
 * rdhwr of every hardware register, from guest kernel mode with HWREna all
 * ones: the model has CPUNum, SYNCI_Step, CC and CCRes (0-3) and UserLocal
 * (29, Config3.ULRI); every other register is Reserved Instruction.  CC
 * must be the guest's Count, never the host's, CPUNum the vCPU's id and
 * UserLocal what the guest wrote to CP0 (4, 2).
 */
#include "mal.h"

static volatile int ri;

static void reserved(struct ex_frame *f)
{
	ri++;
	skip_insn(f);
}

#define RDHWR(n, v) asm volatile(".set push\n.set mips64r2\n.set noreorder\n" \
				 "li %0, -1\nrdhwr %0, $" #n "\n nop\n.set pop" \
				 : "=&r" (v))

#define PROBE(n) do { RDHWR(n, v); if (n > 3 && n != 29) GUEST_ASSERT_EQ(v, ~0ULL); } while (0)

int guest_main(u64 arg)
{
	u64 v, c0, cc, c1;

	install_handler(EXC_RI, reserved);
	write_c0(C0_HWRENA, 0xffffffff);
	RDHWR(0, v);
	GUEST_ASSERT_EQ(v, 0);				/* vCPU 0 */
	RDHWR(1, v);
	GUEST_ASSERT_EQ(v, 64);				/* the cache line */
	c0 = (u32)read_c0(C0_COUNT);
	RDHWR(2, cc);
	c1 = (u32)read_c0(C0_COUNT);
	GUEST_ASSERT((u32)(cc - c0) <= (u32)(c1 - c0));	/* the guest's Count */
	RDHWR(3, v);
	GUEST_ASSERT_EQ(v, 1);
	dwrite_c0(C0_USERLOCAL, 0x0123456789abcdefULL);
	RDHWR(29, v);
	GUEST_ASSERT_EQ(v, 0x0123456789abcdefULL);
	GUEST_ASSERT_EQ(dread_c0(C0_USERLOCAL), 0x0123456789abcdefULL);
	GUEST_ASSERT_EQ(ri, 0);

	PROBE(4); PROBE(5); PROBE(6); PROBE(7); PROBE(8); PROBE(9); PROBE(10);
	PROBE(11); PROBE(12); PROBE(13); PROBE(14); PROBE(15); PROBE(16);
	PROBE(17); PROBE(18); PROBE(19); PROBE(20); PROBE(21); PROBE(22);
	PROBE(23); PROBE(24); PROBE(25); PROBE(26); PROBE(27); PROBE(28);
	PROBE(29); PROBE(30); PROBE(31);
	GUEST_ASSERT_EQ(ri, 27);
	write_c0(C0_HWRENA, 0);
	guest_printf("mal_rdhwr_all: 5 registers, 27 reserved\n");
	return 0;
}
