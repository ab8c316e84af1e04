/*
 * future.c - asyncio.Future: a result (or an error, or a cancellation)
 * that will exist later, and the callbacks waiting for it.
 *
 * Invariants: a future completes once; from then on its state, error and
 * result never change.  Completing it schedules each done callback on its
 * loop's ready queue (never calls it at once), in the order they were
 * added, and forgets them; a callback added to a done future is scheduled
 * at once.  A future belongs to its loop and is freed with it (a task's
 * sleeper lives inside its task).
 */
#include <stdlib.h>
#include <string.h>

#include "loop_impl.h"

void future_init(wf_future *f, wf_loop *l, const char *name)
{
	f->loop = l;
	f->state = FUT_PENDING;
	f->error = 0;
	f->result = 0;
	f->ncbs = 0;
	if (name)
		name_copy(f->name, sizeof f->name, name);
}

void future_own(wf_loop *l, wf_future *f)
{
	f->next_owned = l->owned;
	l->owned = f;
}

wf_future *wf_future_new(wf_loop *l, const char *name)
{
	wf_future *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	future_init(f, l, name ? name : "future");
	future_own(l, f);
	return f;
}

void future_destroy(wf_future *f)
{
	if (f->task) {
		wf_coro_free(f->task->coro);
		free(f->task->sleeper.cbs);
	}
	free(f->cbs);
	free(f->task ? (void *)f->task : (void *)f);
}

int future_add_done(wf_future *f, wf_done_fn fn, void *arg, const char *name)
{
	if (f->state != FUT_PENDING) {
		loop_call_done(f->loop, name, fn, f, arg);
		return 0;
	}
	if (f->ncbs == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 4;
		struct done_cb *v = realloc(f->cbs, cap * sizeof *v);
		if (!v)
			return WF_ENOMEM;
		f->cbs = v;
		f->cap = cap;
	}
	struct done_cb *cb = &f->cbs[f->ncbs++];
	cb->fn = fn;
	cb->arg = arg;
	name_copy(cb->name, sizeof cb->name, name);
	return 0;
}

void future_remove_done(wf_future *f, wf_done_fn fn, void *arg)
{
	size_t n = 0;
	for (size_t i = 0; i < f->ncbs; i++)
		if (f->cbs[i].fn != fn || f->cbs[i].arg != arg)
			f->cbs[n++] = f->cbs[i];
	f->ncbs = n;
}

int future_complete(wf_future *f, uint8_t state, int error, uint64_t result)
{
	if (f->state != FUT_PENDING)
		return WF_ESTATE;
	f->state = state;
	f->error = state == FUT_CANCELLED ? WF_ECANCELLED : error;
	f->result = result;
	size_t n = f->ncbs;
	f->ncbs = 0;
	for (size_t i = 0; i < n; i++)
		loop_call_done(f->loop, f->cbs[i].name, f->cbs[i].fn, f, f->cbs[i].arg);
	return 0;
}

bool wf_future_done(const wf_future *f)
{
	return f->state != FUT_PENDING;
}

bool wf_future_cancelled(const wf_future *f)
{
	return f->state == FUT_CANCELLED;
}

int wf_future_set_result(wf_future *f, uint64_t value)
{
	return future_complete(f, FUT_DONE, 0, value);
}

int wf_future_set_error(wf_future *f, int error)
{
	if (error == WF_ECANCELLED)
		return future_complete(f, FUT_CANCELLED, 0, 0);
	return future_complete(f, FUT_DONE, error ? error : WF_EUSER, 0);
}

bool wf_future_cancel(wf_future *f)
{
	if (f->task)
		return wf_task_cancel(f->task);
	return future_complete(f, FUT_CANCELLED, 0, 0) == 0;
}

int wf_future_result(const wf_future *f, uint64_t *value)
{
	if (f->state == FUT_PENDING)
		return WF_ESTATE;
	if (value && f->state == FUT_DONE && f->error == 0)
		*value = f->result;
	return f->error;
}

int wf_future_add_done_callback(wf_future *f, wf_done_fn fn, void *arg)
{
	return future_add_done(f, fn, arg, f->name);
}

const char *wf_future_name(const wf_future *f)
{
	return f->name;
}
