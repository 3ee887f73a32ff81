// SPDX-License-Identifier: GPL-2.0
/*
 * ABI fuzzer for /dev/disco and VM descriptors.
 *
 * Seeded and reproducible: the seed comes from $DISCO_FUZZ_SEED (else the
 * time and pid) and is always printed; every failure prints it with the
 * call that failed.  Bounded: $DISCO_FUZZ_CALLS ioctls (default
 * FUZZ_DEFAULT_CALLS) and $DISCO_FUZZ_SECONDS of wall time (default
 * FUZZ_DEFAULT_SECONDS), whichever comes first.
 *
 * Every ioctl of the ABI is called on /dev/disco and on VM descriptors with
 * random, boundary and mutated-valid arguments: bit flips of valid
 * structures, NULL, small, unmapped, misaligned, read-only, partly mapped
 * and kernel pointers (kseg0, csseg, xkphys, xkseg, xsseg), sizes at and
 * around every limit, mutated ELF images, NUMA nodes with and without
 * memory, guest pages in and out of RAM; interleaved with creating,
 * destroying, opening and closing VMs, VM descriptors and /dev/disco
 * descriptors.  DISCO_VM_MOVE_PAGE really moves pages (on a one-node host
 * too: a migration to node 0 copies the page to a fresh one), often those
 * of the VM the racer runs, so the shootdown of a page's mappings runs
 * under a running vCPU.  DISCO_VM_RUN is always bounded: a per-call timer signal
 * ends it (EINTR) after RUN_SLICE_MS, and a "racer" thread that runs a VM
 * while the main loop keeps calling ioctls on it is ended the same way.
 *
 * Two checks per call:
 *  1. the documented-errno table (uapi/linux/disco.h): success, EFAULT,
 *     EINVAL, ENOTTY, EPERM, EINTR, or an errno that ioctl documents;
 *  2. an oracle that knows the fuzzer's own state (which VMs exist, their
 *     memory, vCPUs, placement and which pages may have copies) and the
 *     ABI's rules, so it also catches a call that succeeds when it must
 *     not, or fails with the wrong documented errno, and checks what
 *     GET_INFO, GET_STATS and GET_NUMA report against what it knows.
 * After a run long enough for it (FUZZ_COVERAGE_CALLS), every ioctl must
 * have succeeded at least once.
 * At the end every VM the fuzzer made is destroyed (and any it lost track
 * of, which is a failure too), and DISCO_LIST_VMS must count what it
 * counted before the run.
 *
 * Runtime, measured on the emulated Loongson-3A1000 under TCG
 * (tools/qemu-host/disco-host.sh test, 2-core x86 host): 100,000 calls took
 * 9.0 s on an idle machine and 14.9 s with a second QEMU sharing it;
 * 200,000 took 38.7 s under load.  So the default is 100,000, with a 40 s
 * wall-clock bound as a safety net (the run then logs how far it got).
 * With the NUMA ioctls and page moves under the racer: 100,000 calls in
 * 23.6 s with other engineers' QEMUs on the machine; at a load average of
 * 10 on its 2 cores the bound ends runs at 78,000 to 98,500 calls.
 *
 * The fuzzer's parts are in fuzz/ (fuzz/fuzz.h says which file holds
 * what); this file has the main loop, the fixture and the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fuzz/fuzz.h"

#define FUZZ_DEFAULT_CALLS	100000UL
#define FUZZ_DEFAULT_SECONDS	40
#define FUZZ_COVERAGE_CALLS	20000UL	/* enough for every ioctl to succeed */

