/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the disco kselftests: /dev/disco, VMs, guest images.
 * Functions return 0 (or a value >= 0) on success and -errno on failure,
 * so tests can ASSERT_EQ(0, ...) and still see the errno in the log.
 */
#ifndef DISCO_UTIL_H
#define DISCO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/disco.h>

#include "guest_layout.h"

#define DISCO_DEV		"/dev/disco"
#define DISCO_GUESTS_DEFAULT	"/disco/guests"

/*
 * struct disco_vm - one VM created by a test.
 * @dev:	/dev/disco descriptor (owned by the caller, not closed here)
 * @fd:		VM descriptor, -1 if not open
 * @name:	the VM's name
 * @created:	the VM exists and disco_vm_destroy() must remove it
 * @entry, @gpa_start, @gpa_end: from the last DISCO_VM_LOAD_ELF
 */
struct disco_vm {
	int dev;
	int fd;
	char name[DISCO_NAME_MAX];
	bool created;
	__u64 mem_size;
	__u64 entry;
	__u64 gpa_start;
	__u64 gpa_end;
	__u32 flags;		/* DISCO_VM_* for disco_vm_create() */
	__u32 mem_node;		/* ... with DISCO_VM_MEMBIND */
	__u32 cpu_node;		/* ... with DISCO_VM_CPUBIND */
};

/* Opens /dev/disco; -errno on failure. */
int disco_open_dev(void);

/* A fresh VM name "<prefix>-<pid>-<counter>", valid and unique per host. */
void disco_unique_name(char *buf, size_t size, const char *prefix);

/* Thin ioctl wrappers: the result, or -errno. */
int disco_ioctl(int fd, unsigned long req, void *arg);

int disco_vm_create(struct disco_vm *vm, int dev, const char *prefix,
		    __u64 mem_size, __u32 max_vcpus);
int disco_vm_destroy(struct disco_vm *vm);
void disco_vm_init(struct disco_vm *vm);

/* Reads a whole file; NULL (errno set) on failure.  free() the result. */
void *disco_read_file(const char *path, size_t *size);
/* $DISCO_GUESTS/<name>.elf into @buf. */
void disco_guest_path(char *buf, size_t size, const char *name);

int disco_vm_load_elf(struct disco_vm *vm, const void *image, size_t size);
int disco_vm_load_guest(struct disco_vm *vm, const char *guest);

int disco_vm_get_regs(struct disco_vm *vm, __u32 vcpu, struct disco_regs *regs);
int disco_vm_set_regs(struct disco_vm *vm, const struct disco_regs *regs);

/*
 * Creates a VM of @mem_size bytes with one vCPU, loads guest @guest, sets
 * vCPU 0's pc to the entry point and a0 to @arg.
 */
int disco_vm_setup(struct disco_vm *vm, int dev, const char *prefix,
		   const char *guest, __u64 mem_size, __u64 arg);

/* DISCO_VM_RUN of vCPU @vcpu; @run is filled in.  Retries nothing. */
int disco_vm_run(struct disco_vm *vm, __u32 vcpu, struct disco_run *run);

/*
 * Reads what the console holds without blocking into @buf (NUL-terminated,
 * at most @size - 1 bytes); returns the length or -errno.
 */
ssize_t disco_vm_console(struct disco_vm *vm, char *buf, size_t size);

int disco_vm_stats(struct disco_vm *vm, __u32 vcpu, struct disco_stats *st);
int disco_vm_read(struct disco_vm *vm, __u64 gpa, void *buf, __u64 size);

const char *disco_exit_name(__u32 reason);

/**
 * disco_run_image() - run guest @guest in a new VM, to its end.
 * @vm:		an initialised struct disco_vm (its flags are used)
 * @step:	out: which step failed, for the log
 *
 * Creates the VM (@mem_size bytes, one vCPU, a0 = @arg), runs vCPU 0 into
 * @run, reads the console into @console (NUL-terminated) and the VM's
 * statistics into @stats.  Returns 0 or -errno.
 */
int disco_run_image(struct disco_vm *vm, int dev, const char *prefix,
		    const char *guest, __u64 mem_size, __u64 arg,
		    struct disco_run *run, char *console, size_t console_size,
		    struct disco_stats *stats, const char **step);

/* disco.ko's .text address (host memory in csseg), or 0 if unreadable. */
__u64 disco_module_text(void);

#endif /* DISCO_UTIL_H */
