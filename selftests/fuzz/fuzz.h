/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ABI fuzzer (fuzz_test.c): its state and the functions its parts
 * share.
 *
 *   args.c      PRNG, pointer kinds, mutation, values, ELF images
 *   oracle.c    the ioctl table, expectations, checks, failure reports,
 *               the model of the fuzzer's VMs and VM descriptors
 *   calls_dev.c the /dev/disco ioctls (and unknown commands)
 *   calls_vm.c  the VM descriptor ioctls other than DISCO_VM_RUN and NUMA
 *   calls_numa.c the NUMA ioctls (GET_NUMA, SET_NUMA, MOVE_PAGE) and the
 *               model of where each page's copies are
 *   calls_disk.c the disk ioctls (ADD_DISK, GET_DISK) and their files
 *   run.c       DISCO_VM_RUN and the racer thread
 *
 * fuzz_test.c holds the main loop, the fixture and the test, and fz_log().
 */
#ifndef DISCO_FUZZ_H
#define DISCO_FUZZ_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "disco_util.h"

#ifndef DISCO_VM_FLAGS
#define DISCO_VM_FLAGS		0	/* CREATE_VM flags the ABI defines */
#endif

#define RUN_SLICE_MS		5	/* a fuzzed DISCO_VM_RUN lasts at most this */
#define RUN_BUDGET		300	/* valid RUNs per fuzz run (they cost time) */
#define HUGE_ALLOC_BUDGET	2	/* LOAD_ELF sizes that make the kernel
					 * allocate more than 16 MiB */
#define HUGE_CREATE_BUDGET	6	/* CREATE_VM sizes beyond the host's
					 * memory (ENOMEM) */

#define MAX_SLOTS	80	/* VM names: more than DISCO_MAX_VMS, for ENOSPC */
#define MAX_VMFDS	40
#define MAX_DEVS	3
#define MAX_FAILS	40	/* distinct failures logged in full */

#define SCRATCH_SIZE	(2UL << 20)	/* valid argument memory */
#define IMG_AREA	(256UL << 10)	/* ELF images, guard page after */
#define GUARD		65536UL

/* ---- PRNG (xorshift64*) ---------------------------------------------------- */

extern __u64 fz_rng_state;

static inline __u64 rnd(void)
{
	fz_rng_state ^= fz_rng_state >> 12;
	fz_rng_state ^= fz_rng_state << 25;
	fz_rng_state ^= fz_rng_state >> 27;
	return fz_rng_state * 0x2545f4914f6cdd1dULL;
}

static inline __u64 rndn(__u64 n)
{
	return n ? rnd() % n : 0;
}

static inline bool chance(unsigned int pct)
{
	return rndn(100) < pct;
}

/* ---- the ioctls ---------------------------------------------------------- */

enum {
	C_VERSION, C_CREATE, C_OPEN, C_DESTROY, C_LIST,
	C_INFO, C_LOAD_ELF, C_LOAD_RAW, C_READ_RAW, C_CREATE_VCPU,
	C_GET_REGS, C_SET_REGS, C_RUN, C_STOP, C_STATS,
	C_GET_NUMA, C_SET_NUMA, C_MOVE_PAGE, C_ADD_DISK, C_GET_DISK,
	C_UNKNOWN, NR_CMDS,
};

struct cmdinfo {
	const char *name;
	unsigned long cmd;
	size_t size;		/* argument structure, 0 if none */
	bool on_dev;		/* a /dev/disco ioctl (else a VM ioctl) */
	bool writes;		/* copies a result back to the argument */
	int errs[4];		/* documented beyond the common ones, 0-ended */
};

extern const struct cmdinfo fz_cmds[NR_CMDS];

/* ---- fuzzer state -------------------------------------------------------- */

#define SLOT_PAGES	64	/* pages of the largest VM the fuzzer makes (1 MiB) */

struct slot {			/* a VM name the fuzzer made */
	char name[DISCO_NAME_MAX];
	bool used;		/* a name was ever created here */
	bool live;		/* the VM exists (created, not destroyed) */
	__u64 mem;
	__u32 max_vcpus;
	__u32 nr_vcpus;
	bool racing;		/* the racer thread runs vCPU 0 */
	bool prepared;		/* fz_prepare() made it: vCPU 0 runs a guest */

	/* NUMA (calls_numa.c): what the fuzzer knows of the VM's pages */
	__u32 flags;		/* DISCO_VM_* as created */
	__u32 mem_node, cpu_node;
	bool policy;		/* DISCO_NUMA_POLICY as last set ... */
	bool policy_known;	/* ... if the fuzzer knows it */
	bool policy_ever_on;	/* the daemon may have sampled or moved pages */
	__u64 maybe_repl;	/* pages that may have copies (bit = page) */
	__u64 repl;		/* pages that surely have copies */
	signed char home[SLOT_PAGES];	/* node of the primary copy, -1: unknown */
	bool counts_exact;	/* the counters below are the kernel's */
	__u64 migrations, replications, collapses;
	unsigned int disks;	/* disks added through the fuzzer's calls */
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

struct __test_metadata;

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

	int runs_left, huge_left, huge_creates_left;

	/* the host's NUMA topology, nodes 0..DISCO_NUMA_MAX_NODES-1 */
	unsigned int mem_nodes, cpu_nodes;	/* masks: nodes with memory, CPUs */
	unsigned int nr_mem_nodes;
	__u32 nr_node_ids;	/* what DISCO_VM_GET_NUMA reports as nr_nodes */
	timer_t run_timer;
	bool have_timer;

