// SPDX-License-Identifier: GPL-2.0
/*
 * lxbench - Linux workloads timed and counted, run inside a Disco guest
 * and natively on the same emulated host (bench/linux/run.sh).
 *
 * Each op runs with n = 0 and with n, SAMPLES times each after a
 * warm-up, and reports the medians' (t(n) - t(0)) / n in ns of
 * CLOCK_MONOTONIC and, inside a guest, (exits(n) - exits(0)) / n from
 * /sys/kernel/disco/exits (the monitor's count for the vCPU), so the
 * setup and the counter's own reads cancel out.  One line per op:
 *   ### lx-result OP N NS_PER_OP EXITS_PER_OP   (EXITS "-" natively)
 *
 * "lxbench -t NAME CMD [ARG...]" instead times one run of CMD (the compile
 * workload) and prints its line with N = 1; it fails if CMD does.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		16384UL
#define SPAN_PAGES	1024		/* 16 MiB: 8x the guest TLB's reach */
#define IO_CHUNK	65536
#define SAMPLES		3

static char *span;
static char iobuf[IO_CHUNK];

static long exits(void)
{
	char buf[32];
	long v = -1;
	int fd = open("/sys/kernel/disco/exits", O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) > 0)
		v = strtol(buf, NULL, 10);
	close(fd);
	return v;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void op_syscall(long n)
{
	while (n--)
		getppid();
}

/* A fresh anonymous page per iteration: one page fault each. */
static void op_fault(long n)
{
	char *p = mmap(NULL, n * PAGE + PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long i;

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	for (i = 0; i < n; i++)
		p[i * PAGE] = 1;
	munmap(p, n * PAGE + PAGE);
}

/* Loads a page apart over 16 MiB already mapped: a TLB refill each. */
static void op_refill(long n)
{
	volatile char *s = span;
	long i;

	for (i = 0; i < n; i++)
		(void)s[(i % SPAN_PAGES) * PAGE];
}

static void op_forkexec(long n)
{
	while (n--) {
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}

/* 64 KiB written to a tmpfs file and read back. */
static void op_fileio(long n)
{
	int fd = open("/tmp/lxbench.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		perror("/tmp/lxbench.dat");
		exit(1);
	}
	while (n--) {
		if (pwrite(fd, iobuf, IO_CHUNK, 0) != IO_CHUNK ||
		    pread(fd, iobuf, IO_CHUNK, 0) != IO_CHUNK) {
			perror("lxbench: file I/O");
			exit(1);
		}
	}
	close(fd);
	unlink("/tmp/lxbench.dat");
}

static const struct op {
	const char *name;
	void (*fn)(long n);
	long n;
} ops[] = {
	{ "syscall", op_syscall, 4000 },
	{ "fault", op_fault, 1000 },
	{ "refill", op_refill, 8000 },
	{ "forkexec", op_forkexec, 40 },
	{ "fileio", op_fileio, 200 },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The medians of SAMPLES runs of @op with @n: time (ns) and exits. */
static void measure(const struct op *op, long n, double *t, double *e)
{
	double ts[SAMPLES], es[SAMPLES], t0;
	long e0;
	int i;

	for (i = 0; i < SAMPLES; i++) {
		e0 = exits();
		t0 = now_ns();
		op->fn(n);
		ts[i] = now_ns() - t0;
		es[i] = exits() - e0;
	}
	qsort(ts, SAMPLES, sizeof(ts[0]), cmp_double);
	qsort(es, SAMPLES, sizeof(es[0]), cmp_double);
	*t = ts[SAMPLES / 2];
	*e = es[SAMPLES / 2];
}

static void result(const char *name, long n, double ns, double ex)
{
	if (exits() < 0)
		printf("### lx-result %s %ld %.1f -\n", name, n, ns / n);
	else
		printf("### lx-result %s %ld %.1f %.2f\n", name, n, ns / n, ex / n);
	fflush(stdout);
}

static int time_command(const char *name, char **argv)
{
	long e0 = exits();
	double t0 = now_ns();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "lxbench: %s failed\n", name);
		return 1;
	}
	result(name, 1, now_ns() - t0, exits() - e0);
	return 0;
}

int main(int argc, char **argv)
{
	long scale;
	unsigned int i;
	long j;

	if (argc > 3 && !strcmp(argv[1], "-t"))
		return time_command(argv[2], argv + 3);
	scale = argc > 1 ? atol(argv[1]) : 1;
	span = mmap(NULL, SPAN_PAGES * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (span == MAP_FAILED || scale < 1) {
		fprintf(stderr, "usage: lxbench [SCALE >= 1] (or no memory)\n");
		return 1;
	}
	for (j = 0; j < SPAN_PAGES; j++)
		span[j * PAGE] = 1;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct op *op = &ops[i];
		long n = op->n * scale;
		double t0, tn, e0, en;

		op->fn(n / 10);				/* warm-up */
		measure(op, 0, &t0, &e0);
		measure(op, n, &tn, &en);
		result(op->name, n, tn - t0, en - e0);
	}
	return 0;
}