static void noop_handler(int sig)
{
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* For the parts in fuzz/, which do not include the harness. */
void fz_log(struct fuzz *fz, const char *fmt, ...)
{
	struct __test_metadata *_metadata = fz->md;
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	TH_LOG("%s", line);
}

/* ---- the main loop ------------------------------------------------------- */

static void fuzz_one(struct fuzz *fz)
{
	unsigned int p = rndn(1000);
	int dev = fz_pick_dev(fz), i;

	/* While the racer runs a guest, move its pages now and then. */
	if (fz->racer_on && chance(8)) {
		i = fz_pick_vmfd_of(fz, fz->racer_slot);
		if (i >= 0) {
			fz_move_page(fz, i);
			return;
		}
	}
	if (p < 40) {
		fz_create(fz, dev);
	} else if (p < 75) {
		fz_ref(fz, dev, true);
	} else if (p < 95) {
		fz_ref(fz, dev, false);
	} else if (p < 115) {
		fz_list(fz, dev);
	} else if (p < 125) {
		struct expect x = { .ok = true };
		int r = fz_ioctl(fz, dev, DISCO_GET_API_VERSION,
				 fz_arg_ptr(fz, fz_pick_ptrkind(), 8));

		fz_check(fz, C_VERSION, r, &x, "");
		if (r >= 0 && r != DISCO_API_VERSION)
			fz_report(fz, C_VERSION, r, "state", "version %d", r);
	} else if (p < 135) {
		fz_unknown(fz, dev, true);
	} else if (p < 140) {
		/* Open and close /dev/disco descriptors. */
		i = 1 + rndn(MAX_DEVS - 1);
		if (fz->devs[i] >= 0) {
			close(fz->devs[i]);
			fz->devs[i] = -1;
		} else {
			fz->devs[i] = open(DISCO_DEV, O_RDWR | O_CLOEXEC);
		}
	} else if (p < 146) {
		i = fz_pick_vmfd(fz);
		if (i >= 0)
			fz_close_vmfd(fz, i);
	} else if (p < 149) {
		fz_prepare(fz, dev);
	} else {
		i = fz_pick_vmfd(fz);
		if (i < 0) {
			fz_ref(fz, dev, false);
			return;
		}
		p = rndn(1000);
		if (p < 50)
			fz_info(fz, i);
		else if (p < 130)
			fz_load_elf(fz, i);
		else if (p < 250)
			fz_raw(fz, i, true);
		else if (p < 370)
			fz_raw(fz, i, false);
		else if (p < 440)
			fz_create_vcpu(fz, i);
		else if (p < 525)
			fz_get_regs(fz, i, NULL);
		else if (p < 640)
			fz_set_regs(fz, i);
		else if (p < 730)
			fz_run(fz, i);
		else if (p < 735) {
			struct expect x = { .ok = true };
			int r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_STOP,
					 fz_arg_ptr(fz, fz_pick_ptrkind(), 8));

			fz_check(fz, C_STOP, r, &x, "");
		} else if (p < 815)
			fz_stats(fz, i);
		else if (p < 845)
			fz_get_numa(fz, i);
		else if (p < 860)
			fz_set_numa(fz, i);
		else if (p < 935)
			fz_move_page(fz, i);
		else if (p < 945)
			fz_add_disk(fz, i);
		else if (p < 955)
			fz_get_disk(fz, i);
		else if (p < 975)
			fz_unknown(fz, fz->vmfds[i].fd, false);
		else
			fz_read(fz, i);
	}
}

/* ---- setup, teardown, the test ------------------------------------------- */

static int count_vms(int dev)
{
	struct disco_vm_list l = { 0 };

	return ioctl(dev, DISCO_LIST_VMS, &l) < 0 ? -errno : (int)l.count;
}

/* Destroys every VM whose name has our prefix; returns how many. */
static int sweep(struct fuzz *fz)
{
	static struct disco_vm_info infos[DISCO_MAX_VMS];
	struct disco_vm_list l = { .capacity = DISCO_MAX_VMS,
				   .vms = (__u64)(unsigned long)infos };
	struct disco_vm_ref ref;
	unsigned int i;
	int n = 0;

	if (ioctl(fz->devs[0], DISCO_LIST_VMS, &l) < 0)
		return -errno;
	for (i = 0; i < l.count && i < DISCO_MAX_VMS; i++) {
		if (strncmp(infos[i].name, fz->prefix, strlen(fz->prefix)))
			continue;
		memset(&ref, 0, sizeof(ref));
		memcpy(ref.name, infos[i].name, DISCO_NAME_MAX);
		if (!ioctl(fz->devs[0], DISCO_DESTROY_VM, &ref))
			n++;
	}
	return n;
}

