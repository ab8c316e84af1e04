/*
 * loop-callbacks - plain callbacks on an event loop, no coroutines (the
 * notes' two versions of one demo).
 *
 * Four functions print "function_N called" and, while their time + 1 is
 * before the end time (9 s after the start), schedule their successor one
 * second later; the first that finds the end time too near stops the
 * loop.  function_1 -> 2 -> 3 -> 1 always chain; what differs is the start:
 *   start=both (003, the default): function_1 and function_4 are both
 *     called soon, and function_4 schedules itself, so each second two
 *     timers fall due: 1 4, 2 4, 3 4, 1 4 ... 18 calls, stopped at 8 s.
 *   start=function_4 (000): only function_4 is called soon, and it
 *     schedules function_1: 4, 1, 2, 3, 1, 2, 3, 1, 2: 9 calls, stopped
 *     at 8 s by function_2.
 * Timers due together run in the order they were set: the chain's callback
 * ran first in the second before, so its successor goes first.  stop()
 * lets the current turn finish, so the last function_4 still runs.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

static wf_loop *loop;
static double start, end_time;
static long calls;
static char order[256];
static int after[5]; /* after[n]: the function that function_n schedules */

static const char *const fn_name[5] = {"", "function_1", "function_2", "function_3", "function_4"};

static void noted(int n)
{
	size_t len = strlen(order);
	if (len + 1 < sizeof order) {
		order[len] = (char)('0' + n);
		order[len + 1] = 0;
	}
	calls++;
}

/* function_N(end_time, loop): arg packs N (low 3 bits) and k, the second
 * it is due at.  Its successor is due at start + k + 1 exactly (call_at):
 * the notes' call_later(1) would add each callback's delay to the next,
 * and a busy machine, multiplied by the speed, would then cut the run
 * short.  The end test is the notes', on the second it was due. */
static void function(void *arg)
{
	uintptr_t packed = (uintptr_t)arg;
	int n = (int)(packed & 7);
	long k = (long)(packed >> 3);
	wf_print("%s called", fn_name[n]);
	noted(n);
	double due = start + (double)k;
	if (due + 1.0 < end_time) {
		int next = after[n];
		wf_call_at(loop, due + 1.0, fn_name[next], function,
			   (void *)(((uintptr_t)(k + 1) << 3) | (uintptr_t)next));
	} else {
		wf_print("%s: end time reached, stopping the loop", fn_name[n]);
		wf_loop_stop(loop);
	}
}

static void run(void)
{
	bool both = wf_param_is("start", "both");
	after[1] = 2, after[2] = 3, after[3] = 1;
	after[4] = both ? 4 : 1;
	calls = 0;
	order[0] = 0;
	loop = wf_loop_new("loop");
	if (!loop)
		return;
	start = wf_loop_time(loop);
	end_time = start + (double)wf_param_int("seconds");
	if (both)
		wf_call_soon(loop, fn_name[1], function, (void *)(uintptr_t)1);
	wf_call_soon(loop, fn_name[4], function, (void *)(uintptr_t)4);
	wf_loop_run_forever(loop);
	double took = wf_loop_time(loop) - start;
	wf_print("loop stopped after %ld callbacks", calls);
	wf_result("callbacks=%ld order=%s stopped_at_s=%.1f", calls, order, took);
	wf_loop_free(loop);
}

static const struct wf_param params[] = {
	{"seconds", NULL, "9", 2, 30, "the end time: lesson seconds after the start"},
	{"start", "both|function_4", "both", 0, 0,
	 "both: function_1 and function_4 start, function_4 repeats itself; function_4: it alone starts, then calls function_1"},
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
