// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl start and console: running vCPUs and copying the console.
 *
 * start runs each vCPU in its own thread (DISCO_VM_RUN runs in the caller)
 * while the main thread copies the console, and standard input to the VM
 * (the guest's virtio console).  SIGINT and SIGTERM go to the
 * main thread only; it then kicks the run threads with SIGUSR1, whose
 * handler does nothing but makes DISCO_VM_RUN return EINTR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/disco.h>

#include "discoctl.h"

#define KICK_SIGNAL	SIGUSR1

/* Exit statuses of start beyond the guest's own exit code. */
enum {
	START_ERROR	= 1,
	START_ASSERT	= 3,
	START_FAULT	= 4,
	START_STOPPED	= 5,
};

struct runner {
	pthread_t tid;
	int vm;
	unsigned int vcpu;
	struct disco_run run;
	int err;		/* errno of a failed DISCO_VM_RUN, else 0 */
	int done;		/* atomic: the thread has finished */
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_kick(int sig)
{
	(void)sig;	/* only here to interrupt DISCO_VM_RUN */
}

/* No SA_RESTART: a blocked DISCO_VM_RUN or ppoll() must return EINTR. */
static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_kick;
	sigaction(KICK_SIGNAL, &sa, NULL);
}

static void *run_vcpu(void *arg)
{
	struct runner *r = arg;

	for (;;) {
		memset(&r->run, 0, sizeof(r->run));
		r->run.vcpu = r->vcpu;
		if (ioctl(r->vm, DISCO_VM_RUN, &r->run) == 0) {
			r->err = 0;
			break;
		}
		/* A stray signal just means "run on"; a stop request ends. */
		if (errno != EINTR || stop_signal) {
			r->err = errno;
			break;
		}
	}
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int all_done(const struct runner *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!__atomic_load_n(&r[i].done, __ATOMIC_ACQUIRE))
			return 0;
	return 1;
}

/*
 * Repeats the kick until every thread is out: a thread that checked
 * stop_signal just before the signal landed enters DISCO_VM_RUN anyway,
 * and only a later kick gets it out.
 */
static void kick_runners(struct runner *r, unsigned int n)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	unsigned int i;

	while (!all_done(r, n)) {
		for (i = 0; i < n; i++)
			if (!__atomic_load_n(&r[i].done, __ATOMIC_ACQUIRE))
				pthread_kill(r[i].tid, KICK_SIGNAL);
		nanosleep(&tick, NULL);
	}
}

/* Copies what the console holds now; returns -1 on a read/write error. */
static int copy_available(int vm)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(vm, buf, sizeof(buf));
		if (n > 0) {
			if (write_all(STDOUT_FILENO, buf, n) < 0)
				return -1;
			continue;
		}
		if (n == 0 || errno == EAGAIN)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* Console input: standard input to the VM descriptor (the virtio console). */
struct input {
	int fd;			/* standard input, -1 after EOF or an error */
	char buf[4096];
	size_t len, off;	/* read, and taken by the VM so far */
};

/* Hands pending input to the VM; what it cannot take now waits. */
static void push_input(int vm, struct input *in)
{
	ssize_t n;

	while (in->off < in->len) {
		n = write(vm, in->buf + in->off, in->len - in->off);
		if (n <= 0)
			return;		/* EAGAIN: the guest has not drained it */
		in->off += n;
	}
}

static void read_input(struct input *in)
{
	ssize_t n = read(in->fd, in->buf, sizeof(in->buf));

	if (n > 0) {
		in->len = n;
		in->off = 0;
	} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		in->fd = -1;
	}
}

/*
 * The main thread's loop.  The descriptor is non-blocking, and the wait
 * is a ppoll() that alone lets SIGINT/SIGTERM in, so a signal cannot slip
 * in between checking stop_signal and going to sleep.  read() returning
 * 0 means no vCPU is running: either all are done, or the threads have
 * not reached DISCO_VM_RUN yet; then wait briefly and look again.  The
 * poll timeout only bounds how long we rely on POLLIN for wakeups.
 */
