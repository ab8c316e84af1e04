/*
 * model_pool.h - pools of workers and concurrent futures, as the model
 * folds them (sim/model/model_pool.c): who works on which call, the pool's
 * queue over time, each future's state.  Read by the pool view and the
 * sync panel; folded by model.c from EV_TASK_* and EV_FUT_* (event.h).
 */
#ifndef WEFT_MODEL_POOL_H
#define WEFT_MODEL_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define MODEL_POOL_MAX 8          /* pools followed; more are ignored */
#define MODEL_POOL_WORKERS 32
#define MODEL_POOL_TASKS 1024     /* calls named per pool (WF_POOL_MAX_TASKS) */
#define MODEL_POOL_SERIES 1024    /* queue-depth samples kept; older ones merge */

struct model_pool_worker {
	uint16_t actor;        /* WF_NONE until it starts a call */
	int32_t task;          /* the call it runs now, -1 when idle */
	uint32_t tasks;        /* calls it has started */
	int64_t since;         /* lesson ns its current call started */
};

struct model_pool {
	uint16_t obj;          /* the pool's object id */
	uint32_t submitted, started, ended;
	uint32_t cancelled;    /* calls dropped from the queue, cancelled */
	uint32_t failed;       /* calls that ended with an exception */
	uint32_t depth, peak;  /* calls queued and not yet taken: now, and the most */
	uint32_t reused;       /* calls started on a worker that had run one before */
	size_t workers;        /* worker slots seen (highest + 1) */
	struct model_pool_worker worker[MODEL_POOL_WORKERS];
	const struct model_sample *series; /* depth over time, oldest first */
	size_t series_len;
};

/* Pools seen, in order of their first event: 0 .. count-1. */
size_t model_pool_count(const model *m);
const struct model_pool *model_pool(const model *m, size_t i);
/* The pool whose object id is obj, or NULL. */
const struct model_pool *model_pool_of(const model *m, uint16_t obj);
/* The future's object id behind call `task` of pool p, WF_NONE if unknown. */
uint16_t model_pool_task_future(const model *m, const struct model_pool *p, uint32_t task);
/* A future's state (enum pfuture_state) and its result or exception in
 * *value (may be NULL); -1 when no state was folded for object obj. */
int model_future_state(const model *m, uint16_t obj, uint64_t *value);
/* How many done callbacks future obj has run. */
uint32_t model_future_callbacks(const model *m, uint16_t obj);

#endif
