// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's arguments: the PRNG, pointers of every kind and what the
 * kernel can do with them, mutation of valid structures, names, vCPU
 * numbers, memory ranges and register values, and the ELF images with
 * their mutations.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

/* ---- PRNG (xorshift64*) ---------------------------------------------------- */

__u64 fz_rng_state;

/* ---- argument memory ----------------------------------------------------- */

const char * const fz_ptrkind_name[NR_PTRKINDS] = {
	"valid", "misaligned", "read-only", "partial", "NULL", "small",
	"unmapped", "kernel", "random",
};

static const __u64 kernel_ptrs[] = {
	0xffffffff80000000ULL,	/* kseg0 */
	0xffffffffa0000000ULL,	/* kseg1 */
	0xffffffffc0000000ULL,	/* csseg: module text and data */
	0xffffffffe0000000ULL,	/* kseg3 */
	0x9800000000000000ULL,	/* xkphys, cached */
	0x9000000000000000ULL,	/* xkphys, uncached */
	0xc000000000000000ULL,	/* xkseg */
	0x4000000000000000ULL,	/* xsseg */
	0x0000010000000000ULL,	/* just above the user address space */
	0x8000000000000000ULL,
	0xfffffffffffffff8ULL,
	0xffffffffffffffffULL,
};

enum ptrkind fz_pick_ptrkind(void)
{
	unsigned int p = rndn(100);

	if (p < 72)
		return P_VALID;
	if (p < 76)
		return P_MISALIGNED;
	if (p < 79)
		return P_READONLY;
	if (p < 83)
		return P_PARTIAL;
	return P_NULL + rndn(NR_PTRKINDS - P_NULL);
}

/* A pointer of @kind for @size bytes that can be filled (valid kinds). */
void *fz_arg_ptr(struct fuzz *fz, enum ptrkind kind, size_t size)
{
	switch (kind) {
	case P_VALID:
		return fz->scratch + SCRATCH_SIZE - GUARD - ((size + 15) & ~15UL) - 64;
	case P_MISALIGNED:
		return fz->scratch + SCRATCH_SIZE - GUARD - size - 64 - 1 - rndn(7);
	case P_READONLY:
		return fz->ro_page + (size < 4096 ? 8 * rndn((4096 - size) / 8) : 0);
	case P_PARTIAL:
		return fz->scratch + SCRATCH_SIZE - (size ? 1 + rndn(size) : 0);
	case P_NULL:
		return NULL;
	case P_SMALL:
		return (void *)(unsigned long)(1 + rndn(65535));
	case P_UNMAPPED:
		return fz->unmapped + rndn(65536);
	case P_KERNEL:
		return (void *)(unsigned long)(kernel_ptrs[rndn(sizeof(kernel_ptrs) / 8)] +
					       (chance(50) ? 0 : rndn(1 << 20)));
	default:
		/* Never a pointer into our own memory: the top bit set. */
		return (void *)(unsigned long)(rnd() | 1ULL << 63);
	}
}

/*
 * A pointer the kernel would write through, after mutation: if it is not
 * in scratch and not certainly unusable it may point into our own data;
 * send it to the PROT_NONE area instead.
 */
void *fz_sane_wptr(struct fuzz *fz, void *p, __u64 size)
{
	if (fz_ptr_good(fz, p, size, true) || fz_ptr_bad(fz, p, size, true))
		return p;
	return fz->unmapped;
}

/* Can the kernel read (and write, if @write) @size bytes at @p? */
bool fz_ptr_good(struct fuzz *fz, const void *p, __u64 size, bool write)
{
	const unsigned char *b = p;

	if (!size)
		return true;
	if (b >= fz->scratch && b <= fz->scratch + SCRATCH_SIZE &&
	    size <= (__u64)(fz->scratch + SCRATCH_SIZE - b))
		return true;
	if (b >= fz->img_area && b <= fz->img_area + IMG_AREA &&
	    size <= (__u64)(fz->img_area + IMG_AREA - b))
		return true;	/* read-write; images are copied in afresh */
	if (b >= fz->ro_page && b <= fz->ro_page + fz->ro_size &&
	    size <= (__u64)(fz->ro_page + fz->ro_size - b))
		return !write;
	return false;
}

/* Is the pointer unusable for sure (so EFAULT must come if it is used)? */
bool fz_ptr_bad(struct fuzz *fz, const void *p, __u64 size, bool write)
{
	const unsigned char *b = p;

	if (!size || fz_ptr_good(fz, p, size, write))
		return false;
	/* Inside our areas but too long, or read-only for a write. */
	if ((b >= fz->scratch && b <= fz->scratch + SCRATCH_SIZE) ||
	    (b >= fz->img_area && b <= fz->img_area + IMG_AREA) ||
	    (b >= fz->ro_page && b <= fz->ro_page + fz->ro_size))
		return true;
	if ((unsigned long)b < 65536 + 1 ||
	    (b >= fz->unmapped && b < fz->unmapped + 65536))
		return true;
	if ((unsigned long)b >= 0x10000000000UL)
		return true;
	return false;	/* a random pointer: whatever happens is fine */
}

