// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: emulated instructions in branch delay slots.  An mtc0 in the
 * slot of a jr to kseg0 (the monitor computes the branch: the guest must
 * get AdEL at the target, not run there); a monitor call in the slot of a
 * taken branch; a monitor call that would exit in the slot of a
 * branch-likely that is not taken (nullified: it must not run).
 */
#include "mal.h"

asm(".pushsection .text\n"
    ".set push\n.set noreorder\n.set noat\n"
    /* ds_jr(target): jr target with an emulated mtc0 in the slot */
    ".globl ds_jr\n"
    "ds_jr:\n"
    "	mfc0 $8, $12\n"
    "	jr $4\n"
    "	mtc0 $8, $12\n"
    ".globl ds_resume\n"
    "ds_resume:\n"
    "	jr $31\n"
    "	nop\n"
    /* ds_taken(): beq taken with a hypcall (INFO MEM_SIZE) in the slot */
    ".globl ds_taken\n"
    "ds_taken:\n"
    "	ori $2, $0, 5\n"		/* DISCO_MC_INFO */
    "	ori $4, $0, 1\n"		/* DISCO_INFO_MEM_SIZE */
    "	beq $0, $0, 1f\n"
    "	.word 0x42000028\n"
    "	ori $2, $0, 0\n"		/* skipped by the branch */
    "1:	jr $31\n"
    "	nop\n"
    /* ds_likely(): beql not taken; its slot would exit the guest with 99 */
    ".globl ds_likely\n"
    "ds_likely:\n"
    "	ori $2, $0, 3\n"		/* DISCO_MC_EXIT */
    "	ori $4, $0, 99\n"
    "	ori $9, $0, 1\n"
    "	beql $9, $0, 2f\n"
    "	.word 0x42000028\n"
    "	ori $2, $0, 7\n"
    "2:	jr $31\n"
    "	nop\n"
    ".set pop\n.popsection\n");

void ds_jr(u64 target);
u64 ds_taken(void);
u64 ds_likely(void);
extern char ds_resume[];

static struct ex_frame seen;
static int nr_seen;

static void fault(struct ex_frame *f)
{
	seen = *f;
	nr_seen++;
	f->epc = (u64)ds_resume;
}

int guest_main(u64 csseg_addr)
{
	const u64 targets[] = {
		0xffffffff80000000ULL, 0x9800000000000000ULL, csseg_addr & ~3ULL,
		GPA_TO_VA(disco_info(DISCO_INFO_MEM_SIZE)),
	};
	unsigned int i;

	install_handler(EXC_ADEL, fault);
	install_handler(EXC_IBE, fault);
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		nr_seen = 0;
		ds_jr(targets[i]);
		GUEST_ASSERT_EQ(nr_seen, 1);
		GUEST_ASSERT_EQ(seen.epc, targets[i]);
		GUEST_ASSERT_EQ(seen.cause & CAUSE_BD, 0);
		GUEST_ASSERT_EQ(frame_exccode(&seen), i == 3 ? EXC_IBE : EXC_ADEL);
	}
	GUEST_ASSERT_EQ(ds_taken(), disco_info(DISCO_INFO_MEM_SIZE));
	GUEST_ASSERT_EQ(ds_likely(), 7);
	guest_printf("mal_delay_slot: branches computed right\n");
	return 0;
}
