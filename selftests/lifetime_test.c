// SPDX-License-Identifier: GPL-2.0
/*
 * Teardown, lifetime and resource limits (the hardening issue's
 * "Teardown and lifetime" and "Resource limits" items):
 *
 *  - 1,000 create / load / run / destroy cycles leak nothing: the module's
 *    own counters come back exactly, slab and free memory stay in bounds;
 *  - kill -9 of "discoctl start" leaves a VM that exists, is not running
 *    and can be destroyed;
 *  - /dev/disco and VM descriptors closed in every order, with the destroy
 *    before, between or after the closes;
 *  - concurrent create/destroy from several processes, with one more
 *    process destroying the others' VMs under them;
 *  - per-user limits (max_vms_per_user, max_mem_mb_per_user: EDQUOT) and
 *    a VM larger than the host's memory (ENOMEM, nothing left behind).
 *
 * Destroying a running VM is lifecycle_test's destroy_running.
 *
 * The module's counters, read-only parameters under
 * /sys/module/disco/parameters/: "vms" (VMs that exist, including
 * destroyed ones whose memory is not freed yet because a descriptor is
 * still open) and "guest_pages" (guest RAM pages allocated).
 *
 * The helpers are in lifetime/ (lifetime/lifetime.h says which file holds
 * what); this file has the fixtures and the tests.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lifetime/lifetime.h"

#define CYCLES		1000
/*
 * Leak thresholds for the cycle test, over all CYCLES cycles.  A leak of
 * one small object per cycle (>= 1 KiB after slab rounding for anything
 * holding a VM) crosses 1 MiB of slab; one leaked guest page (16 KiB)
 * per cycle would cost 16 MiB of MemFree, far beyond 4 MiB.  Below those,
 * the numbers move with per-CPU slab caches, page-table pages and the
 * like that are not the module's.
 */
#define SLAB_GROWTH_MAX_KB	1024	/* Slab and SUnreclaim: at most +1 MiB */
#define MEMFREE_DROP_MAX_KB	4096	/* MemFree: at most -4 MiB */

#define HELLO_EXIT	42		/* hello.elf's exit code */

/* ---------------------------------------------------------------- */
/* The fixture shared by the lifetime tests.                        */
/* ---------------------------------------------------------------- */

FIXTURE(lifetime) {
	int dev;
	struct disco_vm vm;		/* destroyed by the teardown if left */
	char extra[DISCO_NAME_MAX];	/* a raw-created VM, ditto */
	struct counters start;
};

FIXTURE_SETUP(lifetime)
{
	int r;

	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
	r = lt_read_counters(&self->start);
	ASSERT_EQ(0, r) TH_LOG("module counters %svms / guest_pages: %s "
			       "(disco.ko without the accounting?)",
			       PARAMS_DIR, strerror(-r));
}

FIXTURE_TEARDOWN(lifetime)
{
	disco_vm_destroy(&self->vm);
	if (self->extra[0] && self->dev >= 0)
		lt_destroy_raw(self->dev, self->extra);
	if (self->dev >= 0)
		close(self->dev);
}

/* ---------------------------------------------------------------- */
/* 1. 1,000 create / load / run / destroy cycles.                    */
/* ---------------------------------------------------------------- */

/*
 * The harness' default 30 s is too short for 1,000 cycles under TCG;
 * run-tests.sh still bounds the whole binary (DISCO_TEST_TIMEOUT).
 */
