// SPDX-License-Identifier: GPL-2.0
/*
 * Runs each test guest (guest/tests/NAME.c) in a fresh VM and checks how it
 * ended, what it printed and what the monitor counted.  A guest checks the
 * architected behaviour itself (GUEST_ASSERT -> DISCO_EXIT_ASSERT, with
 * the message on the console); this side checks the host-visible view.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"
#include "model.h"

#define CONSOLE_MAX	65536

FIXTURE(guest) {
	int dev;
	struct disco_vm vm;
	struct disco_run run;
	struct disco_stats stats;
	char console[CONSOLE_MAX];
};

FIXTURE_SETUP(guest)
{
	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
}

FIXTURE_TEARDOWN(guest)
{
	disco_vm_destroy(&self->vm);
	if (self->dev >= 0)
		close(self->dev);
}

/**
 * run_guest() - run guest image @name in a new VM until it stops.
 * @arg:	the guest's a0 (guest_main's argument)
 * @code:	the exit code expected with DISCO_EXIT_GUEST
 *
 * Logs the exit and the guest's console when the exit is not the expected
 * one, then reads the VM-wide statistics into self->stats.
 */
static void run_guest(struct __test_metadata *_metadata,
		      FIXTURE_DATA(guest) *self, const char *name, __u64 arg,
		      int code)
{
	struct disco_run *run = &self->run;
	const char *step;
	int r;

	r = disco_run_image(&self->vm, self->dev, "gt", name, GUEST_MEM_SIZE,
			    arg, run, self->console, sizeof(self->console),
			    &self->stats, &step);
	ASSERT_EQ(0, r) TH_LOG("guest %s: %s: %s", name, step, strerror(-r));

	EXPECT_EQ(DISCO_EXIT_GUEST, run->exit_reason);
	EXPECT_EQ(code, run->exit_code);
	if (run->exit_reason != DISCO_EXIT_GUEST || run->exit_code != code)
		TH_LOG("%s: exit %s code %d pc %llx badvaddr %llx cause %x fault %u; console:\n%s",
		       name, disco_exit_name(run->exit_reason), run->exit_code,
		       run->pc, run->badvaddr, run->cause, run->fault,
		       self->console);
	ASSERT_NE(0, self->stats.exits);
	ASSERT_NE(0, self->stats.monitor_calls);
}

TEST_F(guest, hello)
{
	struct disco_vm_info info = {};
	struct disco_run again;

	run_guest(_metadata, self, "hello", 0, 42);
	EXPECT_NE(NULL, strstr(self->console, "hello from a disco guest"))
		TH_LOG("console: %s", self->console);
	EXPECT_NE(NULL, strstr(self->console, "vCPU 0 of 1, 8 MiB"))
		TH_LOG("console: %s", self->console);

	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_GET_INFO, &info));
	EXPECT_EQ(DISCO_EXIT_GUEST, info.exit_reason);
	EXPECT_EQ(42, info.exit_code);
	EXPECT_EQ(DISCO_VM_STATE_STOPPED, info.state);

	/* A halted vCPU reports the same exit again at once. */
	ASSERT_EQ(0, disco_vm_run(&self->vm, 0, &again));
	EXPECT_EQ(DISCO_EXIT_GUEST, again.exit_reason);
	EXPECT_EQ(42, again.exit_code);
	EXPECT_EQ(DISCO_EXIT_GUEST, self->run.exit_reason);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_HYPCALL]);
}

/* CP0 values are held sign-extended; the guest stored the 32-bit words. */
#define LO32(x)	((__u32)(x))