/* Places @size bytes of @src per @kind; returns the argument pointer. */
void *fz_place(struct fuzz *fz, enum ptrkind kind, const void *src,
	       size_t size)
{
	unsigned char *p = fz_arg_ptr(fz, kind, size);
	size_t n;

	if (kind == P_READONLY) {
		mprotect(fz->ro_page, fz->ro_size, PROT_READ | PROT_WRITE);
		memcpy(p, src, size);
		mprotect(fz->ro_page, fz->ro_size, PROT_READ);
	} else if (kind == P_VALID || kind == P_MISALIGNED) {
		memcpy(p, src, size);
	} else if (kind == P_PARTIAL) {
		n = fz->scratch + SCRATCH_SIZE - p;
		memcpy(p, src, n < size ? n : size);
	}
	return p;
}

/* Does the kernel see the whole structure, and can it write it back? */
void fz_expect_ptr(struct fuzz *fz, struct expect *x, enum ptrkind kind,
		   const void *p, size_t size, bool writes)
{
	if (kind == P_VALID || kind == P_MISALIGNED)
		return;
	if (kind == P_READONLY) {
		if (writes)
			fz_exp_err(x, EFAULT);	/* it cannot write the result back */
		return;
	}
	if (fz_ptr_bad(fz, p, size, false)) {
		fz_exp_err(x, EFAULT);
	} else {
		/* A random pointer that happens to map: anything goes. */
		x->ok = true;
		fz_exp_add(x, EFAULT);
		fz_exp_add(x, EINVAL);
	}
}

/* ---- mutation ------------------------------------------------------------ */

void fz_flip_bits(void *buf, size_t size, int n)
{
	unsigned char *b = buf;

	while (n-- > 0) {
		size_t bit = rndn(size * 8);

		b[bit / 8] ^= 1 << (bit % 8);
	}
}

static const __u64 boundary64[] = {
	0, 1, 2, 7, 8, 0x10, 0x3fff, 0x4000, 0x4001, 0x7fffffff, 0x80000000,
	0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	0xfffffffffffffff8ULL, 0xffffffffffffffffULL, 1ULL << 36, 1ULL << 40,
	1ULL << 48,
};

__u64 fz_boundary(void)
{
	return boundary64[rndn(sizeof(boundary64) / 8)];
}

/* A random field-sized store of a boundary value at an aligned offset. */
static void poke_boundary(void *buf, size_t size)
{
	size_t off = rndn(size / 4) * 4;
	__u64 v = fz_boundary();

	if (off + 8 <= size && !(off & 7) && chance(60))
		memcpy((char *)buf + off, &v, 8);
	else
		memcpy((char *)buf + off, &v, 4);
}

/* Mutate a valid structure a little: most calls keep most of it valid. */
bool fz_mutate(void *buf, size_t size)
{
	unsigned int p = rndn(100);

	if (p < 45)
		return false;
	if (p < 75)
		fz_flip_bits(buf, size, 1 + rndn(3));
	else if (p < 95)
		poke_boundary(buf, size);
	else
		fz_flip_bits(buf, size, 8 + rndn(64));
	return true;
}

/* ---- names, vCPUs, ranges, registers ------------------------------------- */

/* A name for a request: a slot's, sometimes a fresh or a mangled one. */
void fz_pick_name(struct fuzz *fz, char *name, bool for_create)
{
	int i = rndn(MAX_SLOTS);
	unsigned int p = rndn(100);

	memset(name, 0, DISCO_NAME_MAX);
	if (for_create && p < 75) {
		snprintf(name, DISCO_NAME_MAX, "%s%u", fz->prefix, fz->name_counter++);
		return;
	}
	if (p < 85 && fz->slots[i].used) {
		memcpy(name, fz->slots[i].name, DISCO_NAME_MAX);
		return;
	}
	if (p < 90) {
		snprintf(name, DISCO_NAME_MAX, "%snone%u", fz->prefix, (unsigned int)rndn(1000));
		return;
	}
	if (p < 95) {
		/* Long and odd names: 31 and 32 characters, bad characters. */
		memset(name, "aZ9._-/ \n"[rndn(9)], 31 + rndn(2));
		if (chance(50))
			name[31] = 0;
		return;
	}
	for (i = 0; i < DISCO_NAME_MAX; i++)
		name[i] = rnd();
}

__u32 fz_pick_vcpu(struct slot *s)
{
	unsigned int p = rndn(100);

	if (p < 80 && s && s->nr_vcpus)
		return rndn(s->nr_vcpus);
	if (p < 90)
		return rndn(DISCO_MAX_VCPUS + 1);
	if (p < 95)
		return DISCO_STATS_VM;
	return (__u32)fz_boundary();
}

