// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio block device (virtio 1.1, section 5.2), backed by a host file.
 *
 * Requests are served synchronously, in the vCPU thread that wrote
 * QueueNotify, through a bounce buffer: the file is read or written with
 * kernel_read()/kernel_write(), guest memory through the pmap.  So a
 * persistent disk's write is in the file's page cache before the guest
 * sees it complete, and survives the VM being killed at any point; a flush
 * request is vfs_fsync().  A DISCO_DISK_COW disk keeps the guest's writes
 * in host pages, one per DISCO_PAGE_SIZE block of the disk, and never
 * writes the file.  One VM at a time may have a file as a persistent disk.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <asm/unaligned.h>

#include "vio.h"
#include "../mmu/mmu.h"
#include "../vcpu/vcpu.h"

#define VIRTIO_ID_BLOCK		2
#define VIRTIO_BLK_F_SEG_MAX	(1ULL << 2)
#define VIRTIO_BLK_F_RO		(1ULL << 5)
#define VIRTIO_BLK_F_FLUSH	(1ULL << 9)

enum {
	VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4,
	VIRTIO_BLK_T_GET_ID = 8,
};

enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

#define Q_REQ		0
#define BOUNCE_SIZE	(64 * 1024)
#define SEG_MAX		(DISCO_VIO_QUEUE_MAX - 2)	/* header and status */
#define BLK_ID_BYTES	20
#define COW_BLOCK	DISCO_PAGE_SIZE

struct blk_req_hdr {
	__le32 type;
	__le32 ioprio;
	__le64 sector;
};

struct disco_blk {
	struct file *file;
	u32 flags;			/* DISCO_DISK_* */
	u64 size;			/* bytes */
	void *bounce;			/* BOUNCE_SIZE, under the device lock */
	struct xarray cow;		/* block -> struct page *, DISCO_DISK_COW */
	struct disco_disk_info stats;	/* the counters of DISCO_VM_GET_DISK */
	struct list_head claim;		/* in persistent_disks */
};

/* Files attached as persistent disks: one VM writes a disk at a time. */
static DEFINE_MUTEX(persistent_lock);
static LIST_HEAD(persistent_disks);

static u64 blk_features(const struct disco_vio *dev)
{
	const struct disco_blk *blk = dev->priv;
	u64 f = VIRTIO_BLK_F_SEG_MAX;

	if (blk->flags & DISCO_DISK_READONLY)
		f |= VIRTIO_BLK_F_RO;
	else if (!(blk->flags & DISCO_DISK_COW))
		f |= VIRTIO_BLK_F_FLUSH;
	return f;
}

/* struct virtio_blk_config: capacity (u64) at 0, seg_max (u32) at 12. */
static u64 blk_config_read(struct disco_vio *dev, u64 off, unsigned int size)
{
	const struct disco_blk *blk = dev->priv;
	u8 cfg[16] = { 0 };

	put_unaligned_le64(blk->size / DISCO_DISK_SECTOR, cfg);
	put_unaligned_le32(SEG_MAX, cfg + 12);
	if (off + size > sizeof(cfg))
		return 0;
	switch (size) {
	case 1:	return cfg[off];
	case 2:	return get_unaligned_le16(cfg + off);
	case 4:	return get_unaligned_le32(cfg + off);
	case 8:	return get_unaligned_le64(cfg + off);
	}
	return 0;
}

/* The COW block of @pos, created from the file's contents if @create. */
static struct page *cow_block(struct disco_blk *blk, u64 pos, bool create)
{
	unsigned long idx = pos / COW_BLOCK;
	struct page *page = xa_load(&blk->cow, idx);
	loff_t fpos = (loff_t)idx * COW_BLOCK;
	ssize_t n;

	if (page || !create)
		return page;
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return NULL;
	n = kernel_read(blk->file, page_address(page),
			min_t(u64, COW_BLOCK, blk->size - fpos), &fpos);
	if (n < 0 || xa_err(xa_store(&blk->cow, idx, page, GFP_KERNEL_ACCOUNT))) {
		__free_page(page);
		return NULL;
	}
	blk->stats.cow_blocks++;
	return page;
}