TEST_F(guest, cp0_ident)
{
	struct cp0_ident_results res;
	struct disco_regs regs;
	int i;

	run_guest(_metadata, self, "cp0_ident", 0, 0);
	ASSERT_EQ(0, disco_vm_read(&self->vm, GUEST_RESULTS_GPA, &res,
				   sizeof(res)));
	ASSERT_EQ(CP0_IDENT_MAGIC, res.magic);
	ASSERT_EQ(0, disco_vm_get_regs(&self->vm, 0, &regs));

	EXPECT_EQ(DISCO_PRID, res.prid);
	EXPECT_EQ(0x6305, res.prid);
	EXPECT_EQ(LO32(regs.cp0.prid), res.prid);
	EXPECT_EQ((__u64)(__s32)DISCO_PRID, regs.cp0.prid);
	EXPECT_EQ(DISCO_CONFIG0, res.config[0]);
	EXPECT_EQ(DISCO_CONFIG1, res.config[1]);
	EXPECT_EQ(DISCO_CONFIG2, res.config[2]);
	EXPECT_EQ(DISCO_CONFIG3, res.config[3]);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(LO32(regs.cp0.config[i]), res.config[i])
			TH_LOG("Config%d", i);
	/* Config0.AT = 2 (MIPS64 with 64-bit segments), MT = 1 (TLB). */
	EXPECT_EQ(2, (res.config[0] >> 13) & 3);
	EXPECT_EQ(1, (res.config[0] >> 7) & 7);
	/* Config1.MMUSize-1: 64 entries. */
	EXPECT_EQ(DISCO_GTLB_SIZE - 1, (res.config[1] >> 25) & 0x3f);

	/* vCPU 0 starts with EBase = kseg0 | CPUNum 0; nothing wrote it. */
	EXPECT_EQ(0x80000000, res.ebase);
	EXPECT_EQ(LO32(regs.cp0.ebase), res.ebase);
	EXPECT_EQ(0xe0, res.status);	/* KX | SX | UX, EXL = ERL = BEV = 0 */
	EXPECT_EQ(0, res.wired);

	EXPECT_EQ(GUEST_MEM_SIZE, res.mem_size);
	EXPECT_EQ(0, res.vcpu_id);
	EXPECT_EQ(1, res.nr_vcpus);
	EXPECT_EQ(DISCO_COUNT_HZ, res.count_hz);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_MFC0]);
}

TEST_F(guest, emulate)
{
	static const struct {
		int op;
		char name[8];
	} ops[] = {
		{ DISCO_EMUL_MFC0, "mfc0" }, { DISCO_EMUL_MTC0, "mtc0" },
		{ DISCO_EMUL_DMFC0, "dmfc0" }, { DISCO_EMUL_DMTC0, "dmtc0" },
		{ DISCO_EMUL_ERET, "eret" }, { DISCO_EMUL_WAIT, "wait" },
		{ DISCO_EMUL_CACHE, "cache" }, { DISCO_EMUL_DI, "di" },
		{ DISCO_EMUL_EI, "ei" }, { DISCO_EMUL_TLBR, "tlbr" },
		{ DISCO_EMUL_TLBWI, "tlbwi" }, { DISCO_EMUL_TLBWR, "tlbwr" },
		{ DISCO_EMUL_TLBP, "tlbp" }, { DISCO_EMUL_RDHWR, "rdhwr" },
		{ DISCO_EMUL_HYPCALL, "hypcall" },
	};
	unsigned int i;

	run_guest(_metadata, self, "emulate", 0, 0);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		EXPECT_NE(0, self->stats.emulated[ops[i].op])
			TH_LOG("no %s was counted as emulated", ops[i].name);
	/* CP0 instructions in supervisor mode: Coprocessor Unusable. */
	EXPECT_NE(0, self->stats.exits_by_cause[11]);
	EXPECT_NE(0, self->stats.guest_interrupts);
}

TEST_F(guest, timer)
{
	run_guest(_metadata, self, "timer", 0, 0);
	EXPECT_NE(0, self->stats.guest_interrupts);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_WAIT]);
	EXPECT_NE(NULL, strstr(self->console, "timer: fired"))
		TH_LOG("console: %s", self->console);
	TH_LOG("%s", self->console);	/* how late the interrupt was */
}

TEST_F(guest, user_syscall)
{
	run_guest(_metadata, self, "user_syscall", 0, 0);
	/* syscall, break, RI, CpU, AdEL, TLBL, syscall: all reflected. */
	EXPECT_LE(7, self->stats.guest_exceptions);
	EXPECT_LE(1, self->stats.guest_tlb_refills);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_TLBWI]);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_ERET]);
}

TEST_F(guest, outside_ram)
{
	run_guest(_metadata, self, "outside_ram", 0, 0);
	EXPECT_LE(4, self->stats.guest_exceptions);	/* 3 DBE, 1 IBE */
}

TEST_F(guest, vio_console)
{
	run_guest(_metadata, self, "vio_console", 0, 0);
	EXPECT_NE(NULL, strstr(self->console,
			       "vio_console: hello through the transmit queue\n"))
		TH_LOG("console:\n%s", self->console);
}

/*
 * An address in csseg that certainly holds host data: disco.ko's own
 * .text (module text lives in csseg on these hosts).
 */