/* gpa/size pairs around every limit of @mem. */
void fz_pick_range(__u64 mem, __u64 *gpa, __u64 *size)
{
	static const __u64 odd[] = { 0, 4, 8, 12, 16, 1ULL << 62, ~0ULL, ~7ULL, 1ULL << 63 };
	unsigned int p = rndn(100);

	if (p < 50) {
		*size = 8 * (1 + rndn(chance(80) ? 512 : (mem ? mem / 8 : 1)));
		*gpa = mem > *size ? rndn(mem - *size + 1) & ~7ULL : 0;
	} else if (p < 65) {
		*size = 8 * (1 + rndn(4));
		*gpa = mem - *size + 8 * (rndn(3) - 1 + 0ULL);
	} else if (p < 75) {
		*gpa = 0;
		*size = mem + 8 * (rndn(3) - 1 + 0ULL);
	} else {
		*gpa = chance(50) ? odd[rndn(sizeof(odd) / 8)] : rnd();
		*size = chance(50) ? odd[rndn(sizeof(odd) / 8)] : rnd() >> rndn(64);
	}
}

/* Values a guest-state attack would like to smuggle in. */
void fz_poke_regs(struct disco_regs *r)
{
	static const __u64 pcs[] = {
		0xffffffff80000000ULL, 0xffffffffc0000000ULL, 0x9800000000000000ULL,
		DISCO_XSSEG_BASE, DISCO_XSSEG_BASE + GUEST_IMAGE_GPA, 0, 2,
		DISCO_XSSEG_BASE + DISCO_WINDOW_SIZE, 0x7ffffffffffcULL,
	};

	switch (rndn(8)) {
	case 0:
		r->pc = pcs[rndn(sizeof(pcs) / 8)];
		break;
	case 1:	/* Status: BEV, ERL, EXL, KSU, IE, IM, CU bits */
		r->cp0.status = (__s32)(r->cp0.status ^ (1U << rndn(32)));
		break;
	case 2:
		r->cp0.ebase = (__s32)(0x80000000U | (rnd() & 0x3ffff000U));
		break;
	case 3:
		r->cp0.compare = (__s32)(r->cp0.count + rndn(3));
		r->cp0.status = (__s32)(r->cp0.status | 0x8001);
		break;
	case 4:
		r->cp0.entryhi = rnd() & (0xc000000000000000ULL | 0xffffffffe0ffULL);
		break;
	case 5:
		r->cp0.wired = rndn(70);
		break;
	case 6:
		r->cp0.pagemask = rnd() & 0x1fffe000ULL;
		break;
	default:
		r->cp0.entrylo0 = rnd() & 0x3ffffffffffULL;
		break;
	}
}

/* ---- ELF images ---------------------------------------------------------- */

void fz_load_images(struct fuzz *fz)
{
	static const char * const guests[] = { "hello", "spin", "emulate" };
	unsigned int g;

	for (g = 0; g < sizeof(guests) / sizeof(guests[0]); g++) {
		struct image *im = &fz->images[fz->nr_images];
		char path[4096];

		disco_guest_path(path, sizeof(path), guests[g]);
		im->data = disco_read_file(path, &im->size);
		if (!im->data || im->size > IMG_AREA || im->size < 64)
			continue;
		im->guest = guests[g];
		im->gpa_end = 1 << 20;	/* refined by the first successful load */
		fz->nr_images++;
	}
}

/* Header fields a loader must distrust, at their ELF64 offsets. */
void fz_poke_elf(unsigned char *img, size_t size)
{
	__u64 phoff;
	size_t ph;

	memcpy(&phoff, img + 32, 8);
	ph = phoff < size - 56 ? phoff : 64;
	switch (rndn(10)) {
	case 0: { __u64 v = fz_boundary(); memcpy(img + 32, &v, 8); break; }	/* e_phoff */
	case 1: { __u16 v = rndn(3) ? (__u16)rndn(70) : 0xffff; memcpy(img + 56, &v, 2); break; }
	case 2: { __u16 v = (__u16)fz_boundary(); memcpy(img + 54, &v, 2); break; }	/* e_phentsize */
	case 3: { __u64 v = fz_boundary(); memcpy(img + 24, &v, 8); break; }	/* e_entry */
	case 4: { __u64 v = fz_boundary(); memcpy(img + ph + 8, &v, 8); break; }	/* p_offset */
	case 5: { __u64 v = rndn(2) ? fz_boundary() : DISCO_XSSEG_BASE + fz_boundary();
		  memcpy(img + ph + 16, &v, 8); break; }				/* p_vaddr */
	case 6: { __u64 v = fz_boundary(); memcpy(img + ph + 32, &v, 8); break; }	/* p_filesz */
	case 7: { __u64 v = fz_boundary(); memcpy(img + ph + 40, &v, 8); break; }	/* p_memsz */
	case 8: img[4 + rndn(3)] ^= 1 << rndn(8); break;			/* class, data, version */
	default: { __u16 v = (__u16)rnd(); memcpy(img + (rndn(2) ? 16 : 18), &v, 2); break; }
	}
}
