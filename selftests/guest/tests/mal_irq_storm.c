// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: an interrupt storm.  The timer handler re-arms Compare just
 * ahead of Count with IE on, so the next interrupt is due at once, every
 * time: Compare = Count + 1 first.  A Compare the emulated write already
 * finds in the past fires only after Count wraps (about 43 s at 100 MHz),
 * as on hardware, so the guest widens the gap when an interrupt does not
 * come soon after it was due and narrows it again after each one.  The monitor must
 * keep delivering them and stay responsive; the guest stops after
 * IRQ_STORM_N of them.
 */
#include "mal.h"

#define IRQ_STORM_N	500

static volatile u64 irqs;
static volatile u32 delta = 1, armed_at;

static void arm(void)
{
	armed_at = read_c0(C0_COUNT);
	write_c0(C0_COMPARE, armed_at + delta);
}

static void tick(struct ex_frame *f)
{
	irqs++;
	if (delta > 1 && !(irqs % 8))
		delta >>= 1;	/* now and then, try a smaller gap again */
	arm();
}

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS), max_delta = 1;
	volatile u64 progress = 0;

	install_handler(EXC_INT, tick);
	arm();
	write_c0(C0_STATUS, status | ST_IM(7) | ST_IE);
	while (irqs < IRQ_STORM_N) {
		progress++;
		if (read_c0(C0_COUNT) - armed_at > 4 * delta + 20000) {
			/* Missed: Compare was already behind Count. */
			di();
			if (delta < (1U << 20))
				delta <<= 1;
			if (delta > max_delta)
				max_delta = delta;
			arm();
			ei();
		}
	}
	write_c0(C0_STATUS, status);
	guest_printf("mal_irq_storm: %llu interrupts, %llu loop iterations, gap up to %u counts\n",
		     irqs, progress, max_delta);
	return 0;
}
