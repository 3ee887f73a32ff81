// SPDX-License-Identifier: GPL-2.0
/*
 * lifetime_test: VMs by name through the raw ioctls, DISCO_LIST_VMS, and
 * one create / load / run / destroy cycle.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifetime.h"

int lt_create_raw(int dev, const char *name, __u64 mem)
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

int lt_open_raw(int dev, const char *name)
{
	return ref_ioctl(dev, DISCO_OPEN_VM, name);
}

int lt_destroy_raw(int dev, const char *name)
{
	return ref_ioctl(dev, DISCO_DESTROY_VM, name);
}

/*
 * DISCO_LIST_VMS into a malloc()ed array (*@out, free() it); returns the
 * count or -errno.
 */
int lt_list_vms(int dev, struct disco_vm_info **out)
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
int lt_listed_state(int dev, const char *name)
{
	struct disco_vm_info *v;
	int n, i, st = -ENOENT;

	n = lt_list_vms(dev, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (!strncmp(v[i].name, name, DISCO_NAME_MAX))
			st = v[i].state;
	free(v);
	return st;
}

/* VMs whose name starts with @prefix. */
int lt_count_prefixed(int dev, const char *prefix, bool destroy)
{
	struct disco_vm_info *v;
	int n, i, k = 0;

	n = lt_list_vms(dev, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (strncmp(v[i].name, prefix, strlen(prefix)))
			continue;
		k++;
		if (destroy)
			lt_destroy_raw(dev, v[i].name);
	}
	free(v);
	return k;
}

__u32 lt_fd_state(int vmfd)
{
	struct disco_vm_info info = {};

	if (disco_ioctl(vmfd, DISCO_VM_GET_INFO, &info) < 0)
		return ~0U;
	return info.state;
}

/* One cycle on @vm; 0, or a negative step number with *@err = errno. */
int lt_one_cycle(int dev, struct disco_vm *vm, const void *image,
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

const char * const lt_cycle_steps[8] = {
	"", "CREATE_VM/OPEN_VM", "CREATE_VCPU", "LOAD_ELF", "GET_REGS",
	"SET_REGS", "RUN", "DESTROY_VM",
};
