// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/disco ABI (uapi/linux/disco.h): the version, and the errno of
 * every invalid argument.  Every VM a test creates is destroyed in the
 * fixture teardown, also when the test fails half way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define MAX_TRACKED	(DISCO_MAX_VMS + 8)

FIXTURE(api) {
	int dev;
	struct disco_vm vm;			/* the main VM of a test */
	char names[MAX_TRACKED][DISCO_NAME_MAX];	/* more to destroy */
	int nr_names;
};

FIXTURE_SETUP(api)
{
	disco_vm_init(&self->vm);
	self->dev = disco_open_dev();
	ASSERT_LE(0, self->dev) TH_LOG("open %s: %s", DISCO_DEV,
				       strerror(-self->dev));
}

FIXTURE_TEARDOWN(api)
{
	struct disco_vm_ref ref = {};
	int i;

	disco_vm_destroy(&self->vm);
	for (i = 0; i < self->nr_names; i++) {
		memcpy(ref.name, self->names[i], sizeof(ref.name));
		ioctl(self->dev, DISCO_DESTROY_VM, &ref);
	}
	if (self->dev >= 0)
		close(self->dev);
}

/**
 * try_create() - DISCO_CREATE_VM that cleans up after itself.
 *
 * Returns 0 or -errno.  A VM that gets created is remembered for the
 * teardown, so a create that wrongly succeeds leaks nothing.
 */
static int try_create(FIXTURE_DATA(api) *self, struct disco_vm_create *c)
{
	int r = disco_ioctl(self->dev, DISCO_CREATE_VM, c);

	if (r == 0 && self->nr_names < MAX_TRACKED)
		memcpy(self->names[self->nr_names++], c->name, DISCO_NAME_MAX);
	return r;
}

static void valid_create(struct disco_vm_create *c)
{
	memset(c, 0, sizeof(*c));
	disco_unique_name(c->name, sizeof(c->name), "api");
	c->mem_size = DISCO_MEM_MIN;
	c->max_vcpus = 1;
}

static __u32 count_vms(struct __test_metadata *_metadata, int dev)
{
	struct disco_vm_list l = {};

	EXPECT_EQ(0, disco_ioctl(dev, DISCO_LIST_VMS, &l));
	return l.count;
}

/* Creates the main VM: DISCO_MEM_MIN of RAM unless @mem says otherwise. */
static void create_vm(struct __test_metadata *_metadata,
		      FIXTURE_DATA(api) *self, __u64 mem, __u32 max_vcpus)
{
	int r = disco_vm_create(&self->vm, self->dev, "api", mem, max_vcpus);

	ASSERT_EQ(0, r) TH_LOG("create VM: %s", strerror(-r));
}

TEST_F(api, version)
{
	EXPECT_EQ(DISCO_API_VERSION,
		  disco_ioctl(self->dev, DISCO_GET_API_VERSION, NULL));
}

TEST_F(api, create_invalid)
{
	static const char * const bad_names[] = {
		"a b", "a/b", "../x", "x\n", "caf\xc3\xa9", "a:b", "*",
	};
	__u32 before = count_vms(_metadata, self->dev);
	struct disco_vm_create c;
	struct sysinfo si;
	int i;

	valid_create(&c);
	c.flags = DISCO_VM_FLAGS + 1;		/* the first undefined flag */
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.flags = 0x80000000;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	for (i = 0; i < (int)(sizeof(c.reserved) / sizeof(c.reserved[0])); i++) {
		valid_create(&c);
		c.reserved[i] = 1;
		EXPECT_EQ(-EINVAL, try_create(self, &c)) TH_LOG("reserved[%d]", i);
	}

	/* Names: 1..31 characters of [A-Za-z0-9._-], NUL-terminated. */
	valid_create(&c);
	memset(c.name, 0, sizeof(c.name));
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	memset(c.name, 'a', sizeof(c.name));		/* no NUL */
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	for (i = 0; i < (int)(sizeof(bad_names) / sizeof(bad_names[0])); i++) {
		valid_create(&c);
		memset(c.name, 0, sizeof(c.name));
		strcpy(c.name, bad_names[i]);
		EXPECT_EQ(-EINVAL, try_create(self, &c))
			TH_LOG("name \"%s\"", bad_names[i]);
	}

	/* mem_size: a page multiple in [DISCO_MEM_MIN, DISCO_MEM_MAX]. */
	valid_create(&c);
	c.mem_size = 0;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.mem_size = DISCO_PAGE_SIZE + 4096;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.mem_size = DISCO_PAGE_SIZE / 2;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.mem_size = DISCO_MEM_MAX + DISCO_PAGE_SIZE;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.mem_size = ~0ULL & ~(DISCO_PAGE_SIZE - 1);
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	/* Valid but more than the host has: ENOMEM, nothing created. */
	ASSERT_EQ(0, sysinfo(&si));
	if ((__u64)si.totalram * si.mem_unit < DISCO_MEM_MAX) {
		valid_create(&c);
		c.mem_size = DISCO_MEM_MAX;
		EXPECT_EQ(-ENOMEM, try_create(self, &c));
	} else {
		TH_LOG("host has >= DISCO_MEM_MAX of RAM: ENOMEM case skipped");
	}

	valid_create(&c);
	c.max_vcpus = 0;
	EXPECT_EQ(-EINVAL, try_create(self, &c));
	valid_create(&c);
	c.max_vcpus = DISCO_MAX_VCPUS + 1;
	EXPECT_EQ(-EINVAL, try_create(self, &c));

	EXPECT_EQ(-EFAULT, disco_ioctl(self->dev, DISCO_CREATE_VM, (void *)8));
	EXPECT_EQ(before, count_vms(_metadata, self->dev));
}

