// SPDX-License-Identifier: GPL-2.0
/*
 * The NUMA ioctls of a VM descriptor: where its memory is, the daemon's
 * per-VM switch, and page moves on a VM manager's request.
 */
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "numa.h"
#include "../mmu/mmu.h"

static void count_pages(struct disco_vm *vm, struct disco_numa_info *info)
{
	unsigned long gfn;
	unsigned int n;
	int nid;

	down_read(&vm->pmap_sem);
	for (gfn = 0; gfn < vm->nr_pages; gfn++) {
		nid = page_to_nid(vm->pmap[gfn]);
		if (nid < DISCO_NUMA_MAX_NODES)
			info->pages[nid]++;
		for (n = 0; n < DISCO_NUMA_MAX_NODES; n++)
			if (disco_page_replica(vm, gfn, n))
				info->replicas[n]++;
		if (!(gfn & 1023))
			cond_resched();
	}
	up_read(&vm->pmap_sem);
}

static void vm_samples(struct disco_vm *vm, struct disco_numa_info *info)
{
	unsigned int i;

	/* Pairs with the release in vm_create_vcpu(). */
	for (i = 0; i < smp_load_acquire(&vm->nr_vcpus); i++) {
		info->samples += READ_ONCE(vm->vcpus[i]->stats.numa_samples);
		info->local_samples +=
			READ_ONCE(vm->vcpus[i]->stats.numa_local_samples);
	}
}

int disco_numa_get_info(struct disco_vm *vm, void __user *argp)
{
	struct disco_numa_info info;

	if (copy_from_user(&info, argp, sizeof(info)))
		return -EFAULT;
	if (info.flags || memchr_inv(info.reserved, 0, sizeof(info.reserved)))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.flags = READ_ONCE(vm->numa_policy) ? DISCO_NUMA_POLICY : 0;
	info.nr_nodes = min_t(unsigned int, nr_node_ids, DISCO_NUMA_MAX_NODES);
	info.mem_node = vm->mem_node;
	info.cpu_node = vm->cpu_node;
	count_pages(vm, &info);
	info.migrations = atomic64_read(&vm->migrations);
	info.replications = atomic64_read(&vm->replications);
	info.collapses = atomic64_read(&vm->collapses);
	info.move_failures = atomic64_read(&vm->move_failures);
	vm_samples(vm, &info);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

int disco_numa_set(struct disco_vm *vm, void __user *argp)
{
	struct disco_numa_set set;

	if (copy_from_user(&set, argp, sizeof(set)))
		return -EFAULT;
	if ((set.flags & ~DISCO_NUMA_POLICY) || set.pad ||
	    memchr_inv(set.reserved, 0, sizeof(set.reserved)))
		return -EINVAL;
	WRITE_ONCE(vm->numa_policy, !!(set.flags & DISCO_NUMA_POLICY));
	return 0;
}

int disco_numa_move_page(struct disco_vm *vm, void __user *argp)
{
	struct disco_page_move mv;
	unsigned long gfn;

	if (copy_from_user(&mv, argp, sizeof(mv)))
		return -EFAULT;
	if (memchr_inv(mv.reserved, 0, sizeof(mv.reserved)) ||
	    mv.gpa % DISCO_PAGE_SIZE || mv.gpa >= vm->mem_size)
		return -EINVAL;
	gfn = mv.gpa >> PAGE_SHIFT;
	switch (mv.op) {
	case DISCO_MOVE_MIGRATE:
	case DISCO_MOVE_REPLICATE:
		if (mv.node > INT_MAX || !disco_numa_node_ok(mv.node))
			return -ENODEV;
		if (mv.op == DISCO_MOVE_MIGRATE)
			return disco_page_migrate(vm, gfn, mv.node);
		return disco_page_replicate(vm, gfn, mv.node);
	case DISCO_MOVE_COLLAPSE:
		if (mv.node)
			return -EINVAL;
		disco_page_collapse(vm, gfn, NUMA_NO_NODE);
		return 0;
	}
	return -EINVAL;
}
