// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: eret to the host's segments.  The guest kernel puts a kseg0,
 * kseg1, kseg3, xkphys, xkseg or csseg address (or a misaligned one) in
 * EPC, or in ErrorEPC with ERL set, and erets: the fetch there must be an
 * address error with EPC = BadVAddr = that address, never host code.
 */
#include "mal.h"

/* eret_to(target): EPC = target, EXL = 1, eret.  Resumes at eret_resume. */
asm(".pushsection .text\n"
    ".set push\n.set noreorder\n.set noat\n"
    ".globl eret_to\n"
    "eret_to:\n"
    "	dmtc0 $4, $14\n"
    "	mfc0 $8, $12\n"
    "	ori $8, $8, 2\n"
    "	mtc0 $8, $12\n"
    "	ehb\n"
    "	eret\n"
    ".globl eret_resume\n"
    "eret_resume:\n"
    "	jr $31\n"
    "	nop\n"
    /* erl_eret_to(target): ErrorEPC = target, ERL = 1, eret. */
    ".globl erl_eret_to\n"
    "erl_eret_to:\n"
    "	dmtc0 $4, $30\n"
    "	mfc0 $8, $12\n"
    "	ori $8, $8, 4\n"
    "	mtc0 $8, $12\n"
    "	ehb\n"
    "	eret\n"
    "	b eret_resume\n"
    "	nop\n"
    ".set pop\n.popsection\n");

void eret_to(u64 target);
void erl_eret_to(u64 target);
extern char eret_resume[];

static struct ex_frame seen;
static int nr_seen;

static void fetch_fault(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	f->epc = (u64)eret_resume;
	/* Back to guest kernel mode if the eret went to user mode. */
	write_c0(C0_STATUS, read_c0(C0_STATUS) & ~(ST_KSU | ST_ERL));
}

static void check(u64 target)
{
	GUEST_ASSERT_EQ(nr_seen, 1);
	GUEST_ASSERT_EQ(frame_exccode(&seen), EXC_ADEL);
	GUEST_ASSERT_EQ(seen.epc, target);
	GUEST_ASSERT_EQ(seen.badvaddr, target);
	GUEST_ASSERT_EQ(seen.vector, 0x180);
	nr_seen = 0;
}

int guest_main(u64 csseg_addr)
{
	const u64 targets[] = {
		0xffffffff80000000ULL, 0xffffffff80001000ULL, 0xffffffffa0000000ULL,
		0xffffffffe0000000ULL, 0x9800000000000000ULL, 0x9000000000010000ULL,
		0xc000000000000000ULL, csseg_addr & ~3ULL, 0xffffffffc0000000ULL,
		DISCO_XSSEG_BASE + GUEST_IMAGE_GPA + 2,	/* misaligned */
		0x0001000000000000ULL,			/* beyond SEGBITS */
	};
	unsigned int i;

	install_handler(EXC_ADEL, fetch_fault);
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		guest_printf("mal_eret_kseg: eret to %llx\n", targets[i]);
		eret_to(targets[i]);
		check(targets[i]);
	}
	/* The ERL path returns through ErrorEPC. */
	erl_eret_to(0xffffffff80002000ULL);
	check(0xffffffff80002000ULL);
	erl_eret_to(csseg_addr & ~3ULL);
	check(csseg_addr & ~3ULL);
	GUEST_ASSERT_EQ(read_c0(C0_STATUS) & (ST_ERL | ST_EXL | ST_KSU), 0);
	return 0;
}
