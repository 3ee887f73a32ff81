/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of lifetime_test.c:
 *
 *   counters.c    the module's counters and parameters, /proc/meminfo
 *   vms.c         VMs by name (raw ioctls), their list, one VM cycle
 *   proc.c        time, discoctl runs, the runner thread, a child that
 *                 gives up root
 *   concurrent.c  the processes of the concurrent create/destroy test
 */
#ifndef DISCO_LIFETIME_H
#define DISCO_LIFETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "disco_util.h"

#define PARAMS_DIR	"/sys/module/disco/parameters/"

/*
 * The smallest VM hello.elf fits in: it loads at guest-physical
 * 0x10000..~0x30000, so 256 KiB (16 guest pages) leaves room to spare.
 */
#define SMALL_MEM	(256ULL << 10)

#define NOBODY	65534		/* the user other_user_quota() turns into */

/* ---- counters.c ---------------------------------------------------------- */

/* Reads a decimal value from @path; -errno on failure. */
int lt_read_long(const char *path, long *out);
int lt_write_str(const char *path, const char *s);

struct counters {
	long vms;
	long pages;
};

int lt_read_counters(struct counters *c);

/*
 * EXPECTs the module's counters to equal @want (plus @vms/@pages).  For
 * lifetime_test.c: it needs kselftest_harness.h and <string.h>.
 */
#define EXPECT_COUNTERS(want, dvms, dpages, fmt, ...) do {		\
	struct counters __now;						\
	int __r = lt_read_counters(&__now);				\
	EXPECT_EQ(0, __r) TH_LOG("reading module counters: %s",	\
				 strerror(-__r));			\
	if (!__r) {							\
		long __wv = (want)->vms + (long)(dvms);			\
		long __wp = (want)->pages + (long)(dpages);		\
		EXPECT_EQ(__wv, __now.vms)				\
			TH_LOG("vms %ld, expected %ld: " fmt, __now.vms,	\
			       __wv, ##__VA_ARGS__);			\
		EXPECT_EQ(__wp, __now.pages)				\
			TH_LOG("guest_pages %ld, expected %ld: " fmt,	\
			       __now.pages, __wp, ##__VA_ARGS__);	\
	}								\
} while (0)

struct meminfo {
	long memfree, slab, sunreclaim;	/* kB */
};

/* /proc/meminfo after dropping the page cache and slab caches. */
int lt_read_meminfo(struct meminfo *m);
/* A /proc/meminfo field (kB) without dropping caches; -1 if not found. */
long lt_meminfo_field(const char *name);
/* Writes @v to module parameter @path and reads it back; 0 or -errno. */
int lt_set_param(const char *path, long v);

/* ---- vms.c --------------------------------------------------------------- */

int lt_create_raw(int dev, const char *name, __u64 mem);
int lt_open_raw(int dev, const char *name);
int lt_destroy_raw(int dev, const char *name);
/*
 * DISCO_LIST_VMS into a malloc()ed array (*@out, free() it); returns the
 * count or -errno.
 */
int lt_list_vms(int dev, struct disco_vm_info **out);
/* The listed state of VM @name; -ENOENT if not listed, -errno on error. */
int lt_listed_state(int dev, const char *name);
/* VMs whose name starts with @prefix (destroyed if @destroy). */
int lt_count_prefixed(int dev, const char *prefix, bool destroy);
/* A VM descriptor's state, ~0U if DISCO_VM_GET_INFO fails. */
__u32 lt_fd_state(int vmfd);

/* One cycle on @vm; 0, or a negative step number with *@err = errno. */
int lt_one_cycle(int dev, struct disco_vm *vm, const void *image, size_t size,
		 struct disco_run *run, int *err);
/* The names of lt_one_cycle()'s steps, by step number. */
extern const char * const lt_cycle_steps[8];

/* ---- proc.c -------------------------------------------------------------- */

double lt_now_s(void);
void lt_sleep_ms(long ms);
const char *lt_discoctl_path(void);

/*
 * Starts discoctl with @argv (argv[0] is ignored), stdout to /dev/null
 * (the guest console and "created ..." lines would break the TAP stream),
 * stderr inherited; returns the pid or -errno.
 */
pid_t lt_spawn_discoctl(char *const argv[]);
/* Runs discoctl to completion; its exit status, or -errno / -1000 - signal. */
int lt_run_discoctl(char *const argv[]);

/* A thread running DISCO_VM_RUN on @fd once: lt_runner_fn(struct runner *). */
struct runner {
	int fd;
	struct disco_run run;
	int r;
};
void *lt_runner_fn(void *arg);

/*
 * In a child that gave up root (uid NOBODY): VMs @names[0]..@names[@n - 1]
 * of @mem bytes are created, VM @names[@n] fails with EDQUOT.  Returns 0,
 * or 1 + the index (from 0) of the first create that did otherwise, 99 if
 * setuid failed.
 */
int lt_quota_child(int dev, char (*names)[DISCO_NAME_MAX], int n, __u64 mem);

/* ---- concurrent.c -------------------------------------------------------- */

#define WORKERS		4
#define ITERATIONS	50

struct shared {
	int workers_done;
	unsigned int created, opened, vcpus, destroyed;
	unsigned int stolen;		/* own VM destroyed by the killer first */
	unsigned int killer_hits, killer_misses;
};

int lt_worker(struct shared *sh, const char *prefix, int id);
/* Destroys the workers' VMs under them until they are all done. */
int lt_killer(struct shared *sh, const char *prefix);

#endif /* DISCO_LIFETIME_H */
