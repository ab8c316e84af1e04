/*
 * gather-wait - how asyncio makes tasks, what its combinators return, and
 * when.
 *
 * rounds=notes (the default) is the notes' 001 ("创建协程任务方式演进",
 * "获取协程任务结果", "给任务添加回调函数", "自省"): foo(i) prints start-foo,
 * sleeps 1 s, prints end-foo and returns foo-i.
 *   0. three ways to make a task (ensure_future, loop.create_task,
 *      asyncio.create_task), and what the loop says about them:
 *      current_task() and all_tasks(), read from the loop's task table,
 *      before and after they run.
 *   1. wait(tasks): done and pending, and each done one's result.
 *   2. wait(FIRST_EXCEPTION) when every foo fails (1 / 0): all five fail
 *      in the same turn of the loop, so all five are done when wait
 *      returns, and the first result() raises ZeroDivisionError.
 *   3. gather(*coroutines): the results, in the order given.
 *   4. add_done_callback on each: the callback prints each result.
 * Each round takes 1 s: 5 s in all.
 *
 * rounds=weft: five jobs sleep 0.5, 0.3, 0.4, 0.1 and 0.2 s and return
 * i*i (job3 fails with ValueError in the FIRST_EXCEPTION round); a done
 * callback on each prints when it finishes:
 *   1. gather: the results, in the order given.
 *   2. wait(timeout=0.25): the jobs done by then, and those still pending.
 *   3. wait(FIRST_COMPLETED): returns at the first one done.
 *   4. wait(FIRST_EXCEPTION): returns when job3 fails.
 * Between rounds the remaining jobs are awaited, so each round starts
 * clean.  rounds=both runs the notes' rounds, then Weft's.
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define JOBS 5
#define VALUE_ERROR (WF_EUSER - 1)
#define ZERO_DIVISION (WF_EUSER - 2)

static const double delay[JOBS] = {0.5, 0.3, 0.4, 0.1, 0.2};
static int failing = -1; /* the job that fails this round */
static long callbacks;

static int job(void *arg, uint64_t *result)
{
	long i = (long)(uintptr_t)arg;
	wf_async_sleep(delay[i]);
	if (i == failing) {
		wf_print("job%ld raises ValueError", i + 1);
		return VALUE_ERROR;
	}
	*result = (uint64_t)(i * i);
	return 0;
}

static void on_done(wf_future *f, void *arg)
{
	(void)arg;
	callbacks++;
	uint64_t v = 0;
	int r = wf_future_result(f, &v);
	if (r)
		wf_print("done callback: %s failed", wf_future_name(f));
	else
		wf_print("done callback: %s -> %llu", wf_future_name(f), (unsigned long long)v);
}

static void start(wf_future *fs[JOBS], int fail, bool with_callbacks)
{
	failing = fail;
	for (long i = 0; i < JOBS; i++) {
		char name[16];
		snprintf(name, sizeof name, "job%ld", i + 1);
		wf_task *t = wf_task_create(wf_loop_get(), name, job, (void *)(uintptr_t)i);
		fs[i] = t ? wf_task_future(t) : NULL;
		if (fs[i] && with_callbacks)
			wf_future_add_done_callback(fs[i], on_done, NULL);
	}
}

static void names_of(wf_future *fs[JOBS], const bool *done, bool want, char *out, size_t size)
{
	out[0] = 0;
	for (int i = 0; i < JOBS; i++) {
		if (done[i] != want)
			continue;
		size_t n = strlen(out);
		snprintf(out + n, size - n, "%s%s", n ? "," : "", wf_future_name(fs[i]));
	}
}

/* --- the notes' rounds ------------------------------------------------------------ */

static bool foo_fails, foo_names_current;
static long foo_callbacks;

/* foo(index): start-foo, 1 s, end-foo, then 1 / 0 (ZeroDivisionError)
 * when foo_fails, else the result foo-index. */
