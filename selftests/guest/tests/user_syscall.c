// SPDX-License-Identifier: GPL-2.0
/*
 * Guest user mode: the guest kernel maps a code page and a data page into
 * xuseg with its own TLB entry and erets to user mode.  syscall and break
 * reach its handler with EPC at the instruction; a monitor call from user
 * mode is a Reserved Instruction, a CP0 access Coprocessor Unusable, a
 * load from xsseg (the guest kernel's own space) an address error, and an
 * unmapped xuseg address a TLB refill through the XTLB refill vector.
 */
#include "guest.h"

#define USER_VA		0x10000000ULL	/* code page; the data page follows */
#define USER_ASID	5
#define USER_SP		(USER_VA + 2 * DISCO_PAGE_SIZE)

/*
 * The user program, in its own page.  Each entry point does one thing and
 * then a syscall, so an instruction that failed to trap still ends up in
 * the handler, with an EPC the checks reject.
 */
asm(".pushsection .user, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n"
    ".globl user_page\n"
    "user_page:\n"
    "u_syscall: syscall\n"
    "	syscall\n	b .\n	nop\n"
    "u_break: break\n"
    "	syscall\n	b .\n	nop\n"
    "u_hypcall: .word 0x42000028\n"
    "	syscall\n	b .\n	nop\n"
    "u_mfc0: mfc0 $2, $12\n"
    "	syscall\n	b .\n	nop\n"
    "u_xsseg: lui $8, 0x4000\n"
    "	dsll32 $8, $8, 0\n"
    "u_xsseg_insn: ld $9, 0($8)\n"
    "	syscall\n	b .\n	nop\n"
    "u_unmapped: lui $8, 0x2000\n"
    "u_unmapped_insn: ld $9, 0($8)\n"
    "	syscall\n	b .\n	nop\n"
    "u_zero: ld $9, 0($0)\n"		/* the commpage is not the user's */
    "	syscall\n	b .\n	nop\n"
    "u_rw: lui $8, 0x1000\n"		/* USER_VA */
    "	ld $9, 0($8)\n"
    "	sd $9, 0x4000($8)\n"		/* the data page */
    "u_rw_done: syscall\n	b .\n	nop\n"
    ".set pop\n"
    ".popsection\n");

extern char user_page[], u_syscall[], u_break[], u_hypcall[], u_mfc0[],
	u_xsseg[], u_xsseg_insn[], u_unmapped[], u_unmapped_insn[], u_rw[],
	u_rw_done[], u_zero[];

static u8 user_data[DISCO_PAGE_SIZE] __attribute__((aligned(DISCO_PAGE_SIZE)));
static struct ex_frame seen;
static int nr_seen;

/* A load from the commpage, written as the monitor's rewrites are. */
static u64 commpage_status(void)
{
	u64 v;

	asm volatile("ld %0, %1($0)" : "=r" (v) : "i" (DISCO_CP_STATUS));
	return v;
}

static u64 uva(const char *sym)
{
	return USER_VA + (sym - user_page);
}

static void user_trap(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	user_return(f, frame_exccode(f));
}

static void map_user(void)
{
	u64 flags = (3 << 3) | 0x6;	/* cacheable, D, V; G = 0 */

	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);
	dwrite_c0(C0_ENTRYHI, USER_VA | USER_ASID);
	dwrite_c0(C0_ENTRYLO0, (VA_TO_GPA(user_page) >> 12) << 6 | flags);
	dwrite_c0(C0_ENTRYLO1, (VA_TO_GPA(user_data) >> 12) << 6 | flags);
	write_c0(C0_INDEX, 0);
	tlbwi();
	/* EntryHi keeps USER_ASID: the current address space. */
}

/**
 * run() - run the user program at @entry, expect exception @code at @epc.
 */
static void run(const char *what, const char *entry, unsigned int code,
		u64 epc)
{
	long r;

	guest_printf("user_syscall: %s\n", what);
	nr_seen = 0;
	r = run_user(uva(entry), USER_SP);
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(r, code);
	GUEST_ASSERT_EQ(seen.epc, epc);
	GUEST_ASSERT_EQ(seen.cause & CAUSE_BD, 0);
	GUEST_ASSERT_EQ(seen.status & ST_KSU, ST_KSU_USER);
	GUEST_ASSERT(seen.status & ST_EXL);
	GUEST_ASSERT_EQ(seen.regs[29], USER_SP);
	/* Back in guest kernel mode. */
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & (ST_KSU | ST_EXL), 0);
}

int guest_main(u64 arg)
{
	static const int codes[] = {
		EXC_SYS, EXC_BP, EXC_RI, EXC_CPU, EXC_ADEL, EXC_TLBL,
	};
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		install_handler(codes[i], user_trap);
	map_user();

	run("syscall", u_syscall, EXC_SYS, uva(u_syscall));
	GUEST_ASSERT_EQ(seen.vector, 0x180);
	run("break", u_break, EXC_BP, uva(u_break));
	/* A CP0-encoded instruction: CU0 is checked before the function. */
	run("hypcall is CpU in user mode", u_hypcall, EXC_CPU, uva(u_hypcall));
	run("mfc0 is CpU in user mode", u_mfc0, EXC_CPU, uva(u_mfc0));
	GUEST_ASSERT_EQ(seen.cause & CAUSE_CE, 0);
	run("user load from xsseg", u_xsseg, EXC_ADEL, uva(u_xsseg_insn));
	GUEST_ASSERT_EQ(seen.badvaddr, DISCO_XSSEG_BASE);
	run("unmapped xuseg", u_unmapped, EXC_TLBL, uva(u_unmapped_insn));
	GUEST_ASSERT_EQ(seen.badvaddr, 0x20000000);
	GUEST_ASSERT_EQ(seen.vector, 0x080);
	/* VA 0 in user mode: unmapped, even with a commpage (a0 = 1). */
	run("user load from virtual 0", u_zero, EXC_TLBL, uva(u_zero));
	GUEST_ASSERT_EQ(seen.badvaddr, 0);
	if (arg)	/* ... which guest kernel mode sees there: Status */
		GUEST_ASSERT_EQ(commpage_status(), (u64)(s64)(s32)read_c0(C0_STATUS));
	run("user loads and stores its pages", u_rw, EXC_SYS, uva(u_rw_done));
	GUEST_ASSERT_EQ(*(volatile u64 *)user_data, *(u64 *)user_page);

	guest_printf("user_syscall: user mode traps reach the guest kernel\n");
	return 0;
}
