/*
 * loop-callbacks - plain callbacks on an event loop, no coroutines.
 *
 * function_1, function_2 and function_3 chain each other a second apart
 * (each schedules the next with call_at), function_4 reschedules itself
 * every second alongside them; whichever finds the end time (9 s) reached
 * stops the loop.  At each second two timers are due at the same time:
 * they run in the order they were scheduled, the chain's first, because
 * its callback ran first in the second before.  The printed order is
 * exactly that of the loop: 1 4, 2 4, 3 4, 1 4, ...
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

static wf_loop *loop;
static double start;
static long seconds, calls;
static char order[256];

static const char *const chain_name[3] = {"function_1", "function_2", "function_3"};

static void noted(char which)
{
	size_t n = strlen(order);
	if (n + 1 < sizeof order) {
		order[n] = which;
		order[n + 1] = 0;
	}
	calls++;
}

/* function_1..3: callback k of the chain, due at start + k. */
static void chain(void *arg)
{
	long k = (long)(uintptr_t)arg;
	wf_print("%s called", chain_name[k % 3]);
	noted((char)('1' + k % 3));
	if (k + 1 < seconds) {
		wf_call_at(loop, start + (double)(k + 1), chain_name[(k + 1) % 3], chain, (void *)(uintptr_t)(k + 1));
	} else {
		wf_print("%s: end time reached, stopping the loop", chain_name[k % 3]);
		wf_loop_stop(loop);
	}
}

static void fourth(void *arg)
{
	long k = (long)(uintptr_t)arg;
	wf_print("function_4 called");
	noted('4');
	if (k + 1 < seconds)
		wf_call_at(loop, start + (double)(k + 1), "function_4", fourth, (void *)(uintptr_t)(k + 1));
	else
		wf_loop_stop(loop);
}

static void run(void)
{
	seconds = wf_param_int("seconds");
	calls = 0;
	order[0] = 0;
	loop = wf_loop_new("loop");
	if (!loop)
		return;
	start = wf_loop_time(loop);
	wf_call_soon(loop, "function_1", chain, (void *)0);
	wf_call_soon(loop, "function_4", fourth, (void *)0);
	wf_loop_run_forever(loop);
	double took = wf_loop_time(loop) - start;
	wf_print("loop stopped after %ld callbacks", calls);
	wf_result("callbacks=%ld order=%s stopped_at_s=%.0f", calls, order, took);
	wf_loop_free(loop);
}

static const struct wf_param params[] = {
	{"seconds", NULL, "9", 2, 30, "the end time: lesson seconds after the start"},
};

const struct wf_lesson lesson_loop_callbacks = {
	.id = "loop-callbacks",
	.track = "eventloop",
	.title_en = "Callbacks on an event loop",
	.title_zh = "事件循环上的回调",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