static int foo(void *arg, uint64_t *result)
{
	long index = (long)(uintptr_t)arg;
	if (foo_names_current)
		wf_print("start-foo (current_task() is %s)", wf_task_name(wf_task_current()));
	else
		wf_print("start-foo");
	wf_async_sleep(1);
	wf_print("end-foo");
	if (foo_fails)
		return ZERO_DIVISION;
	*result = (uint64_t)index;
	return 0;
}

static void foo_callback(wf_future *f, void *arg)
{
	(void)arg;
	uint64_t v = 0;
	if (wf_future_result(f, &v) == 0)
		wf_print("callback: foo-%llu", (unsigned long long)v);
	foo_callbacks++;
}

/* Five foo tasks made with asyncio.create_task. */
static void start_foos(wf_future *fs[JOBS])
{
	for (long i = 0; i < JOBS; i++) {
		char name[16];
		snprintf(name, sizeof name, "foo-%ld", i);
		wf_task *t = wf_task_create(wf_loop_get(), name, foo, (void *)(uintptr_t)i);
		fs[i] = t ? wf_task_future(t) : NULL;
	}
}

/* Prints all_tasks() as the loop holds it, a name a line; returns how
 * many. */
static size_t print_all_tasks(void)
{
	wf_task *ts[16];
	size_t n = wf_all_tasks(NULL, ts, 16);
	wf_print("all_tasks(): %zu", n);
	for (size_t i = 0; i < n && i < 16; i++)
		wf_print("  - %s", wf_task_name(ts[i]));
	return n;
}

static int notes_rounds(char *out, size_t size)
{
	wf_loop *l = wf_loop_get();
	wf_future *fs[JOBS];
	bool done[JOBS];
	uint64_t v[JOBS];
	double t0 = wf_now();
	foo_fails = false;
	foo_callbacks = 0;

	wf_print("-- 0. three ways to make a task --");
	foo_names_current = true;
	wf_task *made[3] = {
		wf_task_create(wf_loop_get(), "ensure_future", foo, (void *)0), /* asyncio.ensure_future(foo()) */
		wf_task_create(l, "loop.create_task", foo, (void *)1),          /* loop.create_task(foo()) */
		wf_task_create(wf_loop_get(), "create_task", foo, (void *)2),   /* asyncio.create_task(foo()) */
	};
	for (int i = 0; i < 3; i++) {
		if (!made[i])
			return WF_ENOMEM;
		fs[i] = wf_task_future(made[i]);
	}
	wf_print("current_task(): %s", wf_task_name(wf_task_current()));
	size_t before = print_all_tasks();
	wf_wait(fs, 3, WF_FOREVER, WF_ALL_COMPLETED, done);
	size_t after = print_all_tasks();
	foo_names_current = false;

	wf_print("-- 1. done, pending = wait(tasks) --");
	start_foos(fs);
	int n_done = wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);
	wf_print("done: %d, pending: %d", n_done, JOBS - n_done);
	for (int i = 0; i < JOBS; i++)
		if (done[i] && wf_future_result(fs[i], &v[i]) == 0)
			wf_print("foo-%llu", (unsigned long long)v[i]);

	wf_print("-- 2. wait(FIRST_EXCEPTION), every foo raises --");
	foo_fails = true;
	start_foos(fs);
	int n_exc = wf_wait(fs, JOBS, WF_FOREVER, WF_FIRST_EXCEPTION, done);
	wf_print("done: %d, pending: %d", n_exc, JOBS - n_exc);
	bool zero_div = false;
	for (int i = 0; i < JOBS; i++)
		if (done[i] && wf_future_result(fs[i], NULL) == ZERO_DIVISION) {
			wf_print("%s: result() raises ZeroDivisionError: division by zero", wf_future_name(fs[i]));
			zero_div = true;
			break; /* the notes' program ends here */
		}
	wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);
	foo_fails = false;

	wf_print("-- 3. results = gather(*coroutines) --");
	start_foos(fs);
	int r = wf_gather(fs, JOBS, v);
	for (int i = 0; r == 0 && i < JOBS; i++)
		wf_print("foo-%llu", (unsigned long long)v[i]);

	wf_print("-- 4. add_done_callback, then wait --");
	start_foos(fs);
	for (int i = 0; i < JOBS; i++)
		if (fs[i])
			wf_future_add_done_callback(fs[i], foo_callback, NULL);
	wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);

	snprintf(out, size,
		 "tasks_before=%zu tasks_after=%zu wait_done=%d all_failed_done=%d all_failed=%s "
		 "gathered=%llu,%llu,%llu,%llu,%llu done_callbacks=%ld notes_s=%.1f",
		 before, after, n_done, n_exc, zero_div ? "ZeroDivisionError" : "no",
		 (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
		 (unsigned long long)v[3], (unsigned long long)v[4], foo_callbacks, wf_now() - t0);
	return 0;
}

