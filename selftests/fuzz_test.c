// SPDX-License-Identifier: GPL-2.0
/*
 * ABI fuzzer for /dev/disco and VM descriptors.
 *
 * Seeded and reproducible: the seed comes from $DISCO_FUZZ_SEED (else the
 * time and pid) and is always printed; every failure prints it with the
 * call that failed.  Bounded: $DISCO_FUZZ_CALLS ioctls (default
 * FUZZ_DEFAULT_CALLS) and $DISCO_FUZZ_SECONDS of wall time (default
 * FUZZ_DEFAULT_SECONDS), whichever comes first.
 *
 * Every ioctl of the ABI is called on /dev/disco and on VM descriptors with
 * random, boundary and mutated-valid arguments: bit flips of valid
 * structures, NULL, small, unmapped, misaligned, read-only, partly mapped
 * and kernel pointers (kseg0, csseg, xkphys, xkseg, xsseg), sizes at and
 * around every limit, mutated ELF images; interleaved with creating,
 * destroying, opening and closing VMs, VM descriptors and /dev/disco
 * descriptors.  DISCO_VM_RUN is always bounded: a per-call timer signal
 * ends it (EINTR) after RUN_SLICE_MS, and a "racer" thread that runs a VM
 * while the main loop keeps calling ioctls on it is ended the same way.
 *
 * Two checks per call:
 *  1. the documented-errno table (uapi/linux/disco.h): success, EFAULT,
 *     EINVAL, ENOTTY, EPERM, EINTR, or an errno that ioctl documents;
 *  2. an oracle that knows the fuzzer's own state (which VMs exist, their
 *     memory and vCPUs) and the ABI's rules, so it also catches a call that
 *     succeeds when it must not, or fails with the wrong documented errno.
 * At the end every VM the fuzzer made is destroyed (and any it lost track
 * of, which is a failure too), and DISCO_LIST_VMS must count what it
 * counted before the run.
 *
 * Runtime, measured on the emulated Loongson-3A1000 under TCG
 * (tools/qemu-host/disco-host.sh test, 2-core x86 host): 100,000 calls took
 * 9.0 s on an idle machine and 14.9 s with a second QEMU sharing it;
 * 200,000 took 38.7 s under load.  So the default is 100,000, with a 40 s
 * wall-clock bound as a safety net (the run then logs how far it got).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#ifndef DISCO_VM_FLAGS
#define DISCO_VM_FLAGS		0	/* CREATE_VM flags the ABI defines */
#endif

#define FUZZ_DEFAULT_CALLS	100000UL
#define FUZZ_DEFAULT_SECONDS	40
#define RUN_SLICE_MS		5	/* a fuzzed DISCO_VM_RUN lasts at most this */
#define RUN_BUDGET		300	/* valid RUNs per fuzz run (they cost time) */
#define HUGE_ALLOC_BUDGET	2	/* LOAD_ELF sizes that make the kernel
					 * allocate more than 16 MiB */

#define MAX_SLOTS	80	/* VM names: more than DISCO_MAX_VMS, for ENOSPC */
#define MAX_VMFDS	40
#define MAX_DEVS	3
#define MAX_FAILS	40	/* distinct failures logged in full */

#define SCRATCH_SIZE	(2UL << 20)	/* valid argument memory */
#define IMG_AREA	(256UL << 10)	/* ELF images, guard page after */
#define GUARD		65536UL

/* ---- PRNG (xorshift64*) ---------------------------------------------------- */

static __u64 rng_state;

static __u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static __u64 rndn(__u64 n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int pct)
{
	return rndn(100) < pct;
}

/* ---- the ioctls ---------------------------------------------------------- */

enum {
	C_VERSION, C_CREATE, C_OPEN, C_DESTROY, C_LIST,
	C_INFO, C_LOAD_ELF, C_LOAD_RAW, C_READ_RAW, C_CREATE_VCPU,
	C_GET_REGS, C_SET_REGS, C_RUN, C_STOP, C_STATS,
	C_UNKNOWN, NR_CMDS,
};

static const struct cmdinfo {
	const char *name;
	unsigned long cmd;
	size_t size;		/* argument structure, 0 if none */
	bool on_dev;		/* a /dev/disco ioctl (else a VM ioctl) */
	bool writes;		/* copies a result back to the argument */
	int errs[4];		/* documented beyond the common ones, 0-ended */
} cmds[NR_CMDS] = {
	[C_VERSION] = { "GET_API_VERSION", DISCO_GET_API_VERSION, 0, true, false, { 0 } },
	[C_CREATE] = { "CREATE_VM", DISCO_CREATE_VM, sizeof(struct disco_vm_create), true, false,
		       { EEXIST, ENOSPC, EDQUOT } },
	[C_OPEN] = { "OPEN_VM", DISCO_OPEN_VM, sizeof(struct disco_vm_ref), true, false,
		     { ENOENT, EMFILE, ENFILE } },
	[C_DESTROY] = { "DESTROY_VM", DISCO_DESTROY_VM, sizeof(struct disco_vm_ref), true, false,
			{ ENOENT } },
	[C_LIST] = { "LIST_VMS", DISCO_LIST_VMS, sizeof(struct disco_vm_list), true, true, { 0 } },
	[C_INFO] = { "VM_GET_INFO", DISCO_VM_GET_INFO, sizeof(struct disco_vm_info), false, true,
		     { 0 } },
	[C_LOAD_ELF] = { "VM_LOAD_ELF", DISCO_VM_LOAD_ELF, sizeof(struct disco_load_elf), false,
			 true, { ENOEXEC, E2BIG, ERANGE } },
	[C_LOAD_RAW] = { "VM_LOAD_RAW", DISCO_VM_LOAD_RAW, sizeof(struct disco_mem), false, false,
			 { ERANGE } },
	[C_READ_RAW] = { "VM_READ_RAW", DISCO_VM_READ_RAW, sizeof(struct disco_mem), false, false,
			 { ERANGE } },
	[C_CREATE_VCPU] = { "VM_CREATE_VCPU", DISCO_VM_CREATE_VCPU, 0, false, false,
			    { ENOSPC, ENODEV } },
	[C_GET_REGS] = { "VM_GET_REGS", DISCO_VM_GET_REGS, sizeof(struct disco_regs), false, true,
			 { ENOENT, EBUSY } },
	[C_SET_REGS] = { "VM_SET_REGS", DISCO_VM_SET_REGS, sizeof(struct disco_regs), false, false,
			 { ENOENT, EBUSY } },
	[C_RUN] = { "VM_RUN", DISCO_VM_RUN, sizeof(struct disco_run), false, true,
		    { EBUSY, ENOENT, ENODEV } },
	[C_STOP] = { "VM_STOP", DISCO_VM_STOP, 0, false, false, { 0 } },
	[C_STATS] = { "VM_GET_STATS", DISCO_VM_GET_STATS, sizeof(struct disco_stats), false, true,
		      { ENOENT } },
	[C_UNKNOWN] = { "unknown", 0, 0, false, false, { 0 } },
};

/* Every ioctl may return these (uapi/linux/disco.h, top comment). */
static const int common_errs[] = { EFAULT, EINVAL, ENOTTY, EPERM, EINTR, ENOMEM };

/* ---- fuzzer state -------------------------------------------------------- */

struct slot {			/* a VM name the fuzzer made */
	char name[DISCO_NAME_MAX];
	bool used;		/* a name was ever created here */
	bool live;		/* the VM exists (created, not destroyed) */
	__u64 mem;
	__u32 max_vcpus;
	__u32 nr_vcpus;
	bool racing;		/* the racer thread runs vCPU 0 */
};

struct vmfd {
	int fd;			/* -1: free */
	int slot;		/* which VM it was opened on */
	unsigned int gen;	/* slot generation at open time */
};

struct image {
	const char *guest;
	unsigned char *data;
	size_t size;
	__u64 gpa_end;		/* RAM the image needs */
};

struct fail_rec {
	int cmd;
	int err;
	char what[24];
};

struct fuzz {
	struct __test_metadata *md;
	__u64 seed;
	unsigned long max_calls, calls, racer_calls;
	double deadline;
	int baseline;		/* VMs that existed before the run */
	int live;		/* VMs of ours that exist */
	struct slot slots[MAX_SLOTS];
	unsigned int gen[MAX_SLOTS];
	struct vmfd vmfds[MAX_VMFDS];
	int devs[MAX_DEVS];
	unsigned int name_counter;
	char prefix[16];

	unsigned char *scratch;	/* SCRATCH_SIZE bytes, GUARD after */
	unsigned char *ro_page;	/* one page, read-only while used, guard after */
	size_t ro_size;
	unsigned char *unmapped;
	struct image images[3];
	int nr_images;
	unsigned char *img_area;	/* IMG_AREA bytes, GUARD after */

	int runs_left, huge_left;
	timer_t run_timer;
	bool have_timer;

	/* results */
	unsigned long ok[NR_CMDS], errcount[NR_CMDS][140];
	unsigned long nfail;
	struct fail_rec fails[MAX_FAILS];
	int nfails_logged;

