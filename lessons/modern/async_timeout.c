/*
 * async-timeout - asyncio.timeout() and timeout_at() (Python 3.11): a
 * deadline over a whole block, which can be moved while the block runs.
 *
 * Three blocks, as asyncio's own Timeout works:
 *
 *   1. `async with timeout(1)` around a 3 s sleep: at 1 s the deadline's
 *      timer cancels the task; the block turns that CancelledError into
 *      TimeoutError, and expired() is true;
 *   2. `async with timeout(1) as cm` around five 0.5 s chunks, each of
 *      which pushes the deadline 1 s on (cm.reschedule): the block runs
 *      2.5 s, longer than its first deadline, and never expires;
 *   3. `async with timeout_at(loop.time() + 0.5)` around a 1 s sleep:
 *      the same as 1 with an absolute deadline.
 *
 * The deadline is a real timer on the loop (drawn in the event-loop
 * panel, due at the deadline); reschedule cancels it and sets another.
 * Invariant: a block ends with TimeoutError only when its own timer
 * cancelled it; a cancellation from elsewhere passes through unchanged.
 */
#include "lesson.h"
#include "weft.h"

struct timeout {
	wf_loop *loop;
	wf_task *task;   /* the task the block runs in */
	uint32_t timer;  /* the deadline's call_at handle, 0 when none */
	double when;     /* the deadline, loop time */
	bool expired;    /* the timer fired and cancelled the task */
};

static void on_deadline(void *arg)
{
	struct timeout *cm = arg;
	cm->timer = 0;
	cm->expired = true;
	wf_task_cancel(cm->task);
}

/* cm.reschedule(when): the deadline moves to `when` (loop time). */
static void timeout_reschedule(struct timeout *cm, double when)
{
	if (cm->timer)
		wf_handle_cancel(cm->loop, cm->timer);
	cm->when = when;
	cm->timer = wf_call_at(cm->loop, when, "timeout", on_deadline, cm);
}

/* async with timeout_at(when): */
static void timeout_enter(struct timeout *cm, double when)
{
	*cm = (struct timeout){.loop = wf_loop_get(), .task = wf_task_current()};
	timeout_reschedule(cm, when);
}

/* Leaving the block with r: TimeoutError when the deadline cancelled it. */
static int timeout_exit(struct timeout *cm, int r)
{
	if (cm->timer)
		wf_handle_cancel(cm->loop, cm->timer);
	cm->timer = 0;
	return r == WF_ECANCELLED && cm->expired ? WF_ETIMEDOUT : r;
}

static double since(double t0)
{
	return wf_now() - t0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	wf_loop *loop = wf_loop_get();
	double t0 = wf_now();
	double first = (double)wf_param_int("timeout_ms") / 1000;
	double slow = (double)wf_param_int("slow_ms") / 1000;
	long chunks = wf_param_int("chunks");
	bool extend = wf_param_is("reschedule", "on");
	struct timeout cm;

	/* 1: a deadline that is met. */
	wf_print("-- async with asyncio.timeout(%g): await sleep(%g) --", first, slow);
	timeout_enter(&cm, wf_loop_time(loop) + first);
	wf_print("slow: starts, needs %g s", slow);
	int r = wf_async_sleep(slow);
	if (r == WF_ECANCELLED)
		wf_print("slow: cancelled");
	r = timeout_exit(&cm, r);
	double one = since(t0);
	bool one_expired = cm.expired;
	if (r == WF_ETIMEDOUT)
		wf_print("TimeoutError after %.1f s; expired() is %s", one, cm.expired ? "True" : "False");
	else
		wf_print("slow finished in time (%.1f s)", one);

	/* 2: a deadline that moves while the block runs. */
	double t1 = wf_now();
	wf_print("-- async with asyncio.timeout(%g) as cm: %ld chunks of 0.5 s, each cm.reschedule(now + %g) --",
		 first, chunks, first);
	timeout_enter(&cm, wf_loop_time(loop) + first);
	r = 0;
	for (long i = 1; i <= chunks && r == 0; i++) {
		r = wf_async_sleep(0.5);
		if (r == 0 && extend) {
			timeout_reschedule(&cm, wf_loop_time(loop) + first);
			wf_print("chunk %ld done; the deadline moves to %.1f s from now", i,
				 cm.when - wf_loop_time(loop));
		} else if (r == 0) {
			wf_print("chunk %ld done", i);
		}
	}
	r = timeout_exit(&cm, r);
	double two = since(t1);
	if (r == WF_ETIMEDOUT)
		wf_print("TimeoutError after %.1f s; expired() is True", two);
	else
		wf_print("all chunks done after %.1f s; expired() is %s", two, cm.expired ? "True" : "False");
	bool two_expired = cm.expired;

	/* 3: an absolute deadline. */
	double t2 = wf_now();
	wf_print("-- async with asyncio.timeout_at(loop.time() + 0.5): await sleep(1) --");
	timeout_enter(&cm, wf_loop_time(loop) + 0.5);
	r = timeout_exit(&cm, wf_async_sleep(1));
	double three = since(t2);
	wf_print("%s after %.1f s", r == WF_ETIMEDOUT ? "timeout_at: TimeoutError" : "timeout_at: in time",
		 three);
	wf_result("first_s=%.1f first_expired=%s moved_s=%.1f moved_expired=%s at_s=%.1f total_s=%.1f", one,
		  one_expired ? "yes" : "no", two, two_expired ? "yes" : "no", three, since(t0));
	return 0;
}

static void run(void)
{
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"timeout_ms", NULL, "1000", 100, 10000, "the blocks' deadline, lesson ms"},
	{"slow_ms", NULL, "3000", 100, 10000, "how long the first block's sleep wants"},
	{"chunks", NULL, "5", 1, 20, "0.5 s chunks in the second block"},
	{"reschedule", "on|off", "on", 0, 0, "on: each chunk pushes the deadline on; off: it stays"},
};

const struct wf_lesson lesson_async_timeout = {
	.id = "async-timeout",
	.track = "modern",
	.title_en = "asyncio.timeout: a deadline you can move",
	.title_zh = "asyncio.timeout：可以挪动的截止时间",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