TEST_F(api, create_limits)
{
	struct disco_vm_create c;
	int n;

	/* The longest name and the most vCPUs are fine. */
	valid_create(&c);
	n = snprintf(c.name, sizeof(c.name), "L%d-", (int)getpid());
	memset(c.name + n, 'n', DISCO_NAME_MAX - 1 - n);
	c.name[DISCO_NAME_MAX - 1] = '\0';
	c.max_vcpus = DISCO_MAX_VCPUS;
	ASSERT_EQ(31, strlen(c.name));
	EXPECT_EQ(0, try_create(self, &c));
	/* The same name again: EEXIST. */
	c.max_vcpus = 1;
	EXPECT_EQ(-EEXIST, try_create(self, &c));
	/* Characters at the edges of the allowed set. */
	valid_create(&c);
	c.name[0] = '.';
	c.name[1] = '_';
	c.name[2] = 'Z';
	EXPECT_EQ(0, try_create(self, &c)) TH_LOG("name %s", c.name);
}

TEST_F(api, vm_ref_invalid)
{
	struct disco_vm_ref ref = {};

	disco_unique_name(ref.name, sizeof(ref.name), "api-none");
	EXPECT_EQ(-ENOENT, disco_ioctl(self->dev, DISCO_OPEN_VM, &ref));
	EXPECT_EQ(-ENOENT, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));

	create_vm(_metadata, self, DISCO_MEM_MIN, 1);
	memcpy(ref.name, self->vm.name, sizeof(ref.name));
	ref.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->dev, DISCO_OPEN_VM, &ref));
	EXPECT_EQ(-EINVAL, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	ref.flags = 0;
	ref.pad = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->dev, DISCO_OPEN_VM, &ref));
	ref.pad = 0;
	EXPECT_EQ(-EFAULT, disco_ioctl(self->dev, DISCO_OPEN_VM, (void *)8));

	/* Destroyed: the name is gone at once. */
	EXPECT_EQ(0, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
	self->vm.created = false;
	EXPECT_EQ(-ENOENT, disco_ioctl(self->dev, DISCO_OPEN_VM, &ref));
	EXPECT_EQ(-ENOENT, disco_ioctl(self->dev, DISCO_DESTROY_VM, &ref));
}

TEST_F(api, unknown_ioctl)
{
	create_vm(_metadata, self, DISCO_MEM_MIN, 1);
	EXPECT_EQ(-ENOTTY, disco_ioctl(self->dev, _IO(DISCO_IOC, 0x7f), NULL));
	EXPECT_EQ(-ENOTTY, disco_ioctl(self->vm.fd, _IO(DISCO_IOC, 0x7f), NULL));
	EXPECT_EQ(-ENOTTY, disco_ioctl(self->dev, _IO('x', 0x00), NULL));
	/* VM ioctls on /dev/disco and device ioctls on a VM fd. */
	EXPECT_EQ(-ENOTTY, disco_ioctl(self->dev, DISCO_VM_CREATE_VCPU, NULL));
	EXPECT_EQ(-ENOTTY, disco_ioctl(self->vm.fd, DISCO_GET_API_VERSION, NULL));
}

