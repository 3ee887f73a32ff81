/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout shared by the test guests (selftests/guest) and the host-side
 * tests: where guest images are linked and where a guest leaves results
 * for the host to read back with DISCO_VM_READ_RAW.  Plain C, no libc.
 * Both sides build with -D__SANE_USERSPACE_TYPES__, so __u64 is unsigned
 * long long (printed with %llx) on mips64 as on every other architecture.
 */
#ifndef DISCO_SELFTEST_GUEST_LAYOUT_H
#define DISCO_SELFTEST_GUEST_LAYOUT_H

#include <linux/types.h>

/* Guest images are linked at DISCO_XSSEG_BASE + GUEST_IMAGE_GPA (guest.lds). */
#define GUEST_IMAGE_GPA		0x10000ULL

/*
 * Guest-physical address of the results block: below the image, so it is
 * never part of a PT_LOAD segment and the loader leaves it alone.
 */
#define GUEST_RESULTS_GPA	0x8000ULL

/* RAM given to test VMs unless a test needs something else. */
#define GUEST_MEM_SIZE		(8ULL << 20)

#define CP0_IDENT_MAGIC		0xd15c0c0de1d3e7ULL

/* What the cp0_ident guest stores at GUEST_RESULTS_GPA. */
struct cp0_ident_results {
	__u64 magic;		/* CP0_IDENT_MAGIC once the rest is valid */
	__u64 prid;
	__u64 ebase;
	__u64 config[4];
	__u64 status;
	__u64 pagemask;
	__u64 wired;
	__u64 mem_size;	/* DISCO_INFO_MEM_SIZE */
	__u64 vcpu_id;	/* DISCO_INFO_VCPU_ID */
	__u64 nr_vcpus;	/* DISCO_INFO_NR_VCPUS */
	__u64 count_hz;	/* DISCO_INFO_COUNT_HZ */
};

/*
 * numa_writers: every vCPU writes its own words into each page of
 * [NUMA_REGION_GPA, + a0 pages), round after round, checking them back,
 * while the host moves the pages; the host sets @stop to end it.
 */
#define NUMA_REGION_GPA		0x100000ULL
#define NUMA_WORDS		8	/* per vCPU per page */

struct numa_results {
	__u64 stop;		/* host: nonzero ends the run */
	__u64 rounds[8];	/* per vCPU: rounds completed */
	__u64 bad_gpa;		/* first word found wrong, or 0 */
	__u64 bad_value;
	__u64 bad_expected;
};

static inline __u64 numa_word(__u64 round, __u64 vcpu, __u64 page, __u64 k)
{
	return round << 32 | vcpu << 24 | page << 8 | k;
}

#endif /* DISCO_SELFTEST_GUEST_LAYOUT_H */
