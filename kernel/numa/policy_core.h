/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NUMA page placement policy in plain C: what is kept per guest page and
 * what to do with it at the end of a period (Disco §4.2.5).  Sampled TLB
 * misses are counted per page and per node; a kernel thread looks at the
 * counts every period and migrates a page used by one remote node,
 * replicates a page read by several nodes, and leaves pages written by
 * several nodes alone.  A write to a replicated page collapses the copies
 * in the fault path (disco_numa_collapse()).
 *
 * The module and the host-side simulator (bench/numasim) both build this
 * header, and the host unit tests (tests/unit) check it, so the policy
 * measured is the policy run.  No kernel dependencies.
 *
 * Counters are hints: callers may update a page from several CPUs without
 * a lock, and a lost sample only delays a decision.  Correctness (every
 * replica identical, writes to one copy) belongs to the fault path.
 */
#ifndef DISCO_NUMA_POLICY_CORE_H
#define DISCO_NUMA_POLICY_CORE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#endif

#define DISCO_NUMA_MAX_NODES	4
#define DISCO_NUMA_COUNT_MAX	0xffffU		/* misses[] saturate here */
#define DISCO_NUMA_QUIET_MAX	0xffU		/* quiet saturates here */
#define DISCO_NUMA_MOVES_MAX	0xffU		/* moves saturates here */

/**
 * struct disco_numa_knobs - the policy's tunables (sysfs, one file each).
 * @period_ms:		daemon period; counters decay once per period
 * @sample_period:	record one host TLB refill in this many
 * @hot_threshold:	a page is looked at only when its decayed sampled
 *			misses, all nodes together, reach this
 * @share_pct:		a node with this share of a page's misses dominates
 *			it: a written page migrates only to a dominating node
 * @user_pct:		a node with this share uses the page: it gets a
 *			replica of a read-only page
 * @max_moves:		cap on a page's moves (migrations, replications and
 *			collapses); a capped page stays where it is
 * @move_decay:		every this many periods each page's move count drops
 *			by one (0: never)
 * @cooldown:		after a move or a collapse, the page sits out the
 *			decisions of this many periods
 * @write_quiet:	periods without a sampled write before a page counts
 *			as read-only (1: none in the current period)
 * @decay_shift:	at the end of each period every count loses
 *			1/2^decay_shift of itself, rounded up (0 forgets
 *			everything, 1 halves, 2 keeps 3/4, ...)
 * @moves_per_period:	the daemon's budget of page copies per period
 * @migrate:		migration enabled
 * @replicate:		replication enabled
 *
 * Each knob is a u32 so sysfs treats them alike; the module writes a copy,
 * checks it with disco_numa_knobs_check() and only then publishes it.
 */
struct disco_numa_knobs {
	u32 period_ms;
	u32 sample_period;
	u32 hot_threshold;
	u32 share_pct;
	u32 user_pct;
	u32 max_moves;
	u32 move_decay;
	u32 cooldown;
	u32 write_quiet;
	u32 decay_shift;
	u32 moves_per_period;
	u32 migrate;
	u32 replicate;
};

/*
 * The defaults, tuned on bench/numasim (bench/README.md, "NUMA placement
 * simulator"): 16 KiB pages, 2-4 nodes, Disco's move costs.
 */
#define DISCO_NUMA_KNOBS_INIT {		\
	.period_ms = 10,		\
	.sample_period = 16,		\
	.hot_threshold = 2,		\
	.share_pct = 80,		\
	.user_pct = 10,			\
	.max_moves = 4,			\
	.move_decay = 50,		\
	.cooldown = 2,			\
	.write_quiet = 4,		\
	.decay_shift = 3,		\
	.moves_per_period = 256,	\
	.migrate = 1,			\
	.replicate = 1,			\
}

/**
 * disco_numa_default_knobs - fill @k with DISCO_NUMA_KNOBS_INIT.
 * @k:	the knobs
 */
static inline void disco_numa_default_knobs(struct disco_numa_knobs *k)
{
	*k = (struct disco_numa_knobs)DISCO_NUMA_KNOBS_INIT;
}