TEST_F(api, list_and_info)
{
	struct disco_vm_info infos[DISCO_MAX_VMS], info = {};
	struct disco_vm_list l = {};
	struct disco_vm_create c;
	__u32 before, i, found = 0;

	before = count_vms(_metadata, self->dev);
	create_vm(_metadata, self, 2 * DISCO_PAGE_SIZE, 3);
	valid_create(&c);
	ASSERT_EQ(0, try_create(self, &c));
	EXPECT_EQ(before + 2, count_vms(_metadata, self->dev));

	l.capacity = DISCO_MAX_VMS;
	l.vms = (__u64)(unsigned long)infos;
	ASSERT_EQ(0, disco_ioctl(self->dev, DISCO_LIST_VMS, &l));
	EXPECT_EQ(before + 2, l.count);
	for (i = 0; i < l.count && i < DISCO_MAX_VMS; i++) {
		if (strcmp(infos[i].name, self->vm.name))
			continue;
		found++;
		EXPECT_EQ(2 * DISCO_PAGE_SIZE, infos[i].mem_size);
		EXPECT_EQ(3, infos[i].max_vcpus);
	}
	EXPECT_EQ(1, found);

	/* A short array: count is still the total. */
	l.capacity = 1;
	ASSERT_EQ(0, disco_ioctl(self->dev, DISCO_LIST_VMS, &l));
	EXPECT_EQ(before + 2, l.count);
	l.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->dev, DISCO_LIST_VMS, &l));
	l.flags = 0;
	l.pad = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->dev, DISCO_LIST_VMS, &l));
	l.pad = 0;
	l.vms = 8;
	EXPECT_EQ(-EFAULT, disco_ioctl(self->dev, DISCO_LIST_VMS, &l));

	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_CREATE_VCPU, NULL));
	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_GET_INFO, &info));
	EXPECT_STREQ(self->vm.name, info.name);
	EXPECT_EQ(2 * DISCO_PAGE_SIZE, info.mem_size);
	EXPECT_EQ(3, info.max_vcpus);
	EXPECT_EQ(1, info.nr_vcpus);
	EXPECT_EQ(DISCO_VM_STATE_CREATED, info.state);
	EXPECT_EQ(getuid(), info.owner_uid);
	EXPECT_EQ(DISCO_EXIT_NONE, info.exit_reason);
}

TEST_F(api, vcpus)
{
	struct disco_stats st;
	struct disco_regs regs;
	struct disco_run run;

	create_vm(_metadata, self, DISCO_MEM_MIN, 2);
	EXPECT_EQ(-ENOENT, disco_vm_get_regs(&self->vm, 0, &regs));
	EXPECT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_CREATE_VCPU, NULL));
	EXPECT_EQ(1, disco_ioctl(self->vm.fd, DISCO_VM_CREATE_VCPU, NULL));
	EXPECT_EQ(-ENOSPC, disco_ioctl(self->vm.fd, DISCO_VM_CREATE_VCPU, NULL));

	EXPECT_EQ(0, disco_vm_get_regs(&self->vm, 1, &regs));
	EXPECT_EQ(1, regs.vcpu);
	EXPECT_EQ(-ENOENT, disco_vm_get_regs(&self->vm, 2, &regs));
	regs.vcpu = 5;
	EXPECT_EQ(-ENOENT, disco_vm_set_regs(&self->vm, &regs));
	EXPECT_EQ(-ENOENT, disco_vm_run(&self->vm, 2, &run));
	EXPECT_EQ(-ENOENT, disco_vm_stats(&self->vm, 2, &st));
	EXPECT_EQ(-ENOENT, disco_vm_stats(&self->vm, 7, &st));
	EXPECT_EQ(0, disco_vm_stats(&self->vm, 1, &st));
	EXPECT_EQ(0, disco_vm_stats(&self->vm, DISCO_STATS_VM, &st));
	EXPECT_EQ(0, st.exits);
	EXPECT_EQ(0, st.numa_samples);
	EXPECT_EQ(0, st.reserved[0]);
	EXPECT_EQ(0, st.reserved[1]);
	memset(&st, 0, sizeof(st));
	st.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_GET_STATS, &st));
	memset(&st, 0, sizeof(st));
	st.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_GET_STATS, &st));
	memset(&st, 0, sizeof(st));
	st.numa_samples = ~0ULL;	/* an out-field: anything goes in */
	EXPECT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_GET_STATS, &st));
	EXPECT_EQ(0, st.numa_samples);
	memset(&run, 0, sizeof(run));
	run.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_RUN, &run));
}

