// SPDX-License-Identifier: GPL-2.0
/*
 * Timer thrash: Count and Compare written with extreme and equal values
 * thousands of times with the timer interrupt enabled, so the monitor's
 * hrtimer is cancelled and re-armed constantly and may fire in between.
 * The guest takes whatever interrupts come (acknowledging each) and must
 * finish; the host must see no warning and no runaway timer.
 */
#include "mal.h"

#define ROUNDS		3000

static volatile int ticks;

static void tick(struct ex_frame *f)
{
	ticks++;
	write_c0(C0_COMPARE, read_c0(C0_COUNT) - 1);	/* ack: due in 43 s */
}

int guest_main(u64 arg)
{
	static const u32 vals[] = { 0, 1, 0x7fffffff, 0x80000000, 0xfffffffe,
				    0xffffffff };
	u32 status = read_c0(C0_STATUS);
	int i;

	install_handler(EXC_INT, tick);
	write_c0(C0_STATUS, status | ST_IM(7) | ST_IE);
	for (i = 0; i < ROUNDS; i++) {
		write_c0(C0_COUNT, vals[i % 6]);
		write_c0(C0_COMPARE, vals[(i / 6) % 6]);
		if (i % 7 == 0)
			write_c0(C0_COMPARE, read_c0(C0_COUNT) + 50);
	}
	write_c0(C0_STATUS, status);
	write_c0(C0_COMPARE, read_c0(C0_COUNT) - 1);
	guest_printf("mal_timer_thrash: %d rounds, %d interrupts\n", ROUNDS, ticks);
	return 0;
}