/*
 * The emulated host boots the same way every time: its clock starts at 0
 * and the test gets the same pid, so time and pid alone gave the same few
 * seeds run after run.  The kernel's random pool differs every boot.
 */
static __u64 fresh_seed(void)
{
	struct timespec ts;
	__u64 seed = 0;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seed ^= ((__u64)time(NULL) << 20) ^ getpid() ^ ((__u64)ts.tv_nsec << 32);
	return seed ? seed : 1;	/* 0 would mean "none given" */
}

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

FIXTURE(fuzz) {
	struct fuzz fz;
};

FIXTURE_SETUP(fuzz)
{
	struct fuzz *fz = &self->fz;
	struct sigaction sa = { .sa_handler = noop_handler };	/* no SA_RESTART */
	struct sigevent sev = { 0 };
	unsigned char *m;
	int i;

	memset(fz, 0, sizeof(*fz));
	fz->md = _metadata;
	for (i = 0; i < MAX_DEVS; i++)
		fz->devs[i] = -1;
	for (i = 0; i < MAX_VMFDS; i++)
		fz->vmfds[i].fd = -1;
	snprintf(fz->prefix, sizeof(fz->prefix), "fz%d-", (int)getpid());

	fz->devs[0] = disco_open_dev();
	ASSERT_LE(0, fz->devs[0]) TH_LOG("open %s: %s", DISCO_DEV, strerror(-fz->devs[0]));

	m = mmap(NULL, SCRATCH_SIZE + GUARD, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + SCRATCH_SIZE, GUARD, PROT_NONE));
	fz->scratch = m;
	m = mmap(NULL, IMG_AREA + GUARD, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + IMG_AREA, GUARD, PROT_NONE));
	fz->img_area = m;
	fz->ro_size = sysconf(_SC_PAGESIZE);
	m = mmap(NULL, fz->ro_size + GUARD, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + fz->ro_size, GUARD, PROT_NONE));
	fz->ro_page = m;
	/* Kept mapped PROT_NONE, so nothing else can ever land there. */
	m = mmap(NULL, 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	fz->unmapped = m;

	ASSERT_EQ(0, sigaction(SIGUSR2, &sa, NULL));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGUSR2;
	sev._sigev_un._tid = syscall(SYS_gettid);
	fz->have_timer = !timer_create(CLOCK_MONOTONIC, &sev, &fz->run_timer);
	ASSERT_TRUE(fz->have_timer) TH_LOG("timer_create: %s", strerror(errno));

	fz_load_images(fz);
	fz_numa_topology(fz);
	ASSERT_EQ(0, fz_disk_setup(fz)) TH_LOG("disk files in /tmp: %s", strerror(errno));
	fz->baseline = count_vms(fz->devs[0]);
	ASSERT_LE(0, fz->baseline);
}

FIXTURE_TEARDOWN(fuzz)
{
	struct fuzz *fz = &self->fz;
	int i;

	fz_racer_stop(fz);
	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd >= 0)
			fz_close_vmfd(fz, i);
	if (fz->devs[0] >= 0)
		sweep(fz);
	for (i = 0; i < MAX_DEVS; i++)
		if (fz->devs[i] >= 0)
			close(fz->devs[i]);
	if (fz->have_timer)
		timer_delete(fz->run_timer);
	fz_disk_teardown(fz);
}

