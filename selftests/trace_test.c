// SPDX-License-Identifier: GPL-2.0
/*
 * disco's tracepoints: with events/disco enabled, running a guest leaves
 * disco_exit, disco_tlb_fill and disco_deliver records naming the VM
 * (outside_ram takes bus errors in its own handler).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "disco_util.h"

#define TRACING "/sys/kernel/tracing"

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

static char *read_trace(void)
{
	size_t size = 1 << 20, len = 0;
	char *buf = malloc(size + 1);
	int fd = open(TRACING "/trace", O_RDONLY);
	ssize_t n;

	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (len < size && (n = read(fd, buf + len, size - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	return buf;
}

TEST(tracepoints_record_a_guest)
{
	struct disco_vm vm;
	struct disco_run run;
	char *trace;
	int dev;

	if (access(TRACING "/events", F_OK))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (access(TRACING "/events/disco/enable", W_OK))
		SKIP(return, "no tracefs with events/disco (kernel without tracing?)");

	ASSERT_EQ(0, write_file(TRACING "/trace", ""));
	ASSERT_EQ(0, write_file(TRACING "/events/disco/enable", "1"));

	dev = disco_open_dev();
	ASSERT_LE(0, dev);
	disco_vm_init(&vm);
	ASSERT_EQ(0, disco_vm_setup(&vm, dev, "trace", "outside_ram", 8 << 20, 0));
	ASSERT_EQ(0, disco_vm_run(&vm, 0, &run));
	write_file(TRACING "/events/disco/enable", "0");

	trace = read_trace();
	ASSERT_NE(NULL, trace);
	EXPECT_NE(NULL, strstr(trace, "disco_exit: vm=trace-"));
	EXPECT_NE(NULL, strstr(trace, "disco_tlb_fill: vcpu=0"));
	EXPECT_EQ(DISCO_EXIT_GUEST, run.exit_reason);
	EXPECT_NE(NULL, strstr(trace, "disco_deliver: vcpu=0 exccode=7"))
		TH_LOG("the guest's bus errors were not traced");
	free(trace);
	disco_vm_destroy(&vm);
	close(dev);
}

TEST_HARNESS_MAIN
