// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio transport, version 2 (virtio 1.1, section 4.2.2), and
 * split virtqueues (section 2.6) in guest memory.
 *
 * Everything the guest wrote (ring addresses, indexes, descriptors) is
 * untrusted: every guest-physical range is checked against guest RAM
 * before the pmap is touched, chains are bounded by the queue size, and a
 * broken queue only stops that queue (DEVICE_NEEDS_RESET), never the host.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "vio.h"
#include "../mmu/mmu.h"
#include "../vcpu/vcpu.h"

#define VIRTIO_MMIO_MAGIC	0x74726976	/* "virt" */
#define VIRTIO_MMIO_VERSION	2
#define VIRTIO_VENDOR_DISCO	0x4f435344	/* "DSCO" */
#define VIRTIO_F_VERSION_1	(1ULL << 32)

#define STATUS_NEEDS_RESET	0x40
#define INT_USED_BUFFER		0x1

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2

enum {
	REG_MAGIC = 0x000, REG_VERSION = 0x004, REG_DEVICE_ID = 0x008,
	REG_VENDOR_ID = 0x00c, REG_DEV_FEATURES = 0x010,
	REG_DEV_FEATURES_SEL = 0x014, REG_DRV_FEATURES = 0x020,
	REG_DRV_FEATURES_SEL = 0x024, REG_QUEUE_SEL = 0x030,
	REG_QUEUE_NUM_MAX = 0x034, REG_QUEUE_NUM = 0x038,
	REG_QUEUE_READY = 0x044, REG_QUEUE_NOTIFY = 0x050,
	REG_INT_STATUS = 0x060, REG_INT_ACK = 0x064, REG_STATUS = 0x070,
	REG_QUEUE_DESC_LO = 0x080, REG_QUEUE_DESC_HI = 0x084,
	REG_QUEUE_DRIVER_LO = 0x090, REG_QUEUE_DRIVER_HI = 0x094,
	REG_QUEUE_DEVICE_LO = 0x0a0, REG_QUEUE_DEVICE_HI = 0x0a4,
	REG_CONFIG_GEN = 0x0fc,
};

struct vring_desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

static u64 features(const struct disco_vio *dev)
{
	return (dev->ops->features ? dev->ops->features(dev) : 0) |
	       VIRTIO_F_VERSION_1;
}

static struct disco_vq *cur_vq(struct disco_vio *dev)
{
	return dev->queue_sel < DISCO_VIO_QUEUES ? &dev->vq[dev->queue_sel] : NULL;
}

/* The interrupt line follows InterruptStatus. */
static void update_irq(struct disco_vio *dev)
{
	struct disco_vm *vm = dev->vm;
	unsigned long bit = DISCO_MMIO_IRQ(dev->slot);

	if (dev->int_status)
		set_bit(bit, &vm->vio_irqs);
	else
		clear_bit(bit, &vm->vio_irqs);
	if (dev->int_status && vm->nr_vcpus)
		disco_vcpu_kick(vm->vcpus[0]);
}

void disco_vio_interrupt(struct disco_vio *dev)
{
	dev->int_status |= INT_USED_BUFFER;
	update_irq(dev);
}

static void reset(struct disco_vio *dev)
{
	dev->status = 0;
	dev->int_status = 0;
	dev->dev_features_sel = dev->drv_features_sel = 0;
	dev->driver_features = 0;
	dev->queue_sel = 0;
	memset(dev->vq, 0, sizeof(dev->vq));
	update_irq(dev);
	if (dev->ops->reset)
		dev->ops->reset(dev);
}

/* A broken queue: tell the driver, stop using the queue. */
static void queue_broken(struct disco_vio *dev, struct disco_vq *vq)
{
	vq->ready = false;
	dev->status |= STATUS_NEEDS_RESET;
}

static bool ring_ok(struct disco_vm *vm, u64 gpa, u64 size, u64 align)
{
	return !(gpa & (align - 1)) && disco_gpa_valid(vm, gpa, size);
}

static bool queue_ok(struct disco_vio *dev, struct disco_vq *vq)
{
	struct disco_vm *vm = dev->vm;

	return vq->num && vq->num <= DISCO_VIO_QUEUE_MAX &&
	       !(vq->num & (vq->num - 1)) &&
	       ring_ok(vm, vq->desc, 16ULL * vq->num, 16) &&
	       ring_ok(vm, vq->avail, 6 + 2ULL * vq->num, 2) &&
	       ring_ok(vm, vq->used, 6 + 8ULL * vq->num, 4);
}

