// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU run loop: DISCO_VM_RUN.
 *
 * Each pass delivers pending guest interrupts, enters the guest with
 * interrupts off (vecpage.c) and handles the exit with them on again.
 * Between passes the loop honours the host: a pending signal returns
 * -EINTR with the vCPU's state kept, and cond_resched() lets the scheduler
 * in.  Host interrupts stop the guest at once (it runs with the host's
 * interrupt mask), so a guest spinning forever never holds a CPU.
 */
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "vcpu.h"
#include "../mmu/mmu.h"
#include "../numa/numa.h"

/**
 * disco_vcpu_halt - stop the vCPU for good (until its registers are set).
 * @vcpu:	the vCPU
 * @reason:	enum disco_exit_reason
 * @code:	the exit's code (guest exit code, assert line)
 * @fault:	enum disco_fault for DISCO_EXIT_FAULT
 *
 * Return: DISCO_RESUME_HALT, for the caller to pass on.
 */
enum disco_resume disco_vcpu_halt(struct disco_vcpu *vcpu, u32 reason,
				  s32 code, u32 fault)
{
	struct disco_vm *vm = vcpu->vm;

	vcpu->halted = true;
	vcpu->exit = (struct disco_run){
		.vcpu = vcpu->id,
		.exit_reason = reason,
		.exit_code = code,
		.pc = disco_exit_insn_pc(vcpu),
		.badvaddr = vcpu->arch.exit_badvaddr,
		.cause = disco_cp0_cause(vcpu),
		.fault = fault,
	};
	WRITE_ONCE(vm->last_exit_reason, reason);
	WRITE_ONCE(vm->last_exit_code, code);
	return DISCO_RESUME_HALT;
}

/* Wake the vCPU from an emulated wait, or out of the guest (any context). */
void disco_vcpu_kick(struct disco_vcpu *vcpu)
{
	struct task_struct *task;

	wake_up_interruptible(&vcpu->wq);
	rcu_read_lock();
	task = READ_ONCE(vcpu->runner);
	if (task)
		kick_process(task);
	rcu_read_unlock();
}

static int run_loop(struct disco_vcpu *vcpu, struct disco_run *run)
{
	struct disco_vm *vm = vcpu->vm;
	int ret;

	for (;;) {
		if (vcpu->halted) {
			*run = vcpu->exit;
			return 0;
		}
		if (READ_ONCE(vm->stopped)) {
			*run = (struct disco_run){
				.vcpu = vcpu->id,
				.exit_reason = DISCO_EXIT_STOPPED,
				.pc = vcpu->arch.pc,
			};
			return 0;
		}
		if (signal_pending(current))
			return -EINTR;
		cond_resched();

		ret = disco_ctx_prepare(vcpu);
		if (ret)
			return ret;
		if (disco_deliver_interrupts(vcpu) == DISCO_RESUME_HALT)
			continue;
		disco_numa_arm(vcpu);
		disco_commpage_push(vcpu);
		ret = disco_vecpage_enter(vcpu);
		if (ret)
			return ret;
		disco_commpage_pull(vcpu);
		if (disco_handle_exit(vcpu) == DISCO_RESUME_SIGNAL)
			return -EINTR;
	}
}

int disco_vcpu_run(struct disco_vcpu *vcpu, struct disco_run *run)
{
	struct disco_vm *vm = vcpu->vm;
	u64 start = ktime_get_ns();
	int ret;

	if (!mutex_trylock(&vcpu->run_lock))
		return -EBUSY;
	/* DISCO_VM_CPUBIND: the vCPU's home node is where it runs. */
	if (vm->cpu_node != NUMA_NO_NODE)
		set_cpus_allowed_ptr(current, cpumask_of_node(vm->cpu_node));
	WRITE_ONCE(vcpu->runner, current);
	atomic_inc(&vm->running);
	WRITE_ONCE(vm->ever_ran, true);

	disco_fpu_run_begin(vcpu);
	ret = run_loop(vcpu, run);
	disco_fpu_run_end(vcpu);

	WRITE_ONCE(vcpu->runner, NULL);
	atomic_dec(&vm->running);
	disco_console_wake(&vm->console);
	vcpu->stats.run_ns += ktime_get_ns() - start;
	mutex_unlock(&vcpu->run_lock);
	return ret;
}
