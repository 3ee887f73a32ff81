// SPDX-License-Identifier: GPL-2.0
/*
 * Ioctls on a VM descriptor (uapi/linux/disco.h, "VM file descriptor
 * ioctls").  Each copies its argument in, validates every field, acts, and
 * copies results out only on success.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "disco.h"
#include "mmu/mmu.h"
#include "numa/numa.h"
#include "vcpu/vcpu.h"
#include "vio/vio.h"

static struct disco_vcpu *get_vcpu(struct disco_vm *vm, u32 id)
{
	struct disco_vcpu *vcpu = NULL;

	mutex_lock(&vm->lock);
	if (id < vm->nr_vcpus)
		vcpu = vm->vcpus[id];
	mutex_unlock(&vm->lock);
	return vcpu;
}

static int vm_create_vcpu(struct disco_vm *vm)
{
	struct disco_vcpu *vcpu;
	int id;

	mutex_lock(&vm->lock);
	id = vm->nr_vcpus;
	if (READ_ONCE(vm->destroyed)) {
		id = -ENODEV;
	} else if (id >= vm->max_vcpus) {
		id = -ENOSPC;
	} else {
		vcpu = disco_vcpu_create(vm, id);
		if (vcpu) {
			vm->vcpus[id] = vcpu;
			/* Readers index vcpus[] without the lock. */
			smp_store_release(&vm->nr_vcpus, id + 1);
		} else {
			id = -ENOMEM;
		}
	}
	mutex_unlock(&vm->lock);
	return id;
}

static int vm_regs(struct disco_vm *vm, void __user *argp, bool set)
{
	struct disco_vcpu *vcpu;
	struct disco_regs *regs;
	int ret = 0;

	regs = kmalloc(sizeof(*regs), GFP_KERNEL);
	if (!regs)
		return -ENOMEM;
	if (copy_from_user(regs, argp, sizeof(*regs))) {
		ret = -EFAULT;
		goto out;
	}
	vcpu = get_vcpu(vm, regs->vcpu);
	if (!vcpu) {
		ret = -ENOENT;
		goto out;
	}
	if (!set && (regs->flags ||
		     memchr_inv(regs->reserved, 0, sizeof(regs->reserved)) ||
		     memchr_inv(regs->cp0.reserved, 0, sizeof(regs->cp0.reserved)))) {
		ret = -EINVAL;
		goto out;
	}
	if (!mutex_trylock(&vcpu->run_lock)) {
		ret = -EBUSY;
		goto out;
	}
	if (set) {
		ret = disco_vcpu_set_regs(vcpu, regs);
	} else {
		disco_vcpu_get_regs(vcpu, regs);
		if (copy_to_user(argp, regs, sizeof(*regs)))
			ret = -EFAULT;
	}
	mutex_unlock(&vcpu->run_lock);
out:
	kfree(regs);
	return ret;
}

static int vm_run(struct disco_vm *vm, void __user *argp)
{
	struct disco_vcpu *vcpu;
	struct disco_run run;
	int i, ret;

	if (copy_from_user(&run, argp, sizeof(run)))
		return -EFAULT;
	if (run.flags)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(run.reserved); i++)
		if (run.reserved[i])
			return -EINVAL;
	vcpu = get_vcpu(vm, run.vcpu);
	if (!vcpu)
		return -ENOENT;
	if (READ_ONCE(vm->destroyed))
		return -ENODEV;
	ret = disco_vcpu_run(vcpu, &run);
	if (!ret && copy_to_user(argp, &run, sizeof(run)))
		ret = -EFAULT;
	return ret;
}

static void add_stats(struct disco_stats *out, const struct disco_vcpu *vcpu)
{
	const struct disco_vcpu_stats *s = &vcpu->stats;
	int i;

	out->l2tlb_hits += READ_ONCE(vcpu->arch.l2tlb_hits);
	out->exits += s->exits;
	for (i = 0; i < 32; i++)
		out->exits_by_cause[i] += s->exits_by_cause[i];
	for (i = 0; i < DISCO_EMUL_NR; i++)
		out->emulated[i] += s->emulated[i];
	out->monitor_calls += s->monitor_calls;
	out->guest_exceptions += s->guest_exceptions;
	out->guest_interrupts += s->guest_interrupts;
	out->tlb_fills += s->tlb_fills;
	out->guest_tlb_refills += s->guest_tlb_refills;
	out->asid_flushes += s->asid_flushes;
	out->waits += s->waits;
	out->run_ns += s->run_ns;
	out->l2tlb_misses += s->l2tlb_misses;
	out->asid_rollovers += s->asid_rollovers;
	out->fpu_loads += s->fpu_loads;
	out->rewrites += s->rewrites;
	out->numa_samples += s->numa_samples;
}

