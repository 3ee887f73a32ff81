// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's disk ioctls (DISCO_VM_ADD_DISK, DISCO_VM_GET_DISK) and the
 * files they name: a valid disk opened read-write and read-only, a
 * directory and a file whose size is no multiple of 512, plus descriptors
 * that are negative or not open.  The kernel's order of checks is modelled
 * exactly (uapi/linux/disco.h); what depends on state the fuzzer does not
 * track (has the VM run, is the file another VM's persistent disk) is
 * accepted either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define DISK_BYTES	(64 << 10)

enum { D_RW, D_RO, D_DIR, D_ODD, NR_DISK_FDS };

static const char * const disk_fd_name[NR_DISK_FDS] = { "rw", "ro", "dir", "odd" };

static int make_file(struct fuzz *fz, int k, off_t size)
{
	int fd;

	snprintf(fz->disk_path[k], sizeof(fz->disk_path[k]), "/tmp/fz-disk.%d.XXXXXX",
		 (int)getpid());
	fd = mkstemp(fz->disk_path[k]);
	if (fd < 0 || ftruncate(fd, size) < 0)
		return -1;
	return fd;
}

int fz_disk_setup(struct fuzz *fz)
{
	fz->disk_fd[D_RW] = make_file(fz, 0, DISK_BYTES);
	fz->disk_fd[D_RO] = open(fz->disk_path[0], O_RDONLY | O_CLOEXEC);
	fz->disk_fd[D_DIR] = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fz->disk_fd[D_ODD] = make_file(fz, 1, 1000);
	for (int k = 0; k < NR_DISK_FDS; k++)
		if (fz->disk_fd[k] < 0)
			return -errno;
	return 0;
}

void fz_disk_teardown(struct fuzz *fz)
{
	for (int k = 0; k < NR_DISK_FDS; k++)
		if (fz->disk_fd[k] > 0)
			close(fz->disk_fd[k]);
	unlink(fz->disk_path[0]);
	unlink(fz->disk_path[1]);
}

void fz_add_disk(struct fuzz *fz, int i)
{
	static const __u32 good_flags[] = { 0, DISCO_DISK_COW, DISCO_DISK_READONLY };
	enum ptrkind kind = fz_pick_ptrkind();
	struct slot *s = fz_fd_slot(fz, i);
	struct expect x = { .ok = true };
	struct disco_disk d, *arg;
	int k = rndn(NR_DISK_FDS + 2), r;
	char desc[128];

	memset(&d, 0, sizeof(d));
	if (k < NR_DISK_FDS)
		d.fd = fz->disk_fd[k];
	else
		d.fd = k == NR_DISK_FDS ? -1 - (int)rndn(3) : 900 + (int)rndn(100);
	d.flags = chance(80) ? good_flags[rndn(3)] : (__u32)rnd();
	if (chance(10))
		d.reserved[rndn(3)] = rnd() | 1;

	if (k >= NR_DISK_FDS)
		fz_exp_err(&x, EBADF);
	else if ((d.flags & ~(DISCO_DISK_COW | DISCO_DISK_READONLY)) ||
		 d.flags == (DISCO_DISK_COW | DISCO_DISK_READONLY) ||
		 memchr_nonzero(d.reserved, sizeof(d.reserved)))
		fz_exp_err(&x, EINVAL);
	else if (!d.flags && (k == D_RO || k == D_DIR))
		fz_exp_err(&x, EBADF);		/* persistent needs write access */
	else if (k == D_DIR || k == D_ODD)
		fz_exp_err(&x, EINVAL);
	else if (!fz_fd_vm(fz, i))
		fz_exp_err(&x, ENODEV);		/* the descriptor's VM was destroyed */
	else {
		/* state the model leaves open: run already, slots, claims */
		fz_exp_add(&x, EBUSY);
		fz_exp_add(&x, ENOSPC);
	}
	arg = fz_place(fz, kind, &d, sizeof(d));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(d), false);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_ADD_DISK, arg);
	snprintf(desc, sizeof(desc), "arg %s %p fd %d (%s) flags %#x", fz_ptrkind_name[kind],
		 (void *)arg, d.fd, k < NR_DISK_FDS ? disk_fd_name[k] : "bad", d.flags);
	fz_check(fz, C_ADD_DISK, r, &x, desc);
	if (r < 0)
		return;
	if (r < DISCO_MMIO_SLOT_DISK0 || r >= DISCO_MMIO_SLOTS)
		fz_report(fz, C_ADD_DISK, r, "state", "slot %d out of range", r);
	else if (s)
		s->disks = r;	/* slots fill in order: this is the newest */
}

void fz_get_disk(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct slot *s = fz_fd_slot(fz, i);
	struct expect x = { .ok = true };
	struct disco_disk_info di, *arg;
	char desc[128];
	int r;

	memset(&di, 0, sizeof(di));
	if (s && s->disks && chance(70))
		di.slot = DISCO_MMIO_SLOT_DISK0 + rndn(s->disks);
	else
		di.slot = chance(80) ? rndn(DISCO_MMIO_SLOTS + 1) : (__u32)rnd();
	if (chance(10))
		di.flags = rnd() | 1;
	if (chance(10))
		di.reserved[rndn(3)] = rnd() | 1;
	if (di.flags || memchr_nonzero(di.reserved, sizeof(di.reserved)))
		fz_exp_err(&x, EINVAL);
	else if (di.slot < DISCO_MMIO_SLOT_DISK0 || di.slot >= DISCO_MMIO_SLOTS)
		fz_exp_err(&x, ENOENT);
	else if (!s || di.slot > s->disks)
		fz_exp_add(&x, ENOENT);	/* another fd's VM may have added one */
	arg = fz_place(fz, kind, &di, sizeof(di));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(di), true);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_DISK, arg);
	snprintf(desc, sizeof(desc), "arg %s %p slot %u flags %#x", fz_ptrkind_name[kind],
		 (void *)arg, di.slot, di.flags);
	fz_check(fz, C_GET_DISK, r, &x, desc);
	if (r != 0 || kind == P_READONLY || kind == P_PARTIAL)
		return;
	memcpy(&di, arg, sizeof(di));
	if (memchr_nonzero(di.reserved, sizeof(di.reserved)) ||
	    di.sectors != DISK_BYTES / DISCO_DISK_SECTOR ||
	    (di.flags & ~(DISCO_DISK_COW | DISCO_DISK_READONLY)))
		fz_report(fz, C_GET_DISK, r, "state", "slot %u: flags %#x, %llu sectors",
			  di.slot, di.flags, (unsigned long long)di.sectors);
}