	/* the racer */
	pthread_t racer;
	bool racer_on;
	int racer_slot, racer_fd;
	unsigned long racer_until;
	volatile int racer_stop, racer_done;
	int racer_bad_ret;
	unsigned long racer_runs;
};

static void noop_handler(int sig)
{
}

static bool memchr_nonzero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return true;
	return false;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool listed(int e, const int *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == e)
			return true;
	return false;
}

static bool documented(int c, int e)
{
	return listed(e, common_errs, sizeof(common_errs) / sizeof(common_errs[0])) ||
	       listed(e, cmds[c].errs, 4);
}

/*
 * What the oracle accepts for one call: success (@ok) and/or a set of
 * errnos.  Built up by the argument generators as they learn which of the
 * ABI's conditions their arguments break.
 */
struct expect {
	bool ok;
	int errs[12];
	int n;
};

static void exp_add(struct expect *x, int e)
{
	if (!listed(e, x->errs, x->n) && x->n < 12)
		x->errs[x->n++] = e;
}

/* An error condition holds: success is no longer acceptable. */
static void exp_err(struct expect *x, int e)
{
	exp_add(x, e);
	x->ok = false;
}

static void report(struct fuzz *fz, int c, int r, const char *kind,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct fuzz *fz, int c, int r, const char *kind,
		   const char *fmt, ...)
{
	struct __test_metadata *_metadata = fz->md;
	char msg[512];
	va_list ap;
	int i;

	fz->nfail++;
	for (i = 0; i < fz->nfails_logged; i++)
		if (fz->fails[i].cmd == c && fz->fails[i].err == r &&
		    !strcmp(fz->fails[i].what, kind))
			return;	/* the same failure again: counted only */
	if (fz->nfails_logged >= MAX_FAILS)
		return;
	fz->fails[fz->nfails_logged].cmd = c;
	fz->fails[fz->nfails_logged].err = r;
	snprintf(fz->fails[fz->nfails_logged].what, sizeof(fz->fails[0].what), "%s", kind);
	fz->nfails_logged++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	TH_LOG("FUZZ FAILURE (%s) seed=%llu call #%lu: %s -> %d (%s): %s",
	       kind, (unsigned long long)fz->seed, fz->calls, cmds[c].name,
	       r, r < 0 ? strerror(-r) : "success", msg);
	TH_LOG("  reproduce: DISCO_FUZZ_SEED=%llu DISCO_FUZZ_CALLS=%lu",
	       (unsigned long long)fz->seed, fz->calls + 1);
}

/* Record the result and apply both checks.  @desc describes the call. */
static void check(struct fuzz *fz, int c, int r, const struct expect *x,
		  const char *desc)
{
	char set[128];
	int i, n = 0;

	if (r >= 0)
		fz->ok[c]++;
	else if (-r < 140)
		fz->errcount[c][-r]++;

	if (r < 0 && !documented(c, -r)) {
		report(fz, c, r, "undocumented", "%s", desc);
		return;
	}
	if (r >= 0 ? x->ok : listed(-r, x->errs, x->n))
		return;
	if (r == -EINTR && (c == C_RUN))
		return;
	set[0] = '\0';
	for (i = 0; i < x->n; i++)
		n += snprintf(set + n, sizeof(set) - n, "%s%s", i ? "," : "",
			      strerror(x->errs[i]));
	report(fz, c, r, r < 0 ? "wrong errno" : "wrong success",
	       "%s; expected %s%s%s", desc, x->ok ? "success" : "",
	       x->ok && x->n ? " or " : "", x->n ? set : "");
}

static int do_ioctl(struct fuzz *fz, int fd, unsigned long cmd, void *arg)
{
	int r = ioctl(fd, cmd, arg);

	fz->calls++;
	return r < 0 ? -errno : r;
}

/* ---- argument memory ----------------------------------------------------- */

static bool ptr_good(struct fuzz *fz, const void *p, __u64 size, bool write);
static bool ptr_bad(struct fuzz *fz, const void *p, __u64 size, bool write);

enum ptrkind {
	P_VALID,	/* in scratch, aligned */
	P_MISALIGNED,	/* in scratch, 1..7 bytes off: still a valid pointer */
	P_READONLY,	/* in a read-only page: readable, not writable */
	P_PARTIAL,	/* runs into the guard page */
	P_NULL, P_SMALL, P_UNMAPPED, P_KERNEL, P_RANDOM,
	NR_PTRKINDS,
};

static const char * const ptrkind_name[] = {
	"valid", "misaligned", "read-only", "partial", "NULL", "small",
	"unmapped", "kernel", "random",
};

static const __u64 kernel_ptrs[] = {
	0xffffffff80000000ULL,	/* kseg0 */
	0xffffffffa0000000ULL,	/* kseg1 */
	0xffffffffc0000000ULL,	/* csseg: module text and data */
	0xffffffffe0000000ULL,	/* kseg3 */
	0x9800000000000000ULL,	/* xkphys, cached */
	0x9000000000000000ULL,	/* xkphys, uncached */
	0xc000000000000000ULL,	/* xkseg */
	0x4000000000000000ULL,	/* xsseg */
	0x0000010000000000ULL,	/* just above the user address space */
	0x8000000000000000ULL,
	0xfffffffffffffff8ULL,
	0xffffffffffffffffULL,
};

static enum ptrkind pick_ptrkind(void)
{
	unsigned int p = rndn(100);

	if (p < 72)
		return P_VALID;
	if (p < 76)
		return P_MISALIGNED;
	if (p < 79)
		return P_READONLY;
	if (p < 83)
		return P_PARTIAL;
	return P_NULL + rndn(NR_PTRKINDS - P_NULL);
}

/* A pointer of @kind for @size bytes that can be filled (valid kinds). */
static void *arg_ptr(struct fuzz *fz, enum ptrkind kind, size_t size)
{
	switch (kind) {
	case P_VALID:
		return fz->scratch + SCRATCH_SIZE - GUARD - ((size + 15) & ~15UL) - 64;
	case P_MISALIGNED:
		return fz->scratch + SCRATCH_SIZE - GUARD - size - 64 - 1 - rndn(7);
	case P_READONLY:
		return fz->ro_page + (size < 4096 ? 8 * rndn((4096 - size) / 8) : 0);
	case P_PARTIAL:
		return fz->scratch + SCRATCH_SIZE - (size ? 1 + rndn(size) : 0);
	case P_NULL:
		return NULL;
	case P_SMALL:
		return (void *)(unsigned long)(1 + rndn(65535));
	case P_UNMAPPED:
		return fz->unmapped + rndn(65536);
	case P_KERNEL:
		return (void *)(unsigned long)(kernel_ptrs[rndn(sizeof(kernel_ptrs) / 8)] +
					       (chance(50) ? 0 : rndn(1 << 20)));
	default:
		/* Never a pointer into our own memory: the top bit set. */
		return (void *)(unsigned long)(rnd() | 1ULL << 63);
	}
}

/*
 * A pointer the kernel would write through, after mutation: if it is not
 * in scratch and not certainly unusable it may point into our own data;
 * send it to the PROT_NONE area instead.
 */
static void *sane_wptr(struct fuzz *fz, void *p, __u64 size)
{
	if (ptr_good(fz, p, size, true) || ptr_bad(fz, p, size, true))
		return p;
	return fz->unmapped;
}

/* Can the kernel read (and write, if @write) @size bytes at @p? */
static bool ptr_good(struct fuzz *fz, const void *p, __u64 size, bool write)
{
	const unsigned char *b = p;

	if (!size)
		return true;
	if (b >= fz->scratch && b <= fz->scratch + SCRATCH_SIZE &&
	    size <= (__u64)(fz->scratch + SCRATCH_SIZE - b))
		return true;
	if (b >= fz->img_area && b <= fz->img_area + IMG_AREA &&
	    size <= (__u64)(fz->img_area + IMG_AREA - b))
		return true;	/* read-write; images are copied in afresh */
	if (b >= fz->ro_page && b <= fz->ro_page + fz->ro_size &&
	    size <= (__u64)(fz->ro_page + fz->ro_size - b))
		return !write;
	return false;
}

/* Is the pointer unusable for sure (so EFAULT must come if it is used)? */
static bool ptr_bad(struct fuzz *fz, const void *p, __u64 size, bool write)
{
	const unsigned char *b = p;

	if (!size || ptr_good(fz, p, size, write))
		return false;
	/* Inside our areas but too long, or read-only for a write. */
	if ((b >= fz->scratch && b <= fz->scratch + SCRATCH_SIZE) ||
	    (b >= fz->img_area && b <= fz->img_area + IMG_AREA) ||
	    (b >= fz->ro_page && b <= fz->ro_page + fz->ro_size))
		return true;
	if ((unsigned long)b < 65536 + 1 ||
	    (b >= fz->unmapped && b < fz->unmapped + 65536))
		return true;
	if ((unsigned long)b >= 0x10000000000UL)
		return true;
	return false;	/* a random pointer: whatever happens is fine */
}

