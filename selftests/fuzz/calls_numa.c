// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's NUMA ioctls (DISCO_VM_GET_NUMA, DISCO_VM_SET_NUMA,
 * DISCO_VM_MOVE_PAGE), the host's node topology, and the model of each
 * VM's pages they rest on: which pages may have or surely have read-only
 * copies, which node holds each primary copy, the daemon's switch, and the
 * move counters the kernel must report.
 *
 * What the model cannot know it marks unknown rather than guess: a guest
 * write (DISCO_VM_RUN, the racer, LOAD_RAW, LOAD_ELF) collapses replicated
 * pages it touches, and on a host with two nodes with memory the daemon
 * may move any page of a VM whose policy was ever on.  On the one-node
 * stock tier nothing ever has a copy, so every expectation is exact: a
 * MIGRATE of a valid page succeeds (and really moves it, to a fresh page
 * on node 0), REPLICATE to node 0 is a no-op, and the counters are known.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* ---- the host's nodes ---------------------------------------------------- */

/* A node list as sysfs prints it ("0", "0-1", "0,2-3") as a mask of 0..3. */
static unsigned int read_nodes(const char *what, unsigned int *last)
{
	char path[96], buf[128], *p;
	unsigned int mask = 0;
	unsigned long lo, hi;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/%s", what);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		*last = 0;
		return 1;	/* no NUMA in the kernel: node 0 has everything */
	}
	fclose(f);
	*last = 0;
	for (p = buf; *p >= '0' && *p <= '9';) {
		lo = strtoul(p, &p, 10);
		hi = lo;
		if (*p == '-')
			hi = strtoul(p + 1, &p, 10);
		for (; lo <= hi; lo++)
			if (lo < DISCO_NUMA_MAX_NODES)
				mask |= 1U << lo;
		if (hi > *last)
			*last = hi;
		if (*p != ',')
			break;
		p++;
	}
	return mask;
}

void fz_numa_topology(struct fuzz *fz)
{
	unsigned int last, n;

	fz->mem_nodes = read_nodes("has_memory", &last);
	fz->cpu_nodes = read_nodes("has_cpu", &last);
	read_nodes("possible", &last);
	fz->nr_node_ids = last + 1 < DISCO_NUMA_MAX_NODES ? last + 1 : DISCO_NUMA_MAX_NODES;
	for (n = 0; n < DISCO_NUMA_MAX_NODES; n++)
		fz->nr_mem_nodes += !!(fz->mem_nodes & 1U << n);
}

bool fz_node_mem(struct fuzz *fz, __u32 node)
{
	return node < DISCO_NUMA_MAX_NODES && (fz->mem_nodes & 1U << node);
}

bool fz_node_cpu(struct fuzz *fz, __u32 node)
{
	return node < DISCO_NUMA_MAX_NODES && (fz->cpu_nodes & 1U << node);
}

/* A node in @mask, or 0 if it is empty. */
static __u32 node_in(unsigned int mask)
{
	unsigned int n, k = 0, nodes[DISCO_NUMA_MAX_NODES];

	for (n = 0; n < DISCO_NUMA_MAX_NODES; n++)
		if (mask & 1U << n)
			nodes[k++] = n;
	return k ? nodes[rndn(k)] : 0;
}

/* A node that is no good: past the limit, without memory/CPUs, huge. */
static __u32 bad_node(unsigned int good)
{
	static const __u32 bad[] = {
		DISCO_NUMA_MAX_NODES, DISCO_NUMA_MAX_NODES + 1, 0x7fffffff, 0x80000000,
		0xffffffff, 64, 1024,
	};
	unsigned int missing = ~good & ((1U << DISCO_NUMA_MAX_NODES) - 1);

	if (missing && chance(40))
		return node_in(missing);
	return chance(80) ? bad[rndn(sizeof(bad) / sizeof(bad[0]))] : (__u32)fz_boundary();
}