u64 disco_vio_read(struct disco_vio *dev, u64 off, unsigned int size)
{
	struct disco_vq *vq = cur_vq(dev);

	if (off >= DISCO_VIO_CONFIG)
		return dev->ops->config_read && !(off & (size - 1)) ?
		       dev->ops->config_read(dev, off - DISCO_VIO_CONFIG, size) : 0;
	if (size != 4 || (off & 3))
		return 0;
	switch (off) {
	case REG_MAGIC:		return VIRTIO_MMIO_MAGIC;
	case REG_VERSION:	return VIRTIO_MMIO_VERSION;
	case REG_DEVICE_ID:	return dev->ops->device_id;
	case REG_VENDOR_ID:	return VIRTIO_VENDOR_DISCO;
	case REG_DEV_FEATURES:
		return dev->dev_features_sel < 2 ?
		       (u32)(features(dev) >> (32 * dev->dev_features_sel)) : 0;
	case REG_QUEUE_NUM_MAX:
		return vq ? DISCO_VIO_QUEUE_MAX : 0;
	case REG_QUEUE_READY:
		return vq ? vq->ready : 0;
	case REG_INT_STATUS:	return dev->int_status;
	case REG_STATUS:	return dev->status;
	case REG_CONFIG_GEN:	return 0;
	}
	return 0;
}

static void set_lo(u64 *reg, u64 val)
{
	*reg = (*reg & ~0xffffffffULL) | (u32)val;
}

static void set_hi(u64 *reg, u64 val)
{
	*reg = (*reg & 0xffffffffULL) | ((u64)(u32)val << 32);
}

static void write_queue_ready(struct disco_vio *dev, struct disco_vq *vq, u64 val)
{
	if (!(val & 1)) {
		vq->ready = false;
		return;
	}
	if (!queue_ok(dev, vq)) {
		queue_broken(dev, vq);
		return;
	}
	vq->ready = true;
	vq->last_avail = 0;
	vq->used_idx = 0;
}

void disco_vio_write(struct disco_vio *dev, u64 off, unsigned int size, u64 val)
{
	struct disco_vq *vq = cur_vq(dev);

	if (size != 4 || (off & 3))
		return;
	switch (off) {
	case REG_DEV_FEATURES_SEL:
		dev->dev_features_sel = val;
		break;
	case REG_DRV_FEATURES:
		if (dev->drv_features_sel == 0)
			set_lo(&dev->driver_features, val);
		else if (dev->drv_features_sel == 1)
			set_hi(&dev->driver_features, val);
		dev->driver_features &= features(dev);
		break;
	case REG_DRV_FEATURES_SEL:
		dev->drv_features_sel = val;
		break;
	case REG_QUEUE_SEL:
		dev->queue_sel = val;
		break;
	case REG_QUEUE_NUM:
		if (vq && !vq->ready)
			vq->num = val;
		break;
	case REG_QUEUE_READY:
		if (vq)
			write_queue_ready(dev, vq, val);
		break;
	case REG_QUEUE_NOTIFY:
		if (val < DISCO_VIO_QUEUES && dev->vq[val].ready)
			dev->ops->notify(dev, val);
		break;
	case REG_INT_ACK:
		dev->int_status &= ~(u32)val;
		update_irq(dev);
		break;
	case REG_STATUS:
		if (!val)
			reset(dev);
		else
			dev->status = val;
		break;
	case REG_QUEUE_DESC_LO:
	case REG_QUEUE_DESC_HI:
	case REG_QUEUE_DRIVER_LO:
	case REG_QUEUE_DRIVER_HI:
	case REG_QUEUE_DEVICE_LO:
	case REG_QUEUE_DEVICE_HI:
		if (!vq || vq->ready)
			break;
		if (off == REG_QUEUE_DESC_LO)
			set_lo(&vq->desc, val);
		else if (off == REG_QUEUE_DESC_HI)
			set_hi(&vq->desc, val);
		else if (off == REG_QUEUE_DRIVER_LO)
			set_lo(&vq->avail, val);
		else if (off == REG_QUEUE_DRIVER_HI)
			set_hi(&vq->avail, val);
		else if (off == REG_QUEUE_DEVICE_LO)
			set_lo(&vq->used, val);
		else
			set_hi(&vq->used, val);
		break;
	}
}

