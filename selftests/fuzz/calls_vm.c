// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's VM descriptor ioctls, DISCO_VM_RUN (run.c) and the NUMA ones
 * (calls_numa.c) aside: GET_INFO, LOAD_RAW, READ_RAW, CREATE_VCPU, GET_REGS,
 * SET_REGS, GET_STATS, LOAD_ELF; and read() on a VM descriptor.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* ---- VM ioctls ----------------------------------------------------------- */

void fz_info(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_vm_info zero = { 0 }, *arg;
	char desc[96];
	int r;

	arg = fz_place(fz, kind, &zero, sizeof(zero));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(zero), true);
	if (kind == P_READONLY)
		fz_exp_err(&x, EFAULT);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_INFO, arg);
	snprintf(desc, sizeof(desc), "arg %s %p", fz_ptrkind_name[kind], (void *)arg);
	fz_check(fz, C_INFO, r, &x, desc);
	if (r == 0 && s && (kind == P_VALID || kind == P_MISALIGNED)) {
		struct disco_vm_info info;

		memcpy(&info, arg, sizeof(info));
		if (strncmp(info.name, s->name, DISCO_NAME_MAX) || info.mem_size != s->mem ||
		    info.max_vcpus != s->max_vcpus || info.nr_vcpus != s->nr_vcpus ||
		    info.state > DISCO_VM_STATE_STOPPED || info.flags != s->flags ||
		    memchr_nonzero(info.reserved, sizeof(info.reserved)))
			fz_report(fz, C_INFO, r, "state",
				  "info name \"%.32s\" mem %#llx vcpus %u/%u state %u flags %#x; expected \"%.32s\" %#llx %u/%u flags %#x",
				  info.name, (unsigned long long)info.mem_size, info.nr_vcpus,
				  info.max_vcpus, info.state, info.flags, s->name,
				  (unsigned long long)s->mem, s->nr_vcpus, s->max_vcpus, s->flags);
	}
}

void fz_raw(struct fuzz *fz, int i, bool load)
{
	enum ptrkind kind = fz_pick_ptrkind(), dkind;
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_mem m = { 0 }, *arg;
	__u64 mem = s ? s->mem : DISCO_MEM_MIN;
	char desc[192];
	void *data;
	int r;

	fz_pick_range(mem, &m.gpa, &m.size);
	dkind = chance(85) ? P_VALID : fz_pick_ptrkind();
	if (dkind == P_VALID && m.size <= SCRATCH_SIZE - 2 * GUARD)
		data = fz->scratch + rndn((SCRATCH_SIZE - 2 * GUARD - m.size) / 8 + 1) * 8;
	else if (dkind == P_PARTIAL && m.size <= SCRATCH_SIZE)
		data = fz->scratch + SCRATCH_SIZE - m.size + 8;
	else if (dkind == P_READONLY && m.size <= 4096)
		data = fz->ro_page + ((4096 - m.size) & ~7ULL);
	else
		data = fz_arg_ptr(fz, dkind == P_VALID ? P_RANDOM : dkind, 8);
	m.data = (__u64)(unsigned long)data;
	fz_mutate(&m, sizeof(m));
	data = (void *)(unsigned long)m.data;
	if (!load) {
		data = fz_sane_wptr(fz, data, m.size);
		m.data = (__u64)(unsigned long)data;
	}

	if (m.flags || m.pad || !m.size || (m.gpa | m.size) % DISCO_LOAD_ALIGN)
		fz_exp_err(&x, EINVAL);
	else if (!s || m.gpa >= s->mem || m.size > s->mem - m.gpa)
		fz_exp_err(&x, ERANGE);
	else if (fz_ptr_bad(fz, data, m.size, !load))
		fz_exp_err(&x, EFAULT);
	else if (!fz_ptr_good(fz, data, m.size, !load))
		fz_exp_add(&x, EFAULT);
	if (!s) {
		/* Knowledge of a destroyed-and-reused slot is gone. */
		x.ok = true;
		fz_exp_add(&x, ERANGE);
		fz_exp_add(&x, EFAULT);
	}
	arg = fz_place(fz, kind, &m, sizeof(m));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(m), false);
	r = fz_ioctl(fz, fz->vmfds[i].fd, load ? DISCO_VM_LOAD_RAW : DISCO_VM_READ_RAW, arg);
	snprintf(desc, sizeof(desc), "arg %s %p gpa %#llx size %#llx data %p flags %#x pad %#x (VM mem %#llx)",
		 fz_ptrkind_name[kind], (void *)arg, (unsigned long long)m.gpa,
		 (unsigned long long)m.size, data, m.flags, m.pad, (unsigned long long)mem);
	fz_check(fz, load ? C_LOAD_RAW : C_READ_RAW, r, &x, desc);
	if (load && s)	/* a write collapses replicated pages */
		fz_numa_written(fz, s, kind == P_VALID || kind == P_MISALIGNED ||
				kind == P_READONLY ? m.gpa : 0,
				kind == P_VALID || kind == P_MISALIGNED ||
				kind == P_READONLY ? m.size : s->mem);
}