/* Places @size bytes of @src per @kind; returns the argument pointer. */
static void *place(struct fuzz *fz, enum ptrkind kind, const void *src,
		   size_t size)
{
	unsigned char *p = arg_ptr(fz, kind, size);
	size_t n;

	if (kind == P_READONLY) {
		mprotect(fz->ro_page, fz->ro_size, PROT_READ | PROT_WRITE);
		memcpy(p, src, size);
		mprotect(fz->ro_page, fz->ro_size, PROT_READ);
	} else if (kind == P_VALID || kind == P_MISALIGNED) {
		memcpy(p, src, size);
	} else if (kind == P_PARTIAL) {
		n = fz->scratch + SCRATCH_SIZE - p;
		memcpy(p, src, n < size ? n : size);
	}
	return p;
}

/* Does the kernel see the whole structure, and can it write it back? */
static void expect_ptr(struct fuzz *fz, struct expect *x, enum ptrkind kind,
		       const void *p, size_t size, bool writes)
{
	if (kind == P_VALID || kind == P_MISALIGNED)
		return;
	if (kind == P_READONLY) {
		if (writes)
			exp_err(x, EFAULT);	/* it cannot write the result back */
		return;
	}
	if (ptr_bad(fz, p, size, false)) {
		exp_err(x, EFAULT);
	} else {
		/* A random pointer that happens to map: anything goes. */
		x->ok = true;
		exp_add(x, EFAULT);
		exp_add(x, EINVAL);
	}
}

/* ---- mutation ------------------------------------------------------------ */

static void flip_bits(void *buf, size_t size, int n)
{
	unsigned char *b = buf;

	while (n-- > 0) {
		size_t bit = rndn(size * 8);

		b[bit / 8] ^= 1 << (bit % 8);
	}
}

static const __u64 boundary64[] = {
	0, 1, 2, 7, 8, 0x10, 0x3fff, 0x4000, 0x4001, 0x7fffffff, 0x80000000,
	0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	0xfffffffffffffff8ULL, 0xffffffffffffffffULL, 1ULL << 36, 1ULL << 40,
	1ULL << 48,
};

static __u64 boundary(void)
{
	return boundary64[rndn(sizeof(boundary64) / 8)];
}

/* A random field-sized store of a boundary value at an aligned offset. */
static void poke_boundary(void *buf, size_t size)
{
	size_t off = rndn(size / 4) * 4;
	__u64 v = boundary();

	if (off + 8 <= size && !(off & 7) && chance(60))
		memcpy((char *)buf + off, &v, 8);
	else
		memcpy((char *)buf + off, &v, 4);
}

/* Mutate a valid structure a little: most calls keep most of it valid. */
static bool mutate(void *buf, size_t size)
{
	unsigned int p = rndn(100);

	if (p < 45)
		return false;
	if (p < 75)
		flip_bits(buf, size, 1 + rndn(3));
	else if (p < 95)
		poke_boundary(buf, size);
	else
		flip_bits(buf, size, 8 + rndn(64));
	return true;
}

/* ---- VM bookkeeping ------------------------------------------------------ */

static int slot_by_name(struct fuzz *fz, const char *name)
{
	int i;

	for (i = 0; i < MAX_SLOTS; i++)
		if (fz->slots[i].used &&
		    !strncmp(fz->slots[i].name, name, DISCO_NAME_MAX))
			return i;
	return -1;
}

