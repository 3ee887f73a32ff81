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
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

extern char **environ;

#define PARAMS_DIR	"/sys/module/disco/parameters/"
#define DISCOCTL_DEFAULT "/disco/bin/discoctl"

/*
 * The smallest VM hello.elf fits in: it loads at guest-physical
 * 0x10000..~0x30000, so 256 KiB (16 guest pages) leaves room to spare.
 */
#define SMALL_MEM	(256ULL << 10)

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
/* Counters.                                                         */
/* ---------------------------------------------------------------- */

/* Reads a decimal value from @path; -errno on failure. */
static int read_long(const char *path, long *out)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	errno = 0;
	*out = strtol(buf, NULL, 10);
	return errno ? -errno : 0;
}

static int write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

struct counters {
	long vms;
	long pages;
};

static int read_counters(struct counters *c)
{
	int r = read_long(PARAMS_DIR "vms", &c->vms);

	return r ? r : read_long(PARAMS_DIR "guest_pages", &c->pages);
}

/* EXPECTs the module's counters to equal @want (plus @vms/@pages). */
#define EXPECT_COUNTERS(want, dvms, dpages, fmt, ...) do {		\
	struct counters __now;						\
	int __r = read_counters(&__now);				\
	EXPECT_EQ(0, __r) TH_LOG("reading module counters: %s",	\
				 strerror(-__r));			\
	if (!__r) {							\
		long __wv = (want)->vms + (long)(dvms);			\
		long __wp = (want)->pages + (long)(dpages);		\
		EXPECT_EQ(__wv, __now.vms)				\
			TH_LOG("vms %ld, expected %ld: " fmt, __now.vms,	\
			       __wv, ##__VA_ARGS__);			\
		EXPECT_EQ(__wp, __now.pages)				\
			TH_LOG("guest_pages %ld, expected %ld: " fmt,	\
			       __now.pages, __wp, ##__VA_ARGS__);	\
	}								\
} while (0)

struct meminfo {
	long memfree, slab, sunreclaim;	/* kB */
};

/* /proc/meminfo after dropping the page cache and slab caches. */
static int read_meminfo(struct meminfo *m)
{
	char line[128];
	FILE *f;
	int found = 0;

	sync();
	write_str("/proc/sys/vm/drop_caches", "3\n");	/* root only; best effort */
	f = fopen("/proc/meminfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		found += sscanf(line, "MemFree: %ld kB", &m->memfree);
		found += sscanf(line, "Slab: %ld kB", &m->slab);
		found += sscanf(line, "SUnreclaim: %ld kB", &m->sunreclaim);
	}
	fclose(f);
	return found == 3 ? 0 : -ENODATA;
}

static long meminfo_field(const char *name)
{
	char line[128], key[64];
	long v = -1, x;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld", key, &x) == 2 && !strcmp(key, name))
			v = x;
	fclose(f);
	return v;
}

/* ---------------------------------------------------------------- */
/* Small helpers.                                                    */
/* ---------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int create_raw(int dev, const char *name, __u64 mem)
{
	struct disco_vm_create c = { .mem_size = mem, .max_vcpus = 1 };

	snprintf(c.name, sizeof(c.name), "%s", name);
	return disco_ioctl(dev, DISCO_CREATE_VM, &c);
}

static int ref_ioctl(int dev, unsigned long req, const char *name)
{
	struct disco_vm_ref ref = {};

	snprintf(ref.name, sizeof(ref.name), "%s", name);
	return disco_ioctl(dev, req, &ref);
}

static int open_raw(int dev, const char *name)
{
	return ref_ioctl(dev, DISCO_OPEN_VM, name);
}

static int destroy_raw(int dev, const char *name)
{
	return ref_ioctl(dev, DISCO_DESTROY_VM, name);
}

/*
 * DISCO_LIST_VMS into a malloc()ed array (*@out, free() it); returns the
 * count or -errno.
 */
static int list_vms(int dev, struct disco_vm_info **out)
{
	struct disco_vm_list l = {};
	struct disco_vm_info *v;
	int r;

	v = calloc(DISCO_MAX_VMS, sizeof(*v));
	if (!v)
		return -ENOMEM;
	l.capacity = DISCO_MAX_VMS;
	l.vms = (__u64)(unsigned long)v;
	r = disco_ioctl(dev, DISCO_LIST_VMS, &l);
	if (r < 0) {
		free(v);
		return r;
	}
	*out = v;
	return l.count < DISCO_MAX_VMS ? l.count : DISCO_MAX_VMS;
}

/* The listed state of VM @name; -ENOENT if not listed, -errno on error. */
static int listed_state(int dev, const char *name)
{
	struct disco_vm_info *v;
	int n, i, st = -ENOENT;

	n = list_vms(dev, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (!strncmp(v[i].name, name, DISCO_NAME_MAX))
			st = v[i].state;
	free(v);
	return st;
}

/* VMs whose name starts with @prefix. */
static int count_prefixed(int dev, const char *prefix, bool destroy)
{
	struct disco_vm_info *v;
	int n, i, k = 0;

	n = list_vms(dev, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (strncmp(v[i].name, prefix, strlen(prefix)))
			continue;
		k++;
		if (destroy)
			destroy_raw(dev, v[i].name);
	}
	free(v);
	return k;
}

static __u32 fd_state(int vmfd)
{
	struct disco_vm_info info = {};

	if (disco_ioctl(vmfd, DISCO_VM_GET_INFO, &info) < 0)
		return ~0U;
	return info.state;
}

static const char *discoctl_path(void)
{
	const char *p = getenv("DISCOCTL");

	return p && *p ? p : DISCOCTL_DEFAULT;
}

/*
 * Starts discoctl with @argv (argv[0] is ignored), stdout to /dev/null
 * (the guest console and "created ..." lines would break the TAP stream),
 * stderr inherited; returns the pid or -errno.
 */
static pid_t spawn_discoctl(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	char *args[8];
	pid_t pid;
	int i, r;

	args[0] = (char *)discoctl_path();
	for (i = 1; argv[i] && i < 7; i++)
		args[i] = argv[i];
	args[i] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	r = posix_spawn(&pid, args[0], &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	return r ? -r : pid;
}

/* Runs discoctl to completion; its exit status, or -errno / -1000 - signal. */
static int run_discoctl(char *const argv[])
{
	pid_t pid = spawn_discoctl(argv);
	int st;

	if (pid < 0)
		return pid;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return -1000 - WTERMSIG(st);
}

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
	r = read_counters(&self->start);
	ASSERT_EQ(0, r) TH_LOG("module counters %svms / guest_pages: %s "
			       "(disco.ko without the accounting?)",
			       PARAMS_DIR, strerror(-r));
}

FIXTURE_TEARDOWN(lifetime)
{
	disco_vm_destroy(&self->vm);
	if (self->extra[0] && self->dev >= 0)
		destroy_raw(self->dev, self->extra);
	if (self->dev >= 0)
		close(self->dev);
}

/* ---------------------------------------------------------------- */
/* 1. 1,000 create / load / run / destroy cycles.                    */
/* ---------------------------------------------------------------- */

/* One cycle on @vm; 0, or a negative step number with *@err = errno. */
static int one_cycle(int dev, struct disco_vm *vm, const void *image,
		     size_t size, struct disco_run *run, int *err)
{
	struct disco_regs regs;
	int r;

#define STEP(n, call) do { r = (call); if (r < 0) { *err = -r; return -(n); } } while (0)
	STEP(1, disco_vm_create(vm, dev, "lt-cyc", SMALL_MEM, 1));
	STEP(2, disco_ioctl(vm->fd, DISCO_VM_CREATE_VCPU, NULL));
	STEP(3, disco_vm_load_elf(vm, image, size));
	STEP(4, disco_vm_get_regs(vm, 0, &regs));
	regs.pc = vm->entry;
	STEP(5, disco_vm_set_regs(vm, &regs));
	STEP(6, disco_vm_run(vm, 0, run));
	STEP(7, disco_vm_destroy(vm));
#undef STEP
	return 0;
}

static const char * const cycle_steps[] = {
	"", "CREATE_VM/OPEN_VM", "CREATE_VCPU", "LOAD_ELF", "GET_REGS",
	"SET_REGS", "RUN", "DESTROY_VM",
};

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
	r = one_cycle(self->dev, &self->vm, image, size, &run, &err);
	ASSERT_EQ(0, r) TH_LOG("warm-up cycle: %s: %s", cycle_steps[-r],
			       strerror(err));

	ASSERT_EQ(0, read_meminfo(&before));
	ASSERT_EQ(0, read_counters(&c0));
	t0 = now_s();
	for (i = 0; i < CYCLES; i++) {
		r = one_cycle(self->dev, &self->vm, image, size, &run, &err);
		if (r < 0)
			break;
		if (run.exit_reason != DISCO_EXIT_GUEST ||
		    run.exit_code != HELLO_EXIT)
			break;
	}
	t = now_s() - t0;
	free(image);
	TH_LOG("%d cycles of %llu KiB VMs in %.1f s (%.1f ms each)", i,
	       SMALL_MEM >> 10, t, i ? t * 1000 / i : 0.0);
	ASSERT_EQ(0, r) TH_LOG("cycle %d: %s: %s", i, cycle_steps[-r],
			       strerror(err));
	ASSERT_EQ(CYCLES, i) TH_LOG("cycle %d: exit %s code %d, expected GUEST %d",
				    i, disco_exit_name(run.exit_reason),
				    run.exit_code, HELLO_EXIT);

	ASSERT_EQ(0, read_meminfo(&after));
	TH_LOG("deltas over %d cycles: MemFree %+ld kB, Slab %+ld kB, "
	       "SUnreclaim %+ld kB", CYCLES, after.memfree - before.memfree,
	       after.slab - before.slab, after.sunreclaim - before.sunreclaim);
	TH_LOG("before: MemFree %ld kB, Slab %ld kB, SUnreclaim %ld kB; "
	       "vms %ld, guest_pages %ld", before.memfree, before.slab,
	       before.sunreclaim, c0.vms, c0.pages);
	{
		struct counters c1;

		if (!read_counters(&c1))
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

struct runner {
	int fd;
	struct disco_run run;
	int r;
};

static void *runner_fn(void *arg)
{
	struct runner *rn = arg;

	memset(&rn->run, 0, sizeof(rn->run));
	rn->r = disco_ioctl(rn->fd, DISCO_VM_RUN, &rn->run);
	return NULL;
}

TEST_F(lifetime, sigkill_discoctl_start)
{
	char name[DISCO_NAME_MAX], spin[4096];
	struct runner rn = {};
	pthread_t thread;
	int i, r, st, vmfd;
	pid_t pid;

	if (access(discoctl_path(), X_OK))
		SKIP(return, "no discoctl at %s", discoctl_path());
	disco_guest_path(spin, sizeof(spin), "spin");
	snprintf(name, sizeof(name), "lt-kill-%d", (int)getpid());

	{
		char *argv[] = { "discoctl", "create", name, "--mem", "1M",
				 "--kernel", spin, NULL };

		r = run_discoctl(argv);
		ASSERT_EQ(0, r) TH_LOG("discoctl create: status %d", r);
		snprintf(self->extra, sizeof(self->extra), "%s", name);
	}
	{
		char *argv[] = { "discoctl", "start", name, NULL };

		pid = spawn_discoctl(argv);
		ASSERT_LT(0, pid) TH_LOG("spawning discoctl start: %s",
					 strerror(-pid));
	}

	/* Wait until its vCPU thread is inside DISCO_VM_RUN, then a bit. */
	vmfd = open_raw(self->dev, name);
	EXPECT_LE(0, vmfd) TH_LOG("OPEN_VM: %s", strerror(-vmfd));
	for (i = 0; vmfd >= 0 && i < 1000; i++) {
		if (fd_state(vmfd) == DISCO_VM_STATE_RUNNING)
			break;
		sleep_ms(10);
	}
	EXPECT_EQ(DISCO_VM_STATE_RUNNING, fd_state(vmfd))
		TH_LOG("discoctl start never got the vCPU running");
	if (vmfd >= 0)
		close(vmfd);
	sleep_ms(300);

	ASSERT_EQ(0, kill(pid, SIGKILL));
	while (waitpid(pid, &st, 0) < 0)
		ASSERT_EQ(EINTR, errno);
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		TH_LOG("discoctl start: wait status 0x%x", st);

	/* The VM outlives its runner: listed, openable, no longer running. */
	r = listed_state(self->dev, name);
	EXPECT_LE(0, r) TH_LOG("DISCO_LIST_VMS after kill: %s", strerror(-r));
	EXPECT_NE(DISCO_VM_STATE_RUNNING, r) TH_LOG("listed as running");
	vmfd = open_raw(self->dev, name);
	ASSERT_LE(0, vmfd) TH_LOG("OPEN_VM after kill: %s", strerror(-vmfd));
	EXPECT_EQ(DISCO_VM_STATE_STOPPED, fd_state(vmfd))
		TH_LOG("state %u after the runner was killed", fd_state(vmfd));

	/* The killed runner left vCPU 0 free: it runs (and stops) here. */
	rn.fd = vmfd;
	ASSERT_EQ(0, pthread_create(&thread, NULL, runner_fn, &rn));
	for (i = 0; i < 500 && fd_state(vmfd) != DISCO_VM_STATE_RUNNING; i++)
		sleep_ms(10);
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

		r = run_discoctl(argv);
		EXPECT_EQ(0, r) TH_LOG("discoctl destroy: status %d", r);
		if (!r)
			self->extra[0] = '\0';
	}
	EXPECT_EQ(-ENOENT, listed_state(self->dev, name));
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
			r = create_raw(fds[0], name, SMALL_MEM);
			ASSERT_EQ(0, r) TH_LOG("%s: CREATE_VM: %s", order,
					       strerror(-r));
			snprintf(self->extra, sizeof(self->extra), "%s", name);
			fds[1] = open_raw(fds[0], name);
			fds[2] = open_raw(fds[0], name);
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
					r = destroy_raw(self->dev, name);
					EXPECT_EQ(0, r) TH_LOG("%s: DESTROY_VM: %s",
							       order, strerror(-r));
					registered = false;
					self->extra[0] = '\0';
					EXPECT_EQ(-ENOENT, open_raw(self->dev, name))
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

#define WORKERS		4
#define ITERATIONS	50

struct shared {
	int workers_done;
	unsigned int created, opened, vcpus, destroyed;
	unsigned int stolen;		/* own VM destroyed by the killer first */
	unsigned int killer_hits, killer_misses;
};

#define ADD(field)	__atomic_add_fetch(&sh->field, 1, __ATOMIC_RELAXED)

static int worker(struct shared *sh, const char *prefix, int id)
{
	char name[DISCO_NAME_MAX];
	int dev, i, r, fd;

	dev = disco_open_dev();
	if (dev < 0) {
		fprintf(stderr, "# worker %d: open: %s\n", id, strerror(-dev));
		return 1;
	}
	for (i = 0; i < ITERATIONS; i++) {
		snprintf(name, sizeof(name), "%sw%d-%d", prefix, id, i);
		r = create_raw(dev, name, SMALL_MEM);
		if (r) {
			fprintf(stderr, "# worker %d: CREATE_VM %s: %s\n", id,
				name, strerror(-r));
			return 2;
		}
		ADD(created);
		fd = open_raw(dev, name);
		if (fd == -ENOENT) {
			ADD(stolen);
			continue;
		}
		if (fd < 0) {
			fprintf(stderr, "# worker %d: OPEN_VM %s: %s\n", id,
				name, strerror(-fd));
			return 3;
		}
		ADD(opened);
		r = disco_ioctl(fd, DISCO_VM_CREATE_VCPU, NULL);
		if (r == 0)
			ADD(vcpus);
		else if (r != -ENODEV) {
			fprintf(stderr, "# worker %d: CREATE_VCPU %s: %d (%s)\n",
				id, name, r, r < 0 ? strerror(-r) : "not vCPU 0");
			close(fd);
			return 4;
		}
		r = destroy_raw(dev, name);
		if (r == 0)
			ADD(destroyed);
		else if (r == -ENOENT)
			ADD(stolen);
		else {
			fprintf(stderr, "# worker %d: DESTROY_VM %s: %s\n", id,
				name, strerror(-r));
			close(fd);
			return 5;
		}
		if (close(fd)) {
			fprintf(stderr, "# worker %d: close: %s\n", id,
				strerror(errno));
			return 6;
		}
	}
	close(dev);
	__atomic_add_fetch(&sh->workers_done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Destroys the workers' VMs under them until they are all done. */
static int killer(struct shared *sh, const char *prefix)
{
	char name[DISCO_NAME_MAX];
	struct disco_vm_info *v;
	int dev, n, i, k, r, rounds = 0;

	dev = disco_open_dev();
	if (dev < 0)
		return 1;
	srand(getpid());
	while (__atomic_load_n(&sh->workers_done, __ATOMIC_ACQUIRE) < WORKERS &&
	       rounds++ < 100000) {
		if (rand() % 2) {
			/* A name a worker has used, will use, or is using. */
			snprintf(name, sizeof(name), "%sw%d-%d", prefix,
				 rand() % WORKERS, rand() % ITERATIONS);
		} else {
			/* One that exists right now (maybe not for long). */
			n = list_vms(dev, &v);
			if (n < 0) {
				fprintf(stderr, "# killer: LIST_VMS: %s\n",
					strerror(-n));
				return 2;
			}
			name[0] = '\0';
			for (i = 0, k = n ? rand() % n : 0; i < n; i++) {
				const char *nm = v[(i + k) % n].name;

				if (!strncmp(nm, prefix, strlen(prefix))) {
					snprintf(name, sizeof(name), "%s", nm);
					break;
				}
			}
			free(v);
			if (!name[0]) {
				usleep(1000);
				continue;
			}
		}
		r = destroy_raw(dev, name);
		if (r == 0) {
			ADD(killer_hits);
		} else if (r == -ENOENT) {
			ADD(killer_misses);
		} else {
			fprintf(stderr, "# killer: DESTROY_VM %s: %s\n", name,
				strerror(-r));
			return 3;
		}
		usleep(rand() % 200);
	}
	close(dev);
	return 0;
}

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
			_exit(i < WORKERS ? worker(sh, prefix, i) : killer(sh, prefix));
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

	left = count_prefixed(self->dev, prefix, true);
	EXPECT_EQ(0, left) TH_LOG("%d VMs named %s* left behind", left, prefix);
	EXPECT_COUNTERS(&self->start, 0, 0, "after the concurrent run");
	munmap(sh, sizeof(*sh));
}

/* ---------------------------------------------------------------- */
/* 6b. A VM larger than the host's memory.                           */
/* ---------------------------------------------------------------- */

TEST_F(lifetime, oversized_vm_enomem)
{
	long total_kb = meminfo_field("MemTotal");
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
		r = create_raw(self->dev, name, sizes[i]);
		EXPECT_EQ(-ENOMEM, r) TH_LOG("CREATE_VM of %llu MiB (MemTotal %ld MiB): %s",
					     sizes[i] >> 20, total_kb >> 10,
					     r ? strerror(-r) : "created");
		if (r == 0)
			destroy_raw(self->dev, name);
		EXPECT_EQ(-ENOENT, open_raw(self->dev, name));
		EXPECT_COUNTERS(&self->start, 0, 0, "after a %llu MiB VM failed",
				sizes[i] >> 20);
	}
	/* Nothing was left holding the name. */
	r = create_raw(self->dev, name, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("CREATE_VM %s again, small: %s", name, strerror(-r));
	if (r == 0)
		EXPECT_EQ(0, destroy_raw(self->dev, name));
	EXPECT_COUNTERS(&self->start, 0, 0, "at the end");
}

/* ---------------------------------------------------------------- */
/* 6. Per-user limits (module parameters, root only).                */
/* ---------------------------------------------------------------- */

#define P_VMS	PARAMS_DIR "max_vms_per_user"
#define P_MEM	PARAMS_DIR "max_mem_mb_per_user"
#define MAX_TRACKED	16
#define NOBODY	65534

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
	ASSERT_EQ(0, write_str(P_VMS, "0\n"));
	ASSERT_EQ(0, write_str(P_MEM, "0\n"));
	r = read_counters(&self->start);
	ASSERT_EQ(0, r) TH_LOG("module counters: %s", strerror(-r));
	/* The limits count VMs per user: start with none of ours. */
	ASSERT_EQ(0, count_prefixed(self->dev, "", false))
		TH_LOG("VMs exist before the limits test");
}

FIXTURE_TEARDOWN(limits)
{
	int i;

	if (self->dev >= 0) {
		for (i = 0; i < self->n; i++)
			destroy_raw(self->dev, self->names[i]);
		close(self->dev);
	}
	if (!self->skip) {
		/* Always back to "no limit", whatever happened above. */
		if (write_str(P_VMS, "0\n") || write_str(P_MEM, "0\n"))
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
	return create_raw(self->dev, lname(self, i), mem);
}

static int set_param(const char *path, long v)
{
	char buf[32];
	long back;
	int r;

	snprintf(buf, sizeof(buf), "%ld\n", v);
	r = write_str(path, buf);
	if (!r)
		r = read_long(path, &back);
	return r ? r : back == v ? 0 : -EIO;
}

/*
 * In a child that gave up root: VMs @first..@first+@n-1 of @mem bytes are
 * created, VM @first+@n fails with EDQUOT.  Returns 0, or 1 + the index
 * (from 0) of the first create that did otherwise, 99 if setuid failed.
 */
static int other_user_quota(FIXTURE_DATA(limits) *self, int first, int n,
			    __u64 mem)
{
	pid_t pid;
	int i, r, st;

	lname(self, first + n);		/* all names made before the fork */
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The descriptor stays usable: it was opened as root. */
		if (setresgid(NOBODY, NOBODY, NOBODY) || setresuid(NOBODY, NOBODY, NOBODY))
			_exit(99);
		for (i = 0; i <= n; i++) {
			r = create_raw(self->dev, self->names[first + i], mem);
			if (r != (i < n ? 0 : -EDQUOT)) {
				fprintf(stderr, "# uid %d: VM %d of %d: %s\n",
					NOBODY, i + 1, n + 1,
					r ? strerror(-r) : "created");
				_exit(i + 1);
			}
		}
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

TEST_F(limits, max_vms_per_user)
{
	struct counters c;
	int r;

	if (self->skip)
		SKIP(return, "%s", self->skip);
	ASSERT_EQ(0, set_param(P_VMS, 2));

	EXPECT_EQ(0, lcreate(self, 0, SMALL_MEM));
	EXPECT_EQ(0, lcreate(self, 1, SMALL_MEM));
	ASSERT_EQ(0, read_counters(&c));
	r = lcreate(self, 2, SMALL_MEM);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("third VM with max_vms_per_user=2: %s",
				     r ? strerror(-r) : "created");
	EXPECT_COUNTERS(&c, 0, 0, "after the refused third VM");
	EXPECT_EQ(-ENOENT, open_raw(self->dev, self->names[2]));

	/* Another user has a quota of its own. */
	r = other_user_quota(self, 3, 2, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("uid %d with max_vms_per_user=2: status %d "
			       "(n: its VM n went wrong, 99: setuid failed)",
			       NOBODY, r);

	/* Destroying one of ours makes room again. */
	EXPECT_EQ(0, destroy_raw(self->dev, self->names[0]));
	r = lcreate(self, 2, SMALL_MEM);
	EXPECT_EQ(0, r) TH_LOG("after a destroy: %s", strerror(-r));

	/* 0: no limit beyond DISCO_MAX_VMS. */
	ASSERT_EQ(0, set_param(P_VMS, 0));
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
	ASSERT_EQ(0, set_param(P_MEM, 3));

	for (i = 0; i < 3; i++) {
		r = lcreate(self, i, mib);
		EXPECT_EQ(0, r) TH_LOG("1 MiB VM %d of 3: %s", i + 1, strerror(-r));
	}
	ASSERT_EQ(0, read_counters(&c));
	r = lcreate(self, 3, mib);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("fourth 1 MiB VM with max_mem_mb_per_user=3: %s",
				     r ? strerror(-r) : "created");
	EXPECT_COUNTERS(&c, 0, 0, "after the refused fourth VM");
	EXPECT_EQ(-ENOENT, open_raw(self->dev, self->names[3]));

	/* With two 1 MiB VMs, a 2 MiB one would make 4 MiB: refused too. */
	EXPECT_EQ(0, destroy_raw(self->dev, self->names[0]));
	r = lcreate(self, 4, 2 * mib);
	EXPECT_EQ(-EDQUOT, r) TH_LOG("2 MiB VM next to 2 x 1 MiB: %s",
				     r ? strerror(-r) : "created");
	r = lcreate(self, 3, mib);
	EXPECT_EQ(0, r) TH_LOG("1 MiB VM after a destroy: %s", strerror(-r));

	/* Another user has a quota of its own. */
	r = other_user_quota(self, 5, 3, mib);
	EXPECT_EQ(0, r) TH_LOG("uid %d with max_mem_mb_per_user=3: status %d",
			       NOBODY, r);

	ASSERT_EQ(0, set_param(P_MEM, 0));
	r = lcreate(self, 9, 2 * mib);
	EXPECT_EQ(0, r) TH_LOG("max_mem_mb_per_user=0: %s", strerror(-r));
}

TEST_HARNESS_MAIN
