// SPDX-License-Identifier: GPL-2.0
/*
 * numabench - Disco's NUMA experiment (§5.5, Fig. 8) on a two-node host.
 *
 * Two workloads (bench/guest/numa_work.c), each run three ways in one
 * invocation, on a VM whose memory sits on node 0:
 *
 *   off    the daemon leaves the VM alone (DISCO_VM_SET_NUMA 0)
 *   on     the daemon migrates and replicates (its defaults)
 *   ideal  static best placement: memory on the vCPUs' node
 *          (engineering), the scene replicated on both nodes beforehand
 *          (raytrace); the daemon off
 *
 * engineering: two vCPUs on node 1 each read and write their own half of
 * the region; raytrace: one vCPU per node reads all of it.  Reported per
 * run: wall time, the local fraction of sampled TLB misses (the host
 * measures it, DISCO_VM_GET_NUMA), the memory stall that fraction models
 * at 300 ns local / 900 ns remote (Disco's FLASH; QEMU itself charges
 * nothing for a remote access, so wall time shows only the mechanism's
 * cost), and the moves made.  Lines "### numabench WL PLACEMENT ..." are
 * for scripts.
 *
 * The daemon's period is set for the run (-p, default 200 ms) and put
 * back after: the module's default (10 ms, tuned on bench/numasim for real
 * hardware) sees too few samples per page on a host emulated a thousand
 * times slower.
 *
 * usage: numabench [-g GUEST_DIR] [-r ROUNDS] [-p PERIOD_MS]
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "disco_util.h"

#define GUESTS_DEFAULT	"/disco/bench/guests"
#define MEM		(16ULL << 20)
#define REGION_GPA	0x100000ULL
#define PAGES		512		/* 8 MiB: far beyond the host TLB's reach */
#define NR_VCPUS	2
#define ROUNDS_DEFAULT	300
#define PERIOD_DEFAULT	200
#define PERIOD_KNOB	"/sys/module/disco/parameters/numa_period_ms"
#define LOCAL_NS	300
#define REMOTE_NS	900

enum placement { OFF, ON, IDEAL, NR_PLACEMENTS };
static const char *const placement_names[] = { "off", "on", "ideal" };

struct workload {
	const char *name;
	unsigned int mode;		/* numa_work.c */
	int vcpu_node[NR_VCPUS];	/* where each vCPU runs */
};

static const struct workload workloads[] = {
	{ "engineering", 0, { 1, 1 } },
	{ "raytrace", 1, { 0, 1 } },
};

struct result {
	double secs;
	struct disco_numa_info numa;
};

struct vcpu_thread {
	struct disco_vm *vm;
	unsigned int id;
	int node;
	pthread_t thread;
	struct disco_run run;
	int r;
};

/* The CPUs of @node, from the kernel's cpulist ("4-7"). */
static int node_cpus(int node, cpu_set_t *set)
{
	char path[96];
	unsigned int lo, hi, c;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/cpulist", node);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fscanf(f, "%u-%u", &lo, &hi);
	fclose(f);
	if (n < 1)
		return -EINVAL;
	if (n == 1)
		hi = lo;
	CPU_ZERO(set);
	for (c = lo; c <= hi; c++)
		CPU_SET(c, set);
	return 0;
}

static void *vcpu_fn(void *arg)
{
	struct vcpu_thread *t = arg;
	cpu_set_t set;

	t->r = node_cpus(t->node, &set);
	if (!t->r && sched_setaffinity(0, sizeof(set), &set))
		t->r = -errno;
	if (!t->r)
		t->r = disco_vm_run(t->vm, t->id, &t->run);
	return NULL;
}

static int setup(struct disco_vm *vm, int dev, const struct workload *wl,
		 enum placement p, unsigned long rounds)
{
	struct disco_numa_set set = { .flags = p == ON ? DISCO_NUMA_POLICY : 0 };
	struct disco_regs regs;
	unsigned int i;
	int r;

	vm->flags = DISCO_VM_MEMBIND;
	vm->mem_node = p == IDEAL && wl->mode == 0 ? 1 : 0;
	r = disco_vm_create(vm, dev, "numabench", MEM, NR_VCPUS);
	for (i = 0; !r && i < NR_VCPUS; i++)
		r = disco_ioctl(vm->fd, DISCO_VM_CREATE_VCPU, NULL) == (int)i ? 0 : -EPROTO;
	if (!r)
		r = disco_vm_load_guest(vm, "numa_work");
	for (i = 0; !r && i < NR_VCPUS; i++) {
		r = disco_vm_get_regs(vm, i, &regs);
		if (r)
			break;
		regs.pc = vm->entry;
		regs.gpr[4] = PAGES | wl->mode << 16 | NR_VCPUS << 20 |
			      (__u64)rounds << 32;
		regs.gpr[5] = i;
		regs.gpr[29] = DISCO_XSSEG_BASE + MEM - (__u64)i * 65536;
		r = disco_vm_set_regs(vm, &regs);
	}
	if (!r)
		r = disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set);
	/* Ideal for read-shared data: a copy on every node from the start. */
	for (i = 0; !r && p == IDEAL && wl->mode == 1 && i < PAGES; i++) {
		struct disco_page_move mv = {
			.gpa = REGION_GPA + (__u64)i * DISCO_PAGE_SIZE,
			.op = DISCO_MOVE_REPLICATE, .node = 1,
		};

		r = disco_ioctl(vm->fd, DISCO_VM_MOVE_PAGE, &mv);
	}
	return r;
}