/**
 * disco_numa_knobs_check - are these knobs usable?
 * @k:	the knobs
 *
 * Return: 0, or -EINVAL if any knob is out of its range: @period_ms
 * 1..60000, @sample_period 1..65536, @hot_threshold 1..65535, @share_pct
 * 51..100 (at most one node dominates), @user_pct 1..25 (the top node of
 * up to four always uses the page), @max_moves 0..254, @move_decay
 * 0..65535, @cooldown 0..254, @write_quiet 1..254, @decay_shift 0..15,
 * @moves_per_period 0..65536, @migrate and @replicate 0 or 1.
 */
static inline int disco_numa_knobs_check(const struct disco_numa_knobs *k)
{
	if (k->period_ms < 1 || k->period_ms > 60000 ||
	    k->sample_period < 1 || k->sample_period > 65536 ||
	    k->hot_threshold < 1 || k->hot_threshold > DISCO_NUMA_COUNT_MAX ||
	    k->share_pct < 51 || k->share_pct > 100 ||
	    k->user_pct < 1 || k->user_pct > 100 / DISCO_NUMA_MAX_NODES ||
	    k->max_moves >= DISCO_NUMA_MOVES_MAX ||
	    k->move_decay > 65535 ||
	    k->cooldown >= DISCO_NUMA_QUIET_MAX ||
	    k->write_quiet < 1 || k->write_quiet >= DISCO_NUMA_QUIET_MAX ||
	    k->decay_shift > 15 ||
	    k->moves_per_period > 65536 ||
	    k->migrate > 1 || k->replicate > 1)
		return -EINVAL;
	return 0;
}

/* The module may not move this page (e.g. it is pinned for I/O). */
#define DISCO_NUMA_PINNED	0x01

/**
 * struct disco_numa_page - placement state of one guest page (16 bytes).
 * @misses:	sampled TLB misses per node, decayed every period
 * @writers:	nodes with a sampled write this period
 * @quiet:	periods ended since the last sampled write (saturating)
 * @home:	node of the primary copy
 * @copies:	nodes holding a copy, @home included
 * @moves:	moves made, less those forgiven by @move_decay
 * @rest:	period ends left before the page may move again
 * @flags:	DISCO_NUMA_PINNED
 * @pad:	zero
 */
struct disco_numa_page {
	u16 misses[DISCO_NUMA_MAX_NODES];
	u8 writers;
	u8 quiet;
	u8 home;
	u8 copies;
	u8 moves;
	u8 rest;
	u8 flags;
	u8 pad;
};

/**
 * enum disco_numa_action - what the daemon should do with a page.
 * @DISCO_NUMA_KEEP:		nothing
 * @DISCO_NUMA_MIGRATE:		move the only copy to the one node given
 * @DISCO_NUMA_REPLICATE:	add a read-only copy on each node given
 */
enum disco_numa_action {
	DISCO_NUMA_KEEP,
	DISCO_NUMA_MIGRATE,
	DISCO_NUMA_REPLICATE,
};

/**
 * disco_numa_page_init - state of a page first placed on @home.
 * @pg:		the page
 * @home:	node of its only copy
 */
static inline void disco_numa_page_init(struct disco_numa_page *pg,
					unsigned int home)
{
	*pg = (struct disco_numa_page){
		.quiet = DISCO_NUMA_QUIET_MAX,
		.home = home,
		.copies = 1U << home,
	};
}

/**
 * disco_numa_record - count one sampled TLB miss.
 * @pg:		the page missed on
 * @node:	node of the CPU that missed
 * @write:	the miss was for a store
 *
 * The count saturates; a node beyond DISCO_NUMA_MAX_NODES is ignored.
 */
static inline void disco_numa_record(struct disco_numa_page *pg,
				     unsigned int node, bool write)
{
	if (node >= DISCO_NUMA_MAX_NODES)
		return;
	if (pg->misses[node] < DISCO_NUMA_COUNT_MAX)
		pg->misses[node]++;
	if (write) {
		pg->writers |= 1U << node;
		pg->quiet = 0;
	}
}

/**
 * disco_numa_nr_copies - how many nodes hold a copy of @pg.
 * @pg:	the page
 *
 * Return: the number of bits set in @pg->copies.
 */
static inline unsigned int disco_numa_nr_copies(const struct disco_numa_page *pg)
{
	unsigned int n = 0;
	u8 m;

	for (m = pg->copies; m; m &= m - 1)
		n++;
	return n;
}

