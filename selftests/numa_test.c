// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA: placement arguments, the NUMA ioctls, and page moves under
 * running vCPUs.  Moves must never lose a guest write and replicas must
 * never differ: vCPUs running the numa_writers guest write and check
 * their own words in every page while the host moves those pages, and the
 * host checks the final contents.  On a one-node host migrations still
 * move pages (to fresh pages on the same node); replication and the
 * daemon need two nodes with memory and are skipped, saying so, otherwise.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define PAGES		16		/* pages the writers use */
#define MOVES		1500		/* host moves per stress test */
#define REPLICATIONS	300		/* each collapsed again by a writer */
#define NR_WRITERS	2
#define MEM		(8ULL << 20)
#define DAEMON_PAGES	256		/* more than the host TLB reaches */
#define DAEMON_WAIT_S	120		/* bound on waiting for the daemon */

struct writer {
	struct disco_vm *vm;
	__u32 vcpu;
	struct disco_run run;
	pthread_t thread;
	int r;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;

	w->r = disco_vm_run(w->vm, w->vcpu, &w->run);
	return NULL;
}

/* Host nodes with memory, from the kernel's own list ("0-1"). */
static int nodes_with_memory(void)
{
	FILE *f = fopen("/sys/devices/system/node/has_memory", "r");
	int lo, hi, n = 1;

	if (!f)
		return 1;
	if (fscanf(f, "%d-%d", &lo, &hi) == 2)
		n = hi - lo + 1;
	fclose(f);
	return n;
}

/* A VM running numa_writers on @nr vCPUs over @pages pages. */
static int setup_writers(struct disco_vm *vm, int dev, unsigned int nr,
			 __u64 pages)
{
	struct disco_regs regs;
	unsigned int i;
	int r;

	r = disco_vm_create(vm, dev, "numa", MEM, nr);
	for (i = 0; !r && i < nr; i++) {
		r = disco_ioctl(vm->fd, DISCO_VM_CREATE_VCPU, NULL);
		r = r == (int)i ? 0 : (r < 0 ? r : -EPROTO);
	}
	if (!r)
		r = disco_vm_load_guest(vm, "numa_writers");
	for (i = 0; !r && i < nr; i++) {
		r = disco_vm_get_regs(vm, i, &regs);
		if (r)
			break;
		regs.pc = vm->entry;
		regs.gpr[4] = pages;
		regs.gpr[5] = i;
		/* Secondaries' stacks: 64 KiB each at the top of RAM. */
		regs.gpr[29] = DISCO_XSSEG_BASE + MEM - (__u64)i * 65536;
		r = disco_vm_set_regs(vm, &regs);
	}
	return r;
}

static int start_writers(struct writer *w, struct disco_vm *vm, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].vm = vm;
		w[i].vcpu = i;
		if (pthread_create(&w[i].thread, NULL, writer_fn, &w[i]))
			return -EAGAIN;
	}
	return 0;
}

static int move(struct disco_vm *vm, __u64 gpa, __u32 op, __u32 node)
{
	struct disco_page_move mv = { .gpa = gpa, .op = op, .node = node };

	return disco_ioctl(vm->fd, DISCO_VM_MOVE_PAGE, &mv);
}

static int numa_info(struct disco_vm *vm, struct disco_numa_info *info)
{
	memset(info, 0, sizeof(*info));
	return disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, info);
}

static int set_stop(struct disco_vm *vm)
{
	__u64 one = 1;
	struct disco_mem m = {
		.gpa = GUEST_RESULTS_GPA + offsetof(struct numa_results, stop),
		.size = sizeof(one), .data = (__u64)(unsigned long)&one,
	};

	return disco_ioctl(vm->fd, DISCO_VM_LOAD_RAW, &m);
}

/* Stops the writers, joins them; each must have exited 0 after a round. */
static void finish_writers(struct __test_metadata *_metadata, struct disco_vm *vm,
			   struct writer *w, unsigned int nr,
			   struct numa_results *res)
{
	unsigned int i;