/* --- Weft's rounds ------------------------------------------------------------------ */

static int weft_rounds(char *out, size_t size)
{
	wf_future *fs[JOBS];
	bool done[JOBS];
	uint64_t v[JOBS];
	char d[64], p[64];

	wf_print("-- 1. gather --");
	start(fs, -1, true);
	wf_gather(fs, JOBS, v);
	wf_print("gather -> [%llu, %llu, %llu, %llu, %llu]", (unsigned long long)v[0],
		 (unsigned long long)v[1], (unsigned long long)v[2], (unsigned long long)v[3],
		 (unsigned long long)v[4]);

	wf_print("-- 2. wait(timeout=0.25) --");
	start(fs, -1, false);
	int n_timeout = wf_wait(fs, JOBS, 0.25, WF_ALL_COMPLETED, done);
	names_of(fs, done, true, d, sizeof d);
	names_of(fs, done, false, p, sizeof p);
	wf_print("done: %s   pending: %s", d, p);
	wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);

	wf_print("-- 3. wait(FIRST_COMPLETED) --");
	start(fs, -1, false);
	int n_first = wf_wait(fs, JOBS, WF_FOREVER, WF_FIRST_COMPLETED, done);
	names_of(fs, done, true, d, sizeof d);
	wf_print("first completed: %s", d);
	wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);

	wf_print("-- 4. wait(FIRST_EXCEPTION), job3 fails --");
	start(fs, 2, false);
	int n_exc = wf_wait(fs, JOBS, WF_FOREVER, WF_FIRST_EXCEPTION, done);
	names_of(fs, done, true, d, sizeof d);
	wf_print("done when job3 failed: %s", d);
	bool failed = wf_future_result(fs[2], NULL) == VALUE_ERROR;
	wf_wait(fs, JOBS, WF_FOREVER, WF_ALL_COMPLETED, done);

	snprintf(out, size,
		 "gather=%llu,%llu,%llu,%llu,%llu timeout_done=%d timeout_pending=%d first_completed=%d "
		 "first_exception_done=%d job3=%s callbacks=%ld",
		 (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
		 (unsigned long long)v[3], (unsigned long long)v[4], n_timeout, JOBS - n_timeout,
		 n_first, n_exc, failed ? "ValueError" : "ok", callbacks);
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	char notes[256] = "", weft[256] = "";
	int r = 0;
	if (!wf_param_is("rounds", "weft"))
		r = notes_rounds(notes, sizeof notes);
	if (r == 0 && !wf_param_is("rounds", "notes"))
		r = weft_rounds(weft, sizeof weft);
	if (r == 0 && notes[0]) /* each call adds its pairs to the one result: line */
		wf_result("%s", notes);
	if (r == 0 && weft[0])
		wf_result("%s", weft);
	return r;
}

static void run(void)
{
	callbacks = 0;
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"rounds", "notes|weft|both", "notes", 0, 0,
	 "notes: the notes' foo demos and task introspection; weft: five jobs of different lengths"},
};

const struct wf_lesson lesson_gather_wait = {
	.id = "gather-wait",
	.track = "eventloop",
	.title_en = "gather and wait",
	.title_zh = "gather 与 wait",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
