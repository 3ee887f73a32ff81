// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl create --cmdline/--initrd: the boot protocol of
 * uapi/linux/disco.h ("Booting an operating system").  A device tree
 * describing the VM goes at the top of guest RAM, an initramfs just below
 * it, and every vCPU starts with a0 = the tree's guest-physical address,
 * a1 = DISCO_BOOT_FDT_MAGIC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/disco.h>

#include "discoctl.h"
#include "fdt.h"

#define REG_A0		4
#define REG_A1		5
#define PHANDLE_INTC	1

static __u64 align_down(__u64 v, __u64 a)
{
	return v & ~(a - 1);
}

static void virtio_node(struct fdt *f, unsigned int slot)
{
	__u64 addr = DISCO_MMIO_BASE + slot * DISCO_MMIO_SLOT_SIZE;
	char name[48];

	snprintf(name, sizeof(name), "virtio@%llx", (unsigned long long)addr);
	fdt_begin_node(f, name);
	fdt_prop_str(f, "compatible", "virtio,mmio");
	fdt_prop_reg(f, addr, DISCO_MMIO_SLOT_SIZE);
	fdt_prop_u32(f, "interrupt-parent", PHANDLE_INTC);
	fdt_prop_u32(f, "interrupts", DISCO_MMIO_IRQ(slot));
	fdt_end_node(f);
}

static void *build_fdt(const struct boot_args *b, __u64 initrd_gpa,
		       size_t *size)
{
	struct fdt f = { 0 };
	char name[48];
	unsigned int i;
	void *blob;

	fdt_begin_node(&f, "");
	fdt_prop_u32(&f, "#address-cells", 2);
	fdt_prop_u32(&f, "#size-cells", 2);
	fdt_prop_str(&f, "compatible", "disco,guest");
	fdt_prop_str(&f, "model", "Disco virtual machine");

	fdt_begin_node(&f, "chosen");
	if (b->cmdline)
		fdt_prop_str(&f, "bootargs", b->cmdline);
	if (b->initrd_size) {
		fdt_prop_u64(&f, "linux,initrd-start", initrd_gpa);
		fdt_prop_u64(&f, "linux,initrd-end", initrd_gpa + b->initrd_size);
	}
	fdt_end_node(&f);

	snprintf(name, sizeof(name), "memory@0");
	fdt_begin_node(&f, name);
	fdt_prop_str(&f, "device_type", "memory");
	fdt_prop_reg(&f, 0, b->mem);
	fdt_end_node(&f);

	fdt_begin_node(&f, "cpus");
	fdt_prop_u32(&f, "#address-cells", 1);
	fdt_prop_u32(&f, "#size-cells", 0);
	for (i = 0; i < b->vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		fdt_begin_node(&f, name);
		fdt_prop_str(&f, "device_type", "cpu");
		fdt_prop_str(&f, "compatible", "loongson,gs464");
		fdt_prop_u32(&f, "reg", i);
		fdt_end_node(&f);
	}
	fdt_end_node(&f);

	fdt_begin_node(&f, "interrupt-controller");
	fdt_prop_str(&f, "compatible", "mti,cpu-interrupt-controller");
	fdt_prop_u32(&f, "#address-cells", 0);
	fdt_prop_u32(&f, "#interrupt-cells", 1);
	fdt_prop(&f, "interrupt-controller", NULL, 0);
	fdt_prop_u32(&f, "phandle", PHANDLE_INTC);
	fdt_end_node(&f);

	/* Every VM's virtio console, then its disks (uapi: "The MMIO window"). */
	virtio_node(&f, DISCO_MMIO_SLOT_CONSOLE);
	for (i = 0; i < b->nr_disks; i++)
		virtio_node(&f, b->disk_slot[i]);

	fdt_end_node(&f);
	blob = fdt_finish(&f, size);
	fdt_free(&f);
	return blob;
}

static int load_raw(int vm, __u64 gpa, const void *data, size_t size)
{
	struct disco_mem m = { 0 };

	m.gpa = gpa;
	m.data = (__u64)(unsigned long)data;
	m.size = size;
	return ioctl(vm, DISCO_VM_LOAD_RAW, &m);
}

/* Pads @size up to DISCO_LOAD_ALIGN with zeroes (LOAD_RAW's granule). */
static void *padded(const void *data, size_t size, size_t *psize)
{
	size_t n = (size + DISCO_LOAD_ALIGN - 1) & ~(size_t)(DISCO_LOAD_ALIGN - 1);
	void *p = calloc(1, n ? n : DISCO_LOAD_ALIGN);

	if (p && size)
		memcpy(p, data, size);
	*psize = n;
	return p;
}

int boot_setup(const struct cmd *cmd, int vm, const struct boot_args *b)
{
	__u64 fdt_gpa, initrd_gpa = 0;
	void *fdt, *buf = NULL;
	size_t fdt_size, n;
	struct disco_regs regs;
	unsigned int i;
	int ret = -1;

	/* The tree's size does not depend on where the initramfs goes. */
	fdt = build_fdt(b, 0, &fdt_size);
	if (!fdt)
		goto nomem;
	free(fdt);
	fdt_gpa = align_down(b->mem - fdt_size, DISCO_PAGE_SIZE);
	if (b->initrd_size)
		initrd_gpa = align_down(fdt_gpa - b->initrd_size, DISCO_PAGE_SIZE);
	if (fdt_size > b->mem || (b->initrd_size && b->initrd_size > fdt_gpa) ||
	    (b->initrd_size ? initrd_gpa : fdt_gpa) < b->image_end) {
		fprintf(stderr, "%s: %s %s: guest RAM too small for the kernel, "
			"initramfs and device tree\n", PROG, cmd->name, b->name);
		return -1;
	}
	fdt = build_fdt(b, initrd_gpa, &fdt_size);
	if (!fdt)
		goto nomem;
	buf = padded(fdt, fdt_size, &n);
	if (!buf)
		goto nomem;
	if (load_raw(vm, fdt_gpa, buf, n) < 0) {
		vm_error(cmd, b->name, errno, "loading the device tree", NULL);
		goto out;
	}
	free(buf);
	buf = NULL;
	if (b->initrd_size) {
		buf = padded(b->initrd, b->initrd_size, &n);
		if (!buf)
			goto nomem;
		if (load_raw(vm, initrd_gpa, buf, n) < 0) {
			vm_error(cmd, b->name, errno, "loading the initramfs", NULL);
			goto out;
		}
	}
	for (i = 0; i < b->vcpus; i++) {
		memset(&regs, 0, sizeof(regs));
		regs.vcpu = i;
		if (ioctl(vm, DISCO_VM_GET_REGS, &regs) < 0)
			goto regs_err;
		regs.gpr[REG_A0] = fdt_gpa;
		regs.gpr[REG_A1] = DISCO_BOOT_FDT_MAGIC;
		if (ioctl(vm, DISCO_VM_SET_REGS, &regs) < 0)
			goto regs_err;
	}
	printf("boot: device tree at guest-physical 0x%llx (%zu bytes)",
	       (unsigned long long)fdt_gpa, fdt_size);
	if (b->initrd_size)
		printf(", initramfs at 0x%llx (%zu bytes)",
		       (unsigned long long)initrd_gpa, b->initrd_size);
	printf("\n");
	ret = 0;
	goto out;
regs_err:
	vm_error(cmd, b->name, errno, "setting the boot registers", NULL);
	goto out;
nomem:
	fprintf(stderr, "%s: %s %s: out of memory\n", PROG, cmd->name, b->name);
out:
	free(buf);
	free(fdt);
	return ret;
}
