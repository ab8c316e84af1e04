/*
 * wait-for-timeout - asyncio.wait_for (the notes' demo, 000): a task that
 * would sleep for an hour, awaited with a 1 s timeout.  At the timeout
 * wait_for cancels the task (its sleep ends with CancelledError, which it
 * lets through), waits for it to really end, and raises TimeoutError:
 * "timeout!" at 1 s.
 *
 * swallow=on: the task catches the cancellation, works 0.5 s more and
 * returns 42.  wait_for waits for it and returns 42, no TimeoutError, at
 * 1.5 s: what Python 3.9 and later do.
 */
#include "lesson.h"
#include "weft.h"

#define LATE_RESULT 42

static bool swallow;

static int eternity(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	wf_print("eternity: sleeping for an hour");
	int r = wf_async_sleep(3600);
	if (r == WF_ECANCELLED && swallow) {
		wf_print("eternity: cancelled, but it catches CancelledError and goes on for 0.5 s");
		wf_async_sleep(0.5);
		wf_print("eternity: returns %d", LATE_RESULT);
		*result = LATE_RESULT;
		return 0;
	}
	if (r == WF_ECANCELLED) {
		wf_print("eternity: cancelled");
		return r;
	}
	wf_print("yay!");
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	double timeout = (double)wf_param_int("timeout_ms") / 1000;
	wf_task *t = wf_task_create(wf_loop_get(), "eternity", eternity, NULL);
	if (!t)
		return WF_ENOMEM;
	double t0 = wf_now();
	wf_print("main: wait_for(eternity(), timeout=%g)", timeout);
	uint64_t v = 0;
	int r = wf_wait_for(wf_task_future(t), timeout, &v);
	if (r == WF_ETIMEDOUT)
		wf_print("timeout!");
	else if (r == 0)
		wf_print("main: wait_for returned %llu, no TimeoutError", (unsigned long long)v);
	wf_result("timed_out=%s cancelled=%s returned=%llu elapsed_s=%.1f", r == WF_ETIMEDOUT ? "yes" : "no",
		  wf_future_cancelled(wf_task_future(t)) ? "yes" : "no", (unsigned long long)v,
		  wf_now() - t0);
	*result = 0;
	return 0;
}

static void run(void)
{
	swallow = wf_param_is("swallow", "on");
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"timeout_ms", NULL, "1000", 10, 60000, "lesson ms wait_for waits"},
	{"swallow", "off|on", "off", 0, 0, "the task catches CancelledError and returns a result 0.5 s later"},
};

const struct wf_lesson lesson_wait_for_timeout = {
	.id = "wait-for-timeout",
	.track = "eventloop",
	.title_en = "wait_for: a timeout that cancels",
	.title_zh = "wait_for：超时即取消",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
