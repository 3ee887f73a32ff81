// SPDX-License-Identifier: GPL-2.0
/*
 * numasim - the module's NUMA placement policy on a modelled machine.
 *
 * Runs each workload three times (first touch only; first touch and the
 * policy; the ideal placement) and prints a table in the manner of
 * Disco's Figure 8.  See bench/README.md, "NUMA placement simulator".
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "numasim.h"

static const struct {
	const char *name;
	size_t off;
} knob_names[] = {
#define KNOB(f) { #f, offsetof(struct disco_numa_knobs, f) }
	KNOB(period_ms), KNOB(sample_period), KNOB(hot_threshold),
	KNOB(share_pct), KNOB(user_pct), KNOB(max_moves), KNOB(move_decay),
	KNOB(cooldown), KNOB(write_quiet), KNOB(decay_shift),
	KNOB(moves_per_period), KNOB(migrate), KNOB(replicate),
#undef KNOB
};

static uint32_t *knob(struct disco_numa_knobs *k, unsigned int i)
{
	return (uint32_t *)((char *)k + knob_names[i].off);
}

static int set_knob(struct disco_numa_knobs *k, const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned int i;
	char *end;

	for (i = 0; eq && i < ARRAY_SIZE(knob_names); i++) {
		unsigned long v;

		if (strlen(knob_names[i].name) != (size_t)(eq - arg) ||
		    strncmp(knob_names[i].name, arg, eq - arg))
			continue;
		errno = 0;
		v = strtoul(eq + 1, &end, 0);
		if (errno || end == eq + 1 || *end || v > UINT32_MAX)
			break;
		*knob(k, i) = v;
		return 0;
	}
	fprintf(stderr, "numasim: bad knob setting '%s'\n", arg);
	return -1;
}

static void print_knobs(FILE *f, struct disco_numa_knobs *k)
{
	unsigned int i;

	fprintf(f, "knobs:");
	for (i = 0; i < ARRAY_SIZE(knob_names); i++)
		fprintf(f, " %s=%u", knob_names[i].name, *knob(k, i));
	fprintf(f, "\n");
}

/*
 * Latencies from a SLIT: one line of distances per node, as in
 * /sys/devices/system/node/nodeN/distance ("host" reads those).
 */
static int read_slit(struct machine *m, const char *arg, u64 local_ns)
{
	unsigned int d[DISCO_NUMA_MAX_NODES][DISCO_NUMA_MAX_NODES];
	bool host = !strcmp(arg, "host");
	unsigned int i, j, rows = 0;
	FILE *f = host ? NULL : fopen(arg, "r");
	char path[96];

	for (i = 0; i < m->nodes && (host || f); i++) {
		if (host) {
			snprintf(path, sizeof(path),
				 "/sys/devices/system/node/node%u/distance", i);
			f = fopen(path, "r");
			if (!f)
				break;
		}
		for (j = 0; j < m->nodes; j++)
			if (fscanf(f, "%u", &d[i][j]) != 1 || !d[i][j])
				break;
		if (host)
			fclose(f);
		if (j < m->nodes)
			break;
		rows++;
	}
	if (!host && f)
		fclose(f);
	if (rows < m->nodes) {
		fprintf(stderr, "numasim: SLIT %s: need %u x %u distances, got %u rows\n",
			arg, m->nodes, m->nodes, rows);
		return -1;
	}
	for (i = 0; i < m->nodes; i++)
		for (j = 0; j < m->nodes; j++)
			m->lat_ns[i][j] = local_ns * d[i][j] / d[i][i];
	return 0;
}

static int parse_u64s(const char *arg, u64 *v, unsigned int n)
{
	unsigned int i;
	char *end;

	for (i = 0; i < n; i++) {
		errno = 0;
		v[i] = strtoull(arg, &end, 0);
		if (errno || end == arg)
			return -1;
		if (i + 1 < n) {
			if (*end != ',')
				return -1;
			arg = end + 1;
		}
	}
	return *end ? -1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
"usage: numasim [options] [WORKLOAD|TRACE-FILE ...]\n"
"workloads: engineering eng-1init raytrace write-shared (default: all);\n"
"  any other argument is read as a trace file (format: workload.c)\n"
"  -n NODES        nodes (2, at most %u)\n"
"  -c CPUS         CPUs per node (4)\n"
"  -a N            accesses per CPU in the main phase (4000000)\n"
"  -t ENTRIES      TLB entries per CPU, one 16 KiB page each (64)\n"
"  -l LOCAL,REMOTE memory latency, ns (300,900: Disco's FLASH)\n"
"  -S FILE|host    latencies LOCAL x distance / local distance, from a SLIT\n"
"                  (one row per node, as /sys/devices/system/node/nodeN/distance)\n"
"  -T NS           compute between two memory accesses (1000)\n"
"  -m M,R,C,S      costs, ns: migration, replica, collapse, sample\n"
"                  (85000,65000,20000,300)\n"
"  -k KNOB=VALUE   set a policy knob (repeatable; -K lists them)\n"
"  -s SEED         seed of the synthetic workloads and the TLBs (1)\n"
"  -d FILE         write the first synthetic workload as a trace file, exit\n"
"  -K              print the knobs and exit\n"
"  -v              print every period of the policy runs (stderr)\n", DISCO_NUMA_MAX_NODES);
	exit(2);
}

