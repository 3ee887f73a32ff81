// SPDX-License-Identifier: GPL-2.0
/*
 * lifetime_test: the module's counters ("vms", "guest_pages") and
 * parameters under /sys/module/disco/parameters/, and /proc/meminfo.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifetime.h"

/* Reads a decimal value from @path; -errno on failure. */
int lt_read_long(const char *path, long *out)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	errno = 0;
	*out = strtol(buf, NULL, 10);
	return errno ? -errno : 0;
}

int lt_write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

int lt_read_counters(struct counters *c)
{
	int r = lt_read_long(PARAMS_DIR "vms", &c->vms);

	return r ? r : lt_read_long(PARAMS_DIR "guest_pages", &c->pages);
}

/* /proc/meminfo after dropping the page cache and slab caches. */
int lt_read_meminfo(struct meminfo *m)
{
	char line[128];
	FILE *f;
	int found = 0;

	sync();
	lt_write_str("/proc/sys/vm/drop_caches", "3\n");	/* root only; best effort */
	f = fopen("/proc/meminfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		found += sscanf(line, "MemFree: %ld kB", &m->memfree);
		found += sscanf(line, "Slab: %ld kB", &m->slab);
		found += sscanf(line, "SUnreclaim: %ld kB", &m->sunreclaim);
	}
	fclose(f);
	return found == 3 ? 0 : -ENODATA;
}

long lt_meminfo_field(const char *name)
{
	char line[128], key[64];
	long v = -1, x;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld", key, &x) == 2 && !strcmp(key, name))
			v = x;
	fclose(f);
	return v;
}

int lt_set_param(const char *path, long v)
{
	char buf[32];
	long back;
	int r;

	snprintf(buf, sizeof(buf), "%ld\n", v);
	r = lt_write_str(path, buf);
	if (!r)
		r = lt_read_long(path, &back);
	return r ? r : back == v ? 0 : -EIO;
}
