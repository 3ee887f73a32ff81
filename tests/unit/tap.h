/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer: one "ok N - name" / "not ok N - name" line per
 * test case, the plan "1..N" at the end (TAP allows a trailing plan, and it
 * saves keeping a count in step with the tables).
 */
#ifndef DISCO_UNIT_TAP_H
#define DISCO_UNIT_TAP_H

#include <stdarg.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Reports one test case; returns @pass so callers can chain diagnostics. */
int tap_result(int pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A "# ..." diagnostic line, for why a case failed. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the plan; returns the process exit status (1 if anything failed). */
int tap_done(void);

void decode_tests(void);
void branch_tests(void);
void l2tlb_tests(void);
void numa_policy_tests(void);

#endif /* DISCO_UNIT_TAP_H */
