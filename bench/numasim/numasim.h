/* SPDX-License-Identifier: GPL-2.0 */
/*
 * numasim: replays memory-access traces on a modelled NUMA machine and
 * runs kernel/numa/policy_core.h on it, the module's own placement policy.
 */
#ifndef NUMASIM_H
#define NUMASIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "policy_core.h"

#define MAX_CPUS	64
#define MAX_TLB		1024
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

typedef uint64_t u64;

/* One memory access that missed the caches: what the trace holds. */
struct access {
	uint32_t page;			/* dense page index */
	uint8_t write;
};

/* What a source hands the engine next. */
enum ev {
	EV_ACCESS,
	EV_BARRIER,			/* end of a phase */
	EV_END,
};

/*
 * A workload.  Synthetic ones are per-CPU streams (@next), which the
 * engine interleaves by modelled time; a trace file is a fixed sequence
 * (@next_ordered).  Both are replayed from the start by @rewind.
 */
struct source {
	const char *name;
	unsigned int nr_pages;
	unsigned int nr_phases;
	/* Per-CPU stream: false when @cpu has nothing left in @phase. */
	bool (*next)(struct source *s, unsigned int phase, unsigned int cpu,
		     struct access *a);
	/* Ordered stream: the next event and its CPU. */
	enum ev (*next_ordered)(struct source *s, unsigned int *cpu,
				struct access *a);
	void (*rewind)(struct source *s);
	void *priv;
};

/* The machine and the costs. */
struct machine {
	unsigned int nodes;
	unsigned int cpus_per_node;
	unsigned int tlb_entries;	/* per CPU, one 16 KiB page each */
	u64 lat_ns[DISCO_NUMA_MAX_NODES][DISCO_NUMA_MAX_NODES];
	u64 think_ns;			/* compute between two accesses */
	u64 migrate_ns;			/* one page migration */
	u64 replicate_ns;		/* one replica made */
	u64 collapse_ns;		/* a write fault collapsing replicas */
	u64 sample_ns;			/* recording one sampled TLB miss */
	u64 seed;
};

enum placement {
	PLACE_OFF,			/* first touch, nothing moves */
	PLACE_ON,			/* first touch, then the policy */
	PLACE_IDEAL,			/* oracle: see sim.c */
	NR_PLACE,
};

struct result {
	u64 accesses;
	u64 local;
	u64 stall_ns;			/* memory latency, all CPUs */
	u64 overhead_ns;		/* moves, collapses, samples */
	u64 run_ns;			/* modelled run time (last CPU done) */
	u64 tlb_misses;
	u64 samples;
	u64 migrations;
	u64 replications;		/* copies made */
	u64 collapses;
	u64 periods;
};

/*
 * Per-page oracle knowledge from a first run: accesses per node in the
 * last phase, and whether the last phase wrote the page.
 */
struct oracle {
	uint32_t (*count)[DISCO_NUMA_MAX_NODES];
	uint8_t *written;
	unsigned int nr_pages;
};

extern int verbose;

int simulate(const struct machine *m, const struct disco_numa_knobs *k,
	     struct source *src, enum placement place, struct oracle *o,
	     struct result *r);

/* workload.c */
struct gen_params {
	unsigned int nr_cpus;
	unsigned int cpus_per_node;
	u64 accesses;			/* per CPU, in the main phase */
	u64 seed;
};

struct source *gen_engineering(const struct gen_params *p, bool single_init);
struct source *gen_raytrace(const struct gen_params *p);
struct source *gen_write_shared(const struct gen_params *p);
struct source *trace_open(const char *path, unsigned int *nodes,
			  unsigned int *cpus_per_node);
void source_free(struct source *s);
int trace_dump(struct source *s, const struct machine *m, FILE *out);

/* Deterministic generator (splitmix64). */
static inline u64 rng_next(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static inline unsigned int rng_below(u64 *state, unsigned int n)
{
	return (unsigned int)(((rng_next(state) >> 32) * n) >> 32);
}

#endif /* NUMASIM_H */
