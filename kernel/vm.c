// SPDX-License-Identifier: GPL-2.0
/*
 * VM lifetime.
 *
 * A VM is created by name and lives until DISCO_DESTROY_VM, whoever holds
 * descriptors to it: the registry holds one reference, each VM descriptor
 * another, and the memory goes with the last.  Each VM also pins the
 * module, so disco.ko cannot be unloaded while any VM exists.
 */
#include <linux/anon_inodes.h>
#include <linux/ctype.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "disco.h"
#include "mmu/mmu.h"
#include "numa/numa.h"
#include "vcpu/vcpu.h"
#include "vio/vio.h"

static LIST_HEAD(disco_vms);
static DEFINE_MUTEX(disco_vms_lock);
static unsigned int disco_nr_vms;

/* Per-user limits, for hosts shared between users (0: none). */
static unsigned int max_vms_per_user;
module_param(max_vms_per_user, uint, 0644);
MODULE_PARM_DESC(max_vms_per_user,
		 "VMs one user may have at once (0: only the host-wide limit)");
static unsigned int max_mem_mb_per_user;
module_param(max_mem_mb_per_user, uint, 0644);
MODULE_PARM_DESC(max_mem_mb_per_user,
		 "Guest RAM one user's VMs may have in all, in MiB (0: no limit)");

/* The module's own counters, for leak checks: VMs not yet freed, their pages. */
static atomic_t disco_vms_alive = ATOMIC_INIT(0);
atomic_long_t disco_guest_pages = ATOMIC_LONG_INIT(0);

static int get_vms(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&disco_vms_alive));
}

static int get_guest_pages(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&disco_guest_pages));
}

static const struct kernel_param_ops vms_ops = { .get = get_vms };
static const struct kernel_param_ops guest_pages_ops = { .get = get_guest_pages };
module_param_cb(vms, &vms_ops, NULL, 0444);
MODULE_PARM_DESC(vms, "VMs whose memory is still allocated (read-only)");
module_param_cb(guest_pages, &guest_pages_ops, NULL, 0444);
MODULE_PARM_DESC(guest_pages, "Guest RAM pages allocated (read-only)");

/* 1..31 characters from [A-Za-z0-9._-], NUL-terminated within the field. */
int disco_vm_check_name(const char *name)
{
	size_t len = strnlen(name, DISCO_NAME_MAX);
	size_t i;

	if (len == 0 || len == DISCO_NAME_MAX)
		return -EINVAL;
	/* ASCII only: the kernel's isalnum() also takes Latin-1 letters. */
	for (i = 0; i < len; i++)
		if (!isascii(name[i]) || (!isalnum(name[i]) && !strchr("._-", name[i])))
			return -EINVAL;
	return 0;
}

/* DISCO_VM_MEMBIND / DISCO_VM_CPUBIND: a node that exists and fits. */
static int check_nodes(const struct disco_vm_create *args)
{
	bool mem = args->flags & DISCO_VM_MEMBIND, cpu = args->flags & DISCO_VM_CPUBIND;

	if ((!mem && args->mem_node) || (!cpu && args->cpu_node))
		return -EINVAL;
	if (mem && (args->mem_node > INT_MAX || !disco_numa_node_ok(args->mem_node)))
		return -ENODEV;
	if (cpu && (args->cpu_node >= DISCO_NUMA_MAX_NODES ||
		    args->cpu_node >= MAX_NUMNODES || !node_online(args->cpu_node) ||
		    !node_state(args->cpu_node, N_CPU)))
		return -ENODEV;
	return 0;
}

static int check_create(const struct disco_vm_create *args)
{
	int i;

	if ((args->flags & ~DISCO_VM_FLAGS) || disco_vm_check_name(args->name))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(args->reserved); i++)
		if (args->reserved[i])
			return -EINVAL;
	if (args->mem_size < DISCO_MEM_MIN || args->mem_size > DISCO_MEM_MAX ||
	    args->mem_size % DISCO_PAGE_SIZE)
		return -EINVAL;
	if (args->max_vcpus < 1 || args->max_vcpus > DISCO_MAX_VCPUS)
		return -EINVAL;
	return check_nodes(args);
}

static void disco_vm_free(struct disco_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		disco_vcpu_free(vm->vcpus[i]);
	disco_pmap_free(vm);
	disco_memmap_free(vm);
	disco_numa_vm_free(vm);
	disco_vio_free(vm);
	disco_console_free(&vm->console);
	kfree(vm);
}

static void disco_vm_release(struct kref *kref)
{
	disco_vm_free(container_of(kref, struct disco_vm, kref));
	atomic_dec(&disco_vms_alive);
	module_put(THIS_MODULE);
}

void disco_vm_put(struct disco_vm *vm)
{
	kref_put(&vm->kref, disco_vm_release);
}

