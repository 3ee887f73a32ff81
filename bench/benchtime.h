/* SPDX-License-Identifier: GPL-2.0 */
/* Timing helpers shared by the bench drivers (discobench.c, osbench.c). */
#ifndef DISCO_BENCH_BENCHTIME_H
#define DISCO_BENCH_BENCHTIME_H

#include <stdlib.h>
#include <time.h>
#include <linux/types.h>

static inline __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median of @nr samples (sorts them). */
static inline __u64 median(__u64 *v, int nr)
{
	qsort(v, nr, sizeof(*v), cmp_u64);
	return nr % 2 ? v[nr / 2] : (v[nr / 2 - 1] + v[nr / 2]) / 2;
}

#endif /* DISCO_BENCH_BENCHTIME_H */
