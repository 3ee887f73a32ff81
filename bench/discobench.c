// SPDX-License-Identifier: GPL-2.0
/*
 * discobench - what one monitor call, one emulated mfc0 and one reflected
 * guest exception cost, run on the (emulated) host with disco.ko loaded.
 *
 * Each bench guest (bench/guest/NAME.c) does its setup and then loops a0
 * times over one operation.  For each op, the same VM runs the guest with
 * N = 0 and with N = n, alternately, REPS times; the cost of one op is
 *
 *	(median wall time of DISCO_VM_RUN at n - median at 0) / n
 *
 * measured with CLOCK_MONOTONIC around the ioctl, so VM entry, guest
 * setup and the exit call cancel out.  exits/op comes from
 * DISCO_VM_GET_STATS the same way, leaving out exits for interrupts
 * (ExcCode 0): the bench guests run with interrupts disabled, so those
 * are the host's timer ticks, not the op.  Besides a table, every op
 * gives one line "### bench-result OP N NS_PER_OP EXITS_PER_OP".
 *
 * Then the CPU/MMU workloads (osbench.c): guest vs native.
 *
 * usage: discobench [-g GUEST_DIR] [-o OS_REPS] [-r REPS] [-s DIVISOR]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchtime.h"
#include "disco_util.h"

int osbench_run(int dev, int reps);	/* osbench.c */

#define GUESTS_DEFAULT	"/disco/bench/guests"
#define REPS_DEFAULT	5
#define REPS_MAX	99
#define OS_REPS_DEFAULT	3
#define BENCH_MEM	(8ULL << 20)
#define EXC_INT		0	/* Cause.ExcCode of an interrupt */

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * struct bench_op - one microbenchmark.
 * @name:	the guest image, GUEST_DIR/@name.elf
 * @what:	what one iteration does
 * @n:		iterations of the timed run (before the -s divisor)
 */
struct bench_op {
	const char *name;
	const char *what;
	unsigned long n;
};

/*
 * Sized for QEMU TCG, where one trap costs tens of microseconds: a timed
 * run takes under a second, an op's 12 runs a few seconds.
 */
static const struct bench_op ops[] = {
	{ "empty",   "empty loop iteration (baseline)",		2000000 },
	{ "load",    "load via the direct window, no trap",	2000000 },
	{ "hypcall", "monitor call MC_INFO(VCPU_ID)",		10000 },
	{ "mfc0",    "emulated mfc0 Status",			10000 },
	{ "syscall", "guest syscall reflected to its handler",	2000 },
};
#define NR_OPS	ARRAY_SIZE(ops)

/* One DISCO_VM_RUN: its wall time and the exits it took, but interrupts. */
struct sample {
	__u64 ns;
	__u64 exits;
};

struct result {
	unsigned long n;
	__u64 t0_ns, tn_ns;	/* medians */
	double ns_per_op;
	double exits_per_op;
};

/* Passes @r on, saying which call failed. */
static int step(int r, const char *what)
{
	if (r < 0)
		fprintf(stderr, "discobench: %s: %s\n", what, strerror(-r));
	return r;
}

/* Guest console contents, to explain a failed run. */
static void dump_console(struct disco_vm *vm)
{
	char buf[4096];

	if (disco_vm_console(vm, buf, sizeof(buf)) > 0)
		fprintf(stderr, "discobench: guest console:\n%s\n", buf);
}

/* Restart vCPU 0 at the guest's entry with a0 = @n and the reset Status. */
static int reset_vcpu(struct disco_vm *vm, __u64 status, unsigned long n)
{
	struct disco_regs regs;
	int r;

	r = step(disco_vm_get_regs(vm, 0, &regs), "DISCO_VM_GET_REGS");
	if (r < 0)
		return r;
	regs.pc = vm->entry;
	regs.gpr[4] = n;
	regs.cp0.status = status;
	return step(disco_vm_set_regs(vm, &regs), "DISCO_VM_SET_REGS");
}

/* Run the guest once with N = @n; it must exit with status 0. */
static int run_once(struct disco_vm *vm, __u64 status, unsigned long n,
		    struct sample *s)
{
	struct disco_stats before, after;
	struct disco_run run;
	__u64 t;
	int r;

	r = reset_vcpu(vm, status, n);
	if (r < 0)
		return r;
	r = step(disco_vm_stats(vm, 0, &before), "DISCO_VM_GET_STATS");
	if (r < 0)
		return r;
	t = now_ns();
	r = disco_vm_run(vm, 0, &run);
	s->ns = now_ns() - t;
	if (step(r, "DISCO_VM_RUN") < 0)
		return r;
	r = step(disco_vm_stats(vm, 0, &after), "DISCO_VM_GET_STATS");
	if (r < 0)
		return r;
	s->exits = after.exits - after.exits_by_cause[EXC_INT] -
		   (before.exits - before.exits_by_cause[EXC_INT]);
	if (run.exit_reason != DISCO_EXIT_GUEST || run.exit_code != 0) {
		fprintf(stderr, "discobench: N=%lu: exit %s code %d pc 0x%llx cause 0x%x fault %u\n",
			n, disco_exit_name(run.exit_reason), run.exit_code,
			run.pc, run.cause, run.fault);
		dump_console(vm);
		return -EPROTO;
	}
	return 0;
}

