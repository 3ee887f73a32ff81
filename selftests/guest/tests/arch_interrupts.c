// SPDX-License-Identifier: GPL-2.0
/*
 * Software interrupts (Cause.IP0/IP1, written by the guest) and the four
 * things that mask them: a pending interrupt is taken only when
 * Status.IE = 1, EXL = 0, ERL = 0 and its IM bit is set.  It then goes to
 * the general vector (+0x180) with ExcCode 0, or to +0x200 when
 * Cause.IV = 1; the IP bit stays set until software clears it.  Leaving
 * EXL or ERL with eret takes it at once, with EPC = the eret target.
 */
#include "arch.h"

#define IP_SW		(CAUSE_IP(0) | CAUSE_IP(1))
#define IM_ALL		(0xffULL << 8)

/* int_eret(target): eret to @target with EXL set; target returns. */
asm(".text\n.set push\n.set noreorder\n.set noat\n"
    ".globl int_eret, int_land\n"
    "int_eret:\n"
    "	dla	$8, int_land\n"
    "	dmtc0	$8, $14\n"
    "	dmtc0	$8, $30\n"
    "	ehb\n"
    "	eret\n"
    "	li	$2, 0xbad\n"
    "int_land:\n"
    "	jr	$31\n"
    "	move	$2, $0\n"
    ".set pop\n");
extern char int_land[];
long int_eret(void);

static volatile int nr_int;
static struct ex_frame int_frame;

/* Records the interrupt and clears the software IP bits, as an OS would. */
static void on_int(struct ex_frame *f)
{
	int_frame = *f;
	nr_int++;
	write_c0(C0_CAUSE, read_c0(C0_CAUSE) & ~IP_SW);
}

static u32 base_status;

static void set_status(u32 bits)
{
	write_c0(C0_STATUS, base_status | bits);
}

static void raise_ip(u32 ip)
{
	write_c0(C0_CAUSE, (read_c0(C0_CAUSE) & ~IP_SW) | ip);
}

static void spin(void)
{
	volatile int i;

	for (i = 0; i < 100; i++)
		;
}

static void expect_taken(u32 ip, u64 vec)
{
	GUEST_ASSERT_EQ(nr_int, 1);
	GUEST_ASSERT_EQ(int_frame.vector, vec);
	GUEST_ASSERT_EQ(frame_exccode(&int_frame), EXC_INT);
	GUEST_ASSERT_EQ(int_frame.cause & IP_SW, ip);
	GUEST_ASSERT_EQ(int_frame.cause & CAUSE_BD, 0);
	GUEST_ASSERT(int_frame.status & ST_EXL);
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & IP_SW, 0);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & ST_EXL, 0);
	nr_int = 0;
}

static void expect_pending(u32 ip)
{
	spin();
	GUEST_ASSERT_EQ(nr_int, 0);
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & IP_SW, ip);
}

int guest_main(u64 arg)
{
	install_handler(EXC_INT, on_int);
	base_status = read_c0(C0_STATUS) & ~(ST_IE | ST_EXL | ST_ERL | IM_ALL);
	set_status(0);

	/* Cause.IP1:0 are writable and read back; nothing is taken. */
	raise_ip(CAUSE_IP(0));
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & IP_SW, CAUSE_IP(0));
	raise_ip(CAUSE_IP(1));
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & IP_SW, CAUSE_IP(1));
	raise_ip(0);
	GUEST_ASSERT_EQ(read_c0(C0_CAUSE) & IP_SW, 0);

	guest_printf("arch_interrupts: masked by IE\n");
	set_status(ST_IM(0));
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	set_status(ST_IM(0) | ST_IE);
	expect_taken(CAUSE_IP(0), 0x180);
	/* di/ei: the same through the emulated di and ei. */
	di();
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	ei();
	expect_taken(CAUSE_IP(0), 0x180);

	guest_printf("arch_interrupts: masked by IM\n");
	set_status(ST_IE | ST_IM(1) | (0x7cULL << 8));
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	set_status(ST_IE | ST_IM(0) | ST_IM(1));
	expect_taken(CAUSE_IP(0), 0x180);
	set_status(ST_IE | ST_IM(0));
	raise_ip(CAUSE_IP(1));
	expect_pending(CAUSE_IP(1));
	set_status(ST_IE | ST_IM(1));
	expect_taken(CAUSE_IP(1), 0x180);

	guest_printf("arch_interrupts: masked by EXL\n");
	set_status(ST_IE | ST_IM(0) | ST_EXL);
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	set_status(ST_IE | ST_IM(0));
	expect_taken(CAUSE_IP(0), 0x180);
	/* Leaving EXL by eret: taken at the eret target exactly. */
	set_status(ST_IE | ST_IM(0) | ST_EXL);
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	GUEST_ASSERT_EQ(int_eret(), 0);
	GUEST_ASSERT_EQ(int_frame.epc, (u64)int_land);
	expect_taken(CAUSE_IP(0), 0x180);

	guest_printf("arch_interrupts: masked by ERL\n");
	set_status(ST_IE | ST_IM(0) | ST_ERL);
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	set_status(ST_IE | ST_IM(0));
	expect_taken(CAUSE_IP(0), 0x180);
	set_status(ST_IE | ST_IM(0) | ST_ERL);
	raise_ip(CAUSE_IP(0));
	expect_pending(CAUSE_IP(0));
	GUEST_ASSERT_EQ(int_eret(), 0);		/* ERL: to ErrorEPC */
	GUEST_ASSERT_EQ(int_frame.epc, (u64)int_land);
	expect_taken(CAUSE_IP(0), 0x180);

	guest_printf("arch_interrupts: Cause.IV = 1 -> 0x200\n");
	set_status(ST_IM(1));
	write_c0(C0_CAUSE, read_c0(C0_CAUSE) | CAUSE_IV);
	GUEST_ASSERT(read_c0(C0_CAUSE) & CAUSE_IV);
	raise_ip(CAUSE_IP(1));
	expect_pending(CAUSE_IP(1));
	set_status(ST_IE | ST_IM(1));
	expect_taken(CAUSE_IP(1), 0x200);
	GUEST_ASSERT(int_frame.cause & CAUSE_IV);
	write_c0(C0_CAUSE, read_c0(C0_CAUSE) & ~CAUSE_IV);
	raise_ip(CAUSE_IP(1));
	expect_taken(CAUSE_IP(1), 0x180);

	set_status(0);
	guest_printf("arch_interrupts: masking as architected\n");
	return 0;
}
