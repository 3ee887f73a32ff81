// SPDX-License-Identifier: GPL-2.0
/*
 * The engine: CPUs with a TLB each, pages with a placement, a daemon that
 * runs the policy every period.
 *
 * Every access in a trace is one that missed the caches and goes to
 * memory.  It costs the latency to the nearest copy of its page
 * (machine.lat_ns), is looked up in the CPU's TLB (random replacement, as
 * tlbwr), and one TLB refill in knobs.sample_period is recorded for the
 * policy, as the module samples host TLB refills.  A write to a page with
 * several copies collapses them first, as the module's fault path does.
 * Pages are placed on the node of the CPU that touches them first.
 *
 * Synthetic workloads are per-CPU streams: the CPU whose clock is lowest
 * runs next, so a CPU with remote memory falls behind as it would.  A
 * trace file is replayed in its own order.  A barrier (end of a phase)
 * makes every CPU wait for the last one.
 *
 * The ideal placement is an oracle, free of cost: from the start of the
 * last phase on, every page the last phase does not write has a copy on
 * each node that reads it, and every page it writes sits on the node
 * that accesses it most.  Earlier phases (initialisation) run with
 * first-touch placement, which makes them all local.
 */
#include <stdlib.h>
#include <string.h>

#include "numasim.h"

int verbose;

struct cand {
	uint32_t page;
	uint32_t total;
	enum disco_numa_action action;
	uint8_t nodes;
};

struct sim {
	const struct machine *m;
	const struct disco_numa_knobs *k;
	enum placement place;
	struct oracle *o;
	struct result *r;
	struct source *src;
	unsigned int nr_cpus;
	unsigned int nr_pages;
	unsigned int phase;
	unsigned int last_phase;
	u64 clock[MAX_CPUS];
	u64 rng[MAX_CPUS];
	u64 refills[MAX_CPUS];
	uint32_t tlb[MAX_CPUS][MAX_TLB];	/* page + 1; 0: empty */
	struct disco_numa_page *pg;
	uint8_t *touched;
	u64 *in_tlb;				/* per page: CPUs caching it */
	u64 next_period;
	uint32_t period;
	u64 mark_acc, mark_local, mark_moves;	/* for -v */
	struct cand *cands;
};

static unsigned int node_of(const struct sim *s, unsigned int cpu)
{
	return cpu / s->m->cpus_per_node;
}

/* The oracle's copies for page @p: 0 if the last phase never used it. */
static uint8_t oracle_copies(const struct oracle *o, uint32_t p,
			     unsigned int nodes)
{
	unsigned int n, best = 0;
	uint8_t mask = 0;

	for (n = 0; n < nodes; n++) {
		if (o->count[p][n])
			mask |= 1U << n;
		if (o->count[p][n] > o->count[p][best])
			best = n;
	}
	if (!mask || !o->written[p])
		return mask;
	return 1U << best;
}

static void oracle_place(struct sim *s, uint32_t p)
{
	struct disco_numa_page *pg = &s->pg[p];
	uint8_t mask = oracle_copies(s->o, p, s->m->nodes);

	if (!mask)
		return;
	if (!(mask & 1U << pg->home))
		pg->home = __builtin_ctz(mask);
	pg->copies = mask;
}

static void first_touch(struct sim *s, uint32_t p, unsigned int node)
{
	disco_numa_page_init(&s->pg[p], node);
	s->touched[p] = 1;
	if (s->place == PLACE_IDEAL && s->phase == s->last_phase)
		oracle_place(s, p);
}

/* Drop page @p from every TLB (a move or a collapse shoots it down). */
static void shootdown(struct sim *s, uint32_t p)
{
	u64 cpus = s->in_tlb[p];

	while (cpus) {
		unsigned int cpu = __builtin_ctzll(cpus);
		unsigned int i;

		cpus &= cpus - 1;
		for (i = 0; i < s->m->tlb_entries; i++)
			if (s->tlb[cpu][i] == p + 1)
				s->tlb[cpu][i] = 0;
	}
	s->in_tlb[p] = 0;
}