	ASSERT_EQ(0, set_stop(vm));
	for (i = 0; i < nr; i++)
		pthread_join(w[i].thread, NULL);
	ASSERT_EQ(0, disco_vm_read(vm, GUEST_RESULTS_GPA, res, sizeof(*res)));
	for (i = 0; i < nr; i++) {
		EXPECT_EQ(0, w[i].r);
		EXPECT_EQ(DISCO_EXIT_GUEST, w[i].run.exit_reason);
		EXPECT_EQ(0, w[i].run.exit_code) {
			TH_LOG("vCPU %u: word %#llx is %#llx, want %#llx", i,
			       res->bad_gpa, res->bad_value, res->bad_expected);
		}
		EXPECT_LT(0, res->rounds[i]);
	}
}

/* Every writer's words hold its last round: no write was lost. */
static void check_contents(struct __test_metadata *_metadata,
			   struct disco_vm *vm, unsigned int nr, __u64 pages,
			   const struct numa_results *res)
{
	__u64 buf[DISCO_PAGE_SIZE / 8], p, k, bad = 0;
	unsigned int v;

	for (p = 0; p < pages; p++) {
		ASSERT_EQ(0, disco_vm_read(vm, NUMA_REGION_GPA + p * DISCO_PAGE_SIZE,
					   buf, sizeof(buf)));
		for (v = 0; v < nr; v++)
			for (k = 0; k < NUMA_WORDS; k++)
				if (buf[v * NUMA_WORDS + k] !=
				    numa_word(res->rounds[v], v, p, k))
					bad++;
	}
	EXPECT_EQ(0, bad);
}

FIXTURE(numa) {
	int dev;
	struct disco_vm vm;
};

FIXTURE_SETUP(numa)
{
	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev);
}

FIXTURE_TEARDOWN(numa)
{
	disco_vm_destroy(&self->vm);
	close(self->dev);
}

TEST_F(numa, placement_arguments)
{
	struct disco_numa_info info;
	struct disco_vm *vm = &self->vm;
	int nodes = nodes_with_memory();

	vm->mem_node = 1;		/* without DISCO_VM_MEMBIND */
	EXPECT_EQ(-EINVAL, disco_vm_create(vm, self->dev, "numa", MEM, 1));
	vm->flags = DISCO_VM_CPUBIND;
	vm->cpu_node = DISCO_NUMA_MAX_NODES;
	EXPECT_EQ(-ENODEV, disco_vm_create(vm, self->dev, "numa", MEM, 1));
	vm->flags = DISCO_VM_MEMBIND;
	vm->mem_node = 0x80000000;
	EXPECT_EQ(-ENODEV, disco_vm_create(vm, self->dev, "numa", MEM, 1));
	vm->flags = DISCO_VM_MEMBIND;
	vm->mem_node = nodes;		/* one past the last node with memory */
	EXPECT_EQ(-ENODEV, disco_vm_create(vm, self->dev, "numa", MEM, 1));

	vm->flags = DISCO_VM_MEMBIND | DISCO_VM_CPUBIND;
	vm->mem_node = nodes - 1;
	vm->cpu_node = 0;
	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", MEM, 1));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(nodes - 1, info.mem_node);
	EXPECT_EQ(0, info.cpu_node);
	EXPECT_EQ(DISCO_NUMA_POLICY, info.flags);
	EXPECT_EQ(MEM / DISCO_PAGE_SIZE, info.pages[nodes - 1]);
	EXPECT_EQ(0, info.replicas[0]);
}

TEST_F(numa, ioctl_arguments)
{
	struct disco_vm *vm = &self->vm;
	struct disco_numa_info info;
	struct disco_numa_set set = { 0 };
	struct disco_page_move mv = { .op = DISCO_MOVE_MIGRATE };

	/* On node 0, wherever this thread runs: the replicate below is a no-op. */
	vm->flags = DISCO_VM_NO_NUMA | DISCO_VM_MEMBIND;
	vm->mem_node = 0;
	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", MEM, 1));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.flags);		/* created with DISCO_VM_NO_NUMA */

	info.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info));
	set.flags = 2;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	set.flags = DISCO_NUMA_POLICY;
	set.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	set.reserved[1] = 0;
	EXPECT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(DISCO_NUMA_POLICY, info.flags);

	EXPECT_EQ(-EINVAL, move(vm, 8, DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, MEM, DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, 0, 0, 0));
	EXPECT_EQ(-EINVAL, move(vm, 0, 4, 0));
	EXPECT_EQ(-EINVAL, move(vm, 0, DISCO_MOVE_COLLAPSE, 1));
	EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_MIGRATE, DISCO_NUMA_MAX_NODES));
	EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_REPLICATE, 0xffffffff));
	mv.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_MOVE_PAGE, &mv));
	EXPECT_EQ(0, move(vm, 0, DISCO_MOVE_COLLAPSE, 0));	/* single: no-op */
	/* A copy on the page's own node is no copy: nothing to do. */
	EXPECT_EQ(0, move(vm, 0, DISCO_MOVE_REPLICATE, 0));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.replications);
}

