/*
 * aqueue.c - asyncio.Queue: a FIFO between tasks of one loop, with
 * maxsize, blocking put and get for tasks, task_done and join.
 *
 * A task that must wait (get on empty, put on full) parks a future in the
 * queue's getters or putters list and awaits it; each get wakes the
 * longest-waiting putter and each put the longest-waiting getter, by
 * completing its future, exactly as asyncio does.  The woken task then
 * tries again (it may find the room taken: it waits again).  A task
 * cancelled while waiting leaves the list, and hands its wake-up on if it
 * had been woken already.
 *
 * Reported like wf_queue, so the queue panel draws its depth: EV_PUT and
 * EV_GET with the depth after and maxsize; EV_QUEUE_EMPTY / EV_QUEUE_FULL
 * with b = 1 when a task waits, 0 when a _nowait call fails.
 *
 * Shutdown (Python 3.13, weft_shutdown.h): puts fail with WF_ESHUTDOWN,
 * gets once the queue is empty; every parked getter and putter is woken
 * (its loop re-checks and fails); immediate drops the items left, counting
 * each off the unfinished tasks, and wakes joiners if none is left.
 */
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "loop_impl.h"

struct waiters {
	wf_future **v;
	size_t len, cap;
};

struct wf_aqueue {
	wf_loop *loop;
	wf_aqueue *next;          /* the loop's list */
	uint16_t obj;
	unsigned maxsize;         /* 0: unbounded */
	struct fifo items;        /* of uint64_t */
	struct waiters getters, putters;
	unsigned unfinished;      /* items put and not yet task_done */
	bool shut;                /* shutdown() was called */
	wf_future *finished;      /* what joiners await while unfinished > 0 */
};

static int waiters_push(struct waiters *w, wf_future *f)
{
	if (w->len == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4;
		wf_future **v = realloc(w->v, cap * sizeof *v);
		if (!v)
			return WF_ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->len++] = f;
	return 0;
}

static void waiters_remove(struct waiters *w, wf_future *f)
{
	for (size_t i = 0; i < w->len; i++) {
		if (w->v[i] == f) {
			memmove(w->v + i, w->v + i + 1, (w->len - i - 1) * sizeof *w->v);
			w->len--;
			return;
		}
	}
}

/* Wakes the longest-waiting task of the list, if any. */
static void wakeup_next(struct waiters *w)
{
	while (w->len) {
		wf_future *f = w->v[0];
		memmove(w->v, w->v + 1, (w->len - 1) * sizeof *w->v);
		w->len--;
		if (f->state == FUT_PENDING) {
			wf_future_set_result(f, 0);
			return;
		}
	}
}

wf_aqueue *wf_aqueue_new(wf_loop *l, const char *name, unsigned maxsize)
{
	wf_aqueue *q = calloc(1, sizeof *q);
	if (!q)
		return NULL;
	q->loop = l;
	q->maxsize = maxsize;
	fifo_init(&q->items, sizeof(uint64_t), 16);
	q->obj = object_register(name ? name : "queue", OBJ_QUEUE, maxsize);
	q->next = l->queues;
	l->queues = q;
	return q;
}

void aqueue_destroy(wf_aqueue *q)
{
	wf_aqueue **p = &q->loop->queues;
	while (*p && *p != q)
		p = &(*p)->next;
	if (*p)
		*p = q->next;
	fifo_free(&q->items);
	free(q->getters.v);
	free(q->putters.v);
	free(q);
}

static bool full(const wf_aqueue *q)
{
	return q->maxsize && q->items.len >= q->maxsize;
}

int wf_aqueue_put_nowait(wf_aqueue *q, uint64_t item)
{
	if (q->shut)
		return WF_ESHUTDOWN;
	if (full(q)) {
		emit(EV_QUEUE_FULL, q->obj, q->items.len, 0);
		return WF_EFULL;
	}
	if (fifo_push(&q->items, &item) < 0)
		return WF_ENOMEM;
	q->unfinished++;
	emit(EV_PUT, q->obj, q->items.len, q->maxsize);
	wakeup_next(&q->getters);
	return 0;
}

