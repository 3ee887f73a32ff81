// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: create, list, stop, destroy, version.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/disco.h>

#include "discoctl.h"

/* What create needs once its arguments are checked. */
struct create_args {
	const char *name;
	__u64 mem;
	unsigned int vcpus;
	__u32 flags;
	__u32 mem_node;
	__u32 cpu_node;
	const char *kernel;
	void *image;
	size_t image_size;
	const char *cmdline;	/* --cmdline, or NULL */
	const char *initrd;	/* --initrd, or NULL */
	int commpage;		/* --commpage */
	void *initrd_data;
	size_t initrd_size;
	unsigned int nr_disks;	/* --disk */
	struct disk_arg disks[MAX_DISKS];
};

/*
 * Reads the kernel (@what) or initramfs before the VM exists, so a bad
 * file costs nothing.
 */
static int read_file(const struct cmd *cmd, const struct create_args *a,
		     const char *what, const char *path, void **data,
		     size_t *size)
{
	struct stat st;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		goto err;
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)DISCO_IMAGE_MAX) {
		fprintf(stderr, "%s: %s %s: %s '%s' is %s\n", PROG,
			cmd->name, a->name, what, path,
			S_ISREG(st.st_mode) ? "larger than 256M" : "not a regular file");
		close(fd);
		return -1;
	}
	*size = st.st_size;
	*data = malloc(*size ? *size : 1);
	if (!*data)
		goto err;
	while (done < *size) {
		ssize_t n = read(fd, (char *)*data + done, *size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = 0;	/* the file shrank under us */
		if (n <= 0)
			goto err;
		done += n;
	}
	close(fd);
	return 0;
err:
	fprintf(stderr, "%s: %s %s: cannot read %s '%s': %s\n", PROG,
		cmd->name, a->name, what, path,
		errno ? strerror(errno) : "file changed while reading");
	if (fd >= 0)
		close(fd);
	return -1;
}

static const char *load_elf_desc(int err)
{
	switch (err) {
	case ERANGE:
		return "a segment lies outside guest RAM or the direct window";
	case E2BIG:
		return "image larger than 256M";
	}
	return NULL;
}

/* Points vCPU @id at @pc; its other registers keep their reset values. */
static int set_pc(int vm, unsigned int id, __u64 pc)
{
	struct disco_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.vcpu = id;
	if (ioctl(vm, DISCO_VM_GET_REGS, &regs) < 0)
		return -1;
	regs.pc = pc;
	return ioctl(vm, DISCO_VM_SET_REGS, &regs);
}

/* Everything after DISCO_CREATE_VM; on failure the caller destroys the VM. */
static int populate(const struct cmd *cmd, int dev, const struct create_args *a)
{
	struct disco_load_elf elf = { 0 };
	char what[64];
	unsigned int i;
	int vm, id;

	vm = vm_open(dev, cmd, a->name);
	if (vm < 0)
		return -1;
	elf.image = (__u64)(unsigned long)a->image;
	elf.size = a->image_size;
	if (ioctl(vm, DISCO_VM_LOAD_ELF, &elf) < 0) {
		snprintf(what, sizeof(what), "loading '%s'", a->kernel);
		vm_error(cmd, a->name, errno, what, load_elf_desc(errno));
		goto err;
	}
	for (i = 0; i < a->vcpus; i++) {
		snprintf(what, sizeof(what), "creating vCPU %u", i);
		id = ioctl(vm, DISCO_VM_CREATE_VCPU);
		if (id < 0) {
			vm_error(cmd, a->name, errno, what, NULL);
			goto err;
		}
		if (set_pc(vm, id, elf.entry) < 0) {
			snprintf(what, sizeof(what), "setting vCPU %d's pc", id);
			vm_error(cmd, a->name, errno, what, NULL);
			goto err;
		}
	}
	struct boot_args b = {
		.name = a->name, .mem = a->mem, .vcpus = a->vcpus,
		.image_end = elf.gpa_end, .cmdline = a->cmdline,
		.initrd = a->initrd_data, .initrd_size = a->initrd_size,
	};
	for (i = 0; i < a->nr_disks; i++) {
		id = add_disk(cmd, a->name, vm, &a->disks[i]);
		if (id < 0)
			goto err;
		b.disk_slot[b.nr_disks++] = id;
	}
	if ((a->cmdline || a->initrd || a->nr_disks) && boot_setup(cmd, vm, &b) < 0)
		goto err;
	format_size(what, sizeof(what), a->mem);
	printf("created %s: %s of RAM, %u vCPU%s, entry 0x%llx "
	       "(loaded guest-physical 0x%llx-0x%llx)\n", a->name, what,
	       a->vcpus, a->vcpus == 1 ? "" : "s",
	       (unsigned long long)elf.entry,
	       (unsigned long long)elf.gpa_start,
	       (unsigned long long)elf.gpa_end);
	close(vm);
	return 0;
err:
	close(vm);
	return -1;
}

