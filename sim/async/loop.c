/*
 * loop.c - the event loop: asyncio's BaseEventLoop on epoll and lesson time.
 *
 * One iteration (run_once) does what asyncio's _run_once does:
 *   1. wait in epoll: not at all when callbacks are ready or the loop is
 *      stopping, until the earliest timer is due, or for ever;
 *   2. put the callbacks of readable fds on the ready queue;
 *   3. move every timer now due onto the ready queue, earliest first
 *      (equal dues in the order they were scheduled);
 *   4. run the callbacks that were ready at that point, and only those:
 *      what they schedule waits for the next iteration.
 * stop() lets the current iteration finish, then run_forever returns.
 *
 * Timers are lesson time: a due is lesson ns, and waiting for it goes in
 * slices of at most LESSONTIME_SLICE_NS real time, re-planned each slice,
 * so speed changes and pauses apply at once.
 *
 * Reported: each callback run as EV_CB_BEGIN (its name in the text ring)
 * and EV_CB_END; each timer scheduled (EV_TIMER_ADD) and leaving the heap
 * (EV_TIMER_DONE); the ready queue and timer counts when they change
 * (EV_LOOP_STATE); the thread waiting in epoll as EV_WAIT / EV_WAKE on the
 * loop object.
 *
 * Invariants: one loop per thread (current_loop); everything but the
 * threadsafe list is touched by that thread only; handle ids are never 0.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "actor.h"
#include "loop_impl.h"
#include "lessontime.h"

#define EPOLL_BATCH 16

static _Thread_local wf_loop *current_loop;

/* --- the ready queue ---------------------------------------------------------- */

static int ready_push(wf_loop *l, const struct handle *h)
{
	return fifo_push(&l->ready, h);
}

static struct handle ready_pop(wf_loop *l)
{
	struct handle h;
	fifo_pop(&l->ready, &h);
	return h;
}

/* --- the timer heap ------------------------------------------------------------ */

