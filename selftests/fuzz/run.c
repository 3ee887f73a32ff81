// SPDX-License-Identifier: GPL-2.0
/*
 * DISCO_VM_RUN in the fuzzer: the fuzzed call, bounded by a per-call timer
 * signal, and the racer, a thread that runs a VM's vCPU 0 while the main
 * loop keeps calling ioctls on it.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fuzz.h"

/* ---- the fuzzed DISCO_VM_RUN --------------------------------------------- */

/*
 * Periodic, not one-shot: a single expiry can land before the ioctl has
 * entered the kernel (on the slow debug-tier kernel it does), and then the
 * RUN, with no signal left pending, would run its guest until the harness
 * timeout.  Every further expiry interrupts it.
 */
static void arm_run_timer(struct fuzz *fz, bool on)
{
	struct itimerspec its = { 0 };

	if (!fz->have_timer)
		return;
	if (on) {
		its.it_value.tv_nsec = RUN_SLICE_MS * 1000000L;
		its.it_interval = its.it_value;
	}
	timer_settime(fz->run_timer, 0, &its, NULL);
}

void fz_run(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct slot *live = fz_fd_vm(fz, i);
	struct disco_run run = { 0 }, *arg;
	bool will_run;
	char desc[160];
	int r;

	run.vcpu = fz_pick_vcpu(s);
	fz_mutate(&run, sizeof(run));
	if (run.flags || memchr_nonzero(run.reserved, sizeof(run.reserved)))
		fz_exp_err(&x, EINVAL);
	if (s && run.vcpu >= s->nr_vcpus)
		fz_exp_err(&x, ENOENT);
	if (s && !live)
		fz_exp_err(&x, ENODEV);
	if (!s) {
		x.ok = true;
		fz_exp_add(&x, ENOENT);
		fz_exp_add(&x, ENODEV);
	}
	fz_busy_ok(s, run.vcpu, &x);
	will_run = x.ok && (kind == P_VALID || kind == P_MISALIGNED || kind == P_READONLY);
	if (will_run && fz->runs_left <= 0) {
		run.flags = 1;	/* out of RUN budget: exercise the checks only */
		fz_exp_err(&x, EINVAL);
		will_run = false;
	}
	arg = fz_place(fz, kind, &run, sizeof(run));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(run), true);
	if (will_run)
		fz->runs_left--;
	arm_run_timer(fz, true);	/* also when the oracle says it cannot run */
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_RUN, arg);
	arm_run_timer(fz, false);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u flags %#x (VM %.32s, %u vCPUs%s)",
		 fz_ptrkind_name[kind], (void *)arg, run.vcpu, run.flags, s ? s->name : "?",
		 s ? s->nr_vcpus : 0, live ? "" : ", destroyed");
	fz_check(fz, C_RUN, r, &x, desc);
	if (r == 0 && kind != P_READONLY) {
		struct disco_run out;

		memcpy(&out, arg, sizeof(out));
		if (out.exit_reason < DISCO_EXIT_GUEST || out.exit_reason > DISCO_EXIT_FAULT ||
		    out.fault > DISCO_FAULT_MCHECK ||
		    (out.exit_reason != DISCO_EXIT_FAULT && out.fault) ||
		    memchr_nonzero(out.reserved, sizeof(out.reserved)))
			fz_report(fz, C_RUN, r, "state", "exit %u fault %u vcpu %u: out of range",
				  out.exit_reason, out.fault, out.vcpu);
		if (out.exit_reason == DISCO_EXIT_FAULT && out.fault == DISCO_FAULT_MCHECK)
			fz_report(fz, C_RUN, r, "machine check",
				  "the host CPU raised a machine check at pc %#llx",
				  (unsigned long long)out.pc);
	}
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

void fz_racer_start(struct fuzz *fz)
{
	int s, i, fd = -1;

	for (i = 0; i < MAX_VMFDS; i++) {
		struct slot *vm = fz->vmfds[i].fd >= 0 ? fz_fd_vm(fz, i) : NULL;

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

void fz_racer_stop(struct fuzz *fz)
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
		fz_report(fz, C_RUN, 0, "hang", "the racer's DISCO_VM_RUN did not end on a signal");
		return;		/* leave it: the harness timeout will end us */
	}
	pthread_join(fz->racer, NULL);
	fz->racer_on = false;
	close(fz->racer_fd);
	s = &fz->slots[fz->racer_slot];
	s->racing = false;
	if (fz->racer_bad_ret)
		fz_report(fz, C_RUN, fz->racer_bad_ret, "racer",
			  "the racer's DISCO_VM_RUN failed with %d (%s)", fz->racer_bad_ret,
			  strerror(-fz->racer_bad_ret));
	fz->racer_bad_ret = 0;
	fz->racer_calls += fz->racer_runs;
	fz->racer_runs = 0;
}