/**
 * disco_numa_total - a page's decayed sampled misses, all nodes together.
 * @pg:		the page
 * @nr_nodes:	nodes in the machine (at most DISCO_NUMA_MAX_NODES)
 *
 * Return: the sum of @pg->misses over the first @nr_nodes nodes.
 */
static inline u32 disco_numa_total(const struct disco_numa_page *pg,
				   unsigned int nr_nodes)
{
	u32 total = 0;
	unsigned int n;

	for (n = 0; n < nr_nodes && n < DISCO_NUMA_MAX_NODES; n++)
		total += pg->misses[n];
	return total;
}

/**
 * disco_numa_hot - is @pg worth a decision?
 * @k:		the knobs
 * @pg:		the page
 * @nr_nodes:	nodes in the machine
 *
 * Return: true if its decayed misses reach @k->hot_threshold.
 */
static inline bool disco_numa_hot(const struct disco_numa_knobs *k,
				  const struct disco_numa_page *pg,
				  unsigned int nr_nodes)
{
	return disco_numa_total(pg, nr_nodes) >= k->hot_threshold;
}

/* The node with the most misses; the lowest such node on a tie. */
static inline unsigned int disco_numa_top(const struct disco_numa_page *pg,
					  unsigned int nr_nodes)
{
	unsigned int n, top = 0;

	for (n = 1; n < nr_nodes && n < DISCO_NUMA_MAX_NODES; n++)
		if (pg->misses[n] > pg->misses[top])
			top = n;
	return top;
}

/* Does @count make at least @pct percent of @total? */
static inline bool disco_numa_share(u32 count, u32 total, u32 pct)
{
	return count * 100 >= total * pct;
}

/**
 * disco_numa_decide - what to do with a page at the end of a period.
 * @k:		the knobs
 * @pg:		the page
 * @nr_nodes:	nodes in the machine (at most DISCO_NUMA_MAX_NODES)
 * @nodes:	out: the target node (MIGRATE) or nodes (REPLICATE), as a
 *		mask; 0 for KEEP
 *
 * A page is kept if it is pinned, resting after a move, at its move cap,
 * or not hot.  Otherwise its users are the nodes with @k->user_pct of its
 * misses, and the node with the most; if every user holds a copy it is
 * kept.  A read-only page (no sampled write for @k->write_quiet periods)
 * used by one node only, with one copy, migrates there; any other
 * read-only page gets a replica on each user without one.  A page written
 * lately (or any page, with replication off) migrates only if it has one
 * copy and a node without it takes @k->share_pct of its misses: a page
 * written and shared by several nodes stays put.  A replicated page is
 * never migrated.  With migration off, read-only pages may still be
 * replicated to their only user.
 *
 * Against ping-pong: migrating back needs the old home to dominate again,
 * which decay (@k->decay_shift) delays, then @k->cooldown and the move cap
 * bound what is left.  The same delay is the price of following a real
 * change: a written page moves once the old node's decayed counts fall to
 * 100 - @k->share_pct percent, after t periods with
 * (1 - 2^-decay_shift)^t <= 0.2 for 80%: 2.3 periods at decay_shift 1,
 * 12 at 3.
 *
 * Return: the action.
 */
static inline enum disco_numa_action
disco_numa_decide(const struct disco_numa_knobs *k,
		  const struct disco_numa_page *pg, unsigned int nr_nodes,
		  u8 *nodes)
{
	u32 total = disco_numa_total(pg, nr_nodes);
	unsigned int n, top;
	u8 users, need;

	*nodes = 0;
	if ((pg->flags & DISCO_NUMA_PINNED) || pg->rest ||
	    pg->moves >= k->max_moves || total < k->hot_threshold)
		return DISCO_NUMA_KEEP;

	top = disco_numa_top(pg, nr_nodes);
	users = 1U << top;
	for (n = 0; n < nr_nodes && n < DISCO_NUMA_MAX_NODES; n++)
		if (disco_numa_share(pg->misses[n], total, k->user_pct))
			users |= 1U << n;
	need = users & ~pg->copies;
	if (!need)
		return DISCO_NUMA_KEEP;

	if (k->replicate && pg->quiet >= k->write_quiet) {
		bool single = disco_numa_nr_copies(pg) == 1;

		*nodes = need;
		if (k->migrate && single && users == 1U << top)
			return DISCO_NUMA_MIGRATE;
		return DISCO_NUMA_REPLICATE;
	}

	if (!k->migrate || disco_numa_nr_copies(pg) != 1 ||
	    !(need & 1U << top) ||
	    !disco_numa_share(pg->misses[top], total, k->share_pct))
		return DISCO_NUMA_KEEP;
	*nodes = 1U << top;
	return DISCO_NUMA_MIGRATE;
}

