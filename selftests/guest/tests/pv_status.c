// SPDX-License-Identifier: GPL-2.0
/*
 * DISCO_PV_STATUS (arg = 1: the VM has a commpage; 0: it has none).
 *
 * With it a soft mtc0 to Status (interrupt masking, EXL/KSU within kernel
 * mode) traps once and is then a store to the page that the monitor takes
 * in at the next exit; a pending interrupt is the guest's to take, with a
 * trapping ei.  An mtc0 that moves anything else (CU1 here) keeps
 * trapping.  Without a commpage the call turns nothing on.
 */
#include <asm/errno.h>
#include "guest.h"

#define IM_ALL		(0xffULL << 8)

static volatile int nr_int;

static void on_int(struct ex_frame *f)
{
	nr_int++;
	write_c0(C0_CAUSE, read_c0(C0_CAUSE) & ~CAUSE_IP(0));
}

static u32 base_status;

static __attribute__((noinline)) void set_status(u32 bits)
{
	write_c0(C0_STATUS, base_status | bits);
}

/* Two sites of their own, whose first write moves CU1: never rewritten. */
static __attribute__((noinline)) void cu1_on(void)
{
	write_c0(C0_STATUS, base_status | ST_CU1);
}

static __attribute__((noinline)) void cu1_off(void)
{
	write_c0(C0_STATUS, base_status);
}

static u64 exits(void)
{
	return disco_info(DISCO_INFO_EXITS);
}

static void raise_ip0(void)
{
	write_c0(C0_CAUSE, read_c0(C0_CAUSE) | CAUSE_IP(0));
}

/* What the guest kernel does after enabling interrupts (uapi). */
static void take_pending(void)
{
	u32 st = read_c0(C0_STATUS);

	if ((read_c0(C0_CAUSE) & st & IM_ALL) && (st & ST_IE))
		ei();
}

int guest_main(u64 arg)
{
	u64 e;
	int i;

	install_handler(EXC_INT, on_int);
	base_status = read_c0(C0_STATUS) & ~(ST_IE | ST_EXL | ST_ERL | IM_ALL);
	set_status(0);

	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, 0, 0), 0);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, 4, 0), -EINVAL);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, ~0L, 0), -EINVAL);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, 1L << 32 | DISCO_PV_STATUS, 0), -EINVAL);
	if (!arg) {
		GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, DISCO_PV_STATUS, 0), 0);
		guest_printf("pv_status: nothing without a commpage\n");
		return 0;
	}
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, DISCO_PV_STATUS, 0), DISCO_PV_STATUS);
	GUEST_ASSERT_EQ(hypcall(DISCO_MC_PV, 0, 0), DISCO_PV_STATUS);

	/* 2,000 masking writes: the site traps once, then stores. */
	e = exits();
	for (i = 0; i < 1000; i++) {
		set_status(ST_IM(0));
		set_status(ST_IM(0) | ST_IE);
	}
	e = exits() - e;
	guest_printf("pv_status: 2000 soft Status writes, %d exits\n", (int)e);
	GUEST_ASSERT(e < 100);

	/* Masked through the page: pending across exits, never taken. */
	set_status(ST_IM(0));
	raise_ip0();
	for (i = 0; i < 10; i++)
		exits();
	GUEST_ASSERT_EQ(nr_int, 0);
	GUEST_ASSERT(read_c0(C0_CAUSE) & CAUSE_IP(0));

	/* Enabled through the page: the guest's own check takes it. */
	set_status(ST_IM(0) | ST_IE);
	take_pending();
	GUEST_ASSERT_EQ(nr_int, 1);
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & CAUSE_IP(0), 0);

	/* ... or the next exit does: the store is an mtc0 performed then. */
	set_status(ST_IM(0));
	raise_ip0();
	set_status(ST_IM(0) | ST_IE);
	exits();
	GUEST_ASSERT_EQ(nr_int, 2);

	/* Masked by IM alone, the same. */
	set_status(ST_IE);
	raise_ip0();
	exits();
	GUEST_ASSERT_EQ(nr_int, 2);
	set_status(ST_IE | ST_IM(0));
	take_pending();
	GUEST_ASSERT_EQ(nr_int, 3);

	/* A write that moves CU1 has effects now: it keeps trapping. */
	set_status(0);
	e = exits();
	for (i = 0; i < 100; i++) {
		cu1_on();
		cu1_off();
	}
	e = exits() - e;
	guest_printf("pv_status: 200 CU1 writes, %d exits\n", (int)e);
	GUEST_ASSERT(e >= 200);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & ST_CU1, 0);
	guest_printf("pv_status: Status through the page\n");
	return 0;
}
