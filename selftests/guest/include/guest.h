/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The disco test-guest runtime: what a test guest (guest/tests/NAME.c)
 * needs to run as a guest kernel in a disco VM.  A test guest defines
 *
 *	int guest_main(u64 arg);
 *
 * which crt0 calls with the vCPU's initial a0; its return value becomes
 * the exit code (DISCO_MC_EXIT).  Everything privileged below (CP0 access,
 * TLB instructions, wait, eret, cache, di/ei) traps in supervisor mode and
 * is emulated by the monitor: exercising that is the point of the guests.
 */
#ifndef DISCO_GUEST_H
#define DISCO_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/disco.h>

#include "../../lib/guest_layout.h"
#include "model.h"		/* the virtual CPU (kernel/vcpu/model.h) */

/* Kernel-style: u64 is unsigned long long, so %llx fits it. */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;

/* Guest virtual address of guest-physical @gpa, through the direct window. */
#define GPA_TO_VA(gpa)		((u64)(gpa) + DISCO_XSSEG_BASE)
#define VA_TO_GPA(va)		((u64)(va) - DISCO_XSSEG_BASE)

/* Image bounds, from guest.lds. */
extern char _image_start[], _image_end[];

/* The test: a0 at entry is @arg; the return value is the exit code. */
int guest_main(u64 arg);
/* vCPUs other than 0, if the host starts them (crt0.S); weak default: -1. */
int guest_secondary(u64 arg, u64 id);

/*
 * Trapping instructions are emitted in a noreorder block: gas would
 * otherwise move the last one of an asm into the delay slot of a branch
 * that follows it, and the guests test delay-slot (BD) cases only on
 * purpose (in their own assembly).
 */
#define NOSLOT(insns)	".set push\n\t.set noreorder\n\t" insns "\n\t.set pop"

/* ---- monitor calls ---------------------------------------------------- */

/*
 * The argument registers are declared in/out and v1 clobbered: the ABI
 * promises only v0, and a conservative wrapper costs nothing here.
 */
static inline long hypcall(long nr, long a0, long a1)
{
	register long v0 asm("$2") = nr;
	register long r4 asm("$4") = a0;
	register long r5 asm("$5") = a1;

	asm volatile(NOSLOT(".word %3")
		     : "+r" (v0), "+r" (r4), "+r" (r5)
		     : "i" (DISCO_HYPCALL_INSN)
		     : "$3", "$6", "$7", "memory");
	return v0;
}

/* hypcall() with a third argument (a2): the TLB monitor calls. */
static inline long hypcall3(long nr, long a0, long a1, long a2)
{
	register long v0 asm("$2") = nr;
	register long r4 asm("$4") = a0;
	register long r5 asm("$5") = a1;
	register long r6 asm("$6") = a2;

	asm volatile(NOSLOT(".word %4")
		     : "+r" (v0), "+r" (r4), "+r" (r5), "+r" (r6)
		     : "i" (DISCO_HYPCALL_INSN)
		     : "$3", "$7", "memory");
	return v0;
}

static inline void disco_putc(char c)
{
	hypcall(DISCO_MC_PUTC, (u8)c, 0);
}

static inline long disco_write(const void *buf, size_t len)
{
	return hypcall(DISCO_MC_WRITE, (long)buf, len);
}

static inline u64 disco_info(long key)
{
	return hypcall(DISCO_MC_INFO, key, 0);
}

void disco_exit(int code) __attribute__((noreturn));
void disco_assert(const char *msg, int line) __attribute__((noreturn));

/* ---- console and asserts ---------------------------------------------- */

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void guest_assert_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

/* The file's base name keeps messages within DISCO_MC_ASSERT's 256 bytes. */
#ifdef __FILE_NAME__
#define GUEST_FILE	__FILE_NAME__
#else
#define GUEST_FILE	__FILE__
#endif

#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			guest_assert_fail(GUEST_FILE, __LINE__, "%s",	\
					  #cond);			\
	} while (0)

