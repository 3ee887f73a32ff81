// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny guest "OS" for the CPU/MMU workloads (bench/osbench.h): its own
 * exception vectors with minimal assembly handlers, and user programs
 * that stress the TLB, make syscalls or raise break exceptions.
 *
 * The vectors (os_vectors, EBase) handle the common cases themselves,
 * with k0/k1 only, like a real kernel's fast paths:
 *
 *   XTLB refill (+0x080): a user address in [4, 8) GiB is mapped
 *	arithmetically (page pair at offset x -> the pool at x mod 4 MiB):
 *	dmfc0 BadVAddr, compute, dmtc0 EntryLo0/1, tlbwr, eret (20
 *	instructions, 5 of them trap without a commpage: the CP0 moves,
 *	tlbwr, eret; with one, only tlbwr and eret).
 *   general (+0x180): a syscall or break from user mode with v0 = 0 is
 *	"handled" by stepping over it: mfc0 Cause, dmfc0 EPC, dmtc0 EPC,
 *	eret (11 instructions for syscall, 13 for break).
 *
 * Everything else goes to the selftests runtime's vectors (guest_vectors,
 * the full C path): the user program ends with a syscall with v0 = 1,
 * which returns from run_user() to guest_main().
 */
#include "guest.h"
#include "../osbench.h"

#define USER_VA		0x10000000ULL	/* the user code page */
#define USER_ASID	7
#define PARAMS_GPA	0x7000ULL	/* refill parameters, below the image */
#define ELO_FLAGS	0x1eULL		/* cacheable (3), D, V; not global */

/* run_user() leaves a2/a3 alone: the user program gets them as arguments. */
extern long run_user4(u64 pc, u64 sp, u64 a2, u64 a3) __asm__("run_user");
extern char guest_vectors[], os_vectors[];

asm(".pushsection .text.osvec, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n.set mips64r2\n"
    ".balign 4096\n"
    ".globl os_vectors\n"
    "os_vectors:\n"
    ".org 0x000\n"			/* 32-bit refill: not ours */
    "	j guest_vectors + 0x000\n	nop\n"
    ".org 0x080\n"			/* XTLB refill */
    "	dmfc0 $26, $8\n"		/* BadVAddr */
    "	dsrl $27, $26, 32\n"
    "	daddiu $27, $27, -1\n"
    "	bnez $27, 1f\n"			/* not in [4, 8) GiB */
    "	lui $27, 0x4000\n"
    "	dsll32 $27, $27, 0\n"		/* the direct window */
    "	ld $27, 0x7000($27)\n"		/* pool mask, PARAMS_GPA + 0 */
    "	and $26, $26, $27\n"
    "	lui $27, 0x40\n"		/* OSB_POOL_GPA */
    "	daddu $26, $26, $27\n"
    "	dsrl $26, $26, 6\n"		/* gpa >> 12 << 6 */
    "	ori $26, $26, 0x1e\n"		/* ELO_FLAGS */
    "	dmtc0 $26, $2\n"		/* EntryLo0 */
    "	lui $27, 0x4000\n"
    "	dsll32 $27, $27, 0\n"
    "	ld $27, 0x7008($27)\n"		/* odd page delta, PARAMS_GPA + 8 */
    "	daddu $26, $26, $27\n"
    "	dmtc0 $26, $3\n"		/* EntryLo1 */
    "	tlbwr\n"
    "	eret\n"
    "1:	j guest_vectors + 0x080\n	nop\n"
    ".org 0x100\n"			/* cache error */
    "	j guest_vectors + 0x100\n	nop\n"
    ".org 0x180\n"			/* general exception */
    "	bnez $2, 1f\n"			/* v0 != 0: not a fast one */
    "	nop\n"
    "	mfc0 $26, $13\n"		/* Cause */
    "	andi $26, $26, 0x7c\n"
    "	daddiu $26, $26, -0x20\n"	/* EXC_SYS << 2 */
    "	beqz $26, 2f\n"
    "	daddiu $26, $26, -0x04\n"	/* EXC_BP << 2, relative */
    "	bnez $26, 1f\n"
    "	nop\n"
    "2:	dmfc0 $26, $14\n"		/* EPC */
    "	daddiu $26, $26, 4\n"
    "	dmtc0 $26, $14\n"
    "	eret\n"
    "1:	j guest_vectors + 0x180\n	nop\n"
    ".org 0x200\n"			/* interrupt, Cause.IV */
    "	j guest_vectors + 0x200\n	nop\n"
    ".set pop\n"
    ".popsection\n");

/*
 * The user programs, in their own page at USER_VA.  Each ends with a
 * syscall with v0 = 1, which the runtime's C path turns into a return
 * from run_user().
 *
 * u_tlb:   sp = first address, a2 = P pages, a3 = N passes
 * u_sys:   a2 = N syscalls
 * u_brk:   a2 = N breaks
 */
