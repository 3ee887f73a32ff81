// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: faults while Status.EXL is already set.  A TLB miss then goes
 * to the general vector (not the refill vector) and EPC keeps its value;
 * an address error on kseg0 likewise.  The monitor must not clobber EPC
 * or pick the refill vector.
 */
#include "mal.h"

#define FAKE_EPC	0x4000000000001234ULL

static struct ex_frame seen;
static int nr_seen;
static u64 resume;

static void nested(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	f->epc = resume;
}

static void probe_exl(u64 addr, unsigned int code)
{
	u32 st = read_c0(C0_STATUS);

	nr_seen = 0;
	resume = (u64)probe_load_insn + 4;
	dwrite_c0(C0_EPC, FAKE_EPC);
	write_c0(C0_STATUS, st | ST_EXL);
	probe_load(addr, 0);
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(frame_exccode(&seen), code);
	GUEST_ASSERT_EQ(seen.epc, FAKE_EPC);
	GUEST_ASSERT_EQ(seen.vector, 0x180);
	GUEST_ASSERT_EQ(seen.badvaddr, addr);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & ST_EXL, 0);
}

int guest_main(u64 arg)
{
	install_handler(EXC_TLBL, nested);
	install_handler(EXC_ADEL, nested);
	probe_exl(0x20000000ULL, EXC_TLBL);
	probe_exl(DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE + 0x4000, EXC_TLBL);
	probe_exl(0xffffffff80000000ULL, EXC_ADEL);
	guest_printf("mal_exl_nested: EPC kept, general vector\n");
	return 0;
}