/* Count a move against the cap and start the cooldown. */
static inline void disco_numa_moved(const struct disco_numa_knobs *k,
				    struct disco_numa_page *pg)
{
	if (pg->moves < DISCO_NUMA_MOVES_MAX)
		pg->moves++;
	/* +1: the end of the current period does not count */
	pg->rest = k->cooldown + 1;
}

/**
 * disco_numa_migrated - state after the only copy moved to @node.
 * @k:		the knobs
 * @pg:		the page
 * @node:	its new home
 */
static inline void disco_numa_migrated(const struct disco_numa_knobs *k,
				       struct disco_numa_page *pg,
				       unsigned int node)
{
	pg->home = node;
	pg->copies = 1U << node;
	disco_numa_moved(k, pg);
}

/**
 * disco_numa_replicated - state after copies were added on @nodes.
 * @k:		the knobs
 * @pg:		the page
 * @nodes:	mask of the nodes that got a copy (the module may have
 *		made fewer than decided, e.g. out of memory on a node)
 */
static inline void disco_numa_replicated(const struct disco_numa_knobs *k,
					 struct disco_numa_page *pg, u8 nodes)
{
	if (!(nodes & ~pg->copies))
		return;
	pg->copies |= nodes;
	disco_numa_moved(k, pg);
}

/**
 * disco_numa_collapse - a node wrote to a replicated page: one copy stays.
 * @k:		the knobs
 * @pg:		the page
 * @writer:	node of the writing CPU
 *
 * Called by the fault path, which then frees the other copies and maps
 * the survivor writable.  The writer's own copy survives if it has one,
 * otherwise the home copy.  The write is recorded, so the page is not
 * replicated again before @k->write_quiet quiet periods, and the collapse
 * counts as a move.  Nothing changes for a page with a single copy.
 *
 * Return: the node whose copy survives (the page's home from now on).
 */
static inline unsigned int disco_numa_collapse(const struct disco_numa_knobs *k,
					       struct disco_numa_page *pg,
					       unsigned int writer)
{
	if (disco_numa_nr_copies(pg) <= 1)
		return pg->home;
	if (writer < DISCO_NUMA_MAX_NODES && (pg->copies & 1U << writer))
		pg->home = writer;
	pg->copies = 1U << pg->home;
	if (writer < DISCO_NUMA_MAX_NODES)
		pg->writers |= 1U << writer;
	pg->quiet = 0;
	disco_numa_moved(k, pg);
	return pg->home;
}

/**
 * disco_numa_end_period - age a page at the end of period @period.
 * @k:		the knobs
 * @pg:		the page
 * @period:	the number of the period ending (the daemon's counter)
 *
 * Called for every page after the period's decisions: counts decay by
 * @k->decay_shift (rounding the loss up, so that a page left alone ends
 * at 0), this period's writers are forgotten (@quiet remembers),
 * the cooldown runs, and every @k->move_decay periods one move is
 * forgiven.
 */
static inline void disco_numa_end_period(const struct disco_numa_knobs *k,
					 struct disco_numa_page *pg, u32 period)
{
	u32 mask = (1U << k->decay_shift) - 1;
	unsigned int n;

	for (n = 0; n < DISCO_NUMA_MAX_NODES; n++)
		pg->misses[n] -= (pg->misses[n] + mask) >> k->decay_shift;
	pg->writers = 0;
	if (pg->quiet < DISCO_NUMA_QUIET_MAX)
		pg->quiet++;
	if (pg->rest)
		pg->rest--;
	if (k->move_decay && pg->moves && !(period % k->move_decay))
		pg->moves--;
}

#endif /* DISCO_NUMA_POLICY_CORE_H */
