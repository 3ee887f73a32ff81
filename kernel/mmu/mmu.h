/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco MMU virtualisation: the pmap (guest-physical -> machine pages), the
 * guest's virtual TLB, and the host TLB entries shadowing both.
 */
#ifndef DISCO_MMU_MMU_H
#define DISCO_MMU_MMU_H

#include "../disco.h"

/* EntryLo bits, guest's and host's alike. */
#define DISCO_LO_G		0x1ULL
#define DISCO_LO_V		0x2ULL
#define DISCO_LO_D		0x4ULL

/* Guest address-space geography (see uapi: the direct window). */
#define DISCO_CSSEG_START	0xffffffffc0000000ULL
#define DISCO_CSSEG_END		0xffffffffe0000000ULL

static inline bool disco_in_window(u64 va)
{
	return va >= DISCO_XSSEG_BASE && va - DISCO_XSSEG_BASE < DISCO_WINDOW_SIZE;
}

static inline bool disco_in_csseg(u64 va)
{
	return va >= DISCO_CSSEG_START && va < DISCO_CSSEG_END;
}

/* With Status.ERL, useg is unmapped: guest-physical = virtual. */
static inline bool disco_erl_unmapped(const struct disco_vcpu *vcpu, u64 va)
{
	return (vcpu->cp0.status & 0x4) && va < 0x80000000ULL;
}

/* Which of the vCPU's host contexts the guest runs in now (disco.h). */
unsigned int disco_ctx_mode(const struct disco_vcpu *vcpu);

/* pmap.c */
struct page *disco_pmap_alloc_page(int node, bool strict);
int disco_pmap_alloc(struct disco_vm *vm);
void disco_pmap_free(struct disco_vm *vm);
bool disco_gpa_valid(const struct disco_vm *vm, u64 gpa, u64 len);
struct page *disco_pmap_page(const struct disco_vm *vm, u64 gpa);
struct page *disco_pmap_map_page(const struct disco_vm *vm, u64 gpa, int node,
				 bool *writable);
void disco_pmap_flush_icache(struct disco_vm *vm, u64 gpa, size_t line);
bool disco_pmap_cmpxchg32(struct disco_vm *vm, u64 gpa, u32 old, u32 new);
void disco_pmap_write(struct disco_vm *vm, u64 gpa, const void *src, size_t len);
void disco_pmap_read(struct disco_vm *vm, u64 gpa, void *dst, size_t len);
void disco_pmap_zero(struct disco_vm *vm, u64 gpa, size_t len);
int disco_pmap_copy_from_user(struct disco_vm *vm, u64 gpa,
			      const void __user *src, size_t len);
int disco_pmap_copy_to_user(struct disco_vm *vm, u64 gpa,
			    void __user *dst, size_t len);

/* gtlb.c: the guest's TLB, exactly as the architecture defines it */
struct disco_gtlb_hit {
	u64 gpa;			/* guest-physical address of the byte */
	bool valid;			/* EntryLo.V */
	bool dirty;			/* EntryLo.D */
};

void disco_gtlb_reset(struct disco_vcpu *vcpu);
void disco_gtlb_write(struct disco_vcpu *vcpu, unsigned int idx);
void disco_gtlb_read(struct disco_vcpu *vcpu);
void disco_gtlb_probe(struct disco_vcpu *vcpu);
unsigned int disco_gtlb_random(struct disco_vcpu *vcpu);
unsigned int disco_gtlb_update(struct disco_vcpu *vcpu, u64 hi, u64 lo0, u64 lo1);
int disco_gtlb_flush_one(struct disco_vcpu *vcpu, u64 hi);
bool disco_gtlb_lookup(struct disco_vcpu *vcpu, u64 va, struct disco_gtlb_hit *hit);
int disco_guest_translate(struct disco_vcpu *vcpu, u64 va, u64 *gpa);

/* shadow.c: host ASID contexts and host TLB entries */
unsigned int disco_ctx_index(const struct disco_vcpu *vcpu);
int disco_ctx_prepare(struct disco_vcpu *vcpu);
u64 disco_ctx_activate(struct disco_vcpu *vcpu);
void disco_ctx_free_all(struct disco_vcpu *vcpu);
void disco_shadow_fill(struct disco_vcpu *vcpu, u64 va, u64 lo0, u64 lo1);
void disco_shadow_invalidate(struct disco_vcpu *vcpu, u64 start, u64 size,
			     int asid);
u64 disco_machine_entrylo(struct page *page, bool dirty);

/* l2tlb.c: the second-level software TLB the refill vectors consult */
u64 disco_l2tlb_context_tag(const struct disco_vcpu *vcpu);
void disco_l2tlb_insert(struct disco_vcpu *vcpu, u64 va, u64 lo0, u64 lo1,
			bool global);
void disco_l2tlb_invalidate(struct disco_vcpu *vcpu, u64 start, u64 size,
			    int asid);
void disco_l2tlb_flush(struct disco_vcpu *vcpu);

/* memmap.c: which mappings use a guest page, for targeted invalidation */
int disco_memmap_alloc(struct disco_vm *vm);
void disco_memmap_free(struct disco_vm *vm);
void disco_memmap_note(struct disco_vcpu *vcpu, u64 gpa, u64 va, bool global);
void disco_memmap_shootdown(struct disco_vm *vm, unsigned long gfn);
void disco_shadow_invalidate_here(struct mm_struct *mm, u64 va);

/* fault.c */
enum disco_resume disco_mmu_fault(struct disco_vcpu *vcpu, unsigned int exccode);
enum disco_resume disco_mmu_fetch_fault(struct disco_vcpu *vcpu, u64 va);

#endif /* DISCO_MMU_MMU_H */