/* Placement flags and nodes for a CREATE_VM: mostly (@valid: only) good ones. */
void fz_pick_nodes(struct fuzz *fz, struct disco_vm_create *c, bool valid)
{
	unsigned int good = valid ? 100 : 90;

	c->flags = 0;
	if (chance(valid ? 50 : 25))
		c->flags |= DISCO_VM_COMMPAGE;
	if (chance(30))
		c->flags |= DISCO_VM_MEMBIND;
	if (chance(25))
		c->flags |= DISCO_VM_CPUBIND;
	if (chance(35))
		c->flags |= DISCO_VM_NO_NUMA;
	c->mem_node = c->flags & DISCO_VM_MEMBIND ?
		      (chance(good) ? node_in(fz->mem_nodes) : bad_node(fz->mem_nodes)) : 0;
	c->cpu_node = c->flags & DISCO_VM_CPUBIND ?
		      (chance(good) ? node_in(fz->cpu_nodes) : bad_node(fz->cpu_nodes)) : 0;
}

/* ---- the model of a VM's pages ------------------------------------------- */

enum { PG_SINGLE, PG_REPL, PG_UNKNOWN };

/* Slot @s now holds the VM just created with @c. */
void fz_slot_init(struct fuzz *fz, int s, const struct disco_vm_create *c)
{
	struct slot *sl = &fz->slots[s];
	int home = -1;

	memset(sl, 0, sizeof(*sl));
	memcpy(sl->name, c->name, DISCO_NAME_MAX);
	sl->used = sl->live = true;
	sl->mem = c->mem_size;
	sl->max_vcpus = c->max_vcpus;
	sl->flags = c->flags;
	sl->mem_node = c->mem_node;
	sl->cpu_node = c->cpu_node;
	sl->policy = sl->policy_ever_on = !(c->flags & DISCO_VM_NO_NUMA);
	sl->policy_known = true;
	sl->counts_exact = true;
	if (c->flags & DISCO_VM_MEMBIND)
		home = c->mem_node;
	else if (fz->nr_mem_nodes == 1)
		home = node_in(fz->mem_nodes);
	memset(sl->home, home, sizeof(sl->home));
	fz->gen[s]++;
	fz->live++;
}

/* May the daemon move this VM's pages behind the fuzzer's back? */
static bool daemon_may(struct fuzz *fz, const struct slot *s)
{
	return fz->nr_mem_nodes > 1 && s->policy_ever_on;
}

static int page_state(struct fuzz *fz, const struct slot *s, __u64 pg)
{
	__u64 bit = 1ULL << pg;

	if (pg >= SLOT_PAGES || daemon_may(fz, s))
		return PG_UNKNOWN;
	if (!(s->maybe_repl & bit))
		return PG_SINGLE;
	if ((s->repl & bit) && !s->racing)
		return PG_REPL;
	return PG_UNKNOWN;
}

/* Are the move counters exactly what the fuzzer counted? */
static bool counts_exact(struct fuzz *fz, const struct slot *s)
{
	return s->counts_exact && !daemon_may(fz, s) && !(s->racing && s->maybe_repl);
}

/*
 * The guest or the host may have written [@gpa, @gpa + @size): a write
 * collapses a replicated page, keeping whichever copy the policy likes.
 */
void fz_numa_written(struct fuzz *fz, struct slot *s, __u64 gpa, __u64 size)
{
	__u64 pg, last;

	if (!s || !size || gpa >= s->mem)
		return;
	last = (size > s->mem - gpa ? s->mem - 1 : gpa + size - 1) / DISCO_PAGE_SIZE;
	for (pg = gpa / DISCO_PAGE_SIZE; pg <= last && pg < SLOT_PAGES; pg++) {
		if (!(s->maybe_repl & 1ULL << pg))
			continue;
		s->repl &= ~(1ULL << pg);
		s->home[pg] = -1;
		s->counts_exact = false;	/* a collapse may have been counted */
	}
}

