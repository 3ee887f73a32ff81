// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: disks.  "--disk FILE" is a persistent disk (the guest's writes
 * reach FILE), "--disk FILE,cow" a non-persistent one (writes stay in host
 * memory and vanish with the VM), "--disk FILE,ro" a read-only one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/disco.h>

#include "discoctl.h"

void parse_disk(const struct cmd *cmd, const char *s, struct disk_arg *d)
{
	const char *comma = strrchr(s, ',');

	d->path = s;
	d->flags = 0;
	if (!comma)
		return;
	if (!strcmp(comma, ",cow"))
		d->flags = DISCO_DISK_COW;
	else if (!strcmp(comma, ",ro"))
		d->flags = DISCO_DISK_READONLY;
	else
		usage_error(cmd, "--disk %s: expected FILE, FILE,cow or FILE,ro", s);
	d->path = strndup(s, comma - s);
	if (!d->path || !*d->path)
		usage_error(cmd, "--disk %s: no file name", s);
}

static const char *add_disk_desc(int err)
{
	switch (err) {
	case EBUSY:
		return "the file is a persistent disk of another VM (use ,cow to share it)";
	case EINVAL:
		return "not a regular file whose size is a multiple of 512 bytes";
	case ENOSPC:
		return "a VM has at most 4 disks";
	}
	return NULL;
}

/* Attach @d to @vm; returns its MMIO slot, or -1 after saying why. */
int add_disk(const struct cmd *cmd, const char *name, int vm,
	     const struct disk_arg *d)
{
	struct disco_disk disk = { 0 };
	char what[300];
	int slot;

	disk.fd = open(d->path, (d->flags ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	snprintf(what, sizeof(what), "adding disk '%s'", d->path);
	if (disk.fd < 0) {
		vm_error(cmd, name, errno, what, NULL);
		return -1;
	}
	disk.flags = d->flags;
	slot = ioctl(vm, DISCO_VM_ADD_DISK, &disk);
	if (slot < 0)
		vm_error(cmd, name, errno, what, add_disk_desc(errno));
	close(disk.fd);		/* the VM holds its own reference */
	return slot;
}

void print_disks(int vm)
{
	struct disco_disk_info di;
	unsigned int slot;

	for (slot = DISCO_MMIO_SLOT_DISK0; slot < DISCO_MMIO_SLOTS; slot++) {
		memset(&di, 0, sizeof(di));
		di.slot = slot;
		if (ioctl(vm, DISCO_VM_GET_DISK, &di) < 0)
			continue;
		printf("disk%u (%s, %llu sectors): reads %llu (%llu bytes), "
		       "writes %llu (%llu bytes), flushes %llu, errors %llu",
		       slot - DISCO_MMIO_SLOT_DISK0,
		       di.flags & DISCO_DISK_COW ? "cow" :
		       di.flags & DISCO_DISK_READONLY ? "ro" : "persistent",
		       (unsigned long long)di.sectors,
		       (unsigned long long)di.reads,
		       (unsigned long long)di.bytes_read,
		       (unsigned long long)di.writes,
		       (unsigned long long)di.bytes_written,
		       (unsigned long long)di.flushes,
		       (unsigned long long)di.errors);
		if (di.flags & DISCO_DISK_COW)
			printf(", %llu blocks held in memory",
			       (unsigned long long)di.cow_blocks);
		printf("\n");
	}
}
