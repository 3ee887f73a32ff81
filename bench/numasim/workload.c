// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads: three synthetic generators (per-CPU streams, deterministic
 * for a seed) and trace files.
 *
 * Trace file format: one event per line, '#' starts a comment.
 *
 *	nodes N			optional, before the first access
 *	cpus_per_node M		optional, before the first access
 *	CPU PAGE r|w		an access by CPU (node = CPU / M) to guest
 *				page PAGE (decimal or 0x hex; any numbering,
 *				16 KiB pages assumed); r read, w write
 *	barrier			end of a phase: every CPU waits for the last
 *
 * The ideal placement looks at the last phase only (sim.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "numasim.h"

enum kind {
	ENGINEERING,
	ENGINEERING_SINGLE,
	RAYTRACE,
	WRITE_SHARED,
};

/* Sizes in 16 KiB pages, chosen well beyond a 64-entry TLB's reach. */
#define ENG_PRIVATE	256	/* per CPU: 4 MiB */
#define ENG_TEXT	64	/* shared, read-only after loading */
#define ENG_TEXT_PCT	10	/* of the accesses */
#define ENG_WRITE_PCT	30	/* of the private accesses */
#define RT_SCENE	2048	/* 32 MiB, read by every CPU */
#define RT_PRIVATE	16	/* per CPU: stack and frame-buffer tile */
#define RT_SCENE_PCT	85
#define RT_WRITE_PCT	50	/* of the private accesses */
#define WS_PAGES	128
#define WS_WRITE_PCT	40

struct syn {
	struct source s;
	enum kind kind;
	struct gen_params p;
	u64 rng[MAX_CPUS];
	u64 done[MAX_CPUS];		/* accesses issued in cur[cpu] */
	unsigned int cur[MAX_CPUS];
};

static void syn_rewind(struct source *src)
{
	struct syn *g = src->priv;
	unsigned int cpu;

	for (cpu = 0; cpu < g->p.nr_cpus; cpu++) {
		g->rng[cpu] = g->p.seed * 0x100000001b3ULL + cpu;
		g->done[cpu] = 0;
		g->cur[cpu] = 0;
	}
}

/* Skewed towards 0: index n * u^2, u uniform (half the picks in [0, n/4)). */
static unsigned int skewed(u64 *rng, unsigned int n)
{
	double u = (rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);

	return (unsigned int)(n * u * u);
}

static bool percent(u64 *rng, unsigned int pct)
{
	return rng_below(rng, 100) < pct;
}

/*
 * Engineering: each CPU works on its own data, plus shared program text.
 * The data was first touched by a CPU of the next node (or, single_init,
 * all of it by CPU 0), so first touch puts it in the wrong place.
 */
static bool engineering(struct syn *g, unsigned int phase, unsigned int cpu,
			struct access *a)
{
	unsigned int cpus = g->p.nr_cpus;
	unsigned int text = cpus * ENG_PRIVATE;
	u64 i = g->done[cpu];
	u64 *rng = &g->rng[cpu];

	if (phase == 0) {
		u64 mine = g->kind == ENGINEERING_SINGLE ? 0 : ENG_PRIVATE;

		a->write = 1;
		if (g->kind == ENGINEERING_SINGLE && cpu == 0)
			mine = text;
		if (i < mine) {
			unsigned int owner = (cpu + g->p.cpus_per_node) % cpus;

			a->page = g->kind == ENGINEERING_SINGLE ? i :
				  owner * ENG_PRIVATE + i;
			return true;
		}
		if (cpu == 0 && i < mine + ENG_TEXT) {
			a->page = text + (i - mine);
			return true;
		}
		return false;
	}
	if (i >= g->p.accesses)
		return false;
	if (percent(rng, ENG_TEXT_PCT)) {
		a->page = text + skewed(rng, ENG_TEXT);
		a->write = 0;
	} else {
		a->page = cpu * ENG_PRIVATE + skewed(rng, ENG_PRIVATE);
		a->write = percent(rng, ENG_WRITE_PCT);
	}
	return true;
}

/*
 * Raytrace: CPU 0 loads a large scene, then every CPU reads it; each CPU
 * also writes a few private pages it touched first itself.
 */
static bool raytrace(struct syn *g, unsigned int phase, unsigned int cpu,
		     struct access *a)
{
	u64 i = g->done[cpu];
	u64 *rng = &g->rng[cpu];
	uint32_t priv = RT_SCENE + cpu * RT_PRIVATE;

	if (phase == 0) {
		a->write = 1;
		if (i < RT_PRIVATE) {
			a->page = priv + i;
			return true;
		}
		if (cpu == 0 && i < RT_PRIVATE + 2 * RT_SCENE) {
			a->page = (i - RT_PRIVATE) / 2;
			return true;
		}
		return false;
	}
	if (i >= g->p.accesses)
		return false;
	if (percent(rng, RT_SCENE_PCT)) {
		a->page = skewed(rng, RT_SCENE);
		a->write = 0;
	} else {
		a->page = priv + rng_below(rng, RT_PRIVATE);
		a->write = percent(rng, RT_WRITE_PCT);
	}
	return true;
}

/*
 * Write-shared: every CPU reads and writes the same pages, which the first
 * CPU of each node made in turn (interleaved), so that no node runs faster
 * than another and no page has a better place.
 */
static bool write_shared(struct syn *g, unsigned int phase, unsigned int cpu,
			 struct access *a)
{
	unsigned int cpn = g->p.cpus_per_node;
	unsigned int nodes = g->p.nr_cpus / cpn;
	u64 i = g->done[cpu];
	u64 *rng = &g->rng[cpu];

	if (phase == 0) {
		u64 page = i * nodes + cpu / cpn;

		if (cpu % cpn || page >= WS_PAGES)
			return false;
		a->page = page;
		a->write = 1;
		return true;
	}
	if (i >= g->p.accesses)
		return false;
	a->page = rng_below(rng, WS_PAGES);
	a->write = percent(rng, WS_WRITE_PCT);
	return true;
}

static bool syn_next(struct source *src, unsigned int phase, unsigned int cpu,
		     struct access *a)
{
	struct syn *g = src->priv;
	bool more;

	if (g->cur[cpu] != phase) {
		g->cur[cpu] = phase;
		g->done[cpu] = 0;
	}
	switch (g->kind) {
	case ENGINEERING:
	case ENGINEERING_SINGLE:
		more = engineering(g, phase, cpu, a);
		break;
	case RAYTRACE:
		more = raytrace(g, phase, cpu, a);
		break;
	default:
		more = write_shared(g, phase, cpu, a);
		break;
	}
	if (more)
		g->done[cpu]++;
	return more;
}

static struct source *syn_new(const struct gen_params *p, enum kind kind,
			      const char *name, unsigned int nr_pages)
{
	struct syn *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->kind = kind;
	g->p = *p;
	g->s.name = name;
	g->s.nr_pages = nr_pages;
	g->s.nr_phases = 2;
	g->s.next = syn_next;
	g->s.rewind = syn_rewind;
	g->s.priv = g;
	syn_rewind(&g->s);
	return &g->s;
}

struct source *gen_engineering(const struct gen_params *p, bool single_init)
{
	return syn_new(p, single_init ? ENGINEERING_SINGLE : ENGINEERING,
		       single_init ? "eng-1init" : "engineering",
		       p->nr_cpus * ENG_PRIVATE + ENG_TEXT);
}

struct source *gen_raytrace(const struct gen_params *p)
{
	return syn_new(p, RAYTRACE, "raytrace",
		       RT_SCENE + p->nr_cpus * RT_PRIVATE);
}

struct source *gen_write_shared(const struct gen_params *p)
{
	return syn_new(p, WRITE_SHARED, "write-shared", WS_PAGES);
}

/* ---- trace files ------------------------------------------------------ */

#define TEV_BARRIER	0xffffffffU

struct tev {
	uint32_t cpu;			/* TEV_BARRIER: a barrier */
	uint32_t page;
	uint8_t write;
};

struct trace {
	struct source s;
	char name[64];
	struct tev *ev;
	size_t nr, cap, pos;
	u64 *keys;			/* guest page + 1, open addressing */
	uint32_t *ids;
	size_t hsize;
};

static enum ev trace_next(struct source *src, unsigned int *cpu,
			  struct access *a)
{
	struct trace *t = src->priv;
	struct tev *e;

	if (t->pos >= t->nr)
		return EV_END;
	e = &t->ev[t->pos++];
	if (e->cpu == TEV_BARRIER)
		return EV_BARRIER;
	*cpu = e->cpu;
	a->page = e->page;
	a->write = e->write;
	return EV_ACCESS;
}

static void trace_rewind(struct source *src)
{
	struct trace *t = src->priv;

	t->pos = 0;
}

static int trace_grow_map(struct trace *t)
{
	size_t old = t->hsize, i, size = old ? old * 2 : 4096;
	u64 *keys = calloc(size, sizeof(*keys));
	uint32_t *ids = calloc(size, sizeof(*ids));

	if (!keys || !ids) {
		free(keys);
		free(ids);
		return -1;
	}
	for (i = 0; i < old; i++) {
		size_t h;

		if (!t->keys[i])
			continue;
		h = (t->keys[i] * 0x9e3779b97f4a7c15ULL) & (size - 1);
		while (keys[h])
			h = (h + 1) & (size - 1);
		keys[h] = t->keys[i];
		ids[h] = t->ids[i];
	}
	free(t->keys);
	free(t->ids);
	t->keys = keys;
	t->ids = ids;
	t->hsize = size;
	return 0;
}

/* The dense index of guest page @gpage, new ones numbered in order. */
static int trace_page(struct trace *t, u64 gpage, uint32_t *id)
{
	u64 key = gpage + 1;
	size_t h;

	if ((t->s.nr_pages + 1) * 2 > t->hsize && trace_grow_map(t))
		return -1;
	h = (key * 0x9e3779b97f4a7c15ULL) & (t->hsize - 1);
	while (t->keys[h] && t->keys[h] != key)
		h = (h + 1) & (t->hsize - 1);
	if (!t->keys[h]) {
		t->keys[h] = key;
		t->ids[h] = t->s.nr_pages++;
	}
	*id = t->ids[h];
	return 0;
}

static int trace_push(struct trace *t, const struct tev *e)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 65536;
		struct tev *ev = realloc(t->ev, cap * sizeof(*ev));

		if (!ev)
			return -1;
		t->ev = ev;
		t->cap = cap;
	}
	t->ev[t->nr++] = *e;
	return 0;
}

