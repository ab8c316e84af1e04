/*
 * lttng_tp.h - the LTTng-UST tracepoint `weft bench` compares emit() with:
 * the same operands as a Weft event (LTTng stamps its own time).
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER weft_bench

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "./lttng_tp.h"

#if !defined(WEFT_LTTNG_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define WEFT_LTTNG_TP_H

#include <stdint.h>
#include <lttng/tracepoint.h>

LTTNG_UST_TRACEPOINT_EVENT(
	weft_bench, ev,
	LTTNG_UST_TP_ARGS(uint16_t, actor, uint16_t, type, uint16_t, obj, uint16_t, line,
			  uint64_t, a, uint64_t, b),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_integer(uint16_t, actor, actor)
		lttng_ust_field_integer(uint16_t, type, type)
		lttng_ust_field_integer(uint16_t, obj, obj)
		lttng_ust_field_integer(uint16_t, line, line)
		lttng_ust_field_integer(uint64_t, a, a)
		lttng_ust_field_integer(uint64_t, b, b)))

#endif

#include <lttng/tracepoint-event.h>
