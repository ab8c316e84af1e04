/*
 * task_state.h - what the event loop reports about its tasks (EV_TASK), shared by
 * the runtime that emits it and the model that reads it.
 *
 * EV_TASK's b packs the task's new state, what it waits on when it waits,
 * and a detail that names the thing waited on: see task_wait.
 */
#ifndef WEFT_LOOP_H
#define WEFT_LOOP_H

#include <stdint.h>

/* A task's life, as asyncio would print it. */
enum task_state {
	TASK_PENDING = 1, /* created, or ready: its next step is on the ready queue */
	TASK_RUNNING,     /* its coroutine holds the loop's thread */
	TASK_WAITING,     /* suspended in an await (see task_wait) */
	TASK_DONE,        /* returned a result */
	TASK_CANCELLED,   /* ended by a cancellation it let through */
	TASK_FAILED,      /* ended with an error ("exception") */
	TASK_STATE_COUNT
};

/* What a waiting task awaits, and what the detail then is. */
enum task_wait {
	TW_NONE = 0,
	TW_SLEEP,      /* asyncio.sleep: detail = lesson ms asked */
	TW_FUTURE,     /* a future: detail 0 */
	TW_TASK,       /* another task: detail = its actor id */
	TW_QUEUE_GET,  /* an empty asyncio.Queue: detail = its object id */
	TW_QUEUE_PUT,  /* a full one: detail = its object id */
	TW_QUEUE_JOIN, /* queue.join(): detail = its object id */
	TW_GATHER,     /* asyncio.gather: detail = how many */
	TW_WAIT,       /* asyncio.wait / wait_for: detail = how many */
	TW_EXECUTOR,   /* run_in_executor: detail 0 */
	TW_COUNT
};

#define TASK_EV_B(state, wait, detail) \
	((uint64_t)(uint8_t)(state) | (uint64_t)(uint8_t)(wait) << 8 | (uint64_t)(uint32_t)(detail) << 16)
#define TASK_EV_STATE(b) ((uint8_t)((b) & 0xff))
#define TASK_EV_WAIT(b) ((uint8_t)(((b) >> 8) & 0xff))
#define TASK_EV_DETAIL(b) ((uint32_t)((b) >> 16))

#endif