asm(".pushsection .user, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n"
    ".globl os_user_page, u_tlb, u_sys, u_brk\n"
    "os_user_page:\n"
    "u_tlb:	ori $12, $0, 0x4000\n"		/* OSB_STRIDE */
    "	beqz $7, 3f\n"
    "	nop\n"
    "1:	move $8, $29\n"
    "	move $9, $6\n"
    "2:	ld $10, 0($8)\n"
    "	daddiu $9, $9, -1\n"
    "	bnez $9, 2b\n"
    "	daddu $8, $8, $12\n"
    "	daddiu $7, $7, -1\n"
    "	bnez $7, 1b\n"
    "	nop\n"
    "3:	ori $2, $0, 1\n"
    "	syscall\n"
    "	b .\n	nop\n"
    "u_sys:	move $2, $0\n"
    "	beqz $6, 3f\n"
    "	nop\n"
    "1:	syscall\n"
    "	daddiu $6, $6, -1\n"
    "	bnez $6, 1b\n"
    "	nop\n"
    "3:	ori $2, $0, 1\n"
    "	syscall\n"
    "	b .\n	nop\n"
    "u_brk:	move $2, $0\n"
    "	beqz $6, 3f\n"
    "	nop\n"
    "1:	break\n"
    "	daddiu $6, $6, -1\n"
    "	bnez $6, 1b\n"
    "	nop\n"
    "3:	ori $2, $0, 1\n"
    "	syscall\n"
    "	b .\n	nop\n"
    ".set pop\n"
    ".popsection\n");

extern char os_user_page[], u_tlb[], u_sys[], u_brk[];

static u64 uva(const char *sym)
{
	return USER_VA + (sym - os_user_page);
}

/* The slow path: the end of a user program, or something unexpected. */
static void finish(struct ex_frame *f)
{
	if ((f->status & ST_KSU) != ST_KSU_USER) {
		dump_frame(f);
		GUEST_FAIL("exception in guest kernel mode");
	}
	if (f->regs[2] == 1 && frame_exccode(f) == EXC_SYS) {
		user_return(f, 0);
		return;
	}
	dump_frame(f);
	user_return(f, 100 + frame_exccode(f));
}

static void set_ebase(u64 va)
{
	u32 status = read_c0(C0_STATUS);

	write_c0(C0_STATUS, status | ST_BEV);
	write_c0(C0_EBASE, 0x80000000U | (u32)VA_TO_GPA(va));
	write_c0(C0_STATUS, status & ~ST_BEV);
}

/* The user code page: wired entry 0, global-free, under USER_ASID. */
static void map_user(void)
{
	write_c0(C0_WIRED, 0);
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	dwrite_c0(C0_ENTRYHI, USER_VA | USER_ASID);
	dwrite_c0(C0_ENTRYLO0, (VA_TO_GPA(os_user_page) >> 12) << 6 | ELO_FLAGS);
	dwrite_c0(C0_ENTRYLO1, 0);
	write_c0(C0_INDEX, 0);
	tlbwi();
	write_c0(C0_WIRED, 1);
}

int guest_main(u64 arg)
{
	unsigned int n = OSB_N(arg), p = OSB_P(arg), pshift = OSB_PSHIFT(arg);
	volatile u64 *params = (volatile u64 *)GPA_TO_VA(PARAMS_GPA);
	u64 psize;
	long r;

	GUEST_ASSERT((u64)VA_TO_GPA(_image_end) <= OSB_POOL_GPA);
	GUEST_ASSERT((u64)VA_TO_GPA(_image_start) > PARAMS_GPA + 16);
	install_handler(EXC_SYS, finish);	/* EBase = guest_vectors ... */
	install_handler(EXC_BP, finish);
	set_ebase((u64)os_vectors);		/* ... then ours, over it */
	map_user();

	switch (OSB_WORK(arg)) {
	case OSB_TLB:
		GUEST_ASSERT(pshift >= 14 && pshift <= 22);
		GUEST_ASSERT(p > 0 && (u64)p * OSB_STRIDE <= (1ULL << 32));
		psize = 1ULL << pshift;
		params[0] = (OSB_POOL_SIZE - 1) & ~(2 * psize - 1);
		params[1] = psize >> 6;
		write_c0(C0_PAGEMASK, ((psize - 1) << 1) & ~0x1fffULL);
		r = run_user4(uva(u_tlb), OSB_UBASE, p, n);
		break;
	case OSB_SYSCALL:
		r = run_user4(uva(u_sys), 0, n, 0);
		break;
	case OSB_BREAK:
		r = run_user4(uva(u_brk), 0, n, 0);
		break;
	default:
		GUEST_FAIL("unknown workload %u", OSB_WORK(arg));
	}
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	set_ebase((u64)guest_vectors);
	return r;
}