#define SMALL_MEM	(4 * DISCO_PAGE_SIZE)

/* disco_vm_create() with placement arguments (it clears them after use). */
static int create_placed(struct disco_vm *vm, int dev, __u32 flags,
			 __u32 mem_node, __u32 cpu_node)
{
	vm->flags = flags;
	vm->mem_node = mem_node;
	vm->cpu_node = cpu_node;
	return disco_vm_create(vm, dev, "numa", SMALL_MEM, 1);
}

static int load(struct disco_vm *vm, __u64 gpa, const void *buf, __u64 size)
{
	struct disco_mem m = { .gpa = gpa, .size = size,
			       .data = (__u64)(unsigned long)buf };

	return disco_ioctl(vm->fd, DISCO_VM_LOAD_RAW, &m);
}

/* Placement fields one at a time, and the flags the VM reports. */
TEST_F(numa, create_fields)
{
	const __u32 MEMB = DISCO_VM_MEMBIND, CPUB = DISCO_VM_CPUBIND;
	struct disco_vm *vm = &self->vm;
	struct disco_numa_info info;
	struct disco_vm_info vi;
	int dev = self->dev;

	/* A node field without its flag, whatever the other one says. */
	EXPECT_EQ(-EINVAL, create_placed(vm, dev, 0, 0, 1));
	EXPECT_EQ(-EINVAL, create_placed(vm, dev, 0, 0, 0x80000000));
	EXPECT_EQ(-EINVAL, create_placed(vm, dev, MEMB, 0, 1));
	EXPECT_EQ(-EINVAL, create_placed(vm, dev, CPUB, 1, 0));
	EXPECT_EQ(-EINVAL, create_placed(vm, dev, DISCO_VM_NO_NUMA, 2, 0));
	/* A node that is not there, for either field. */
	EXPECT_EQ(-ENODEV, create_placed(vm, dev, CPUB, 0, 0xffffffff));
	EXPECT_EQ(-ENODEV, create_placed(vm, dev, CPUB, 0, 0x80000000));
	EXPECT_EQ(-ENODEV, create_placed(vm, dev, MEMB, DISCO_NUMA_MAX_NODES, 0));
	EXPECT_EQ(-ENODEV, create_placed(vm, dev, MEMB, 0xffffffff, 0));
	EXPECT_EQ(-ENODEV, create_placed(vm, dev, MEMB | CPUB, 0, DISCO_NUMA_MAX_NODES));

	/* Every flag at once, on node 0: reported as given. */
	ASSERT_EQ(0, create_placed(vm, dev, DISCO_VM_FLAGS, 0, 0));
	ASSERT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_GET_INFO, &vi));
	EXPECT_EQ(DISCO_VM_FLAGS, vi.flags);
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.flags);		/* DISCO_VM_NO_NUMA */
	EXPECT_EQ(0, info.mem_node);
	EXPECT_EQ(0, info.cpu_node);
	EXPECT_EQ(SMALL_MEM / DISCO_PAGE_SIZE, info.pages[0]);
}

