// SPDX-License-Identifier: GPL-2.0
/*
 * Attack: out-of-range and read-only CP0 writes.  PRId, Config0-3 keep
 * their values, EBase keeps bits 31:30 and CPUNum, Wired/Index/PageMask
 * stay in range, Status/Cause/HWREna/EntryHi/EntryLo keep only the bits
 * the model implements, registers the model lacks read as zero.
 */
#include "mal.h"

#define SX32(v)	((u64)(long long)(int)(v))

int guest_main(u64 arg)
{
	u32 status = read_c0(C0_STATUS);
	u64 v;

	write_c0(C0_PRID, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_PRID), DISCO_PRID);
	write_c0(C0_CONFIG0, 0);
	write_c0(C0_CONFIG1, 0xffffffff);
	write_c0(C0_CONFIG2, 0x12345678);
	write_c0(C0_CONFIG3, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG0), DISCO_CONFIG0);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG1), DISCO_CONFIG1);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG2), DISCO_CONFIG2);
	GUEST_ASSERT_EQ(read_c0(C0_CONFIG3), DISCO_CONFIG3);

	/* EBase: bits 31:30 read 10, CPUNum is read-only. */
	dwrite_c0(C0_EBASE, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_EBASE), SX32(0x80000000U | DISCO_EBASE_WMASK));
	write_c0(C0_EBASE, 0);
	GUEST_ASSERT_EQ(dread_c0(C0_EBASE), SX32(0x80000000U));
	write_c0(C0_EBASE, 0x80000000);

	/* Wired beyond the TLB keeps the old value; Random stays in range. */
	write_c0(C0_WIRED, DISCO_GTLB_SIZE);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 0);
	write_c0(C0_WIRED, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), 0);
	write_c0(C0_WIRED, DISCO_GTLB_SIZE - 1);
	GUEST_ASSERT_EQ(read_c0(C0_WIRED), DISCO_GTLB_SIZE - 1);
	GUEST_ASSERT_EQ(read_c0(C0_RANDOM), DISCO_GTLB_SIZE - 1);
	write_c0(C0_WIRED, 0);

	write_c0(C0_INDEX, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_INDEX), DISCO_GTLB_SIZE - 1);
	/* tlbr/tlbwi with that index stay inside the TLB. */
	tlbr();
	tlbwi();

	write_c0(C0_PAGEMASK, 0);
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), DISCO_PAGEMASK_MIN);
	write_c0(C0_PAGEMASK, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_PAGEMASK), DISCO_PAGEMASK_WMASK);
	write_c0(C0_PAGEMASK, DISCO_PAGEMASK_MIN);

	write_c0(C0_HWRENA, 0xffffffff);
	GUEST_ASSERT_EQ(read_c0(C0_HWRENA), DISCO_HWRENA_WMASK);
	write_c0(C0_HWRENA, 0);

	dwrite_c0(C0_ENTRYHI, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYHI), DISCO_ENTRYHI_WMASK);
	dwrite_c0(C0_ENTRYHI, 0);
	dwrite_c0(C0_ENTRYLO0, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ENTRYLO0), DISCO_ENTRYLO_WMASK);

	/* Status: CU3, RP, RE, MX, PX, SR, NMI, ... are not writable. */
	write_c0(C0_STATUS, status | (0xffffffffU & ~(u32)DISCO_STATUS_WMASK));
	GUEST_ASSERT_EQ(read_c0(C0_STATUS), status);

	/* Cause: only IV and the software interrupt bits. */
	write_c0(C0_CAUSE, 0xffffffff);
	v = read_c0(C0_CAUSE);
	GUEST_ASSERT_EQ(v & ~(u64)(CAUSE_IP(7) | 0x40000000U), DISCO_CAUSE_WMASK);
	write_c0(C0_CAUSE, 0);

	/* Registers the model lacks: read 0, writes ignored. */
	__write_c0(22, 0, 0xffffffff);
	GUEST_ASSERT_EQ(__read_c0(22, 0), 0);
	__dwrite_c0(31, 0, ~0ULL);
	GUEST_ASSERT_EQ(__dread_c0(31, 0), 0);
	__write_c0(16, 7, 0xffffffff);
	GUEST_ASSERT_EQ(__read_c0(16, 7), 0);
	__write_c0(25, 0, 0xffffffff);
	GUEST_ASSERT_EQ(__read_c0(25, 0), 0);

	dwrite_c0(C0_CONTEXT, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_CONTEXT) & ~DISCO_CONTEXT_WMASK, 0);
	dwrite_c0(C0_XCONTEXT, ~0ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_XCONTEXT) & DISCO_XCONTEXT_WMASK, DISCO_XCONTEXT_WMASK);
	dwrite_c0(C0_ERROREPC, 0xffffffff80000000ULL);
	GUEST_ASSERT_EQ(dread_c0(C0_ERROREPC), 0xffffffff80000000ULL);

	guest_printf("mal_cp0_ranges: every register sane\n");
	return 0;
}