TEST_F_TIMEOUT(lifetime, create_run_destroy_cycles, 110)
{
	struct meminfo before, after;
	struct counters c0;
	struct disco_run run;
	char path[4096];
	size_t size;
	void *image;
	double t0, t;
	int i, r, err = 0;

	disco_guest_path(path, sizeof(path), "hello");
	image = disco_read_file(path, &size);
	ASSERT_NE(NULL, image) TH_LOG("%s: %s", path, strerror(errno));

	/* One untimed cycle first: one-time allocations are not leaks. */
	r = lt_one_cycle(self->dev, &self->vm, image, size, &run, &err);
	ASSERT_EQ(0, r) TH_LOG("warm-up cycle: %s: %s", lt_cycle_steps[-r],
			       strerror(err));

	ASSERT_EQ(0, lt_read_meminfo(&before));
	ASSERT_EQ(0, lt_read_counters(&c0));
	t0 = lt_now_s();
	for (i = 0; i < CYCLES; i++) {
		r = lt_one_cycle(self->dev, &self->vm, image, size, &run, &err);
		if (r < 0)
			break;
		if (run.exit_reason != DISCO_EXIT_GUEST ||
		    run.exit_code != HELLO_EXIT)
			break;
	}
	t = lt_now_s() - t0;
	free(image);
	TH_LOG("%d cycles of %llu KiB VMs in %.1f s (%.1f ms each)", i,
	       SMALL_MEM >> 10, t, i ? t * 1000 / i : 0.0);
	ASSERT_EQ(0, r) TH_LOG("cycle %d: %s: %s", i, lt_cycle_steps[-r],
			       strerror(err));
	ASSERT_EQ(CYCLES, i) TH_LOG("cycle %d: exit %s code %d, expected GUEST %d",
				    i, disco_exit_name(run.exit_reason),
				    run.exit_code, HELLO_EXIT);

	ASSERT_EQ(0, lt_read_meminfo(&after));
	TH_LOG("deltas over %d cycles: MemFree %+ld kB, Slab %+ld kB, "
	       "SUnreclaim %+ld kB", CYCLES, after.memfree - before.memfree,
	       after.slab - before.slab, after.sunreclaim - before.sunreclaim);
	TH_LOG("before: MemFree %ld kB, Slab %ld kB, SUnreclaim %ld kB; "
	       "vms %ld, guest_pages %ld", before.memfree, before.slab,
	       before.sunreclaim, c0.vms, c0.pages);
	{
		struct counters c1;

		if (!lt_read_counters(&c1))
			TH_LOG("module counters: vms %+ld, guest_pages %+ld",
			       c1.vms - c0.vms, c1.pages - c0.pages);
	}
	EXPECT_COUNTERS(&c0, 0, 0, "after %d cycles", CYCLES);
	EXPECT_COUNTERS(&self->start, 0, 0, "against the test's start");
	EXPECT_GE(SLAB_GROWTH_MAX_KB, after.slab - before.slab)
		TH_LOG("Slab grew by %ld kB", after.slab - before.slab);
	EXPECT_GE(SLAB_GROWTH_MAX_KB, after.sunreclaim - before.sunreclaim)
		TH_LOG("SUnreclaim grew by %ld kB",
		       after.sunreclaim - before.sunreclaim);
	EXPECT_GE(MEMFREE_DROP_MAX_KB, before.memfree - after.memfree)
		TH_LOG("MemFree dropped by %ld kB", before.memfree - after.memfree);
}

/* ---------------------------------------------------------------- */
/* 2. kill -9 of "discoctl start" while the guest runs.              */
/* ---------------------------------------------------------------- */