/* A call with arguments the fuzzer cannot see succeeded: anything moved. */
static void numa_unknown(struct fuzz *fz, struct slot *s)
{
	s->counts_exact = false;
	if (fz->nr_mem_nodes < 2)
		return;
	s->maybe_repl = ~0ULL;
	s->repl = 0;
	memset(s->home, -1, sizeof(s->home));
}

/* Does the kernel see exactly the structure the fuzzer placed? */
static bool args_known(enum ptrkind kind)
{
	return kind == P_VALID || kind == P_MISALIGNED || kind == P_READONLY;
}

/* ---- DISCO_VM_GET_NUMA --------------------------------------------------- */

/* What the reply must say, from the model; "" if it says so. */
static void check_info(struct fuzz *fz, const struct slot *s,
		       const struct disco_numa_info *in, char *why, size_t n)
{
	__u64 sum = 0, known[DISCO_NUMA_MAX_NODES] = { 0 }, pg;
	__s32 mem_node = s->flags & DISCO_VM_MEMBIND ? (__s32)s->mem_node : -1;
	__s32 cpu_node = s->flags & DISCO_VM_CPUBIND ? (__s32)s->cpu_node : -1;
	bool exact = counts_exact(fz, s);
	unsigned int k;

	why[0] = '\0';
	for (k = 0; k < DISCO_NUMA_MAX_NODES; k++)
		sum += in->pages[k];
	for (pg = 0; pg < s->mem / DISCO_PAGE_SIZE && pg < SLOT_PAGES; pg++)
		if (s->home[pg] >= 0 && !(s->maybe_repl & 1ULL << pg) && !daemon_may(fz, s))
			known[(int)s->home[pg]]++;
	if (memchr_nonzero(in->reserved, sizeof(in->reserved)))
		snprintf(why, n, "reserved out fields not zero");
	else if (in->flags & ~DISCO_NUMA_POLICY)
		snprintf(why, n, "flags %#x", in->flags);
	else if (s->policy_known && in->flags != (s->policy ? DISCO_NUMA_POLICY : 0))
		snprintf(why, n, "flags %#x, policy set to %d", in->flags, s->policy);
	else if (in->nr_nodes != fz->nr_node_ids)
		snprintf(why, n, "nr_nodes %u, the host has %u", in->nr_nodes, fz->nr_node_ids);
	else if (in->mem_node != mem_node || in->cpu_node != cpu_node)
		snprintf(why, n, "mem_node %d cpu_node %d, created with %d %d",
			 in->mem_node, in->cpu_node, mem_node, cpu_node);
	else if (sum != s->mem / DISCO_PAGE_SIZE)
		snprintf(why, n, "pages[] sum to %llu, the VM has %llu",
			 (unsigned long long)sum, (unsigned long long)(s->mem / DISCO_PAGE_SIZE));
	if (why[0])
		return;
	for (k = 0; k < DISCO_NUMA_MAX_NODES; k++) {
		if (!fz_node_mem(fz, k) && (in->pages[k] || in->replicas[k]))
			snprintf(why, n, "node %u has no memory but %llu pages, %llu copies", k,
				 (unsigned long long)in->pages[k],
				 (unsigned long long)in->replicas[k]);
		else if (in->pages[k] < known[k])
			snprintf(why, n, "node %u: %llu pages, at least %llu are there", k,
				 (unsigned long long)in->pages[k], (unsigned long long)known[k]);
		else if (in->replicas[k] && !s->maybe_repl && !daemon_may(fz, s))
			snprintf(why, n, "node %u: %llu copies of pages never replicated", k,
				 (unsigned long long)in->replicas[k]);
		if (why[0])
			return;
	}
	if (in->migrations < s->migrations || in->replications < s->replications ||
	    in->collapses < s->collapses ||
	    (exact && (in->migrations != s->migrations || in->replications != s->replications ||
		       in->collapses != s->collapses)))
		snprintf(why, n, "migrations/replications/collapses %llu/%llu/%llu, the fuzzer made %llu/%llu/%llu%s",
			 (unsigned long long)in->migrations, (unsigned long long)in->replications,
			 (unsigned long long)in->collapses, (unsigned long long)s->migrations,
			 (unsigned long long)s->replications, (unsigned long long)s->collapses,
			 exact ? " (exactly)" : " (at least)");
	else if (in->samples && fz->nr_mem_nodes < 2)
		snprintf(why, n, "%llu samples, but nothing samples this VM",
			 (unsigned long long)in->samples);
}

