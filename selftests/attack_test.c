// SPDX-License-Identifier: GPL-2.0
/*
 * Malicious guests (guest/tests/mal_*.c): each mounts one attack on the
 * monitor from inside a VM.  A guest checks that it saw only architected
 * behaviour (its own asserts -> DISCO_EXIT_ASSERT); this side checks how
 * the VM ended (a guest exit, a clear DISCO_EXIT_FAULT reason, or
 * DISCO_EXIT_STOPPED for attacks that never end on their own) and that
 * the host was not touched: a second "canary" VM whose RAM holds a known
 * pattern before the attack must hold it after, and a fresh VM must still
 * run a normal guest at the end.  The harness checks dmesg.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define ATTACK_MEM	(4ULL << 20)	/* the mal guests use gpa 1..3 MiB */
#define CANARY_MEM	(1ULL << 20)
#define CONSOLE_MAX	65536
#define RUN_LIMIT_S	30		/* no attack may run longer */

struct attack {
	const char *guest;
	__u32 flags;		/* DISCO_CREATE_VM flags of the attacked VM */
	__u32 exit_reason;	/* expected DISCO_EXIT_* */
	__s32 code;		/* exit code (GUEST) or line (ASSERT) */
	__u32 fault;		/* expected DISCO_FAULT_* for DISCO_EXIT_FAULT */
	unsigned int stop_ms;	/* > 0: still running then; stop it */
	bool csseg_arg;		/* a0 = disco.ko's .text address */
	const char *console;	/* must appear on the console */
	__u64 min_exceptions, min_interrupts;
};

struct runner {
	struct disco_vm *vm;
	struct disco_run run;
	pthread_t thread;
	volatile int done;
	int r;
};

FIXTURE(attack) {
	int dev;
	struct disco_vm vm, canary;
	__u64 *pattern, *back;
	char console[CONSOLE_MAX];
};

static void *runner_fn(void *arg)
{
	struct runner *rn = arg;

	rn->r = disco_vm_run(rn->vm, 0, &rn->run);
	rn->done = 1;
	return NULL;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Waits up to @ms for the runner; true if it finished. */
static bool wait_done(struct runner *rn, unsigned int ms)
{
	while (!rn->done && ms >= 10) {
		sleep_ms(10);
		ms -= 10;
	}
	return rn->done;
}

/* The address of disco.ko's .text: host memory in csseg. */
static __u64 csseg_address(struct __test_metadata *_metadata)
{
	unsigned long long addr = disco_module_text();

	if (addr < 0xffffffffc0000000ULL || addr >= 0xffffffffe0000000ULL) {
		TH_LOG("disco.ko .text not in csseg (%llx), using csseg's base", addr);
		addr = 0xffffffffc0000000ULL;
	}
	return addr;
}

FIXTURE_SETUP(attack)
{
	struct disco_mem m = { 0 };
	__u64 i, x;
	int r;

	disco_vm_init(&self->vm);
	disco_vm_init(&self->canary);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV, strerror(-self->dev));

	/* The canary: a VM that never runs, its RAM full of a known pattern. */
	self->pattern = malloc(CANARY_MEM);
	self->back = malloc(CANARY_MEM);
	ASSERT_NE(NULL, self->pattern);
	ASSERT_NE(NULL, self->back);
	x = 0x9e3779b97f4a7c15ULL ^ (__u64)getpid();
	for (i = 0; i < CANARY_MEM / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		self->pattern[i] = x;
	}
	r = disco_vm_create(&self->canary, self->dev, "canary", CANARY_MEM, 1);
	ASSERT_EQ(0, r) TH_LOG("canary VM: %s", strerror(-r));
	m.gpa = 0;
	m.size = CANARY_MEM;
	m.data = (__u64)(unsigned long)self->pattern;
	ASSERT_EQ(0, disco_ioctl(self->canary.fd, DISCO_VM_LOAD_RAW, &m));
}

FIXTURE_TEARDOWN(attack)
{
	disco_vm_destroy(&self->vm);
	disco_vm_destroy(&self->canary);
	if (self->dev >= 0)
		close(self->dev);
	free(self->pattern);
	free(self->back);
}

