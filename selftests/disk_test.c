// SPDX-License-Identifier: GPL-2.0
/*
 * Disks: DISCO_VM_ADD_DISK and DISCO_VM_GET_DISK, every field and errno
 * (uapi/linux/disco.h, "Disks").  The data path (a Linux guest's ext4 on a
 * persistent and a copy-on-write disk, kill -9 during writes, fsck) is
 * linux_test.sh's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define DISK_SIZE	(1 << 20)

/* A file of @size bytes in /tmp, opened with @flags; -1 on failure. */
static int make_file(char *path, size_t len, off_t size, int flags)
{
	int fd;

	snprintf(path, len, "/tmp/disk_test.%d.XXXXXX", getpid());
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, size) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return open(path, flags);
}

static int add_disk(struct disco_vm *vm, int fd, __u32 flags)
{
	struct disco_disk d = { .fd = fd, .flags = flags };

	return disco_ioctl(vm->fd, DISCO_VM_ADD_DISK, &d);
}

FIXTURE(disk) {
	int dev;
	struct disco_vm vm;
	char path[64];
	int rw, ro;		/* the same 1 MiB file, read-write and read-only */
};

FIXTURE_SETUP(disk)
{
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev);
	disco_vm_init(&self->vm);
	ASSERT_EQ(0, disco_vm_setup(&self->vm, self->dev, "disk", "hello",
				    4 << 20, 0));
	self->rw = make_file(self->path, sizeof(self->path), DISK_SIZE, O_RDWR);
	ASSERT_LE(0, self->rw);
	self->ro = open(self->path, O_RDONLY);
	ASSERT_LE(0, self->ro);
}

FIXTURE_TEARDOWN(disk)
{
	disco_vm_destroy(&self->vm);
	close(self->rw);
	close(self->ro);
	unlink(self->path);
	close(self->dev);
}

/* Every in-field of DISCO_VM_ADD_DISK, each wrong in turn. */
TEST_F(disk, add_invalid)
{
	struct disco_disk d = { .fd = self->rw };
	char odd[64], dir[] = "/tmp";
	int fd;

	d.reserved[2] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_ADD_DISK, &d));
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, self->rw, 0x4));
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, self->rw,
				    DISCO_DISK_COW | DISCO_DISK_READONLY));
	EXPECT_EQ(-EBADF, add_disk(&self->vm, -1, 0));
	EXPECT_EQ(-EBADF, add_disk(&self->vm, 1000, 0));
	/* persistent needs write access; read-only and COW do not */
	EXPECT_EQ(-EBADF, add_disk(&self->vm, self->ro, 0));
	fd = open(self->path, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, add_disk(&self->vm, fd, DISCO_DISK_READONLY));
	close(fd);
	/* not a regular file; sizes 0 and not a multiple of 512 */
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, fd, DISCO_DISK_READONLY));
	close(fd);
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, self->vm.dev, DISCO_DISK_READONLY));
	fd = make_file(odd, sizeof(odd), 0, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, fd, 0));
	ASSERT_EQ(0, ftruncate(fd, 4096 + 1));
	EXPECT_EQ(-EINVAL, add_disk(&self->vm, fd, DISCO_DISK_COW));
	close(fd);
	unlink(odd);
	EXPECT_EQ(-EFAULT, disco_ioctl(self->vm.fd, DISCO_VM_ADD_DISK, NULL));
	/* nothing was attached by any of these */
	EXPECT_EQ(DISCO_MMIO_SLOT_DISK0, add_disk(&self->vm, self->rw, 0));
}

/* Slots in order, ENOSPC when full; one persistent user per file. */
TEST_F(disk, slots_and_one_writer)
{
	struct disco_vm other;
	unsigned int i;

	EXPECT_EQ(DISCO_MMIO_SLOT_DISK0, add_disk(&self->vm, self->rw, 0));
	/* the same file again as this VM's persistent disk: one writer */
	EXPECT_EQ(-EBUSY, add_disk(&self->vm, self->rw, 0));
	for (i = 1; i < DISCO_MMIO_SLOTS - DISCO_MMIO_SLOT_DISK0; i++)
		EXPECT_EQ((int)(DISCO_MMIO_SLOT_DISK0 + i),
			  add_disk(&self->vm, self->ro,
				   i % 2 ? DISCO_DISK_COW : DISCO_DISK_READONLY));
	EXPECT_EQ(-ENOSPC, add_disk(&self->vm, self->ro, DISCO_DISK_COW));

	/* Another VM: not as a persistent disk, but copy-on-write is fine. */
	disco_vm_init(&other);
	ASSERT_EQ(0, disco_vm_setup(&other, self->dev, "disk2", "hello", 4 << 20, 0));
	EXPECT_EQ(-EBUSY, add_disk(&other, self->rw, 0));
	EXPECT_EQ(DISCO_MMIO_SLOT_DISK0, add_disk(&other, self->ro, DISCO_DISK_COW));
	/* Once the first VM is gone, the file is free again. */
	disco_vm_destroy(&self->vm);
	EXPECT_EQ(DISCO_MMIO_SLOT_DISK0 + 1, add_disk(&other, self->rw, 0));
	disco_vm_destroy(&other);
}

/* GET_DISK: in-fields, ENOENT, the counters of a fresh disk. */
TEST_F(disk, get_info)
{
	struct disco_disk_info di;

	memset(&di, 0, sizeof(di));
	di.slot = DISCO_MMIO_SLOT_DISK0;
	EXPECT_EQ(-ENOENT, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	ASSERT_EQ(DISCO_MMIO_SLOT_DISK0, add_disk(&self->vm, self->ro, DISCO_DISK_COW));
	di.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	di.flags = 0;
	di.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	di.reserved[0] = 0;
	di.slot = DISCO_MMIO_SLOT_CONSOLE;
	EXPECT_EQ(-ENOENT, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	di.slot = DISCO_MMIO_SLOTS;
	EXPECT_EQ(-ENOENT, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	di.slot = DISCO_MMIO_SLOT_DISK0;
	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	EXPECT_EQ(DISCO_MMIO_SLOT_DISK0, di.slot);
	EXPECT_EQ(DISCO_DISK_COW, di.flags);
	EXPECT_EQ(DISK_SIZE / DISCO_DISK_SECTOR, di.sectors);
	EXPECT_EQ(0, di.reads + di.writes + di.flushes + di.cow_blocks + di.errors);
	EXPECT_EQ(-EFAULT, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, NULL));
}

/* Disks are part of the machine: none may be added once it has run. */
TEST_F(disk, not_after_run)
{
	struct disco_run run;

	ASSERT_EQ(0, disco_vm_run(&self->vm, 0, &run));
	EXPECT_EQ(DISCO_EXIT_GUEST, run.exit_reason);
	EXPECT_EQ(-EBUSY, add_disk(&self->vm, self->rw, 0));
	EXPECT_EQ(-EBUSY, add_disk(&self->vm, self->ro, DISCO_DISK_COW));
}

/* The VM keeps its own reference: closing and unlinking changes nothing. */
TEST_F(disk, holds_the_file)
{
	struct disco_disk_info di = { .slot = DISCO_MMIO_SLOT_DISK0 };

	ASSERT_EQ(DISCO_MMIO_SLOT_DISK0, add_disk(&self->vm, self->rw, 0));
	close(self->rw);
	self->rw = -1;
	unlink(self->path);
	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_GET_DISK, &di));
	EXPECT_EQ(DISK_SIZE / DISCO_DISK_SECTOR, di.sectors);
	EXPECT_EQ(0, di.flags);
}

TEST_HARNESS_MAIN
