// SPDX-License-Identifier: GPL-2.0
/*
 * Attack from guest user mode: every privileged instruction (CP0 moves,
 * eret, tlb*, wait, di/ei, cache, the monitor call) is Coprocessor
 * Unusable with CE = 0, rdhwr of a register the guest kernel did not
 * enable is Reserved Instruction; none of them has any effect.
 */
#include "mal.h"

#define USER_SP		(MAL_VA + 2 * DISCO_PAGE_SIZE)

#define U(name, insn)	#name ": " insn "\n	syscall\n	b .\n	nop\n"
asm(".pushsection .user, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n.set mips64r2\n"
    ".globl uc_page\n"
    "uc_page:\n"
    U(uc_mfc0, "mfc0 $2, $12")
    U(uc_mtc0, "mtc0 $0, $12")
    U(uc_dmtc0, "dmtc0 $0, $15, 1")
    U(uc_eret, "eret")
    U(uc_tlbwi, "tlbwi")
    U(uc_tlbwr, "tlbwr")
    U(uc_tlbp, "tlbp")
    U(uc_tlbr, "tlbr")
    U(uc_wait, "wait")
    U(uc_di, "di $2")
    U(uc_ei, "ei $2")
    U(uc_cache, "cache 0x15, 0($0)")
    U(uc_hypcall, ".word 0x42000028")
    U(uc_deret, ".word 0x4200001f")
    U(uc_rdhwr2, "rdhwr $2, $2")
    U(uc_rdhwr29, "rdhwr $2, $29")
    U(uc_rdhwr5, "rdhwr $2, $5")
    "uc_ok: syscall\n	b .\n	nop\n"
    ".set pop\n.popsection\n");

extern char uc_page[], uc_mfc0[], uc_mtc0[], uc_dmtc0[], uc_eret[], uc_tlbwi[],
	uc_tlbwr[], uc_tlbp[], uc_tlbr[], uc_wait[], uc_di[], uc_ei[], uc_cache[],
	uc_hypcall[], uc_deret[], uc_rdhwr2[], uc_rdhwr29[], uc_rdhwr5[], uc_ok[];

static u8 uc_data[DISCO_PAGE_SIZE] __attribute__((aligned(DISCO_PAGE_SIZE)));
static struct ex_frame seen;
static int nr_seen;

static u64 uva(const char *sym)
{
	return MAL_VA + (sym - uc_page);
}

static void user_trap(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	user_return(f, frame_exccode(f));
}

static void run(const char *entry, unsigned int code, u64 epc)
{
	u32 status = read_c0(C0_STATUS), ebase = read_c0(C0_EBASE);
	long r;

	nr_seen = 0;
	r = run_user(uva(entry), USER_SP);
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(r, code);
	GUEST_ASSERT_EQ(seen.epc, epc);
	GUEST_ASSERT_EQ(seen.status & ST_KSU, ST_KSU_USER);
	if (code == EXC_CPU)
		GUEST_ASSERT_EQ(seen.cause & CAUSE_CE, 0);
	/* Nothing changed behind the guest kernel's back. */
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status);
	GUEST_ASSERT_EQ(read_c0(C0_EBASE), ebase);
}

int guest_main(u64 arg)
{
	const struct {
		const char *entry;
		unsigned int code;
	} cases[] = {
		{ uc_mfc0, EXC_CPU }, { uc_mtc0, EXC_CPU }, { uc_dmtc0, EXC_CPU },
		{ uc_eret, EXC_CPU }, { uc_tlbwi, EXC_CPU }, { uc_tlbwr, EXC_CPU },
		{ uc_tlbp, EXC_CPU }, { uc_tlbr, EXC_CPU }, { uc_wait, EXC_CPU },
		{ uc_di, EXC_CPU }, { uc_ei, EXC_CPU }, { uc_cache, EXC_CPU },
		{ uc_hypcall, EXC_CPU }, { uc_deret, EXC_CPU },
		{ uc_rdhwr2, EXC_RI }, { uc_rdhwr29, EXC_RI }, { uc_rdhwr5, EXC_RI },
	};
	unsigned int i;
	u64 tlb_hi;

	install_handler(EXC_CPU, user_trap);
	install_handler(EXC_RI, user_trap);
	install_handler(EXC_SYS, user_trap);
	tlb_set(0, MAL_VA, mk_lo(VA_TO_GPA(uc_page), LO_RAM),
		mk_lo(VA_TO_GPA(uc_data), LO_RAM), PM_16K);
	write_c0(C0_HWRENA, 0);
	tlb_hi = dread_c0(C0_ENTRYHI);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		guest_printf("mal_user_cp0: case %u\n", i);
		run(cases[i].entry, cases[i].code, uva(cases[i].entry));
		GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), tlb_hi);
	}
	/* rdhwr CC works in user mode once the guest kernel enables it. */
	write_c0(C0_HWRENA, 1U << 2);
	run(uc_rdhwr2, EXC_SYS, uva(uc_rdhwr2) + 4);
	/* So does UserLocal, reading what the guest kernel wrote. */
	write_c0(C0_HWRENA, 1U << 29);
	dwrite_c0(C0_USERLOCAL, 0xfedcba9876543210ULL);
	run(uc_rdhwr29, EXC_SYS, uva(uc_rdhwr29) + 4);
	GUEST_ASSERT_EQ(seen.regs[2], 0xfedcba9876543210ULL);
	write_c0(C0_HWRENA, 0);
	return 0;
}
