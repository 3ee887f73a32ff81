// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's /dev/disco ioctls (CREATE_VM, OPEN_VM, DESTROY_VM,
 * LIST_VMS), the making of a VM ready to run, and unknown or misdirected
 * commands on either kind of descriptor.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* ---- /dev/disco ioctls --------------------------------------------------- */

void fz_create(struct fuzz *fz, int dev)
{
	static const __u64 mems[] = {
		DISCO_MEM_MIN, DISCO_MEM_MIN, DISCO_MEM_MIN, 2 * DISCO_MEM_MIN,
		4 * DISCO_MEM_MIN, 256 << 10, 1 << 20,
	};
	static const __u64 bad_mems[] = {
		0, 1, DISCO_PAGE_SIZE - 1, DISCO_PAGE_SIZE + 8, DISCO_MEM_MAX,
		DISCO_MEM_MAX + DISCO_PAGE_SIZE, DISCO_MEM_MAX - DISCO_PAGE_SIZE,
		~0ULL, ~0ULL & ~(DISCO_PAGE_SIZE - 1), 1ULL << 63, 4096,
	};
	struct disco_vm_create c = { 0 }, *arg;
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	char desc[192];
	int r, s, owner;
	bool valid;

	fz_pick_name(fz, c.name, true);
	c.mem_size = chance(85) ? mems[rndn(sizeof(mems) / 8)] : bad_mems[rndn(sizeof(bad_mems) / 8)];
	c.max_vcpus = chance(90) ? 1 + rndn(DISCO_MAX_VCPUS) : (__u32)fz_boundary();
	if (chance(50))
		fz_pick_nodes(fz, &c, false);
	else if (chance(20))
		c.flags = DISCO_VM_FLAGS;
	fz_mutate(&c, sizeof(c));
	/*
	 * Valid sizes between 8 MiB and DISCO_MEM_MAX would really be
	 * allocated: keep the emulated host's memory for the host.
	 */
	if (c.mem_size > (1 << 20) && c.mem_size < DISCO_MEM_MAX - DISCO_PAGE_SIZE &&
	    !(c.mem_size % DISCO_PAGE_SIZE))
		c.mem_size = 1 << 20;
	/*
	 * The sizes left above 1 MiB are valid and more than the host has
	 * (ENOMEM).  The kernel allocates and zeroes the VM's memmap, 32
	 * bytes a page (128 MiB for DISCO_MEM_MAX), before it finds that
	 * out: about 0.3 s each on the emulated host.  A few per run; the
	 * others are made one page too large (EINVAL).
	 */
	if (c.mem_size > (1 << 20) && c.mem_size <= DISCO_MEM_MAX &&
	    !(c.mem_size % DISCO_PAGE_SIZE)) {
		if (fz->huge_creates_left > 0)
			fz->huge_creates_left--;
		else
			c.mem_size = DISCO_MEM_MAX + DISCO_PAGE_SIZE;
	}

	valid = !(c.flags & ~DISCO_VM_FLAGS) && fz_name_valid(c.name) &&
		!memchr_nonzero(c.reserved, sizeof(c.reserved)) &&
		c.mem_size >= DISCO_MEM_MIN && c.mem_size <= DISCO_MEM_MAX &&
		!(c.mem_size % DISCO_PAGE_SIZE) &&
		c.max_vcpus >= 1 && c.max_vcpus <= DISCO_MAX_VCPUS &&
		((c.flags & DISCO_VM_MEMBIND) || !c.mem_node) &&
		((c.flags & DISCO_VM_CPUBIND) || !c.cpu_node);
	owner = fz_slot_by_name(fz, c.name);
	if (!valid) {
		fz_exp_err(&x, EINVAL);
	} else if (((c.flags & DISCO_VM_MEMBIND) && !fz_node_mem(fz, c.mem_node)) ||
		   ((c.flags & DISCO_VM_CPUBIND) && !fz_node_cpu(fz, c.cpu_node))) {
		fz_exp_err(&x, ENODEV);
	} else if (owner >= 0 && fz->slots[owner].live) {
		fz_exp_err(&x, EEXIST);
	} else if (fz->baseline + fz->live >= DISCO_MAX_VMS) {
		fz_exp_err(&x, ENOSPC);
	} else if (c.mem_size > (1 << 20)) {
		fz_exp_err(&x, ENOMEM);	/* 64 GiB or so: the emulated host has 1 GiB */
	}
	arg = fz_place(fz, kind, &c, sizeof(c));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(c), false);

	r = fz_ioctl(fz, dev, DISCO_CREATE_VM, arg);
	snprintf(desc, sizeof(desc), "arg %s %p name \"%.32s\" mem %#llx vcpus %u flags %#x",
		 fz_ptrkind_name[kind], (void *)arg, c.name, (unsigned long long)c.mem_size,
		 c.max_vcpus, c.flags);
	fz_check(fz, C_CREATE, r, &x, desc);
	if (r != 0)
		return;

	/* Track it, whatever the oracle said, so that it gets destroyed. */
	s = owner >= 0 && !fz->slots[owner].live ? owner : fz_free_slot(fz);
	if (s < 0) {
		/* No room to track it: destroy it at once. */
		struct disco_vm_ref ref = { 0 };

		memcpy(ref.name, c.name, DISCO_NAME_MAX);
		fz_ioctl(fz, dev, DISCO_DESTROY_VM, &ref);
		return;
	}
	fz_slot_init(fz, s, &c);
}