/* Read @len bytes at @pos of the disk, as the guest sees it, into @buf. */
static int disk_read(struct disco_blk *blk, void *buf, size_t len, u64 pos)
{
	size_t n;
	struct page *page;
	loff_t fpos;

	while (len) {
		n = min_t(size_t, len, COW_BLOCK - pos % COW_BLOCK);
		page = blk->flags & DISCO_DISK_COW ? cow_block(blk, pos, false) : NULL;
		if (page) {
			memcpy(buf, page_address(page) + pos % COW_BLOCK, n);
		} else {
			fpos = pos;
			if (kernel_read(blk->file, buf, n, &fpos) != n)
				return -EIO;
		}
		buf += n;
		pos += n;
		len -= n;
	}
	return 0;
}

static int disk_write(struct disco_blk *blk, const void *buf, size_t len, u64 pos)
{
	struct page *page;
	loff_t fpos = pos;
	size_t n;

	if (!(blk->flags & DISCO_DISK_COW))
		return kernel_write(blk->file, buf, len, &fpos) == len ? 0 : -EIO;
	while (len) {
		n = min_t(size_t, len, COW_BLOCK - pos % COW_BLOCK);
		page = cow_block(blk, pos, true);
		if (!page)
			return -ENOMEM;
		memcpy(page_address(page) + pos % COW_BLOCK, buf, n);
		buf += n;
		pos += n;
		len -= n;
	}
	return 0;
}

/*
 * Move @len bytes between the disk at @pos and the chain's data, which
 * starts @skip bytes into its readable (OUT) or writable (IN) part.
 */
static u8 blk_rw(struct disco_vio *dev, int head, bool in, u64 pos, u64 len,
		 size_t skip)
{
	struct disco_blk *blk = dev->priv;
	size_t done, n;

	if (len % DISCO_DISK_SECTOR || pos > blk->size || len > blk->size - pos)
		return VIRTIO_BLK_S_IOERR;
	if (!in && (blk->flags & DISCO_DISK_READONLY))
		return VIRTIO_BLK_S_IOERR;
	for (done = 0; done < len; done += n) {
		n = min_t(u64, len - done, BOUNCE_SIZE);
		if (in) {
			if (disk_read(blk, blk->bounce, n, pos + done) ||
			    disco_vq_copy(dev, Q_REQ, head, blk->bounce, n, true,
					  skip + done) != n)
				return VIRTIO_BLK_S_IOERR;
		} else {
			if (disco_vq_copy(dev, Q_REQ, head, blk->bounce, n, false,
					  skip + done) != n ||
			    disk_write(blk, blk->bounce, n, pos + done))
				return VIRTIO_BLK_S_IOERR;
		}
		cond_resched();
	}
	if (in) {
		blk->stats.reads++;
		blk->stats.bytes_read += len;
	} else {
		blk->stats.writes++;
		blk->stats.bytes_written += len;
	}
	return VIRTIO_BLK_S_OK;
}

