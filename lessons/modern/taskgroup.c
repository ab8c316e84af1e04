/*
 * taskgroup - asyncio.TaskGroup (Python 3.11): structured concurrency.
 *
 * Three tasks, A (3 s), B (fails at 1 s) and C (2 s), are run twice:
 *
 *   1. in a task group: when B fails, the group cancels A and C at once,
 *      waits for them to end, and raises an exception group that names
 *      B's error - the block is over at 1 s and nothing is left running;
 *   2. with gather (the 3.7 way): the awaiting main() gets B's error at
 *      1 s, but A and C run on, unowned, and finish at 2 s and 3 s.
 *
 * The group is built here the way asyncio builds it, from plain tasks: a
 * done callback on each task notices the first failure and cancels the
 * rest; leaving the block awaits every task.  With `--set mode=group` or
 * `mode=gather` only one half runs; `fail=none` lets every task succeed.
 */
#include <stdio.h>

#include "lesson.h"
#include "weft.h"

struct work {
	const char *name;
	double seconds;
	bool fails;
	int outcome; /* what the task ended with: 0, its error, or WF_ECANCELLED */
};

static const int VALUE_ERROR = WF_EUSER - 1;

static int worker(void *arg, uint64_t *result)
{
	struct work *w = arg;
	*result = 0;
	wf_print("%s starts (%.0f s)", w->name, w->seconds);
	if (wf_async_sleep(w->seconds) == WF_ECANCELLED) {
		wf_print("%s cancelled", w->name);
		return w->outcome = WF_ECANCELLED;
	}
	if (w->fails) {
		wf_print("%s fails: ValueError('%s failed')", w->name, w->name);
		return w->outcome = VALUE_ERROR;
	}
	wf_print("%s done", w->name);
	return w->outcome = 0;
}

/* --- the task group ------------------------------------------------------ */

struct group {
	wf_task *task[3];
	struct work *work[3];
	size_t n;
	bool aborting;    /* a task failed: the others were cancelled */
	size_t errors;    /* the errors the group will raise */
	char names[64];   /* "ValueError('B failed')" ... */
};

/* TaskGroup._on_task_done: the first failure cancels every other task. */
static void on_done(wf_future *f, void *arg)
{
	struct group *g = arg;
	if (wf_future_cancelled(f) || wf_future_result(f, NULL) == 0)
		return;
	for (size_t i = 0; i < g->n; i++)
		if (wf_task_future(g->task[i]) == f) {
			size_t at = 0;
			while (g->names[at])
				at++;
			snprintf(g->names + at, sizeof g->names - at, "%sValueError('%s failed')",
				 g->errors ? ", " : "", g->work[i]->name);
		}
	g->errors++;
	if (g->aborting)
		return;
	g->aborting = true;
	wf_print("group: a task failed, cancelling the others");
	for (size_t i = 0; i < g->n; i++)
		if (!wf_future_done(wf_task_future(g->task[i])))
			wf_task_cancel(g->task[i]);
}

static int run_group(struct work *w)
{
	struct group g = {.n = 3};
	double t0 = wf_now();
	wf_print("-- async with asyncio.TaskGroup() as tg: three tg.create_task(...) --");
	for (size_t i = 0; i < g.n; i++) {
		g.work[i] = &w[i];
		g.task[i] = wf_task_create(wf_loop_get(), w[i].name, worker, &w[i]);
		if (!g.task[i] || wf_future_add_done_callback(wf_task_future(g.task[i]), on_done, &g) < 0)
			return WF_ENOMEM;
	}
	/* Leaving the block: every task is awaited, whatever it ends with. */
	for (size_t i = 0; i < g.n; i++)
		wf_await_task(g.task[i], NULL);
	if (g.errors)
		wf_print("group raised ExceptionGroup('unhandled errors in a TaskGroup', [%s]) after %.1f s",
			 g.names, wf_now() - t0);
	else
		wf_print("group: every task done after %.1f s", wf_now() - t0);
	size_t cancelled = 0;
	for (size_t i = 0; i < g.n; i++)
		cancelled += w[i].outcome == WF_ECANCELLED;
	wf_result("group_s=%.1f group_errors=%zu group_cancelled=%zu", wf_now() - t0, g.errors, cancelled);
	return 0;
}

/* --- gather, for contrast -------------------------------------------------- */

static int run_gather(struct work *w)
{
	double t0 = wf_now();
	wf_print("-- await asyncio.gather(A, B, C) --");
	wf_task *t[3];
	wf_future *f[3];
	for (size_t i = 0; i < 3; i++) {
		if (!(t[i] = wf_task_create(wf_loop_get(), w[i].name, worker, &w[i])))
			return WF_ENOMEM;
		f[i] = wf_task_future(t[i]);
	}
	int r = wf_gather(f, 3, NULL);
	double raised = wf_now() - t0;
	if (r == VALUE_ERROR)
		wf_print("gather raised ValueError('B failed') after %.1f s", raised);
	else
		wf_print("gather returned after %.1f s", raised);
	wf_print("done right after: A %s, B %s, C %s", wf_future_done(f[0]) ? "yes" : "no",
		 wf_future_done(f[1]) ? "yes" : "no", wf_future_done(f[2]) ? "yes" : "no");
	/* Nobody awaits A and C any more; they run on. */
	for (size_t i = 0; i < 3; i++)
		wf_await_task(t[i], NULL);
	size_t cancelled = 0;
	for (size_t i = 0; i < 3; i++)
		cancelled += w[i].outcome == WF_ECANCELLED;
	wf_print("the last of them ended after %.1f s; cancelled: %zu", wf_now() - t0, cancelled);
	wf_result("gather_raised_s=%.1f gather_s=%.1f gather_cancelled=%zu", raised, wf_now() - t0, cancelled);
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	bool fail = wf_param_is("fail", "B");
	if (!wf_param_is("mode", "gather")) {
		struct work w[3] = {{"A", 3, false, 0}, {"B", 1, fail, 0}, {"C", 2, false, 0}};
		int r = run_group(w);
		if (r < 0)
			return r;
	}
	if (!wf_param_is("mode", "group")) {
		struct work w[3] = {{"A", 3, false, 0}, {"B", 1, fail, 0}, {"C", 2, false, 0}};
		return run_gather(w);
	}
	return 0;
}

static void run(void)
{
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"mode", "both|group|gather", "both", 0, 0, "both: the task group, then gather; or only one"},
	{"fail", "B|none", "B", 0, 0, "B: task B raises ValueError at 1 s; none: every task succeeds"},
};

const struct wf_lesson lesson_taskgroup = {
	.id = "taskgroup",
	.track = "modern",
	.title_en = "TaskGroup: one fails, the others are cancelled",
	.title_zh = "TaskGroup：一个失败，其余都被取消",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