static int stream_console(int vm, struct runner *r, unsigned int n,
			  const sigset_t *waitmask)
{
	struct pollfd pfd[2] = { { .fd = vm }, { .events = POLLIN } };
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	const struct timespec idle = { 0, 200 * 1000 * 1000 };
	static struct input in = { .fd = STDIN_FILENO };
	char buf[4096];
	ssize_t len;
	int pending;

	while (!stop_signal) {
		push_input(vm, &in);
		len = read(vm, buf, sizeof(buf));
		if (len > 0) {
			if (write_all(STDOUT_FILENO, buf, len) < 0)
				return -1;
			continue;
		}
		if (len < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (len == 0 && all_done(r, n))
			break;
		/* Wait for output, or input when none is pending. */
		pending = in.off < in.len;
		pfd[0].events = len == 0 ? 0 : POLLIN;
		pfd[1].fd = pending ? -1 : in.fd;
		pfd[1].revents = 0;
		ppoll(pfd, 2, len == 0 || pending ? &tick : &idle, waitmask);
		if (pfd[1].revents)
			read_input(&in);
	}
	return 0;
}

static const char *fault_name(__u32 fault, const char **desc)
{
	switch (fault) {
	case DISCO_FAULT_BEV:
		*desc = "exception with Status.BEV set, and there is no boot ROM";
		return "BEV";
	case DISCO_FAULT_VECTOR:
		*desc = "exception vector outside guest RAM";
		return "VECTOR";
	case DISCO_FAULT_FETCH:
		*desc = "a trapping instruction could not be read";
		return "FETCH";
	case DISCO_FAULT_UNSUPPORTED:
		*desc = "an instruction the virtual CPU does not have";
		return "UNSUPPORTED";
	}
	*desc = "unknown fault";
	return "?";
}

/* Reports one vCPU's outcome; returns its exit status contribution. */
static int report_exit(const struct cmd *cmd, const char *name,
		       const struct runner *r, const char *on)
{
	const struct disco_run *run = &r->run;
	const char *kind, *desc;
	char what[32];

	if (r->err) {
		snprintf(what, sizeof(what), "vCPU %u", r->vcpu);
		vm_error(cmd, name, r->err, what,
			 r->err == EBUSY ? "already running elsewhere" :
			 r->err == ENOENT ? "no such vCPU" : NULL);
		return START_ERROR;
	}
	switch (run->exit_reason) {
	case DISCO_EXIT_GUEST:
		return run->exit_code & 0xff;
	case DISCO_EXIT_ASSERT:
		fprintf(stderr, "%s: %s %s: guest assertion failed at line %d%s\n",
			PROG, cmd->name, name, run->exit_code, on);
		return START_ASSERT;
	case DISCO_EXIT_FAULT:
		kind = fault_name(run->fault, &desc);
		fprintf(stderr, "%s: %s %s: guest fault %s (%s)%s: pc 0x%llx, "
			"badvaddr 0x%llx, cause 0x%08x\n", PROG, cmd->name, name,
			kind, desc, on, (unsigned long long)run->pc,
			(unsigned long long)run->badvaddr, run->cause);
		return START_FAULT;
	case DISCO_EXIT_STOPPED:
		fprintf(stderr, "%s: %s %s: stopped%s\n", PROG, cmd->name, name, on);
		return START_STOPPED;
	}
	fprintf(stderr, "%s: %s %s: unexpected exit reason %u%s\n", PROG,
		cmd->name, name, run->exit_reason, on);
	return START_ERROR;
}

/*
 * With several vCPUs the worst outcome wins: an error, then a fault, an
 * assertion, a stop; otherwise the first non-zero guest exit code.
 */
static int start_status(const struct cmd *cmd, const char *name,
			const struct runner *r, unsigned int n)
{
	static const int rank[] = { START_ERROR, START_FAULT, START_ASSERT,
				    START_STOPPED };
	int worst = -1, code = 0, st, k;
	unsigned int i;
	char on[32] = "";

	for (i = 0; i < n; i++) {
		if (n > 1)
			snprintf(on, sizeof(on), " on vCPU %u", r[i].vcpu);
		st = report_exit(cmd, name, &r[i], on);
		if (!r[i].err && r[i].run.exit_reason == DISCO_EXIT_GUEST) {
			if (!code)
				code = st;
			continue;
		}
		for (k = 0; k < 4; k++)
			if (st == rank[k] && (worst < 0 || k < worst))
				worst = k;
	}
	return worst >= 0 ? rank[worst] : code;
}

/* Forgets console output from earlier runs: 'console' shows it. */
static void skip_old_console(int vm)
{
	char buf[4096];

	while (read(vm, buf, sizeof(buf)) > 0)
		;
}

static int vm_nr_vcpus(const struct cmd *cmd, const char *name, int vm)
{
	struct disco_vm_info vi;

	memset(&vi, 0, sizeof(vi));
	if (ioctl(vm, DISCO_VM_GET_INFO, &vi) < 0) {
		vm_error(cmd, name, errno, NULL, NULL);
		return -1;
	}
	if (vi.nr_vcpus == 0)
		fprintf(stderr, "%s: %s %s: the VM has no vCPUs\n", PROG,
			cmd->name, name);
	return vi.nr_vcpus ? (int)vi.nr_vcpus : -1;
}

/* Starts a thread per vCPU with SIGINT/SIGTERM blocked in them. */
static int spawn_runners(const struct cmd *cmd, const char *name, int vm,
			 struct runner *r, unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		r[i].vm = vm;
		r[i].vcpu = i;
		err = pthread_create(&r[i].tid, NULL, run_vcpu, &r[i]);
		if (err) {
			fprintf(stderr, "%s: %s %s: cannot start a thread: %s\n",
				PROG, cmd->name, name, strerror(err));
			stop_signal = SIGTERM;	/* make the others come back */
			kick_runners(r, i);
			while (i--)
				pthread_join(r[i].tid, NULL);
			return -1;
		}
	}
	return 0;
}

