/*
 * combine.c - awaiting several futures, or one with a deadline:
 * asyncio.gather, asyncio.wait and asyncio.wait_for.
 *
 * Each builds one "outer" future that the calling task awaits, completed
 * by done callbacks on the futures it watches (and by a timer when there
 * is a timeout).  Before returning, each removes the callbacks and the
 * timer it set, so nothing it left behind can fire into a finished call:
 * the state they share may live on the caller's stack.
 */
#include <stdlib.h>

#include "actor.h"
#include "loop_impl.h"

/* The task tree: the calling task awaits every pending task among fs. */
static void awaits(const wf_loop *l, wf_future *const *fs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i]->task && fs[i]->state == FUT_PENDING)
			emit(EV_TASK_AWAIT, l->obj, wf_coro_actor(fs[i]->task->coro), 0);
}

/* --- gather -------------------------------------------------------------- */

struct gathering {
	wf_future *outer;
	size_t left;
	int child_error; /* the first child's error, when one failed */
};

/* A future's error as gather sees it: cancellation counts as one. */
static int outcome(const wf_future *f)
{
	return f->state == FUT_CANCELLED ? WF_ECANCELLED : f->error;
}

static void gather_one(wf_future *child, void *arg)
{
	struct gathering *g = arg;
	if (g->outer->state != FUT_PENDING)
		return;
	if (outcome(child)) {
		g->child_error = outcome(child);
		wf_future_set_error(g->outer, g->child_error);
	} else if (--g->left == 0) {
		wf_future_set_result(g->outer, 0);
	}
}

int wf_gather(wf_future *const *fs, size_t n, uint64_t *results)
{
	wf_task *t = task_running();
	if (!t)
		return WF_ESTATE;
	struct gathering g = {wf_future_new(t->fut.loop, "gather"), n, 0};
	if (!g.outer)
		return WF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (fs[i]->state == FUT_PENDING)
			future_add_done(fs[i], gather_one, &g, "gather");
		else if (outcome(fs[i]) && !g.child_error)
			g.child_error = outcome(fs[i]);
		else
			g.left--;
	}
	int r = g.child_error;
	if (!r && g.left)
		awaits(t->fut.loop, fs, n);
	if (!r && g.left)
		r = task_await(t, g.outer, TW_GATHER, (uint32_t)n, NULL);
	for (size_t i = 0; i < n; i++)
		future_remove_done(fs[i], gather_one, &g);
	if (r == WF_ECANCELLED && !g.child_error) /* gather itself was cancelled: so are its children */
		for (size_t i = 0; i < n; i++)
			wf_future_cancel(fs[i]);
	if (r)
		return r;
	for (size_t i = 0; i < n && results; i++)
		results[i] = fs[i]->result;
	return 0;
}

/* --- wait ---------------------------------------------------------------------- */

struct waiting {
	wf_future *outer;
	enum wf_wait_when when;
	size_t left;
};

static void wait_one(wf_future *child, void *arg)
{
	struct waiting *w = arg;
	if (w->outer->state != FUT_PENDING)
		return;
	w->left--;
	bool failed = child->state == FUT_DONE && child->error;
	if (w->when == WF_FIRST_COMPLETED || (w->when == WF_FIRST_EXCEPTION && failed) || w->left == 0)
		wf_future_set_result(w->outer, 0);
}

static void wait_timeout(void *arg)
{
	wf_future *outer = arg;
	if (outer->state == FUT_PENDING)
		wf_future_set_result(outer, 1);
}

/* Whether `when` holds for fs already. */
static bool wait_over(wf_future *const *fs, size_t n, enum wf_wait_when when)
{
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (fs[i]->state == FUT_PENDING)
			continue;
		done++;
		if (when == WF_FIRST_COMPLETED ||
		    (when == WF_FIRST_EXCEPTION && fs[i]->state == FUT_DONE && fs[i]->error))
			return true;
	}
	return done == n;
}

int wf_wait(wf_future *const *fs, size_t n, double timeout, enum wf_wait_when when, bool *done)
{
	wf_task *t = task_running();
	if (!t)
		return WF_ESTATE;
	wf_loop *l = t->fut.loop;
	int r = 0;
	if (!wait_over(fs, n, when) && timeout != 0) {
		struct waiting w = {wf_future_new(l, "wait"), when, 0};
		if (!w.outer)
			return WF_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			if (fs[i]->state == FUT_PENDING) {
				future_add_done(fs[i], wait_one, &w, "wait");
				w.left++;
			}
		}
		uint32_t timer = timeout > 0 ? wf_call_later(l, timeout, "wait timeout", wait_timeout, w.outer) : 0;
		awaits(l, fs, n);
		r = task_await(t, w.outer, TW_WAIT, (uint32_t)n, NULL);
		wf_handle_cancel(l, timer);
		for (size_t i = 0; i < n; i++)
			future_remove_done(fs[i], wait_one, &w);
	}
	if (r)
		return r;
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		bool d = fs[i]->state != FUT_PENDING;
		if (done)
			done[i] = d;
		count += d;
	}
	return count;
}

/* --- wait_for ---------------------------------------------------------------------------- */

static void wait_for_done(wf_future *inner, void *arg)
{
	(void)inner;
	wf_future *outer = arg;
	if (outer->state == FUT_PENDING)
		wf_future_set_result(outer, 0);
}

int wf_wait_for(wf_future *f, double timeout, uint64_t *result)
{
	wf_task *t = task_running();
	if (!t)
		return WF_ESTATE;
	if (f->state != FUT_PENDING)
		return wf_future_result(f, result);
	wf_loop *l = t->fut.loop;
	wf_future *outer = wf_future_new(l, "wait_for");
	if (!outer)
		return WF_ENOMEM;
	future_add_done(f, wait_for_done, outer, "wait_for");
	uint32_t timer = timeout >= 0 ? wf_call_later(l, timeout, "wait_for timeout", wait_timeout, outer) : 0;
	int r = task_await(t, outer, TW_WAIT, 1, NULL);
	wf_handle_cancel(l, timer);
	future_remove_done(f, wait_for_done, outer);
	if (r == WF_ECANCELLED) { /* the caller was cancelled: so is what it waited for */
		wf_future_cancel(f);
		return r;
	}
	if (f->state != FUT_PENDING)
		return wf_future_result(f, result);
	/* Timed out: cancel it and wait until it has really ended.  A task
	 * that swallows the cancellation and returns makes wait_for return
	 * its outcome, as Python 3.9 and later do (3.7 and 3.8 raised
	 * TimeoutError all the same). */
	wf_future_cancel(f);
	if (f->state == FUT_PENDING)
		task_await(t, f, f->task ? TW_TASK : TW_FUTURE, f->task ? wf_coro_actor(f->task->coro) : 0, NULL);
	if (f->state == FUT_PENDING || f->state == FUT_CANCELLED)
		return WF_ETIMEDOUT;
	return wf_future_result(f, result);
}