void fz_get_numa(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_numa_info info, *arg;
	char desc[160], why[200];
	int r;

	memset(&info, 0, sizeof(info));
	/* Out-only fields: whatever they hold going in does not matter. */
	if (chance(40)) {
		unsigned char *b = (unsigned char *)&info.nr_nodes;
		size_t k;

		for (k = 0; k < offsetof(struct disco_numa_info, reserved) -
				offsetof(struct disco_numa_info, nr_nodes); k++)
			b[k] = rnd();
	}
	fz_mutate(&info, sizeof(info));
	if (info.flags || memchr_nonzero(info.reserved, sizeof(info.reserved)))
		fz_exp_err(&x, EINVAL);
	arg = fz_place(fz, kind, &info, sizeof(info));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(info), true);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_NUMA, arg);
	snprintf(desc, sizeof(desc), "arg %s %p flags %#x reserved %#llx,%#llx",
		 fz_ptrkind_name[kind], (void *)arg, info.flags,
		 (unsigned long long)info.reserved[0], (unsigned long long)info.reserved[1]);
	fz_check(fz, C_GET_NUMA, r, &x, desc);
	if (r || !s || (kind != P_VALID && kind != P_MISALIGNED))
		return;
	memcpy(&info, arg, sizeof(info));
	check_info(fz, s, &info, why, sizeof(why));
	if (why[0])
		fz_report(fz, C_GET_NUMA, r, "state", "VM %.32s (%s): %s", s->name,
			  s->live ? "live" : "destroyed", why);
}

/* ---- DISCO_VM_SET_NUMA --------------------------------------------------- */

void fz_set_numa(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_numa_set set = { 0 }, *arg;
	char desc[160];
	int r;

	set.flags = chance(50) ? DISCO_NUMA_POLICY : 0;
	fz_mutate(&set, sizeof(set));
	if ((set.flags & ~DISCO_NUMA_POLICY) || set.pad ||
	    memchr_nonzero(set.reserved, sizeof(set.reserved)))
		fz_exp_err(&x, EINVAL);
	arg = fz_place(fz, kind, &set, sizeof(set));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(set), false);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_SET_NUMA, arg);
	snprintf(desc, sizeof(desc), "arg %s %p flags %#x pad %#x reserved %#llx,%#llx",
		 fz_ptrkind_name[kind], (void *)arg, set.flags, set.pad,
		 (unsigned long long)set.reserved[0], (unsigned long long)set.reserved[1]);
	fz_check(fz, C_SET_NUMA, r, &x, desc);
	if (r || !s)
		return;
	if (!args_known(kind)) {
		s->policy_known = false;
		s->policy_ever_on = true;
		return;
	}
	s->policy = set.flags & DISCO_NUMA_POLICY;
	s->policy_known = true;
	s->policy_ever_on |= s->policy;
}

/* ---- DISCO_VM_MOVE_PAGE -------------------------------------------------- */

/* A page to move: often one the guests run in (the image), else any. */
static __u64 pick_page(struct fuzz *fz, const struct slot *s, __u64 pages)
{
	__u64 lo = GUEST_IMAGE_GPA / DISCO_PAGE_SIZE, hi = lo + 1;
	int k;

	for (k = 0; k < fz->nr_images; k++) {
		__u64 end = (fz->images[k].gpa_end + DISCO_PAGE_SIZE - 1) / DISCO_PAGE_SIZE;

		if (end > hi)
			hi = end;
	}
	if (hi > pages)
		hi = pages;
	if (hi > lo && chance(s && s->racing ? 85 : 50))
		return lo + rndn(hi - lo);
	return rndn(pages);
}

