/*
 * blocking-in-loop - one blocking call stalls the whole loop.
 *
 * A ticker task wants to tick every 0.2 s.  In round 1 another task makes
 * a blocking call (a real sleep of the thread, or a CPU loop) for 1 s
 * right inside the loop: no callback can run meanwhile, so the ticker's
 * lane, and everything else on the loop, stalls for the whole second.  In
 * round 2 the same call goes to run_in_executor: it runs on a pool thread
 * (its own lane), the task awaits its future, and the ticker keeps ticking.
 * Results: the longest gap between ticks in each round.
 */
#include <time.h>

#include "lesson.h"
#include "weft.h"

#define TICK 0.2

static double block_for, longest_gap;
static bool cpu;

/* The blocking call itself: it never gives the thread back. */
static uint64_t blocking_call(void *arg)
{
	(void)arg;
	if (!cpu) {
		wf_sleep(block_for); /* time.sleep(1) */
		return 1;
	}
	double until = wf_now() + block_for;
	volatile uint64_t spins = 0;
	while (wf_now() < until) /* a CPU-bound loop */
		spins++;
	return 1;
}

static int ticker(void *arg, uint64_t *result)
{
	(void)arg;
	double last = wf_now();
	for (int i = 1; i <= 10; i++) {
		wf_async_sleep(TICK);
		double now = wf_now();
		if (now - last > longest_gap)
			longest_gap = now - last;
		wf_print("tick %d (%.2f s since the last)", i, now - last);
		last = now;
	}
	*result = 0;
	return 0;
}

static int blocker(void *arg, uint64_t *result)
{
	bool executor = arg != NULL;
	wf_async_sleep(0.5);
	if (executor) {
		wf_print("blocker: await loop.run_in_executor(None, blocking_call)");
		wf_future *f = wf_run_in_executor(wf_loop_get(), NULL, "blocking_call", blocking_call, NULL);
		if (!f)
			return WF_ENOMEM;
		wf_await(f, result);
	} else {
		wf_print("blocker: blocking_call() right in the loop");
		*result = blocking_call(NULL);
	}
	wf_print("blocker: the call returned");
	return 0;
}

static double round_of(bool executor)
{
	wf_loop *l = wf_loop_get();
	longest_gap = 0;
	wf_future *fs[2] = {
		wf_task_future(wf_task_create(l, "ticker", ticker, NULL)),
		wf_task_future(wf_task_create(l, "blocker", blocker, executor ? (void *)1 : NULL)),
	};
	wf_gather(fs, 2, NULL);
	return longest_gap;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_print("-- round 1: the blocking call runs in the loop --");
	double blocked = round_of(false);
	wf_print("-- round 2: the blocking call runs in an executor thread --");
	double offloaded = round_of(true);
	wf_result("blocked_gap_s=%.1f executor_gap_s=%.1f call=%s", blocked, offloaded, cpu ? "cpu" : "sleep");
	*result = 0;
	return 0;
}

static void run(void)
{
	block_for = (double)wf_param_int("block_ms") / 1000;
	cpu = wf_param_is("call", "cpu");
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"call", "sleep|cpu", "sleep", 0, 0, "the blocking call: time.sleep, or a CPU-bound loop"},
	{"block_ms", NULL, "1000", 100, 10000, "lesson ms the call blocks"},
};

const struct wf_lesson lesson_blocking_in_loop = {
	.id = "blocking-in-loop",
	.track = "eventloop",
	.title_en = "A blocking call stalls the loop",
	.title_zh = "阻塞调用会卡住整个事件循环",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