static int vm_stats(struct disco_vm *vm, void __user *argp)
{
	struct disco_stats *st;
	struct disco_vcpu *vcpu;
	unsigned int i;
	int ret = 0;
	u32 id;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (copy_from_user(st, argp, sizeof(*st))) {
		ret = -EFAULT;
		goto out;
	}
	if (st->flags || memchr_inv(st->reserved, 0, sizeof(st->reserved))) {
		ret = -EINVAL;
		goto out;
	}
	id = st->vcpu;
	memset(st, 0, sizeof(*st));
	st->vcpu = id;
	if (id == DISCO_STATS_VM) {
		/* Pairs with the release in vm_create_vcpu(). */
		for (i = 0; i < smp_load_acquire(&vm->nr_vcpus); i++)
			add_stats(st, vm->vcpus[i]);
	} else {
		vcpu = get_vcpu(vm, id);
		if (!vcpu) {
			ret = -ENOENT;
			goto out;
		}
		add_stats(st, vcpu);
	}
	if (copy_to_user(argp, st, sizeof(*st)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

static int vm_mem(struct disco_vm *vm, void __user *argp, bool load)
{
	struct disco_mem mem;
	int ret;

	if (copy_from_user(&mem, argp, sizeof(mem)))
		return -EFAULT;
	ret = disco_check_mem_range(vm, &mem);
	if (ret)
		return ret;
	if (load)
		return disco_pmap_copy_from_user(vm, mem.gpa,
						 u64_to_user_ptr(mem.data), mem.size);
	return disco_pmap_copy_to_user(vm, mem.gpa, u64_to_user_ptr(mem.data),
				       mem.size);
}

static int vm_load_elf(struct disco_vm *vm, void __user *argp)
{
	struct disco_load_elf args;
	int ret;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	mutex_lock(&vm->lock);
	ret = disco_load_elf(vm, &args);
	mutex_unlock(&vm->lock);
	if (!ret && copy_to_user(argp, &args, sizeof(args)))
		ret = -EFAULT;
	return ret;
}

static int vm_info(struct disco_vm *vm, void __user *argp)
{
	struct disco_vm_info info;

	disco_vm_fill_info(vm, &info);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

long disco_vm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct disco_vm *vm = file->private_data;
	void __user *argp = (void __user *)arg;

	if (!disco_may_access(vm))
		return -EPERM;

	switch (cmd) {
	case DISCO_VM_GET_INFO:
		return vm_info(vm, argp);
	case DISCO_VM_LOAD_ELF:
		return vm_load_elf(vm, argp);
	case DISCO_VM_LOAD_RAW:
		return vm_mem(vm, argp, true);
	case DISCO_VM_READ_RAW:
		return vm_mem(vm, argp, false);
	case DISCO_VM_CREATE_VCPU:
		return vm_create_vcpu(vm);
	case DISCO_VM_GET_REGS:
		return vm_regs(vm, argp, false);
	case DISCO_VM_SET_REGS:
		return vm_regs(vm, argp, true);
	case DISCO_VM_RUN:
		return vm_run(vm, argp);
	case DISCO_VM_STOP:
		disco_vm_stop(vm);
		return 0;
	case DISCO_VM_GET_STATS:
		return vm_stats(vm, argp);
	case DISCO_VM_GET_NUMA:
		return disco_numa_get_info(vm, argp);
	case DISCO_VM_SET_NUMA:
		return disco_numa_set(vm, argp);
	case DISCO_VM_MOVE_PAGE:
		return disco_numa_move_page(vm, argp);
	case DISCO_VM_ADD_DISK:
		return disco_vio_add_disk(vm, argp);
	case DISCO_VM_GET_DISK:
		return disco_vio_get_disk(vm, argp);
	}
	return -ENOTTY;
}
