// SPDX-License-Identifier: GPL-2.0
/*
 * disco-numad: the kernel thread that moves hot guest pages (Disco §4.2.5).
 *
 * Every numa_period_ms it visits each VM whose policy is on, asks the
 * policy (policy_core.h, shared with bench/numasim) what to do with each
 * page, and migrates or replicates within a budget of numa_moves_per_period
 * page copies.  It runs only on hosts with two or more nodes with memory.
 * Each knob is a module parameter (/sys/module/disco/parameters/numa_*),
 * checked as a whole before it takes effect.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "numa.h"
#include "policy_core.h"

static struct disco_numa_knobs knobs = DISCO_NUMA_KNOBS_INIT;
static DEFINE_SPINLOCK(knobs_lock);
static struct task_struct *numad;
static DECLARE_WAIT_QUEUE_HEAD(numad_wq);

static bool numa_enable = true;
module_param(numa_enable, bool, 0644);
MODULE_PARM_DESC(numa_enable, "Run the NUMA page mover on multi-node hosts (default: on)");

void disco_numa_get_knobs(struct disco_numa_knobs *k)
{
	spin_lock(&knobs_lock);
	*k = knobs;
	spin_unlock(&knobs_lock);
}

u32 disco_numa_sample_period(void)
{
	return READ_ONCE(knobs.sample_period);
}

/* The daemon's verdict, kept for the run loop, which asks on every entry. */
static bool numad_on;

static bool numad_should_run(void)
{
	return numad && READ_ONCE(numa_enable) && num_node_state(N_MEMORY) > 1;
}

bool disco_numad_active(void)
{
	return READ_ONCE(numad_on);
}

/* One u32 knob: its offset in struct disco_numa_knobs is kp->arg. */
static int knob_set(const char *val, const struct kernel_param *kp)
{
	struct disco_numa_knobs k;
	u32 v;
	int ret;

	ret = kstrtou32(val, 0, &v);
	if (ret)
		return ret;
	spin_lock(&knobs_lock);
	k = knobs;
	*(u32 *)((char *)&k + (uintptr_t)kp->arg) = v;
	ret = disco_numa_knobs_check(&k);
	if (!ret)
		knobs = k;
	spin_unlock(&knobs_lock);
	wake_up(&numad_wq);
	return ret;
}

static int knob_get(char *buf, const struct kernel_param *kp)
{
	u32 v;

	spin_lock(&knobs_lock);
	v = *(u32 *)((char *)&knobs + (uintptr_t)kp->arg);
	spin_unlock(&knobs_lock);
	return sysfs_emit(buf, "%u\n", v);
}

static const struct kernel_param_ops knob_ops = {
	.set = knob_set,
	.get = knob_get,
};

#define NUMA_KNOB(name, desc)						\
	module_param_cb(numa_##name, &knob_ops,				\
			(void *)offsetof(struct disco_numa_knobs, name), 0644); \
	MODULE_PARM_DESC(numa_##name, desc)

NUMA_KNOB(period_ms, "Daemon period in ms; counts decay once per period");
NUMA_KNOB(sample_period, "One host TLB refill in this many is sampled");
NUMA_KNOB(hot_threshold, "Decayed samples a page needs to be considered");
NUMA_KNOB(share_pct, "Share of a written page's misses to migrate it (%)");
NUMA_KNOB(user_pct, "Share of misses that makes a node a user (%)");
NUMA_KNOB(max_moves, "Moves one page may make (cap)");
NUMA_KNOB(move_decay, "Periods after which one move is forgiven (0: never)");
NUMA_KNOB(cooldown, "Periods a page rests after a move");
NUMA_KNOB(write_quiet, "Periods without a write before a page is read-only");
NUMA_KNOB(decay_shift, "Counts shift right by this each period");
NUMA_KNOB(moves_per_period, "Page copies the daemon may make per period");
NUMA_KNOB(migrate, "Migration on (1) or off (0)");
NUMA_KNOB(replicate, "Replication on (1) or off (0)");

/* Carry out a decision; return the copies made. */
static unsigned int act(struct disco_vm *vm, unsigned long gfn,
			enum disco_numa_action action, u8 nodes, u32 budget)
{
	unsigned int made = 0;
	int node;

	for (node = 0; node < DISCO_NUMA_MAX_NODES && made < budget; node++) {
		if (!(nodes & (1U << node)) || !disco_numa_node_ok(node))
			continue;
		if (action == DISCO_NUMA_MIGRATE) {
			if (!disco_page_migrate(vm, gfn, node))
				made++;
			break;
		}
		if (!disco_page_replicate(vm, gfn, node))
			made++;
	}
	return made;
}

/* One period of one VM; returns the copies made. */
static u32 visit(struct disco_vm *vm, const struct disco_numa_knobs *k,
		 u32 period, u32 budget)
{
	unsigned int nr_nodes = min_t(unsigned int, nr_node_ids, DISCO_NUMA_MAX_NODES);
	enum disco_numa_action action;
	unsigned long gfn;
	u32 made = 0;
	u8 nodes;

	for (gfn = 0; gfn < vm->nr_pages; gfn++) {
		action = DISCO_NUMA_KEEP;
		spin_lock(&vm->numa_lock);
		if (made < budget && READ_ONCE(vm->numa_policy) &&
		    !READ_ONCE(vm->destroyed))
			action = disco_numa_decide(k, &vm->numa_pages[gfn],
						   nr_nodes, &nodes);
		spin_unlock(&vm->numa_lock);
		if (action != DISCO_NUMA_KEEP)
			made += act(vm, gfn, action, nodes, budget - made);
		spin_lock(&vm->numa_lock);
		disco_numa_end_period(k, &vm->numa_pages[gfn], period);
		spin_unlock(&vm->numa_lock);
		if (!(gfn & 255))
			cond_resched();
	}
	return made;
}

struct numad_pass {
	struct disco_numa_knobs k;
	u32 period;
	u32 budget;
};

static void visit_vm(struct disco_vm *vm, void *arg)
{
	struct numad_pass *pass = arg;

	pass->budget -= visit(vm, &pass->k, pass->period, pass->budget);
}

static int numad_main(void *unused)
{
	struct numad_pass pass = { .period = 0 };

	while (!kthread_should_stop()) {
		disco_numa_get_knobs(&pass.k);
		wait_event_interruptible_timeout(numad_wq, kthread_should_stop(),
						 msecs_to_jiffies(pass.k.period_ms));
		if (kthread_should_stop())
			break;
		WRITE_ONCE(numad_on, numad_should_run());
		if (!numad_on)
			continue;
		pass.budget = pass.k.moves_per_period;
		disco_vm_for_each(visit_vm, &pass);
		pass.period++;
	}
	return 0;
}

int disco_numad_start(void)
{
	struct task_struct *t = kthread_run(numad_main, NULL, "disco-numad");

	if (IS_ERR(t))
		return PTR_ERR(t);
	numad = t;
	return 0;
}

void disco_numad_stop(void)
{
	if (numad)
		kthread_stop(numad);
	numad = NULL;
	WRITE_ONCE(numad_on, false);
}
