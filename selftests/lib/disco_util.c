// SPDX-License-Identifier: GPL-2.0
/* Helpers for the disco kselftests (see disco_util.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disco_util.h"

int disco_open_dev(void)
{
	int fd = open(DISCO_DEV, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void disco_unique_name(char *buf, size_t size, const char *prefix)
{
	static unsigned int counter;

	snprintf(buf, size, "%s-%d-%u", prefix, (int)getpid(), counter++);
}

int disco_ioctl(int fd, unsigned long req, void *arg)
{
	int r = ioctl(fd, req, arg);

	return r < 0 ? -errno : r;
}

void disco_vm_init(struct disco_vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->dev = -1;
	vm->fd = -1;
}

/**
 * disco_vm_create() - create a uniquely named VM and open it.
 *
 * On failure nothing is left behind: a VM that was created but could not
 * be opened is destroyed again.
 */
int disco_vm_create(struct disco_vm *vm, int dev, const char *prefix,
		    __u64 mem_size, __u32 max_vcpus)
{
	struct disco_vm_create c = { .mem_size = mem_size,
				     .max_vcpus = max_vcpus,
				     .flags = vm->flags,
				     .mem_node = vm->mem_node,
				     .cpu_node = vm->cpu_node };
	struct disco_vm_ref ref = {};
	int r;

	disco_vm_init(vm);
	vm->dev = dev;
	vm->mem_size = mem_size;
	disco_unique_name(c.name, sizeof(c.name), prefix);
	memcpy(vm->name, c.name, sizeof(vm->name));
	r = disco_ioctl(dev, DISCO_CREATE_VM, &c);
	if (r < 0)
		return r;
	vm->created = true;

	memcpy(ref.name, vm->name, sizeof(ref.name));
	r = disco_ioctl(dev, DISCO_OPEN_VM, &ref);
	if (r < 0) {
		disco_vm_destroy(vm);
		return r;
	}
	vm->fd = r;
	return 0;
}

/* Destroys (if created) and closes; safe to call twice. */
int disco_vm_destroy(struct disco_vm *vm)
{
	struct disco_vm_ref ref = {};
	int r = 0;

	if (vm->created) {
		memcpy(ref.name, vm->name, sizeof(ref.name));
		r = disco_ioctl(vm->dev, DISCO_DESTROY_VM, &ref);
		vm->created = false;
	}
	if (vm->fd >= 0) {
		close(vm->fd);
		vm->fd = -1;
	}
	return r;
}

void *disco_read_file(const char *path, size_t *size)
{
	struct stat st;
	void *buf = NULL;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto out;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		goto out;
	n = read(fd, buf, st.st_size);
	if (n != st.st_size) {
		free(buf);
		buf = NULL;
		errno = n < 0 ? errno : EIO;
		goto out;
	}
	*size = st.st_size;
out:
	close(fd);
	return buf;
}

void disco_guest_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("DISCO_GUESTS");

	snprintf(buf, size, "%s/%s.elf", dir && *dir ? dir : DISCO_GUESTS_DEFAULT,
		 name);
}

int disco_vm_load_elf(struct disco_vm *vm, const void *image, size_t size)
{
	struct disco_load_elf l = { .image = (__u64)(unsigned long)image,
				    .size = size };
	int r;

	r = disco_ioctl(vm->fd, DISCO_VM_LOAD_ELF, &l);
	if (r < 0)
		return r;
	vm->entry = l.entry;
	vm->gpa_start = l.gpa_start;
	vm->gpa_end = l.gpa_end;
	return 0;
}

int disco_vm_load_guest(struct disco_vm *vm, const char *guest)
{
	char path[4096];
	size_t size;
	void *image;
	int r;

	disco_guest_path(path, sizeof(path), guest);
	image = disco_read_file(path, &size);
	if (!image) {
		r = -errno;
		fprintf(stderr, "# cannot read guest %s: %s\n", path,
			strerror(errno));
		return r;
	}
	r = disco_vm_load_elf(vm, image, size);
	free(image);
	return r;
}

