// SPDX-License-Identifier: GPL-2.0
/*
 * The NUMA placement policy (kernel/numa/policy_core.h): the header the
 * module and bench/numasim both build.
 */
#include <stddef.h>
#include <string.h>

#include "policy_core.h"
#include "tap.h"

static struct disco_numa_knobs K;

static void reset_knobs(void)
{
	disco_numa_default_knobs(&K);
}

/* A page homed on @home with @m0..@m3 sampled misses, no writes seen. */
static struct disco_numa_page page(unsigned int home, u16 m0, u16 m1, u16 m2,
				   u16 m3)
{
	struct disco_numa_page pg;

	disco_numa_page_init(&pg, home);
	pg.misses[0] = m0;
	pg.misses[1] = m1;
	pg.misses[2] = m2;
	pg.misses[3] = m3;
	return pg;
}

static enum disco_numa_action decide(const struct disco_numa_page *pg,
				     unsigned int nr_nodes, u8 *nodes)
{
	return disco_numa_decide(&K, pg, nr_nodes, nodes);
}

/* Did the decision come out as @want with target mask @want_nodes? */
static int is(const struct disco_numa_page *pg, unsigned int nr_nodes,
	      enum disco_numa_action want, u8 want_nodes)
{
	u8 nodes = 0xee;
	enum disco_numa_action a = decide(pg, nr_nodes, &nodes);

	if (a == want && nodes == want_nodes)
		return 1;
	tap_diag("decided %d nodes %#x, wanted %d nodes %#x", a, nodes, want,
		 want_nodes);
	return 0;
}

/*
 * One period as the daemon runs it: @per_node[n] sampled misses from node
 * n (writes if bit n of @writes), the decision carried out, the period
 * ended.  Returns the action.
 */
static enum disco_numa_action run_period(struct disco_numa_page *pg,
					 unsigned int nr_nodes,
					 const unsigned int *per_node, u8 writes,
					 u32 period)
{
	enum disco_numa_action a;
	unsigned int n, i;
	u8 nodes;

	for (n = 0; n < nr_nodes; n++) {
		for (i = 0; i < per_node[n]; i++) {
			bool w = (writes & 1U << n) && !(i & 3);

			if (w && disco_numa_nr_copies(pg) > 1)
				disco_numa_collapse(&K, pg, n);
			disco_numa_record(pg, n, w);
		}
	}
	a = decide(pg, nr_nodes, &nodes);
	if (a == DISCO_NUMA_MIGRATE)
		disco_numa_migrated(&K, pg, __builtin_ctz(nodes));
	else if (a == DISCO_NUMA_REPLICATE)
		disco_numa_replicated(&K, pg, nodes);
	disco_numa_end_period(&K, pg, period);
	return a;
}

static void knobs(void)
{
	static const struct disco_numa_knobs init = DISCO_NUMA_KNOBS_INIT;
	static const struct {
		size_t off;
		u32 bad, good;
		const char *name;
	} t[] = {
#define KNOB(f, b, g) { offsetof(struct disco_numa_knobs, f), b, g, #f }
		KNOB(period_ms, 0, 1), KNOB(period_ms, 60001, 60000),
		KNOB(sample_period, 0, 1), KNOB(sample_period, 65537, 65536),
		KNOB(hot_threshold, 0, 1), KNOB(hot_threshold, 65536, 65535),
		KNOB(share_pct, 50, 51), KNOB(share_pct, 101, 100),
		KNOB(user_pct, 0, 1), KNOB(user_pct, 26, 25),
		KNOB(max_moves, 255, 254), KNOB(move_decay, 65536, 0),
		KNOB(cooldown, 255, 0), KNOB(cooldown, 0xffffffff, 254),
		KNOB(write_quiet, 0, 1), KNOB(write_quiet, 255, 254),
		KNOB(decay_shift, 16, 15), KNOB(decay_shift, 0xffffffff, 0),
		KNOB(moves_per_period, 65537, 0),
		KNOB(migrate, 2, 0), KNOB(replicate, 2, 0),
#undef KNOB
	};
	struct disco_numa_knobs k;
	unsigned int i;

	reset_knobs();
	tap_result(!memcmp(&K, &init, sizeof(K)),
		   "numa: disco_numa_default_knobs() is DISCO_NUMA_KNOBS_INIT");
	tap_result(disco_numa_knobs_check(&K) == 0, "numa: the defaults are valid");
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		k = K;
		*(u32 *)((char *)&k + t[i].off) = t[i].bad;
		tap_result(disco_numa_knobs_check(&k) == -EINVAL,
			   "numa: knob %s = %u is rejected", t[i].name, t[i].bad);
		*(u32 *)((char *)&k + t[i].off) = t[i].good;
		tap_result(disco_numa_knobs_check(&k) == 0,
			   "numa: knob %s = %u is accepted", t[i].name, t[i].good);
	}
}

