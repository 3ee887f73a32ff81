// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio console (virtio 1.1, section 5.3): one port, no features.
 * Its output joins the VM console (what read(2) on the VM descriptor
 * returns, with the monitor calls' output); its input is what is written
 * to the VM descriptor.  Every VM has it, in MMIO slot
 * DISCO_MMIO_SLOT_CONSOLE.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vio.h"
#include "../vcpu/vcpu.h"

#define VIRTIO_ID_CONSOLE	3
#define Q_RX			0	/* receiveq: host to guest */
#define Q_TX			1	/* transmitq: guest to host */
#define CHUNK			512

/* Fill the guest's receive buffers from the input FIFO; dev->lock held. */
static void console_rx(struct disco_vio *dev)
{
	char buf[CHUNK];
	bool used = false;
	unsigned int n;
	int head, done;

	while (!kfifo_is_empty(&dev->input)) {
		head = disco_vq_pop(dev, Q_RX);
		if (head < 0)
			break;
		n = kfifo_out_peek(&dev->input, buf, sizeof(buf));
		done = disco_vq_copy(dev, Q_RX, head, buf, n, true, 0);
		if (done < 0)
			break;
		n = kfifo_out(&dev->input, buf, done);	/* consume what went in */
		disco_vq_push(dev, Q_RX, head, done);
		used = true;
	}
	if (used)
		disco_vio_interrupt(dev);
}

/* Send what the guest queued to the VM console; dev->lock held. */
static void console_tx(struct disco_vio *dev)
{
	char *buf = kmalloc(CHUNK, GFP_KERNEL);
	bool used = false;
	size_t off;
	int head, n;

	if (!buf)
		return;
	while ((head = disco_vq_pop(dev, Q_TX)) >= 0) {
		for (off = 0; ; off += n) {
			n = disco_vq_copy(dev, Q_TX, head, buf, CHUNK, false, off);
			if (n <= 0)
				break;
			disco_console_write(&dev->vm->console, buf, n);
		}
		if (n < 0)
			break;		/* a broken chain broke the queue */
		disco_vq_push(dev, Q_TX, head, 0);
		used = true;
		cond_resched();
	}
	kfree(buf);
	if (used)
		disco_vio_interrupt(dev);
}

static void console_notify(struct disco_vio *dev, unsigned int queue)
{
	if (queue == Q_TX)
		console_tx(dev);
	else
		console_rx(dev);
}

static const struct disco_vio_ops console_ops = {
	.device_id	= VIRTIO_ID_CONSOLE,
	.notify		= console_notify,
};

/**
 * disco_vio_console_input - the VM descriptor's write(2): console input.
 * @vm:		the VM
 * @ubuf:	the bytes, in the caller's memory
 * @len:	how many
 *
 * Return: bytes taken (the input buffer holds 4 KiB), -EAGAIN if none fit.
 */
ssize_t disco_vio_console_input(struct disco_vm *vm, const char __user *ubuf,
				size_t len)
{
	struct disco_vio *dev = vm->vio[DISCO_MMIO_SLOT_CONSOLE];
	unsigned int copied;
	int ret;

	if (!len)
		return 0;
	mutex_lock(&dev->lock);
	ret = kfifo_from_user(&dev->input, ubuf, len, &copied);
	if (!ret && !copied)
		ret = -EAGAIN;
	if (!ret)
		console_rx(dev);
	mutex_unlock(&dev->lock);
	if (ret)
		return ret;
	return copied;
}

/**
 * disco_vio_new - a device in an MMIO slot, in reset state.
 * @vm:		the VM
 * @slot:	a free slot; the guest sees the device once the caller
 *		publishes it in vm->vio[@slot]
 * @ops:	the device type
 *
 * Return: the device, or NULL without memory.
 */
struct disco_vio *disco_vio_new(struct disco_vm *vm, unsigned int slot,
				const struct disco_vio_ops *ops)
{
	struct disco_vio *dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);

	if (!dev)
		return NULL;
	dev->vm = vm;
	dev->slot = slot;
	dev->ops = ops;
	mutex_init(&dev->lock);
	INIT_KFIFO(dev->input);
	return dev;
}

int disco_vio_init(struct disco_vm *vm)
{
	struct disco_vio *dev;

	dev = disco_vio_new(vm, DISCO_MMIO_SLOT_CONSOLE, &console_ops);
	if (!dev)
		return -ENOMEM;
	vm->vio[dev->slot] = dev;
	return 0;
}

void disco_vio_free(struct disco_vm *vm)
{
	unsigned int i;

	for (i = 0; i < DISCO_MMIO_SLOTS; i++) {
		if (vm->vio[i] && vm->vio[i]->ops->release)
			vm->vio[i]->ops->release(vm->vio[i]);
		kfree(vm->vio[i]);
		vm->vio[i] = NULL;
	}
}