static bool timer_before(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void heap_swap(wf_loop *l, size_t i, size_t j)
{
	struct timer t = l->heap[i];
	l->heap[i] = l->heap[j];
	l->heap[j] = t;
}

static void heap_up(wf_loop *l, size_t i)
{
	while (i > 0 && timer_before(&l->heap[i], &l->heap[(i - 1) / 2])) {
		heap_swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(wf_loop *l, size_t i)
{
	for (;;) {
		size_t a = 2 * i + 1, b = a + 1, m = i;
		if (a < l->nheap && timer_before(&l->heap[a], &l->heap[m]))
			m = a;
		if (b < l->nheap && timer_before(&l->heap[b], &l->heap[m]))
			m = b;
		if (m == i)
			return;
		heap_swap(l, i, m);
		i = m;
	}
}

/* Removes heap entry i and returns it. */
static struct timer heap_take(wf_loop *l, size_t i)
{
	struct timer t = l->heap[i];
	l->heap[i] = l->heap[--l->nheap];
	if (i < l->nheap) {
		heap_down(l, i);
		heap_up(l, i);
	}
	return t;
}

/* --- reporting ---------------------------------------------------------------------- */

void loop_report(wf_loop *l)
{
	uint32_t ready = (uint32_t)l->ready.len, timers = (uint32_t)l->nheap;
	if (l->state_sent && ready == l->sent_ready && timers == l->sent_timers)
		return;
	l->state_sent = true;
	l->sent_ready = ready;
	l->sent_timers = timers;
	emit(EV_LOOP_STATE, l->obj, ready, timers);
}

static void run_handle(wf_loop *l, struct handle *h)
{
	size_t len = strlen(h->name);
	uint64_t at = arena_text_put(wf_arena, h->name, len);
	emit(EV_CB_BEGIN, l->obj, at, len);
	if (h->done)
		h->done(h->fut, h->arg);
	else
		h->fn(h->arg);
	emit(EV_CB_END, l->obj, 0, 0);
	loop_report(l);
}

/* --- scheduling ------------------------------------------------------------------------ */

static struct handle make_handle(wf_loop *l, const char *name, wf_callback fn, void *arg)
{
	struct handle h = {.fn = fn, .arg = arg};
	if (++l->next_id == 0)
		l->next_id = 1;
	h.id = l->next_id;
	name_copy(h.name, sizeof h.name, name);
	return h;
}

uint32_t wf_call_soon(wf_loop *l, const char *name, wf_callback fn, void *arg)
{
	struct handle h = make_handle(l, name, fn, arg);
	if (ready_push(l, &h) < 0)
		return 0;
	loop_report(l);
	return h.id;
}

void loop_call_done(wf_loop *l, const char *name, wf_done_fn fn, wf_future *f, void *arg)
{
	struct handle h = make_handle(l, name, NULL, arg);
	h.done = fn;
	h.fut = f;
	if (ready_push(l, &h) == 0)
		loop_report(l);
}

static uint32_t call_at_ns(wf_loop *l, int64_t due, const char *name, wf_callback fn, void *arg)
{
	if (l->nheap == l->heap_cap) {
		size_t cap = l->heap_cap ? l->heap_cap * 2 : 32;
		struct timer *v = realloc(l->heap, cap * sizeof *v);
		if (!v)
			return 0;
		l->heap = v;
		l->heap_cap = cap;
	}
	struct timer t = {.due = due, .seq = l->seq++, .h = make_handle(l, name, fn, arg)};
	size_t len = strlen(t.h.name);
	t.text_id = EV_TIMER_ID(arena_text_put(wf_arena, t.h.name, len), len);
	l->heap[l->nheap] = t;
	heap_up(l, l->nheap++);
	emit(EV_TIMER_ADD, l->obj, (uint64_t)due, t.text_id);
	loop_report(l);
	return t.h.id;
}

uint32_t wf_call_at(wf_loop *l, double when, const char *name, wf_callback fn, void *arg)
{
	return call_at_ns(l, (int64_t)(when * 1e9), name, fn, arg);
}

uint32_t wf_call_later(wf_loop *l, double delay, const char *name, wf_callback fn, void *arg)
{
	if (delay < 0)
		delay = 0;
	return call_at_ns(l, lessontime_now() + (int64_t)(delay * 1e9), name, fn, arg);
}

uint32_t wf_call_soon_threadsafe(wf_loop *l, const char *name, wf_callback fn, void *arg)
{
	pthread_mutex_lock(&l->ts_lock);
	uint32_t id = 0;
	if (l->ts_len == l->ts_cap) {
		size_t cap = l->ts_cap ? l->ts_cap * 2 : 16;
		struct handle *v = realloc(l->ts_list, cap * sizeof *v);
		if (v) {
			l->ts_list = v;
			l->ts_cap = cap;
		}
	}
	if (l->ts_len < l->ts_cap) {
		struct handle h = {.fn = fn, .arg = arg};
		name_copy(h.name, sizeof h.name, name);
		l->ts_list[l->ts_len++] = h; /* its id is given when it joins the ready queue */
		id = UINT32_MAX;
	}
	pthread_mutex_unlock(&l->ts_lock);
	uint64_t one = 1;
	if (write(l->wakefd, &one, sizeof one) < 0) {
		/* the counter is saturated: the loop is awake anyway */
	}
	return id;
}

/* Moves what other threads scheduled onto the ready queue. */
static void drain_threadsafe(wf_loop *l)
{
	pthread_mutex_lock(&l->ts_lock);
	for (size_t i = 0; i < l->ts_len; i++) {
		struct handle h = l->ts_list[i];
		if (++l->next_id == 0)
			l->next_id = 1;
		h.id = l->next_id;
		ready_push(l, &h);
	}
	l->ts_len = 0;
	pthread_mutex_unlock(&l->ts_lock);
}

bool wf_handle_cancel(wf_loop *l, uint32_t id)
{
	if (id == 0)
		return false;
	for (size_t i = 0; i < l->nheap; i++) {
		if (l->heap[i].h.id == id) {
			struct timer t = heap_take(l, i);
			emit(EV_TIMER_DONE, l->obj, 1, EV_TIMER_OFFSET(t.text_id));
			loop_report(l);
			return true;
		}
	}
	for (size_t i = 0; i < l->ready.len; i++) {
		struct handle *h = fifo_at(&l->ready, i);
		if (h->id == id && !h->cancelled) {
			h->cancelled = true; /* skipped when its turn comes, as asyncio does */
			return true;
		}
	}
	return false;
}

/* --- file descriptors ------------------------------------------------------------------------ */

int wf_loop_add_reader(wf_loop *l, int fd, const char *name, wf_callback fn, void *arg)
{
	struct reader *v = realloc(l->readers, (l->nreaders + 1) * sizeof *v);
	if (!v)
		return WF_ENOMEM;
	l->readers = v;
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return WF_ESYS;
	v[l->nreaders].fd = fd;
	v[l->nreaders].h = make_handle(l, name, fn, arg);
	l->nreaders++;
	return 0;
}

int wf_loop_remove_reader(wf_loop *l, int fd)
{
	for (size_t i = 0; i < l->nreaders; i++) {
		if (l->readers[i].fd == fd) {
			epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
			l->readers[i] = l->readers[--l->nreaders];
			return 0;
		}
	}
	return WF_ESYS;
}

/* One epoll_wait of at most `ms`; readable fds' callbacks join the ready
 * queue.  Returns how many fds (the wake fd included) were ready. */
static int poll_once(wf_loop *l, int ms)
{
	struct epoll_event evs[EPOLL_BATCH];
	int n = epoll_wait(l->epfd, evs, EPOLL_BATCH, ms);
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;
		if (fd == l->wakefd) {
			uint64_t count;
			if (read(l->wakefd, &count, sizeof count) < 0) {
				/* nothing to read: another wake was merged in */
			}
			drain_threadsafe(l);
			continue;
		}
		for (size_t j = 0; j < l->nreaders; j++)
			if (l->readers[j].fd == fd)
				ready_push(l, &l->readers[j].h);
	}
	return n < 0 ? 0 : n;
}

/* Waits until lesson time `deadline` (LESSONTIME_FOREVER: until an fd is
 * ready), an fd is ready or another thread calls in. */
static void wait_io(wf_loop *l, int64_t deadline)
{
	struct timebase *tb = &wf_arena->ctl.time;
	bool waited = false, timed_out = false;
	for (;;) {
		int64_t now = (int64_t)clock_mono_ns();
		if (deadline != LESSONTIME_FOREVER && timebase_lesson_ns(tb, now) >= deadline) {
			timed_out = true;
			break;
		}
		int64_t until = deadline == LESSONTIME_FOREVER ? INT64_MAX : timebase_real_ns(tb, deadline);
		int64_t left = until - now;
		if (left > LESSONTIME_SLICE_NS || left < 0)
			left = LESSONTIME_SLICE_NS; /* re-plan: the speed may change, or a pause end */
		if (!waited) {
			emit(EV_WAIT, l->obj, 0, 0);
			waited = true;
		}
		if (poll_once(l, (int)((left + 999999) / 1000000)) > 0 || l->ready.len)
			break;
	}
	if (waited)
		emit(EV_WAKE, l->obj, timed_out, 0);
}

static void run_once(wf_loop *l)
{
	if (l->ready.len || l->stopping)
		poll_once(l, 0);
	else
		wait_io(l, l->nheap ? l->heap[0].due : LESSONTIME_FOREVER);
	drain_threadsafe(l);
	int64_t now = lessontime_now();
	while (l->nheap && l->heap[0].due <= now) {
		struct timer t = heap_take(l, 0);
		emit(EV_TIMER_DONE, l->obj, 0, EV_TIMER_OFFSET(t.text_id));
		ready_push(l, &t.h);
	}
	loop_report(l);
	for (size_t n = l->ready.len; n > 0 && l->ready.len; n--) {
		struct handle h = ready_pop(l);
		if (h.cancelled) {
			loop_report(l);
			continue;
		}
		run_handle(l, &h);
	}
}

/* --- running ------------------------------------------------------------------------------- */

void wf_loop_stop(wf_loop *l)
{
	l->stopping = true;
}

int wf_loop_run_forever(wf_loop *l)
{
	if (l->running)
		return WF_ESTATE;
	l->running = true;
	for (;;) {
		run_once(l);
		if (l->stopping)
			break;
	}
	l->stopping = false;
	l->running = false;
	return 0;
}

static void stop_when_done(wf_future *f, void *arg)
{
	(void)arg;
	wf_loop_stop(f->loop);
}

int wf_loop_run_until_complete(wf_loop *l, wf_future *f, uint64_t *result)
{
	if (l->running)
		return WF_ESTATE;
	if (!wf_future_done(f)) {
		future_add_done(f, stop_when_done, NULL, "stop");
		wf_loop_run_forever(l);
		future_remove_done(f, stop_when_done, NULL);
	}
	return wf_future_result(f, result);
}

/* --- life ------------------------------------------------------------------------------------ */

wf_loop *wf_loop_new(const char *name)
{
	if (current_loop)
		return NULL;
	wf_loop *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	name_copy(l->name, sizeof l->name, name ? name : "loop");
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = l->wakefd};
	if (l->epfd < 0 || l->wakefd < 0 || epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->wakefd, &ev) < 0) {
		if (l->epfd >= 0)
			close(l->epfd);
		if (l->wakefd >= 0)
			close(l->wakefd);
		free(l);
		return NULL;
	}
	fifo_init(&l->ready, sizeof(struct handle), 64);
	pthread_mutex_init(&l->ts_lock, NULL);
	l->obj = object_register(l->name, OBJ_LOOP, 0);
	current_loop = l;
	loop_report(l);
	return l;
}

