/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco virtual I/O: virtio-mmio devices in the guest's MMIO window
 * (uapi/linux/disco.h, "The MMIO window").  Guest loads and stores there
 * trap and are emulated (mmio.c); the device registers are virtio-mmio
 * version 2 (virtio_mmio.c) with split virtqueues in guest memory, read
 * and written through the pmap; the interrupt is a Cause.IP line of vCPU 0.
 */
#ifndef DISCO_VIO_VIO_H
#define DISCO_VIO_VIO_H

#include <linux/kfifo.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "../disco.h"

#define DISCO_VIO_QUEUES	2
#define DISCO_VIO_QUEUE_MAX	256	/* QueueNumMax */

/* A split virtqueue, as the driver configured it (guest-physical). */
struct disco_vq {
	u32 num;
	bool ready;
	u64 desc, avail, used;
	u16 last_avail;			/* next avail ring entry to take */
	u16 used_idx;			/* next used ring entry to fill */
};

struct disco_vio;

struct disco_vio_ops {
	u32 device_id;
	/* besides VIRTIO_F_VERSION_1; the device's own, if it varies */
	u64 (*features)(const struct disco_vio *dev);
	void (*notify)(struct disco_vio *dev, unsigned int queue);
	void (*reset)(struct disco_vio *dev);
	/* device config space, little-endian, at @off from 0x100 (optional) */
	u64 (*config_read)(struct disco_vio *dev, u64 off, unsigned int size);
	void (*release)(struct disco_vio *dev);	/* at VM free (optional) */
};

/* One virtio-mmio device; everything under @lock. */
struct disco_vio {
	struct disco_vm *vm;
	unsigned int slot;		/* registers and interrupt line */
	const struct disco_vio_ops *ops;
	struct mutex lock;

	u32 status;
	u32 int_status;
	u32 dev_features_sel, drv_features_sel;
	u64 driver_features;
	u32 queue_sel;
	struct disco_vq vq[DISCO_VIO_QUEUES];

	void *priv;			/* the device's own state (blk.c) */

	/* the console: input written to the VM descriptor, not yet taken */
	DECLARE_KFIFO(input, char, 4096);
};

#define DISCO_VIO_CONFIG	0x100	/* offset of the device config space */

/* mmio.c */
bool disco_vio_covers(u64 gpa);
enum disco_resume disco_vio_mmio(struct disco_vcpu *vcpu, u64 gpa);

/* virtio_mmio.c */
u64 disco_vio_read(struct disco_vio *dev, u64 off, unsigned int size);
void disco_vio_write(struct disco_vio *dev, u64 off, unsigned int size, u64 val);
void disco_vio_interrupt(struct disco_vio *dev);
/* the next chain of @q: its head, or -1 if none (or the queue is broken) */
int disco_vq_pop(struct disco_vio *dev, unsigned int q);
void disco_vq_push(struct disco_vio *dev, unsigned int q, int head, u32 len);
/*
 * Copy between a chain and a buffer: the chain's device-readable bytes
 * into @buf (@write false), or @buf into its device-writable ones; at most
 * @len bytes.  Return: bytes copied, or -EFAULT for a broken chain.
 */
int disco_vq_copy(struct disco_vio *dev, unsigned int q, int head, void *buf,
		  size_t len, bool write, size_t skip);
/*
 * The sizes of a chain's device-readable and device-writable parts.
 * Return: 0, or -EFAULT for a broken chain (the queue is then stopped).
 */
int disco_vq_chain_len(struct disco_vio *dev, unsigned int q, int head,
		       u64 *readable, u64 *writable);

/* console.c */
int disco_vio_init(struct disco_vm *vm);
void disco_vio_free(struct disco_vm *vm);
struct disco_vio *disco_vio_new(struct disco_vm *vm, unsigned int slot,
				const struct disco_vio_ops *ops);
ssize_t disco_vio_console_input(struct disco_vm *vm, const char __user *buf,
				size_t len);

/* blk.c: the ioctls DISCO_VM_ADD_DISK and DISCO_VM_GET_DISK */
int disco_vio_add_disk(struct disco_vm *vm, void __user *argp);
int disco_vio_get_disk(struct disco_vm *vm, void __user *argp);

#endif /* DISCO_VIO_VIO_H */