/* Is @p in @cpu's TLB?  If not, refill it there. */
static bool tlb_hit(struct sim *s, unsigned int cpu, uint32_t p)
{
	uint32_t *slot;

	if (s->in_tlb[p] & 1ULL << cpu)
		return true;
	slot = &s->tlb[cpu][rng_below(&s->rng[cpu], s->m->tlb_entries)];
	if (*slot)
		s->in_tlb[*slot - 1] &= ~(1ULL << cpu);
	*slot = p + 1;
	s->in_tlb[p] |= 1ULL << cpu;
	return false;
}

/* Work done on behalf of every CPU (the daemon's moves): shared out. */
static void charge_all(struct sim *s, u64 ns)
{
	unsigned int cpu;

	s->r->overhead_ns += ns;
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		s->clock[cpu] += ns / s->nr_cpus;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->page < y->page ? -1 : x->page > y->page;
}

/*
 * One period of the module's kernel thread: decide for every page, carry
 * out the hottest decisions within the budget of copies, age every page.
 */
static void daemon_period(struct sim *s)
{
	const struct disco_numa_knobs *k = s->k;
	unsigned int n = 0, i, budget = k->moves_per_period;
	uint32_t p;

	for (p = 0; p < s->nr_pages; p++) {
		struct cand *c = &s->cands[n];

		if (!s->touched[p])
			continue;
		c->action = disco_numa_decide(k, &s->pg[p], s->m->nodes,
					      &c->nodes);
		if (c->action == DISCO_NUMA_KEEP)
			continue;
		c->page = p;
		c->total = disco_numa_total(&s->pg[p], s->m->nodes);
		n++;
	}
	qsort(s->cands, n, sizeof(*s->cands), cand_cmp);
	for (i = 0; i < n && budget; i++) {
		struct cand *c = &s->cands[i];
		unsigned int copies = __builtin_popcount(c->nodes);

		if (copies > budget)
			continue;
		budget -= copies;
		shootdown(s, c->page);
		if (c->action == DISCO_NUMA_MIGRATE) {
			disco_numa_migrated(k, &s->pg[c->page],
					    __builtin_ctz(c->nodes));
			s->r->migrations++;
			charge_all(s, s->m->migrate_ns);
		} else {
			disco_numa_replicated(k, &s->pg[c->page], c->nodes);
			s->r->replications += copies;
			charge_all(s, s->m->replicate_ns * copies);
		}
	}
	if (verbose) {
		u64 moves = s->r->migrations + s->r->replications;
		u64 acc = s->r->accesses - s->mark_acc;

		fprintf(stderr, "period %u: %llu accesses, %.1f%% local, %llu copies, %u candidates\n",
			s->period + 1, (unsigned long long)acc,
			acc ? 100.0 * (s->r->local - s->mark_local) / acc : 0.0,
			(unsigned long long)(moves - s->mark_moves), n);
		s->mark_acc = s->r->accesses;
		s->mark_local = s->r->local;
		s->mark_moves = moves;
	}
	s->period++;
	for (p = 0; p < s->nr_pages; p++)
		if (s->touched[p])
			disco_numa_end_period(k, &s->pg[p], s->period);
	s->r->periods++;
}

static u64 latency(const struct sim *s, const struct disco_numa_page *pg,
		   unsigned int node)
{
	u64 best = UINT64_MAX;
	unsigned int n;

	for (n = 0; n < s->m->nodes; n++)
		if ((pg->copies & 1U << n) && s->m->lat_ns[node][n] < best)
			best = s->m->lat_ns[node][n];
	return best;
}

static void do_access(struct sim *s, unsigned int cpu, const struct access *a)
{
	unsigned int node = node_of(s, cpu);
	struct disco_numa_page *pg = &s->pg[a->page];
	u64 cost = 0, lat;

	if (s->place == PLACE_ON) {
		u64 period_ns = (u64)s->k->period_ms * 1000000;

		while (s->clock[cpu] >= s->next_period) {
			daemon_period(s);
			s->next_period += period_ns;
		}
	}
	if (!s->touched[a->page])
		first_touch(s, a->page, node);

	if (!tlb_hit(s, cpu, a->page)) {
		s->r->tlb_misses++;
		if (s->place == PLACE_ON &&
		    !(++s->refills[cpu] % s->k->sample_period)) {
			disco_numa_record(pg, node, a->write);
			s->r->samples++;
			cost += s->m->sample_ns;
		}
	}
	if (a->write && disco_numa_nr_copies(pg) > 1) {
		disco_numa_collapse(s->k, pg, node);
		shootdown(s, a->page);
		s->r->collapses++;
		cost += s->m->collapse_ns;
	}

	lat = latency(s, pg, node);
	s->r->accesses++;
	if (pg->copies & 1U << node)
		s->r->local++;
	s->r->stall_ns += lat;
	s->r->overhead_ns += cost;
	s->clock[cpu] += s->m->think_ns + lat + cost;

	if (s->place == PLACE_OFF && s->phase == s->last_phase) {
		s->o->count[a->page][node]++;
		s->o->written[a->page] |= a->write;
	}
}