#define GUEST_ASSERT_EQ(a, b)						\
	do {								\
		u64 __a = (u64)(a), __b = (u64)(b);			\
		if (__a != __b)						\
			guest_assert_fail(GUEST_FILE, __LINE__,		\
				"%s == %s (0x%llx != 0x%llx)",		\
				#a, #b, (unsigned long long)__a,	\
				(unsigned long long)__b);		\
	} while (0)

#define GUEST_ASSERT_NE(a, b)						\
	do {								\
		u64 __a = (u64)(a), __b = (u64)(b);			\
		if (__a == __b)						\
			guest_assert_fail(GUEST_FILE, __LINE__,		\
				"%s != %s (both 0x%llx)", #a, #b,	\
				(unsigned long long)__a);		\
	} while (0)

#define GUEST_FAIL(fmt, ...) \
	guest_assert_fail(GUEST_FILE, __LINE__, fmt, ##__VA_ARGS__)

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
int memcmp(const void *a, const void *b, size_t n);

/* ---- CP0 ---------------------------------------------------------------- */

#define C0_INDEX	0, 0
#define C0_RANDOM	1, 0
#define C0_ENTRYLO0	2, 0
#define C0_ENTRYLO1	3, 0
#define C0_USERLOCAL	4, 2
#define C0_CONTEXT	4, 0
#define C0_PAGEMASK	5, 0
#define C0_WIRED	6, 0
#define C0_HWRENA	7, 0
#define C0_BADVADDR	8, 0
#define C0_COUNT	9, 0
#define C0_ENTRYHI	10, 0
#define C0_COMPARE	11, 0
#define C0_STATUS	12, 0
#define C0_CAUSE	13, 0
#define C0_EPC		14, 0
#define C0_PRID		15, 0
#define C0_EBASE	15, 1
#define C0_CONFIG0	16, 0
#define C0_CONFIG1	16, 1
#define C0_CONFIG2	16, 2
#define C0_CONFIG3	16, 3
#define C0_XCONTEXT	20, 0
#define C0_ERROREPC	30, 0

#define ST_IE		0x00000001ULL
#define ST_EXL		0x00000002ULL
#define ST_ERL		0x00000004ULL
#define ST_KSU		0x00000018ULL
#define ST_KSU_USER	0x00000010ULL
#define ST_UX		0x00000020ULL
#define ST_SX		0x00000040ULL
#define ST_KX		0x00000080ULL
#define ST_IM(n)	(0x100ULL << (n))
#define ST_BEV		0x00400000ULL
#define ST_CU1		0x20000000ULL

#define CAUSE_BD	0x80000000ULL
#define CAUSE_CE	0x30000000ULL
#define CAUSE_IV	0x00800000ULL
#define CAUSE_IP(n)	(0x100ULL << (n))
#define CAUSE_EXCCODE(c) (((c) >> 2) & 0x1f)

#define EXC_INT		0
#define EXC_TLBL	2
#define EXC_TLBS	3
#define EXC_ADEL	4
#define EXC_ADES	5
#define EXC_IBE		6
#define EXC_DBE		7
#define EXC_SYS		8
#define EXC_BP		9
#define EXC_RI		10
#define EXC_CPU		11

#define __read_c0(reg, sel) ({						\
	u32 __v;							\
	asm volatile(NOSLOT("mfc0 %0, $%1, %2")					\
		     : "=r" (__v) : "i" (reg), "i" (sel));		\
	__v; })
#define __write_c0(reg, sel, val)					\
	asm volatile(NOSLOT("mtc0 %z0, $%1, %2\n\tehb")				\
		     : : "Jr" ((u32)(val)), "i" (reg), "i" (sel) : "memory")
#define __dread_c0(reg, sel) ({						\
	u64 __v;							\
	asm volatile(NOSLOT("dmfc0 %0, $%1, %2")				\
		     : "=r" (__v) : "i" (reg), "i" (sel));		\
	__v; })
#define __dwrite_c0(reg, sel, val)					\
	asm volatile(NOSLOT("dmtc0 %z0, $%1, %2\n\tehb")			\
		     : : "Jr" ((u64)(val)), "i" (reg), "i" (sel) : "memory")

