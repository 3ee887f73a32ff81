// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "tap.h"

static unsigned int tap_count;
static unsigned int tap_failed;

int tap_result(int pass, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return pass;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int tap_done(void)
{
	printf("1..%u\n", tap_count);
	if (tap_failed)
		tap_diag("%u of %u failed", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

int main(void)
{
	decode_tests();
	branch_tests();
	l2tlb_tests();
	numa_policy_tests();
	return tap_done();
}
