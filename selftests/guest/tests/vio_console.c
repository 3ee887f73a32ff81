// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio console in MMIO slot 0, driven by hand as a driver would:
 * identification registers, feature negotiation, one transmit queue in
 * guest RAM, a buffer sent through it (the host test finds its text on the
 * VM console), the used ring and InterruptStatus it updates, the Cause.IP2
 * line that follows InterruptStatus, and a chain pointing beyond RAM,
 * which must break the queue (DEVICE_NEEDS_RESET) and nothing else.  An
 * empty slot is a bus error.
 */
#include "guest.h"

#define SLOT_VA(n)	GPA_TO_VA(DISCO_MMIO_BASE + (n) * DISCO_MMIO_SLOT_SIZE)
#define REG(off)	(*(volatile u32 *)(SLOT_VA(DISCO_MMIO_SLOT_CONSOLE) + (off)))

#define ST_ACK		1
#define ST_DRIVER	2
#define ST_DRIVER_OK	4
#define ST_FEATURES_OK	8
#define ST_NEEDS_RESET	0x40

#define RINGS_GPA	0x400000ULL	/* well above the image, inside 8 MiB */
#define DESC_GPA	RINGS_GPA
#define AVAIL_GPA	(RINGS_GPA + 0x1000)
#define USED_GPA	(RINGS_GPA + 0x2000)
#define BUF_GPA		(RINGS_GPA + 0x3000)

struct desc {
	u64 addr;
	u32 len;
	unsigned short flags, next;
};

static const char msg[] = "vio_console: hello through the transmit queue\n";
static int nr_dbe;

static void bus_error(struct ex_frame *f)
{
	nr_dbe++;
	skip_insn(f);
}

static u64 irq_line(void)
{
	return read_c0(C0_CAUSE) & CAUSE_IP(DISCO_MMIO_IRQ(DISCO_MMIO_SLOT_CONSOLE));
}

int guest_main(u64 arg)
{
	volatile struct desc *d = (void *)GPA_TO_VA(DESC_GPA);
	volatile unsigned short *avail = (void *)GPA_TO_VA(AVAIL_GPA);
	volatile unsigned short *used = (void *)GPA_TO_VA(USED_GPA);

	install_handler(EXC_DBE, bus_error);

	GUEST_ASSERT_EQ(REG(0x000), 0x74726976);	/* "virt" */
	GUEST_ASSERT_EQ(REG(0x004), 2);			/* version */
	GUEST_ASSERT_EQ(REG(0x008), 3);			/* console */
	REG(0x014) = 1;
	GUEST_ASSERT_EQ(REG(0x010), 1);			/* VIRTIO_F_VERSION_1 */

	probe_load(SLOT_VA(DISCO_MMIO_SLOTS - 1), 0);
	GUEST_ASSERT_EQ(nr_dbe, 1);

	REG(0x070) = 0;					/* reset */
	REG(0x070) = ST_ACK | ST_DRIVER;
	REG(0x024) = 1;
	REG(0x020) = 1;
	REG(0x070) = ST_ACK | ST_DRIVER | ST_FEATURES_OK;
	GUEST_ASSERT_EQ(REG(0x070), ST_ACK | ST_DRIVER | ST_FEATURES_OK);

	REG(0x030) = 1;					/* transmitq */
	GUEST_ASSERT_EQ(REG(0x034), 256);
	REG(0x038) = 4;
	REG(0x080) = DESC_GPA;
	REG(0x084) = 0;
	REG(0x090) = AVAIL_GPA;
	REG(0x094) = 0;
	REG(0x0a0) = USED_GPA;
	REG(0x0a4) = 0;
	REG(0x044) = 1;
	GUEST_ASSERT_EQ(REG(0x044), 1);
	REG(0x070) = ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK;

	memcpy((void *)GPA_TO_VA(BUF_GPA), msg, sizeof(msg) - 1);
	d[0].addr = BUF_GPA;
	d[0].len = sizeof(msg) - 1;
	d[0].flags = 0;
	avail[2] = 0;			/* ring[0]: chain at descriptor 0 */
	avail[1] = 1;			/* idx */
	GUEST_ASSERT_EQ(irq_line(), 0);
	REG(0x050) = 1;			/* notify the transmitq */
	GUEST_ASSERT_EQ(used[1], 1);
	GUEST_ASSERT_EQ(*(volatile u32 *)&used[2], 0);	/* used[0].id */
	GUEST_ASSERT_EQ(REG(0x060), 1);	/* InterruptStatus: used buffer */
	GUEST_ASSERT(irq_line());
	REG(0x064) = 1;			/* InterruptACK */
	GUEST_ASSERT_EQ(REG(0x060), 0);
	GUEST_ASSERT_EQ(irq_line(), 0);

	/* A buffer beyond guest RAM breaks the queue, and only the queue. */
	d[1].addr = 1ULL << 39;
	d[1].len = 16;
	d[1].flags = 0;
	avail[3] = 1;
	avail[1] = 2;
	REG(0x050) = 1;
	GUEST_ASSERT(REG(0x070) & ST_NEEDS_RESET);
	GUEST_ASSERT_EQ(used[1], 1);
	REG(0x070) = 0;			/* reset clears it */
	GUEST_ASSERT_EQ(REG(0x070), 0);
	return 0;
}