static bool name_valid(const char *name)
{
	size_t len = strnlen(name, DISCO_NAME_MAX), i;

	if (len == 0 || len == DISCO_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* A name for a request: a slot's, sometimes a fresh or a mangled one. */
static void pick_name(struct fuzz *fz, char *name, bool for_create)
{
	int i = rndn(MAX_SLOTS);
	unsigned int p = rndn(100);

	memset(name, 0, DISCO_NAME_MAX);
	if (for_create && p < 75) {
		snprintf(name, DISCO_NAME_MAX, "%s%u", fz->prefix, fz->name_counter++);
		return;
	}
	if (p < 85 && fz->slots[i].used) {
		memcpy(name, fz->slots[i].name, DISCO_NAME_MAX);
		return;
	}
	if (p < 90) {
		snprintf(name, DISCO_NAME_MAX, "%snone%u", fz->prefix, (unsigned int)rndn(1000));
		return;
	}
	if (p < 95) {
		/* Long and odd names: 31 and 32 characters, bad characters. */
		memset(name, "aZ9._-/ \n"[rndn(9)], 31 + rndn(2));
		if (chance(50))
			name[31] = 0;
		return;
	}
	for (i = 0; i < DISCO_NAME_MAX; i++)
		name[i] = rnd();
}

static int free_slot(struct fuzz *fz)
{
	int i, start = rndn(MAX_SLOTS);

	for (i = 0; i < MAX_SLOTS; i++) {
		int s = (start + i) % MAX_SLOTS;

		if (!fz->slots[s].live && !fz->slots[s].racing)
			return s;
	}
	return -1;
}

static int pick_vmfd(struct fuzz *fz)
{
	int i, start = rndn(MAX_VMFDS);

	for (i = 0; i < MAX_VMFDS; i++) {
		int s = (start + i) % MAX_VMFDS;

		if (fz->vmfds[s].fd >= 0)
			return s;
	}
	return -1;
}

static int pick_dev(struct fuzz *fz)
{
	int i = rndn(MAX_DEVS);

	return fz->devs[i] >= 0 ? fz->devs[i] : fz->devs[0];
}

static void close_vmfd(struct fuzz *fz, int i)
{
	close(fz->vmfds[i].fd);
	fz->vmfds[i].fd = -1;
}

static void add_vmfd(struct fuzz *fz, int fd, int slot)
{
	int i, free = -1;

	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd < 0) {
			free = i;
			break;
		}
	if (free < 0) {
		free = rndn(MAX_VMFDS);
		close_vmfd(fz, free);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fz->vmfds[free].fd = fd;
	fz->vmfds[free].slot = slot;
	fz->vmfds[free].gen = fz->gen[slot];
}

/* The VM behind a VM descriptor, if it still exists. */
static struct slot *fd_vm(struct fuzz *fz, int i)
{
	struct slot *s = &fz->slots[fz->vmfds[i].slot];

	return s->live && fz->gen[fz->vmfds[i].slot] == fz->vmfds[i].gen ? s : NULL;
}

/* A VM descriptor's slot for knowledge that survives destruction. */
static struct slot *fd_slot(struct fuzz *fz, int i)
{
	return fz->gen[fz->vmfds[i].slot] == fz->vmfds[i].gen ?
	       &fz->slots[fz->vmfds[i].slot] : NULL;
}

/* ---- /dev/disco ioctls ---------------------------------------------------- */

static void fz_create(struct fuzz *fz, int dev)
{
	static const __u64 mems[] = {
		DISCO_MEM_MIN, DISCO_MEM_MIN, DISCO_MEM_MIN, 2 * DISCO_MEM_MIN,
		4 * DISCO_MEM_MIN, 256 << 10, 1 << 20,
	};
	static const __u64 bad_mems[] = {
		0, 1, DISCO_PAGE_SIZE - 1, DISCO_PAGE_SIZE + 8, DISCO_MEM_MAX,
		DISCO_MEM_MAX + DISCO_PAGE_SIZE, DISCO_MEM_MAX - DISCO_PAGE_SIZE,
		~0ULL, ~0ULL & ~(DISCO_PAGE_SIZE - 1), 1ULL << 63, 4096,
	};
	struct disco_vm_create c = { 0 }, *arg;
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	char desc[192];
	int r, s, owner;
	bool valid;

	pick_name(fz, c.name, true);
	c.mem_size = chance(85) ? mems[rndn(sizeof(mems) / 8)] : bad_mems[rndn(sizeof(bad_mems) / 8)];
	c.max_vcpus = chance(90) ? 1 + rndn(DISCO_MAX_VCPUS) : (__u32)boundary();
	if (chance(30))
		c.flags = DISCO_VM_FLAGS;
	mutate(&c, sizeof(c));
	/*
	 * Valid sizes between 8 MiB and DISCO_MEM_MAX would really be
	 * allocated: keep the emulated host's memory for the host.
	 */
	if (c.mem_size > (1 << 20) && c.mem_size < DISCO_MEM_MAX - DISCO_PAGE_SIZE &&
	    !(c.mem_size % DISCO_PAGE_SIZE))
		c.mem_size = 1 << 20;

	valid = !(c.flags & ~DISCO_VM_FLAGS) && name_valid(c.name) &&
		!memchr_nonzero(c.reserved, sizeof(c.reserved)) &&
		c.mem_size >= DISCO_MEM_MIN && c.mem_size <= DISCO_MEM_MAX &&
		!(c.mem_size % DISCO_PAGE_SIZE) &&
		c.max_vcpus >= 1 && c.max_vcpus <= DISCO_MAX_VCPUS;
	owner = slot_by_name(fz, c.name);
	if (!valid) {
		exp_err(&x, EINVAL);
	} else if (owner >= 0 && fz->slots[owner].live) {
		exp_err(&x, EEXIST);
	} else if (fz->baseline + fz->live >= DISCO_MAX_VMS) {
		exp_err(&x, ENOSPC);
	} else if (c.mem_size > (1 << 20)) {
		exp_err(&x, ENOMEM);	/* 64 GiB or so: the emulated host has 1 GiB */
	}
	arg = place(fz, kind, &c, sizeof(c));
	expect_ptr(fz, &x, kind, arg, sizeof(c), false);

	r = do_ioctl(fz, dev, DISCO_CREATE_VM, arg);
	snprintf(desc, sizeof(desc), "arg %s %p name \"%.32s\" mem %#llx vcpus %u flags %#x",
		 ptrkind_name[kind], (void *)arg, c.name, (unsigned long long)c.mem_size,
		 c.max_vcpus, c.flags);
	check(fz, C_CREATE, r, &x, desc);
	if (r != 0)
		return;

	/* Track it, whatever the oracle said, so that it gets destroyed. */
	s = owner >= 0 && !fz->slots[owner].live ? owner : free_slot(fz);
	if (s < 0) {
		/* No room to track it: destroy it at once. */
		struct disco_vm_ref ref = { 0 };

		memcpy(ref.name, c.name, DISCO_NAME_MAX);
		do_ioctl(fz, dev, DISCO_DESTROY_VM, &ref);
		return;
	}
	memset(&fz->slots[s], 0, sizeof(fz->slots[s]));
	memcpy(fz->slots[s].name, c.name, DISCO_NAME_MAX);
	fz->slots[s].used = fz->slots[s].live = true;
	fz->slots[s].mem = c.mem_size;
	fz->slots[s].max_vcpus = c.max_vcpus;
	fz->gen[s]++;
	fz->live++;
}

static void fz_ref(struct fuzz *fz, int dev, bool destroy)
{
	struct disco_vm_ref ref = { 0 }, *arg;
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	char desc[160];
	int r, s;

	pick_name(fz, ref.name, false);
	mutate(&ref, sizeof(ref));
	s = slot_by_name(fz, ref.name);
	if (ref.flags || ref.pad || !name_valid(ref.name))
		exp_err(&x, EINVAL);
	else if (s < 0 || !fz->slots[s].live)
		exp_err(&x, ENOENT);
	arg = place(fz, kind, &ref, sizeof(ref));
	expect_ptr(fz, &x, kind, arg, sizeof(ref), false);

	r = do_ioctl(fz, dev, destroy ? DISCO_DESTROY_VM : DISCO_OPEN_VM, arg);
	snprintf(desc, sizeof(desc), "arg %s %p name \"%.32s\" flags %#x pad %#x",
		 ptrkind_name[kind], (void *)arg, ref.name, ref.flags, ref.pad);
	check(fz, destroy ? C_DESTROY : C_OPEN, r, &x, desc);
	if (r < 0)
		return;
	if (!destroy) {
		if (s >= 0)
			add_vmfd(fz, r, s);
		else
			close(r);
		return;
	}
	if (s >= 0 && fz->slots[s].live) {
		fz->slots[s].live = false;	/* a racer gets ENODEV or STOPPED */
		fz->live--;
	}
}

static void fz_list(struct fuzz *fz, int dev)
{
	struct disco_vm_list l = { 0 }, *arg;
	enum ptrkind kind = pick_ptrkind(), vkind;
	struct expect x = { .ok = true };
	unsigned int total = fz->baseline + fz->live;
	__u64 out;
	char desc[160];
	void *vms;
	int r;

	l.capacity = chance(80) ? rndn(DISCO_MAX_VMS + 2) : (__u32)boundary();
	out = (__u64)(l.capacity < total ? l.capacity : total) * sizeof(struct disco_vm_info);
	vkind = chance(80) ? P_VALID : pick_ptrkind();
	vms = vkind == P_VALID ? fz->scratch : arg_ptr(fz, vkind, out);
	l.vms = (__u64)(unsigned long)vms;
	mutate(&l, sizeof(l));
	out = (__u64)(l.capacity < total ? l.capacity : total) * sizeof(struct disco_vm_info);
	vms = sane_wptr(fz, (void *)(unsigned long)l.vms, out);
	l.vms = (__u64)(unsigned long)vms;

	if (l.flags || l.pad)
		exp_err(&x, EINVAL);
	else if (ptr_bad(fz, vms, out, true))
		exp_err(&x, EFAULT);
	else if (!ptr_good(fz, vms, out, true))
		exp_add(&x, EFAULT);
	arg = place(fz, kind, &l, sizeof(l));
	expect_ptr(fz, &x, kind, arg, sizeof(l), true);

	r = do_ioctl(fz, dev, DISCO_LIST_VMS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p capacity %u vms %p (%s) flags %#x pad %#x",
		 ptrkind_name[kind], (void *)arg, l.capacity, vms, ptrkind_name[vkind],
		 l.flags, l.pad);
	check(fz, C_LIST, r, &x, desc);
	if (r == 0 && (kind == P_VALID || kind == P_MISALIGNED)) {
		struct disco_vm_list res;

		memcpy(&res, arg, sizeof(res));
		if (res.count != total)
			report(fz, C_LIST, r, "state",
			       "count %u, but %d VMs before the run + %d made by the fuzzer",
			       res.count, fz->baseline, fz->live);
	}
}

/* ---- VM ioctls ----------------------------------------------------------- */

static __u32 pick_vcpu(struct slot *s)
{
	unsigned int p = rndn(100);

	if (p < 80 && s && s->nr_vcpus)
		return rndn(s->nr_vcpus);
	if (p < 90)
		return rndn(DISCO_MAX_VCPUS + 1);
	if (p < 95)
		return DISCO_STATS_VM;
	return (__u32)boundary();
}

static void fz_info(struct fuzz *fz, int i)
{
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_vm_info zero = { 0 }, *arg;
	char desc[96];
	int r;

	arg = place(fz, kind, &zero, sizeof(zero));
	expect_ptr(fz, &x, kind, arg, sizeof(zero), true);
	if (kind == P_READONLY)
		exp_err(&x, EFAULT);
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_INFO, arg);
	snprintf(desc, sizeof(desc), "arg %s %p", ptrkind_name[kind], (void *)arg);
	check(fz, C_INFO, r, &x, desc);
	if (r == 0 && s && (kind == P_VALID || kind == P_MISALIGNED)) {
		struct disco_vm_info info;

		memcpy(&info, arg, sizeof(info));
		if (strncmp(info.name, s->name, DISCO_NAME_MAX) || info.mem_size != s->mem ||
		    info.max_vcpus != s->max_vcpus || info.nr_vcpus != s->nr_vcpus ||
		    info.state > DISCO_VM_STATE_STOPPED || memchr_nonzero(info.reserved, sizeof(info.reserved)))
			report(fz, C_INFO, r, "state",
			       "info name \"%.32s\" mem %#llx vcpus %u/%u state %u; expected \"%.32s\" %#llx %u/%u",
			       info.name, (unsigned long long)info.mem_size, info.nr_vcpus,
			       info.max_vcpus, info.state, s->name,
			       (unsigned long long)s->mem, s->nr_vcpus, s->max_vcpus);
	}
}

/* gpa/size pairs around every limit of @mem. */
static void pick_range(__u64 mem, __u64 *gpa, __u64 *size)
{
	static const __u64 odd[] = { 0, 4, 8, 12, 16, 1ULL << 62, ~0ULL, ~7ULL, 1ULL << 63 };
	unsigned int p = rndn(100);

	if (p < 50) {
		*size = 8 * (1 + rndn(chance(80) ? 512 : (mem ? mem / 8 : 1)));
		*gpa = mem > *size ? rndn(mem - *size + 1) & ~7ULL : 0;
	} else if (p < 65) {
		*size = 8 * (1 + rndn(4));
		*gpa = mem - *size + 8 * (rndn(3) - 1 + 0ULL);
	} else if (p < 75) {
		*gpa = 0;
		*size = mem + 8 * (rndn(3) - 1 + 0ULL);
	} else {
		*gpa = chance(50) ? odd[rndn(sizeof(odd) / 8)] : rnd();
		*size = chance(50) ? odd[rndn(sizeof(odd) / 8)] : rnd() >> rndn(64);
	}
}

static void fz_raw(struct fuzz *fz, int i, bool load)
{
	enum ptrkind kind = pick_ptrkind(), dkind;
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_mem m = { 0 }, *arg;
	__u64 mem = s ? s->mem : DISCO_MEM_MIN;
	char desc[192];
	void *data;
	int r;

	pick_range(mem, &m.gpa, &m.size);
	dkind = chance(85) ? P_VALID : pick_ptrkind();
	if (dkind == P_VALID && m.size <= SCRATCH_SIZE - 2 * GUARD)
		data = fz->scratch + rndn((SCRATCH_SIZE - 2 * GUARD - m.size) / 8 + 1) * 8;
	else if (dkind == P_PARTIAL && m.size <= SCRATCH_SIZE)
		data = fz->scratch + SCRATCH_SIZE - m.size + 8;
	else if (dkind == P_READONLY && m.size <= 4096)
		data = fz->ro_page + ((4096 - m.size) & ~7ULL);
	else
		data = arg_ptr(fz, dkind == P_VALID ? P_RANDOM : dkind, 8);
	m.data = (__u64)(unsigned long)data;
	mutate(&m, sizeof(m));
	data = (void *)(unsigned long)m.data;
	if (!load) {
		data = sane_wptr(fz, data, m.size);
		m.data = (__u64)(unsigned long)data;
	}

	if (m.flags || m.pad || !m.size || (m.gpa | m.size) % DISCO_LOAD_ALIGN)
		exp_err(&x, EINVAL);
	else if (!s || m.gpa >= s->mem || m.size > s->mem - m.gpa)
		exp_err(&x, ERANGE);
	else if (ptr_bad(fz, data, m.size, !load))
		exp_err(&x, EFAULT);
	else if (!ptr_good(fz, data, m.size, !load))
		exp_add(&x, EFAULT);
	if (!s) {
		/* Knowledge of a destroyed-and-reused slot is gone. */
		x.ok = true;
		exp_add(&x, ERANGE);
		exp_add(&x, EFAULT);
	}
	arg = place(fz, kind, &m, sizeof(m));
	expect_ptr(fz, &x, kind, arg, sizeof(m), false);
	r = do_ioctl(fz, fz->vmfds[i].fd, load ? DISCO_VM_LOAD_RAW : DISCO_VM_READ_RAW, arg);
	snprintf(desc, sizeof(desc), "arg %s %p gpa %#llx size %#llx data %p flags %#x pad %#x (VM mem %#llx)",
		 ptrkind_name[kind], (void *)arg, (unsigned long long)m.gpa,
		 (unsigned long long)m.size, data, m.flags, m.pad, (unsigned long long)mem);
	check(fz, load ? C_LOAD_RAW : C_READ_RAW, r, &x, desc);
}

static void fz_create_vcpu(struct fuzz *fz, int i)
{
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct slot *live = fd_vm(fz, i);
	char desc[96];
	int r;

	if (s && s->nr_vcpus >= s->max_vcpus)
		exp_err(&x, ENOSPC);
	if (!live) {
		/*
		 * The VM was destroyed: ENODEV, as the ABI documents.  A VM
		 * the fuzzer lost track of (s == NULL) may also still live.
		 */
		exp_add(&x, ENODEV);
		x.ok = !s;
	}
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_CREATE_VCPU, chance(90) ? NULL :
		     arg_ptr(fz, pick_ptrkind(), 8));
	snprintf(desc, sizeof(desc), "VM %.32s%s, %u of %u vCPUs", s ? s->name : "?",
		 live ? "" : " (destroyed)", s ? s->nr_vcpus : 0, s ? s->max_vcpus : 0);
	check(fz, C_CREATE_VCPU, r, &x, desc);
	if (r >= 0 && s) {
		if ((__u32)r != s->nr_vcpus)
			report(fz, C_CREATE_VCPU, r, "state", "new vCPU id %d, expected %u",
			       r, s->nr_vcpus);
		s->nr_vcpus = r + 1;
	}
}