TEST_F_TIMEOUT(fuzz, abi, 150)
{
	struct fuzz *fz = &self->fz;
	unsigned long seconds;
	struct disco_vm_ref ref;
	double start, took;
	int c, e, i, after, leaked;

	fz->seed = env_ul("DISCO_FUZZ_SEED", 0);
	if (!fz->seed)
		fz->seed = fresh_seed();
	fz->max_calls = env_ul("DISCO_FUZZ_CALLS", FUZZ_DEFAULT_CALLS);
	seconds = env_ul("DISCO_FUZZ_SECONDS", FUZZ_DEFAULT_SECONDS);
	fz_rng_state = fz->seed * 0x9e3779b97f4a7c15ULL + 1;
	fz->runs_left = RUN_BUDGET;
	fz->huge_left = HUGE_ALLOC_BUDGET;
	fz->huge_creates_left = HUGE_CREATE_BUDGET;
	TH_LOG("seed %llu (DISCO_FUZZ_SEED), %lu calls (DISCO_FUZZ_CALLS), at most %lu s, %d VMs before",
	       (unsigned long long)fz->seed, fz->max_calls, seconds, fz->baseline);

	start = now_s();
	fz->deadline = start + seconds;
	while (fz->calls < fz->max_calls) {
		if (!(fz->calls & 63) && now_s() > fz->deadline) {
			TH_LOG("time bound reached after %lu calls", fz->calls);
			break;
		}
		if (fz->racer_on && fz->calls >= fz->racer_until)
			fz_racer_stop(fz);
		else if (!fz->racer_on && !rndn(2000))
			fz_racer_start(fz);
		fuzz_one(fz);
	}
	fz_racer_stop(fz);
	took = now_s() - start;

	/* Clean up: every VM the fuzzer made, and nothing it lost track of. */
	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd >= 0)
			fz_close_vmfd(fz, i);
	for (i = 0; i < MAX_SLOTS; i++) {
		if (!fz->slots[i].live)
			continue;
		memset(&ref, 0, sizeof(ref));
		memcpy(ref.name, fz->slots[i].name, DISCO_NAME_MAX);
		e = ioctl(fz->devs[0], DISCO_DESTROY_VM, &ref) < 0 ? errno : 0;
		EXPECT_EQ(0, e) TH_LOG("destroying %s: %s (seed %llu)", ref.name,
				       strerror(e), (unsigned long long)fz->seed);
		fz->slots[i].live = false;
	}
	leaked = sweep(fz);
	EXPECT_EQ(0, leaked) TH_LOG("%d VM(s) existed that the fuzzer thought gone (seed %llu)",
				     leaked, (unsigned long long)fz->seed);
	after = count_vms(fz->devs[0]);
	EXPECT_EQ(fz->baseline, after) TH_LOG("DISCO_LIST_VMS counts %d VMs, %d before the run (seed %llu)",
					       after, fz->baseline, (unsigned long long)fz->seed);

	TH_LOG("%lu ioctls (+%lu by the racer) in %.1f s (%.0f/s), %d RUNs, seed %llu",
	       fz->calls, fz->racer_calls, took, fz->calls / (took > 0 ? took : 1),
	       RUN_BUDGET - fz->runs_left, (unsigned long long)fz->seed);
	TH_LOG("pages moved: %lu migrations, %lu replications, %lu collapses; %lu under a running vCPU",
	       fz->moves[DISCO_MOVE_MIGRATE], fz->moves[DISCO_MOVE_REPLICATE],
	       fz->moves[DISCO_MOVE_COLLAPSE], fz->moves_racing);
	for (c = 0; c < NR_CMDS; c++) {
		char line[256];
		int n;

		n = snprintf(line, sizeof(line), "%-16s ok %lu", fz_cmds[c].name, fz->ok[c]);
		for (e = 1; e < 140; e++)
			if (fz->errcount[c][e])
				n += snprintf(line + n, sizeof(line) - n, ", %s %lu",
					      strerrorname_np(e) ? strerrorname_np(e) : "?",
					      fz->errcount[c][e]);
		TH_LOG("  %s", line);
	}
	/* Every ioctl of the ABI was exercised, and worked at least once. */
	if (fz->calls >= FUZZ_COVERAGE_CALLS)
		for (c = 0; c < C_UNKNOWN; c++)
			EXPECT_LT(0, fz->ok[c]) TH_LOG("%s never succeeded in %lu calls (seed %llu)",
						       fz_cmds[c].name, fz->calls,
						       (unsigned long long)fz->seed);
	EXPECT_EQ(0, fz->nfail) TH_LOG("%lu failing call(s), %d distinct; seed %llu",
				       fz->nfail, fz->nfails_logged, (unsigned long long)fz->seed);
}

TEST_HARNESS_MAIN