void fz_create_vcpu(struct fuzz *fz, int i)
{
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct slot *live = fz_fd_vm(fz, i);
	char desc[96];
	int r;

	if (s && s->nr_vcpus >= s->max_vcpus)
		fz_exp_err(&x, ENOSPC);
	if (!live) {
		/*
		 * The VM was destroyed: ENODEV, as the ABI documents.  A VM
		 * the fuzzer lost track of (s == NULL) may also still live.
		 */
		fz_exp_add(&x, ENODEV);
		x.ok = !s;
	}
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_CREATE_VCPU, chance(90) ? NULL :
		     fz_arg_ptr(fz, fz_pick_ptrkind(), 8));
	snprintf(desc, sizeof(desc), "VM %.32s%s, %u of %u vCPUs", s ? s->name : "?",
		 live ? "" : " (destroyed)", s ? s->nr_vcpus : 0, s ? s->max_vcpus : 0);
	fz_check(fz, C_CREATE_VCPU, r, &x, desc);
	if (r >= 0 && s) {
		if ((__u32)r != s->nr_vcpus)
			fz_report(fz, C_CREATE_VCPU, r, "state", "new vCPU id %d, expected %u",
				  r, s->nr_vcpus);
		s->nr_vcpus = r + 1;
	}
}

void fz_get_regs(struct fuzz *fz, int i, struct disco_regs *out)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_regs regs, *arg;
	char desc[128];
	int r;

	memset(&regs, 0, sizeof(regs));
	regs.vcpu = fz_pick_vcpu(s);
	if (chance(15))
		fz_mutate(&regs, sizeof(regs));
	if (regs.flags || memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
	    memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)))
		fz_exp_err(&x, EINVAL);
	if (s && regs.vcpu >= s->nr_vcpus)
		fz_exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		fz_exp_add(&x, ENOENT);
	}
	fz_busy_ok(s, regs.vcpu, &x);
	arg = fz_place(fz, kind, &regs, sizeof(regs));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(regs), true);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_REGS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u flags %#x (VM has %u vCPUs)%s",
		 fz_ptrkind_name[kind], (void *)arg, regs.vcpu, regs.flags, s ? s->nr_vcpus : 0,
		 memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
		 memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)) ?
		 " reserved fields non-zero" : "");
	fz_check(fz, C_GET_REGS, r, &x, desc);
	if (out) {
		if (r == 0 && (kind == P_VALID || kind == P_MISALIGNED))
			memcpy(out, arg, sizeof(*out));
		else
			out->vcpu = ~0U;
	}
}