TEST_F(lifetime, sigkill_discoctl_start)
{
	char name[DISCO_NAME_MAX], spin[4096];
	struct runner rn = {};
	pthread_t thread;
	int i, r, st, vmfd;
	pid_t pid;

	if (access(lt_discoctl_path(), X_OK))
		SKIP(return, "no discoctl at %s", lt_discoctl_path());
	disco_guest_path(spin, sizeof(spin), "spin");
	snprintf(name, sizeof(name), "lt-kill-%d", (int)getpid());

	{
		char *argv[] = { "discoctl", "create", name, "--mem", "1M",
				 "--kernel", spin, NULL };

		r = lt_run_discoctl(argv);
		ASSERT_EQ(0, r) TH_LOG("discoctl create: status %d", r);
		snprintf(self->extra, sizeof(self->extra), "%s", name);
	}
	{
		char *argv[] = { "discoctl", "start", name, NULL };

		pid = lt_spawn_discoctl(argv);
		ASSERT_LT(0, pid) TH_LOG("spawning discoctl start: %s",
					 strerror(-pid));
	}

	/* Wait until its vCPU thread is inside DISCO_VM_RUN, then a bit. */
	vmfd = lt_open_raw(self->dev, name);
	EXPECT_LE(0, vmfd) TH_LOG("OPEN_VM: %s", strerror(-vmfd));
	for (i = 0; vmfd >= 0 && i < 1000; i++) {
		if (lt_fd_state(vmfd) == DISCO_VM_STATE_RUNNING)
			break;
		lt_sleep_ms(10);
	}
	EXPECT_EQ(DISCO_VM_STATE_RUNNING, lt_fd_state(vmfd))
		TH_LOG("discoctl start never got the vCPU running");
	if (vmfd >= 0)
		close(vmfd);
	lt_sleep_ms(300);

	ASSERT_EQ(0, kill(pid, SIGKILL));
	while (waitpid(pid, &st, 0) < 0)
		ASSERT_EQ(EINTR, errno);
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		TH_LOG("discoctl start: wait status 0x%x", st);

	/* The VM outlives its runner: listed, openable, no longer running. */
	r = lt_listed_state(self->dev, name);
	EXPECT_LE(0, r) TH_LOG("DISCO_LIST_VMS after kill: %s", strerror(-r));
	EXPECT_NE(DISCO_VM_STATE_RUNNING, r) TH_LOG("listed as running");
	vmfd = lt_open_raw(self->dev, name);
	ASSERT_LE(0, vmfd) TH_LOG("OPEN_VM after kill: %s", strerror(-vmfd));
	EXPECT_EQ(DISCO_VM_STATE_STOPPED, lt_fd_state(vmfd))
		TH_LOG("state %u after the runner was killed", lt_fd_state(vmfd));

	/* The killed runner left vCPU 0 free: it runs (and stops) here. */
	rn.fd = vmfd;
	ASSERT_EQ(0, pthread_create(&thread, NULL, lt_runner_fn, &rn));
	for (i = 0; i < 500 && lt_fd_state(vmfd) != DISCO_VM_STATE_RUNNING; i++)
		lt_sleep_ms(10);
	EXPECT_EQ(0, disco_ioctl(vmfd, DISCO_VM_STOP, NULL));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, rn.r) TH_LOG("DISCO_VM_RUN after the kill: %s",
				  strerror(-rn.r));
	EXPECT_EQ(DISCO_EXIT_STOPPED, rn.run.exit_reason)
		TH_LOG("exit %s", disco_exit_name(rn.run.exit_reason));
	close(vmfd);

	EXPECT_COUNTERS(&self->start, 1, (1 << 20) / DISCO_PAGE_SIZE,
			"the killed VM, before destroy");
	{
		char *argv[] = { "discoctl", "destroy", name, NULL };

		r = lt_run_discoctl(argv);
		EXPECT_EQ(0, r) TH_LOG("discoctl destroy: status %d", r);
		if (!r)
			self->extra[0] = '\0';
	}
	EXPECT_EQ(-ENOENT, lt_listed_state(self->dev, name));
	EXPECT_COUNTERS(&self->start, 0, 0, "after discoctl destroy");
}

/* ---------------------------------------------------------------- */
/* 3. Every descriptor closed in every order.                        */
/* ---------------------------------------------------------------- */

enum { D_BEFORE, D_BETWEEN, D_AFTER };
static const char * const destroy_when[] = { "before", "between", "after" };