static void page_state(void)
{
	struct disco_numa_page pg;
	unsigned int i;

	tap_result(sizeof(struct disco_numa_page) == 16,
		   "numa: per-page state is 16 bytes");

	disco_numa_page_init(&pg, 2);
	tap_result(pg.home == 2 && pg.copies == 0x4 && !pg.moves && !pg.rest &&
		   !pg.writers && !disco_numa_total(&pg, 4) &&
		   pg.quiet == DISCO_NUMA_QUIET_MAX,
		   "numa: a new page has one copy at home, no history, no writes");

	disco_numa_record(&pg, 1, false);
	disco_numa_record(&pg, 1, false);
	disco_numa_record(&pg, 3, false);
	tap_result(pg.misses[0] == 0 && pg.misses[1] == 2 && pg.misses[3] == 1 &&
		   !pg.writers && pg.quiet == DISCO_NUMA_QUIET_MAX,
		   "numa: reads count per node and leave the write state alone");
	disco_numa_record(&pg, 3, true);
	tap_result(pg.misses[3] == 2 && pg.writers == 0x8 && pg.quiet == 0,
		   "numa: a write counts, marks its node and restarts quiet");
	disco_numa_record(&pg, DISCO_NUMA_MAX_NODES, true);
	tap_result(disco_numa_total(&pg, 4) == 4 && pg.writers == 0x8,
		   "numa: a node beyond the maximum is ignored");
	tap_result(disco_numa_total(&pg, 2) == 2,
		   "numa: the total covers only the machine's nodes");

	pg.misses[0] = DISCO_NUMA_COUNT_MAX - 1;
	for (i = 0; i < 3; i++)
		disco_numa_record(&pg, 0, false);
	tap_result(pg.misses[0] == DISCO_NUMA_COUNT_MAX,
		   "numa: a count saturates at %u", DISCO_NUMA_COUNT_MAX);
}

static void end_period(void)
{
	struct disco_numa_page pg = page(0, 100, 7, 1, DISCO_NUMA_COUNT_MAX);
	unsigned int i;

	reset_knobs();
	K.decay_shift = 1;
	disco_numa_record(&pg, 1, true);
	pg.rest = 2;
	disco_numa_end_period(&K, &pg, 1);
	tap_result(pg.misses[0] == 50 && pg.misses[1] == 4 && pg.misses[2] == 0 &&
		   pg.misses[3] == DISCO_NUMA_COUNT_MAX >> 1,
		   "numa: decay_shift 1 halves every count");
	tap_result(!pg.writers && pg.quiet == 1,
		   "numa: the period's writers are forgotten, quiet counts one period");
	tap_result(pg.rest == 1, "numa: the cooldown runs down");
	for (i = 0; i < 300; i++)
		disco_numa_end_period(&K, &pg, 1);
	tap_result(pg.quiet == DISCO_NUMA_QUIET_MAX && pg.rest == 0 &&
		   !disco_numa_total(&pg, 4),
		   "numa: quiet saturates, rest stops at 0, counts decay to 0");

	K.decay_shift = 0;
	pg = page(0, DISCO_NUMA_COUNT_MAX, 1, 2, 3);
	disco_numa_end_period(&K, &pg, 1);
	tap_result(!disco_numa_total(&pg, 4), "numa: decay_shift 0 forgets everything");

	K.decay_shift = 2;
	pg = page(0, 100, 3, 1, DISCO_NUMA_COUNT_MAX);
	disco_numa_end_period(&K, &pg, 1);
	tap_result(pg.misses[0] == 75 && pg.misses[1] == 2 && pg.misses[2] == 0 &&
		   pg.misses[3] == DISCO_NUMA_COUNT_MAX - 16384,
		   "numa: decay_shift 2 keeps 3/4, the loss rounded up");
	for (i = 0; i < 40; i++)
		disco_numa_end_period(&K, &pg, 1);
	tap_result(!disco_numa_total(&pg, 4), "numa: ... so every count reaches 0");

	reset_knobs();
	K.move_decay = 10;
	pg = page(0, 0, 0, 0, 0);
	pg.moves = 2;
	for (i = 1; i < 10; i++)
		disco_numa_end_period(&K, &pg, i);
	tap_result(pg.moves == 2, "numa: no move forgiven before move_decay periods");
	disco_numa_end_period(&K, &pg, 10);
	tap_result(pg.moves == 1, "numa: one move forgiven every move_decay periods");
	for (i = 11; i <= 40; i++)
		disco_numa_end_period(&K, &pg, i);
	tap_result(pg.moves == 0, "numa: forgiveness stops at 0");
	K.move_decay = 0;
	pg.moves = 3;
	for (i = 0; i < 1000; i++)
		disco_numa_end_period(&K, &pg, i);
	tap_result(pg.moves == 3, "numa: move_decay 0 never forgives");
}