/* DISCO_VM_GET_NUMA: in-fields, out-fields, and nothing written on failure. */
TEST_F(numa, get_numa_fields)
{
	struct disco_vm *vm = &self->vm;
	struct disco_numa_info info, before;
	__u64 sum = 0;
	unsigned int i;
	void *ro;

	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", SMALL_MEM, 1));
	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++) {
		memset(&info, 0, sizeof(info));
		info.reserved[i] = 1;
		EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info))
			TH_LOG("reserved[%u]", i);
	}
	memset(&info, 0, sizeof(info));
	info.flags = DISCO_NUMA_POLICY;		/* an out flag only */
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info));
	info.flags = 0x80000000;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info));

	/* A refused call leaves the out-fields alone. */
	memset(&info, 0xa5, sizeof(info));
	before = info;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info));
	EXPECT_EQ(0, memcmp(&before, &info, sizeof(info)));

	/* Out-only fields may hold anything going in. */
	memset(&info, 0xa5, sizeof(info));
	info.flags = 0;
	memset(info.reserved, 0, sizeof(info.reserved));
	ASSERT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, &info));
	EXPECT_EQ(DISCO_NUMA_POLICY, info.flags);	/* the default */
	EXPECT_LE(1, info.nr_nodes);
	EXPECT_GE(DISCO_NUMA_MAX_NODES, info.nr_nodes);
	EXPECT_EQ(-1, info.mem_node);		/* not bound */
	EXPECT_EQ(-1, info.cpu_node);
	for (i = 0; i < DISCO_NUMA_MAX_NODES; i++) {
		sum += info.pages[i];
		EXPECT_EQ(0, info.replicas[i]) TH_LOG("node %u", i);
		if (i >= info.nr_nodes)
			EXPECT_EQ(0, info.pages[i]) TH_LOG("node %u", i);
	}
	EXPECT_EQ(SMALL_MEM / DISCO_PAGE_SIZE, sum);
	EXPECT_EQ(0, info.migrations);
	EXPECT_EQ(0, info.replications);
	EXPECT_EQ(0, info.collapses);
	EXPECT_EQ(0, info.samples);
	EXPECT_EQ(0, info.move_failures);
	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		EXPECT_EQ(0, info.reserved[i]);

	/* The result cannot be written back: EFAULT. */
	EXPECT_EQ(-EFAULT, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, NULL));
	ro = mmap(NULL, 16384, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, disco_ioctl(vm->fd, DISCO_VM_GET_NUMA, ro));
	munmap(ro, 16384);
}

/* DISCO_VM_SET_NUMA: each field, and a refused call changes nothing. */
TEST_F(numa, set_numa_fields)
{
	struct disco_vm *vm = &self->vm;
	struct disco_numa_set set = { .flags = 0 };
	struct disco_numa_info info;

	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", SMALL_MEM, 1));
	set.pad = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	set.pad = 0;
	set.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	set.reserved[0] = 0;
	set.flags = 0x80000000;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	set.flags = DISCO_NUMA_POLICY | 2;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	EXPECT_EQ(-EFAULT, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, NULL));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(DISCO_NUMA_POLICY, info.flags);	/* none of those took */

	set.flags = 0;
	EXPECT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.flags);
	set.flags = DISCO_NUMA_POLICY;
	set.pad = 1;			/* refused: the policy stays off */
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.flags);
}

/* DISCO_VM_MOVE_PAGE: each field at its limits; a move keeps the data. */
TEST_F(numa, move_page_fields)
{
	struct disco_vm *vm = &self->vm;
	struct disco_page_move mv = { .op = DISCO_MOVE_MIGRATE };
	struct disco_numa_info info;
	int nodes = nodes_with_memory();
	__u64 buf[64], back[64];
	unsigned int i;

	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", SMALL_MEM, 1));
	mv.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(vm->fd, DISCO_VM_MOVE_PAGE, &mv));
	/* gpa: DISCO_PAGE_SIZE aligned (not just 4 KiB), inside RAM. */
	EXPECT_EQ(-EINVAL, move(vm, 4096, DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, DISCO_PAGE_SIZE / 2, DISCO_MOVE_REPLICATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, DISCO_PAGE_SIZE + 8, DISCO_MOVE_COLLAPSE, 0));
	EXPECT_EQ(-EINVAL, move(vm, SMALL_MEM + DISCO_PAGE_SIZE, DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, ~(DISCO_PAGE_SIZE - 1), DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(-EINVAL, move(vm, 1ULL << 63, DISCO_MOVE_COLLAPSE, 0));
	/* op */
	EXPECT_EQ(-EINVAL, move(vm, 0, 0xffffffff, 0));
	EXPECT_EQ(-EINVAL, move(vm, 0, DISCO_MOVE_MIGRATE | 0x100, 0));
	/* node: COLLAPSE takes 0 only (EINVAL, not ENODEV); the others a node with memory */
	EXPECT_EQ(-EINVAL, move(vm, 0, DISCO_MOVE_COLLAPSE, 0xffffffff));
	EXPECT_EQ(-EINVAL, move(vm, 0, DISCO_MOVE_COLLAPSE, DISCO_NUMA_MAX_NODES));
	EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_MIGRATE, 0x80000000));
	EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_REPLICATE, 0x7fffffff));
	if (nodes < DISCO_NUMA_MAX_NODES) {
		EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_MIGRATE, nodes));
		EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_REPLICATE, nodes));
	}
	EXPECT_EQ(-EFAULT, disco_ioctl(vm->fd, DISCO_VM_MOVE_PAGE, NULL));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.migrations);		/* nothing refused moved */

	/* The last page moves; its contents come along. */
	for (i = 0; i < 64; i++)
		buf[i] = 0x5a5a000000000000ULL | i;
	ASSERT_EQ(0, load(vm, SMALL_MEM - sizeof(buf), buf, sizeof(buf)));
	EXPECT_EQ(0, move(vm, SMALL_MEM - DISCO_PAGE_SIZE, DISCO_MOVE_MIGRATE, nodes - 1));
	EXPECT_EQ(0, move(vm, SMALL_MEM - DISCO_PAGE_SIZE, DISCO_MOVE_MIGRATE, 0));
	ASSERT_EQ(0, disco_vm_read(vm, SMALL_MEM - sizeof(back), back, sizeof(back)));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(2, info.migrations);
	EXPECT_EQ(SMALL_MEM / DISCO_PAGE_SIZE, info.pages[0] + info.pages[1] +
		  info.pages[2] + info.pages[3]);
	EXPECT_LE(1, info.pages[0]);
}

