// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor calls: the guest kernel's requests to the monitor (uapi/linux/
 * disco.h, enum disco_monitor_call).  Arguments come from the guest and
 * are checked like any other untrusted input: a bad call number, length or
 * pointer returns a negative errno in v0 and the guest goes on.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vcpu.h"
#include "../mmu/mmu.h"

#define REG_V0		2
#define REG_A0		4
#define REG_A1		5
#define REG_A2		6
#define WRITE_MAX	4096
#define ASSERT_MAX	256

/* Copy from a direct-window buffer of the guest; no guest exception. */
static int read_guest(struct disco_vcpu *vcpu, u64 va, void *buf, size_t len)
{
	u64 gpa = va - DISCO_XSSEG_BASE;

	if (!disco_in_window(va) || !disco_gpa_valid(vcpu->vm, gpa, len))
		return -EFAULT;
	disco_pmap_read(vcpu->vm, gpa, buf, len);
	return 0;
}

static s64 mc_write(struct disco_vcpu *vcpu, u64 va, u64 len)
{
	char *buf;
	int ret;

	if (len > WRITE_MAX)
		return -EINVAL;
	buf = kmalloc(len ? len : 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = read_guest(vcpu, va, buf, len);
	if (!ret)
		disco_console_write(&vcpu->vm->console, buf, len);
	kfree(buf);
	return ret ? ret : len;
}

/* Read a NUL-terminated guest string of at most @size - 1 characters. */
static int read_guest_string(struct disco_vcpu *vcpu, u64 va, char *buf,
			     size_t size)
{
	size_t i;

	for (i = 0; i < size - 1; i++) {
		if (read_guest(vcpu, va + i, &buf[i], 1))
			return -EFAULT;
		if (!buf[i])
			return 0;
	}
	buf[i] = '\0';
	return 0;
}

static enum disco_emulation mc_assert(struct disco_vcpu *vcpu, u64 va, s32 line)
{
	char msg[ASSERT_MAX];
	char head[64];
	int n;

	if (read_guest_string(vcpu, va, msg, sizeof(msg)))
		strscpy(msg, "(message not readable)", sizeof(msg));
	n = scnprintf(head, sizeof(head), "\ndisco: vcpu%u: guest assertion failed: ",
		      vcpu->id);
	disco_console_write(&vcpu->vm->console, head, n);
	disco_console_write(&vcpu->vm->console, msg, strlen(msg));
	disco_console_write(&vcpu->vm->console, "\n", 1);
	disco_vcpu_halt(vcpu, DISCO_EXIT_ASSERT, line, DISCO_FAULT_NONE);
	return DISCO_EMULATION_HALTED;
}

static s64 mc_info(struct disco_vcpu *vcpu, u64 key)
{
	switch (key) {
	case DISCO_INFO_MEM_SIZE:
		return vcpu->vm->mem_size;
	case DISCO_INFO_VCPU_ID:
		return vcpu->id;
	case DISCO_INFO_NR_VCPUS:
		return vcpu->vm->nr_vcpus;
	case DISCO_INFO_COUNT_HZ:
		return DISCO_COUNT_HZ;
	case DISCO_INFO_EXITS:
		return vcpu->stats.exits;
	}
	return -EINVAL;
}

/* Status needs the commpage; once on, it stays on (rewritten code). */
static s64 mc_pv(struct disco_vcpu *vcpu, u64 want)
{
	struct disco_vm *vm = vcpu->vm;
	unsigned long bits = want;
	unsigned int bit;

	if (want & ~(u64)DISCO_PV_ALL)
		return -EINVAL;
	/* DISCO_PV_TLB needs nothing of the monitor: always granted. */
	for_each_set_bit(bit, &bits, BITS_PER_LONG)
		if ((vm->flags & DISCO_VM_COMMPAGE) || BIT(bit) == DISCO_PV_TLB)
			set_bit(bit, &vm->pv);
	return READ_ONCE(vm->pv);
}

enum disco_emulation disco_monitor_call(struct disco_vcpu *vcpu)
{
	u64 *gpr = vcpu->arch.gpr;
	char c;
	s64 ret;

	vcpu->stats.monitor_calls++;
	switch (gpr[REG_V0]) {
	case DISCO_MC_PUTC:
		c = gpr[REG_A0];
		disco_console_write(&vcpu->vm->console, &c, 1);
		ret = 0;
		break;
	case DISCO_MC_WRITE:
		ret = mc_write(vcpu, gpr[REG_A0], gpr[REG_A1]);
		break;
	case DISCO_MC_EXIT:
		disco_vcpu_halt(vcpu, DISCO_EXIT_GUEST, (s32)gpr[REG_A0],
				DISCO_FAULT_NONE);
		return DISCO_EMULATION_HALTED;
	case DISCO_MC_ASSERT:
		return mc_assert(vcpu, gpr[REG_A0], (s32)gpr[REG_A1]);
	case DISCO_MC_INFO:
		ret = mc_info(vcpu, gpr[REG_A0]);
		break;
	case DISCO_MC_PV:
		ret = mc_pv(vcpu, gpr[REG_A0]);
		break;
	case DISCO_MC_TLB_UPDATE:
		ret = disco_gtlb_update(vcpu, gpr[REG_A0], gpr[REG_A1], gpr[REG_A2]);
		break;
	case DISCO_MC_TLB_FLUSH:
		ret = disco_gtlb_flush_one(vcpu, gpr[REG_A0]);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	gpr[REG_V0] = ret;
	return DISCO_EMULATION_DONE;
}