/* @reps alternating runs at 0 and @n (after one warm-up of each). */
static int sample_op(struct disco_vm *vm, __u64 status, unsigned long n,
		     int reps, struct result *res)
{
	__u64 t0[REPS_MAX], tn[REPS_MAX], e0[REPS_MAX], en[REPS_MAX];
	struct sample s;
	int i, r;

	for (i = -1; i < reps; i++) {
		r = run_once(vm, status, 0, &s);
		if (r < 0)
			return r;
		if (i >= 0) {
			t0[i] = s.ns;
			e0[i] = s.exits;
		}
		r = run_once(vm, status, n, &s);
		if (r < 0)
			return r;
		if (i >= 0) {
			tn[i] = s.ns;
			en[i] = s.exits;
		}
	}
	res->n = n;
	res->t0_ns = median(t0, reps);
	res->tn_ns = median(tn, reps);
	res->ns_per_op = ((double)res->tn_ns - (double)res->t0_ns) / n;
	res->exits_per_op = ((double)median(en, reps) -
			     (double)median(e0, reps)) / n;
	return 0;
}

static int bench_one(int dev, const struct bench_op *op, unsigned long div,
		     int reps, struct result *res)
{
	unsigned long n = op->n / div ? op->n / div : 1;
	struct disco_regs regs;
	struct disco_vm vm;
	int r;

	disco_vm_init(&vm);	/* flags 0: no commpage */
	r = step(disco_vm_setup(&vm, dev, "bench", op->name, BENCH_MEM, 0),
		 "creating the VM");
	if (r == 0)
		r = step(disco_vm_get_regs(&vm, 0, &regs), "DISCO_VM_GET_REGS");
	if (r == 0)
		r = sample_op(&vm, regs.cp0.status, n, reps, res);
	if (r < 0)
		fprintf(stderr, "discobench: op %s failed\n", op->name);
	disco_vm_destroy(&vm);
	return r;
}

static void print_header(int reps)
{
	printf("# discobench: per op, %d runs each at N = 0 and N = n, medians of\n"
	       "# DISCO_VM_RUN wall time (CLOCK_MONOTONIC); ns/op = (t(n) - t(0)) / n;\n"
	       "# exits/op leaves out host interrupts\n",
	       reps);
	printf("# %-8s %-40s %8s %11s %11s %9s %8s\n", "op", "one iteration",
	       "n", "t(0) us", "t(n) us", "ns/op", "exits/op");
}

static void print_result(const struct bench_op *op, const struct result *res)
{
	printf("  %-8s %-40s %8lu %11.1f %11.1f %9.1f %8.3f\n", op->name,
	       op->what, res->n, res->t0_ns / 1e3, res->tn_ns / 1e3,
	       res->ns_per_op, res->exits_per_op);
}

static void print_machine(const struct bench_op *op, const struct result *res)
{
	printf("### bench-result %s %lu %.2f %.4f\n", op->name, res->n,
	       res->ns_per_op, res->exits_per_op);
}

static void bad_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-g GUEST_DIR] [-o OS_REPS] [-r REPS] [-s DIVISOR]\n"
		"  -g  bench guest images (default %s)\n"
		"  -o  runs per point of the CPU/MMU workloads (osbench.c),\n"
		"      0..%d (default %d; 0 skips them)\n"
		"  -r  runs per point, 1..%d (default %d)\n"
		"  -s  divide every op's iteration count by DIVISOR\n",
		prog, GUESTS_DEFAULT, REPS_MAX, OS_REPS_DEFAULT, REPS_MAX,
		REPS_DEFAULT);
	exit(2);
}

int main(int argc, char **argv)
{
	struct result res[NR_OPS];
	const char *guests = GUESTS_DEFAULT;
	unsigned long div = 1;
	int reps = REPS_DEFAULT, os_reps = OS_REPS_DEFAULT;
	int dev, opt, failed = 0;
	size_t i;

	while ((opt = getopt(argc, argv, "g:o:r:s:")) != -1) {
		switch (opt) {
		case 'o':
			os_reps = atoi(optarg);
			break;
		case 'g':
			guests = optarg;
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 's':
			div = strtoul(optarg, NULL, 0);
			break;
		default:
			bad_usage(argv[0]);
		}
	}
	if (optind != argc || reps < 1 || reps > REPS_MAX || div < 1 ||
	    os_reps < 0 || os_reps > REPS_MAX)
		bad_usage(argv[0]);
	/* disco_vm_setup() finds guest images through $DISCO_GUESTS. */
	setenv("DISCO_GUESTS", guests, 1);

	dev = disco_open_dev();
	if (dev < 0) {
		fprintf(stderr, "discobench: %s: %s\n", DISCO_DEV, strerror(-dev));
		return 1;
	}
	for (i = 0; i < NR_OPS; i++)
		if (bench_one(dev, &ops[i], div, reps, &res[i]) < 0)
			failed++;
	if (failed) {
		close(dev);
		fprintf(stderr, "discobench: %d op(s) failed\n", failed);
		return 1;
	}

	print_header(reps);
	for (i = 0; i < NR_OPS; i++)
		print_result(&ops[i], &res[i]);
	for (i = 0; i < NR_OPS; i++)
		print_machine(&ops[i], &res[i]);
	fflush(stdout);

	/* The CPU/MMU workloads (osbench.c): guest vs native. */
	if (os_reps) {
		failed = osbench_run(dev, os_reps);
		if (failed)
			fprintf(stderr, "discobench: %d workload(s) failed\n", failed);
	}
	close(dev);
	return failed ? 1 : 0;
}