static __u64 csseg_probe_address(struct __test_metadata *_metadata)
{
	unsigned long long addr = disco_module_text();

	if (addr < 0xffffffffc0000000ULL || addr >= 0xffffffffe0000000ULL) {
		TH_LOG("disco.ko .text not in csseg (%llx), probing csseg base",
		       addr);
		addr = 0xffffffffc0000000ULL;
	}
	return addr;
}

TEST_F(guest, seg_probe)
{
	__u64 addr = csseg_probe_address(_metadata);

	TH_LOG("csseg probe address %llx", addr);
	run_guest(_metadata, self, "seg_probe", addr, 0);
	/* 6 segments x (load, store, fetch) + the xsseg load and store. */
	EXPECT_LE(20, self->stats.guest_exceptions);
	EXPECT_LE(2, self->stats.guest_tlb_refills);
	EXPECT_NE(NULL, strstr(self->console, "all segments refused"))
		TH_LOG("console: %s", self->console);
}

/*
 * The same guests with the privileged-register page (DISCO_VM_COMMPAGE):
 * identical results, CP0 moves rewritten into loads and stores (so a loop
 * traps once), and guest user mode still cannot see the page.
 */
TEST_F(guest, emulate_commpage)
{
	struct disco_stats plain;

	run_guest(_metadata, self, "emulate", 0, 0);
	plain = self->stats;
	disco_vm_destroy(&self->vm);
	disco_vm_init(&self->vm);
	self->vm.flags = DISCO_VM_COMMPAGE;
	run_guest(_metadata, self, "emulate", 0, 0);
	TH_LOG("exits %llu without the commpage, %llu with; %llu rewrites",
	       plain.exits, self->stats.exits, self->stats.rewrites);
	/* Straight-line code: each move traps once, then is rewritten. */
	EXPECT_NE(0, self->stats.rewrites);
}

TEST_F(guest, k0k1_commpage)
{
	self->vm.flags = DISCO_VM_COMMPAGE;
	run_guest(_metadata, self, "k0k1", 0, 0);
	/* The loop's mfc0 traps once, then is a load from the page. */
	EXPECT_GT(400, self->stats.emulated[DISCO_EMUL_MFC0]);
	EXPECT_NE(0, self->stats.rewrites);
}

TEST_F(guest, user_syscall_commpage)
{
	self->vm.flags = DISCO_VM_COMMPAGE;
	run_guest(_metadata, self, "user_syscall", 1, 0);
}

/*
 * DISCO_PV_STATUS: Status masking through the page, the guest taking its
 * pending interrupts with ei; without a commpage the call turns nothing on.
 */
TEST_F(guest, pv_status)
{
	self->vm.flags = DISCO_VM_COMMPAGE;
	run_guest(_metadata, self, "pv_status", 1, 0);
	EXPECT_EQ(3, self->stats.guest_interrupts) TH_LOG("console:\n%s", self->console);
	EXPECT_NE(0, self->stats.rewrites);
}

TEST_F(guest, pv_status_no_commpage)
{
	run_guest(_metadata, self, "pv_status", 0, 0);
	EXPECT_EQ(0, self->stats.rewrites);
}

TEST_F(guest, k0k1_survive_exits)
{
	run_guest(_metadata, self, "k0k1", 0, 0);
	/* All three kinds of exit happened while k0/k1 held live values. */
	EXPECT_LE(400, self->stats.emulated[DISCO_EMUL_MFC0]);
	/* One fill maps a 32 KiB pair: 64 pages need 32 of them. */
	EXPECT_LE(32, self->stats.tlb_fills);
	EXPECT_NE(0, self->stats.exits_by_cause[0])
		TH_LOG("no host interrupt hit the guest: make the spin longer");
}

TEST_F(guest, l2tlb_absorbs_refills)
{
	run_guest(_metadata, self, "l2tlb", 0, 0);
	TH_LOG("l2tlb hits %llu misses %llu, tlb fills %llu",
	       self->stats.l2tlb_hits, self->stats.l2tlb_misses,
	       self->stats.tlb_fills);
	/*
	 * 128 pairs x 7 passes through a 64-entry host TLB: the first pass
	 * misses to the monitor; in later ones every pair the host TLB lost
	 * comes back from the L2TLB in the vector.
	 */
	EXPECT_LE(128, self->stats.l2tlb_hits);
	EXPECT_GE(128 + 64, self->stats.l2tlb_misses);
}

TEST_HARNESS_MAIN