static int destroy_vm(int dev, const char *name)
{
	struct disco_vm_ref ref = { 0 };

	fill_name(ref.name, name);
	return ioctl(dev, DISCO_DESTROY_VM, &ref);
}

static int create_vm(const struct cmd *cmd, int dev, const struct create_args *a)
{
	struct disco_vm_create c = { 0 };
	const char *desc = NULL;

	fill_name(c.name, a->name);
	c.mem_size = a->mem;
	c.max_vcpus = a->vcpus;
	c.flags = a->flags | (a->commpage ? DISCO_VM_COMMPAGE : 0);
	c.mem_node = a->mem_node;
	c.cpu_node = a->cpu_node;
	if (ioctl(dev, DISCO_CREATE_VM, &c) == 0)
		return 0;
	if (errno == ENOSPC)
		desc = "the host already has the most VMs it allows";
	else if (errno == ENOMEM)
		desc = "not enough free memory on the host for the guest RAM";
	else if (errno == ENODEV)
		desc = "the node given is offline or has no memory/CPUs";
	vm_error(cmd, a->name, errno, NULL, desc);
	return -1;
}

int cmd_create(const struct cmd *cmd, int argc, char **argv)
{
	const char *disk_opts[MAX_DISKS];
	struct opt opts[] = {
		{ .name = "mem", .metavar = "SIZE" },
		{ .name = "vcpus", .metavar = "N" },
		{ .name = "kernel", .metavar = "FILE" },
		{ .name = "membind", .metavar = "NODE" },
		{ .name = "cpunodebind", .metavar = "NODE" },
		{ .name = "no-numa" },
		{ .name = "cmdline", .metavar = "STRING" },
		{ .name = "initrd", .metavar = "FILE" },
		{ .name = "commpage" },
		{ .name = "disk", .metavar = "FILE[,cow|,ro]", .repeat = MAX_DISKS,
		  .values = disk_opts },
		{ .name = "big-tlb" },
		{ 0 },
	};
	struct create_args a = { .vcpus = 1 };
	int dev, ret = 1;
	unsigned int i;

	parse_args(cmd, argc, argv, opts, "NAME", &a.name);
	check_vm_name(cmd, a.name);
	if (!opts[0].value)
		usage_error(cmd, "--mem SIZE is required");
	if (!opts[2].value)
		usage_error(cmd, "--kernel FILE is required");
	a.mem = parse_mem_size(cmd, "--mem", opts[0].value);
	if (opts[1].value)
		a.vcpus = parse_uint(cmd, "--vcpus", opts[1].value, 1,
				     DISCO_MAX_VCPUS);
	a.kernel = opts[2].value;
	if (opts[3].value) {
		a.flags |= DISCO_VM_MEMBIND;
		a.mem_node = parse_node(cmd, "--membind", opts[3].value, "memory");
	}
	if (opts[4].value) {
		a.flags |= DISCO_VM_CPUBIND;
		a.cpu_node = parse_node(cmd, "--cpunodebind", opts[4].value, "cpu");
	}
	if (opts[5].value)
		a.flags |= DISCO_VM_NO_NUMA;
	a.cmdline = opts[6].value;
	a.initrd = opts[7].value;
	a.commpage = opts[8].value != NULL;
	for (i = 0; i < opts[9].count; i++)
		parse_disk(cmd, disk_opts[i], &a.disks[a.nr_disks++]);
	if (opts[10].value)
		a.flags |= DISCO_VM_BIG_TLB;

	if (read_file(cmd, &a, "kernel", a.kernel, &a.image, &a.image_size) < 0)
		return 1;
	if (a.initrd && read_file(cmd, &a, "initramfs", a.initrd,
				  &a.initrd_data, &a.initrd_size) < 0) {
		free(a.image);
		return 1;
	}
	dev = dev_open();
	if (dev < 0)
		goto out;
	if (create_vm(cmd, dev, &a) < 0)
		goto out_dev;
	if (populate(cmd, dev, &a) == 0) {
		ret = 0;
	} else if (destroy_vm(dev, a.name) < 0) {
		fprintf(stderr, "%s: %s %s: could not destroy the half-made VM: %s\n",
			PROG, cmd->name, a.name, strerror(errno));
	} else {
		fprintf(stderr, "%s: %s %s: VM destroyed again\n", PROG,
			cmd->name, a.name);
	}
out_dev:
	close(dev);
out:
	free(a.image);
	free(a.initrd_data);
	return ret;
}

static const char *state_name(__u32 state)
{
	switch (state) {
	case DISCO_VM_STATE_CREATED:	return "created";
	case DISCO_VM_STATE_RUNNING:	return "running";
	case DISCO_VM_STATE_STOPPED:	return "stopped";
	}
	return "?";
}

