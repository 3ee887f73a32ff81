// SPDX-License-Identifier: GPL-2.0
/*
 * The pmap: one machine page for every guest-physical page.
 *
 * All of a VM's memory is allocated when the VM is created, so a VM never
 * finds itself short of memory later and "larger than free memory" fails
 * up front with nothing left behind.  Machine pages are reached through
 * the kernel's linear map (XKPHYS), never through the guest's mappings.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/cacheflush.h>

#include "mmu.h"
#include "../numa/numa.h"

/* A zeroed page on @node (NUMA_NO_NODE: the caller's), for guest RAM. */
struct page *disco_pmap_alloc_page(int node, bool strict)
{
	gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN;

	if (strict)
		gfp |= __GFP_THISNODE;
	return alloc_pages_node(node, gfp | __GFP_RETRY_MAYFAIL, 0);
}

int disco_pmap_alloc(struct disco_vm *vm)
{
	unsigned long i;

	/* Refuse at once what cannot fit, rather than push the host into OOM. */
	if (vm->nr_pages > si_mem_available())
		return -ENOMEM;

	vm->pmap = kvcalloc(vm->nr_pages, sizeof(*vm->pmap), GFP_KERNEL_ACCOUNT);
	if (!vm->pmap)
		return -ENOMEM;

	for (i = 0; i < vm->nr_pages; i++) {
		vm->pmap[i] = disco_pmap_alloc_page(vm->mem_node,
						    vm->mem_node != NUMA_NO_NODE);
		if (!vm->pmap[i]) {
			disco_pmap_free(vm);
			return -ENOMEM;
		}
		atomic_long_inc(&disco_guest_pages);
		cond_resched();
	}
	return 0;
}

void disco_pmap_free(struct disco_vm *vm)
{
	unsigned long i;

	if (!vm->pmap)
		return;
	disco_numa_free_replicas(vm);
	for (i = 0; i < vm->nr_pages && vm->pmap[i]; i++) {
		__free_page(vm->pmap[i]);
		atomic_long_dec(&disco_guest_pages);
	}
	kvfree(vm->pmap);
	vm->pmap = NULL;
}

bool disco_gpa_valid(const struct disco_vm *vm, u64 gpa, u64 len)
{
	return gpa < vm->mem_size && len <= vm->mem_size - gpa;
}

struct page *disco_pmap_page(const struct disco_vm *vm, u64 gpa)
{
	if (gpa >= vm->mem_size)
		return NULL;
	return vm->pmap[gpa >> PAGE_SHIFT];
}

/**
 * disco_pmap_map_page - the machine page a host mapping of @gpa should use.
 * @vm:		the VM; the caller holds pmap_sem for reading
 * @gpa:	guest-physical address
 * @node:	the node of the CPU that will use the mapping
 * @writable:	in: the guest's permission; out: cleared for a replicated
 *		page, whose copies are only ever mapped read-only
 *
 * Return: the local copy of a replicated page, else the page; NULL past
 * guest RAM.
 */
struct page *disco_pmap_map_page(const struct disco_vm *vm, u64 gpa, int node,
				 bool *writable)
{
	unsigned long gfn = gpa >> PAGE_SHIFT;
	struct page *copy;

	if (gpa >= vm->mem_size)
		return NULL;
	if (!disco_page_replicated(vm, gfn))
		return vm->pmap[gfn];
	*writable = false;
	copy = disco_page_replica(vm, gfn, node);
	return copy ?: vm->pmap[gfn];
}

/* Make the pages of [gpa, gpa + len) single before they are written. */
static void unshare_range(struct disco_vm *vm, u64 gpa, size_t len)
{
	unsigned long gfn, last = (gpa + len - 1) >> PAGE_SHIFT;

	lockdep_assert_held_write(&vm->pmap_sem);
	for (gfn = gpa >> PAGE_SHIFT; gfn <= last; gfn++)
		if (disco_page_replicated(vm, gfn))
			disco_page_collapse_locked(vm, gfn, NUMA_NO_NODE);
}