static int trace_line(struct trace *t, char *line, unsigned int *nodes,
		      unsigned int *cpn, unsigned int *max_cpu)
{
	char *hash = strchr(line, '#'), *end, rw;
	unsigned long long cpu, gpage;
	unsigned int v;
	struct tev e;

	if (hash)
		*hash = 0;
	while (isspace((unsigned char)*line))
		line++;
	if (!*line)
		return 0;
	if (!strncmp(line, "barrier", 7)) {
		e = (struct tev){ .cpu = TEV_BARRIER };
		t->s.nr_phases++;
		return trace_push(t, &e);
	}
	if (sscanf(line, "nodes %u", &v) == 1) {
		*nodes = v;
		return t->nr ? -1 : 0;
	}
	if (sscanf(line, "cpus_per_node %u", &v) == 1) {
		*cpn = v;
		return t->nr ? -1 : 0;
	}
	errno = 0;
	cpu = strtoull(line, &end, 0);
	if (end == line || errno || cpu >= MAX_CPUS)
		return -1;
	line = end;
	gpage = strtoull(line, &end, 0);
	if (end == line || errno)
		return -1;
	if (sscanf(end, " %c", &rw) != 1 || (rw != 'r' && rw != 'w'))
		return -1;
	e.cpu = cpu;
	e.write = rw == 'w';
	if (trace_page(t, gpage, &e.page))
		return -1;
	if (cpu > *max_cpu)
		*max_cpu = cpu;
	return trace_push(t, &e);
}

