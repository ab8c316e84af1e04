/*
 * event.c - names of event types, for traces, exports and debugging.
 */
#include <stddef.h>

#include "event.h"

static const char *const names[EV_TYPE_COUNT] = {
	[EV_NONE] = "none",
	[EV_SPAWN] = "spawn",
	[EV_EXIT] = "exit",
	[EV_OBJ_NEW] = "obj-new",
	[EV_BLOCK_LOCK] = "block-lock",
	[EV_ACQUIRE] = "acquire",
	[EV_RELEASE] = "release",
	[EV_ORDER_VIOLATION] = "order-violation",
	[EV_WAIT] = "wait",
	[EV_WAKE] = "wake",
	[EV_NOTIFY] = "notify",
	[EV_PUT] = "put",
	[EV_GET] = "get",
	[EV_QUEUE_FULL] = "queue-full",
	[EV_QUEUE_EMPTY] = "queue-empty",
	[EV_SLEEP] = "sleep",
	[EV_RUN] = "run",
	[EV_JOIN] = "join",
	[EV_TERMINATE] = "terminate",
	[EV_PRINT] = "print",
	[EV_SCHED] = "sched",
	[EV_STEP] = "step",
	[EV_CORO_RESUME] = "coro-resume",
	[EV_CORO_YIELD] = "coro-yield",
	[EV_CB_BEGIN] = "cb-begin",
	[EV_CB_END] = "cb-end",
	[EV_TIMER_ADD] = "timer-add",
	[EV_LOOP_STATE] = "loop-state",
	[EV_TASK] = "task",
};

const char *ev_type_name(unsigned type)
{
	return type < EV_TYPE_COUNT && names[type] ? names[type] : "?";
}
