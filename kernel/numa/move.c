// SPDX-License-Identifier: GPL-2.0
/*
 * Moving guest pages between nodes: migration, replication, collapse.
 *
 * Every move holds the VM's pmap_sem for writing, so no host TLB fill of
 * the VM runs meanwhile, and starts with a shootdown (mmu/memmap.c) that
 * leaves no CPU a way to reach the page through the guest.  Only then is
 * it copied: a guest write either happened before the shootdown (and is
 * copied) or faults and waits for the move to finish.  Old pages are
 * freed after the shootdown and under the lock, when nothing can use them.
 *
 * A replicated page has one primary copy (vm->pmap) and read-only copies
 * on other nodes (vm->replica); all are identical and mapped read-only, so
 * the first write collapses it back to the primary.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/vmalloc.h>
#include <asm/cacheflush.h>

#include "numa.h"
#include "policy_core.h"
#include "../mmu/mmu.h"
#include "../trace.h"

/* Is @node a node the VM's memory may live on? */
bool disco_numa_node_ok(int node)
{
	return node >= 0 && node < DISCO_NUMA_MAX_NODES && node < MAX_NUMNODES &&
	       node_online(node) && node_state(node, N_MEMORY);
}

static void copy_guest_page(struct page *to, struct page *from)
{
	void *dst = page_address(to);

	copy_page(dst, page_address(from));
	/* The guest may run code from it. */
	flush_icache_range((unsigned long)dst, (unsigned long)dst + PAGE_SIZE);
}

static struct page *alloc_on(struct disco_vm *vm, int node)
{
	struct page *page = alloc_pages_node(node, GFP_KERNEL_ACCOUNT |
					     __GFP_THISNODE | __GFP_NOWARN |
					     __GFP_NORETRY, 0);

	if (!page)
		atomic64_inc(&vm->move_failures);
	return page;
}

static u64 gpa_of(unsigned long gfn)
{
	return (u64)gfn << PAGE_SHIFT;
}

/* Tell the policy (policy_core.h) what happened to a page. */
static void note_migrated(struct disco_vm *vm, unsigned long gfn, int node)
{
	struct disco_numa_knobs k;

	disco_numa_get_knobs(&k);
	spin_lock(&vm->numa_lock);
	disco_numa_migrated(&k, &vm->numa_pages[gfn], node);
	spin_unlock(&vm->numa_lock);
}

static void note_replicated(struct disco_vm *vm, unsigned long gfn, int node)
{
	struct disco_numa_knobs k;

	disco_numa_get_knobs(&k);
	spin_lock(&vm->numa_lock);
	disco_numa_replicated(&k, &vm->numa_pages[gfn], 1U << node);
	spin_unlock(&vm->numa_lock);
}

/* Which copy survives a collapse: the policy's choice, if it is a copy. */
static int note_collapsed(struct disco_vm *vm, unsigned long gfn, int writer)
{
	struct disco_numa_page *pg = &vm->numa_pages[gfn];
	struct disco_numa_knobs k;
	int keep;

	disco_numa_get_knobs(&k);
	spin_lock(&vm->numa_lock);
	keep = disco_numa_collapse(&k, pg, writer < 0 ? DISCO_NUMA_MAX_NODES : writer);
	if (keep != page_to_nid(vm->pmap[gfn]) && !disco_page_replica(vm, gfn, keep))
		keep = page_to_nid(vm->pmap[gfn]);
	pg->home = keep;
	pg->copies = 1U << keep;
	spin_unlock(&vm->numa_lock);
	return keep;
}

/**
 * disco_page_migrate - move guest page @gfn's only copy to @node.
 * @vm:		the VM
 * @gfn:	guest page number, below vm->nr_pages
 * @node:	a node for which disco_numa_node_ok() holds
 *
 * The page moves to a fresh machine page even if it is on @node already
 * (a VM manager may want it elsewhere in the node, and tests use it to
 * exercise moves on one-node hosts).
 *
 * Return: 0, -EBUSY for a replicated page, -ENOMEM if @node has no free
 * page.
 */
int disco_page_migrate(struct disco_vm *vm, unsigned long gfn, int node)
{
	struct page *new, *old;
	int ret = 0;

	new = alloc_on(vm, node);
	if (!new)
		return -ENOMEM;
	down_write(&vm->pmap_sem);
	old = vm->pmap[gfn];
	if (disco_page_replicated(vm, gfn)) {
		ret = -EBUSY;
	} else {
		disco_memmap_shootdown(vm, gfn);
		copy_guest_page(new, old);
		vm->pmap[gfn] = new;
		new = old;
		atomic64_inc(&vm->migrations);
		note_migrated(vm, gfn, node);
		trace_disco_page_move(vm->name, gpa_of(gfn), DISCO_MOVE_MIGRATE,
				      page_to_nid(old), node);
	}
	up_write(&vm->pmap_sem);
	__free_page(new);
	return ret;
}