static bool op_valid(__u32 op)
{
	return op == DISCO_MOVE_MIGRATE || op == DISCO_MOVE_REPLICATE || op == DISCO_MOVE_COLLAPSE;
}

/* Guest page @gpa into @buf (DISCO_PAGE_SIZE bytes): a checked READ_RAW. */
static int read_page(struct fuzz *fz, int i, __u64 gpa, void *buf)
{
	struct expect ok = { .ok = true };
	struct disco_mem m = { .gpa = gpa, .size = DISCO_PAGE_SIZE,
			       .data = (__u64)(unsigned long)buf };
	int r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_READ_RAW, &m);

	fz_check(fz, C_READ_RAW, r, &ok, "a page around a move");
	return r;
}

/* What a move the kernel carried out did to the model. */
static void moved(struct fuzz *fz, struct slot *s, const struct disco_page_move *mv,
		  int state, int r)
{
	__u64 pg = mv->gpa / DISCO_PAGE_SIZE, bit = 1ULL << pg;

	if (pg >= SLOT_PAGES) {
		numa_unknown(fz, s);
		return;
	}
	if (r == -EBUSY) {
		s->maybe_repl |= bit;
		if (!s->racing)
			s->repl |= bit;
		return;
	}
	switch (mv->op) {
	case DISCO_MOVE_MIGRATE:
		s->maybe_repl &= ~bit;
		s->repl &= ~bit;
		s->home[pg] = mv->node;
		s->migrations++;
		break;
	case DISCO_MOVE_REPLICATE:
		if (s->home[pg] == (int)mv->node && !(s->maybe_repl & bit))
			break;		/* a copy on the page's own node is none */
		if (state == PG_SINGLE && s->home[pg] >= 0) {
			s->replications++;
			s->repl |= bit;
		} else {
			s->counts_exact = false;	/* made one, or had it */
		}
		s->maybe_repl |= bit;
		break;
	case DISCO_MOVE_COLLAPSE:
		if (state == PG_SINGLE)
			break;
		if (state == PG_REPL)
			s->collapses++;
		else
			s->counts_exact = false;
		s->maybe_repl &= ~bit;
		s->repl &= ~bit;
		s->home[pg] = -1;	/* the policy keeps the copy it likes */
		break;
	}
}