/**
 * disco_vm_alloc - a VM with its memory, not yet registered.
 * @args: validated creation arguments
 *
 * Return: the VM with one reference, or an ERR_PTR.
 */
struct disco_vm *disco_vm_alloc(const struct disco_vm_create *args)
{
	struct disco_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	kref_init(&vm->kref);
	INIT_LIST_HEAD(&vm->node);
	strscpy(vm->name, args->name, sizeof(vm->name));
	vm->owner = current_uid();
	vm->mem_size = args->mem_size;
	vm->nr_pages = args->mem_size >> PAGE_SHIFT;
	vm->max_vcpus = args->max_vcpus;
	vm->flags = args->flags;
	mutex_init(&vm->lock);
	atomic_set(&vm->running, 0);
	init_rwsem(&vm->pmap_sem);
	spin_lock_init(&vm->memmap_lock);
	spin_lock_init(&vm->numa_lock);
	cpumask_clear(&vm->ran_on);
	vm->mem_node = args->flags & DISCO_VM_MEMBIND ? args->mem_node : NUMA_NO_NODE;
	vm->cpu_node = args->flags & DISCO_VM_CPUBIND ? args->cpu_node : NUMA_NO_NODE;

	ret = disco_console_init(&vm->console);
	/* The pmap first: it refuses an impossible size before any big allocation. */
	if (!ret)
		ret = disco_vio_init(vm);
	if (!ret)
		ret = disco_pmap_alloc(vm);
	if (!ret)
		ret = disco_memmap_alloc(vm);
	if (!ret)
		ret = disco_numa_vm_init(vm);
	if (ret) {
		disco_vm_free(vm);
		return ERR_PTR(ret);
	}
	__module_get(THIS_MODULE);
	atomic_inc(&disco_vms_alive);
	return vm;
}

static struct disco_vm *find_vm(const char *name)
{
	struct disco_vm *vm;

	list_for_each_entry(vm, &disco_vms, node)
		if (!strncmp(vm->name, name, DISCO_NAME_MAX))
			return vm;
	return NULL;
}

/* The caller's VMs and their memory, against the per-user limits. */
static int check_user_limits(const struct disco_vm_create *args)
{
	kuid_t uid = current_uid();
	unsigned int n = 0;
	u64 mem = args->mem_size;
	struct disco_vm *vm;

	lockdep_assert_held(&disco_vms_lock);
	list_for_each_entry(vm, &disco_vms, node) {
		if (!uid_eq(vm->owner, uid))
			continue;
		n++;
		mem += vm->mem_size;
	}
	if (max_vms_per_user && n >= max_vms_per_user)
		return -EDQUOT;
	if (max_mem_mb_per_user && mem > (u64)max_mem_mb_per_user << 20)
		return -EDQUOT;
	return 0;
}

/* Under disco_vms_lock: may a VM with these arguments be added now? */
static int check_room(const struct disco_vm_create *args)
{
	if (find_vm(args->name))
		return -EEXIST;
	if (disco_nr_vms >= DISCO_MAX_VMS)
		return -ENOSPC;
	return check_user_limits(args);
}

int disco_vm_create(const struct disco_vm_create *args)
{
	struct disco_vm *vm;
	int ret;

	ret = check_create(args);
	if (ret)
		return ret;
	/* Cheap checks first, so a refused create never allocates. */
	mutex_lock(&disco_vms_lock);
	ret = check_room(args);
	mutex_unlock(&disco_vms_lock);
	if (ret)
		return ret;

	vm = disco_vm_alloc(args);
	if (IS_ERR(vm))
		return PTR_ERR(vm);

	mutex_lock(&disco_vms_lock);
	ret = check_room(args);
	if (!ret) {
		list_add_tail(&vm->node, &disco_vms);
		disco_nr_vms++;
	}
	mutex_unlock(&disco_vms_lock);
	if (ret)
		disco_vm_put(vm);
	return ret;
}

/* Look a VM up by name for the caller; takes a reference. */
static struct disco_vm *get_vm(const char *name, int *err)
{
	struct disco_vm *vm;

	*err = disco_vm_check_name(name);
	if (*err)
		return NULL;
	mutex_lock(&disco_vms_lock);
	vm = find_vm(name);
	if (!vm)
		*err = -ENOENT;
	else if (!disco_may_access(vm))
		*err = -EPERM;
	else
		kref_get(&vm->kref);
	mutex_unlock(&disco_vms_lock);
	return *err ? NULL : vm;
}

