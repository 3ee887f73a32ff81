// SPDX-License-Identifier: GPL-2.0
/*
 * disco: Disco-style virtual machines for MIPS64 (Loongson-3) hosts.
 *
 * Module entry points and /dev/disco.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "disco.h"
#include "numa/numa.h"
#include "vcpu/vcpu.h"

/* A VM is its creator's; root (CAP_SYS_ADMIN) may act on any. */
bool disco_may_access(const struct disco_vm *vm)
{
	return uid_eq(current_uid(), vm->owner) || capable(CAP_SYS_ADMIN);
}

static int copy_ref(struct disco_vm_ref *ref, void __user *argp)
{
	if (copy_from_user(ref, argp, sizeof(*ref)))
		return -EFAULT;
	if (ref->flags || ref->pad)
		return -EINVAL;
	return 0;
}

static long disco_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct disco_vm_create create;
	struct disco_vm_list list;
	struct disco_vm_ref ref;
	int ret;

	switch (cmd) {
	case DISCO_GET_API_VERSION:
		return DISCO_API_VERSION;
	case DISCO_CREATE_VM:
		if (copy_from_user(&create, argp, sizeof(create)))
			return -EFAULT;
		return disco_vm_create(&create);
	case DISCO_OPEN_VM:
		ret = copy_ref(&ref, argp);
		return ret ? ret : disco_vm_open(ref.name);
	case DISCO_DESTROY_VM:
		ret = copy_ref(&ref, argp);
		return ret ? ret : disco_vm_destroy(ref.name);
	case DISCO_LIST_VMS:
		if (copy_from_user(&list, argp, sizeof(list)))
			return -EFAULT;
		ret = disco_vm_list(&list);
		if (!ret && copy_to_user(argp, &list, sizeof(list)))
			ret = -EFAULT;
		return ret;
	}
	return -ENOTTY;
}

static const struct file_operations disco_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= disco_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice disco_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "disco",
	.fops	= &disco_dev_fops,
	.mode	= 0600,
};

static int __init disco_init(void)
{
	int ret;

	ret = disco_vecpage_init();
	if (ret)
		return ret;
	disco_fpu_init();
	ret = disco_probe_supervisor();
	if (ret)
		goto fail;
	ret = disco_numad_start();
	if (ret)
		goto fail;
	ret = misc_register(&disco_dev);
	if (ret) {
		disco_numad_stop();
		goto fail;
	}
	pr_info("disco: ready, API version %d\n", DISCO_API_VERSION);
	return 0;
fail:
	disco_fpu_exit();
	disco_vecpage_exit();
	return ret;
}

static void __exit disco_exit(void)
{
	misc_deregister(&disco_dev);
	disco_numad_stop();
	disco_fpu_exit();
	disco_vecpage_exit();
}

module_init(disco_init);
module_exit(disco_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Disco-style virtual machines for MIPS64 Loongson-3 hosts");