void fz_move_page(struct fuzz *fz, int i)
{
	static const __u32 bad_ops[] = { 0, 4, 5, 0xff, 0x80000001, 0xffffffff, 0x10002 };
	static const __u64 odd_gpas[] = {
		8, 4096, 8192, DISCO_PAGE_SIZE - 1, DISCO_PAGE_SIZE + 4096, 1ULL << 40,
		1ULL << 63, ~0ULL, ~(DISCO_PAGE_SIZE - 1), DISCO_MEM_MAX,
	};
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	__u64 mem = s ? s->mem : DISCO_MEM_MIN, pages = mem / DISCO_PAGE_SIZE;
	struct disco_page_move mv = { 0 }, *arg;
	int state = PG_UNKNOWN, r;
	unsigned int p = rndn(100), mig;
	bool mutated, verify;
	char desc[192];

	if (p < 80)
		mv.gpa = pick_page(fz, s, pages) * DISCO_PAGE_SIZE;
	else if (p < 88)	/* just past the end */
		mv.gpa = mem + DISCO_PAGE_SIZE * rndn(3);
	else if (p < 95)	/* inside RAM, not page aligned */
		mv.gpa = rndn(pages) * DISCO_PAGE_SIZE + 8 * (1 + rndn(DISCO_PAGE_SIZE / 8 - 1));
	else
		mv.gpa = chance(50) ? odd_gpas[rndn(sizeof(odd_gpas) / 8)] : rnd();
	/* With one node a copy is never made: most moves migrate, and copy. */
	mig = fz->nr_mem_nodes > 1 ? 50 : 75;
	p = rndn(100);
	if (p < mig)
		mv.op = DISCO_MOVE_MIGRATE;
	else if (p < mig + (93 - mig) / 2)
		mv.op = DISCO_MOVE_REPLICATE;
	else if (p < 93)
		mv.op = DISCO_MOVE_COLLAPSE;
	else
		mv.op = bad_ops[rndn(sizeof(bad_ops) / sizeof(bad_ops[0]))];
	if (mv.op == DISCO_MOVE_COLLAPSE)
		mv.node = chance(85) ? 0 : (chance(50) ? 1 + rndn(DISCO_NUMA_MAX_NODES) :
					    (__u32)fz_boundary());
	else
		mv.node = chance(88) ? node_in(fz->mem_nodes) : bad_node(fz->mem_nodes);
	if (chance(5))
		mv.reserved[rndn(2)] = chance(50) ? 1 : fz_boundary();
	mutated = chance(30) && fz_mutate(&mv, sizeof(mv));

	/* The documented order: arguments (EINVAL), the node, the page. */
	if (memchr_nonzero(mv.reserved, sizeof(mv.reserved)) || mv.gpa % DISCO_PAGE_SIZE ||
	    (s && mv.gpa >= s->mem) || !op_valid(mv.op) ||
	    (mv.op == DISCO_MOVE_COLLAPSE && mv.node)) {
		fz_exp_err(&x, EINVAL);
	} else {
		if (mv.op != DISCO_MOVE_COLLAPSE && !fz_node_mem(fz, mv.node)) {
			fz_exp_err(&x, ENODEV);
		} else {
			if (s)
				state = page_state(fz, s, mv.gpa / DISCO_PAGE_SIZE);
			if (mv.op == DISCO_MOVE_MIGRATE) {
				if (state == PG_REPL)
					fz_exp_err(&x, EBUSY);
				else if (state == PG_UNKNOWN)
					fz_exp_add(&x, EBUSY);
			}
			if (mv.op != DISCO_MOVE_COLLAPSE)
				fz_exp_add(&x, ENOMEM);	/* the node is full */
		}
		if (!s)
			fz_exp_add(&x, EINVAL);	/* the VM's size is unknown */
	}
	/* Now and then: the page must read the same after a move. */
	verify = s && !s->racing && mv.gpa < s->mem && x.ok && chance(10) &&
		 args_known(kind) && !read_page(fz, i, mv.gpa, fz->scratch);
	arg = fz_place(fz, kind, &mv, sizeof(mv));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(mv), false);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_MOVE_PAGE, arg);
	snprintf(desc, sizeof(desc),
		 "arg %s %p gpa %#llx op %u node %#x reserved %#llx,%#llx%s (VM %.32s mem %#llx, page %s)",
		 fz_ptrkind_name[kind], (void *)arg, (unsigned long long)mv.gpa, mv.op, mv.node,
		 (unsigned long long)mv.reserved[0], (unsigned long long)mv.reserved[1],
		 mutated ? " mutated" : "", s ? s->name : "?", (unsigned long long)mem,
		 state == PG_SINGLE ? "single" : state == PG_REPL ? "replicated" : "unknown");
	fz_check(fz, C_MOVE_PAGE, r, &x, desc);
	if (verify && !r && !read_page(fz, i, mv.gpa, fz->scratch + DISCO_PAGE_SIZE) &&
	    memcmp(fz->scratch, fz->scratch + DISCO_PAGE_SIZE, DISCO_PAGE_SIZE))
		fz_report(fz, C_MOVE_PAGE, r, "contents", "%s: the page changed", desc);
	if (!s || (r && r != -EBUSY))
		return;
	if (!args_known(kind)) {
		numa_unknown(fz, s);
		return;
	}
	if (!r) {
		fz->moves[mv.op]++;
		fz->moves_racing += s->racing;
	}
	moved(fz, s, &mv, state, r);
}
