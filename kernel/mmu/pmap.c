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

#include "mmu.h"

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
		vm->pmap[i] = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO |
					 __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
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

	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		memcpy(kaddr, src, n);
		src += n;
	}
}

void disco_pmap_read(struct disco_vm *vm, u64 gpa, void *dst, size_t len)
{
	size_t n;
	void *kaddr;

	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		memcpy(dst, kaddr, n);
		dst += n;
	}
}

void disco_pmap_zero(struct disco_vm *vm, u64 gpa, size_t len)
{
	size_t n;
	void *kaddr;

	for_each_pmap_chunk(vm, gpa, len, kaddr, n)
		memset(kaddr, 0, n);
}

int disco_pmap_copy_from_user(struct disco_vm *vm, u64 gpa,
			      const void __user *src, size_t len)
{
	size_t n;
	void *kaddr;

	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		if (copy_from_user(kaddr, src, n))
			return -EFAULT;
		src += n;
		cond_resched();
	}
	return 0;
}

int disco_pmap_copy_to_user(struct disco_vm *vm, u64 gpa,
			    void __user *dst, size_t len)
{
	size_t n;
	void *kaddr;

	for_each_pmap_chunk(vm, gpa, len, kaddr, n) {
		if (copy_to_user(dst, kaddr, n))
			return -EFAULT;
		dst += n;
		cond_resched();
	}
	return 0;
}