TEST_F(api, regs)
{
	struct disco_regs regs, r2;

	create_vm(_metadata, self, GUEST_MEM_SIZE, 1);
	ASSERT_EQ(0, disco_ioctl(self->vm.fd, DISCO_VM_CREATE_VCPU, NULL));
	ASSERT_EQ(0, disco_vm_get_regs(&self->vm, 0, &regs));

	/* The reset state of the model. */
	EXPECT_EQ(0x6305, regs.cp0.prid);
	EXPECT_EQ(0xe0, regs.cp0.status);
	EXPECT_EQ(0xffffffff80000000ULL, regs.cp0.ebase);
	EXPECT_EQ(0, regs.gpr[0]);

	/* Writing back what was read is fine, and a changed pc sticks. */
	EXPECT_EQ(0, disco_vm_set_regs(&self->vm, &regs));
	regs.pc = DISCO_XSSEG_BASE + GUEST_IMAGE_GPA + 0x40;
	regs.gpr[4] = 0x1234;
	EXPECT_EQ(0, disco_vm_set_regs(&self->vm, &regs));
	ASSERT_EQ(0, disco_vm_get_regs(&self->vm, 0, &r2));
	EXPECT_EQ(regs.pc, r2.pc);
	EXPECT_EQ(0x1234, r2.gpr[4]);

	r2 = regs;
	r2.gpr[0] = 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.pc += 2;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.cp0.prid ^= 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.cp0.config[1] ^= 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.flags = 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.reserved[3] = 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	r2 = regs;
	r2.cp0.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, disco_vm_set_regs(&self->vm, &r2));
	EXPECT_EQ(-EFAULT, disco_ioctl(self->vm.fd, DISCO_VM_SET_REGS, (void *)8));
	EXPECT_EQ(-EFAULT, disco_ioctl(self->vm.fd, DISCO_VM_GET_REGS, (void *)8));
}

TEST_F(api, raw_memory)
{
	const __u64 mem = 4 * DISCO_PAGE_SIZE;
	__u64 buf[64], back[64];
	struct disco_mem m;
	unsigned int i;

	create_vm(_metadata, self, mem, 1);
	for (i = 0; i < 64; i++)
		buf[i] = 0x0123456789abcdefULL * (i + 1);

#define RAW(op, g, s, p) ({						\
	memset(&m, 0, sizeof(m));					\
	m.gpa = (g);							\
	m.size = (s);							\
	m.data = (__u64)(unsigned long)(p);				\
	disco_ioctl(self->vm.fd, op, &m); })

	/* A round trip, and fresh memory reads as zeroes. */
	EXPECT_EQ(0, RAW(DISCO_VM_READ_RAW, 0x1000, sizeof(back), back));
	for (i = 0; i < 64; i++)
		EXPECT_EQ(0, back[i]);
	EXPECT_EQ(0, RAW(DISCO_VM_LOAD_RAW, 0x1000, sizeof(buf), buf));
	EXPECT_EQ(0, RAW(DISCO_VM_READ_RAW, 0x1000, sizeof(back), back));
	EXPECT_EQ(0, memcmp(buf, back, sizeof(buf)));
	/* The last bytes of RAM are in range, the next are not. */
	EXPECT_EQ(0, RAW(DISCO_VM_LOAD_RAW, mem - 8, 8, buf));

	EXPECT_EQ(-EINVAL, RAW(DISCO_VM_LOAD_RAW, 4, 8, buf));
	EXPECT_EQ(-EINVAL, RAW(DISCO_VM_LOAD_RAW, 0, 12, buf));
	EXPECT_EQ(-EINVAL, RAW(DISCO_VM_LOAD_RAW, 0, 0, buf));
	EXPECT_EQ(-EINVAL, RAW(DISCO_VM_READ_RAW, 4, 8, buf));
	EXPECT_EQ(-EINVAL, RAW(DISCO_VM_READ_RAW, 0, 0, buf));
	EXPECT_EQ(-ERANGE, RAW(DISCO_VM_LOAD_RAW, mem - 8, 16, buf));
	EXPECT_EQ(-ERANGE, RAW(DISCO_VM_LOAD_RAW, mem, 8, buf));
	EXPECT_EQ(-ERANGE, RAW(DISCO_VM_READ_RAW, mem, 8, buf));
	EXPECT_EQ(-ERANGE, RAW(DISCO_VM_LOAD_RAW, 1ULL << 62, 8, buf));
	/* gpa + size wraps around: still out of range. */
	EXPECT_EQ(-ERANGE, RAW(DISCO_VM_LOAD_RAW, ~7ULL, 16, buf));
	EXPECT_EQ(-EFAULT, RAW(DISCO_VM_LOAD_RAW, 0, 8, 8));
	EXPECT_EQ(-EFAULT, RAW(DISCO_VM_READ_RAW, 0, 8, 8));

	memset(&m, 0, sizeof(m));
	m.size = 8;
	m.data = (__u64)(unsigned long)buf;
	m.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_LOAD_RAW, &m));
	m.flags = 0;
	m.pad = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_READ_RAW, &m));
