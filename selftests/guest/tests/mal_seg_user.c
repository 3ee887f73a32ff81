// SPDX-License-Identifier: GPL-2.0
/*
 * Attack from guest user mode: loads, stores and jumps to the guest
 * kernel's direct window (xsseg), kseg0/kseg1/kseg3, xkphys, xkseg and
 * csseg (disco.ko's text from a0).  Every one is an address error that
 * reaches the guest kernel, with EPC and BadVAddr set.
 */
#include "mal.h"

#define USER_SP		(MAL_VA + 2 * DISCO_PAGE_SIZE)

/* The target address is the first word of the data page (odd page). */
asm(".pushsection .user, \"ax\"\n"
    ".set push\n.set noreorder\n.set noat\n"
    ".globl mu_page\n"
    "mu_page:\n"
    "mu_load: lui $8, 0x1000\n"
    "	ld $9, 0x4000($8)\n"
    "mu_load_insn: ld $10, 0($9)\n"
    "	syscall\n	b .\n	nop\n"
    "mu_store: lui $8, 0x1000\n"
    "	ld $9, 0x4000($8)\n"
    "mu_store_insn: sd $8, 0($9)\n"
    "	syscall\n	b .\n	nop\n"
    "mu_jump: lui $8, 0x1000\n"
    "	ld $9, 0x4000($8)\n"
    "	jr $9\n	nop\n"
    "	syscall\n	b .\n	nop\n"
    ".set pop\n.popsection\n");

extern char mu_page[], mu_load[], mu_load_insn[], mu_store[], mu_store_insn[],
	mu_jump[];

static volatile u64 mu_data[DISCO_PAGE_SIZE / 8] __attribute__((aligned(DISCO_PAGE_SIZE)));
static struct ex_frame seen;
static int nr_seen;

static u64 uva(const char *sym)
{
	return MAL_VA + (sym - mu_page);
}

static void user_trap(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	user_return(f, frame_exccode(f));
}

static void run(const char *entry, u64 target, unsigned int code, u64 epc)
{
	long r;

	mu_data[0] = target;
	nr_seen = 0;
	r = run_user(uva(entry), USER_SP);
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(r, code);
	GUEST_ASSERT_EQ(seen.epc, epc);
	GUEST_ASSERT_EQ(seen.badvaddr, target);
	GUEST_ASSERT_EQ(seen.status & ST_KSU, ST_KSU_USER);
}

int guest_main(u64 csseg_addr)
{
	const u64 adr[] = {
		DISCO_XSSEG_BASE, GPA_TO_VA(GUEST_IMAGE_GPA), 0xffffffff80000000ULL,
		0xffffffffa0000000ULL, 0xffffffffe0000000ULL, 0x9800000000000000ULL,
		0x9000000000000000ULL, 0xc000000000000000ULL, 0xffffffffc0000000ULL,
		csseg_addr & ~7ULL, 0x0001000000000000ULL,
	};
	unsigned int i;

	install_handler(EXC_ADEL, user_trap);
	install_handler(EXC_ADES, user_trap);
	install_handler(EXC_SYS, user_trap);
	tlb_set(0, MAL_VA, mk_lo(VA_TO_GPA(mu_page), LO_RAM),
		mk_lo(VA_TO_GPA(mu_data), LO_RAM), PM_16K);

	for (i = 0; i < ARRAY_SIZE(adr); i++) {
		guest_printf("mal_seg_user: %llx\n", adr[i]);
		run(mu_load, adr[i], EXC_ADEL, uva(mu_load_insn));
		run(mu_store, adr[i], EXC_ADES, uva(mu_store_insn));
		run(mu_jump, adr[i], EXC_ADEL, adr[i]);
	}
	return 0;
}
