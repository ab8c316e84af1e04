/*
 * gather-wait - what asyncio's combinators return, and when.
 *
 * Five jobs sleep 0.5, 0.3, 0.4, 0.1 and 0.2 s and return i*i (job3 fails
 * with ValueError in the FIRST_EXCEPTION round).  A done callback on each
 * prints when it finishes: the order they finish in is not the order they
 * were given.
 *   1. gather: the results, in the order given.
 *   2. wait(timeout=0.25): the jobs done by then, and those still pending.
 *   3. wait(FIRST_COMPLETED): returns at the first one done.
 *   4. wait(FIRST_EXCEPTION): returns when job3 fails.
 * Between rounds the remaining jobs are awaited, so each round starts clean.
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define JOBS 5
#define VALUE_ERROR (WF_EUSER - 1)

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

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
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

	wf_result("gather=%llu,%llu,%llu,%llu,%llu timeout_done=%d timeout_pending=%d first_completed=%d "
		  "first_exception_done=%d job3=%s callbacks=%ld",
		  (unsigned long long)v[0], (unsigned long long)v[1], (unsigned long long)v[2],
		  (unsigned long long)v[3], (unsigned long long)v[4], n_timeout, JOBS - n_timeout,
		  n_first, n_exc, failed ? "ValueError" : "ok", callbacks);
	*result = 0;
	return 0;
}

static void run(void)
{
	callbacks = 0;
	wf_async_run("main()", amain, NULL, NULL);
}

const struct wf_lesson lesson_gather_wait = {
	.id = "gather-wait",
	.track = "eventloop",
	.title_en = "gather and wait",
	.title_zh = "gather 与 wait",
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