static void busy_ok(struct slot *s, __u32 vcpu, struct expect *x)
{
	if (s && s->racing && vcpu == 0)
		exp_add(x, EBUSY);
}

static void fz_get_regs(struct fuzz *fz, int i, struct disco_regs *out)
{
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_regs regs, *arg;
	char desc[128];
	int r;

	memset(&regs, 0, sizeof(regs));
	regs.vcpu = pick_vcpu(s);
	if (chance(15))
		mutate(&regs, sizeof(regs));
	if (regs.flags || memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
	    memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)))
		exp_err(&x, EINVAL);
	if (s && regs.vcpu >= s->nr_vcpus)
		exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		exp_add(&x, ENOENT);
	}
	busy_ok(s, regs.vcpu, &x);
	arg = place(fz, kind, &regs, sizeof(regs));
	expect_ptr(fz, &x, kind, arg, sizeof(regs), true);
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_REGS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u flags %#x (VM has %u vCPUs)%s",
		 ptrkind_name[kind], (void *)arg, regs.vcpu, regs.flags, s ? s->nr_vcpus : 0,
		 memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
		 memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)) ?
		 " reserved fields non-zero" : "");
	check(fz, C_GET_REGS, r, &x, desc);
	if (out) {
		if (r == 0 && (kind == P_VALID || kind == P_MISALIGNED))
			memcpy(out, arg, sizeof(*out));
		else
			out->vcpu = ~0U;
	}
}

/* Values a guest-state attack would like to smuggle in. */
static void poke_regs(struct disco_regs *r)
{
	static const __u64 pcs[] = {
		0xffffffff80000000ULL, 0xffffffffc0000000ULL, 0x9800000000000000ULL,
		DISCO_XSSEG_BASE, DISCO_XSSEG_BASE + GUEST_IMAGE_GPA, 0, 2,
		DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE, 0x7ffffffffffcULL,
	};

	switch (rndn(8)) {
	case 0:
		r->pc = pcs[rndn(sizeof(pcs) / 8)];
		break;
	case 1:	/* Status: BEV, ERL, EXL, KSU, IE, IM, CU bits */
		r->cp0.status = (__s32)(r->cp0.status ^ (1U << rndn(32)));
		break;
	case 2:
		r->cp0.ebase = (__s32)(0x80000000U | (rnd() & 0x3ffff000U));
		break;
	case 3:
		r->cp0.compare = (__s32)(r->cp0.count + rndn(3));
		r->cp0.status = (__s32)(r->cp0.status | 0x8001);
		break;
	case 4:
		r->cp0.entryhi = rnd() & (0xc000000000000000ULL | 0xffffffffe0ffULL);
		break;
	case 5:
		r->cp0.wired = rndn(70);
		break;
	case 6:
		r->cp0.pagemask = rnd() & 0x1fffe000ULL;
		break;
	default:
		r->cp0.entrylo0 = rnd() & 0x3ffffffffffULL;
		break;
	}
}

static void fz_set_regs(struct fuzz *fz, int i)
{
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_regs regs, *arg;
	bool changed = false;
	char desc[160];
	int r;

	fz_get_regs(fz, i, &regs);	/* a real call, checked as well */
	if (regs.vcpu == ~0U) {
		memset(&regs, 0, sizeof(regs));
		regs.vcpu = pick_vcpu(s);
		changed = true;
	}
	if (chance(40)) {
		poke_regs(&regs);
		changed = true;
	}
	changed |= mutate(&regs, sizeof(regs));
	if (regs.flags || regs.gpr[0] || (regs.pc & 3) ||
	    memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
	    memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)))
		exp_err(&x, EINVAL);
	else if (changed)
		exp_add(&x, EINVAL);	/* the oracle does not model every CP0 rule */
	if (s && regs.vcpu >= s->nr_vcpus)
		exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		exp_add(&x, ENOENT);
		exp_add(&x, EINVAL);
	}
	busy_ok(s, regs.vcpu, &x);
	if (s && s->racing)
		exp_add(&x, EINVAL);	/* Random/BadVAddr moved since the read */
	arg = place(fz, kind, &regs, sizeof(regs));
	expect_ptr(fz, &x, kind, arg, sizeof(regs), false);
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_SET_REGS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u pc %#llx status %#llx ebase %#llx%s",
		 ptrkind_name[kind], (void *)arg, regs.vcpu, (unsigned long long)regs.pc,
		 (unsigned long long)regs.cp0.status, (unsigned long long)regs.cp0.ebase,
		 changed ? " (mutated)" : " (as read)");
	check(fz, C_SET_REGS, r, &x, desc);
}

static void arm_run_timer(struct fuzz *fz, bool on)
{
	struct itimerspec its = { 0 };

	if (!fz->have_timer)
		return;
	if (on)
		its.it_value.tv_nsec = RUN_SLICE_MS * 1000000L;
	timer_settime(fz->run_timer, 0, &its, NULL);
}

static void fz_run(struct fuzz *fz, int i)
{
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct slot *live = fd_vm(fz, i);
	struct disco_run run = { 0 }, *arg;
	bool will_run;
	char desc[160];
	int r;

	run.vcpu = pick_vcpu(s);
	mutate(&run, sizeof(run));
	if (run.flags || memchr_nonzero(run.reserved, sizeof(run.reserved)))
		exp_err(&x, EINVAL);
	if (s && run.vcpu >= s->nr_vcpus)
		exp_err(&x, ENOENT);
	if (s && !live)
		exp_err(&x, ENODEV);
	if (!s) {
		x.ok = true;
		exp_add(&x, ENOENT);
		exp_add(&x, ENODEV);
	}
	busy_ok(s, run.vcpu, &x);
	will_run = x.ok && (kind == P_VALID || kind == P_MISALIGNED || kind == P_READONLY);
	if (will_run && fz->runs_left <= 0) {
		run.flags = 1;	/* out of RUN budget: exercise the checks only */
		exp_err(&x, EINVAL);
		will_run = false;
	}
	arg = place(fz, kind, &run, sizeof(run));
	expect_ptr(fz, &x, kind, arg, sizeof(run), true);
	if (will_run)
		fz->runs_left--;
	arm_run_timer(fz, true);	/* also when the oracle says it cannot run */
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_RUN, arg);
	arm_run_timer(fz, false);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u flags %#x (VM %.32s, %u vCPUs%s)",
		 ptrkind_name[kind], (void *)arg, run.vcpu, run.flags, s ? s->name : "?",
		 s ? s->nr_vcpus : 0, live ? "" : ", destroyed");
	check(fz, C_RUN, r, &x, desc);
	if (r == 0 && kind != P_READONLY) {
		struct disco_run out;

		memcpy(&out, arg, sizeof(out));
		if (out.exit_reason < DISCO_EXIT_GUEST || out.exit_reason > DISCO_EXIT_FAULT ||
		    out.fault > DISCO_FAULT_MCHECK ||
		    (out.exit_reason != DISCO_EXIT_FAULT && out.fault) ||
		    memchr_nonzero(out.reserved, sizeof(out.reserved)))
			report(fz, C_RUN, r, "state", "exit %u fault %u vcpu %u: out of range",
			       out.exit_reason, out.fault, out.vcpu);
		if (out.exit_reason == DISCO_EXIT_FAULT && out.fault == DISCO_FAULT_MCHECK)
			report(fz, C_RUN, r, "machine check",
			       "the host CPU raised a machine check at pc %#llx",
			       (unsigned long long)out.pc);
	}
}