static int start_vm(const struct cmd *cmd, const char *name, int vm)
{
	struct runner r[DISCO_MAX_VCPUS];
	sigset_t stopset, waitmask;
	unsigned int i;
	int n, ret, sig;

	n = vm_nr_vcpus(cmd, name, vm);
	if (n < 0)
		return START_ERROR;
	if (n > DISCO_MAX_VCPUS)
		n = DISCO_MAX_VCPUS;
	fcntl(vm, F_SETFL, fcntl(vm, F_GETFL) | O_NONBLOCK);
	skip_old_console(vm);

	install_handlers();
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stopset, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);

	memset(r, 0, sizeof(r));
	if (spawn_runners(cmd, name, vm, r, n) < 0)
		return START_ERROR;
	ret = stream_console(vm, r, n, &waitmask);
	if (ret < 0 && errno != EPIPE)
		fprintf(stderr, "%s: %s %s: console: %s\n", PROG, cmd->name,
			name, strerror(errno));
	sig = stop_signal;
	if (sig || ret < 0) {
		stop_signal = SIGTERM;	/* no console to show: give up too */
		kick_runners(r, n);
	}
	for (i = 0; i < (unsigned int)n; i++)
		pthread_join(r[i].tid, NULL);
	if (ret < 0)
		return START_ERROR;
	copy_available(vm);

	if (sig) {
		fprintf(stderr, "\n%s: %s %s: interrupted; the VM keeps its state: "
			"'%s start %s' resumes it, '%s destroy %s' removes it\n",
			PROG, cmd->name, name, PROG, name, PROG, name);
		return 128 + sig;
	}
	return start_status(cmd, name, r, n);
}

int cmd_start(const struct cmd *cmd, int argc, char **argv)
{
	const char *name = NULL;
	int dev, vm, ret = START_ERROR;

	parse_args(cmd, argc, argv, NULL, "NAME", &name);
	check_vm_name(cmd, name);
	dev = dev_open();
	if (dev < 0)
		return START_ERROR;
	vm = vm_open(dev, cmd, name);
	close(dev);
	if (vm < 0)
		return START_ERROR;
	fflush(stdout);
	ret = start_vm(cmd, name, vm);
	close(vm);
	return ret;
}

int cmd_console(const struct cmd *cmd, int argc, char **argv)
{
	struct opt opts[] = {
		{ .name = "no-follow" },
		{ 0 },
	};
	const char *name = NULL;
	char buf[4096];
	ssize_t n;
	int dev, vm, ret = 0;

	parse_args(cmd, argc, argv, opts, "NAME", &name);
	check_vm_name(cmd, name);
	dev = dev_open();
	if (dev < 0)
		return 1;
	vm = vm_open(dev, cmd, name);
	close(dev);
	if (vm < 0)
		return 1;
	/* Without O_NONBLOCK, read() waits for output until no vCPU runs. */
	if (opts[0].value)
		fcntl(vm, F_SETFL, fcntl(vm, F_GETFL) | O_NONBLOCK);
	for (;;) {
		n = read(vm, buf, sizeof(buf));
		if (n > 0 && write_all(STDOUT_FILENO, buf, n) == 0)
			continue;
		if (n == 0 || (n < 0 && errno == EAGAIN))
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			vm_error(cmd, name, errno, "reading the console", NULL);
		ret = 1;	/* or stdout failed */
		break;
	}
	close(vm);
	return ret;
}