/* The canary VM's RAM and state are exactly as the setup left them. */
static void check_canary(struct __test_metadata *_metadata,
			 FIXTURE_DATA(attack) *self)
{
	struct disco_vm_info info = { 0 };
	__u64 i;

	ASSERT_EQ(0, disco_vm_read(&self->canary, 0, self->back, CANARY_MEM));
	for (i = 0; i < CANARY_MEM / 8; i++)
		if (self->back[i] != self->pattern[i])
			break;
	EXPECT_EQ(CANARY_MEM / 8, i)
		TH_LOG("canary VM RAM changed at gpa %#llx: %#llx, was %#llx",
		       i * 8, self->back[i], self->pattern[i]);
	ASSERT_EQ(0, disco_ioctl(self->canary.fd, DISCO_VM_GET_INFO, &info));
	EXPECT_EQ(DISCO_VM_STATE_CREATED, info.state);
	EXPECT_EQ(DISCO_EXIT_NONE, info.exit_reason);
}

static void run_attack(struct __test_metadata *_metadata,
		       FIXTURE_DATA(attack) *self, const struct attack *a)
{
	struct disco_stats st;
	struct runner rn = { 0 };
	__u64 arg = a->csseg_arg ? csseg_address(_metadata) : 0;
	struct disco_run *run = &rn.run;
	ssize_t n;
	int r;

	self->vm.flags = a->flags;
	r = disco_vm_setup(&self->vm, self->dev, "mal", a->guest, ATTACK_MEM, arg);
	ASSERT_EQ(0, r) TH_LOG("setting up %s: %s", a->guest, strerror(-r));
	rn.vm = &self->vm;
	ASSERT_EQ(0, pthread_create(&rn.thread, NULL, runner_fn, &rn));

	if (a->stop_ms) {
		/* It must still be running, and DISCO_VM_STOP must end it. */
		EXPECT_FALSE(wait_done(&rn, a->stop_ms))
			TH_LOG("%s ended on its own", a->guest);
		EXPECT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_STOP, NULL));
		EXPECT_TRUE(wait_done(&rn, 10000))
			TH_LOG("DISCO_VM_STOP did not end %s within 10 s", a->guest);
	} else {
		EXPECT_TRUE(wait_done(&rn, RUN_LIMIT_S * 1000))
			TH_LOG("%s still running after %d s: stopping it", a->guest,
			       RUN_LIMIT_S);
	}
	if (!rn.done) {
		disco_ioctl(self->vm.fd, DISCO_VM_STOP, NULL);
		if (!wait_done(&rn, 10000)) {
			/* Destroying stops it too; if even that fails, give up. */
			disco_vm_destroy(&self->vm);
			ASSERT_TRUE(wait_done(&rn, 10000))
				TH_LOG("%s cannot be stopped", a->guest);
			ASSERT_TRUE(false) TH_LOG("only DISCO_DESTROY_VM stopped %s", a->guest);
		}
	}
	pthread_join(rn.thread, NULL);
	ASSERT_EQ(0, rn.r) TH_LOG("DISCO_VM_RUN: %s", strerror(-rn.r));

	n = disco_vm_console(&self->vm, self->console, sizeof(self->console));
	ASSERT_LE(0, n) TH_LOG("console: %s", strerror(-n));
	EXPECT_EQ(a->exit_reason, run->exit_reason);
	if (a->exit_reason == DISCO_EXIT_GUEST || a->exit_reason == DISCO_EXIT_ASSERT)
		EXPECT_EQ(a->code, run->exit_code);
	if (a->exit_reason == DISCO_EXIT_FAULT)
		EXPECT_EQ(a->fault, run->fault);
	if (run->exit_reason != a->exit_reason ||
	    (a->exit_reason != DISCO_EXIT_STOPPED && a->exit_reason != DISCO_EXIT_FAULT &&
	     run->exit_code != a->code) ||
	    (a->exit_reason == DISCO_EXIT_FAULT && run->fault != a->fault))
		TH_LOG("%s: exit %s code %d pc %llx badvaddr %llx cause %x fault %u; console:\n%s",
		       a->guest, disco_exit_name(run->exit_reason), run->exit_code,
		       run->pc, run->badvaddr, run->cause, run->fault, self->console);
	if (a->console)
		EXPECT_NE(NULL, strstr(self->console, a->console))
			TH_LOG("no \"%s\" on the console:\n%s", a->console, self->console);

	ASSERT_EQ(0, disco_vm_stats(&self->vm, DISCO_STATS_VM, &st));
	EXPECT_LE(a->min_exceptions, st.guest_exceptions);
	EXPECT_LE(a->min_interrupts, st.guest_interrupts);
	EXPECT_EQ(0, st.exits_by_cause[24]) TH_LOG("the host took machine checks");
	TH_LOG("%s: exit %s, %llu exits, %llu guest exceptions, %llu interrupts, %llu ms",
	       a->guest, disco_exit_name(run->exit_reason), st.exits,
	       st.guest_exceptions, st.guest_interrupts, st.run_ns / 1000000);

	check_canary(_metadata, self);
}

