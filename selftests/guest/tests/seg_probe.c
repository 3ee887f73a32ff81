// SPDX-License-Identifier: GPL-2.0
/*
 * The guest kernel must not reach host memory: loads, stores and
 * instruction fetches in kseg0, kseg1, kseg3, xkphys, xkseg and csseg
 * (where the host's modules live: a0 holds the address of disco.ko's own
 * .text, from the host test) are address errors with BadVAddr = the
 * address, and xsseg beyond the direct window is a TLB refill through the
 * XTLB refill vector.
 *
 * Each address is probed with a load first and the load's result checked
 * before the store and the jump are tried, so a model that let the load
 * through stops the guest (an assert) before it can write host memory.
 */
#include "guest.h"

#define MARKER	0x6d61726b65720a00ULL

static struct ex_frame seen;
static int nr_seen;

static void probe_fault(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	if (f->epc == (u64)probe_load_insn || f->epc == (u64)probe_store_insn)
		skip_insn(f);
	else
		f->epc = (u64)probe_jump_ret;	/* a fetch fault */
}

static void expect(unsigned int code, u64 epc, u64 badvaddr, u64 vector)
{
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(frame_exccode(&seen), code);
	GUEST_ASSERT_EQ(seen.epc, epc);
	GUEST_ASSERT_EQ(seen.badvaddr, badvaddr);
	GUEST_ASSERT_EQ(seen.vector, vector);
	GUEST_ASSERT_EQ(seen.cause & CAUSE_BD, 0);
	nr_seen = 0;
}

static void probe(const char *what, u64 addr, unsigned int load_code,
		  unsigned int store_code, u64 vector, bool fetch)
{
	u64 v;

	guest_printf("seg_probe: %s %llx\n", what, addr);
	v = probe_load(addr, MARKER);
	expect(load_code, (u64)probe_load_insn, addr, vector);
	GUEST_ASSERT_EQ(v, MARKER);	/* the destination was not written */

	probe_store(addr, MARKER);
	expect(store_code, (u64)probe_store_insn, addr, vector);

	if (fetch) {
		GUEST_ASSERT_EQ(probe_jump(addr), 1);
		expect(load_code, addr, addr, vector);
	}
}

int guest_main(u64 csseg_addr)
{
	static const struct {
		const char *what;
		u64 addr;
	} adr[] = {
		{ "kseg0", 0xffffffff80000000ULL },
		{ "kseg1", 0xffffffffa0000000ULL },
		{ "kseg3", 0xffffffffe0000000ULL },
		{ "xkphys", 0x9800000000000000ULL },
		{ "xkseg", 0xc000000000000000ULL },
	};
	unsigned int i;

	install_handler(EXC_ADEL, probe_fault);
	install_handler(EXC_ADES, probe_fault);
	install_handler(EXC_TLBL, probe_fault);
	install_handler(EXC_TLBS, probe_fault);

	for (i = 0; i < sizeof(adr) / sizeof(adr[0]); i++)
		probe(adr[i].what, adr[i].addr, EXC_ADEL, EXC_ADES, 0x180, true);

	GUEST_ASSERT(csseg_addr >= 0xffffffffc0000000ULL &&
		     csseg_addr < 0xffffffffe0000000ULL);
	probe("csseg (host module text)", csseg_addr & ~7ULL, EXC_ADEL,
	      EXC_ADES, 0x180, true);

	/* xsseg beyond the direct window: no guest TLB entry there. */
	probe("xsseg above the window", DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE,
	      EXC_TLBL, EXC_TLBS, 0x080, false);

	guest_printf("seg_probe: all segments refused\n");
	return 0;
}