/* Walks [gpa, gpa + len) one machine page at a time; advances gpa. */
#define for_each_pmap_chunk(vm, gpa, len, kaddr, n)				\
	for (; (len) && ((n) = min_t(size_t, (len),				\
				     PAGE_SIZE - offset_in_page(gpa)),		\
		 (kaddr) = page_address(disco_pmap_page(vm, gpa)) +		\
			   offset_in_page(gpa), 1);				\
	     (gpa) += (n), (len) -= (n))

void disco_pmap_write(struct disco_vm *vm, u64 gpa, const void *src, size_t len)
{
	size_t n;
	void *kaddr;

	if (!len)
		return;
	down_write(&vm->pmap_sem);
	unshare_range(vm, gpa, len);
	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		memcpy(kaddr, src, n);
		src += n;
	}
	up_write(&vm->pmap_sem);
}

void disco_pmap_read(struct disco_vm *vm, u64 gpa, void *dst, size_t len)
{
	size_t n;
	void *kaddr;

	down_read(&vm->pmap_sem);
	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		memcpy(dst, kaddr, n);
		dst += n;
	}
	up_read(&vm->pmap_sem);
}

void disco_pmap_zero(struct disco_vm *vm, u64 gpa, size_t len)
{
	size_t n;
	void *kaddr;

	if (!len)
		return;
	down_write(&vm->pmap_sem);
	unshare_range(vm, gpa, len);
	for_each_pmap_chunk(vm, gpa, len, kaddr, n)
		memset(kaddr, 0, n);
	up_write(&vm->pmap_sem);
}

/* Copies may fault and sleep: the pmap stays locked throughout. */
int disco_pmap_copy_from_user(struct disco_vm *vm, u64 gpa,
			      const void __user *src, size_t len)
{
	int ret = 0;
	size_t n;
	void *kaddr;

	if (!len)
		return 0;
	down_write(&vm->pmap_sem);
	unshare_range(vm, gpa, len);
	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		if (copy_from_user(kaddr, src, n)) {
			ret = -EFAULT;
			break;
		}
		src += n;
		cond_resched();
	}
	up_write(&vm->pmap_sem);
	return ret;
}

int disco_pmap_copy_to_user(struct disco_vm *vm, u64 gpa,
			    void __user *dst, size_t len)
{
	int ret = 0;
	size_t n;
	void *kaddr;

	down_read(&vm->pmap_sem);
	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		if (copy_to_user(dst, kaddr, n)) {
			ret = -EFAULT;
			break;
		}
		dst += n;
		cond_resched();
	}
	up_read(&vm->pmap_sem);
	return ret;
}

/* Keep the I-cache coherent with one line of guest memory. */
void disco_pmap_flush_icache(struct disco_vm *vm, u64 gpa, size_t line)
{
	unsigned long kaddr;

	down_read(&vm->pmap_sem);
	kaddr = (unsigned long)page_address(disco_pmap_page(vm, gpa)) +
		(offset_in_page(gpa) & ~(line - 1));
	flush_icache_range(kaddr, kaddr + line);
	up_read(&vm->pmap_sem);
}

/**
 * disco_pmap_cmpxchg32 - replace one aligned guest word if it is unchanged.
 * @vm:		the VM
 * @gpa:	guest-physical address, 4-byte aligned
 * @old:	the value expected
 * @new:	the value to store
 *
 * For rewriting guest instructions: the I-cache is made coherent too.
 *
 * Return: whether @new was stored.
 */
bool disco_pmap_cmpxchg32(struct disco_vm *vm, u64 gpa, u32 old, u32 new)
{
	unsigned long kaddr;
	bool done;

	down_write(&vm->pmap_sem);
	unshare_range(vm, gpa, sizeof(u32));
	kaddr = (unsigned long)page_address(disco_pmap_page(vm, gpa)) +
		offset_in_page(gpa);
	done = cmpxchg((u32 *)kaddr, old, new) == old;
	if (done)
		flush_icache_range(kaddr, kaddr + sizeof(u32));
	up_write(&vm->pmap_sem);
	return done;
}