int wf_aqueue_get_nowait(wf_aqueue *q, uint64_t *item)
{
	if (q->items.len == 0) {
		if (q->shut)
			return WF_ESHUTDOWN;
		emit(EV_QUEUE_EMPTY, q->obj, 0, 0);
		return WF_EEMPTY;
	}
	fifo_pop(&q->items, item);
	emit(EV_GET, q->obj, q->items.len, q->maxsize);
	wakeup_next(&q->putters);
	return 0;
}

/* Waits, as task t, until the queue is not full (put) or not empty (get). */
static int wait_turn(wf_aqueue *q, wf_task *t, bool put)
{
	struct waiters *list = put ? &q->putters : &q->getters;
	while (put ? full(q) : q->items.len == 0) {
		if (q->shut)
			return WF_ESHUTDOWN;
		wf_future *w = &t->sleeper;
		future_init(w, q->loop, NULL);
		if (waiters_push(list, w) < 0)
			return WF_ENOMEM;
		emit(put ? EV_QUEUE_FULL : EV_QUEUE_EMPTY, q->obj, q->items.len, 1);
		int r = task_await(t, w, put ? TW_QUEUE_PUT : TW_QUEUE_GET, q->obj, NULL);
		waiters_remove(list, w);
		if (r) {
			/* Woken, but cancelled before it could take its turn: pass it on. */
			if (w->state == FUT_DONE && !(put ? full(q) : q->items.len == 0))
				wakeup_next(list);
			return r;
		}
	}
	return 0;
}

int wf_aqueue_put(wf_aqueue *q, uint64_t item)
{
	wf_task *t = task_running();
	if (t) {
		int r = wait_turn(q, t, true);
		if (r)
			return r;
	}
	return wf_aqueue_put_nowait(q, item);
}

int wf_aqueue_get(wf_aqueue *q, uint64_t *item)
{
	wf_task *t = task_running();
	if (t) {
		int r = wait_turn(q, t, false);
		if (r)
			return r;
	}
	return wf_aqueue_get_nowait(q, item);
}

int wf_aqueue_task_done(wf_aqueue *q)
{
	if (q->unfinished == 0)
		return WF_ESTATE; /* ValueError: task_done() called too many times */
	if (--q->unfinished == 0 && q->finished) {
		wf_future_set_result(q->finished, 0);
		q->finished = NULL;
	}
	return 0;
}

int wf_aqueue_join(wf_aqueue *q)
{
	if (q->unfinished == 0)
		return 0;
	wf_task *t = task_running();
	if (!t)
		return WF_ESTATE;
	if (!q->finished && !(q->finished = wf_future_new(q->loop, "join")))
		return WF_ENOMEM;
	return task_await(t, q->finished, TW_QUEUE_JOIN, q->obj, NULL);
}

/* Wakes every task parked in the list. */
static void wakeup_all(struct waiters *w)
{
	while (w->len)
		wakeup_next(w);
}

unsigned wf_aqueue_shutdown(wf_aqueue *q, bool immediate)
{
	unsigned dropped = 0;
	q->shut = true;
	if (immediate) {
		uint64_t item;
		while (q->items.len) {
			fifo_pop(&q->items, &item);
			dropped++;
			if (q->unfinished)
				q->unfinished--;
		}
		if (q->unfinished == 0 && q->finished) {
			wf_future_set_result(q->finished, 0);
			q->finished = NULL;
		}
	}
	emit(EV_QUEUE_SHUTDOWN, q->obj, q->items.len, (uint64_t)dropped | (uint64_t)immediate << 32);
	wakeup_all(&q->getters);
	wakeup_all(&q->putters);
	return dropped;
}

unsigned wf_aqueue_size(const wf_aqueue *q)
{
	return (unsigned)q->items.len;
}