static void fz_stats(struct fuzz *fz, int i)
{
	enum ptrkind kind = pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_stats st, *arg;
	char desc[128];
	int r;

	memset(&st, 0, sizeof(st));
	st.vcpu = chance(30) ? DISCO_STATS_VM : pick_vcpu(s);
	mutate(&st, sizeof(st));
	if (st.flags || memchr_nonzero(st.reserved, sizeof(st.reserved)))
		exp_err(&x, EINVAL);
	if (s && st.vcpu != DISCO_STATS_VM && st.vcpu >= s->nr_vcpus)
		exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		exp_add(&x, ENOENT);
	}
	arg = place(fz, kind, &st, sizeof(st));
	expect_ptr(fz, &x, kind, arg, sizeof(st), true);
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_STATS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %#x flags %#x", ptrkind_name[kind],
		 (void *)arg, st.vcpu, st.flags);
	check(fz, C_STATS, r, &x, desc);
	if (r == 0 && kind != P_READONLY && kind != P_PARTIAL) {
		memcpy(&st, arg, sizeof(st));
		if (memchr_nonzero(st.reserved, sizeof(st.reserved)))
			report(fz, C_STATS, r, "state", "reserved out fields not zero");
	}
}

/* ---- ELF images ---------------------------------------------------------- */

static void load_images(struct fuzz *fz)
{
	static const char * const guests[] = { "hello", "spin", "emulate" };
	unsigned int g;

	for (g = 0; g < sizeof(guests) / sizeof(guests[0]); g++) {
		struct image *im = &fz->images[fz->nr_images];
		char path[4096];

		disco_guest_path(path, sizeof(path), guests[g]);
		im->data = disco_read_file(path, &im->size);
		if (!im->data || im->size > IMG_AREA || im->size < 64)
			continue;
		im->guest = guests[g];
		im->gpa_end = 1 << 20;	/* refined by the first successful load */
		fz->nr_images++;
	}
}

/* Header fields a loader must distrust, at their ELF64 offsets. */
static void poke_elf(unsigned char *img, size_t size)
{
	__u64 phoff;
	size_t ph;

	memcpy(&phoff, img + 32, 8);
	ph = phoff < size - 56 ? phoff : 64;
	switch (rndn(10)) {
	case 0: { __u64 v = boundary(); memcpy(img + 32, &v, 8); break; }	/* e_phoff */
	case 1: { __u16 v = rndn(3) ? (__u16)rndn(70) : 0xffff; memcpy(img + 56, &v, 2); break; }
	case 2: { __u16 v = (__u16)boundary(); memcpy(img + 54, &v, 2); break; }	/* e_phentsize */
	case 3: { __u64 v = boundary(); memcpy(img + 24, &v, 8); break; }	/* e_entry */
	case 4: { __u64 v = boundary(); memcpy(img + ph + 8, &v, 8); break; }	/* p_offset */
	case 5: { __u64 v = rndn(2) ? boundary() : DISCO_XSSEG_BASE + boundary();
		  memcpy(img + ph + 16, &v, 8); break; }				/* p_vaddr */
	case 6: { __u64 v = boundary(); memcpy(img + ph + 32, &v, 8); break; }	/* p_filesz */
	case 7: { __u64 v = boundary(); memcpy(img + ph + 40, &v, 8); break; }	/* p_memsz */
	case 8: img[4 + rndn(3)] ^= 1 << rndn(8); break;			/* class, data, version */
	default: { __u16 v = (__u16)rnd(); memcpy(img + (rndn(2) ? 16 : 18), &v, 2); break; }
	}
}

static void fz_load_elf(struct fuzz *fz, int i)
{
	static const __u64 sizes[] = {
		0, 1, 63, 64, 65, DISCO_IMAGE_MAX + 1, ~0ULL, 1ULL << 63,
		DISCO_IMAGE_MAX + DISCO_PAGE_SIZE,
	};
	enum ptrkind kind = pick_ptrkind(), ikind = P_VALID;
	struct expect x = { .ok = true };
	struct slot *s = fd_slot(fz, i);
	struct disco_load_elf l = { 0 }, *arg;
	struct image *im;
	bool pristine = true, fits_img;
	unsigned char *img;
	char desc[192];
	int r;

	if (!fz->nr_images)
		return;
	im = &fz->images[rndn(fz->nr_images)];
	img = fz->img_area + IMG_AREA - im->size;	/* ends at the guard */
	memcpy(img, im->data, im->size);
	if (chance(50)) {
		pristine = false;
		if (chance(60))
			poke_elf(img, im->size);
		else
			flip_bits(img, chance(80) ? 512 : im->size, 1 + rndn(4));
	}
	l.image = (__u64)(unsigned long)img;
	l.size = im->size;
	switch (rndn(10)) {
	case 0:
		l.size = sizes[rndn(sizeof(sizes) / 8)];
		pristine = false;
		break;
	case 1:
		l.size = 64 + rndn(im->size - 64);	/* truncated */
		pristine = false;
		break;
	case 2:
		l.size = im->size + 1 + rndn(chance(90) ? 4096 : DISCO_IMAGE_MAX - im->size);
		pristine = false;
		break;
	case 3:
		ikind = pick_ptrkind();
		if (ikind != P_VALID) {
			l.image = (__u64)(unsigned long)arg_ptr(fz, ikind == P_MISALIGNED ||
					ikind == P_READONLY ? P_RANDOM : ikind, im->size);
			if (ikind == P_PARTIAL)
				l.image = (__u64)(unsigned long)(fz->scratch + SCRATCH_SIZE - 8);
			pristine = false;
		}
		break;
	}
	pristine &= !mutate(&l, sizeof(l));
	/* Bound what the kernel allocates for the image (kvmalloc(size)). */
	if (l.size > (16 << 20) && l.size <= DISCO_IMAGE_MAX) {
		if (fz->huge_left > 0)
			fz->huge_left--;
		else
			l.size = 16 << 20;
	}

	fits_img = l.image == (__u64)(unsigned long)img && l.size <= im->size;
	if (l.flags || l.pad || !l.size || memchr_nonzero(l.reserved, sizeof(l.reserved)))
		exp_err(&x, EINVAL);
	else if (l.size > DISCO_IMAGE_MAX)
		exp_err(&x, E2BIG);
	else if (l.size < 64)
		exp_err(&x, ENOEXEC);
	else if (ptr_bad(fz, (void *)(unsigned long)l.image, l.size, false))
		exp_err(&x, EFAULT);
	else if (!fits_img) {
		exp_add(&x, EFAULT);
		exp_add(&x, ENOEXEC);
		exp_add(&x, ERANGE);
		exp_add(&x, ENOMEM);
	} else if (!pristine || !s || s->mem < im->gpa_end) {
		exp_add(&x, ENOEXEC);
		exp_add(&x, ERANGE);
		if (!s || s->mem < im->gpa_end)
			x.ok = true;
	}
	if (!s)
		x.ok = true;
	arg = place(fz, kind, &l, sizeof(l));
	expect_ptr(fz, &x, kind, arg, sizeof(l), true);
	r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_LOAD_ELF, arg);
	snprintf(desc, sizeof(desc), "arg %s %p image %s %#llx (%s) size %#llx flags %#x (VM mem %#llx)",
		 ptrkind_name[kind], (void *)arg, im->guest, (unsigned long long)l.image,
		 pristine ? "pristine" : "mutated", (unsigned long long)l.size, l.flags,
		 (unsigned long long)(s ? s->mem : 0));
	check(fz, C_LOAD_ELF, r, &x, desc);
	if (r == 0 && pristine && (kind == P_VALID || kind == P_MISALIGNED)) {
		memcpy(&l, arg, sizeof(l));
		if (im->gpa_end == 1 << 20 || im->gpa_end > l.gpa_end)
			im->gpa_end = l.gpa_end;
	}
}

