/*
 * loop_impl.h - the event loop's insides, shared by loop.c, future.c, task.c,
 * combine.c, aqueue.c and executor.c; lessons see weft_async.h only.
 *
 * Everything here belongs to one loop and is touched by that loop's thread
 * only, except the threadsafe list (under ts_lock).  Futures (tasks
 * included) are owned by their loop: listed in `owned` and freed with it,
 * so a pointer a callback holds stays valid for the loop's life.
 */
#ifndef WEFT_ASYNC_INTERNAL_H
#define WEFT_ASYNC_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "fifo.h"
#include "namecopy.h"
#include "task_state.h"
#include "weft.h"

#define ASYNC_NAME_MAX 32

/* One scheduled callback: fn(arg), or done(fut, arg) for a future's done
 * callback. */
struct handle {
	uint32_t id;
	bool cancelled;
	wf_callback fn;
	wf_done_fn done;
	wf_future *fut;
	void *arg;
	char name[ASYNC_NAME_MAX];
};

struct timer {
	int64_t due;      /* lesson ns */
	uint64_t seq;     /* scheduling order: breaks ties between equal dues */
	uint64_t text_id; /* EV_TIMER_ADD's b */
	struct handle h;
};

struct reader {
	int fd;
	struct handle h;
};

enum fut_state { FUT_PENDING = 0, FUT_DONE, FUT_CANCELLED };

struct done_cb {
	wf_done_fn fn;
	void *arg;
	char name[ASYNC_NAME_MAX];
};

struct wf_future {
	wf_loop *loop;
	wf_future *next_owned;
	uint8_t state;        /* enum fut_state */
	int error;            /* once done: 0, or the error it failed with */
	uint64_t result;
	struct done_cb *cbs;
	size_t ncbs, cap;
	wf_task *task;        /* the task this is the future of, or NULL */
	bool executor;        /* completed by an executor's thread (run_in_executor) */
	char name[ASYNC_NAME_MAX];
};

struct wf_task {
	struct wf_future fut; /* first: the task's own future */
	wf_coro *coro;
	wf_task_fn fn;
	void *arg;
	int ret;              /* fn's return, once it has */
	uint64_t value;       /* fn's result */
	bool must_cancel;     /* cancellation asked while not awaiting */
	wf_future *waiting;   /* what it awaits now, or NULL */
	struct wf_future sleeper; /* reused by each asyncio.sleep */
};

struct wf_loop {
	char name[ASYNC_NAME_MAX];
	uint16_t obj;                  /* its object id (OBJ_LOOP) */
	struct fifo ready;             /* of struct handle */
	struct timer *heap;            /* min-heap by (due, seq) */
	size_t nheap, heap_cap;
	uint64_t seq;
	uint32_t next_id;
	int epfd, wakefd;
	struct reader *readers;
	size_t nreaders;
	pthread_mutex_t ts_lock;       /* guards ts_list: other threads' call_soon */
	struct handle *ts_list;
	size_t ts_len, ts_cap;
	bool running, stopping;
	bool state_sent;
	uint32_t sent_ready, sent_timers;
	wf_future *owned;
	wf_aqueue *queues;
	wf_executor *default_executor;
	wf_task *current;              /* the task whose step runs now */
};

/* Schedules a future's done callback on the ready queue. */
void loop_call_done(wf_loop *l, const char *name, wf_done_fn fn, wf_future *f, void *arg);
/* Emits EV_LOOP_STATE if the ready queue or the timers changed. */
void loop_report(wf_loop *l);

/* Sets up an embedded future (a task's sleeper) or resets one for reuse. */
void future_init(wf_future *f, wf_loop *l, const char *name);
/* Adds / removes a done callback with a name for the loop's lane. */
int future_add_done(wf_future *f, wf_done_fn fn, void *arg, const char *name);
void future_remove_done(wf_future *f, wf_done_fn fn, void *arg);
/* Completes f (state FUT_DONE or FUT_CANCELLED) and schedules its callbacks. */
int future_complete(wf_future *f, uint8_t state, int error, uint64_t result);
/* Frees a future the loop owns (and a task's coroutine). */
void future_destroy(wf_future *f);
/* Links a new future into the loop's list. */
void future_own(wf_loop *l, wf_future *f);

/* The task running on this thread's loop now, or NULL. */
wf_task *task_running(void);
/* Suspends the running task t until f is done; `wait` and `detail` say on
 * what, for the task panel.  f's outcome, or WF_ECANCELLED. */
int task_await(wf_task *t, wf_future *f, uint8_t wait, uint32_t detail, uint64_t *result);
/* Reports t's state (EV_TASK). */
void task_report(wf_task *t, uint8_t state, uint8_t wait, uint32_t detail);

/* Frees a queue (with its loop). */
void aqueue_destroy(wf_aqueue *q);

#endif
