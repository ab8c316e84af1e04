/*
 * task.c - asyncio.Task: a coroutine the loop drives, one step per
 * callback, and the await that suspends it.
 *
 * A step is a callback on the loop's ready queue (named after the task)
 * that sends into the task's coroutine; the coroutine runs until it awaits
 * a future that is not done (it adds a wake-up callback to that future and
 * yields) or returns (the task's future completes: done, failed, or
 * cancelled if it returned WF_ECANCELLED).
 *
 * Cancellation follows asyncio: cancelling a task that awaits a future
 * cancels that future (so the await ends with WF_ECANCELLED); otherwise the
 * next await it reaches returns WF_ECANCELLED; one cancelled before its
 * first step never runs.  A task may catch the cancellation (ignore the
 * return code) and go on.
 *
 * Each change of state is an EV_TASK event; awaiting another task is also
 * an EV_JOIN on the coroutine's lane (so the wait-for graph sees tasks
 * awaiting each other in a cycle), sleeping an EV_SLEEP.
 */
#include <stdlib.h>

#include "actor.h"
#include "loop_impl.h"

static uint64_t task_body(void *arg)
{
	wf_task *t = arg;
	t->ret = t->fn(t->arg, &t->value);
	return 0;
}

void task_report(wf_task *t, uint8_t state, uint8_t wait, uint32_t detail)
{
	emit(EV_TASK, t->fut.loop->obj, wf_coro_actor(t->coro), TASK_EV_B(state, wait, detail));
}

static void task_finish(wf_task *t)
{
	if (t->ret == 0) {
		task_report(t, TASK_DONE, TW_NONE, 0);
		future_complete(&t->fut, FUT_DONE, 0, t->value);
	} else if (t->ret == WF_ECANCELLED) {
		task_report(t, TASK_CANCELLED, TW_NONE, 0);
		future_complete(&t->fut, FUT_CANCELLED, 0, 0);
	} else {
		task_report(t, TASK_FAILED, TW_NONE, 0);
		future_complete(&t->fut, FUT_DONE, t->ret, 0);
	}
}

static void task_step(void *arg)
{
	wf_task *t = arg;
	wf_loop *l = t->fut.loop;
	if (t->fut.state != FUT_PENDING || wf_coro_state(t->coro) == WF_CORO_RUNNING)
		return;
	if (t->must_cancel && wf_coro_state(t->coro) == WF_CORO_CREATED) {
		wf_coro_close(t->coro); /* cancelled before it ever ran */
		t->ret = WF_ECANCELLED;
		task_finish(t);
		return;
	}
	task_report(t, TASK_RUNNING, TW_NONE, 0);
	wf_task *outer = l->current;
	l->current = t;
	int r = wf_coro_send(t->coro, 0, NULL);
	l->current = outer;
	if (r == WF_EDONE)
		task_finish(t);
}

static void task_wakeup(wf_future *f, void *arg)
{
	(void)f;
	task_step(arg);
}

wf_task *wf_task_create(wf_loop *l, const char *name, wf_task_fn fn, void *arg)
{
	wf_task *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	future_init(&t->fut, l, name ? name : "task");
	future_init(&t->sleeper, l, "sleep");
	t->fut.task = t;
	t->fn = fn;
	t->arg = arg;
	t->coro = wf_coro_new(t->fut.name, task_body, t);
	if (!t->coro || wf_call_soon(l, t->fut.name, task_step, t) == 0) {
		wf_coro_free(t->coro);
		free(t);
		return NULL;
	}
	future_own(l, &t->fut);
	task_report(t, TASK_PENDING, TW_NONE, 0);
	return t;
}

wf_future *wf_task_future(wf_task *t)
{
	return &t->fut;
}

const char *wf_task_name(const wf_task *t)
{
	return t->fut.name;
}

wf_task *task_running(void)
{
	wf_loop *l = wf_loop_get();
	wf_task *t = l ? l->current : NULL;
	return t && wf_coro_current() == t->coro ? t : NULL;
}

wf_task *wf_task_current(void)
{
	return task_running();
}

bool wf_task_cancel(wf_task *t)
{
	if (t->fut.state != FUT_PENDING)
		return false;
	if (t->waiting && t->waiting != &t->fut && wf_future_cancel(t->waiting))
		return true; /* its await ends with WF_ECANCELLED */
	t->must_cancel = true;
	return true;
}

/* Takes a pending cancellation: true once, then it is spent. */
static bool cancelled_now(wf_task *t)
{
	if (!t->must_cancel)
		return false;
	t->must_cancel = false;
	return true;
}

int task_await(wf_task *t, wf_future *f, uint8_t wait, uint32_t detail, uint64_t *result)
{
	if (!t || f == &t->fut)
		return WF_ESTATE;
	if (cancelled_now(t))
		return WF_ECANCELLED;
	if (f->state == FUT_PENDING) {
		if (future_add_done(f, task_wakeup, t, t->fut.name) < 0)
			return WF_ENOMEM;
		t->waiting = f;
		task_report(t, TASK_WAITING, wait, detail);
		if (wait == TW_TASK)
			emit(EV_JOIN, WF_NONE, detail, 0);
		wf_yield(0);
		t->waiting = NULL;
		if (f->state == FUT_PENDING)
			future_remove_done(f, task_wakeup, t);
		if (cancelled_now(t))
			return WF_ECANCELLED;
	}
	return wf_future_result(f, result);
}

int wf_await(wf_future *f, uint64_t *result)
{
	if (f->task)
		return wf_await_task(f->task, result);
	return task_await(task_running(), f, f->executor ? TW_EXECUTOR : TW_FUTURE, 0, result);
}

int wf_await_task(wf_task *t, uint64_t *result)
{
	return task_await(task_running(), &t->fut, TW_TASK, wf_coro_actor(t->coro), result);
}

static void sleep_over(void *arg)
{
	wf_future *f = arg;
	if (f->state == FUT_PENDING)
		future_complete(f, FUT_DONE, 0, 0);
}

int wf_async_sleep(double seconds)
{
	wf_task *t = task_running();
	if (!t)
		return WF_ESTATE;
	wf_loop *l = t->fut.loop;
	if (seconds <= 0) { /* asyncio.sleep(0): let every other ready callback run first */
		if (cancelled_now(t))
			return WF_ECANCELLED;
		wf_call_soon(l, t->fut.name, task_step, t);
		task_report(t, TASK_PENDING, TW_NONE, 0);
		wf_yield(0);
		return cancelled_now(t) ? WF_ECANCELLED : 0;
	}
	future_init(&t->sleeper, l, NULL);
	emit(EV_SLEEP, WF_NONE, (uint64_t)(seconds * 1e9), 0);
	uint32_t timer = wf_call_later(l, seconds, t->fut.name, sleep_over, &t->sleeper);
	int r = task_await(t, &t->sleeper, TW_SLEEP, (uint32_t)(seconds * 1000), NULL);
	wf_handle_cancel(l, timer); /* still pending when the sleep was cancelled */
	return r;
}