static void thresholds(void)
{
	struct disco_numa_page pg;
	u32 hot;

	reset_knobs();
	hot = K.hot_threshold;
	pg = page(0, 0, hot - 1, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0), "numa: a page below hot_threshold is kept");
	tap_result(!disco_numa_hot(&K, &pg, 2), "numa: ... and is not hot");
	pg.misses[1] = hot;
	tap_result(disco_numa_hot(&K, &pg, 2) && is(&pg, 2, DISCO_NUMA_MIGRATE, 0x2),
		   "numa: at hot_threshold a remote-only page migrates");
	pg = page(0, 0, 0, hot, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: misses on nodes beyond nr_nodes do not count");
	tap_result(is(&pg, 3, DISCO_NUMA_MIGRATE, 0x4),
		   "numa: ... and do on a machine that has them");

	/* Written pages: share_pct decides. */
	pg = page(0, 21, 79, 0, 0);
	pg.quiet = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: written page, remote node at 79%% < share_pct: kept");
	pg.misses[0] = 20;
	pg.misses[1] = 80;
	tap_result(is(&pg, 2, DISCO_NUMA_MIGRATE, 0x2),
		   "numa: written page, remote node at 80%%: migrates there");
	pg.home = 1;
	pg.copies = 0x2;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: written page dominated by its home: kept");

	/* Read-only pages: user_pct decides who gets a replica. */
	pg = page(0, 60, 31, 9, 0);
	tap_result(is(&pg, 3, DISCO_NUMA_REPLICATE, 0x2),
		   "numa: read-only, node at 9%% < user_pct gets no replica");
	pg.misses[2] = 10;
	pg.misses[1] = 30;
	tap_result(is(&pg, 3, DISCO_NUMA_REPLICATE, 0x6),
		   "numa: read-only, nodes at >= user_pct get replicas");
}

static void actions(void)
{
	struct disco_numa_page pg;
	unsigned int i;

	reset_knobs();
	pg = page(1, 5, 95, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: a read-only page hot on its home node is kept");
	pg = page(1, 30, 70, 0, 0);
	pg.quiet = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: a written page hot on its home node is kept");
	pg = page(0, 0, 100, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_MIGRATE, 0x2),
		   "numa: read-only, one remote user, one copy: migrate");
	pg = page(0, 30, 70, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_REPLICATE, 0x2),
		   "numa: read-only, home still a user: replicate to the other");
	pg = page(0, 25, 25, 25, 25);
	tap_result(is(&pg, 4, DISCO_NUMA_REPLICATE, 0xe),
		   "numa: read by all four nodes: a replica on each remote one");
	pg.copies = 0xf;
	tap_result(is(&pg, 4, DISCO_NUMA_KEEP, 0),
		   "numa: every user holds a copy: kept");

	pg = page(0, 50, 50, 0, 0);
	disco_numa_record(&pg, 1, true);
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: written and shared by two nodes: kept");
	for (i = 1; i < K.write_quiet; i++) {
		disco_numa_end_period(&K, &pg, i);
		pg.misses[0] = pg.misses[1] = 50;
		if (!is(&pg, 2, DISCO_NUMA_KEEP, 0))
			break;
	}
	tap_result(i == K.write_quiet && pg.quiet == K.write_quiet - 1,
		   "numa: kept for write_quiet (%u) - 1 quiet periods", K.write_quiet);
	disco_numa_end_period(&K, &pg, i);
	pg.misses[0] = pg.misses[1] = 50;
	tap_result(is(&pg, 2, DISCO_NUMA_REPLICATE, 0x2),
		   "numa: after write_quiet periods without writes: replicated");

	/* A replicated page that became hot on one node only. */
	pg = page(0, 0, 100, 0, 0);
	pg.copies = 0x3;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: replicated page now used by one node with a copy: kept");
	pg = page(0, 0, 0, 100, 0);
	pg.copies = 0x3;
	tap_result(is(&pg, 4, DISCO_NUMA_REPLICATE, 0x4),
		   "numa: replicated page now used by a node without one: replica, not migration");

	pg = page(0, 0, 100, 0, 0);
	pg.flags = DISCO_NUMA_PINNED;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0), "numa: a pinned page is kept");
}