int disco_vm_open(const char *name)
{
	struct disco_vm *vm;
	int err, fd;

	vm = get_vm(name, &err);
	if (!vm)
		return err;
	fd = anon_inode_getfd("disco-vm", &disco_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		disco_vm_put(vm);
	return fd;
}

/**
 * disco_vm_for_each - call @fn for every registered VM, without the lock.
 * @fn:		called with a reference held, may sleep
 * @arg:	passed to @fn
 *
 * A VM destroyed meanwhile is still visited; its memory stays until the
 * reference taken here goes.
 */
void disco_vm_for_each(void (*fn)(struct disco_vm *vm, void *arg), void *arg)
{
	struct disco_vm *vms[DISCO_MAX_VMS], *vm;
	unsigned int i, n = 0;

	mutex_lock(&disco_vms_lock);
	list_for_each_entry(vm, &disco_vms, node) {
		kref_get(&vm->kref);
		vms[n++] = vm;
	}
	mutex_unlock(&disco_vms_lock);
	for (i = 0; i < n; i++) {
		fn(vms[i], arg);
		disco_vm_put(vms[i]);
	}
}

void disco_vm_stop(struct disco_vm *vm)
{
	unsigned int i, n;

	WRITE_ONCE(vm->stopped, true);
	mutex_lock(&vm->lock);
	n = vm->nr_vcpus;
	for (i = 0; i < n; i++)
		disco_vcpu_kick(vm->vcpus[i]);
	mutex_unlock(&vm->lock);
	disco_console_wake(&vm->console);
}

int disco_vm_destroy(const char *name)
{
	struct disco_vm *vm;
	int err;

	vm = get_vm(name, &err);
	if (!vm)
		return err;
	mutex_lock(&disco_vms_lock);
	if (!list_empty(&vm->node)) {
		list_del_init(&vm->node);
		disco_nr_vms--;
	} else {
		err = -ENOENT;		/* lost a race with another destroy */
	}
	mutex_unlock(&disco_vms_lock);
	if (!err) {
		WRITE_ONCE(vm->destroyed, true);
		disco_vm_stop(vm);
		disco_vm_put(vm);	/* the registry's reference */
	}
	disco_vm_put(vm);
	return err;
}

void disco_vm_fill_info(struct disco_vm *vm, struct disco_vm_info *info)
{
	memset(info, 0, sizeof(*info));
	strscpy(info->name, vm->name, sizeof(info->name));
	info->mem_size = vm->mem_size;
	info->max_vcpus = vm->max_vcpus;
	info->nr_vcpus = READ_ONCE(vm->nr_vcpus);
	if (atomic_read(&vm->running))
		info->state = DISCO_VM_STATE_RUNNING;
	else if (READ_ONCE(vm->ever_ran))
		info->state = DISCO_VM_STATE_STOPPED;
	else
		info->state = DISCO_VM_STATE_CREATED;
	info->owner_uid = from_kuid_munged(current_user_ns(), vm->owner);
	info->exit_reason = READ_ONCE(vm->last_exit_reason);
	info->exit_code = READ_ONCE(vm->last_exit_code);
	info->flags = vm->flags;
}

int disco_vm_list(struct disco_vm_list *list)
{
	struct disco_vm_info __user *out = u64_to_user_ptr(list->vms);
	struct disco_vm_info *infos;
	struct disco_vm *vm;
	u32 n = 0;
	int ret = 0;

	if (list->flags || list->pad)
		return -EINVAL;
	infos = kcalloc(DISCO_MAX_VMS, sizeof(*infos), GFP_KERNEL);
	if (!infos)
		return -ENOMEM;
	mutex_lock(&disco_vms_lock);
	list_for_each_entry(vm, &disco_vms, node)
		disco_vm_fill_info(vm, &infos[n++]);
	mutex_unlock(&disco_vms_lock);

	if (copy_to_user(out, infos, min(n, list->capacity) * sizeof(*infos)))
		ret = -EFAULT;
	list->count = n;
	kfree(infos);
	return ret;
}

static int disco_vm_file_release(struct inode *inode, struct file *file)
{
	disco_vm_put(file->private_data);
	return 0;
}

static ssize_t disco_vm_file_read(struct file *file, char __user *buf,
				  size_t len, loff_t *ppos)
{
	return disco_console_read(file->private_data, file, buf, len, ppos);
}

/* Console input, for the virtio console; never blocks. */
static ssize_t disco_vm_file_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *ppos)
{
	struct disco_vm *vm = file->private_data;

	if (!disco_may_access(vm))
		return -EPERM;
	if (READ_ONCE(vm->destroyed))
		return -ENODEV;
	return disco_vio_console_input(vm, buf, len);
}

static __poll_t disco_vm_file_poll(struct file *file, struct poll_table_struct *wait)
{
	return disco_console_poll(file->private_data, file, wait);
}

const struct file_operations disco_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= disco_vm_file_release,
	.read		= disco_vm_file_read,
	.write		= disco_vm_file_write,
	.poll		= disco_vm_file_poll,
	.unlocked_ioctl	= disco_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};
