// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture suite: each guest/tests/arch_*.c checks one part of the
 * MIPS64 Release 2 privileged architecture as the virtual CPU implements
 * it (TLB instructions, page sizes, refill vectors and registers, invalid
 * and modified, duplicates and globals, ASIDs, Wired/Random, segment
 * enables, ERL's unmapped useg, user access to supervisor space, bus errors beyond RAM,
 * interrupt masking, delay slots, eret).  The guest asserts the exact
 * architected values itself; this side runs it in a fresh VM of the size
 * it needs, expects exit code 0 and checks the monitor's counters agree
 * that the events really happened.
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
#define MiB		(1ULL << 20)

FIXTURE(arch) {
	int dev;
	struct disco_vm vm;
	struct disco_run run;
	struct disco_stats stats;
	char console[CONSOLE_MAX];
};

FIXTURE_SETUP(arch)
{
	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
}

FIXTURE_TEARDOWN(arch)
{
	disco_vm_destroy(&self->vm);
	if (self->dev >= 0)
		close(self->dev);
}

/*
 * Runs guest @name with @mem bytes of RAM; it must exit with code 0 and
 * print @done.  On anything else the exit and the console are logged (the
 * console holds the guest's assertion: file, line, both values).
 */
static void run_arch_arg(struct __test_metadata *_metadata,
			 FIXTURE_DATA(arch) *self, const char *name, __u64 mem,
			 __u64 arg, const char *done)
{
	struct disco_run *run = &self->run;
	const char *step;
	int r;

	r = disco_run_image(&self->vm, self->dev, "arch", name, mem, arg, run,
			    self->console, sizeof(self->console), &self->stats,
			    &step);
	ASSERT_EQ(0, r) TH_LOG("guest %s: %s: %s", name, step, strerror(-r));

	EXPECT_EQ(DISCO_EXIT_GUEST, run->exit_reason);
	EXPECT_EQ(0, run->exit_code);
	if (run->exit_reason != DISCO_EXIT_GUEST || run->exit_code != 0)
		TH_LOG("%s: exit %s code %d pc %llx badvaddr %llx cause %x fault %u; console:\n%s",
		       name, disco_exit_name(run->exit_reason), run->exit_code,
		       run->pc, run->badvaddr, run->cause, run->fault,
		       self->console);
	EXPECT_NE(NULL, strstr(self->console, done))
		TH_LOG("%s did not finish; console:\n%s", name, self->console);
}

static void run_arch(struct __test_metadata *_metadata,
		     FIXTURE_DATA(arch) *self, const char *name, __u64 mem,
		     const char *done)
{
	run_arch_arg(_metadata, self, name, mem, 0, done);
}

/* The TLB monitor calls (DISCO_PV_TLB), one exit for a tlbp + tlbw* sequence. */
TEST_F(arch, tlb_monitor_calls)
{
	run_arch(_metadata, self, "pv_tlb", 8 * MiB,
		 "pv_tlb: update and flush in one exit each");
	EXPECT_LE(6, self->stats.monitor_calls);
}

TEST_F(arch, tlb_instructions)
{
	run_arch(_metadata, self, "arch_tlb_insn", 8 * MiB,
		 "tlbwi/tlbr/tlbp/tlbwr as architected");
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_TLBWI]);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_TLBWR]);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_TLBR]);
	EXPECT_NE(0, self->stats.emulated[DISCO_EMUL_TLBP]);
}

TEST_F(arch, page_sizes)
{
	run_arch(_metadata, self, "arch_tlb_pagesize", 64 * MiB,
		 "all page sizes map as architected");
	/* 12 sizes x 2 refills, 256 MiB/64 MiB checks, the final shrink. */
	EXPECT_LE(24 + 5, self->stats.guest_tlb_refills);
}

TEST_F(arch, refill_vectors)
{
	run_arch(_metadata, self, "arch_tlb_refill", 8 * MiB,
		 "vectors and registers as architected");
	EXPECT_LE(20, self->stats.guest_tlb_refills);
}

TEST_F(arch, segment_enables)
{
	run_arch(_metadata, self, "arch_seg_enable", 8 * MiB,
		 "UX=0 makes xuseg an address error");
}

TEST_F(arch, erl_unmaps_useg)
{
	run_arch(_metadata, self, "arch_erl_useg", 8 * MiB,
		 "ERL=1 makes useg unmapped");
}

TEST_F(arch, invalid_and_modified)
{
	run_arch(_metadata, self, "arch_tlb_inval_mod", 8 * MiB,
		 "invalid and modified as architected");
	/* Exceptions the guest saw, none of them refills. */
	EXPECT_LE(10, self->stats.guest_exceptions);
	EXPECT_EQ(0, self->stats.guest_tlb_refills);
}

TEST_F(arch, duplicates_and_globals)
{
	run_arch(_metadata, self, "arch_tlb_dup_global", 8 * MiB,
		 "duplicates and globals as documented");
}

TEST_F(arch, asid_isolation)
{
	run_arch(_metadata, self, "arch_asid", 8 * MiB,
		 "each ASID sees its own page");
}

TEST_F(arch, wired_random)
{
	run_arch(_metadata, self, "arch_wired_random", 8 * MiB,
		 "Wired and Random as architected");
	EXPECT_LE(476, self->stats.emulated[DISCO_EMUL_TLBWR]);
}

TEST_F(arch, user_supervisor_space)
{
	run_arch(_metadata, self, "arch_user_sseg", 8 * MiB,
		 "user access to xsseg is an address error");
}

TEST_F(arch, pfn_beyond_ram)
{
	run_arch(_metadata, self, "arch_pfn_beyond", 40 * MiB,
		 "bus errors beyond RAM as architected");
	/* 3 x (4 DBE + 1 IBE) + 4 DBE and 2 IBE on the 16 MiB page. */
	EXPECT_LE(21, self->stats.guest_exceptions);
}

TEST_F(arch, interrupt_masking)
{
	run_arch(_metadata, self, "arch_interrupts", 8 * MiB,
		 "masking as architected");
	EXPECT_EQ(10, self->stats.guest_interrupts);
}

TEST_F(arch, delay_slots)
{
	run_arch(_metadata, self, "arch_delay_slot", 8 * MiB,
		 "BD and EPC as architected");
}

TEST_F(arch, eret)
{
	run_arch(_metadata, self, "arch_eret", 8 * MiB, "eret as architected");
	EXPECT_LE(5, self->stats.emulated[DISCO_EMUL_ERET]);
}

TEST_F(arch, exact_tlb_forgets_evicted)
{
	run_arch_arg(_metadata, self, "arch_big_tlb", 8 * MiB, 0,
		     "exact TLB forgets evicted entries");
	EXPECT_LE(1, self->stats.guest_tlb_refills);
}

TEST_F(arch, big_tlb_remembers_and_forgets)
{
	/*
	 * No NUMA daemon: on a two-node host it may move the test's pages,
	 * and a page move drops the remembered (evicted) translations of the
	 * page, as an eviction would: correct, but not what this test counts.
	 */
	self->vm.flags = DISCO_VM_BIG_TLB | DISCO_VM_NO_NUMA;
	run_arch_arg(_metadata, self, "arch_big_tlb", 8 * MiB, 1,
		     "big TLB remembers and forgets as documented");
	EXPECT_EQ(2, self->stats.guest_tlb_refills);
}

TEST_HARNESS_MAIN
