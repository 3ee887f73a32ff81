/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco NUMA: guest pages that move to the node that uses them (Disco
 * §4.2.4): migration, read-only replication, and the daemon that decides.
 */
#ifndef DISCO_NUMA_NUMA_H
#define DISCO_NUMA_NUMA_H

#include "../disco.h"

struct disco_numa_info;
struct disco_numa_set;
struct disco_page_move;

/* move.c: the mechanisms, safe against running vCPUs */
int disco_page_migrate(struct disco_vm *vm, unsigned long gfn, int node);
int disco_page_replicate(struct disco_vm *vm, unsigned long gfn, int node);
void disco_page_collapse(struct disco_vm *vm, unsigned long gfn, int writer);
void disco_page_collapse_locked(struct disco_vm *vm, unsigned long gfn,
				int writer);
void disco_numa_free_replicas(struct disco_vm *vm);
bool disco_numa_node_ok(int node);

/* The read-only copy of @gfn on @node, if any; pmap_sem held. */
static inline struct page *disco_page_replica(const struct disco_vm *vm,
					      unsigned long gfn, int node)
{
	if (!vm->replica || node < 0 || node >= DISCO_NUMA_MAX_NODES)
		return NULL;
	return vm->replica[gfn * DISCO_NUMA_MAX_NODES + node];
}

/* Does @gfn have copies?  Exact with pmap_sem held, a hint without. */
static inline bool disco_page_replicated(const struct disco_vm *vm,
					 unsigned long gfn)
{
	unsigned int n;

	if (!READ_ONCE(vm->replica))
		return false;
	for (n = 0; n < DISCO_NUMA_MAX_NODES; n++)
		if (READ_ONCE(vm->replica[gfn * DISCO_NUMA_MAX_NODES + n]))
			return true;
	return false;
}

/* sample.c: per-page, per-node TLB-miss samples for the daemon */
int disco_numa_vm_init(struct disco_vm *vm);
void disco_numa_vm_free(struct disco_vm *vm);
void disco_numa_arm(struct disco_vcpu *vcpu);
void disco_numa_sample(struct disco_vcpu *vcpu, u64 gpa, bool write, bool local);
bool disco_numa_sample_due(struct disco_vcpu *vcpu);

/* daemon.c: the kernel thread that applies the policy, and its knobs */
struct disco_numa_knobs;
int disco_numad_start(void);
void disco_numad_stop(void);
bool disco_numad_active(void);
u32 disco_numa_sample_period(void);
void disco_numa_get_knobs(struct disco_numa_knobs *k);

/* ioctl.c: DISCO_VM_GET_NUMA, DISCO_VM_SET_NUMA, DISCO_VM_MOVE_PAGE */
int disco_numa_get_info(struct disco_vm *vm, void __user *argp);
int disco_numa_set(struct disco_vm *vm, void __user *argp);
int disco_numa_move_page(struct disco_vm *vm, void __user *argp);

#endif /* DISCO_NUMA_NUMA_H */
