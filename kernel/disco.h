/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco: internal types shared by the module's files.
 */
#ifndef DISCO_DISCO_H
#define DISCO_DISCO_H

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/disco.h>

#include "mmu/l2tlb_core.h"
#include "vcpu/layout.h"
#include "vcpu/model.h"

struct file;
struct mm_struct;
struct page;
struct poll_table_struct;
struct disco_vm;
struct disco_memmap;
struct disco_numa_page;
struct disco_vio;

#define DISCO_NR_GUEST_ASIDS	256
/*
 * Host contexts: per guest ASID and per mode whose mappings differ: kernel,
 * user (only with the commpage, which user mode must not see), and
 * Status.ERL, which makes useg unmapped.
 */
#define DISCO_CTX_KERNEL	0
#define DISCO_CTX_USER		1
#define DISCO_CTX_ERL		2
#define DISCO_NR_CONTEXTS	(3 * DISCO_NR_GUEST_ASIDS)

/* The console ring: the newest DISCO_CONSOLE_SIZE bytes of guest output. */
#define DISCO_CONSOLE_SIZE	65536

struct disco_console {
	spinlock_t lock;
	u64 head;			/* bytes ever written */
	char *buf;
	wait_queue_head_t wq;
};

/**
 * struct disco_vcpu_arch - the register file the vectors save and load.
 *
 * Layout fixed by vcpu/layout.h for entry.S.  Lives in kmalloc memory,
 * which is unmapped (XKPHYS), as the exit path requires.
 */
struct disco_vcpu_arch {
	u64 gpr[32];
	u64 hi;
	u64 lo;
	u64 pc;
	u64 exit_vec;
	u64 exit_cause;
	u64 exit_badvaddr;
	u64 exit_entryhi;
	u64 exit_status;
	u64 hw_status;
	u64 hw_entryhi;
	u64 vec_ebase;
	u64 tlb_size;
	u64 host_status;
	u64 host_entryhi;
	u64 host_ebase;
	u64 host_hwrena;
	u64 host_pagemask;
	u64 host_regs[12];
	u64 purged;
	u64 va_mask;
	u64 csseg_base;
	u64 l2tlb_tag;
	u64 l2tlb_hits;
	u64 sample_left;		/* fast-path refills until the next sample */
	u64 sample_period;		/* numa_sample_period when entered */
	u64 sampled;			/* nonzero: this refill exit is a sample */
	u64 pad[3];
	struct disco_l2tlb_entry l2tlb[L2TLB_SIZE];
};

/* The virtual CP0 (32-bit registers kept as u32, sign-extended on read). */
struct disco_vcp0 {
	u32 index;
	u32 random;
	u64 entrylo0;
	u64 entrylo1;
	u64 context;
	u32 pagemask;
	u32 wired;
	u32 hwrena;
	u64 badvaddr;
	u32 count_bias;			/* Count = ticks(now) + count_bias */
	u64 entryhi;
	u32 compare;
	u32 status;
	u32 cause;
	u64 epc;
	u32 ebase;
	u64 xcontext;
	u64 error_epc;
	u64 userlocal;
};

/* One guest TLB entry, as tlbwi wrote it. */
struct disco_gtlb_entry {
	u64 entryhi;			/* R, VPN2, ASID */
	u32 pagemask;
	u64 lo[2];			/* G is the AND of both, kept in both */
};

/* The guest's FPU registers (layout in vcpu/fpu.h for fpu.S). */
struct disco_fpu {
	u64 fpr[32];
	u32 fcsr;
	u32 pad;
};

struct disco_vcpu_stats {
	u64 exits;
	u64 exits_by_cause[32];
	u64 emulated[DISCO_EMUL_NR];
	u64 monitor_calls;
	u64 guest_exceptions;
	u64 guest_interrupts;
	u64 tlb_fills;
	u64 guest_tlb_refills;
	u64 asid_flushes;
	u64 asid_rollovers;
	u64 l2tlb_misses;
	u64 fpu_loads;
	u64 rewrites;
	u64 numa_samples;
	u64 numa_local_samples;
	u64 waits;
	u64 run_ns;
};

/* What an exit handler tells the run loop. */
enum disco_resume {
	DISCO_RESUME_GUEST,		/* go back into the guest */
	DISCO_RESUME_HALT,		/* the vCPU halted: vcpu->exit says why */
	DISCO_RESUME_SIGNAL,		/* a signal is pending: leave with -EINTR */
};

#define DISCO_IRQ_TIMER		7	/* Cause.IP7 */
#define DISCO_CP_SLOTS		(DISCO_CP_USERLOCAL / 8 + 1)

