// SPDX-License-Identifier: GPL-2.0
/* The one place disco's tracepoints are instantiated (trace.h). */
#define CREATE_TRACE_POINTS
#include "trace.h"