/* A VM ready to run a real guest: vCPU 0 at the image's entry. */
static void fz_prepare(struct fuzz *fz, int dev)
{
	struct expect ok = { .ok = true };
	struct disco_vm_create c = { 0 };
	struct disco_vm_ref ref = { 0 };
	struct disco_load_elf l = { 0 };
	struct disco_regs regs;
	struct image *im;
	int r, s, fd;

	if (!fz->nr_images || fz->baseline + fz->live >= DISCO_MAX_VMS)
		return;
	s = free_slot(fz);
	if (s < 0)
		return;
	im = &fz->images[rndn(fz->nr_images)];
	/* A mutated name may have taken a future counter value already. */
	do
		snprintf(c.name, sizeof(c.name), "%s%u", fz->prefix, fz->name_counter++);
	while (slot_by_name(fz, c.name) >= 0 && fz->slots[slot_by_name(fz, c.name)].live);
	c.mem_size = 1 << 20;
	c.max_vcpus = 1 + rndn(2);
	c.flags = chance(50) ? DISCO_VM_FLAGS : 0;
	r = do_ioctl(fz, dev, DISCO_CREATE_VM, &c);
	check(fz, C_CREATE, r, &ok, "prepare: a valid VM");
	if (r)
		return;
	memset(&fz->slots[s], 0, sizeof(fz->slots[s]));
	memcpy(fz->slots[s].name, c.name, DISCO_NAME_MAX);
	fz->slots[s].used = fz->slots[s].live = true;
	fz->slots[s].mem = c.mem_size;
	fz->slots[s].max_vcpus = c.max_vcpus;
	fz->gen[s]++;
	fz->live++;

	memcpy(ref.name, c.name, DISCO_NAME_MAX);
	fd = do_ioctl(fz, dev, DISCO_OPEN_VM, &ref);
	check(fz, C_OPEN, fd < 0 ? fd : 0, &ok, "prepare: open");
	if (fd < 0)
		return;
	r = do_ioctl(fz, fd, DISCO_VM_CREATE_VCPU, NULL);
	check(fz, C_CREATE_VCPU, r, &ok, "prepare: vCPU 0");
	if (r == 0)
		fz->slots[s].nr_vcpus = 1;
	l.image = (__u64)(unsigned long)im->data;
	l.size = im->size;
	r = do_ioctl(fz, fd, DISCO_VM_LOAD_ELF, &l);
	check(fz, C_LOAD_ELF, r, &ok, "prepare: a pristine image");
	memset(&regs, 0, sizeof(regs));
	r = do_ioctl(fz, fd, DISCO_VM_GET_REGS, &regs);
	check(fz, C_GET_REGS, r, &ok, "prepare: vCPU 0 registers");
	if (!r) {
		regs.pc = l.entry;
		r = do_ioctl(fz, fd, DISCO_VM_SET_REGS, &regs);
		check(fz, C_SET_REGS, r, &ok, "prepare: pc = entry");
	}
	add_vmfd(fz, fd, s);
}

/* ---- the racer: a vCPU running while the main loop fuzzes its VM --------- */

static void *racer_fn(void *arg)
{
	struct fuzz *fz = arg;
	struct disco_run run;
	int r;

	while (!fz->racer_stop) {
		memset(&run, 0, sizeof(run));
		r = ioctl(fz->racer_fd, DISCO_VM_RUN, &run);
		r = r < 0 ? -errno : r;
		fz->racer_runs++;
		if (r == 0) {
			usleep(200);	/* a halted vCPU returns at once */
			continue;
		}
		if (r == -EINTR)
			continue;
		if (r == -EBUSY || r == -ENODEV) {
			usleep(1000);
			continue;
		}
		fz->racer_bad_ret = r;
	}
	fz->racer_done = 1;
	return NULL;
}

static void racer_start(struct fuzz *fz)
{
	int s, i, fd = -1;

	for (i = 0; i < MAX_VMFDS; i++) {
		struct slot *vm = fz->vmfds[i].fd >= 0 ? fd_vm(fz, i) : NULL;

		if (vm && vm->nr_vcpus && !vm->racing) {
			fd = fz->vmfds[i].fd;
			break;
		}
	}
	if (fd < 0)
		return;
	s = fz->vmfds[i].slot;
	fz->racer_fd = dup(fd);
	if (fz->racer_fd < 0)
		return;
	fz->racer_slot = s;
	fz->racer_stop = fz->racer_done = 0;
	fz->slots[s].racing = true;
	if (pthread_create(&fz->racer, NULL, racer_fn, fz)) {
		fz->slots[s].racing = false;
		close(fz->racer_fd);
		return;
	}
	fz->racer_on = true;
	fz->racer_until = fz->calls + 100 + rndn(300);
}

static void racer_stop(struct fuzz *fz)
{
	struct slot *s;
	int tries;

	if (!fz->racer_on)
		return;
	fz->racer_stop = 1;
	for (tries = 0; !fz->racer_done && tries < 20000; tries++) {
		pthread_kill(fz->racer, SIGUSR2);
		usleep(500);
	}
	if (!fz->racer_done) {
		report(fz, C_RUN, 0, "hang", "the racer's DISCO_VM_RUN did not end on a signal");
		return;		/* leave it: the harness timeout will end us */
	}
	pthread_join(fz->racer, NULL);
	fz->racer_on = false;
	close(fz->racer_fd);
	s = &fz->slots[fz->racer_slot];
	s->racing = false;
	if (fz->racer_bad_ret)
		report(fz, C_RUN, fz->racer_bad_ret, "racer",
		       "the racer's DISCO_VM_RUN failed with %d (%s)", fz->racer_bad_ret,
		       strerror(-fz->racer_bad_ret));
	fz->racer_bad_ret = 0;
	fz->racer_calls += fz->racer_runs;
	fz->racer_runs = 0;
}

/* ---- the main loop ------------------------------------------------------- */

static void fz_unknown(struct fuzz *fz, int fd, bool dev)
{
	static const unsigned char types[] = { DISCO_IOC, DISCO_IOC, 'x', 0xd4, 0xd6, 0xae, 'Q' };
	struct expect x = { .ok = false };
	unsigned long cmd;
	char desc[96];
	int c, r;

	switch (rndn(3)) {
	case 0:	/* a valid command on the wrong kind of descriptor */
		do
			c = rndn(C_UNKNOWN);
		while (cmds[c].on_dev == dev);
		cmd = cmds[c].cmd;
		break;
	case 1:	/* a known number with the wrong size or direction */
		c = rndn(C_UNKNOWN);
		cmd = cmds[c].cmd ^ ((1UL << rndn(_IOC_SIZEBITS)) << _IOC_SIZESHIFT);
		if (chance(30))
			cmd = (cmds[c].cmd & ~((unsigned long)_IOC_DIRMASK << _IOC_DIRSHIFT)) |
			      (rndn(_IOC_DIRMASK + 1) << _IOC_DIRSHIFT);
		if (cmd == cmds[c].cmd)
			cmd ^= 1UL << _IOC_SIZESHIFT;
		break;
	default:
		cmd = _IOC(rndn(_IOC_DIRMASK + 1), types[rndn(sizeof(types))], rndn(256),
			   rndn(1 << _IOC_SIZEBITS));
		for (c = 0; c < C_UNKNOWN; c++)
			if (cmds[c].cmd == cmd)
				return;
		break;
	}
	exp_add(&x, ENOTTY);
	r = do_ioctl(fz, fd, cmd, arg_ptr(fz, pick_ptrkind(), 64));
	snprintf(desc, sizeof(desc), "cmd %#lx on a %s descriptor", cmd, dev ? "/dev/disco" : "VM");
	check(fz, C_UNKNOWN, r, &x, desc);
}

static void fz_read(struct fuzz *fz, int i)
{
	enum ptrkind kind = chance(80) ? P_VALID : pick_ptrkind();
	size_t len = chance(50) ? rndn(4096) : boundary();
	void *buf = kind == P_VALID ? fz->scratch : arg_ptr(fz, kind, 8);
	ssize_t n;

	if (kind == P_VALID && len > SCRATCH_SIZE)
		len = SCRATCH_SIZE;
	n = read(fz->vmfds[i].fd, buf, len);
	if (n < 0 && errno != EAGAIN && errno != EFAULT && errno != EINTR &&
	    errno != EINVAL)
		report(fz, C_UNKNOWN, -errno, "read", "read(VM fd, %p (%s), %zu)", buf,
		       ptrkind_name[kind], len);
}