void fz_ref(struct fuzz *fz, int dev, bool destroy)
{
	struct disco_vm_ref ref = { 0 }, *arg;
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	char desc[160];
	int r, s;

	fz_pick_name(fz, ref.name, false);
	fz_mutate(&ref, sizeof(ref));
	s = fz_slot_by_name(fz, ref.name);
	if (ref.flags || ref.pad || !fz_name_valid(ref.name))
		fz_exp_err(&x, EINVAL);
	else if (s < 0 || !fz->slots[s].live)
		fz_exp_err(&x, ENOENT);
	arg = fz_place(fz, kind, &ref, sizeof(ref));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(ref), false);

	r = fz_ioctl(fz, dev, destroy ? DISCO_DESTROY_VM : DISCO_OPEN_VM, arg);
	snprintf(desc, sizeof(desc), "arg %s %p name \"%.32s\" flags %#x pad %#x",
		 fz_ptrkind_name[kind], (void *)arg, ref.name, ref.flags, ref.pad);
	fz_check(fz, destroy ? C_DESTROY : C_OPEN, r, &x, desc);
	if (r < 0)
		return;
	if (!destroy) {
		if (s >= 0)
			fz_add_vmfd(fz, r, s);
		else
			close(r);
		return;
	}
	if (s >= 0 && fz->slots[s].live) {
		fz->slots[s].live = false;	/* a racer gets ENODEV or STOPPED */
		fz->live--;
	}
}

void fz_list(struct fuzz *fz, int dev)
{
	struct disco_vm_list l = { 0 }, *arg;
	enum ptrkind kind = fz_pick_ptrkind(), vkind;
	struct expect x = { .ok = true };
	unsigned int total = fz->baseline + fz->live;
	__u64 out;
	char desc[160];
	void *vms;
	int r;

	l.capacity = chance(80) ? rndn(DISCO_MAX_VMS + 2) : (__u32)fz_boundary();
	out = (__u64)(l.capacity < total ? l.capacity : total) * sizeof(struct disco_vm_info);
	vkind = chance(80) ? P_VALID : fz_pick_ptrkind();
	vms = vkind == P_VALID ? fz->scratch : fz_arg_ptr(fz, vkind, out);
	l.vms = (__u64)(unsigned long)vms;
	fz_mutate(&l, sizeof(l));
	out = (__u64)(l.capacity < total ? l.capacity : total) * sizeof(struct disco_vm_info);
	vms = fz_sane_wptr(fz, (void *)(unsigned long)l.vms, out);
	l.vms = (__u64)(unsigned long)vms;

	if (l.flags || l.pad)
		fz_exp_err(&x, EINVAL);
	else if (fz_ptr_bad(fz, vms, out, true))
		fz_exp_err(&x, EFAULT);
	else if (!fz_ptr_good(fz, vms, out, true))
		fz_exp_add(&x, EFAULT);
	arg = fz_place(fz, kind, &l, sizeof(l));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(l), true);

	r = fz_ioctl(fz, dev, DISCO_LIST_VMS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p capacity %u vms %p (%s) flags %#x pad %#x",
		 fz_ptrkind_name[kind], (void *)arg, l.capacity, vms, fz_ptrkind_name[vkind],
		 l.flags, l.pad);
	fz_check(fz, C_LIST, r, &x, desc);
	if (r == 0 && (kind == P_VALID || kind == P_MISALIGNED)) {
		struct disco_vm_list res;

		memcpy(&res, arg, sizeof(res));
		if (res.count != total)
			fz_report(fz, C_LIST, r, "state",
				  "count %u, but %d VMs before the run + %d made by the fuzzer",
				  res.count, fz->baseline, fz->live);
	}
}