struct opts {
	struct machine m;
	struct disco_numa_knobs k;
	u64 accesses;
	const char *slit;
	const char *dump;
	u64 lat[2];
};

static struct source *make_source(const char *w, struct opts *o)
{
	struct gen_params p = {
		.nr_cpus = o->m.nodes * o->m.cpus_per_node,
		.cpus_per_node = o->m.cpus_per_node,
		.accesses = o->accesses,
		.seed = o->m.seed,
	};

	if (!strcmp(w, "engineering"))
		return gen_engineering(&p, false);
	if (!strcmp(w, "eng-1init"))
		return gen_engineering(&p, true);
	if (!strcmp(w, "raytrace"))
		return gen_raytrace(&p);
	if (!strcmp(w, "write-shared"))
		return gen_write_shared(&p);
	return trace_open(w, &o->m.nodes, &o->m.cpus_per_node);
}

static const char *const place_name[NR_PLACE] = {
	[PLACE_OFF] = "off", [PLACE_ON] = "policy", [PLACE_IDEAL] = "ideal",
};

static double pct(u64 a, u64 b)
{
	return b ? 100.0 * a / b : 0;
}

static void print_row(const char *w, enum placement pl, const struct result *r,
		      const struct result *off)
{
	u64 base = off->stall_ns + off->overhead_ns;

	printf("%-13s %-7s %6.1f %7.1f %6.1f %7.1f %6.1f %6llu %6llu %6llu\n",
	       pl == PLACE_OFF ? w : "", place_name[pl], pct(r->local, r->accesses),
	       pct(r->stall_ns, base), pct(r->overhead_ns, base),
	       pct(r->stall_ns + r->overhead_ns, base), pct(r->run_ns, off->run_ns),
	       (unsigned long long)r->migrations,
	       (unsigned long long)r->replications,
	       (unsigned long long)r->collapses);
}

static int run_workload(struct source *src, struct opts *o)
{
	struct result r[NR_PLACE];
	struct oracle orc = { .nr_pages = src->nr_pages };
	double vs_ideal;
	int ret = -1;

	orc.count = calloc(src->nr_pages, sizeof(*orc.count));
	orc.written = calloc(src->nr_pages, 1);
	if (!orc.count || !orc.written ||
	    simulate(&o->m, &o->k, src, PLACE_OFF, &orc, &r[PLACE_OFF]) ||
	    simulate(&o->m, &o->k, src, PLACE_IDEAL, &orc, &r[PLACE_IDEAL]) ||
	    simulate(&o->m, &o->k, src, PLACE_ON, &orc, &r[PLACE_ON])) {
		fprintf(stderr, "numasim: out of memory\n");
		goto out;
	}
	print_row(src->name, PLACE_OFF, &r[PLACE_OFF], &r[PLACE_OFF]);
	print_row(src->name, PLACE_ON, &r[PLACE_ON], &r[PLACE_OFF]);
	print_row(src->name, PLACE_IDEAL, &r[PLACE_IDEAL], &r[PLACE_OFF]);
	vs_ideal = (double)(r[PLACE_ON].stall_ns + r[PLACE_ON].overhead_ns) /
		   (r[PLACE_IDEAL].stall_ns + r[PLACE_IDEAL].overhead_ns);
	printf("%-21s policy: %.1f%% local, stall+ovh %.2fx ideal, %llu samples, %llu periods\n",
	       "", pct(r[PLACE_ON].local, r[PLACE_ON].accesses), vs_ideal,
	       (unsigned long long)r[PLACE_ON].samples,
	       (unsigned long long)r[PLACE_ON].periods);
	ret = 0;
out:
	free(orc.count);
	free(orc.written);
	return ret;
}