struct disco_vcpu {
	struct disco_vcpu_arch arch;	/* first: entry.S finds it through the slot */
	struct disco_vm *vm;
	unsigned int id;
	struct disco_vcp0 cp0;
	struct disco_gtlb_entry gtlb[DISCO_GTLB_SIZE];
	unsigned int gtlb_flush_run;	/* invalid entries written in a row */
	/* host ASID contexts (shadow.c), made on first use */
	struct mm_struct *ctx[DISCO_NR_CONTEXTS];
	struct page *commpage;		/* with DISCO_VM_COMMPAGE (commpage.c) */
	u64 commpage_pushed[DISCO_CP_SLOTS];

	struct mutex run_lock;		/* held by the thread inside DISCO_VM_RUN */
	struct task_struct *runner;	/* that thread, for kicks */
	wait_queue_head_t wq;		/* emulated wait sleeps here */
	unsigned long irq_pending;	/* bits set from timer context */
	struct hrtimer timer;		/* Count == Compare */

	struct disco_fpu fpu;		/* the guest's FPU, when not loaded */
	bool fpu_loaded;		/* ... or in the hardware, for the guest */
	bool fcsr_pending;		/* FCSR holds an enabled Cause: see fpu.c */
	struct preempt_notifier preempt; /* saves it when the thread leaves */

	bool halted;
	struct disco_run exit;		/* the exit that halted it */
	struct disco_vcpu_stats stats;
};

struct disco_vm {
	struct kref kref;
	struct list_head node;		/* in the registry, until destroyed */
	char name[DISCO_NAME_MAX];
	kuid_t owner;

	u64 mem_size;
	unsigned long nr_pages;
	u32 flags;			/* DISCO_VM_* */
	struct page **pmap;		/* guest-physical page -> machine page */

	struct mutex lock;		/* vCPU creation, loads */
	unsigned int max_vcpus;
	unsigned int nr_vcpus;
	struct disco_vcpu *vcpus[DISCO_MAX_VCPUS];

	bool stopped;			/* DISCO_VM_STOP or destroyed */
	bool destroyed;
	bool ever_ran;
	atomic_t running;		/* vCPUs inside DISCO_VM_RUN */
	u32 last_exit_reason;
	s32 last_exit_code;

	struct disco_console console;

	/* NUMA placement and page moves (kernel/numa/) */
	int mem_node;			/* NUMA_NO_NODE unless DISCO_VM_MEMBIND */
	int cpu_node;			/* NUMA_NO_NODE unless DISCO_VM_CPUBIND */
	struct rw_semaphore pmap_sem;	/* pmap entries against page moves */
	struct page **replica;		/* [gfn][node] read-only copies, or NULL */
	struct disco_memmap *memmap;	/* per guest page: its mappings */
	spinlock_t memmap_lock;
	struct cpumask ran_on;		/* CPUs whose TLBs may hold its entries */
	struct disco_numa_page *numa_pages; /* policy state per guest page */
	spinlock_t numa_lock;		/* numa_pages */
	bool numa_policy;		/* the daemon may move its pages */
	unsigned long pv;		/* DISCO_PV_* the guest turned on */
	atomic64_t migrations, replications, collapses, move_failures;
	struct disco_vio *vio[DISCO_MMIO_SLOTS];	/* vio/: MMIO devices */
	unsigned long vio_irqs;		/* Cause.IP lines the devices raise */
};

/* main.c */
bool disco_may_access(const struct disco_vm *vm);

/* vm.c */
extern atomic_long_t disco_guest_pages;
struct disco_vm *disco_vm_alloc(const struct disco_vm_create *args);
int disco_vm_create(const struct disco_vm_create *args);
int disco_vm_open(const char *name);
int disco_vm_destroy(const char *name);
int disco_vm_list(struct disco_vm_list *list);
void disco_vm_fill_info(struct disco_vm *vm, struct disco_vm_info *info);
void disco_vm_put(struct disco_vm *vm);
void disco_vm_stop(struct disco_vm *vm);
void disco_vm_for_each(void (*fn)(struct disco_vm *vm, void *arg), void *arg);
int disco_vm_check_name(const char *name);
extern const struct file_operations disco_vm_fops;

/* vm_ioctl.c */
long disco_vm_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* loader.c */
int disco_load_elf(struct disco_vm *vm, struct disco_load_elf *args);
int disco_check_mem_range(struct disco_vm *vm, const struct disco_mem *args);

/* console.c */
int disco_console_init(struct disco_console *con);
void disco_console_free(struct disco_console *con);
void disco_console_write(struct disco_console *con, const char *buf, size_t len);
ssize_t disco_console_read(struct disco_vm *vm, struct file *file,
			   char __user *ubuf, size_t len, loff_t *ppos);
__poll_t disco_console_poll(struct disco_vm *vm, struct file *file,
			    struct poll_table_struct *wait);
void disco_console_wake(struct disco_console *con);

#endif /* DISCO_DISCO_H */
