// SPDX-License-Identifier: GPL-2.0
/*
 * VM lifecycle: stopping and destroying a running VM, signals during
 * DISCO_VM_RUN, two VMs side by side, and the module refusing to unload
 * while a VM exists.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

/* Long enough for a vCPU thread to be inside DISCO_VM_RUN, even under TCG. */
#define SETTLE_MS	300

#define PATTERN		0xd15c0a11feedf00dULL

struct runner {
	struct disco_vm *vm;
	struct disco_run run;
	pthread_t thread;
	int r;			/* disco_vm_run()'s result */
};

static void *runner_fn(void *arg)
{
	struct runner *rn = arg;

	rn->r = disco_vm_run(rn->vm, 0, &rn->run);
	return NULL;
}

static int start_runner(struct runner *rn, struct disco_vm *vm)
{
	memset(rn, 0, sizeof(*rn));
	rn->vm = vm;
	return -pthread_create(&rn->thread, NULL, runner_fn, rn);
}

/* Runs both VMs' vCPU 0 at once, to the end; 0 or the first error. */
static int run_both(struct runner *ra, struct disco_vm *a,
		    struct runner *rb, struct disco_vm *b)
{
	int r = start_runner(ra, a);

	if (r)
		return r;
	r = start_runner(rb, b);
	pthread_join(ra->thread, NULL);
	if (r)
		return r;
	pthread_join(rb->thread, NULL);
	return ra->r ? ra->r : rb->r;
}

static void settle(void)
{
	struct timespec ts = { 0, SETTLE_MS * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static __u32 vm_state(struct disco_vm *vm)
{
	struct disco_vm_info info = {};

	if (disco_ioctl(vm->fd, DISCO_VM_GET_INFO, &info) < 0)
		return ~0U;
	return info.state;
}

/*
 * Waits until a vCPU of @vm is inside DISCO_VM_RUN (up to 5 s), then a
 * little longer so that it runs guest code: a stop or signal sent before
 * the runner thread reached the ioctl would test nothing (or hang it).
 */
static bool wait_running(struct disco_vm *vm)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (vm_state(vm) == DISCO_VM_STATE_RUNNING) {
			settle();
			return true;
		}
		usleep(10000);
	}
	return false;
}

FIXTURE(life) {
	int dev;
	struct disco_vm a, b;
};

FIXTURE_SETUP(life)
{
	disco_vm_init(&self->a);
	disco_vm_init(&self->b);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
}

FIXTURE_TEARDOWN(life)
{
	/* Destroying also stops a vCPU a failed test left running. */
	disco_vm_destroy(&self->a);
	disco_vm_destroy(&self->b);
	if (self->dev >= 0)
		close(self->dev);
}

static void setup_vm(struct __test_metadata *_metadata, int dev,
		     struct disco_vm *vm, const char *guest, __u64 arg)
{
	int r = disco_vm_setup(vm, dev, "life", guest, GUEST_MEM_SIZE, arg);

	ASSERT_EQ(0, r) TH_LOG("setting up %s: %s", guest, strerror(-r));
}

TEST_F(life, stop_running)
{
	struct runner rn;
	struct disco_run again;

	setup_vm(_metadata, self->dev, &self->a, "spin", 0);
	ASSERT_EQ(0, start_runner(&rn, &self->a));
	EXPECT_TRUE(wait_running(&self->a));
	EXPECT_EQ(0, disco_ioctl(self->a.fd, DISCO_VM_STOP, NULL));
	ASSERT_EQ(0, pthread_join(rn.thread, NULL));
	ASSERT_EQ(0, rn.r) TH_LOG("DISCO_VM_RUN: %s", strerror(-rn.r));
	EXPECT_EQ(DISCO_EXIT_STOPPED, rn.run.exit_reason)
		TH_LOG("exit %s", disco_exit_name(rn.run.exit_reason));
	EXPECT_EQ(DISCO_VM_STATE_STOPPED, vm_state(&self->a));

	/* Stopped stays stopped, and the memory is still readable. */
	ASSERT_EQ(0, disco_vm_run(&self->a, 0, &again));
	EXPECT_EQ(DISCO_EXIT_STOPPED, again.exit_reason);
	EXPECT_EQ(0, disco_vm_read(&self->a, GUEST_IMAGE_GPA, &again, 8));
}