static u16 read_u16(struct disco_vm *vm, u64 gpa)
{
	__le16 v;

	disco_pmap_read(vm, gpa, &v, sizeof(v));
	return le16_to_cpu(v);
}

int disco_vq_pop(struct disco_vio *dev, unsigned int q)
{
	struct disco_vq *vq = &dev->vq[q];
	u16 avail_idx, head;

	if (!vq->ready)
		return -1;
	avail_idx = read_u16(dev->vm, vq->avail + 2);
	if (avail_idx == vq->last_avail)
		return -1;
	if ((u16)(avail_idx - vq->last_avail) > vq->num) {
		queue_broken(dev, vq);
		return -1;
	}
	smp_rmb();	/* the ring entry after the index that published it */
	head = read_u16(dev->vm, vq->avail + 4 + 2ULL * (vq->last_avail % vq->num));
	if (head >= vq->num) {
		queue_broken(dev, vq);
		return -1;
	}
	vq->last_avail++;
	return head;
}

void disco_vq_push(struct disco_vio *dev, unsigned int q, int head, u32 len)
{
	struct disco_vq *vq = &dev->vq[q];
	struct { __le32 id, len; } elem = { cpu_to_le32(head), cpu_to_le32(len) };
	__le16 idx;

	if (!vq->ready)
		return;
	disco_pmap_write(dev->vm, vq->used + 4 + 8ULL * (vq->used_idx % vq->num),
			 &elem, sizeof(elem));
	smp_wmb();	/* the entry before the index that publishes it */
	idx = cpu_to_le16(++vq->used_idx);
	disco_pmap_write(dev->vm, vq->used + 2, &idx, sizeof(idx));
}

int disco_vq_copy(struct disco_vio *dev, unsigned int q, int head, void *buf,
		  size_t len, bool write, size_t skip)
{
	struct disco_vq *vq = &dev->vq[q];
	struct disco_vm *vm = dev->vm;
	struct vring_desc d;
	unsigned int hops = 0;
	u16 idx = head, flags;
	size_t done = 0, n;
	u64 addr;
	u32 dlen;

	for (;;) {
		if (idx >= vq->num || ++hops > vq->num)
			goto broken;
		disco_pmap_read(vm, vq->desc + 16ULL * idx, &d, sizeof(d));
		addr = le64_to_cpu(d.addr);
		dlen = le32_to_cpu(d.len);
		flags = le16_to_cpu(d.flags);
		if (!!(flags & VRING_DESC_F_WRITE) == write) {
			if (!disco_gpa_valid(vm, addr, dlen))
				goto broken;
			if (skip >= dlen) {
				skip -= dlen;
			} else {
				n = min_t(size_t, dlen - skip, len - done);
				if (write)
					disco_pmap_write(vm, addr + skip, buf + done, n);
				else
					disco_pmap_read(vm, addr + skip, buf + done, n);
				done += n;
				skip = 0;
			}
		}
		if (!(flags & VRING_DESC_F_NEXT) || done == len)
			return done;
		idx = le16_to_cpu(d.next);
	}
broken:
	queue_broken(dev, vq);
	return -EFAULT;
}

int disco_vq_chain_len(struct disco_vio *dev, unsigned int q, int head,
		       u64 *readable, u64 *writable)
{
	struct disco_vq *vq = &dev->vq[q];
	unsigned int hops = 0;
	struct vring_desc d;
	u16 idx = head, flags;
	u32 dlen;

	*readable = *writable = 0;
	for (;;) {
		if (idx >= vq->num || ++hops > vq->num)
			break;
		disco_pmap_read(dev->vm, vq->desc + 16ULL * idx, &d, sizeof(d));
		dlen = le32_to_cpu(d.len);
		flags = le16_to_cpu(d.flags);
		if (!disco_gpa_valid(dev->vm, le64_to_cpu(d.addr), dlen))
			break;
		if (flags & VRING_DESC_F_WRITE)
			*writable += dlen;
		else if (!*writable)
			*readable += dlen;
		else
			break;		/* readable after writable: malformed */
		if (!(flags & VRING_DESC_F_NEXT))
			return 0;
		idx = le16_to_cpu(d.next);
	}
	queue_broken(dev, vq);
	return -EFAULT;
}
