// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's FPU: its registers survive exits, host preemption and the
 * lazy switch (another VM running the same program with other values on
 * the same host CPU must never show through), arithmetic works, and an
 * enabled FP exception reaches the guest's own handler as FPE.
 *
 * a0 = a per-VM seed; every register holds seed ^ its number.
 */
#include "guest.h"

#define ST_FR		0x04000000U
#define EXC_FPE		15
#define SIX		0x4018000000000000ULL	/* 6.0 */
#define ROUNDS		200
#define FCSR_EN_Z	0x00000400U	/* Enable divide by zero */
#define FCSR_CA_Z	0x00008000U	/* Cause divide by zero */

static u64 seed;

#define SET_FPR(n) asm volatile(".set push\n.set hardfloat\n" \
				"dmtc1 %0, $f" #n "\n.set pop" \
				: : "r" (seed ^ n))
#define GET_FPR(n, v) asm volatile(".set push\n.set hardfloat\n" \
				   "dmfc1 %0, $f" #n "\n.set pop" : "=r" (v))

static void set_all(void)
{
	SET_FPR(0); SET_FPR(1); SET_FPR(2); SET_FPR(3); SET_FPR(4);
	SET_FPR(5); SET_FPR(6); SET_FPR(7); SET_FPR(8); SET_FPR(9);
	SET_FPR(10); SET_FPR(11); SET_FPR(12); SET_FPR(13); SET_FPR(14);
	SET_FPR(15); SET_FPR(16); SET_FPR(17); SET_FPR(18); SET_FPR(19);
	SET_FPR(20); SET_FPR(21); SET_FPR(22); SET_FPR(23); SET_FPR(24);
	SET_FPR(25); SET_FPR(26); SET_FPR(27); SET_FPR(28); SET_FPR(29);
	SET_FPR(30); SET_FPR(31);
}

#define CHECK_FPR(n) do { GET_FPR(n, v); bad |= v ^ (seed ^ n); } while (0)

static u64 check_all(void)
{
	u64 v, bad = 0;

	CHECK_FPR(0); CHECK_FPR(1); CHECK_FPR(2); CHECK_FPR(3); CHECK_FPR(4);
	CHECK_FPR(5); CHECK_FPR(6); CHECK_FPR(7); CHECK_FPR(8); CHECK_FPR(9);
	CHECK_FPR(10); CHECK_FPR(11); CHECK_FPR(12); CHECK_FPR(13);
	CHECK_FPR(14); CHECK_FPR(15); CHECK_FPR(16); CHECK_FPR(17);
	CHECK_FPR(18); CHECK_FPR(19); CHECK_FPR(20); CHECK_FPR(21);
	CHECK_FPR(22); CHECK_FPR(23); CHECK_FPR(24); CHECK_FPR(25);
	CHECK_FPR(26); CHECK_FPR(27); CHECK_FPR(28); CHECK_FPR(29);
	CHECK_FPR(30); CHECK_FPR(31);
	return bad;
}

static u32 read_fcsr(void)
{
	u32 v;

	asm volatile(".set push\n.set hardfloat\ncfc1 %0, $31\n.set pop" : "=r" (v));
	return v;
}

static void write_fcsr(u32 v)
{
	asm volatile(".set push\n.set hardfloat\nctc1 %0, $31\n.set pop" : : "r" (v));
}

static int fpe_seen;

static void fpe(struct ex_frame *f)
{
	fpe_seen++;
	GUEST_ASSERT(read_fcsr() & FCSR_CA_Z);
	write_fcsr(0);
	skip_insn(f);
}

static void divide_by_zero(void)
{
	install_handler(EXC_FPE, fpe);
	write_fcsr(FCSR_EN_Z);
	asm volatile(".set push\n.set hardfloat\n.set noreorder\n"
		     "dmtc1 $0, $f2\n"
		     "li $8, 1\n dmtc1 $8, $f0\n cvt.d.l $f0, $f0\n"
		     "div.d $f4, $f0, $f2\n"
		     "nop\n.set pop" : : : "$8", "memory");
	GUEST_ASSERT_EQ(fpe_seen, 1);
}

static void spin(void)
{
	volatile int i;

	for (i = 0; i < 20000; i++)
		;
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS);
	u64 bad = 0, x;
	int i;

	seed = arg;
	/* Without CU1 the guest's own handler sees Coprocessor Unusable. */
	write_c0(C0_STATUS, status | ST_CU1 | ST_FR);
	set_all();
	for (i = 0; i < ROUNDS; i++) {
		(void)read_c0(C0_STATUS);	/* an exit to the monitor */
		spin();				/* and time for the host */
		bad |= check_all();
	}
	GUEST_ASSERT_EQ(bad, 0);

	asm volatile(".set push\n.set hardfloat\n"
		     "li $8, 3\n dmtc1 $8, $f6\n cvt.d.l $f6, $f6\n"
		     "add.d $f6, $f6, $f6\n sdc1 $f6, %0\n.set pop"
		     : "=m" (x) : : "$8");
	GUEST_ASSERT_EQ(x, SIX);
	divide_by_zero();
	guest_printf("fpu: registers kept over %d rounds, FPE delivered\n", ROUNDS);
	return 0;
}
