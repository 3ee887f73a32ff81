// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU/MMU workloads, part of discobench: a TLB-stress, a syscall loop
 * and an exception loop, each run in guest user mode under the tiny guest
 * OS of bench/guest/os.c (commpage off and on) and natively, as this
 * static program on the same (emulated) host, in the same boot.
 *
 * Each is measured as the microbenchmarks are: median wall time at N = 0
 * and at N, alternately, REPS times after one warm-up of each; cost per op
 * = (t(N) - t(0)) / (N * ops per N).  For the guest runs the same
 * difference is taken of DISCO_VM_GET_STATS: exits (leaving out host
 * interrupts), L2TLB hits and misses, refills delivered to the guest.
 * One line per workload and mode:
 *
 *	### os-result NAME MODE NS_PER_OP EXITS_PER_OP GUEST_INSNS_PER_OP
 *		L2TLB_HITS_PER_OP L2TLB_MISSES_PER_OP GUEST_REFILLS_PER_OP
 *
 * MODE is native, guest (no commpage), guest+cp (DISCO_VM_COMMPAGE) or
 * guest+big (DISCO_VM_BIG_TLB: evicted guest TLB entries stay in the L2TLB);
 * native lines carry 0 in the guest-only fields.  GUEST_INSNS_PER_OP is
 * the guest's instructions per op by construction (osbench.h).
 *
 * The native programs (as close to the guest's work as Linux allows):
 *
 *	tlbstress	a 4 MiB memfd mapped over and over across P * 16 KiB
 *			(MAP_POPULATE: the same aliasing as the guest's pool,
 *			page tables filled before timing), then the same
 *			4-instruction loop, one load per 16 KiB page
 *	syscall		syscall(SYS_getppid) (glibc's wrapper)
 *	break		a "break" instruction; Linux raises SIGTRAP, the
 *			handler steps the sigcontext's pc past it: so natively
 *			an exception costs signal delivery and sigreturn, not
 *			just a kernel entry and return as in the guest OS
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "benchtime.h"
#include "disco_util.h"
#include "osbench.h"

#define OS_GUEST	"os"
#define OS_REPS_MAX	99
#define EXC_INT		0

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * struct os_work - one workload.
 * @n:		passes (tlbstress) or iterations at the timed point
 * @p:		pages per pass (tlbstress), else 1: ops = n * p
 * @pshift:	log2 of the guest's page size for the tlbstress region
 */
struct os_work {
	const char *name;
	const char *what;
	unsigned int work;
	unsigned long n;
	unsigned int p;
	unsigned int pshift;
};

/*
 * Sized for TCG, where one guest refill (7 exits without a commpage)
 * costs about a millisecond of emulated-host time: tlb4096 (2048 pair
 * misses a pass) is the longest timed run, a few seconds.  Its pass count
 * is 1: every pass of a cyclic walk over 4096 pages misses everywhere, so
 * more passes would only repeat the first; tlb256h, which hardly leaves
 * the guest, makes 32, so that its time stands out of the noise.  The
 * regions, against the capacities they stress (guest TLB: 64 entries, 63
 * of them for tlbwr; L2TLB: 1,024 pairs = 2,048 pages; the host TLB as
 * QEMU models it):
 *
 *	tlb256		4 MiB in 16 KiB guest pages: 128 guest pairs, twice
 *			what the guest TLB holds; fits the L2TLB
 *	tlb256h		the same 4 MiB in 256 KiB guest pages: 8 guest
 *			entries, 128 host pairs, all in the L2TLB
 *	tlb4096		64 MiB in 16 KiB guest pages: overflows everything
 *	tlb4096h	64 MiB in 256 KiB guest pages: 128 guest entries
 *			(twice the guest TLB), 2,048 host pairs (twice the
 *			L2TLB)
 */
static const struct os_work works[] = {
	{ "tlb256",   "256 pages x 4 passes, 16 KiB guest pages",   OSB_TLB, 4, 256, 14 },
	{ "tlb256h",  "256 pages x 32 passes, 256 KiB guest pages", OSB_TLB, 32, 256, 18 },
	{ "tlb4096",  "4096 pages x 1 pass, 16 KiB guest pages",    OSB_TLB, 1, 4096, 14 },
	{ "tlb4096h", "4096 pages x 1 pass, 256 KiB guest pages",   OSB_TLB, 1, 4096, 18 },
	{ "syscall",  "user syscall, handled by the guest kernel",  OSB_SYSCALL, 500, 1, 14 },
	{ "break",    "user break, handled by the guest kernel",    OSB_BREAK, 500, 1, 14 },
};
#define NR_WORKS	ARRAY_SIZE(works)

enum os_mode { MODE_NATIVE, MODE_GUEST, MODE_GUEST_CP, MODE_GUEST_BIG, NR_MODES };
static const char *const mode_names[NR_MODES] = { "native", "guest", "guest+cp", "guest+big" };
static const __u32 mode_flags[NR_MODES] = {
	[MODE_GUEST_CP] = DISCO_VM_COMMPAGE,
	[MODE_GUEST_BIG] = DISCO_VM_BIG_TLB,
};

/* Per-run counters, in this order. */
enum { C_NS, C_EXITS, C_HITS, C_MISSES, C_REFILLS, NR_C };

struct os_result {
	double per_op[NR_C];	/* (median at N - median at 0) / ops */
	double guest_insns;	/* per op */
};

/* ---- native ---------------------------------------------------------------- */

static char *tlb_region;
static unsigned long tlb_region_size;

/* P * 16 KiB of address space, every 4 MiB of it the same memfd. */
static int native_tlb_setup(unsigned int p)
{
	unsigned long size = (unsigned long)p * OSB_STRIDE, off;
	unsigned long pool = OSB_POOL_SIZE;
	void *base;
	int fd;

	fd = memfd_create("osbench-pool", 0);
	if (fd < 0 || ftruncate(fd, pool) < 0) {
		perror("discobench: memfd");
		return -1;
	}
	base = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("discobench: mmap");
		close(fd);
		return -1;
	}
	for (off = 0; off < size; off += pool) {
		unsigned long len = size - off < pool ? size - off : pool;

		if (mmap((char *)base + off, len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd, 0) == MAP_FAILED) {
			perror("discobench: mmap pool");
			munmap(base, size);
			close(fd);
			return -1;
		}
	}
	close(fd);
	tlb_region = base;
	tlb_region_size = size;
	return 0;
}

static void native_tlb_teardown(void)
{
	if (tlb_region)
		munmap(tlb_region, tlb_region_size);
	tlb_region = NULL;
}

/* The guest's u_tlb loop (guest/os.c), instruction for instruction. */
static void native_tlb(unsigned long passes, unsigned int p)
{
	unsigned long base = (unsigned long)tlb_region, a, k, stride = OSB_STRIDE, v;

	if (!passes)
		return;
	asm volatile(".set push\n\t.set noreorder\n"
		     "1:	move	%1, %5\n\t"
		     "move	%2, %6\n"
		     "2:	ld	%3, 0(%1)\n\t"
		     "daddiu	%2, %2, -1\n\t"
		     "bnez	%2, 2b\n\t"
		     " daddu	%1, %1, %4\n\t"
		     "daddiu	%0, %0, -1\n\t"
		     "bnez	%0, 1b\n\t"
		     " nop\n\t"
		     ".set pop"
		     : "+r" (passes), "=&r" (a), "=&r" (k), "=&r" (v)
		     : "r" (stride), "r" (base), "r" ((unsigned long)p)
		     : "memory");
}

static void native_syscall(unsigned long n)
{
	while (n--)
		syscall(SYS_getppid);
}

static volatile unsigned long traps;

static void on_sigtrap(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	(void)si;
	uc->uc_mcontext.pc += 4;
	traps++;
}

static void native_break(unsigned long n)
{
	while (n--)
		asm volatile(".set push\n\t.set noreorder\n\tbreak\n\t.set pop"
			     : : : "memory");
}

static void native_run(const struct os_work *w, unsigned long n)
{
	switch (w->work) {
	case OSB_TLB:
		native_tlb(n, w->p);
		break;
	case OSB_SYSCALL:
		native_syscall(n);
		break;
	case OSB_BREAK:
		native_break(n);
		break;
	}
}

static int native_sample(const struct os_work *w, int reps, __u64 v[2][NR_C][OS_REPS_MAX])
{
	struct sigaction sa = { .sa_sigaction = on_sigtrap, .sa_flags = SA_SIGINFO };
	struct sigaction old;
	int i, pt;

	if (w->work == OSB_TLB && native_tlb_setup(w->p) < 0)
		return -1;
	if (w->work == OSB_BREAK && sigaction(SIGTRAP, &sa, &old) < 0) {
		perror("discobench: sigaction");
		return -1;
	}
	traps = 0;
	for (i = -1; i < reps; i++)
		for (pt = 0; pt < 2; pt++) {
			unsigned long n = pt ? w->n : 0;
			__u64 t = now_ns();

			native_run(w, n);
			t = now_ns() - t;
			if (i >= 0) {
				v[pt][C_NS][i] = t;
				v[pt][C_EXITS][i] = v[pt][C_HITS][i] = 0;
				v[pt][C_MISSES][i] = v[pt][C_REFILLS][i] = 0;
			}
		}
	if (w->work == OSB_TLB)
		native_tlb_teardown();
	if (w->work == OSB_BREAK) {
		sigaction(SIGTRAP, &old, NULL);
		if (traps != (reps + 1) * w->n) {
			fprintf(stderr, "discobench: %s: %lu SIGTRAPs, expected %lu\n",
				w->name, traps, (reps + 1) * w->n);
			return -1;
		}
	}
	return 0;
}

/* ---- guest ----------------------------------------------------------------- */

static int guest_run(struct disco_vm *vm, __u64 status, __u64 arg,
		     __u64 out[NR_C])
{
	struct disco_stats b = { 0 }, a = { 0 };
	struct disco_regs regs;
	struct disco_run run;
	__u64 t;
	int r;

	r = disco_vm_get_regs(vm, 0, &regs);
	if (r < 0)
		return r;
	regs.pc = vm->entry;
	regs.gpr[4] = arg;
	regs.cp0.status = status;
	r = disco_vm_set_regs(vm, &regs);
	if (r == 0)
		r = disco_vm_stats(vm, 0, &b);
	if (r < 0)
		return r;
	t = now_ns();
	r = disco_vm_run(vm, 0, &run);
	out[C_NS] = now_ns() - t;
	if (r < 0)
		return r;
	r = disco_vm_stats(vm, 0, &a);
	if (r < 0)
		return r;
	if (run.exit_reason != DISCO_EXIT_GUEST || run.exit_code != 0) {
		char buf[4096];

		fprintf(stderr, "discobench: os 0x%llx: exit %s code %d pc 0x%llx cause 0x%x\n",
			arg, disco_exit_name(run.exit_reason), run.exit_code,
			run.pc, run.cause);
		if (disco_vm_console(vm, buf, sizeof(buf)) > 0)
			fprintf(stderr, "discobench: guest console:\n%s\n", buf);
		return -EPROTO;
	}
	out[C_EXITS] = (a.exits - a.exits_by_cause[EXC_INT]) -
		       (b.exits - b.exits_by_cause[EXC_INT]);
	out[C_HITS] = a.l2tlb_hits - b.l2tlb_hits;
	out[C_MISSES] = a.l2tlb_misses - b.l2tlb_misses;
	out[C_REFILLS] = a.guest_tlb_refills - b.guest_tlb_refills;
	return 0;
}

static int guest_sample(int dev, const struct os_work *w, enum os_mode mode,
			int reps, __u64 v[2][NR_C][OS_REPS_MAX])
{
	struct disco_regs regs;
	struct disco_vm vm;
	__u64 out[NR_C];
	int i, pt, c, r;

	disco_vm_init(&vm);
	vm.flags = mode_flags[mode];
	r = disco_vm_setup(&vm, dev, "osbench", OS_GUEST, OSB_VM_MEM, 0);
	if (r == 0)
		r = disco_vm_get_regs(&vm, 0, &regs);
	for (i = -1; r == 0 && i < reps; i++)
		for (pt = 0; r == 0 && pt < 2; pt++) {
			r = guest_run(&vm, regs.cp0.status,
				      OSB_ARG(w->work, pt ? w->n : 0, w->p, w->pshift),
				      out);
			if (r == 0 && i >= 0)
				for (c = 0; c < NR_C; c++)
					v[pt][c][i] = out[c];
		}
	if (r < 0)
		fprintf(stderr, "discobench: %s (%s): %s\n", w->name,
			mode_names[mode], strerror(-r));
	disco_vm_destroy(&vm);
	return r;
}

static void reduce(const struct os_work *w, int reps,
		   __u64 v[2][NR_C][OS_REPS_MAX], struct os_result *res,
		   bool guest)
{
	double ops = (double)w->n * w->p;
	int c;

	for (c = 0; c < NR_C; c++)
		res->per_op[c] = ((double)median(v[1][c], reps) -
				  (double)median(v[0][c], reps)) / ops;
	res->guest_insns = 0;
	if (!guest)
		return;
	switch (w->work) {
	case OSB_TLB:
		res->guest_insns = OSB_TLB_INSNS_PER_PAGE +
				   OSB_REFILL_INSNS * res->per_op[C_REFILLS];
		break;
	case OSB_SYSCALL:
		res->guest_insns = OSB_SYSCALL_INSNS;
		break;
	case OSB_BREAK:
		res->guest_insns = OSB_BREAK_INSNS;
		break;
	}
}

/**
 * osbench_run() - run every workload natively and as a guest; print the
 * table and the "### os-result" lines.  Returns the number that failed.
 */
int osbench_run(int dev, int reps);
int osbench_run(int dev, int reps)
{
	static __u64 v[2][NR_C][OS_REPS_MAX];
	struct os_result res[NR_WORKS][NR_MODES];
	int failed = 0, m;
	size_t i;

	if (reps > OS_REPS_MAX)
		reps = OS_REPS_MAX;
	memset(res, 0, sizeof(res));
	for (i = 0; i < NR_WORKS; i++) {
		const struct os_work *w = &works[i];

		if (native_sample(w, reps, v) < 0) {
			failed++;
			continue;
		}
		reduce(w, reps, v, &res[i][MODE_NATIVE], false);
		for (m = MODE_GUEST; m < NR_MODES; m++) {
			if (guest_sample(dev, w, m, reps, v) < 0) {
				failed++;
				break;
			}
			reduce(w, reps, v, &res[i][m], true);
		}
	}
	if (failed)
		return failed;

	printf("# osbench: guest user mode under bench/guest/os.c vs native; %d runs per point,\n"
	       "# ns/op = (t(N) - t(0)) / ops; guest insns/op by construction (osbench.h)\n",
	       reps);
	printf("# %-9s %-9s %10s %9s %11s %10s %10s %10s\n", "workload", "mode",
	       "ns/op", "exits/op", "guest ins/op", "l2hit/op", "l2miss/op",
	       "refill/op");
	for (i = 0; i < NR_WORKS; i++)
		for (m = 0; m < NR_MODES; m++) {
			const struct os_result *r = &res[i][m];

			printf("  %-9s %-9s %10.1f %9.3f %11.2f %10.4f %10.4f %10.4f\n",
			       works[i].name, mode_names[m], r->per_op[C_NS],
			       r->per_op[C_EXITS], r->guest_insns,
			       r->per_op[C_HITS], r->per_op[C_MISSES],
			       r->per_op[C_REFILLS]);
		}
	for (i = 0; i < NR_WORKS; i++)
		for (m = 0; m < NR_MODES; m++) {
			const struct os_result *r = &res[i][m];

			printf("### os-result %s %s %.2f %.4f %.3f %.5f %.5f %.5f\n",
			       works[i].name, mode_names[m], r->per_op[C_NS],
			       r->per_op[C_EXITS], r->guest_insns,
			       r->per_op[C_HITS], r->per_op[C_MISSES],
			       r->per_op[C_REFILLS]);
		}
	return 0;
}