/**
 * trace_open - load a trace file.
 *
 * @nodes and @cpus_per_node come in as the defaults and go out as the
 * file's, if it says.  Returns NULL (with a message) on errors.
 */
struct source *trace_open(const char *path, unsigned int *nodes,
			  unsigned int *cpus_per_node)
{
	struct trace *t = calloc(1, sizeof(*t));
	unsigned int lineno = 0, max_cpu = 0;
	const char *base = strrchr(path, '/');
	FILE *f = NULL;
	char line[256];

	if (!t)
		return NULL;
	snprintf(t->name, sizeof(t->name), "%s", base ? base + 1 : path);
	t->s.name = t->name;
	t->s.nr_phases = 1;
	t->s.next_ordered = trace_next;
	t->s.rewind = trace_rewind;
	t->s.priv = t;
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "numasim: %s: %s\n", path, strerror(errno));
		goto fail;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (trace_line(t, line, nodes, cpus_per_node, &max_cpu)) {
			fprintf(stderr, "numasim: %s:%u: bad line\n", path, lineno);
			goto fail;
		}
	}
	fclose(f);
	f = NULL;
	if (max_cpu >= *nodes * *cpus_per_node) {
		fprintf(stderr, "numasim: %s: CPU %u but only %u nodes x %u CPUs\n",
			path, max_cpu, *nodes, *cpus_per_node);
		goto fail;
	}
	if (!t->s.nr_pages) {
		fprintf(stderr, "numasim: %s: no accesses\n", path);
		goto fail;
	}
	return &t->s;
fail:
	if (f)
		fclose(f);
	source_free(&t->s);
	return NULL;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	if (s->next_ordered) {
		struct trace *t = s->priv;

		free(t->ev);
		free(t->keys);
		free(t->ids);
	}
	free(s->priv);
}

/**
 * trace_dump - write a synthetic workload as a trace file.
 *
 * The CPUs' streams are interleaved round-robin, one access each.
 */
int trace_dump(struct source *s, const struct machine *m, FILE *out)
{
	unsigned int cpus = m->nodes * m->cpus_per_node, phase;

	if (!s->next)
		return -1;
	s->rewind(s);
	fprintf(out, "# numasim %s, seed %llu\nnodes %u\ncpus_per_node %u\n",
		s->name, (unsigned long long)m->seed, m->nodes,
		m->cpus_per_node);
	for (phase = 0; phase < s->nr_phases; phase++) {
		u64 active = cpus == 64 ? ~0ULL : (1ULL << cpus) - 1;

		if (phase)
			fprintf(out, "barrier\n");
		while (active) {
			u64 a;

			for (a = active; a; a &= a - 1) {
				unsigned int cpu = __builtin_ctzll(a);
				struct access acc;

				if (!s->next(s, phase, cpu, &acc)) {
					active &= ~(1ULL << cpu);
					continue;
				}
				fprintf(out, "%u %#x %c\n", cpu, acc.page,
					acc.write ? 'w' : 'r');
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