static void print_setup(const struct opts *o)
{
	const struct machine *m = &o->m;
	unsigned int i, j;

	printf("numasim: %u nodes x %u CPUs, TLB %u x 16 KiB, compute %llu ns/access, %llu accesses/CPU, seed %llu\n",
	       m->nodes, m->cpus_per_node, m->tlb_entries,
	       (unsigned long long)m->think_ns,
	       (unsigned long long)o->accesses, (unsigned long long)m->seed);
	printf("latency ns (from node x to node y):");
	for (i = 0; i < m->nodes; i++) {
		printf(i ? "; " : " ");
		for (j = 0; j < m->nodes; j++)
			printf("%s%llu", j ? "," : "",
			       (unsigned long long)m->lat_ns[i][j]);
	}
	printf("\ncosts: migration %llu ns, replica %llu ns, collapse %llu ns, sample %llu ns\n",
	       (unsigned long long)m->migrate_ns,
	       (unsigned long long)m->replicate_ns,
	       (unsigned long long)m->collapse_ns,
	       (unsigned long long)m->sample_ns);
	print_knobs(stdout, (struct disco_numa_knobs *)&o->k);
	printf("\n%-13s %-7s %6s %7s %6s %7s %6s %6s %6s %6s\n", "workload",
	       "place", "local%", "stall", "+ovh", "=total", "run", "migr",
	       "repl", "coll");
}

static bool machine_ok(const struct machine *m)
{
	if (m->nodes >= 1 && m->nodes <= DISCO_NUMA_MAX_NODES &&
	    m->cpus_per_node >= 1 && m->nodes * m->cpus_per_node <= MAX_CPUS &&
	    m->tlb_entries >= 1 && m->tlb_entries <= MAX_TLB)
		return true;
	fprintf(stderr, "numasim: need 1-%u nodes, 1-%u CPUs, 1-%u TLB entries\n",
		DISCO_NUMA_MAX_NODES, MAX_CPUS, MAX_TLB);
	return false;
}

static void set_latencies(struct opts *o)
{
	unsigned int i, j;

	for (i = 0; i < DISCO_NUMA_MAX_NODES; i++)
		for (j = 0; j < DISCO_NUMA_MAX_NODES; j++)
			o->m.lat_ns[i][j] = o->lat[i != j];
}

int main(int argc, char **argv)
{
	static const char *const all[] = {
		"engineering", "eng-1init", "raytrace", "write-shared",
	};
	struct opts o = {
		.m = {
			.nodes = 2, .cpus_per_node = 4, .tlb_entries = 64,
			.think_ns = 1000, .migrate_ns = 85000,
			.replicate_ns = 65000, .collapse_ns = 20000,
			.sample_ns = 300, .seed = 1,
		},
		.accesses = 4000000,
		.lat = { 300, 900 },
	};
	const char *const *work;
	unsigned int nr_work, i;
	struct machine base;
	u64 costs[4];
	int c, rc = 0;

	disco_numa_default_knobs(&o.k);
	while ((c = getopt(argc, argv, "n:c:a:t:l:S:T:m:k:s:d:Kvh")) != -1) {
		switch (c) {
		case 'n':
			o.m.nodes = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			o.m.cpus_per_node = strtoul(optarg, NULL, 0);
			break;
		case 'a':
			o.accesses = strtoull(optarg, NULL, 0);
			break;
		case 't':
			o.m.tlb_entries = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			if (parse_u64s(optarg, o.lat, 2))
				usage();
			break;
		case 'S':
			o.slit = optarg;
			break;
		case 'T':
			o.m.think_ns = strtoull(optarg, NULL, 0);
			break;
		case 'm':
			if (parse_u64s(optarg, costs, 4))
				usage();
			o.m.migrate_ns = costs[0];
			o.m.replicate_ns = costs[1];
			o.m.collapse_ns = costs[2];
			o.m.sample_ns = costs[3];
			break;
		case 'k':
			if (set_knob(&o.k, optarg))
				return 2;
			break;
		case 's':
			o.m.seed = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			o.dump = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'K':
			print_knobs(stdout, &o.k);
			return 0;
		default:
			usage();
		}
	}
	if (disco_numa_knobs_check(&o.k)) {
		fprintf(stderr, "numasim: knobs out of range (policy_core.h)\n");
		return 2;
	}
	work = argc > optind ? (const char *const *)argv + optind : all;
	nr_work = argc > optind ? (unsigned int)(argc - optind) :
		  ARRAY_SIZE(all);

	base = o.m;
	for (i = 0; i < nr_work; i++) {
		struct source *src;

		o.m = base;	/* what a trace file said was for that file */
		if (!machine_ok(&o.m))
			return 2;
		set_latencies(&o);
		src = make_source(work[i], &o);
		if (!src)
			return 1;
		if (!machine_ok(&o.m))	/* a trace file may say otherwise */
			return 2;
		if (o.slit && read_slit(&o.m, o.slit, o.lat[0]))
			return 2;
		if (o.dump) {
			FILE *f = fopen(o.dump, "w");

			if (!f || trace_dump(src, &o.m, f) || fclose(f)) {
				fprintf(stderr, "numasim: cannot dump %s to %s\n",
					src->name, o.dump);
				return 1;
			}
			source_free(src);
			return 0;
		}
		if (i == 0)
			print_setup(&o);
		if (run_workload(src, &o))
			rc = 1;
		source_free(src);
	}
	return rc;
}