static void format_exit(char *buf, size_t len, const struct disco_vm_info *vi)
{
	switch (vi->exit_reason) {
	case DISCO_EXIT_NONE:
		snprintf(buf, len, "-");
		break;
	case DISCO_EXIT_GUEST:
		snprintf(buf, len, "exit %d", vi->exit_code);
		break;
	case DISCO_EXIT_ASSERT:
		snprintf(buf, len, "assert line %d", vi->exit_code);
		break;
	case DISCO_EXIT_STOPPED:
		snprintf(buf, len, "stopped");
		break;
	case DISCO_EXIT_FAULT:
		snprintf(buf, len, "fault");
		break;
	default:
		snprintf(buf, len, "reason %u", vi->exit_reason);
	}
}

static void print_vm(const struct disco_vm_info *vi)
{
	char name[DISCO_NAME_MAX], mem[24], vcpus[16], last[32];

	memcpy(name, vi->name, sizeof(name));
	name[DISCO_NAME_MAX - 1] = '\0';	/* never trust a length */
	format_size(mem, sizeof(mem), vi->mem_size);
	snprintf(vcpus, sizeof(vcpus), "%u/%u", vi->nr_vcpus, vi->max_vcpus);
	format_exit(last, sizeof(last), vi);
	printf("%-31s %6s %5s %-8s %5u %s\n", name, mem, vcpus,
	       state_name(vi->state), vi->owner_uid, last);
}

/*
 * Asks for the count first; VMs may come and go between the two calls,
 * so retry while the array turned out too small.  *@vms is NULL when
 * there are none.
 */
static int list_vms(int dev, struct disco_vm_info **vms, __u32 *count)
{
	struct disco_vm_list l = { 0 };

	*vms = NULL;
	for (;;) {
		if (ioctl(dev, DISCO_LIST_VMS, &l) < 0)
			goto err;
		if (l.count <= l.capacity)
			break;
		free(*vms);
		l.capacity = l.count + 4;
		*vms = calloc(l.capacity, sizeof(**vms));
		if (!*vms)
			goto err;
		l.vms = (__u64)(unsigned long)*vms;
	}
	*count = l.count;
	return 0;
err:
	fprintf(stderr, "%s: list: %s\n", PROG, strerror(errno));
	free(*vms);
	return -1;
}

int cmd_list(const struct cmd *cmd, int argc, char **argv)
{
	struct disco_vm_info *vms;
	__u32 i, count;
	int dev, ret;

	parse_args(cmd, argc, argv, NULL, NULL, NULL);
	dev = dev_open();
	if (dev < 0)
		return 1;
	ret = list_vms(dev, &vms, &count);
	close(dev);
	if (ret < 0)
		return 1;
	printf("%-31s %6s %5s %-8s %5s %s\n", "NAME", "MEM", "VCPUS",
	       "STATE", "OWNER", "LAST-EXIT");
	for (i = 0; i < count; i++)
		print_vm(&vms[i]);
	free(vms);
	return 0;
}

int cmd_stop(const struct cmd *cmd, int argc, char **argv)
{
	const char *name = NULL;
	int dev, vm, ret = 1;

	parse_args(cmd, argc, argv, NULL, "NAME", &name);
	check_vm_name(cmd, name);
	dev = dev_open();
	if (dev < 0)
		return 1;
	vm = vm_open(dev, cmd, name);
	if (vm >= 0) {
		if (ioctl(vm, DISCO_VM_STOP) == 0)
			ret = 0;
		else
			vm_error(cmd, name, errno, NULL, NULL);
		close(vm);
	}
	close(dev);
	return ret;
}

int cmd_destroy(const struct cmd *cmd, int argc, char **argv)
{
	const char *name = NULL;
	int dev, ret = 0;

	parse_args(cmd, argc, argv, NULL, "NAME", &name);
	check_vm_name(cmd, name);
	dev = dev_open();
	if (dev < 0)
		return 1;
	if (destroy_vm(dev, name) < 0) {
		vm_error(cmd, name, errno, NULL, NULL);
		ret = 1;
	}
	close(dev);
	return ret;
}

int cmd_version(const struct cmd *cmd, int argc, char **argv)
{
	int dev, v;

	parse_args(cmd, argc, argv, NULL, NULL, NULL);
	printf("discoctl API %d\n", DISCO_API_VERSION);
	dev = dev_open();
	if (dev < 0)
		return 1;
	v = ioctl(dev, DISCO_GET_API_VERSION);
	close(dev);
	if (v < 0) {
		fprintf(stderr, "%s: version: %s\n", PROG, strerror(errno));
		return 1;
	}
	printf("disco.ko API %d\n", v);
	if (v != DISCO_API_VERSION)
		fprintf(stderr, "%s: warning: disco.ko speaks API %d, discoctl was built for %d\n",
			PROG, v, DISCO_API_VERSION);
	return 0;
}
