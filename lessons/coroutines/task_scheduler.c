/*
 * task-scheduler - a deque of generators is an operating system in
 * miniature: countdown(10), countdown(5) and countup(15) each print one
 * line and yield; the scheduler takes the first task, runs it to its next
 * yield, and puts it back at the end unless it has finished.
 *
 * Three-way interleaving while all three live, two-way after countdown(5)
 * ends, then countup alone: the order is fixed by the deque, not by time.
 */
#include "lesson.h"
#include "weft.h"

static double step;

static uint64_t countdown(void *arg)
{
	for (long n = (long)(uintptr_t)arg; n > 0; n--) {
		wf_print("T-minus %ld", n);
		wf_sleep(step);
		wf_yield(0);
	}
	return 0;
}

static uint64_t countup(void *arg)
{
	for (long x = 0; x < (long)(uintptr_t)arg; x++) {
		wf_print("Counting up %ld", x);
		wf_sleep(step);
		wf_yield(0);
	}
	return 0;
}

static void run(void)
{
	step = (double)wf_param_int("step_ms") / 1000;
	wf_coro *deque[8];
	int head = 0, len = 0, steps = 0;
	deque[len++] = wf_coro_new("down-10", countdown, (void *)10);
	deque[len++] = wf_coro_new("down-5", countdown, (void *)5);
	deque[len++] = wf_coro_new("up-15", countup, (void *)15);
	for (int i = 0; i < len; i++)
		if (!deque[i])
			return;
	while (len > 0) {
		wf_coro *t = deque[head];
		head = (head + 1) % 8;
		len--;
		if (wf_coro_send(t, 0, NULL) == WF_EDONE) {
			wf_coro_free(t); /* StopIteration: it leaves the deque */
			continue;
		}
		steps++;
		deque[(head + len++) % 8] = t;
	}
	wf_result("steps=%d", steps);
}

static const struct wf_param params[] = {
	{"step_ms", NULL, "100", 0, 1000, "lesson ms each step takes"},
};

const struct wf_lesson lesson_task_scheduler = {
	.id = "task-scheduler",
	.track = "coroutines",
	.title_en = "A task scheduler on a deque",
	.title_zh = "基于双端队列的任务调度器",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