#undef RAW
}

/* write(2) on the VM descriptor: console input, 4 KiB buffered, never blocks. */
TEST_F(api, console_input)
{
	static char buf[5000];
	ssize_t n;

	create_vm(_metadata, self, DISCO_MEM_MIN, 1);
	memset(buf, 'a', sizeof(buf));
	EXPECT_EQ(0, write(self->vm.fd, buf, 0));
	EXPECT_EQ(100, write(self->vm.fd, buf, 100));
	n = write(self->vm.fd, buf, sizeof(buf));
	EXPECT_EQ(4096 - 100, n);
	errno = 0;
	EXPECT_EQ(-1, write(self->vm.fd, buf, 1));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(api, load_elf)
{
	struct disco_load_elf l;
	unsigned char junk[4096];
	char path[4096];
	size_t size;
	void *image;
	int r;

	disco_guest_path(path, sizeof(path), "hello");
	image = disco_read_file(path, &size);
	ASSERT_NE(NULL, image) TH_LOG("%s: %s", path, strerror(errno));

	create_vm(_metadata, self, GUEST_MEM_SIZE, 1);
	memset(junk, 0xa5, sizeof(junk));

#define ELF(p, s) ({							\
	memset(&l, 0, sizeof(l));					\
	l.image = (__u64)(unsigned long)(p);				\
	l.size = (s);							\
	disco_ioctl(self->vm.fd, DISCO_VM_LOAD_ELF, &l); })

	EXPECT_EQ(-ENOEXEC, ELF(junk, sizeof(junk)));
	EXPECT_EQ(-ENOEXEC, ELF(image, 100));		/* truncated */
	EXPECT_EQ(-ENOEXEC, ELF(image, 1024));		/* no segment data */
	EXPECT_EQ(-E2BIG, ELF(junk, DISCO_IMAGE_MAX + 1));
	EXPECT_EQ(-EFAULT, ELF(8, 4096));
	memset(&l, 0, sizeof(l));
	l.image = (__u64)(unsigned long)image;
	l.size = size;
	l.flags = 1;
	EXPECT_EQ(-EINVAL, disco_ioctl(self->vm.fd, DISCO_VM_LOAD_ELF, &l));

	r = ELF(image, size);
	EXPECT_EQ(0, r) TH_LOG("loading %s: %s", path, strerror(-r));
	EXPECT_EQ(((const __u64 *)image)[3], l.entry);	/* e_entry */
	EXPECT_EQ(GUEST_IMAGE_GPA, l.gpa_start);
	EXPECT_LT(l.gpa_start, l.gpa_end);
	EXPECT_GE(GUEST_MEM_SIZE, l.gpa_end);

	/* The image does not fit a VM of two pages: ERANGE. */
	disco_vm_destroy(&self->vm);
	create_vm(_metadata, self, 2 * DISCO_PAGE_SIZE, 1);
	EXPECT_EQ(-ERANGE, ELF(image, size));
#undef ELF
	free(image);
}

TEST_F(api, max_vms)
{
	struct disco_vm_create c;
	__u32 before = count_vms(_metadata, self->dev);
	int created = 0, r;

	ASSERT_GE(DISCO_MAX_VMS, before);
	for (;;) {
		valid_create(&c);
		r = try_create(self, &c);
		if (r)
			break;
		created++;
		ASSERT_GE(DISCO_MAX_VMS, created) TH_LOG("no limit");
	}
	EXPECT_EQ(-ENOSPC, r) TH_LOG("after %d VMs: %s", created, strerror(-r));
	EXPECT_EQ(DISCO_MAX_VMS, before + created);
	EXPECT_EQ(DISCO_MAX_VMS, count_vms(_metadata, self->dev));
}

TEST_HARNESS_MAIN