/* A VM ready to run a real guest: vCPU 0 at the image's entry. */
void fz_prepare(struct fuzz *fz, int dev)
{
	struct expect ok = { .ok = true };
	struct disco_vm_create c = { 0 };
	struct disco_vm_ref ref = { 0 };
	struct disco_load_elf l = { 0 };
	struct disco_regs regs;
	struct image *im;
	int r, s, fd;

	if (!fz->nr_images || fz->baseline + fz->live >= DISCO_MAX_VMS)
		return;
	s = fz_free_slot(fz);
	if (s < 0)
		return;
	im = &fz->images[rndn(fz->nr_images)];
	/* A mutated name may have taken a future counter value already. */
	do
		snprintf(c.name, sizeof(c.name), "%s%u", fz->prefix, fz->name_counter++);
	while (fz_slot_by_name(fz, c.name) >= 0 && fz->slots[fz_slot_by_name(fz, c.name)].live);
	c.mem_size = 1 << 20;
	c.max_vcpus = 1 + rndn(2);
	fz_pick_nodes(fz, &c, true);
	r = fz_ioctl(fz, dev, DISCO_CREATE_VM, &c);
	fz_check(fz, C_CREATE, r, &ok, "prepare: a valid VM");
	if (r)
		return;
	fz_slot_init(fz, s, &c);
	fz->slots[s].prepared = true;

	memcpy(ref.name, c.name, DISCO_NAME_MAX);
	fd = fz_ioctl(fz, dev, DISCO_OPEN_VM, &ref);
	fz_check(fz, C_OPEN, fd < 0 ? fd : 0, &ok, "prepare: open");
	if (fd < 0)
		return;
	r = fz_ioctl(fz, fd, DISCO_VM_CREATE_VCPU, NULL);
	fz_check(fz, C_CREATE_VCPU, r, &ok, "prepare: vCPU 0");
	if (r == 0)
		fz->slots[s].nr_vcpus = 1;
	l.image = (__u64)(unsigned long)im->data;
	l.size = im->size;
	r = fz_ioctl(fz, fd, DISCO_VM_LOAD_ELF, &l);
	fz_check(fz, C_LOAD_ELF, r, &ok, "prepare: a pristine image");
	memset(&regs, 0, sizeof(regs));
	r = fz_ioctl(fz, fd, DISCO_VM_GET_REGS, &regs);
	fz_check(fz, C_GET_REGS, r, &ok, "prepare: vCPU 0 registers");
	if (!r) {
		regs.pc = l.entry;
		r = fz_ioctl(fz, fd, DISCO_VM_SET_REGS, &regs);
		fz_check(fz, C_SET_REGS, r, &ok, "prepare: pc = entry");
	}
	fz_add_vmfd(fz, fd, s);
}

/* ---- unknown commands, on either descriptor ------------------------------ */

void fz_unknown(struct fuzz *fz, int fd, bool dev)
{
	static const unsigned char types[] = { DISCO_IOC, DISCO_IOC, 'x', 0xd4, 0xd6, 0xae, 'Q' };
	struct expect x = { .ok = false };
	unsigned long cmd;
	char desc[96];
	int c, r;

	switch (rndn(3)) {
	case 0:	/* a valid command on the wrong kind of descriptor */
		do
			c = rndn(C_UNKNOWN);
		while (fz_cmds[c].on_dev == dev);
		cmd = fz_cmds[c].cmd;
		break;
	case 1:	/* a known number with the wrong size or direction */
		c = rndn(C_UNKNOWN);
		cmd = fz_cmds[c].cmd ^ ((1UL << rndn(_IOC_SIZEBITS)) << _IOC_SIZESHIFT);
		if (chance(30))
			cmd = (fz_cmds[c].cmd & ~((unsigned long)_IOC_DIRMASK << _IOC_DIRSHIFT)) |
			      (rndn(_IOC_DIRMASK + 1) << _IOC_DIRSHIFT);
		if (cmd == fz_cmds[c].cmd)
			cmd ^= 1UL << _IOC_SIZESHIFT;
		break;
	default:
		cmd = _IOC(rndn(_IOC_DIRMASK + 1), types[rndn(sizeof(types))], rndn(256),
			   rndn(1 << _IOC_SIZEBITS));
		for (c = 0; c < C_UNKNOWN; c++)
			if (fz_cmds[c].cmd == cmd)
				return;
		break;
	}
	fz_exp_add(&x, ENOTTY);
	r = fz_ioctl(fz, fd, cmd, fz_arg_ptr(fz, fz_pick_ptrkind(), 64));
	snprintf(desc, sizeof(desc), "cmd %#lx on a %s descriptor", cmd, dev ? "/dev/disco" : "VM");
	fz_check(fz, C_UNKNOWN, r, &x, desc);
}
