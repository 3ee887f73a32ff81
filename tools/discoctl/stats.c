// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl stats: the monitor's counters for a VM or one vCPU.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/disco.h>

#include "discoctl.h"

/* Cause.ExcCode mnemonics, MIPS64 Release 2 (MD00091, table 9.38). */
static const char *const exc_names[32] = {
	[0] = "Int",	[1] = "Mod",	[2] = "TLBL",	[3] = "TLBS",
	[4] = "AdEL",	[5] = "AdES",	[6] = "IBE",	[7] = "DBE",
	[8] = "Sys",	[9] = "Bp",	[10] = "RI",	[11] = "CpU",
	[12] = "Ov",	[13] = "Tr",	[14] = "MSAFPE", [15] = "FPE",
	[18] = "C2E",	[19] = "TLBRI",	[20] = "TLBXI",	[21] = "MSADis",
	[22] = "MDMX",	[23] = "WATCH",	[24] = "MCheck", [25] = "Thread",
	[26] = "DSPDis", [27] = "GE",	[30] = "CacheErr",
};

static const char *const emul_names[DISCO_EMUL_NR] = {
	[DISCO_EMUL_MFC0] = "mfc0",	[DISCO_EMUL_MTC0] = "mtc0",
	[DISCO_EMUL_DMFC0] = "dmfc0",	[DISCO_EMUL_DMTC0] = "dmtc0",
	[DISCO_EMUL_ERET] = "eret",	[DISCO_EMUL_WAIT] = "wait",
	[DISCO_EMUL_CACHE] = "cache",	[DISCO_EMUL_DI] = "di",
	[DISCO_EMUL_EI] = "ei",		[DISCO_EMUL_TLBR] = "tlbr",
	[DISCO_EMUL_TLBWI] = "tlbwi",	[DISCO_EMUL_TLBWR] = "tlbwr",
	[DISCO_EMUL_TLBP] = "tlbp",	[DISCO_EMUL_RDHWR] = "rdhwr",
	[DISCO_EMUL_HYPCALL] = "hypcall",
};

static void counter(const char *indent, const char *name, __u64 v)
{
	if (v)
		printf("%s%-*s %12llu\n", indent, 24 - (int)strlen(indent),
		       name, (unsigned long long)v);
}

/* A table of counters, under a heading only if any of them is non-zero. */
static void counter_table(const char *title, const __u64 *v, int n,
			  const char *const *names, const char *fallback)
{
	char buf[24];
	int i, any = 0;

	for (i = 0; i < n; i++)
		any |= v[i] != 0;
	if (!any)
		return;
	printf("%s:\n", title);
	for (i = 0; i < n; i++) {
		const char *name = names[i];

		if (!name) {
			snprintf(buf, sizeof(buf), "%s%d", fallback, i);
			name = buf;
		}
		counter("  ", name, v[i]);
	}
}

static void print_stats(const struct disco_stats *s)
{
	counter("", "exits", s->exits);
	counter_table("exits by cause", s->exits_by_cause, 32, exc_names,
		      "ExcCode");
	counter_table("emulated", s->emulated, DISCO_EMUL_NR, emul_names,
		      "emul");
	counter("", "monitor calls", s->monitor_calls);
	counter("", "guest exceptions", s->guest_exceptions);
	counter("", "guest interrupts", s->guest_interrupts);
	counter("", "tlb fills", s->tlb_fills);
	counter("", "guest tlb refills", s->guest_tlb_refills);
	counter("", "l2tlb hits", s->l2tlb_hits);
	counter("", "l2tlb misses", s->l2tlb_misses);
	counter("", "asid flushes", s->asid_flushes);
	counter("", "asid rollovers", s->asid_rollovers);
	counter("", "fpu loads", s->fpu_loads);
	counter("", "rewrites", s->rewrites);
	counter("", "waits", s->waits);
	if (s->run_ns)
		printf("%-24s %12.3f\n", "run time (ms)", s->run_ns / 1e6);
}

int cmd_stats(const struct cmd *cmd, int argc, char **argv)
{
	struct opt opts[] = {
		{ .name = "vcpu", .metavar = "N" },
		{ 0 },
	};
	const char *name = NULL;
	struct disco_stats s;
	int dev, vm, ret = 1;

	parse_args(cmd, argc, argv, opts, "NAME", &name);
	check_vm_name(cmd, name);
	memset(&s, 0, sizeof(s));
	s.vcpu = DISCO_STATS_VM;
	if (opts[0].value)
		s.vcpu = parse_uint(cmd, "--vcpu", opts[0].value, 0,
				    DISCO_MAX_VCPUS - 1);
	dev = dev_open();
	if (dev < 0)
		return 1;
	vm = vm_open(dev, cmd, name);
	if (vm >= 0) {
		if (ioctl(vm, DISCO_VM_GET_STATS, &s) == 0) {
			print_stats(&s);
			counter("", "numa samples", s.numa_samples);
			if (s.vcpu == DISCO_STATS_VM) {
				print_numa(vm);
				print_disks(vm);
			}
			ret = 0;
		} else {
			vm_error(cmd, name, errno, NULL,
				 errno == ENOENT ? "no such vCPU" : NULL);
		}
		close(vm);
	}
	close(dev);
	return ret;
}