wf_loop *wf_loop_get(void)
{
	return current_loop;
}

double wf_loop_time(const wf_loop *l)
{
	(void)l;
	return (double)lessontime_now() / 1e9;
}

void wf_loop_free(wf_loop *l)
{
	if (!l || l->running)
		return;
	wf_executor_free(l->default_executor);
	while (l->queues) {
		wf_aqueue *q = l->queues;
		aqueue_destroy(q); /* unlinks itself */
	}
	while (l->owned) {
		wf_future *f = l->owned;
		l->owned = f->next_owned;
		future_destroy(f);
	}
	close(l->epfd);
	close(l->wakefd);
	pthread_mutex_destroy(&l->ts_lock);
	fifo_free(&l->ready);
	free(l->heap);
	free(l->readers);
	free(l->ts_list);
	if (current_loop == l)
		current_loop = NULL;
	free(l);
}

int wf_async_run(const char *name, wf_task_fn fn, void *arg, uint64_t *result)
{
	if (current_loop)
		return WF_ESTATE;
	wf_loop *l = wf_loop_new("loop");
	if (!l)
		return WF_ENOMEM;
	wf_task *t = wf_task_create(l, name, fn, arg);
	int r = t ? wf_loop_run_until_complete(l, wf_task_future(t), result) : WF_ENOMEM;
	wf_loop_free(l);
	return r;
}
