/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disco tracepoints: every exit from a guest, every exception delivered to
 * one, every host TLB entry installed for one, every guest page moved.
 * Enable with /sys/kernel/tracing/events/disco/.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM disco

#if !defined(DISCO_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define DISCO_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(disco_exit,
	TP_PROTO(const char *vm, unsigned int vcpu, unsigned int exccode,
		 u64 pc, u64 badvaddr),
	TP_ARGS(vm, vcpu, exccode, pc, badvaddr),
	TP_STRUCT__entry(
		__string(vm, vm)
		__field(unsigned int, vcpu)
		__field(unsigned int, exccode)
		__field(u64, pc)
		__field(u64, badvaddr)
	),
	TP_fast_assign(
		__assign_str(vm, vm);
		__entry->vcpu = vcpu;
		__entry->exccode = exccode;
		__entry->pc = pc;
		__entry->badvaddr = badvaddr;
	),
	TP_printk("vm=%s vcpu=%u exccode=%u pc=%#llx badvaddr=%#llx",
		  __get_str(vm), __entry->vcpu, __entry->exccode,
		  __entry->pc, __entry->badvaddr)
);

TRACE_EVENT(disco_deliver,
	TP_PROTO(unsigned int vcpu, unsigned int exccode, u64 epc, u64 vector),
	TP_ARGS(vcpu, exccode, epc, vector),
	TP_STRUCT__entry(
		__field(unsigned int, vcpu)
		__field(unsigned int, exccode)
		__field(u64, epc)
		__field(u64, vector)
	),
	TP_fast_assign(
		__entry->vcpu = vcpu;
		__entry->exccode = exccode;
		__entry->epc = epc;
		__entry->vector = vector;
	),
	TP_printk("vcpu=%u exccode=%u epc=%#llx vector=%#llx",
		  __entry->vcpu, __entry->exccode, __entry->epc, __entry->vector)
);

TRACE_EVENT(disco_tlb_fill,
	TP_PROTO(unsigned int vcpu, u64 va, u64 lo0, u64 lo1),
	TP_ARGS(vcpu, va, lo0, lo1),
	TP_STRUCT__entry(
		__field(unsigned int, vcpu)
		__field(u64, va)
		__field(u64, lo0)
		__field(u64, lo1)
	),
	TP_fast_assign(
		__entry->vcpu = vcpu;
		__entry->va = va;
		__entry->lo0 = lo0;
		__entry->lo1 = lo1;
	),
	TP_printk("vcpu=%u va=%#llx lo0=%#llx lo1=%#llx",
		  __entry->vcpu, __entry->va, __entry->lo0, __entry->lo1)
);

/* op: 1 migrate, 2 replicate, 3 collapse (enum disco_move_op) */
TRACE_EVENT(disco_page_move,
	TP_PROTO(const char *vm, u64 gpa, unsigned int op, int from, int to),
	TP_ARGS(vm, gpa, op, from, to),
	TP_STRUCT__entry(
		__string(vm, vm)
		__field(u64, gpa)
		__field(unsigned int, op)
		__field(int, from)
		__field(int, to)
	),
	TP_fast_assign(
		__assign_str(vm, vm);
		__entry->gpa = gpa;
		__entry->op = op;
		__entry->from = from;
		__entry->to = to;
	),
	TP_printk("vm=%s gpa=%#llx op=%u from=%d to=%d", __get_str(vm),
		  __entry->gpa, __entry->op, __entry->from, __entry->to)
);

#endif /* DISCO_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