TEST_F(life, destroy_running)
{
	struct disco_vm_ref ref = {};
	struct runner rn;
	char buf[256];
	ssize_t n;

	setup_vm(_metadata, self->dev, &self->a, "spin", 0);
	ASSERT_EQ(0, start_runner(&rn, &self->a));
	EXPECT_TRUE(wait_running(&self->a));
	memcpy(ref.name, self->a.name, sizeof(ref.name));
	ASSERT_EQ(0, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	self->a.created = false;
	ASSERT_EQ(0, pthread_join(rn.thread, NULL));
	if (rn.r == 0) {
		EXPECT_EQ(DISCO_EXIT_STOPPED, rn.run.exit_reason)
			TH_LOG("exit %s", disco_exit_name(rn.run.exit_reason));
	} else {
		EXPECT_EQ(-ENODEV, rn.r) TH_LOG("RUN: %s", strerror(-rn.r));
	}

	/* The name is gone at once; the open fd reads to end of file. */
	EXPECT_EQ(-ENOENT, disco_ioctl(self->dev, DISCO_OPEN_VM, &ref));
	ASSERT_EQ(0, fcntl(self->a.fd, F_SETFL, O_NONBLOCK));
	do
		n = read(self->a.fd, buf, sizeof(buf));
	while (n > 0 || (n < 0 && errno == EINTR));
	EXPECT_EQ(0, n) TH_LOG("read: %s", strerror(errno));
	EXPECT_EQ(-ENODEV, disco_vm_run(&self->a, 0, &rn.run));
}

static void noop_handler(int sig)
{
}

TEST_F(life, signal_interrupts_run)
{
	struct sigaction sa = { .sa_handler = noop_handler };	/* no SA_RESTART */
	struct runner rn;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	setup_vm(_metadata, self->dev, &self->a, "spin", 0);

	ASSERT_EQ(0, start_runner(&rn, &self->a));
	ASSERT_TRUE(wait_running(&self->a)) {
		disco_ioctl(self->a.fd, DISCO_VM_STOP, NULL);
		pthread_join(rn.thread, NULL);
	}
	ASSERT_EQ(0, pthread_kill(rn.thread, SIGUSR1));
	ASSERT_EQ(0, pthread_join(rn.thread, NULL));
	EXPECT_EQ(-EINTR, rn.r) TH_LOG("RUN returned %d (%s), exit %s", rn.r,
				       strerror(-rn.r),
				       disco_exit_name(rn.run.exit_reason));

	/* The vCPU kept its state: a second RUN goes on spinning. */
	ASSERT_EQ(0, start_runner(&rn, &self->a));
	EXPECT_TRUE(wait_running(&self->a));
	EXPECT_EQ(0, disco_ioctl(self->a.fd, DISCO_VM_STOP, NULL));
	ASSERT_EQ(0, pthread_join(rn.thread, NULL));
	EXPECT_EQ(0, rn.r);
	EXPECT_EQ(DISCO_EXIT_STOPPED, rn.run.exit_reason);
}

/* True if @buf (@size bytes of guest RAM from gpa 0) holds PATTERN outside
 * [@skip_start, @skip_end). */
static bool holds_pattern(const __u64 *buf, __u64 size, __u64 skip_start,
			  __u64 skip_end)
{
	__u64 i;

	for (i = 0; i < size / 8; i++) {
		if (i * 8 >= skip_start && i * 8 < skip_end)
			continue;
		if (buf[i] == PATTERN)
			return true;
	}
	return false;
}

TEST_F(life, two_vms_isolated)
{
	struct runner ra, rb;
	__u64 *ram;

	setup_vm(_metadata, self->dev, &self->a, "memfill", PATTERN);
	setup_vm(_metadata, self->dev, &self->b, "memscan", PATTERN);
	ASSERT_EQ(0, run_both(&ra, &self->a, &rb, &self->b));
	EXPECT_EQ(DISCO_EXIT_GUEST, ra.run.exit_reason);
	EXPECT_EQ(0, ra.run.exit_code);
	EXPECT_EQ(DISCO_EXIT_GUEST, rb.run.exit_reason);
	EXPECT_EQ(0, rb.run.exit_code) TH_LOG("VM B saw VM A's pattern");

	/* After both ran: A's RAM holds the pattern, B's does not. */
	ram = malloc(GUEST_MEM_SIZE);
	ASSERT_NE(NULL, ram);
	EXPECT_EQ(0, disco_vm_read(&self->a, 0, ram, GUEST_MEM_SIZE));
	EXPECT_TRUE(holds_pattern(ram, GUEST_MEM_SIZE, self->a.gpa_start,
				  self->a.gpa_end));
	EXPECT_EQ(0, disco_vm_read(&self->b, 0, ram, GUEST_MEM_SIZE));
	EXPECT_FALSE(holds_pattern(ram, GUEST_MEM_SIZE, self->b.gpa_start,
				   self->b.gpa_end));
	free(ram);
}

/*
 * Two VMs run the same FPU program with different register values on
 * this one host CPU: the lazy FPU switch and the save on preemption must
 * keep each VM's registers its own.
 */
TEST_F(life, fpu_isolated_between_vms)
{
	struct disco_stats st = { .vcpu = 0 };
	struct runner ra, rb;

	setup_vm(_metadata, self->dev, &self->a, "fpu", 0x1111111111111111ULL);
	setup_vm(_metadata, self->dev, &self->b, "fpu", 0x2222222222222222ULL);
	ASSERT_EQ(0, run_both(&ra, &self->a, &rb, &self->b));
	EXPECT_EQ(DISCO_EXIT_GUEST, ra.run.exit_reason);
	EXPECT_EQ(0, ra.run.exit_code) TH_LOG("VM A: assert at line %d", ra.run.exit_code);
	EXPECT_EQ(DISCO_EXIT_GUEST, rb.run.exit_reason);
	EXPECT_EQ(0, rb.run.exit_code) TH_LOG("VM B: assert at line %d", rb.run.exit_code);
	ASSERT_EQ(0, disco_vm_stats(&self->a, 0, &st));
	EXPECT_LE(1, st.fpu_loads);
	/* The divide by zero trapped in the guest and was reflected to it. */
	EXPECT_LE(1, st.exits_by_cause[15]);
}

TEST_F(life, unload_refused_while_vm_exists)
{
	struct disco_vm_ref ref = {};
	int r, err;

	setup_vm(_metadata, self->dev, &self->a, "hello", 0);
	memcpy(ref.name, self->a.name, sizeof(ref.name));
	/* No descriptor is left open: only the VM itself holds the module. */
	close(self->a.fd);
	self->a.fd = -1;
	close(self->dev);
	self->dev = -1;

	r = syscall(SYS_delete_module, "disco", O_NONBLOCK);
	err = errno;
	if (r < 0 && err == EPERM) {
		self->dev = disco_open_dev();
		SKIP(return, "no CAP_SYS_MODULE");
	}
	EXPECT_EQ(-1, r) TH_LOG("disco was unloaded with a VM alive");
	if (r < 0) {
		EXPECT_TRUE(err == EWOULDBLOCK || err == EAGAIN ||
			    err == EBUSY) TH_LOG("delete_module: %s",
						 strerror(err));
	}

	/* Clean up through a fresh descriptor (the teardown would too). */
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev);
	self->a.dev = self->dev;
	EXPECT_EQ(0, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	self->a.created = false;
}

TEST_HARNESS_MAIN
