/*
 * executor.c - a pool of threads for blocking calls: loop.run_in_executor
 * on a concurrent.futures.ThreadPoolExecutor.
 *
 * Calls wait in a wf_queue (its depth shows in the queue panel); each
 * worker thread (a lane of its own) takes one, runs it, and hands the
 * value back to the loop with call_soon_threadsafe, where it completes the
 * future the loop's task awaits.  The loop's thread never blocks on the
 * call itself: that is the point.  A NULL item tells a worker to end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "loop_impl.h"

struct job {
	uint64_t (*fn)(void *);
	void *arg;
	uint64_t value;
	wf_future *fut;
	wf_loop *loop;
	char name[ASYNC_NAME_MAX];
};

struct wf_executor {
	wf_queue *jobs;
	unsigned workers;
	wf_thread *threads;
};

#define EXECUTOR_BACKLOG 64

static void job_done(void *arg)
{
	struct job *j = arg;
	if (!wf_future_done(j->fut))
		wf_future_set_result(j->fut, j->value);
	free(j);
}

static void worker(void *arg)
{
	wf_executor *e = arg;
	for (;;) {
		uint64_t item = 0;
		wf_queue_get(e->jobs, &item, WF_FOREVER);
		struct job *j = (struct job *)(uintptr_t)item;
		if (!j)
			return;
		j->value = j->fn(j->arg);
		wf_call_soon_threadsafe(j->loop, j->name, job_done, j);
	}
}

wf_executor *wf_executor_new(const char *name, unsigned workers)
{
	wf_executor *e = calloc(1, sizeof *e);
	if (!e || !workers || !(e->threads = calloc(workers, sizeof *e->threads)) ||
	    !(e->jobs = wf_queue_new(name ? name : "executor", EXECUTOR_BACKLOG, 0))) {
		if (e)
			free(e->threads);
		free(e);
		return NULL;
	}
	for (unsigned i = 0; i < workers; i++) {
		char lane[ASYNC_NAME_MAX];
		snprintf(lane, sizeof lane, "%.20s-%u", name ? name : "executor", i + 1);
		if (wf_thread_spawn(&e->threads[i], lane, worker, e) != 0)
			break;
		e->workers++;
	}
	if (!e->workers) {
		free(e->threads);
		free(e);
		return NULL;
	}
	return e;
}

void wf_executor_free(wf_executor *e)
{
	if (!e)
		return;
	for (unsigned i = 0; i < e->workers; i++)
		wf_queue_put(e->jobs, 0, WF_FOREVER);
	for (unsigned i = 0; i < e->workers; i++)
		wf_thread_join(&e->threads[i]);
	free(e->threads);
	free(e);
}

wf_future *wf_run_in_executor(wf_loop *l, wf_executor *e, const char *name,
			      uint64_t (*fn)(void *), void *arg)
{
	if (!e && !l->default_executor)
		l->default_executor = wf_executor_new("executor", 4);
	if (!e)
		e = l->default_executor;
	struct job *j = calloc(1, sizeof *j);
	wf_future *f = e && j ? wf_future_new(l, name) : NULL;
	if (!f) {
		free(j);
		return NULL;
	}
	f->executor = true;
	*j = (struct job){fn, arg, 0, f, l, {0}};
	name_copy(j->name, sizeof j->name, name);
	wf_queue_put(e->jobs, (uintptr_t)j, WF_FOREVER);
	return f;
}
