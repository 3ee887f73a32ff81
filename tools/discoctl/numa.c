// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: NUMA placement options and the per-node view of a VM.
 *
 * Node arguments are checked against the host's topology as the kernel
 * publishes it (/sys/devices/system/node/has_memory and has_cpu, the lists
 * libnuma reads too), so a typo gets a message naming the nodes there are
 * rather than a bare errno.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/disco.h>

#include "discoctl.h"

#define NODE_DIR	"/sys/devices/system/node/"

/* Is @node in the kernel's node list @file ("0-1,3")?  -1: unreadable. */
static int in_node_list(const char *file, unsigned int node, char *list,
			size_t len)
{
	FILE *f = fopen(file, "r");
	char *p, *end;

	if (!f)
		return -1;
	if (!fgets(list, len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	list[strcspn(list, "\n")] = '\0';
	for (p = list; *p; p = end + (*end == ',')) {
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (end == p)
			break;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (node >= lo && node <= hi)
			return 1;
	}
	return 0;
}

/**
 * parse_node - a --membind/--cpunodebind argument, checked on this host.
 * @cmd:	the command, for messages
 * @opt:	the option's name
 * @s:		its value
 * @what:	"memory" or "cpu": the node must have it
 *
 * Return: the node; exits with EXIT_USAGE if it is not usable.
 */
unsigned int parse_node(const struct cmd *cmd, const char *opt, const char *s,
			const char *what)
{
	unsigned int node = parse_uint(cmd, opt, s, 0, DISCO_NUMA_MAX_NODES - 1);
	char file[128], list[256];
	int ok;

	snprintf(file, sizeof(file), NODE_DIR "has_%s", what);
	ok = in_node_list(file, node, list, sizeof(list));
	if (ok < 0)
		return node;	/* no NUMA information: the kernel decides */
	if (!ok)
		usage_error(cmd, "%s %u: no such node with %s on this host (nodes with %s: %s)",
			    opt, node, what, what, list);
	return node;
}

/* The NUMA part of "discoctl stats". */
void print_numa(int vm)
{
	struct disco_numa_info n;
	unsigned int i;

	memset(&n, 0, sizeof(n));
	if (ioctl(vm, DISCO_VM_GET_NUMA, &n) < 0)
		return;
	printf("numa policy              %12s\n",
	       n.flags & DISCO_NUMA_POLICY ? "on" : "off");
	for (i = 0; i < n.nr_nodes && i < DISCO_NUMA_MAX_NODES; i++)
		printf("  node %u pages/replicas  %12llu %llu\n", i,
		       (unsigned long long)n.pages[i],
		       (unsigned long long)n.replicas[i]);
	printf("%-24s %12llu\n", "migrations", (unsigned long long)n.migrations);
	printf("%-24s %12llu\n", "replications", (unsigned long long)n.replications);
	printf("%-24s %12llu\n", "collapses", (unsigned long long)n.collapses);
	printf("%-24s %12llu\n", "numa samples", (unsigned long long)n.samples);
	printf("%-24s %12llu\n", "  of them local", (unsigned long long)n.local_samples);
	printf("%-24s %12llu\n", "move failures", (unsigned long long)n.move_failures);
}