static void switches(void)
{
	struct disco_numa_page pg;

	reset_knobs();
	K.migrate = 0;
	pg = page(0, 0, 100, 0, 0);
	pg.quiet = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: migrate off: a written remote page is kept");
	pg.quiet = DISCO_NUMA_QUIET_MAX;
	tap_result(is(&pg, 2, DISCO_NUMA_REPLICATE, 0x2),
		   "numa: migrate off: a read-only remote page is replicated");

	reset_knobs();
	K.replicate = 0;
	pg = page(0, 50, 50, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: replicate off: a read-shared page is kept");
	pg = page(0, 15, 85, 0, 0);
	tap_result(is(&pg, 2, DISCO_NUMA_MIGRATE, 0x2),
		   "numa: replicate off: a read-only page dominated remotely migrates");
	pg.copies = 0x5;
	tap_result(is(&pg, 3, DISCO_NUMA_KEEP, 0),
		   "numa: replicate off: a replicated page is never migrated");
}

static void caps(void)
{
	struct disco_numa_page pg;
	unsigned int i;

	reset_knobs();
	pg = page(0, 0, 100, 0, 0);
	pg.moves = K.max_moves;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0), "numa: a page at max_moves is kept");
	pg.moves = K.max_moves - 1;
	tap_result(is(&pg, 2, DISCO_NUMA_MIGRATE, 0x2), "numa: ... one below it moves");
	K.max_moves = 0;
	pg.moves = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0), "numa: max_moves 0: nothing moves");

	reset_knobs();
	K.cooldown = 3;
	pg = page(0, 0, 100, 0, 0);
	disco_numa_migrated(&K, &pg, 1);
	tap_result(pg.home == 1 && pg.copies == 0x2 && pg.moves == 1,
		   "numa: migrated: new home, one copy, one move");
	disco_numa_end_period(&K, &pg, 1);
	for (i = 0; i < 3; i++) {
		pg.misses[0] = 100;
		pg.misses[1] = 0;
		if (!is(&pg, 2, DISCO_NUMA_KEEP, 0))
			break;
		disco_numa_end_period(&K, &pg, 2 + i);
	}
	tap_result(i == 3, "numa: a moved page sits out cooldown (3) periods");
	pg.misses[0] = 100;
	pg.misses[1] = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_MIGRATE, 0x1),
		   "numa: ... and may move again after them");

	reset_knobs();
	pg = page(0, 0, 0, 0, 0);
	disco_numa_replicated(&K, &pg, 0x6);
	tap_result(pg.home == 0 && pg.copies == 0x7 && pg.moves == 1 && pg.rest,
		   "numa: replicated: copies added, home kept, one move, resting");
	pg.rest = 0;
	disco_numa_replicated(&K, &pg, 0x2);
	tap_result(pg.moves == 1 && !pg.rest,
		   "numa: replicating onto nodes that hold copies changes nothing");
}