static void fuzz_one(struct fuzz *fz)
{
	unsigned int p = rndn(1000);
	int dev = pick_dev(fz), i;

	if (p < 40) {
		fz_create(fz, dev);
	} else if (p < 75) {
		fz_ref(fz, dev, true);
	} else if (p < 95) {
		fz_ref(fz, dev, false);
	} else if (p < 115) {
		fz_list(fz, dev);
	} else if (p < 125) {
		struct expect x = { .ok = true };
		int r = do_ioctl(fz, dev, DISCO_GET_API_VERSION, arg_ptr(fz, pick_ptrkind(), 8));

		check(fz, C_VERSION, r, &x, "");
		if (r >= 0 && r != DISCO_API_VERSION)
			report(fz, C_VERSION, r, "state", "version %d", r);
	} else if (p < 135) {
		fz_unknown(fz, dev, true);
	} else if (p < 140) {
		/* Open and close /dev/disco descriptors. */
		i = 1 + rndn(MAX_DEVS - 1);
		if (fz->devs[i] >= 0) {
			close(fz->devs[i]);
			fz->devs[i] = -1;
		} else {
			fz->devs[i] = open(DISCO_DEV, O_RDWR | O_CLOEXEC);
		}
	} else if (p < 146) {
		i = pick_vmfd(fz);
		if (i >= 0)
			close_vmfd(fz, i);
	} else if (p < 149) {
		fz_prepare(fz, dev);
	} else {
		i = pick_vmfd(fz);
		if (i < 0) {
			fz_ref(fz, dev, false);
			return;
		}
		p = rndn(1000);
		if (p < 60)
			fz_info(fz, i);
		else if (p < 150)
			fz_load_elf(fz, i);
		else if (p < 300)
			fz_raw(fz, i, true);
		else if (p < 450)
			fz_raw(fz, i, false);
		else if (p < 520)
			fz_create_vcpu(fz, i);
		else if (p < 620)
			fz_get_regs(fz, i, NULL);
		else if (p < 760)
			fz_set_regs(fz, i);
		else if (p < 850)
			fz_run(fz, i);
		else if (p < 855) {
			struct expect x = { .ok = true };
			int r = do_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_STOP,
					 arg_ptr(fz, pick_ptrkind(), 8));

			check(fz, C_STOP, r, &x, "");
		} else if (p < 940)
			fz_stats(fz, i);
		else if (p < 970)
			fz_unknown(fz, fz->vmfds[i].fd, false);
		else
			fz_read(fz, i);
	}
}

/* ---- setup, teardown, the test ------------------------------------------- */

static int count_vms(int dev)
{
	struct disco_vm_list l = { 0 };

	return ioctl(dev, DISCO_LIST_VMS, &l) < 0 ? -errno : (int)l.count;
}

/* Destroys every VM whose name has our prefix; returns how many. */
static int sweep(struct fuzz *fz)
{
	static struct disco_vm_info infos[DISCO_MAX_VMS];
	struct disco_vm_list l = { .capacity = DISCO_MAX_VMS,
				   .vms = (__u64)(unsigned long)infos };
	struct disco_vm_ref ref;
	unsigned int i;
	int n = 0;

	if (ioctl(fz->devs[0], DISCO_LIST_VMS, &l) < 0)
		return -errno;
	for (i = 0; i < l.count && i < DISCO_MAX_VMS; i++) {
		if (strncmp(infos[i].name, fz->prefix, strlen(fz->prefix)))
			continue;
		memset(&ref, 0, sizeof(ref));
		memcpy(ref.name, infos[i].name, DISCO_NAME_MAX);
		if (!ioctl(fz->devs[0], DISCO_DESTROY_VM, &ref))
			n++;
	}
	return n;
}

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

FIXTURE(fuzz) {
	struct fuzz fz;
};

FIXTURE_SETUP(fuzz)
{
	struct fuzz *fz = &self->fz;
	struct sigaction sa = { .sa_handler = noop_handler };	/* no SA_RESTART */
	struct sigevent sev = { 0 };
	unsigned char *m;
	int i;

	memset(fz, 0, sizeof(*fz));
	fz->md = _metadata;
	for (i = 0; i < MAX_DEVS; i++)
		fz->devs[i] = -1;
	for (i = 0; i < MAX_VMFDS; i++)
		fz->vmfds[i].fd = -1;
	snprintf(fz->prefix, sizeof(fz->prefix), "fz%d-", (int)getpid());

	fz->devs[0] = disco_open_dev();
	ASSERT_LE(0, fz->devs[0]) TH_LOG("open %s: %s", DISCO_DEV, strerror(-fz->devs[0]));

	m = mmap(NULL, SCRATCH_SIZE + GUARD, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + SCRATCH_SIZE, GUARD, PROT_NONE));
	fz->scratch = m;
	m = mmap(NULL, IMG_AREA + GUARD, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + IMG_AREA, GUARD, PROT_NONE));
	fz->img_area = m;
	fz->ro_size = sysconf(_SC_PAGESIZE);
	m = mmap(NULL, fz->ro_size + GUARD, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + fz->ro_size, GUARD, PROT_NONE));
	fz->ro_page = m;
	/* Kept mapped PROT_NONE, so nothing else can ever land there. */
	m = mmap(NULL, 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	fz->unmapped = m;

	ASSERT_EQ(0, sigaction(SIGUSR2, &sa, NULL));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGUSR2;
	sev._sigev_un._tid = syscall(SYS_gettid);
	fz->have_timer = !timer_create(CLOCK_MONOTONIC, &sev, &fz->run_timer);
	ASSERT_TRUE(fz->have_timer) TH_LOG("timer_create: %s", strerror(errno));

	load_images(fz);
	fz->baseline = count_vms(fz->devs[0]);
	ASSERT_LE(0, fz->baseline);
}

FIXTURE_TEARDOWN(fuzz)
{
	struct fuzz *fz = &self->fz;
	int i;

	racer_stop(fz);
	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd >= 0)
			close_vmfd(fz, i);
	if (fz->devs[0] >= 0)
		sweep(fz);
	for (i = 0; i < MAX_DEVS; i++)
		if (fz->devs[i] >= 0)
			close(fz->devs[i]);
	if (fz->have_timer)
		timer_delete(fz->run_timer);
}

TEST_F_TIMEOUT(fuzz, abi, 150)
{
	struct fuzz *fz = &self->fz;
	unsigned long seconds;
	struct disco_vm_ref ref;
	double start, took;
	int c, e, i, after, leaked;

	fz->seed = env_ul("DISCO_FUZZ_SEED", 0);
	if (!fz->seed)
		fz->seed = ((__u64)time(NULL) << 20) ^ getpid();
	fz->max_calls = env_ul("DISCO_FUZZ_CALLS", FUZZ_DEFAULT_CALLS);
	seconds = env_ul("DISCO_FUZZ_SECONDS", FUZZ_DEFAULT_SECONDS);
	rng_state = fz->seed * 0x9e3779b97f4a7c15ULL + 1;
	fz->runs_left = RUN_BUDGET;
	fz->huge_left = HUGE_ALLOC_BUDGET;
	TH_LOG("seed %llu (DISCO_FUZZ_SEED), %lu calls (DISCO_FUZZ_CALLS), at most %lu s, %d VMs before",
	       (unsigned long long)fz->seed, fz->max_calls, seconds, fz->baseline);

	start = now_s();
	fz->deadline = start + seconds;
	while (fz->calls < fz->max_calls) {
		if (!(fz->calls & 63) && now_s() > fz->deadline) {
			TH_LOG("time bound reached after %lu calls", fz->calls);
			break;
		}
		if (fz->racer_on && fz->calls >= fz->racer_until)
			racer_stop(fz);
		else if (!fz->racer_on && !rndn(2000))
			racer_start(fz);
		fuzz_one(fz);
	}
	racer_stop(fz);
	took = now_s() - start;

	/* Clean up: every VM the fuzzer made, and nothing it lost track of. */
	for (i = 0; i < MAX_VMFDS; i++)
		if (fz->vmfds[i].fd >= 0)
			close_vmfd(fz, i);
	for (i = 0; i < MAX_SLOTS; i++) {
		if (!fz->slots[i].live)
			continue;
		memset(&ref, 0, sizeof(ref));
		memcpy(ref.name, fz->slots[i].name, DISCO_NAME_MAX);
		e = ioctl(fz->devs[0], DISCO_DESTROY_VM, &ref) < 0 ? errno : 0;
		EXPECT_EQ(0, e) TH_LOG("destroying %s: %s (seed %llu)", ref.name,
				       strerror(e), (unsigned long long)fz->seed);
		fz->slots[i].live = false;
	}
	leaked = sweep(fz);
	EXPECT_EQ(0, leaked) TH_LOG("%d VM(s) existed that the fuzzer thought gone (seed %llu)",
				     leaked, (unsigned long long)fz->seed);
	after = count_vms(fz->devs[0]);
	EXPECT_EQ(fz->baseline, after) TH_LOG("DISCO_LIST_VMS counts %d VMs, %d before the run (seed %llu)",
					       after, fz->baseline, (unsigned long long)fz->seed);

	TH_LOG("%lu ioctls (+%lu by the racer) in %.1f s (%.0f/s), %d RUNs, seed %llu",
	       fz->calls, fz->racer_calls, took, fz->calls / (took > 0 ? took : 1),
	       RUN_BUDGET - fz->runs_left, (unsigned long long)fz->seed);
	for (c = 0; c < NR_CMDS; c++) {
		char line[256];
		int n;

		n = snprintf(line, sizeof(line), "%-16s ok %lu", cmds[c].name, fz->ok[c]);
		for (e = 1; e < 140; e++)
			if (fz->errcount[c][e])
				n += snprintf(line + n, sizeof(line) - n, ", %s %lu",
					      strerrorname_np(e) ? strerrorname_np(e) : "?",
					      fz->errcount[c][e]);
		TH_LOG("  %s", line);
	}
	EXPECT_EQ(0, fz->nfail) TH_LOG("%lu failing call(s), %d distinct; seed %llu",
				       fz->nfail, fz->nfails_logged, (unsigned long long)fz->seed);
}

TEST_HARNESS_MAIN