void fz_set_regs(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_regs regs, *arg;
	bool changed = false;
	char desc[160];
	int r;

	fz_get_regs(fz, i, &regs);	/* a real call, checked as well */
	if (regs.vcpu == ~0U) {
		memset(&regs, 0, sizeof(regs));
		regs.vcpu = fz_pick_vcpu(s);
		changed = true;
	}
	if (chance(40)) {
		fz_poke_regs(&regs);
		changed = true;
	}
	changed |= fz_mutate(&regs, sizeof(regs));
	if (regs.flags || regs.gpr[0] || (regs.pc & 3) ||
	    memchr_nonzero(regs.reserved, sizeof(regs.reserved)) ||
	    memchr_nonzero(regs.cp0.reserved, sizeof(regs.cp0.reserved)))
		fz_exp_err(&x, EINVAL);
	else if (changed)
		fz_exp_add(&x, EINVAL);	/* the oracle does not model every CP0 rule */
	if (s && regs.vcpu >= s->nr_vcpus)
		fz_exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		fz_exp_add(&x, ENOENT);
		fz_exp_add(&x, EINVAL);
	}
	fz_busy_ok(s, regs.vcpu, &x);
	if (s && s->racing)
		fz_exp_add(&x, EINVAL);	/* Random/BadVAddr moved since the read */
	arg = fz_place(fz, kind, &regs, sizeof(regs));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(regs), false);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_SET_REGS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %u pc %#llx status %#llx ebase %#llx%s",
		 fz_ptrkind_name[kind], (void *)arg, regs.vcpu, (unsigned long long)regs.pc,
		 (unsigned long long)regs.cp0.status, (unsigned long long)regs.cp0.ebase,
		 changed ? " (mutated)" : " (as read)");
	fz_check(fz, C_SET_REGS, r, &x, desc);
}

void fz_stats(struct fuzz *fz, int i)
{
	enum ptrkind kind = fz_pick_ptrkind();
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_stats st, *arg;
	char desc[128];
	int r;

	memset(&st, 0, sizeof(st));
	st.vcpu = chance(30) ? DISCO_STATS_VM : fz_pick_vcpu(s);
	fz_mutate(&st, sizeof(st));
	if (st.flags || memchr_nonzero(st.reserved, sizeof(st.reserved)))
		fz_exp_err(&x, EINVAL);
	if (s && st.vcpu != DISCO_STATS_VM && st.vcpu >= s->nr_vcpus)
		fz_exp_err(&x, ENOENT);
	if (!s) {
		x.ok = true;
		fz_exp_add(&x, ENOENT);
	}
	arg = fz_place(fz, kind, &st, sizeof(st));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(st), true);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_GET_STATS, arg);
	snprintf(desc, sizeof(desc), "arg %s %p vcpu %#x flags %#x", fz_ptrkind_name[kind],
		 (void *)arg, st.vcpu, st.flags);
	fz_check(fz, C_STATS, r, &x, desc);
	if (r == 0 && kind != P_READONLY && kind != P_PARTIAL) {
		memcpy(&st, arg, sizeof(st));
		if (memchr_nonzero(st.reserved, sizeof(st.reserved)))
			fz_report(fz, C_STATS, r, "state", "reserved out fields not zero");
		/* Only the daemon's sampling counts, on a host of 2+ nodes. */
		if (st.numa_samples && s && fz->nr_mem_nodes < 2)
			fz_report(fz, C_STATS, r, "state", "%llu NUMA samples, but nothing samples VM %.32s",
				  (unsigned long long)st.numa_samples, s->name);
	}
}