static void collapse(void)
{
	struct disco_numa_page pg;
	unsigned int s;

	reset_knobs();
	pg = page(0, 10, 10, 10, 0);
	pg.copies = 0x7;
	s = disco_numa_collapse(&K, &pg, 2);
	tap_result(s == 2 && pg.home == 2 && pg.copies == 0x4,
		   "numa: collapse keeps the writer's own copy");
	tap_result(pg.quiet == 0 && pg.writers == 0x4 && pg.moves == 1 && pg.rest,
		   "numa: ... records the write, counts a move, rests");

	pg = page(1, 10, 10, 10, 10);
	pg.copies = 0x3;
	s = disco_numa_collapse(&K, &pg, 3);
	tap_result(s == 1 && pg.home == 1 && pg.copies == 0x2,
		   "numa: a writer without a copy: the home copy survives");

	pg = page(1, 0, 0, 0, 0);
	s = disco_numa_collapse(&K, &pg, 0);
	tap_result(s == 1 && pg.copies == 0x2 && !pg.moves &&
		   pg.quiet == DISCO_NUMA_QUIET_MAX,
		   "numa: collapsing a single copy changes nothing");

	/* The collapsed page is written: not replicated again at once. */
	pg = page(0, 40, 40, 0, 0);
	pg.copies = 0x3;
	disco_numa_collapse(&K, &pg, 1);
	pg.rest = 0;
	tap_result(is(&pg, 2, DISCO_NUMA_KEEP, 0),
		   "numa: a collapsed write-shared page is not replicated again");
}

/* Run @periods periods of @pattern (misses per node, alternating rows). */
static unsigned int moves_under(unsigned int periods, unsigned int rows,
				const unsigned int (*pattern)[2], u8 writes,
				unsigned int *last_move)
{
	struct disco_numa_page pg;
	unsigned int p, moves = 0;

	disco_numa_page_init(&pg, 0);
	*last_move = 0;
	for (p = 0; p < periods; p++) {
		if (run_period(&pg, 2, pattern[p % rows], writes, p + 1) !=
		    DISCO_NUMA_KEEP) {
			moves++;
			*last_move = p;
		}
	}
	return moves;
}

static void ping_pong(void)
{
	static const unsigned int alternate[2][2] = { { 40, 0 }, { 0, 40 } };
	static const unsigned int shared[1][2] = { { 30, 30 } };
	static const unsigned int uneven[1][2] = { { 15, 45 } };
	static unsigned int phase_rows[60][2];
	unsigned int m, last, p;

	reset_knobs();
	m = moves_under(200, 2, alternate, 0x3, &last);
	tap_result(m == 0, "numa: written, nodes alternating every period: no move (%u)", m);
	m = moves_under(200, 2, alternate, 0, &last);
	tap_result(m == 1, "numa: read-only, alternating: one replication, then kept (%u)", m);
	m = moves_under(200, 1, shared, 0x3, &last);
	tap_result(m == 0, "numa: write-shared 50/50 for 200 periods: no move (%u)", m);
	m = moves_under(200, 1, uneven, 0x3, &last);
	tap_result(m == 0, "numa: write-shared 25/75 (< share_pct): no move (%u)", m);

	/* No memory at all: only the cooldown and the cap hold it back. */
	K.decay_shift = 0;
	m = moves_under(200, 2, alternate, 0x3, &last);
	tap_result(m <= K.max_moves + 200 / K.move_decay,
		   "numa: decay_shift 0, alternating: moves bounded by the cap (%u)", m);
	K.move_decay = 0;
	m = moves_under(200, 2, alternate, 0x3, &last);
	tap_result(m == K.max_moves && last < 4 * (K.cooldown + 2),
		   "numa: ... and without forgiveness the cap stops it early (%u, last %u)",
		   m, last);

	/*
	 * A real phase change moves the page once, when the old node's
	 * decayed counts have fallen to 1 - share_pct of the total:
	 * (1 - 2^-decay_shift)^t <= 0.2, t = 2.3 periods at decay_shift 1,
	 * 12 at decay_shift 3 (the rounded-up loss makes it a little less).
	 */
	for (p = 0; p < 60; p++) {
		phase_rows[p][0] = p < 20 ? 40 : 0;
		phase_rows[p][1] = p < 20 ? 0 : 40;
	}
	reset_knobs();
	K.decay_shift = 1;
	m = moves_under(60, 60, (const unsigned int (*)[2])phase_rows, 0x3, &last);
	tap_result(m == 1 && last >= 20 && last <= 22,
		   "numa: decay_shift 1, written page changing node: one migration, %u periods late",
		   last - 20);
	reset_knobs();
	K.decay_shift = 3;
	m = moves_under(60, 60, (const unsigned int (*)[2])phase_rows, 0x3, &last);
	tap_result(m == 1 && last >= 20 && last <= 32,
		   "numa: decay_shift 3, the same: one migration, %u periods late",
		   last - 20);
}

void numa_policy_tests(void)
{
	knobs();
	page_state();
	end_period();
	thresholds();
	actions();
	switches();
	caps();
	collapse();
	ping_pong();
}
