// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: the command table, help and dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "discoctl.h"

static const struct cmd commands[] = {
	{
		.name = "create",
		.usage = "NAME --mem SIZE [--vcpus N] --kernel FILE [--cmdline STRING] [--initrd FILE] [--commpage] [--big-tlb] [--disk FILE[,cow|,ro]]... [--membind NODE] [--cpunodebind NODE] [--no-numa]",
		.summary = "create a VM and load its kernel",
		.help =
"Creates VM NAME with SIZE bytes of guest RAM (a K, M or G suffix\n"
"multiplies by 1024, 1024^2, 1024^3; it must be a multiple of 16K, the\n"
"guest page size) and N vCPUs (1 to 8, default 1), loads the ELF kernel\n"
"FILE and points every vCPU at its entry.  If any step fails the VM is\n"
"destroyed again, so no half-made VM remains.\n"
"\n"
"With --cmdline or --initrd, boots an operating system by the protocol\n"
"of uapi/linux/disco.h: a device tree describing the VM (memory, CPUs,\n"
"the command line STRING, the initramfs FILE) at the top of guest RAM,\n"
"the initramfs just below it, a0 = the tree's guest-physical address and\n"
"a1 = DISCO_BOOT_FDT_MAGIC in every vCPU.\n"
"\n"
"--commpage gives each vCPU the privileged-register page (DISCO_VM_COMMPAGE):\n"
"trapping mfc0/dmfc0 (and side-effect-free dmtc0) are rewritten into loads\n"
"and stores to a page at guest virtual 0.\n"
"--big-tlb keeps translations the guest evicts from its 64-entry TLB in the\n"
"vCPU's 1,024-pair L2TLB (DISCO_VM_BIG_TLB): for an OS that flushes\n"
"mappings explicitly, as Linux does, never by eviction.\n"
"\n"
"--disk FILE (up to 4 times): a virtio disk backed by FILE, a regular file\n"
"whose size is a multiple of 512 bytes.  FILE alone is persistent: every\n"
"write reaches FILE before the guest sees it done, and one VM at a time may\n"
"have it.  FILE,cow is non-persistent: writes stay in host memory and are\n"
"gone with the VM.  FILE,ro is read-only for the guest.\n"
"\n"
"--membind NODE: all guest RAM comes from host node NODE.\n"
"--cpunodebind NODE: the vCPUs run only on NODE's CPUs.\n"
"--no-numa: the NUMA daemon never moves this VM's pages.\n"
"\n"
"NAME: 1 to 31 characters from A-Z a-z 0-9 . _ -\n",
		.fn = cmd_create,
	},
	{
		.name = "start",
		.usage = "NAME",
		.summary = "run a VM's vCPUs and show its console",
		.help =
"Runs every vCPU of NAME, each in its own thread, and copies the guest\n"
"console to standard output until all of them have stopped; standard input\n"
"goes to the guest's virtio console.\n"
"\n"
"Exit status: the guest's exit code (0-255) when it exits; 1 on an\n"
"error; 3 if the guest failed an assertion; 4 if it faulted; 5 if the VM\n"
"was stopped.  On SIGINT or SIGTERM discoctl leaves the VM as it is (it\n"
"can be started again or destroyed) and exits with 128 + the signal.\n",
		.fn = cmd_start,
	},
	{
		.name = "list",
		.usage = "",
		.summary = "list the VMs on this host",
		.help = "Prints one line per VM: name, RAM, vCPUs created/allowed,\n"
			"state, owner uid and the last vCPU exit.\n",
		.fn = cmd_list,
	},
	{
		.name = "console",
		.usage = "NAME [--no-follow]",
		.summary = "print a VM's console",
		.help =
"Prints the console output NAME has kept (the newest 64K) and then\n"
"follows it while the VM runs.  --no-follow prints what is there now\n"
"and exits.\n",
		.fn = cmd_console,
	},
	{
		.name = "stop",
		.usage = "NAME",
		.summary = "power a VM off (it keeps memory and console)",
		.help =
"Makes every running vCPU of NAME return, and every later run return at\n"
"once.  The VM keeps its memory and console until it is destroyed.\n",
		.fn = cmd_stop,
	},
	{
		.name = "destroy",
		.usage = "NAME",
		.summary = "stop a VM and remove it",
		.help = "Stops NAME's vCPUs and removes the VM; its memory is freed\n"
			"once nothing has it open any more.\n",
		.fn = cmd_destroy,
	},
	{
		.name = "stats",
		.usage = "NAME [--vcpu N]",
		.summary = "print a VM's monitor counters",
		.help = "Prints the non-zero counters of NAME, summed over its vCPUs\n"
			"or for vCPU N alone.\n",
		.fn = cmd_stats,
	},
	{
		.name = "regs",
		.usage = "NAME [--vcpu N]",
		.summary = "print a vCPU's registers",
		.help = "Prints the general registers, PC and main CP0 registers of\n"
			"vCPU N of NAME (default 0), e.g. to see where a guest hangs.\n",
		.fn = cmd_regs,
	},
	{
		.name = "peek",
		.usage = "NAME --gpa ADDR [--len BYTES]",
		.summary = "print guest-physical memory",
		.help = "Prints BYTES (default 256, at most 16K) of NAME's memory from\n"
			"guest-physical ADDR as 64-bit words, four to a line.\n",
		.fn = cmd_peek,
	},
	{
		.name = "version",
		.usage = "",
		.summary = "print discoctl's and disco.ko's API versions",
		.help = "Prints the API version discoctl was built for and the one\n"
			"the loaded disco.ko speaks.\n",
		.fn = cmd_version,
	},
};

#define NR_COMMANDS	ARRAY_SIZE(commands)

static void global_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s COMMAND [ARGS]\n\n"
		"Runs Disco virtual machines through %s.\n\ncommands:\n",
		PROG, DISCO_DEV);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'%s COMMAND --help' describes a command.\n", PROG);
}

static const struct cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cmd *cmd;

	if (argc < 2) {
		fprintf(stderr, "%s: missing command (try '%s --help')\n",
			PROG, PROG);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		global_help(stdout);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		if (argv[1][0] == '-')
			fprintf(stderr, "%s: unknown option '%s' (try '%s --help')\n",
				PROG, argv[1], PROG);
		else
			fprintf(stderr, "%s: unknown command '%s' (try '%s --help')\n",
				PROG, argv[1], PROG);
		return EXIT_USAGE;
	}
	return cmd->fn(cmd, argc - 2, argv + 2);
}