/* Every CPU waits for the last; the ideal placement starts its last phase. */
static void barrier(struct sim *s)
{
	u64 t = 0;
	unsigned int cpu;
	uint32_t p;

	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		if (s->clock[cpu] > t)
			t = s->clock[cpu];
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		s->clock[cpu] = t;
	s->phase++;
	if (s->place == PLACE_IDEAL && s->phase == s->last_phase)
		for (p = 0; p < s->nr_pages; p++)
			if (s->touched[p])
				oracle_place(s, p);
}

static void run_streams(struct sim *s)
{
	unsigned int phase;

	for (phase = 0; phase < s->src->nr_phases; phase++) {
		u64 active = s->nr_cpus == 64 ? ~0ULL : (1ULL << s->nr_cpus) - 1;

		while (active) {
			unsigned int cpu, best = __builtin_ctzll(active);
			struct access a;
			u64 m;

			for (m = active; m; m &= m - 1) {
				cpu = __builtin_ctzll(m);
				if (s->clock[cpu] < s->clock[best])
					best = cpu;
			}
			if (!s->src->next(s->src, phase, best, &a)) {
				active &= ~(1ULL << best);
				continue;
			}
			do_access(s, best, &a);
		}
		if (phase + 1 < s->src->nr_phases)
			barrier(s);
	}
}

static void run_ordered(struct sim *s)
{
	struct access a;
	unsigned int cpu;
	enum ev ev;

	while ((ev = s->src->next_ordered(s->src, &cpu, &a)) != EV_END) {
		if (ev == EV_BARRIER)
			barrier(s);
		else
			do_access(s, cpu, &a);
	}
}

/**
 * simulate - replay @src once with placement @place.
 *
 * PLACE_OFF fills the oracle @o, which PLACE_IDEAL then needs.
 * Returns 0, or -1 if out of memory.
 */
int simulate(const struct machine *m, const struct disco_numa_knobs *k,
	     struct source *src, enum placement place, struct oracle *o,
	     struct result *r)
{
	struct sim *s = calloc(1, sizeof(*s));
	unsigned int cpu;
	int ret = -1;

	if (!s)
		return -1;
	*r = (struct result){ 0 };
	s->m = m;
	s->k = k;
	s->place = place;
	s->o = o;
	s->r = r;
	s->src = src;
	s->nr_cpus = m->nodes * m->cpus_per_node;
	s->nr_pages = src->nr_pages;
	s->last_phase = src->nr_phases - 1;
	s->next_period = (u64)k->period_ms * 1000000;
	s->pg = calloc(s->nr_pages, sizeof(*s->pg));
	s->touched = calloc(s->nr_pages, 1);
	s->in_tlb = calloc(s->nr_pages, sizeof(*s->in_tlb));
	s->cands = calloc(s->nr_pages, sizeof(*s->cands));
	if (!s->pg || !s->touched || !s->in_tlb || !s->cands)
		goto out;
	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		s->rng[cpu] = m->seed ^ (0x1000ULL * (cpu + 1));
	if (place == PLACE_OFF) {
		memset(o->count, 0, sizeof(*o->count) * o->nr_pages);
		memset(o->written, 0, o->nr_pages);
	}

	src->rewind(src);
	if (src->next)
		run_streams(s);
	else
		run_ordered(s);

	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		if (s->clock[cpu] > r->run_ns)
			r->run_ns = s->clock[cpu];
	ret = 0;
out:
	free(s->pg);
	free(s->touched);
	free(s->in_tlb);
	free(s->cands);
	free(s);
	return ret;
}