/* The replica table, made on the first replication (pmap_sem held). */
static int replica_table(struct disco_vm *vm)
{
	struct page **table;

	if (vm->replica)
		return 0;
	table = kvcalloc(vm->nr_pages * DISCO_NUMA_MAX_NODES, sizeof(*table),
			 GFP_KERNEL_ACCOUNT);
	if (!table)
		return -ENOMEM;
	WRITE_ONCE(vm->replica, table);
	return 0;
}

/**
 * disco_page_replicate - give guest page @gfn a read-only copy on @node.
 * @vm:		the VM
 * @gfn:	guest page number, below vm->nr_pages
 * @node:	a node for which disco_numa_node_ok() holds
 *
 * Return: 0 (also if @node holds a copy already), -ENOMEM.
 */
int disco_page_replicate(struct disco_vm *vm, unsigned long gfn, int node)
{
	struct page *new, **slot;
	int ret;

	new = alloc_on(vm, node);
	if (!new)
		return -ENOMEM;
	down_write(&vm->pmap_sem);
	ret = replica_table(vm);
	if (ret)
		goto out;
	slot = &vm->replica[gfn * DISCO_NUMA_MAX_NODES + node];
	if (*slot || page_to_nid(vm->pmap[gfn]) == node)
		goto out;
	/* The first copy: writable mappings of the primary must go first. */
	if (!disco_page_replicated(vm, gfn))
		disco_memmap_shootdown(vm, gfn);
	copy_guest_page(new, vm->pmap[gfn]);
	WRITE_ONCE(*slot, new);
	new = NULL;
	atomic_long_inc(&disco_guest_pages);
	atomic64_inc(&vm->replications);
	note_replicated(vm, gfn, node);
	trace_disco_page_move(vm->name, gpa_of(gfn), DISCO_MOVE_REPLICATE,
			      page_to_nid(vm->pmap[gfn]), node);
out:
	up_write(&vm->pmap_sem);
	if (new)
		__free_page(new);
	return ret;
}

static void free_copies(struct disco_vm *vm, unsigned long gfn)
{
	struct page **copies = &vm->replica[gfn * DISCO_NUMA_MAX_NODES];
	unsigned int n;

	for (n = 0; n < DISCO_NUMA_MAX_NODES; n++) {
		if (!copies[n])
			continue;
		__free_page(copies[n]);
		WRITE_ONCE(copies[n], NULL);
		atomic_long_dec(&disco_guest_pages);
	}
}

/**
 * disco_page_collapse_locked - make replicated page @gfn single again.
 * @vm:		the VM, pmap_sem held for writing
 * @gfn:	a replicated guest page
 * @writer:	node of the CPU about to write it, or NUMA_NO_NODE
 *
 * The copies are identical: the writer's own copy survives if it has one
 * (the policy decides, policy_core.h), the others go once no CPU can read
 * them any more.
 */
void disco_page_collapse_locked(struct disco_vm *vm, unsigned long gfn,
				int writer)
{
	struct page **copies = &vm->replica[gfn * DISCO_NUMA_MAX_NODES];
	int keep, home = page_to_nid(vm->pmap[gfn]);

	lockdep_assert_held_write(&vm->pmap_sem);
	disco_memmap_shootdown(vm, gfn);
	keep = note_collapsed(vm, gfn, writer);
	if (keep != home) {
		swap(vm->pmap[gfn], copies[keep]);
		copies[home] = copies[keep];
		copies[keep] = NULL;
	}
	free_copies(vm, gfn);
	atomic64_inc(&vm->collapses);
	trace_disco_page_move(vm->name, gpa_of(gfn), DISCO_MOVE_COLLAPSE, home,
			      keep);
}

/* Before a write to @gfn by a CPU of node @writer: make it single. */
void disco_page_collapse(struct disco_vm *vm, unsigned long gfn, int writer)
{
	down_write(&vm->pmap_sem);
	if (disco_page_replicated(vm, gfn))
		disco_page_collapse_locked(vm, gfn, writer);
	up_write(&vm->pmap_sem);
}

/* With the VM: no vCPU runs and no CPU maps it any more. */
void disco_numa_free_replicas(struct disco_vm *vm)
{
	unsigned long gfn;

	if (!vm->replica)
		return;
	for (gfn = 0; gfn < vm->nr_pages; gfn++)
		free_copies(vm, gfn);
	kvfree(vm->replica);
	vm->replica = NULL;
}