/* A destroyed VM's descriptor still serves the NUMA ioctls. */
TEST_F(numa, destroyed_vm)
{
	struct disco_vm *vm = &self->vm;
	struct disco_numa_set set = { .flags = 0 };
	struct disco_vm_ref ref = { 0 };
	struct disco_numa_info info;

	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", SMALL_MEM, 1));
	memcpy(ref.name, vm->name, sizeof(ref.name));
	ASSERT_EQ(0, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	vm->created = false;
	EXPECT_EQ(0, move(vm, 0, DISCO_MOVE_MIGRATE, 0));
	EXPECT_EQ(0, move(vm, 0, DISCO_MOVE_COLLAPSE, 0));
	EXPECT_EQ(-ENODEV, move(vm, 0, DISCO_MOVE_MIGRATE, DISCO_NUMA_MAX_NODES));
	EXPECT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.flags);
	EXPECT_EQ(1, info.migrations);
	EXPECT_EQ(SMALL_MEM / DISCO_PAGE_SIZE, info.pages[0] + info.pages[1] +
		  info.pages[2] + info.pages[3]);
}

TEST_F_TIMEOUT(numa, migrate_under_writes, 300)
{
	struct disco_vm *vm = &self->vm;
	struct writer w[NR_WRITERS];
	struct numa_results res;
	struct disco_numa_info info;
	int nodes = nodes_with_memory(), failed = 0;
	unsigned int i;

	vm->flags = DISCO_VM_NO_NUMA;	/* only the host's moves */
	ASSERT_EQ(0, setup_writers(vm, self->dev, NR_WRITERS, PAGES));
	ASSERT_EQ(0, start_writers(w, vm, NR_WRITERS));
	for (i = 0; i < MOVES; i++)
		if (move(vm, NUMA_REGION_GPA + (i % PAGES) * DISCO_PAGE_SIZE,
			 DISCO_MOVE_MIGRATE, (i / PAGES) % nodes))
			failed++;
	finish_writers(_metadata, vm, w, NR_WRITERS, &res);
	EXPECT_EQ(0, failed);
	check_contents(_metadata, vm, NR_WRITERS, PAGES, &res);
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(MOVES, info.migrations);
	TH_LOG("%d migrations over %d node(s) under %llu + %llu writer rounds",
	       MOVES, nodes, res.rounds[0], res.rounds[1]);
}