void fz_load_elf(struct fuzz *fz, int i)
{
	static const __u64 sizes[] = {
		0, 1, 63, 64, 65, DISCO_IMAGE_MAX + 1, ~0ULL, 1ULL << 63,
		DISCO_IMAGE_MAX + DISCO_PAGE_SIZE,
	};
	enum ptrkind kind = fz_pick_ptrkind(), ikind = P_VALID;
	struct expect x = { .ok = true };
	struct slot *s = fz_fd_slot(fz, i);
	struct disco_load_elf l = { 0 }, *arg;
	struct image *im;
	bool pristine = true, fits_img;
	unsigned char *img;
	char desc[192];
	int r;

	if (!fz->nr_images)
		return;
	im = &fz->images[rndn(fz->nr_images)];
	img = fz->img_area + IMG_AREA - im->size;	/* ends at the guard */
	memcpy(img, im->data, im->size);
	if (chance(50)) {
		pristine = false;
		if (chance(60))
			fz_poke_elf(img, im->size);
		else
			fz_flip_bits(img, chance(80) ? 512 : im->size, 1 + rndn(4));
	}
	l.image = (__u64)(unsigned long)img;
	l.size = im->size;
	switch (rndn(10)) {
	case 0:
		l.size = sizes[rndn(sizeof(sizes) / 8)];
		pristine = false;
		break;
	case 1:
		l.size = 64 + rndn(im->size - 64);	/* truncated */
		pristine = false;
		break;
	case 2:
		l.size = im->size + 1 + rndn(chance(90) ? 4096 : DISCO_IMAGE_MAX - im->size);
		pristine = false;
		break;
	case 3:
		ikind = fz_pick_ptrkind();
		if (ikind != P_VALID) {
			l.image = (__u64)(unsigned long)fz_arg_ptr(fz, ikind == P_MISALIGNED ||
					ikind == P_READONLY ? P_RANDOM : ikind, im->size);
			if (ikind == P_PARTIAL)
				l.image = (__u64)(unsigned long)(fz->scratch + SCRATCH_SIZE - 8);
			pristine = false;
		}
		break;
	}
	pristine &= !fz_mutate(&l, sizeof(l));
	/* Bound what the kernel allocates for the image (kvmalloc(size)). */
	if (l.size > (16 << 20) && l.size <= DISCO_IMAGE_MAX) {
		if (fz->huge_left > 0)
			fz->huge_left--;
		else
			l.size = 16 << 20;
	}

	fits_img = l.image == (__u64)(unsigned long)img && l.size <= im->size;
	if (l.flags || l.pad || !l.size || memchr_nonzero(l.reserved, sizeof(l.reserved)))
		fz_exp_err(&x, EINVAL);
	else if (l.size > DISCO_IMAGE_MAX)
		fz_exp_err(&x, E2BIG);
	else if (l.size < 64)
		fz_exp_err(&x, ENOEXEC);
	else if (fz_ptr_bad(fz, (void *)(unsigned long)l.image, l.size, false))
		fz_exp_err(&x, EFAULT);
	else if (!fits_img) {
		fz_exp_add(&x, EFAULT);
		fz_exp_add(&x, ENOEXEC);
		fz_exp_add(&x, ERANGE);
		fz_exp_add(&x, ENOMEM);
	} else if (!pristine || !s || s->mem < im->gpa_end) {
		fz_exp_add(&x, ENOEXEC);
		fz_exp_add(&x, ERANGE);
		if (!s || s->mem < im->gpa_end)
			x.ok = true;
	}
	if (!s)
		x.ok = true;
	arg = fz_place(fz, kind, &l, sizeof(l));
	fz_expect_ptr(fz, &x, kind, arg, sizeof(l), true);
	r = fz_ioctl(fz, fz->vmfds[i].fd, DISCO_VM_LOAD_ELF, arg);
	snprintf(desc, sizeof(desc), "arg %s %p image %s %#llx (%s) size %#llx flags %#x (VM mem %#llx)",
		 fz_ptrkind_name[kind], (void *)arg, im->guest, (unsigned long long)l.image,
		 pristine ? "pristine" : "mutated", (unsigned long long)l.size, l.flags,
		 (unsigned long long)(s ? s->mem : 0));
	fz_check(fz, C_LOAD_ELF, r, &x, desc);
	if (s)
		fz_numa_written(fz, s, 0, s->mem);
	if (r == 0 && pristine && (kind == P_VALID || kind == P_MISALIGNED)) {
		memcpy(&l, arg, sizeof(l));
		if (im->gpa_end == 1 << 20 || im->gpa_end > l.gpa_end)
			im->gpa_end = l.gpa_end;
	}
}

void fz_read(struct fuzz *fz, int i)
{
	enum ptrkind kind = chance(80) ? P_VALID : fz_pick_ptrkind();
	size_t len = chance(50) ? rndn(4096) : fz_boundary();
	void *buf = kind == P_VALID ? fz->scratch : fz_arg_ptr(fz, kind, 8);
	ssize_t n;

	if (kind == P_VALID && len > SCRATCH_SIZE)
		len = SCRATCH_SIZE;
	n = read(fz->vmfds[i].fd, buf, len);
	if (n < 0 && errno != EAGAIN && errno != EFAULT && errno != EINTR &&
	    errno != EINVAL)
		fz_report(fz, C_UNKNOWN, -errno, "read", "read(VM fd, %p (%s), %zu)", buf,
			  fz_ptrkind_name[kind], len);
}
