/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco vCPUs: the run loop, guest entry/exit, exception delivery and the
 * emulation of privileged instructions.
 */
#ifndef DISCO_VCPU_VCPU_H
#define DISCO_VCPU_VCPU_H

#include "../disco.h"

/* Cause and Status bits the monitor uses (the guest's view). */
#define DISCO_ST_IE		0x00000001U
#define DISCO_ST_EXL		0x00000002U
#define DISCO_ST_ERL		0x00000004U
#define DISCO_ST_KSU		0x00000018U
#define DISCO_ST_KSU_USER	0x00000010U
#define DISCO_ST_UX		0x00000020U
#define DISCO_ST_SX		0x00000040U
#define DISCO_ST_KX		0x00000080U
#define DISCO_ST_IM		0x0000ff00U
#define DISCO_ST_BEV		0x00400000U
#define DISCO_ST_FR		0x04000000U
#define DISCO_ST_CU1		0x20000000U
#define DISCO_ST_CU2		0x40000000U
#define DISCO_CAUSE_EXC		0x0000007cU
#define DISCO_CAUSE_IP		0x0000ff00U
#define DISCO_CAUSE_IV		0x00800000U
#define DISCO_CAUSE_CE		0x30000000U
#define DISCO_CAUSE_TI		0x40000000U
#define DISCO_CAUSE_BD		0x80000000U

/* Exception codes (Cause.ExcCode). */
enum disco_exccode {
	EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
	EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
	EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13, EXC_FPE = 15,
	EXC_WATCH = 23, EXC_MCHECK = 24,
};

/* The outcome of emulating one trapping instruction. */
enum disco_emulation {
	DISCO_EMULATION_DONE,		/* performed: step past the instruction */
	DISCO_EMULATION_RAISED,		/* an exception went to the guest instead */
	DISCO_EMULATION_HALTED,		/* the vCPU halted (exit, assert, fault) */
	DISCO_EMULATION_RETRY,		/* a signal came first: run it again later */
};

/* How an exception reaches the guest. */
enum disco_vector {
	DISCO_VECTOR_GENERAL,		/* +0x180 */
	DISCO_VECTOR_REFILL,		/* +0x000 / +0x080 unless EXL */
	DISCO_VECTOR_INTERRUPT,		/* +0x200 if Cause.IV, else +0x180 */
};

/* vcpu.c */
struct disco_vcpu *disco_vcpu_create(struct disco_vm *vm, unsigned int id);
void disco_vcpu_free(struct disco_vcpu *vcpu);
void disco_vcpu_kick(struct disco_vcpu *vcpu);

/* regs.c */
void disco_vcpu_get_regs(struct disco_vcpu *vcpu, struct disco_regs *regs);
int disco_vcpu_set_regs(struct disco_vcpu *vcpu, const struct disco_regs *regs);

/* run.c */
int disco_vcpu_run(struct disco_vcpu *vcpu, struct disco_run *run);
enum disco_resume disco_vcpu_halt(struct disco_vcpu *vcpu, u32 reason,
				  s32 code, u32 fault);

/* exit.c */
enum disco_resume disco_handle_exit(struct disco_vcpu *vcpu);
u64 disco_exit_insn_pc(struct disco_vcpu *vcpu);

/* exception.c */
enum disco_resume disco_deliver(struct disco_vcpu *vcpu, unsigned int exccode,
				enum disco_vector vector);
enum disco_resume disco_deliver_addr(struct disco_vcpu *vcpu,
				     unsigned int exccode, u64 badvaddr);
enum disco_resume disco_deliver_tlb(struct disco_vcpu *vcpu,
				    unsigned int exccode, u64 badvaddr,
				    bool refill);
bool disco_interrupt_pending(struct disco_vcpu *vcpu);
enum disco_resume disco_deliver_interrupts(struct disco_vcpu *vcpu);

/* emulate.c */
int disco_fetch_insn(struct disco_vcpu *vcpu, u64 va, u32 *word);
int disco_next_pc(struct disco_vcpu *vcpu, u64 *next);
enum disco_resume disco_emulate(struct disco_vcpu *vcpu, unsigned int exccode);

/* cp0.c */
u64 disco_cp0_read(struct disco_vcpu *vcpu, unsigned int reg, unsigned int sel);
void disco_cp0_write(struct disco_vcpu *vcpu, unsigned int reg,
		     unsigned int sel, u64 val);
void disco_cp0_reset(struct disco_vcpu *vcpu);
u32 disco_cp0_cause(struct disco_vcpu *vcpu);
bool disco_guest_user_mode(const struct disco_vcpu *vcpu);

/* timer.c */
void disco_timer_init(struct disco_vcpu *vcpu);
void disco_timer_cancel(struct disco_vcpu *vcpu);
u32 disco_timer_count(struct disco_vcpu *vcpu);
void disco_timer_set_count(struct disco_vcpu *vcpu, u32 count);
void disco_timer_set_compare(struct disco_vcpu *vcpu, u32 compare);

/* hypcall.c */
enum disco_emulation disco_monitor_call(struct disco_vcpu *vcpu);
enum disco_emulation disco_emulation_raised(enum disco_resume res);

/* entry.S: copied into the vector page, never run where linked */
extern char disco_vecpage_code[], disco_vecpage_code_end[];
extern char disco_enter_guest[];

/* vecpage.c */
int disco_vecpage_init(void);
void disco_vecpage_exit(void);
int disco_vecpage_enter(struct disco_vcpu *vcpu);

/* fpu_asm.S: CU1 on and Status.FR = @fr already */
void disco_fpu_save(struct disco_fpu *fpu, int fr);
void disco_fpu_restore(const struct disco_fpu *fpu, int fr);

/* fpu.c */
enum disco_resume disco_fpu_trap(struct disco_vcpu *vcpu);
void disco_fpu_put(struct disco_vcpu *vcpu);
void disco_fpu_run_begin(struct disco_vcpu *vcpu);
void disco_fpu_run_end(struct disco_vcpu *vcpu);
void disco_fpu_init(void);
void disco_fpu_exit(void);

/* commpage.c */
struct disco_insn;
int disco_commpage_init(struct disco_vcpu *vcpu);
void disco_commpage_free(struct disco_vcpu *vcpu);
void disco_commpage_push(struct disco_vcpu *vcpu);
void disco_commpage_pull(struct disco_vcpu *vcpu);
u64 disco_commpage_entrylo(struct disco_vcpu *vcpu, u64 va);
bool disco_commpage_covers(struct disco_vcpu *vcpu, u64 va);
void disco_commpage_rewrite(struct disco_vcpu *vcpu, const struct disco_insn *insn,
			    u64 pc, u32 word, u32 old_status);

/* probe.c */
int disco_probe_supervisor(void);

static inline u64 disco_sext32(u32 v)
{
	return (u64)(s64)(s32)v;
}

#endif /* DISCO_VCPU_VCPU_H */