/* read_c0(C0_STATUS) etc.: the extra level expands "reg, sel". */
#define read_c0(...)		__read_c0(__VA_ARGS__)
#define write_c0(...)		__write_c0(__VA_ARGS__)
#define dread_c0(...)		__dread_c0(__VA_ARGS__)
#define dwrite_c0(...)		__dwrite_c0(__VA_ARGS__)

static inline void tlbwi(void)
{
	asm volatile(NOSLOT("tlbwi\n\tehb") : : : "memory");
}

static inline void tlbwr(void)
{
	asm volatile(NOSLOT("tlbwr\n\tehb") : : : "memory");
}

static inline void tlbp(void)
{
	asm volatile(NOSLOT("tlbp\n\tehb") : : : "memory");
}

static inline void tlbr(void)
{
	asm volatile(NOSLOT("tlbr\n\tehb") : : : "memory");
}

static inline void guest_wait(void)
{
	asm volatile(NOSLOT("wait") : : : "memory");
}

/* di/ei return Status as it was before the instruction. */
static inline u32 di(void)
{
	u32 old;

	asm volatile(NOSLOT("di %0\n\tehb") : "=r" (old) : : "memory");
	return old;
}

static inline u32 ei(void)
{
	u32 old;

	asm volatile(NOSLOT("ei %0\n\tehb") : "=r" (old) : : "memory");
	return old;
}

static inline u64 rdhwr_cc(void)
{
	u64 v;

	asm volatile(NOSLOT("rdhwr %0, $2") : "=r" (v));
	return v;
}

#define cache_op(op, addr)						\
	asm volatile(NOSLOT("cache %0, 0(%1)") : : "i" (op), "r" (addr) : "memory")

#define Index_Invalidate_I	0x00
#define Hit_Writeback_Inv_D	0x15

/* ---- exceptions --------------------------------------------------------- */

/*
 * struct ex_frame - guest state at a guest exception, built by vectors.S.
 * @regs:	GPRs; k0/k1 ($26/$27) read as 0 (the vectors use them)
 * @epc:	written back to EPC by the return path, so a handler may move it
 * @vector:	the vector offset taken (0x000, 0x080, 0x180, 0x200)
 *
 * The return path restores @regs (all but $0, k0 and k1; sp included),
 * @hi, @lo and @epc.  Status is not restored: it stays as the handler
 * left it.  vectors.S hard-codes this layout.
 */
struct ex_frame {
	u64 regs[32];
	u64 hi, lo;
	u64 epc, cause, status, badvaddr;
	u64 vector;
	u64 pad;
};

typedef void (*handler_fn)(struct ex_frame *f);

/* Point EBase at the vectors (once); install_handler() does it implicitly. */
void install_vectors(void);
/* @fn NULL restores the default handler (print the frame, assert-fail). */
void install_handler(int exccode, handler_fn fn);
void dump_frame(const struct ex_frame *f);

/* Resume after the faulting instruction (not in a delay slot). */
static inline void skip_insn(struct ex_frame *f)
{
	f->epc += 4;
}

static inline unsigned int frame_exccode(const struct ex_frame *f)
{
	return CAUSE_EXCCODE(f->cause);
}

/* ---- user mode ---------------------------------------------------------- */

/*
 * run_user() erets to user mode at @pc with sp = @sp and returns the value
 * an exception handler hands to user_return().
 */
long run_user(u64 pc, u64 sp);
void user_return(struct ex_frame *f, long value);

/* ---- probes (probe.S) --------------------------------------------------- */

/* v0 = @marker; ld v0, 0(@addr) at probe_load_insn; returns v0. */
u64 probe_load(u64 addr, u64 marker);
/* sd @val, 0(@addr) at probe_store_insn. */
void probe_store(u64 addr, u64 val);
/*
 * jr @addr; a handler resumes the caller by setting EPC = probe_jump_ret,
 * which makes probe_jump() return 1 (0 if the jump came back otherwise).
 */
long probe_jump(u64 addr);
extern char probe_load_insn[], probe_store_insn[], probe_jump_ret[];

#endif /* DISCO_GUEST_H */
