// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual Count/Compare timer.
 *
 * Count runs at DISCO_COUNT_HZ from the host's monotonic clock, so it keeps
 * going while the vCPU is out of the guest, sleeping or moving between
 * host CPUs.  An hrtimer fires when Count reaches Compare: it sets IP7
 * (and Cause.TI) and kicks the vCPU, which takes the interrupt on its next
 * entry.  Writing Compare clears the interrupt, as on hardware.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>

#include "vcpu.h"

#define NS_PER_TICK	(NSEC_PER_SEC / DISCO_COUNT_HZ)

static u32 ticks_now(void)
{
	return div_u64(ktime_get_ns(), NS_PER_TICK);
}

u32 disco_timer_count(struct disco_vcpu *vcpu)
{
	return ticks_now() + vcpu->cp0.count_bias;
}

static enum hrtimer_restart disco_timer_fire(struct hrtimer *timer)
{
	struct disco_vcpu *vcpu = container_of(timer, struct disco_vcpu, timer);

	set_bit(DISCO_IRQ_TIMER, &vcpu->irq_pending);
	disco_vcpu_kick(vcpu);
	/* Count meets Compare again after a full 32-bit wrap. */
	hrtimer_forward_now(timer, ns_to_ktime((1ULL << 32) * NS_PER_TICK));
	return HRTIMER_RESTART;
}

static void disco_timer_arm(struct disco_vcpu *vcpu)
{
	u32 delta = vcpu->cp0.compare - disco_timer_count(vcpu);
	u64 ticks = delta ? delta : 1ULL << 32;

	hrtimer_start(&vcpu->timer, ns_to_ktime(ticks * NS_PER_TICK),
		      HRTIMER_MODE_REL);
}

void disco_timer_init(struct disco_vcpu *vcpu)
{
	hrtimer_init(&vcpu->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	vcpu->timer.function = disco_timer_fire;
}

void disco_timer_cancel(struct disco_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->timer);
}

void disco_timer_set_count(struct disco_vcpu *vcpu, u32 count)
{
	vcpu->cp0.count_bias = count - ticks_now();
	if (hrtimer_active(&vcpu->timer))
		disco_timer_arm(vcpu);
}

void disco_timer_set_compare(struct disco_vcpu *vcpu, u32 compare)
{
	/* Cancel first: a firing timer must not set IP7 after we clear it. */
	hrtimer_cancel(&vcpu->timer);
	vcpu->cp0.compare = compare;
	clear_bit(DISCO_IRQ_TIMER, &vcpu->irq_pending);
	vcpu->cp0.cause &= ~(BIT(8 + DISCO_IRQ_TIMER) | DISCO_CAUSE_TI);
	disco_timer_arm(vcpu);
}
