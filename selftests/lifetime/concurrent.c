// SPDX-License-Identifier: GPL-2.0
/*
 * lifetime_test's concurrent create/destroy: WORKERS processes that each
 * create, open, give a vCPU and destroy ITERATIONS VMs, and a killer that
 * destroys the workers' VMs under them; they count what happened in a
 * struct shared that the test mapped shared.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifetime.h"

#define ADD(field)	__atomic_add_fetch(&sh->field, 1, __ATOMIC_RELAXED)

int lt_worker(struct shared *sh, const char *prefix, int id)
{
	char name[DISCO_NAME_MAX];
	int dev, i, r, fd;

	dev = disco_open_dev();
	if (dev < 0) {
		fprintf(stderr, "# worker %d: open: %s\n", id, strerror(-dev));
		return 1;
	}
	for (i = 0; i < ITERATIONS; i++) {
		snprintf(name, sizeof(name), "%sw%d-%d", prefix, id, i);
		r = lt_create_raw(dev, name, SMALL_MEM);
		if (r) {
			fprintf(stderr, "# worker %d: CREATE_VM %s: %s\n", id,
				name, strerror(-r));
			return 2;
		}
		ADD(created);
		fd = lt_open_raw(dev, name);
		if (fd == -ENOENT) {
			ADD(stolen);
			continue;
		}
		if (fd < 0) {
			fprintf(stderr, "# worker %d: OPEN_VM %s: %s\n", id,
				name, strerror(-fd));
			return 3;
		}
		ADD(opened);
		r = disco_ioctl(fd, DISCO_VM_CREATE_VCPU, NULL);
		if (r == 0)
			ADD(vcpus);
		else if (r != -ENODEV) {
			fprintf(stderr, "# worker %d: CREATE_VCPU %s: %d (%s)\n",
				id, name, r, r < 0 ? strerror(-r) : "not vCPU 0");
			close(fd);
			return 4;
		}
		r = lt_destroy_raw(dev, name);
		if (r == 0)
			ADD(destroyed);
		else if (r == -ENOENT)
			ADD(stolen);
		else {
			fprintf(stderr, "# worker %d: DESTROY_VM %s: %s\n", id,
				name, strerror(-r));
			close(fd);
			return 5;
		}
		if (close(fd)) {
			fprintf(stderr, "# worker %d: close: %s\n", id,
				strerror(errno));
			return 6;
		}
	}
	close(dev);
	__atomic_add_fetch(&sh->workers_done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Destroys the workers' VMs under them until they are all done. */
int lt_killer(struct shared *sh, const char *prefix)
{
	char name[DISCO_NAME_MAX];
	struct disco_vm_info *v;
	int dev, n, i, k, r, rounds = 0;

	dev = disco_open_dev();
	if (dev < 0)
		return 1;
	srand(getpid());
	while (__atomic_load_n(&sh->workers_done, __ATOMIC_ACQUIRE) < WORKERS &&
	       rounds++ < 100000) {
		if (rand() % 2) {
			/* A name a worker has used, will use, or is using. */
			snprintf(name, sizeof(name), "%sw%d-%d", prefix,
				 rand() % WORKERS, rand() % ITERATIONS);
		} else {
			/* One that exists right now (maybe not for long). */
			n = lt_list_vms(dev, &v);
			if (n < 0) {
				fprintf(stderr, "# killer: LIST_VMS: %s\n",
					strerror(-n));
				return 2;
			}
			name[0] = '\0';
			for (i = 0, k = n ? rand() % n : 0; i < n; i++) {
				const char *nm = v[(i + k) % n].name;

				if (!strncmp(nm, prefix, strlen(prefix))) {
					snprintf(name, sizeof(name), "%s", nm);
					break;
				}
			}
			free(v);
			if (!name[0]) {
				usleep(1000);
				continue;
			}
		}
		r = lt_destroy_raw(dev, name);
		if (r == 0) {
			ADD(killer_hits);
		} else if (r == -ENOENT) {
			ADD(killer_misses);
		} else {
			fprintf(stderr, "# killer: DESTROY_VM %s: %s\n", name,
				strerror(-r));
			return 3;
		}
		usleep(rand() % 200);
	}
	close(dev);
	return 0;
}
