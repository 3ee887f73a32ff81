/* SPDX-License-Identifier: GPL-2.0 */
/* Layout of struct disco_fpu, shared with fpu.S. */
#ifndef DISCO_VCPU_FPU_H
#define DISCO_VCPU_FPU_H

#define FPU_FPR(n)	((n) * 8)
#define FPU_FCSR	0x100

#endif /* DISCO_VCPU_FPU_H */
