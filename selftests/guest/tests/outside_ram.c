// SPDX-License-Identifier: GPL-2.0
/*
 * Accesses to the direct window beyond guest RAM: a load or store is a
 * data bus error (DBE) and an instruction fetch an instruction bus error
 * (IBE), each delivered to the guest's general vector with EPC at the
 * access.  Each probe must fault exactly once.
 */
#include "guest.h"

static struct ex_frame seen;
static int nr_seen;

static void bus_error(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	if (frame_exccode(f) == EXC_IBE)
		f->epc = (u64)probe_jump_ret;
	else
		skip_insn(f);
}

static void check(unsigned int code, u64 epc)
{
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(frame_exccode(&seen), code);
	GUEST_ASSERT_EQ(seen.epc, epc);
	GUEST_ASSERT_EQ(seen.vector, 0x180);
	GUEST_ASSERT_EQ(seen.cause & CAUSE_BD, 0);
	GUEST_ASSERT(seen.status & ST_EXL);
	nr_seen = 0;
}

int guest_main(u64 arg)
{
	u64 mem = disco_info(DISCO_INFO_MEM_SIZE);
	u64 beyond = GPA_TO_VA(mem);
	u64 v;

	install_handler(EXC_DBE, bus_error);
	install_handler(EXC_IBE, bus_error);

	/* The last word of RAM is fine. */
	probe_store(beyond - 8, 0x1234);
	GUEST_ASSERT_EQ(probe_load(beyond - 8, 0), 0x1234);
	GUEST_ASSERT_EQ(nr_seen, 0);

	v = probe_load(beyond, 0x5a5a5a5a5a5a5a5aULL);
	check(EXC_DBE, (u64)probe_load_insn);
	GUEST_ASSERT_EQ(v, 0x5a5a5a5a5a5a5a5aULL);

	probe_load(beyond + (1ULL << 30), 0);
	check(EXC_DBE, (u64)probe_load_insn);

	probe_store(beyond, 1);
	check(EXC_DBE, (u64)probe_store_insn);

	GUEST_ASSERT_EQ(probe_jump(beyond), 1);
	check(EXC_IBE, beyond);

	guest_printf("outside_ram: DBE on load and store, IBE on fetch at %llx\n",
		     beyond);
	return 0;
}