/* Every collapse is an IPI to every CPU: slow on an emulated 8-CPU host. */
TEST_F_TIMEOUT(numa, replicate_collapse_under_writes, 600)
{
	struct disco_vm *vm = &self->vm;
	struct writer w[NR_WRITERS];
	struct numa_results res;
	struct disco_numa_info info;
	unsigned int i, failed = 0;

	if (nodes_with_memory() < 2)
		SKIP(return, "the host has one node with memory: nothing to replicate to");
	/*
	 * Memory and writers on node 0: a collapse keeps the writer's copy,
	 * so writers on node 1 would bring pages home there and make the
	 * replications to node 1 below no-ops.
	 */
	vm->flags = DISCO_VM_MEMBIND | DISCO_VM_CPUBIND | DISCO_VM_NO_NUMA;
	vm->mem_node = 0;
	vm->cpu_node = 0;
	ASSERT_EQ(0, setup_writers(vm, self->dev, NR_WRITERS, PAGES));
	ASSERT_EQ(0, start_writers(w, vm, NR_WRITERS));
	/* Each write collapses what was just replicated: both paths race. */
	for (i = 0; i < REPLICATIONS; i++)
		if (move(vm, NUMA_REGION_GPA + (i % PAGES) * DISCO_PAGE_SIZE,
			 DISCO_MOVE_REPLICATE, 1))
			failed++;
	finish_writers(_metadata, vm, w, NR_WRITERS, &res);
	EXPECT_EQ(0, failed);
	check_contents(_metadata, vm, NR_WRITERS, PAGES, &res);
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_LT(0, info.replications);
	EXPECT_LT(0, info.collapses);
	TH_LOG("%llu replications, %llu collapses", info.replications,
	       info.collapses);

	/* Read-only now: copies stay, and collapse on request. */
	for (i = 0; i < PAGES; i++)
		ASSERT_EQ(0, move(vm, NUMA_REGION_GPA + i * DISCO_PAGE_SIZE,
				  DISCO_MOVE_REPLICATE, 1));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(PAGES, info.replicas[1]);
	EXPECT_EQ(-EBUSY, move(vm, NUMA_REGION_GPA, DISCO_MOVE_MIGRATE, 1));
	for (i = 0; i < PAGES; i++)
		ASSERT_EQ(0, move(vm, NUMA_REGION_GPA + i * DISCO_PAGE_SIZE,
				  DISCO_MOVE_COLLAPSE, 0));
	ASSERT_EQ(0, numa_info(vm, &info));
	EXPECT_EQ(0, info.replicas[1]);
	check_contents(_metadata, vm, NR_WRITERS, PAGES, &res);
}

/*
 * The daemon: a vCPU on node 1 hammering pages that live on node 0 gets
 * them moved to node 1 (or, with the policy off, nothing moves).
 */
static void remote_hammer(struct __test_metadata *_metadata, int dev,
			  struct disco_vm *vm, bool policy,
			  struct disco_numa_info *info)
{
	struct disco_numa_set set = { .flags = policy ? DISCO_NUMA_POLICY : 0 };
	time_t end = time(NULL) + DAEMON_WAIT_S;
	struct numa_results res;
	struct writer w;

	vm->flags = DISCO_VM_MEMBIND | DISCO_VM_CPUBIND;
	vm->mem_node = 0;
	vm->cpu_node = 1;
	ASSERT_EQ(0, setup_writers(vm, dev, 1, DAEMON_PAGES));
	ASSERT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_SET_NUMA, &set));
	ASSERT_EQ(0, start_writers(&w, vm, 1));
	/* On: until half the pages moved.  Off: long enough for many periods. */
	if (!policy)
		end = time(NULL) + 10;
	do {
		sleep(1);
		ASSERT_EQ(0, numa_info(vm, info));
	} while (time(NULL) < end && (!policy || info->pages[1] < DAEMON_PAGES / 2));
	finish_writers(_metadata, vm, &w, 1, &res);
	check_contents(_metadata, vm, 1, DAEMON_PAGES, &res);
	ASSERT_EQ(0, numa_info(vm, info));
	TH_LOG("policy %s: %llu samples (%llu local), %llu migrations, pages on node 0/1: %llu/%llu",
	       policy ? "on" : "off", info->samples, info->local_samples,
	       info->migrations, info->pages[0], info->pages[1]);
}

