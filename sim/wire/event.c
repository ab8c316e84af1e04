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
	[EV_TIMER_DONE] = "timer-done",
	[EV_MSG_SEND] = "msg-send",
	[EV_MSG_RECV] = "msg-recv",
	[EV_PIPE_CLOSE] = "pipe-close",
	[EV_COUNTER] = "counter",
	[EV_DROPPED] = "dropped",
	[EV_FUT_STATE] = "fut-state",
	[EV_FUT_CALLBACK] = "fut-callback",
	[EV_TASK_SUBMIT] = "task-submit",
	[EV_TASK_START] = "task-start",
	[EV_TASK_END] = "task-end",
	[EV_COALESCED] = "coalesced",
	[EV_QUEUE_SHUTDOWN] = "queue-shutdown",
	[EV_TASK_AWAIT] = "task-await",
};

const char *ev_type_name(unsigned type)
{
	return type < EV_TYPE_COUNT && names[type] ? names[type] : "?";
}

bool ev_text_ref(const struct wf_ev *ev, uint64_t *offset, size_t *len)
{
	switch (ev->type) {
	case EV_PRINT:
	case EV_CB_BEGIN:
		*offset = ev->a;
		*len = (size_t)ev->b;
		return true;
	case EV_STEP:
		if (ev->b & (STEP_LABEL_IMAGE | STEP_LABEL_MADE))
			return false; /* not in the text ring */
		*offset = ev->a;
		*len = (size_t)(ev->b & STEP_LABEL_LEN_MASK);
		return true;
	case EV_TIMER_ADD:
		*offset = EV_TIMER_OFFSET(ev->b);
		*len = (size_t)(ev->b >> 48);
		return true;
	default:
		return false;
	}
}

const char *ev_step_verb(unsigned kind)
{
	switch (kind) {
	case EV_ACQUIRE: return "acquire";
	case EV_RELEASE: return "release";
	case EV_PUT: return "put";
	case EV_GET: return "get";
	case EV_WAIT: return "wait";
	case EV_NOTIFY: return "notify";
	case EV_SLEEP: return "sleep";
	default: return "step";
	}
}