static int run(int dev, const struct workload *wl, enum placement p,
	       unsigned long rounds, struct result *res)
{
	struct vcpu_thread t[NR_VCPUS];
	struct timespec a, b;
	struct disco_vm vm;
	unsigned int i;
	int r;

	disco_vm_init(&vm);
	r = setup(&vm, dev, wl, p, rounds);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; !r && i < NR_VCPUS; i++) {
		t[i] = (struct vcpu_thread){ .vm = &vm, .id = i, .node = wl->vcpu_node[i] };
		r = -pthread_create(&t[i].thread, NULL, vcpu_fn, &t[i]);
		if (r)
			break;
	}
	while (i--) {
		pthread_join(t[i].thread, NULL);
		if (!r && (t[i].r || t[i].run.exit_reason != DISCO_EXIT_GUEST ||
			   t[i].run.exit_code))
			r = t[i].r ?: -EIO;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	res->secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	if (!r) {
		memset(&res->numa, 0, sizeof(res->numa));
		r = disco_ioctl(vm.fd, DISCO_VM_GET_NUMA, &res->numa);
	}
	disco_vm_destroy(&vm);
	return r;
}

/* Memory stall per sampled miss, at Disco's latencies. */
static double stall(const struct disco_numa_info *n)
{
	if (!n->samples)
		return 0;
	return (n->local_samples * LOCAL_NS +
		(n->samples - n->local_samples) * REMOTE_NS) / (double)n->samples;
}

static void report(const struct workload *wl, const struct result *res)
{
	unsigned int p;

	for (p = 0; p < NR_PLACEMENTS; p++) {
		const struct disco_numa_info *n = &res[p].numa;
		double local = n->samples ? 100.0 * n->local_samples / n->samples : 0;

		printf("%-12s | %-5s | %7.2f | %7.0f | %6.1f | %8.0f | %5llu | %5llu | %5llu | %7llu\n",
		       wl->name, placement_names[p], res[p].secs,
		       100 * res[p].secs / res[OFF].secs, local,
		       stall(&res[OFF].numa) ? 100 * stall(n) / stall(&res[OFF].numa) : 0,
		       n->migrations, n->replications, n->collapses, n->samples);
		printf("### numabench %s %s secs=%.3f local=%.1f stall=%.1f migrations=%llu replications=%llu collapses=%llu samples=%llu\n",
		       wl->name, placement_names[p], res[p].secs, local, stall(n),
		       n->migrations, n->replications, n->collapses, n->samples);
	}
}

/* Read (@set NULL) or write the daemon's period; 0 or -errno. */
static int period_knob(unsigned long *get, const unsigned long *set)
{
	FILE *f = fopen(PERIOD_KNOB, set ? "w" : "r");
	int r = 0;

	if (!f)
		return -errno;
	if (set)
		r = fprintf(f, "%lu\n", *set) < 0 ? -EIO : 0;
	else if (fscanf(f, "%lu", get) != 1)
		r = -EIO;
	if (fclose(f) && !r)
		r = -errno;
	return r;
}

int main(int argc, char **argv)
{
	unsigned long rounds = ROUNDS_DEFAULT, period = PERIOD_DEFAULT, old_period;
	struct result res[NR_PLACEMENTS];
	cpu_set_t probe;
	unsigned int w, p;
	int opt, dev, r;

	setenv("DISCO_GUESTS", GUESTS_DEFAULT, 1);	/* -g overrides */
	while ((opt = getopt(argc, argv, "g:r:p:")) != -1) {
		switch (opt) {
		case 'g':
			setenv("DISCO_GUESTS", optarg, 1);
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			period = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: numabench [-g GUEST_DIR] [-r ROUNDS] [-p PERIOD_MS]\n");
			return 2;
		}
	}
	if (node_cpus(1, &probe)) {
		printf("numabench: skipped: the host has no node 1 (needs two NUMA nodes)\n");
		return 0;
	}
	dev = disco_open_dev();
	if (dev < 0) {
		fprintf(stderr, "numabench: /dev/disco: %s\n", strerror(-dev));
		return 1;
	}
	r = period_knob(&old_period, NULL);
	if (!r)
		r = period_knob(NULL, &period);
	if (r) {
		fprintf(stderr, "numabench: %s: %s\n", PERIOD_KNOB, strerror(-r));
		return 1;
	}
	printf("numabench: %lu rounds, daemon period %lu ms (module default %lu)\n",
	       rounds, period, old_period);
	printf("workload     | place | secs    | time%%   | local%% | stall%%   | migr  | repl  | coll  | samples\n");
	printf("-------------+-------+---------+---------+--------+----------+-------+-------+-------+--------\n");
	for (w = 0; w < sizeof(workloads) / sizeof(workloads[0]); w++) {
		for (p = 0; p < NR_PLACEMENTS; p++) {
			r = run(dev, &workloads[w], p, rounds, &res[p]);
			if (r) {
				fprintf(stderr, "numabench: %s %s: %s\n", workloads[w].name,
					placement_names[p], strerror(-r));
				period_knob(NULL, &old_period);
				return 1;
			}
		}
		report(&workloads[w], res);
	}
	period_knob(NULL, &old_period);
	close(dev);
	return 0;
}