TEST_F_TIMEOUT(numa, daemon_migrates_remote_pages, 300)
{
	struct disco_numa_info info;

	if (nodes_with_memory() < 2)
		SKIP(return, "the host has one node with memory: no remote pages");
	remote_hammer(_metadata, self->dev, &self->vm, true, &info);
	EXPECT_LT(0, info.samples);
	EXPECT_LE(DAEMON_PAGES / 2, info.pages[1]);
	EXPECT_LE(DAEMON_PAGES / 2, info.migrations);
}

TEST_F_TIMEOUT(numa, policy_off_moves_nothing, 300)
{
	struct disco_numa_info info;

	if (nodes_with_memory() < 2)
		SKIP(return, "the host has one node with memory: nothing could move");
	remote_hammer(_metadata, self->dev, &self->vm, false, &info);
	EXPECT_LT(0, info.samples);		/* still measured */
	EXPECT_EQ(0, info.local_samples);	/* all remote, and staying so */
	EXPECT_EQ(0, info.migrations);
	EXPECT_EQ(0, info.replications);
	EXPECT_EQ(MEM / DISCO_PAGE_SIZE, info.pages[0]);
}

/*
 * A page reached under two guest ASIDs through the direct window, moved
 * while both contexts map it: stores after the move must reach the page.
 */
TEST_F(numa, migrate_window_two_asids)
{
	struct disco_vm *vm = &self->vm;
	struct disco_regs regs;
	struct writer w;
	__u64 res[2], one = 1, got[4];
	int i;

	ASSERT_EQ(0, disco_vm_create(vm, self->dev, "numa", 2ULL << 20, 1));
	ASSERT_EQ(0, disco_ioctl(vm->fd, DISCO_VM_CREATE_VCPU, NULL));
	ASSERT_EQ(0, disco_vm_load_guest(vm, "numa_asid"));
	ASSERT_EQ(0, disco_vm_get_regs(vm, 0, &regs));
	regs.pc = vm->entry;
	regs.gpr[4] = NUMA_REGION_GPA;
	ASSERT_EQ(0, disco_vm_set_regs(vm, &regs));
	ASSERT_EQ(0, start_writers(&w, vm, 1));
	for (i = 0; i < 2000; i++) {
		ASSERT_EQ(0, disco_vm_read(vm, GUEST_RESULTS_GPA, res, sizeof(res)));
		if (res[0])
			break;
		usleep(10000);
	}
	EXPECT_EQ(1, res[0]);
	EXPECT_EQ(0, move(vm, NUMA_REGION_GPA, DISCO_MOVE_MIGRATE, 0));
	ASSERT_EQ(0, load(vm, GUEST_RESULTS_GPA + 8, &one, sizeof(one)));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(0, w.r);
	EXPECT_EQ(DISCO_EXIT_GUEST, w.run.exit_reason);
	ASSERT_EQ(0, disco_vm_read(vm, NUMA_REGION_GPA, got, sizeof(got)));
	EXPECT_EQ(0x1111, got[0]);
	EXPECT_EQ(0x2222, got[1]);
	EXPECT_EQ(0x5555, got[2]);	/* the store under ASID 2 */
	EXPECT_EQ(0x6666, got[3]);
}

/* Destroying the VM while moves run: the moves finish, nothing leaks. */
static void *mover_fn(void *arg)
{
	struct disco_vm *vm = arg;
	unsigned int i;

	for (i = 0; i < MOVES; i++)
		move(vm, NUMA_REGION_GPA + (i % PAGES) * DISCO_PAGE_SIZE,
		     DISCO_MOVE_MIGRATE, 0);
	return NULL;
}

TEST_F(numa, destroy_while_moving)
{
	struct disco_vm *vm = &self->vm;
	struct writer w[NR_WRITERS];
	struct disco_vm_ref ref = { 0 };
	pthread_t mover;
	unsigned int i;

	ASSERT_EQ(0, setup_writers(vm, self->dev, NR_WRITERS, PAGES));
	ASSERT_EQ(0, start_writers(w, vm, NR_WRITERS));
	ASSERT_EQ(0, pthread_create(&mover, NULL, mover_fn, vm));
	usleep(200 * 1000);
	memcpy(ref.name, vm->name, sizeof(ref.name));
	ASSERT_EQ(0, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	vm->created = false;
	for (i = 0; i < NR_WRITERS; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(DISCO_EXIT_STOPPED, w[i].run.exit_reason);
	}
	pthread_join(mover, NULL);
}

TEST_HARNESS_MAIN
