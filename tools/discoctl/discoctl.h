/* SPDX-License-Identifier: GPL-2.0 */
/*
 * discoctl - command-line front end to /dev/disco.
 *
 * Exit status: 0 success, 1 an operation failed, 2 bad usage; "start"
 * adds the guest's own outcome (see run.c).
 */
#ifndef DISCOCTL_H
#define DISCOCTL_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/disco.h>

#define PROG		"discoctl"
#define DISCO_DEV	"/dev/disco"

#define EXIT_USAGE	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct cmd {
	const char *name;
	const char *usage;	/* arguments, for the usage line */
	const char *summary;	/* one line, for "discoctl --help" */
	const char *help;	/* the rest of "discoctl CMD --help" */
	int (*fn)(const struct cmd *cmd, int argc, char **argv);
};

/* An option "--name VALUE" (or "--name=VALUE"), or a flag if !metavar. */
struct opt {
	const char *name;
	const char *metavar;
	const char *value;	/* out: the (last) argument, "" for a set flag */
	unsigned int repeat;	/* how often it may be given; 0: once */
	const char **values;	/* out, with @repeat: every argument given */
	unsigned int count;	/* out: how many */
};

/* args.c: command-line parsing; usage errors exit with EXIT_USAGE. */
void parse_args(const struct cmd *cmd, int argc, char **argv,
		struct opt *opts, const char *posname, const char **pos);
void usage_error(const struct cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
__u64 parse_mem_size(const struct cmd *cmd, const char *opt, const char *s);
unsigned int parse_uint(const struct cmd *cmd, const char *opt,
			const char *s, unsigned int min, unsigned int max);
void check_vm_name(const struct cmd *cmd, const char *name);
void format_size(char *buf, size_t len, __u64 bytes);

/* vm.c: the device, VM descriptors and error reporting. */
int dev_open(void);
int vm_open(int dev, const struct cmd *cmd, const char *name);
void vm_error(const struct cmd *cmd, const char *name, int err,
	      const char *what, const char *desc);
void fill_name(char dst[], const char *name);
int write_all(int fd, const void *buf, size_t len);

/* disk.c: --disk FILE[,cow|,ro] and the disks' counters */
struct disk_arg {
	const char *path;
	__u32 flags;		/* DISCO_DISK_* */
};
void parse_disk(const struct cmd *cmd, const char *s, struct disk_arg *d);
int add_disk(const struct cmd *cmd, const char *name, int vm,
	     const struct disk_arg *d);
void print_disks(int vm);

/* numa.c: placement options and the per-node view */
unsigned int parse_node(const struct cmd *cmd, const char *opt, const char *s,
			const char *what);
void print_numa(int vm);

/* boot.c: the boot protocol (device tree, initramfs, a0/a1). */
#define MAX_DISKS	(DISCO_MMIO_SLOTS - DISCO_MMIO_SLOT_DISK0)

struct boot_args {
	const char *name;	/* the VM's */
	__u64 mem;
	unsigned int vcpus;
	unsigned int nr_disks;
	unsigned int disk_slot[MAX_DISKS];	/* their MMIO slots */
	__u64 image_end;	/* guest-physical end of the loaded kernel */
	const char *cmdline;	/* or NULL */
	const void *initrd;
	size_t initrd_size;	/* 0: none */
};
int boot_setup(const struct cmd *cmd, int vm, const struct boot_args *b);

/* Commands. */
int cmd_create(const struct cmd *cmd, int argc, char **argv);
int cmd_list(const struct cmd *cmd, int argc, char **argv);
int cmd_stop(const struct cmd *cmd, int argc, char **argv);
int cmd_destroy(const struct cmd *cmd, int argc, char **argv);
int cmd_version(const struct cmd *cmd, int argc, char **argv);
int cmd_stats(const struct cmd *cmd, int argc, char **argv);
int cmd_regs(const struct cmd *cmd, int argc, char **argv);
int cmd_peek(const struct cmd *cmd, int argc, char **argv);
int cmd_start(const struct cmd *cmd, int argc, char **argv);
int cmd_console(const struct cmd *cmd, int argc, char **argv);

#endif /* DISCOCTL_H */