TEST_F(lifetime, close_every_order)
{
	static const int perms[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
		{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};
	static const char * const fdname[] = { "dev", "vmfd1", "vmfd2" };
	const long npages = SMALL_MEM / DISCO_PAGE_SIZE;
	char name[DISCO_NAME_MAX];
	int p, when, k, fds[3], r;

	for (when = D_BEFORE; when <= D_AFTER; when++) {
		for (p = 0; p < 6; p++) {
			bool registered = true;
			int vmfds = 2;
			char order[64];

			snprintf(order, sizeof(order), "close %s,%s,%s, destroy %s",
				 fdname[perms[p][0]], fdname[perms[p][1]],
				 fdname[perms[p][2]], destroy_when[when]);
			disco_unique_name(name, sizeof(name), "lt-close");
			fds[0] = disco_open_dev();
			ASSERT_LE(0, fds[0]) TH_LOG("%s: open: %s", order,
						    strerror(-fds[0]));
			r = lt_create_raw(fds[0], name, SMALL_MEM);
			ASSERT_EQ(0, r) TH_LOG("%s: CREATE_VM: %s", order,
					       strerror(-r));
			snprintf(self->extra, sizeof(self->extra), "%s", name);
			fds[1] = lt_open_raw(fds[0], name);
			fds[2] = lt_open_raw(fds[0], name);
			ASSERT_LE(0, fds[1]);
			ASSERT_LE(0, fds[2]);
			EXPECT_EQ(0, disco_ioctl(fds[1], DISCO_VM_CREATE_VCPU, NULL))
				TH_LOG("%s: CREATE_VCPU", order);
			EXPECT_COUNTERS(&self->start, 1, npages, "%s: created", order);

			for (k = 0; k <= 3; k++) {
				if ((when == D_BEFORE && k == 0) ||
				    (when == D_BETWEEN && k == 1) ||
				    (when == D_AFTER && k == 3)) {
					/* Through the fixture's descriptor. */
					r = lt_destroy_raw(self->dev, name);
					EXPECT_EQ(0, r) TH_LOG("%s: DESTROY_VM: %s",
							       order, strerror(-r));
					registered = false;
					self->extra[0] = '\0';
					EXPECT_EQ(-ENOENT, lt_open_raw(self->dev, name))
						TH_LOG("%s: opened after destroy", order);
					EXPECT_COUNTERS(&self->start,
							vmfds ? 1 : 0, vmfds ? npages : 0,
							"%s: just destroyed, %d VM fds open",
							order, vmfds);
				}
				if (k == 3)
					break;
				r = close(fds[perms[p][k]]);
				EXPECT_EQ(0, r) TH_LOG("%s: close(%s): %s", order,
						       fdname[perms[p][k]],
						       strerror(errno));
				if (perms[p][k])
					vmfds--;
				EXPECT_COUNTERS(&self->start,
						registered || vmfds ? 1 : 0,
						registered || vmfds ? npages : 0,
						"%s: after closing %s", order,
						fdname[perms[p][k]]);
			}
			EXPECT_COUNTERS(&self->start, 0, 0, "%s: at the end", order);
			if (_metadata->passed == 0)
				TH_LOG("failed in: %s", order);
			ASSERT_EQ(1, _metadata->passed);
		}
	}
}

/* ---------------------------------------------------------------- */
/* 4. Concurrent create/destroy from several processes.              */
/* ---------------------------------------------------------------- */

TEST_F_TIMEOUT(lifetime, concurrent_create_destroy, 100)
{
	struct shared *sh;
	pid_t pids[WORKERS + 1];
	char prefix[DISCO_NAME_MAX];
	int i, st, left;

	snprintf(prefix, sizeof(prefix), "lt-cc-%d-", (int)getpid());
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	memset(sh, 0, sizeof(*sh));

	for (i = 0; i <= WORKERS; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(i < WORKERS ? lt_worker(sh, prefix, i) : lt_killer(sh, prefix));
	}
	for (i = 0; i <= WORKERS; i++) {
		while (waitpid(pids[i], &st, 0) < 0)
			ASSERT_EQ(EINTR, errno);
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
			TH_LOG("%s %d: wait status 0x%x",
			       i < WORKERS ? "worker" : "killer", i, st);
	}
	TH_LOG("%u created, %u opened, %u vCPUs, %u destroyed by their creator, "
	       "%u destroyed by the killer (%u tries found nothing), %u stolen",
	       sh->created, sh->opened, sh->vcpus, sh->destroyed,
	       sh->killer_hits, sh->killer_misses, sh->stolen);
	EXPECT_EQ(WORKERS * ITERATIONS, sh->created);
	EXPECT_EQ(sh->created, sh->destroyed + sh->killer_hits);

	left = lt_count_prefixed(self->dev, prefix, true);
	EXPECT_EQ(0, left) TH_LOG("%d VMs named %s* left behind", left, prefix);
	EXPECT_COUNTERS(&self->start, 0, 0, "after the concurrent run");
	munmap(sh, sizeof(*sh));
}

/* ---------------------------------------------------------------- */
/* 6b. A VM larger than the host's memory.                           */
/* ---------------------------------------------------------------- */

TEST_F(lifetime, oversized_vm_enomem)
{
	long total_kb = lt_meminfo_field("MemTotal");
	__u64 sizes[2], mem;
	char name[DISCO_NAME_MAX];
	int i, r;

	ASSERT_LT(0, total_kb);
	/* More than all of RAM (so more than free), and the largest allowed. */
	mem = ((__u64)total_kb << 10) + (256ULL << 20);
	sizes[0] = (mem + DISCO_PAGE_SIZE - 1) / DISCO_PAGE_SIZE * DISCO_PAGE_SIZE;
	sizes[1] = DISCO_MEM_MAX;
	disco_unique_name(name, sizeof(name), "lt-big");

	for (i = 0; i < 2; i++) {
		r = lt_create_raw(self->dev, name, sizes[i]);
		EXPECT_EQ(-ENOMEM, r) TH_LOG("CREATE_VM of %llu MiB (MemTotal %ld MiB): %s",
					     sizes[i] >> 20, total_kb >> 10,
					     r ? strerror(-r) : "created");
		if (r == 0)
			lt_destroy_raw(self->dev, name);
		EXPECT_EQ(-ENOENT, lt_open_raw(self->dev, name));
		EXPECT_COUNTERS(&self->start, 0, 0, "after a %llu MiB VM failed",
				sizes[i] >> 20);
	}
	/* Nothing was left holding the name. */
	r = lt_create_raw(self->dev, name, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("CREATE_VM %s again, small: %s", name, strerror(-r));
	if (r == 0)
		EXPECT_EQ(0, lt_destroy_raw(self->dev, name));
	EXPECT_COUNTERS(&self->start, 0, 0, "at the end");
}

/* ---------------------------------------------------------------- */
/* 6. Per-user limits (module parameters, root only).                */
/* ---------------------------------------------------------------- */

#define P_VMS	PARAMS_DIR "max_vms_per_user"
#define P_MEM	PARAMS_DIR "max_mem_mb_per_user"
#define MAX_TRACKED	16

FIXTURE(limits) {
	int dev;
	const char *skip;
	char names[MAX_TRACKED][DISCO_NAME_MAX];
	int n;
	struct counters start;
};

FIXTURE_SETUP(limits)
{
	int r;

	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
	if (geteuid() != 0) {
		self->skip = "not root: the limits are root-only module parameters";
		return;
	}
	ASSERT_EQ(0, access(P_VMS, W_OK)) TH_LOG("%s: %s", P_VMS, strerror(errno));
	ASSERT_EQ(0, access(P_MEM, W_OK)) TH_LOG("%s: %s", P_MEM, strerror(errno));
	ASSERT_EQ(0, lt_write_str(P_VMS, "0\n"));
	ASSERT_EQ(0, lt_write_str(P_MEM, "0\n"));
	r = lt_read_counters(&self->start);
	ASSERT_EQ(0, r) TH_LOG("module counters: %s", strerror(-r));
	/* The limits count VMs per user: start with none of ours. */
	ASSERT_EQ(0, lt_count_prefixed(self->dev, "", false))
		TH_LOG("VMs exist before the limits test");
}

FIXTURE_TEARDOWN(limits)
{
	int i;

	if (self->dev >= 0) {
		for (i = 0; i < self->n; i++)
			lt_destroy_raw(self->dev, self->names[i]);
		close(self->dev);
	}
	if (!self->skip) {
		/* Always back to "no limit", whatever happened above. */
		if (lt_write_str(P_VMS, "0\n") || lt_write_str(P_MEM, "0\n"))
			TH_LOG("could not reset the limits to 0");
		/* Refused creates left nothing behind either. */
		EXPECT_COUNTERS(&self->start, 0, 0, "after the limits test");
	}
}

/* The name of VM number @i, made (and tracked for the teardown) on first use. */
static const char *lname(FIXTURE_DATA(limits) *self, int i)
{
	while (self->n <= i)
		disco_unique_name(self->names[self->n++], DISCO_NAME_MAX, "lt-lim");
	return self->names[i];
}

static int lcreate(FIXTURE_DATA(limits) *self, int i, __u64 mem)
{
	return lt_create_raw(self->dev, lname(self, i), mem);
}

/*
 * In a child that gave up root: VMs @first..@first+@n-1 of @mem bytes are
 * created, VM @first+@n fails with EDQUOT.  Returns 0, or 1 + the index
 * (from 0) of the first create that did otherwise, 99 if setuid failed.
 */
static int other_user_quota(FIXTURE_DATA(limits) *self, int first, int n,
			    __u64 mem)
{
	lname(self, first + n);		/* all names made before the fork */
	return lt_quota_child(self->dev, self->names + first, n, mem);
}

TEST_F(limits, max_vms_per_user)
{
	struct counters c;
	int r;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	ASSERT_EQ(0, lt_set_param(P_VMS, 2));

	EXPECT_EQ(0, lcreate(self, 0, SMALL_MEM));
	EXPECT_EQ(0, lcreate(self, 1, SMALL_MEM));
	ASSERT_EQ(0, lt_read_counters(&c));
	r = lcreate(self, 2, SMALL_MEM);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("third VM with max_vms_per_user=2: %s",
				     r ? strerror(-r) : "created");
	EXPECT_COUNTERS(&c, 0, 0, "after the refused third VM");
	EXPECT_EQ(-ENOENT, lt_open_raw(self->dev, self->names[2]));

	/* Another user has a quota of its own. */
	r = other_user_quota(self, 3, 2, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("uid %d with max_vms_per_user=2: status %d "
			       "(n: its VM n went wrong, 99: setuid failed)",
			       NOBODY, r);

	/* Destroying one of ours makes room again. */
	EXPECT_EQ(0, lt_destroy_raw(self->dev, self->names[0]));
	r = lcreate(self, 2, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("after a destroy: %s", strerror(-r));

	/* 0: no limit beyond DISCO_MAX_VMS. */
	ASSERT_EQ(0, lt_set_param(P_VMS, 0));
	r = lcreate(self, 6, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("max_vms_per_user=0: %s", strerror(-r));
}

TEST_F(limits, max_mem_mb_per_user)
{
	const __u64 mib = 1ULL << 20;
	struct counters c;
	int i, r;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	ASSERT_EQ(0, lt_set_param(P_MEM, 3));

	for (i = 0; i < 3; i++) {
		r = lcreate(self, i, mib);
		EXPECT_EQ(0, r) TH_LOG("1 MiB VM %d of 3: %s", i + 1, strerror(-r));
	}
	ASSERT_EQ(0, lt_read_counters(&c));
	r = lcreate(self, 3, mib);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("fourth 1 MiB VM with max_mem_mb_per_user=3: %s",
				     r ? strerror(-r) : "created");
	EXPECT_COUNTERS(&c, 0, 0, "after the refused fourth VM");
	EXPECT_EQ(-ENOENT, lt_open_raw(self->dev, self->names[3]));

	/* With two 1 MiB VMs, a 2 MiB one would make 4 MiB: refused too. */
	EXPECT_EQ(0, lt_destroy_raw(self->dev, self->names[0]));
	r = lcreate(self, 4, 2 * mib);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("2 MiB VM next to 2 x 1 MiB: %s",
				     r ? strerror(-r) : "created");
	r = lcreate(self, 3, mib);
	EXPECT_EQ(0, r) TH_LOG("1 MiB VM after a destroy: %s", strerror(-r));

	/* Another user has a quota of its own. */
	r = other_user_quota(self, 5, 3, mib);
	EXPECT_EQ(0, r) TH_LOG("uid %d with max_mem_mb_per_user=3: status %d",
			       NOBODY, r);

	ASSERT_EQ(0, lt_set_param(P_MEM, 0));
	r = lcreate(self, 9, 2 * mib);
	EXPECT_EQ(0, r) TH_LOG("max_mem_mb_per_user=0: %s", strerror(-r));
}

TEST_HARNESS_MAIN