	/* calls_disk.c: the files DISCO_VM_ADD_DISK is given */
	int disk_fd[4];
	char disk_path[2][48];

	/* results */
	unsigned long ok[NR_CMDS], errcount[NR_CMDS][140];
	unsigned long moves[4];	/* successful MOVE_PAGEs by op */
	unsigned long moves_racing;	/* ... of them on the racer's VM */
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

static inline bool memchr_nonzero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return true;
	return false;
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

enum ptrkind {
	P_VALID,	/* in scratch, aligned */
	P_MISALIGNED,	/* in scratch, 1..7 bytes off: still a valid pointer */
	P_READONLY,	/* in a read-only page: readable, not writable */
	P_PARTIAL,	/* runs into the guard page */
	P_NULL, P_SMALL, P_UNMAPPED, P_KERNEL, P_RANDOM,
	NR_PTRKINDS,
};

extern const char * const fz_ptrkind_name[NR_PTRKINDS];

/* ---- fuzz_test.c --------------------------------------------------------- */

/* TH_LOG() for the other files: one line in the test's log. */
void fz_log(struct fuzz *fz, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- oracle.c ------------------------------------------------------------ */

void fz_exp_add(struct expect *x, int e);
void fz_exp_err(struct expect *x, int e);
void fz_busy_ok(struct slot *s, __u32 vcpu, struct expect *x);
void fz_report(struct fuzz *fz, int c, int r, const char *kind,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void fz_check(struct fuzz *fz, int c, int r, const struct expect *x,
	      const char *desc);
int fz_ioctl(struct fuzz *fz, int fd, unsigned long cmd, void *arg);

int fz_slot_by_name(struct fuzz *fz, const char *name);
bool fz_name_valid(const char *name);
int fz_free_slot(struct fuzz *fz);
int fz_pick_vmfd(struct fuzz *fz);
int fz_pick_vmfd_of(struct fuzz *fz, int slot);
int fz_pick_dev(struct fuzz *fz);
void fz_close_vmfd(struct fuzz *fz, int i);
void fz_add_vmfd(struct fuzz *fz, int fd, int slot);
struct slot *fz_fd_vm(struct fuzz *fz, int i);
struct slot *fz_fd_slot(struct fuzz *fz, int i);

/* ---- calls_disk.c --------------------------------------------------------- */

int fz_disk_setup(struct fuzz *fz);
void fz_disk_teardown(struct fuzz *fz);
void fz_add_disk(struct fuzz *fz, int i);
void fz_get_disk(struct fuzz *fz, int i);

/* ---- args.c -------------------------------------------------------------- */

enum ptrkind fz_pick_ptrkind(void);
void *fz_arg_ptr(struct fuzz *fz, enum ptrkind kind, size_t size);
void *fz_sane_wptr(struct fuzz *fz, void *p, __u64 size);
bool fz_ptr_good(struct fuzz *fz, const void *p, __u64 size, bool write);
bool fz_ptr_bad(struct fuzz *fz, const void *p, __u64 size, bool write);
void *fz_place(struct fuzz *fz, enum ptrkind kind, const void *src, size_t size);
void fz_expect_ptr(struct fuzz *fz, struct expect *x, enum ptrkind kind,
		   const void *p, size_t size, bool writes);
void fz_flip_bits(void *buf, size_t size, int n);
__u64 fz_boundary(void);
bool fz_mutate(void *buf, size_t size);
void fz_pick_name(struct fuzz *fz, char *name, bool for_create);
__u32 fz_pick_vcpu(struct slot *s);
void fz_pick_range(__u64 mem, __u64 *gpa, __u64 *size);
void fz_poke_regs(struct disco_regs *r);
void fz_load_images(struct fuzz *fz);
void fz_poke_elf(unsigned char *img, size_t size);

/* ---- calls_dev.c --------------------------------------------------------- */

void fz_create(struct fuzz *fz, int dev);
void fz_ref(struct fuzz *fz, int dev, bool destroy);
void fz_list(struct fuzz *fz, int dev);
void fz_prepare(struct fuzz *fz, int dev);
void fz_unknown(struct fuzz *fz, int fd, bool dev);

/* ---- calls_vm.c ---------------------------------------------------------- */

void fz_info(struct fuzz *fz, int i);
void fz_raw(struct fuzz *fz, int i, bool load);
void fz_create_vcpu(struct fuzz *fz, int i);
void fz_get_regs(struct fuzz *fz, int i, struct disco_regs *out);
void fz_set_regs(struct fuzz *fz, int i);
void fz_stats(struct fuzz *fz, int i);
void fz_load_elf(struct fuzz *fz, int i);
void fz_read(struct fuzz *fz, int i);

/* ---- calls_numa.c ------------------------------------------------------- */

void fz_numa_topology(struct fuzz *fz);
void fz_pick_nodes(struct fuzz *fz, struct disco_vm_create *c, bool valid);
bool fz_node_mem(struct fuzz *fz, __u32 node);
bool fz_node_cpu(struct fuzz *fz, __u32 node);
void fz_slot_init(struct fuzz *fz, int s, const struct disco_vm_create *c);
void fz_numa_written(struct fuzz *fz, struct slot *s, __u64 gpa, __u64 size);
void fz_get_numa(struct fuzz *fz, int i);
void fz_set_numa(struct fuzz *fz, int i);
void fz_move_page(struct fuzz *fz, int i);

/* ---- run.c --------------------------------------------------------------- */

void fz_run(struct fuzz *fz, int i);
void fz_racer_start(struct fuzz *fz);
void fz_racer_stop(struct fuzz *fz);

#endif /* DISCO_FUZZ_H */