int disco_vm_get_regs(struct disco_vm *vm, __u32 vcpu, struct disco_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->vcpu = vcpu;
	return disco_ioctl(vm->fd, DISCO_VM_GET_REGS, regs);
}

int disco_vm_set_regs(struct disco_vm *vm, const struct disco_regs *regs)
{
	return disco_ioctl(vm->fd, DISCO_VM_SET_REGS, (void *)regs);
}

int disco_vm_setup(struct disco_vm *vm, int dev, const char *prefix,
		   const char *guest, __u64 mem_size, __u64 arg)
{
	struct disco_regs regs;
	int r;

	r = disco_vm_create(vm, dev, prefix, mem_size, 1);
	if (r < 0)
		return r;
	r = disco_ioctl(vm->fd, DISCO_VM_CREATE_VCPU, NULL);
	if (r < 0)
		return r;
	if (r != 0)
		return -EPROTO;	/* the first vCPU must be vCPU 0 */
	r = disco_vm_load_guest(vm, guest);
	if (r < 0)
		return r;
	r = disco_vm_get_regs(vm, 0, &regs);
	if (r < 0)
		return r;
	regs.pc = vm->entry;
	regs.gpr[4] = arg;
	return disco_vm_set_regs(vm, &regs);
}

int disco_vm_run(struct disco_vm *vm, __u32 vcpu, struct disco_run *run)
{
	memset(run, 0, sizeof(*run));
	run->vcpu = vcpu;
	return disco_ioctl(vm->fd, DISCO_VM_RUN, run);
}

ssize_t disco_vm_console(struct disco_vm *vm, char *buf, size_t size)
{
	size_t len = 0;
	int flags;
	ssize_t n;

	flags = fcntl(vm->fd, F_GETFL);
	if (flags < 0 || fcntl(vm->fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	while (len + 1 < size) {
		n = read(vm->fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN) {
			n = -errno;
			fcntl(vm->fd, F_SETFL, flags);
			return n;
		}
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	fcntl(vm->fd, F_SETFL, flags);
	return len;
}

int disco_vm_stats(struct disco_vm *vm, __u32 vcpu, struct disco_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->vcpu = vcpu;
	return disco_ioctl(vm->fd, DISCO_VM_GET_STATS, st);
}

int disco_vm_read(struct disco_vm *vm, __u64 gpa, void *buf, __u64 size)
{
	struct disco_mem m = { .gpa = gpa, .data = (__u64)(unsigned long)buf,
			       .size = size };

	return disco_ioctl(vm->fd, DISCO_VM_READ_RAW, &m);
}

const char *disco_exit_name(__u32 reason)
{
	static const char * const names[] = {
		[DISCO_EXIT_NONE] = "NONE",
		[DISCO_EXIT_GUEST] = "GUEST",
		[DISCO_EXIT_ASSERT] = "ASSERT",
		[DISCO_EXIT_STOPPED] = "STOPPED",
		[DISCO_EXIT_FAULT] = "FAULT",
	};

	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "?";
}

int disco_run_image(struct disco_vm *vm, int dev, const char *prefix,
		    const char *guest, __u64 mem_size, __u64 arg,
		    struct disco_run *run, char *console, size_t console_size,
		    struct disco_stats *stats, const char **step)
{
	ssize_t n;
	int r;

	*step = "setting up the guest";
	r = disco_vm_setup(vm, dev, prefix, guest, mem_size, arg);
	if (r < 0)
		return r;
	*step = "DISCO_VM_RUN";
	r = disco_vm_run(vm, 0, run);
	if (r < 0)
		return r;
	*step = "reading the console";
	n = disco_vm_console(vm, console, console_size);
	if (n < 0)
		return n;
	*step = "DISCO_VM_GET_STATS";
	return disco_vm_stats(vm, DISCO_STATS_VM, stats);
}

__u64 disco_module_text(void)
{
	unsigned long long addr = 0;
	FILE *f = fopen("/sys/module/disco/sections/.text", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llx", &addr) != 1)
		addr = 0;
	fclose(f);
	return addr;
}
