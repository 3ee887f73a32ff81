// SPDX-License-Identifier: GPL-2.0
/*
 * discoctl: opening /dev/disco and VMs, and turning errno into messages
 * that say what went wrong for a VM rather than for a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/disco.h>

#include "discoctl.h"

static const struct {
	int err;
	const char *name;
	const char *desc;	/* what it means from a disco ioctl */
} errnos[] = {
	{ EPERM,   "EPERM",   "operation not permitted" },
	{ ENOENT,  "ENOENT",  "no such VM" },
	{ EINTR,   "EINTR",   "interrupted by a signal" },
	{ E2BIG,   "E2BIG",   "too large" },
	{ ENOEXEC, "ENOEXEC", "not a MIPS64 little-endian ELF executable, or a malformed one" },
	{ EAGAIN,  "EAGAIN",  "try again" },
	{ ENOMEM,  "ENOMEM",  "not enough memory on the host" },
	{ EACCES,  "EACCES",  "permission denied" },
	{ EFAULT,  "EFAULT",  "bad address" },
	{ EBUSY,   "EBUSY",   "a vCPU is running" },
	{ EEXIST,  "EEXIST",  "name already exists" },
	{ ENODEV,  "ENODEV",  "the VM was destroyed" },
	{ EINVAL,  "EINVAL",  "invalid argument (is disco.ko the API version discoctl was built for?)" },
	{ ENOSPC,  "ENOSPC",  "no room left" },
	{ ERANGE,  "ERANGE",  "out of range" },
	{ ENOTTY,  "ENOTTY",  "unknown ioctl (is disco.ko the API version discoctl was built for?)" },
};

static const char *errno_name(int err, const char **desc)
{
	static char buf[24];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].err == err) {
			*desc = errnos[i].desc;
			return errnos[i].name;
		}
	*desc = strerror(err);
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

/*
 * Reports a failed operation on VM @name:
 *   discoctl: CMD NAME[: WHAT]: DESC (ENAME)
 * @desc overrides the generic description of @err when the caller knows
 * better what it means at that step.  EPERM always means the VM is
 * someone else's, whatever the step.
 */
void vm_error(const struct cmd *cmd, const char *name, int err,
	      const char *what, const char *desc)
{
	const char *generic;
	const char *ename = errno_name(err, &generic);

	if (err == EPERM) {
		fprintf(stderr, "%s: %s belongs to another user\n", PROG, name);
		return;
	}
	fprintf(stderr, "%s: %s %s: %s%s%s (%s)\n", PROG, cmd->name, name,
		what ? what : "", what ? ": " : "", desc ? desc : generic, ename);
}

int dev_open(void)
{
	int fd = open(DISCO_DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "%s: cannot open %s: %s (is disco.ko loaded?)\n",
			PROG, DISCO_DEV, strerror(errno));
	return fd;
}

/* Copies a name checked by check_vm_name() into a zeroed ABI field. */
void fill_name(char dst[], const char *name)
{
	memset(dst, 0, DISCO_NAME_MAX);
	strncpy(dst, name, DISCO_NAME_MAX - 1);
}

/* Returns a VM descriptor, or -1 after reporting why not. */
int vm_open(int dev, const struct cmd *cmd, const char *name)
{
	struct disco_vm_ref ref = { 0 };
	int fd;

	fill_name(ref.name, name);
	fd = ioctl(dev, DISCO_OPEN_VM, &ref);
	if (fd < 0)
		vm_error(cmd, name, errno, NULL, NULL);
	return fd;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}