static u8 blk_flush(struct disco_blk *blk)
{
	blk->stats.flushes++;
	if (blk->flags & (DISCO_DISK_COW | DISCO_DISK_READONLY))
		return VIRTIO_BLK_S_OK;
	return vfs_fsync(blk->file, 0) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

/* Serve one request; return the bytes written into the chain. */
static u32 blk_request(struct disco_vio *dev, int head, u64 readable, u64 writable)
{
	struct disco_blk *blk = dev->priv;
	char id[BLK_ID_BYTES] = "disco-disk";
	struct blk_req_hdr hdr;
	u32 used = 1;
	u8 status;
	u64 pos;

	if (disco_vq_copy(dev, Q_REQ, head, &hdr, sizeof(hdr), false, 0) != sizeof(hdr))
		return 0;
	pos = le64_to_cpu(hdr.sector);
	pos = pos > U64_MAX / DISCO_DISK_SECTOR ? U64_MAX : pos * DISCO_DISK_SECTOR;
	switch (le32_to_cpu(hdr.type)) {
	case VIRTIO_BLK_T_IN:
		status = blk_rw(dev, head, true, pos, writable - 1, 0);
		if (status == VIRTIO_BLK_S_OK)
			used += writable - 1;
		break;
	case VIRTIO_BLK_T_OUT:
		status = blk_rw(dev, head, false, pos, readable - sizeof(hdr),
				sizeof(hdr));
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = blk_flush(blk);
		break;
	case VIRTIO_BLK_T_GET_ID:
		if (writable - 1 < BLK_ID_BYTES) {
			status = VIRTIO_BLK_S_IOERR;
			break;
		}
		disco_vq_copy(dev, Q_REQ, head, id, BLK_ID_BYTES, true, 0);
		used += BLK_ID_BYTES;
		status = VIRTIO_BLK_S_OK;
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
	}
	if (status != VIRTIO_BLK_S_OK)
		blk->stats.errors++;
	/* The status byte is the last writable one. */
	if (disco_vq_copy(dev, Q_REQ, head, &status, 1, true, writable - 1) != 1)
		return 0;
	return used;
}

static void blk_notify(struct disco_vio *dev, unsigned int queue)
{
	u64 readable, writable;
	bool used = false;
	int head;

	if (queue != Q_REQ)
		return;
	while ((head = disco_vq_pop(dev, Q_REQ)) >= 0) {
		if (disco_vq_chain_len(dev, Q_REQ, head, &readable, &writable))
			break;
		if (readable < sizeof(struct blk_req_hdr) || !writable) {
			/* Malformed: nowhere to put a status.  Give it back. */
			struct disco_blk *blk = dev->priv;

			blk->stats.errors++;
			disco_vq_push(dev, Q_REQ, head, 0);
		} else {
			disco_vq_push(dev, Q_REQ, head,
				      blk_request(dev, head, readable, writable));
		}
		used = true;
	}
	if (used)
		disco_vio_interrupt(dev);
}

/* Undo blk_alloc() and any claim; drops the file reference if it holds one. */
static void blk_free(struct disco_blk *blk)
{
	struct page *page;
	unsigned long idx;

	if (!list_empty(&blk->claim)) {
		mutex_lock(&persistent_lock);
		list_del(&blk->claim);
		mutex_unlock(&persistent_lock);
	}
	xa_for_each(&blk->cow, idx, page)
		__free_page(page);
	xa_destroy(&blk->cow);
	if (blk->file)
		fput(blk->file);
	kfree(blk->bounce);
	kfree(blk);
}

static void blk_release(struct disco_vio *dev)
{
	if (dev->priv)
		blk_free(dev->priv);
}

static const struct disco_vio_ops blk_ops = {
	.device_id	= VIRTIO_ID_BLOCK,
	.features	= blk_features,
	.notify		= blk_notify,
	.config_read	= blk_config_read,
	.release	= blk_release,
};

/* Register @blk as its file's one persistent user; -EBUSY if taken. */
static int claim_persistent(struct disco_blk *blk)
{
	struct inode *inode = file_inode(blk->file);
	struct disco_blk *other;
	int ret = 0;

	mutex_lock(&persistent_lock);
	list_for_each_entry(other, &persistent_disks, claim)
		if (file_inode(other->file) == inode)
			ret = -EBUSY;
	if (!ret)
		list_add(&blk->claim, &persistent_disks);
	mutex_unlock(&persistent_lock);
	return ret;
}

static int check_disk_args(const struct disco_disk *args, struct file *file)
{
	u64 size;

	if ((args->flags & ~(DISCO_DISK_COW | DISCO_DISK_READONLY)) ||
	    args->flags == (DISCO_DISK_COW | DISCO_DISK_READONLY) ||
	    memchr_inv(args->reserved, 0, sizeof(args->reserved)))
		return -EINVAL;
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!args->flags && !(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!S_ISREG(file_inode(file)->i_mode))
		return -EINVAL;
	size = i_size_read(file_inode(file));
	if (!size || size % DISCO_DISK_SECTOR)
		return -EINVAL;
	return 0;
}

static struct disco_blk *blk_alloc(struct file *file, u32 flags)
{
	struct disco_blk *blk = kzalloc(sizeof(*blk), GFP_KERNEL_ACCOUNT);

	if (!blk)
		return NULL;
	blk->bounce = kmalloc(BOUNCE_SIZE, GFP_KERNEL_ACCOUNT);
	if (!blk->bounce) {
		kfree(blk);
		return NULL;
	}
	blk->file = file;
	blk->flags = flags;
	blk->size = i_size_read(file_inode(file));
	blk->stats.flags = flags;
	blk->stats.sectors = blk->size / DISCO_DISK_SECTOR;
	xa_init(&blk->cow);
	INIT_LIST_HEAD(&blk->claim);
	return blk;
}

/* Attach @file in a free slot; vm->lock held.  Return: the slot. */
static int attach(struct disco_vm *vm, struct file *file, u32 flags)
{
	struct disco_vio *dev;
	struct disco_blk *blk;
	unsigned int slot;
	int ret;

	if (READ_ONCE(vm->destroyed))
		return -ENODEV;
	if (READ_ONCE(vm->ever_ran))
		return -EBUSY;
	for (slot = DISCO_MMIO_SLOT_DISK0; slot < DISCO_MMIO_SLOTS; slot++)
		if (!vm->vio[slot])
			break;
	if (slot == DISCO_MMIO_SLOTS)
		return -ENOSPC;
	blk = blk_alloc(file, flags);
	if (!blk)
		return -ENOMEM;
	ret = flags ? 0 : claim_persistent(blk);
	dev = ret ? NULL : disco_vio_new(vm, slot, &blk_ops);
	if (!dev) {
		blk->file = NULL;	/* the caller's reference: it puts it */
		blk_free(blk);
		return ret ?: -ENOMEM;
	}
	dev->priv = blk;
	/* The MMIO path reads vm->vio[] without the lock. */
	smp_store_release(&vm->vio[slot], dev);
	return slot;
}

/**
 * disco_vio_add_disk - DISCO_VM_ADD_DISK.
 * @vm:		the VM
 * @argp:	struct disco_disk in the caller's memory
 *
 * Return: the disk's MMIO slot, or a negative errno (uapi/linux/disco.h).
 */
int disco_vio_add_disk(struct disco_vm *vm, void __user *argp)
{
	struct disco_disk args;
	struct file *file;
	int ret;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.fd < 0)
		return -EBADF;
	file = fget(args.fd);
	if (!file)
		return -EBADF;
	ret = check_disk_args(&args, file);
	if (!ret) {
		mutex_lock(&vm->lock);
		ret = attach(vm, file, args.flags);
		mutex_unlock(&vm->lock);
	}
	if (ret < 0)
		fput(file);
	return ret;
}

/**
 * disco_vio_get_disk - DISCO_VM_GET_DISK: a disk's size and counters.
 * @vm:		the VM
 * @argp:	struct disco_disk_info in the caller's memory
 *
 * Return: 0, or a negative errno (uapi/linux/disco.h).
 */
int disco_vio_get_disk(struct disco_vm *vm, void __user *argp)
{
	struct disco_disk_info info;
	struct disco_vio *dev;
	u32 slot;

	if (copy_from_user(&info, argp, sizeof(info)))
		return -EFAULT;
	if (info.flags || memchr_inv(info.reserved, 0, sizeof(info.reserved)))
		return -EINVAL;
	slot = info.slot;
	if (slot < DISCO_MMIO_SLOT_DISK0 || slot >= DISCO_MMIO_SLOTS)
		return -ENOENT;
	dev = smp_load_acquire(&vm->vio[slot]);	/* pairs with attach() */
	if (!dev)
		return -ENOENT;
	mutex_lock(&dev->lock);
	info = ((struct disco_blk *)dev->priv)->stats;
	mutex_unlock(&dev->lock);
	info.slot = slot;
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}