static const char *const gpr_names[32] = {
	"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
	"a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
	"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
	"t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
};

static void print_regs(const struct disco_regs *r)
{
	const struct disco_cp0 *c = &r->cp0;
	int i;

	printf("pc       %016llx\n", (unsigned long long)r->pc);
	for (i = 0; i < 32; i++)
		printf("%-4s %016llx%s", gpr_names[i],
		       (unsigned long long)r->gpr[i], i % 4 == 3 ? "\n" : "  ");
	printf("hi   %016llx  lo   %016llx\n",
	       (unsigned long long)r->hi, (unsigned long long)r->lo);
	printf("status   %016llx  cause    %016llx  epc      %016llx\n",
	       (unsigned long long)c->status, (unsigned long long)c->cause,
	       (unsigned long long)c->epc);
	printf("badvaddr %016llx  entryhi  %016llx  errorepc %016llx\n",
	       (unsigned long long)c->badvaddr, (unsigned long long)c->entryhi,
	       (unsigned long long)c->error_epc);
	printf("count    %016llx  compare  %016llx  ebase    %016llx\n",
	       (unsigned long long)c->count, (unsigned long long)c->compare,
	       (unsigned long long)c->ebase);
	printf("context  %016llx  xcontext %016llx  wired    %016llx\n",
	       (unsigned long long)c->context, (unsigned long long)c->xcontext,
	       (unsigned long long)c->wired);
}

int cmd_regs(const struct cmd *cmd, int argc, char **argv)
{
	struct opt opts[] = {
		{ .name = "vcpu", .metavar = "N" },
		{ 0 },
	};
	const char *name = NULL;
	struct disco_regs r;
	int dev, vm, ret = 1;

	parse_args(cmd, argc, argv, opts, "NAME", &name);
	check_vm_name(cmd, name);
	memset(&r, 0, sizeof(r));
	if (opts[0].value)
		r.vcpu = parse_uint(cmd, "--vcpu", opts[0].value, 0,
				    DISCO_MAX_VCPUS - 1);
	dev = dev_open();
	if (dev < 0)
		return 1;
	vm = vm_open(dev, cmd, name);
	if (vm >= 0) {
		if (ioctl(vm, DISCO_VM_GET_REGS, &r) == 0) {
			print_regs(&r);
			ret = 0;
		} else {
			vm_error(cmd, name, errno, NULL,
				 errno == ENOENT ? "no such vCPU" : NULL);
		}
		close(vm);
	}
	close(dev);
	return ret;
}

/* Guest-physical memory as 64-bit words (16 KiB at most). */
int cmd_peek(const struct cmd *cmd, int argc, char **argv)
{
	struct opt opts[] = {
		{ .name = "gpa", .metavar = "ADDR" },
		{ .name = "len", .metavar = "BYTES" },
		{ 0 },
	};
	static unsigned long long buf[2048];
	const char *name = NULL;
	struct disco_mem m;
	unsigned long long gpa, len = 256;
	int dev, vm, ret = 1;
	unsigned int i;

	parse_args(cmd, argc, argv, opts, "NAME", &name);
	check_vm_name(cmd, name);
	if (!opts[0].value)
		usage_error(cmd, "--gpa ADDR is required");
	gpa = strtoull(opts[0].value, NULL, 0) & ~7ULL;
	if (opts[1].value)
		len = strtoull(opts[1].value, NULL, 0);
	len = (len + 7) & ~7ULL;
	if (!len || len > sizeof(buf))
		usage_error(cmd, "--len must be 1 to %zu", sizeof(buf));
	memset(&m, 0, sizeof(m));
	m.gpa = gpa;
	m.data = (__u64)(unsigned long)buf;
	m.size = len;
	dev = dev_open();
	if (dev < 0)
		return 1;
	vm = vm_open(dev, cmd, name);
	if (vm >= 0) {
		if (ioctl(vm, DISCO_VM_READ_RAW, &m) == 0) {
			for (i = 0; i < len / 8; i++)
				printf("%s%016llx", i % 4 ? " " : i ? "\n" : "",
				       buf[i]);
			printf("\n");
			ret = 0;
		} else {
			vm_error(cmd, name, errno, "reading guest memory", NULL);
		}
		close(vm);
	}
	close(dev);
	return ret;
}