#define GUEST_EXIT(name, csseg)						\
	TEST_F_TIMEOUT(attack, name, 60)				\
	{								\
		const struct attack a = { .guest = #name,		\
			.exit_reason = DISCO_EXIT_GUEST,		\
			.csseg_arg = csseg };				\
		run_attack(_metadata, self, &a);			\
	}

/*
 * The same attacks on a VM with the privileged-register page, where the
 * monitor rewrites the guest's CP0 moves into loads and stores of the
 * page at virtual address 0 (mal_pagemask_huge maps xuseg 0 itself, which
 * that page shadows in guest kernel mode: not run here).
 */
#define COMMPAGE_EXIT(name, csseg)					\
	TEST_F_TIMEOUT(attack, name##_commpage, 60)			\
	{								\
		const struct attack a = { .guest = #name,		\
			.flags = DISCO_VM_COMMPAGE,			\
			.exit_reason = DISCO_EXIT_GUEST,		\
			.csseg_arg = csseg };				\
		run_attack(_metadata, self, &a);			\
	}

#define BOTH(name, csseg) GUEST_EXIT(name, csseg) COMMPAGE_EXIT(name, csseg)

BOTH(mal_tlb_beyond_ram, false)
BOTH(mal_tlb_huge_pfn, false)
BOTH(mal_tlb_kernel_vpn, true)
BOTH(mal_tlb_dup, false)
BOTH(mal_tlb_cca, false)
GUEST_EXIT(mal_pagemask_huge, false)
BOTH(mal_asid_churn, false)
BOTH(mal_cp0_ranges, false)
BOTH(mal_cache_ops, true)
BOTH(mal_eret_kseg, true)
BOTH(mal_seg_super, true)
BOTH(mal_seg_user, true)
BOTH(mal_user_cp0, false)
BOTH(mal_ksu_tricks, true)
BOTH(mal_exl_nested, false)
BOTH(mal_delay_slot, true)
BOTH(mal_smc, false)
BOTH(mal_mc_badnum, false)
BOTH(mal_mc_badptr, true)
BOTH(mal_mc_hugelen, false)
BOTH(mal_fcsr_storm, false)
BOTH(mal_timer_thrash, false)
BOTH(mal_rdhwr_all, false)

TEST_F_TIMEOUT(attack, mal_commpage_garbage, 60)
{
	const struct attack a = { .guest = "mal_commpage_garbage", .flags = DISCO_VM_COMMPAGE,
				  .exit_reason = DISCO_EXIT_GUEST };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_irq_storm, 60)
{
	const struct attack a = { .guest = "mal_irq_storm", .exit_reason = DISCO_EXIT_GUEST,
				  .min_interrupts = 500 };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_mc_assert_badptr, 60)
{
	const struct attack a = { .guest = "mal_mc_assert_badptr",
				  .exit_reason = DISCO_EXIT_ASSERT, .code = 4242,
				  .csseg_arg = true, .console = "(message not readable)" };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_bev, 60)
{
	const struct attack a = { .guest = "mal_bev", .exit_reason = DISCO_EXIT_FAULT,
				  .fault = DISCO_FAULT_BEV };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_ebase_out, 60)
{
	const struct attack a = { .guest = "mal_ebase_out", .exit_reason = DISCO_EXIT_FAULT,
				  .fault = DISCO_FAULT_VECTOR };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_exc_storm, 60)
{
	const struct attack a = { .guest = "mal_exc_storm", .exit_reason = DISCO_EXIT_STOPPED,
				  .stop_ms = 1000, .min_exceptions = 100,
				  .console = "storming" };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_spin_di, 60)
{
	const struct attack a = { .guest = "mal_spin_di", .exit_reason = DISCO_EXIT_STOPPED,
				  .stop_ms = 1000, .console = "spinning" };

	run_attack(_metadata, self, &a);
}

TEST_F_TIMEOUT(attack, mal_wait_forever, 60)
{
	const struct attack a = { .guest = "mal_wait_forever", .exit_reason = DISCO_EXIT_STOPPED,
				  .stop_ms = 500, .console = "waiting" };

	run_attack(_metadata, self, &a);
}

/* Last: after every attack the host still runs a normal guest. */
TEST_F_TIMEOUT(attack, host_still_runs_guests, 60)
{
	const struct attack a = { .guest = "hello", .exit_reason = DISCO_EXIT_GUEST,
				  .code = 42, .console = "hello from a disco guest" };

	run_attack(_metadata, self, &a);
}

TEST_HARNESS_MAIN
