/*
 * task-scheduler - a deque of generators is an operating system in
 * miniature: countdown(10), countdown(5) and countup(15) each print one
 * line and yield; the scheduler takes the first task, runs it to its next
 * yield, and puts it back at the end unless it has finished.
 *
 * Three-way interleaving while all three live, two-way after countdown(5)
 * ends, then countup alone: the order is fixed by the deque, not by time.
 * As in the notes (002, "使用生成器代替线程"), a countdown prints
 * "Blastoff!" on the turn after T-minus 1, when next() finds it leaving its
 * loop: 32 lines in all, 30 of them before a yield.  Each printed line is
 * held step_ms of lesson time so the timeline can show it (the notes' demo
 * takes no time: step_ms=0).
 */
#include <stdio.h>
#include <string.h>

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
	wf_print("Blastoff!");
	wf_sleep(step);
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

struct task {
	const char *name;
	wf_coro *coro;
};

static void run(void)
{
	step = (double)wf_param_int("step_ms") / 1000;
	struct task all[3] = {{"down-10", NULL}, {"down-5", NULL}, {"up-15", NULL}};
	all[0].coro = wf_coro_new(all[0].name, countdown, (void *)10);
	all[1].coro = wf_coro_new(all[1].name, countdown, (void *)5);
	all[2].coro = wf_coro_new(all[2].name, countup, (void *)15);
	struct task *deque[4];
	int head = 0, len = 0, steps = 0;
	char ended[64] = "";
	for (int i = 0; i < 3; i++) {
		if (!all[i].coro) {
			wf_print("out of memory");
			return;
		}
		deque[len++] = &all[i]; /* new_task: append */
	}
	while (len > 0) {
		struct task *t = deque[head]; /* popleft */
		head = (head + 1) % 4;
		len--;
		if (wf_coro_send(t->coro, 0, NULL) == WF_EDONE) {
			size_t n = strlen(ended); /* StopIteration: it leaves the deque */
			snprintf(ended + n, sizeof ended - n, "%s%s", n ? "," : "", t->name);
			continue;
		}
		steps++;
		deque[(head + len++) % 4] = t;
	}
	wf_result("steps=%d ended=%s", steps, ended);
	for (int i = 0; i < 3; i++)
		wf_coro_free(all[i].coro);
}

static const struct wf_param params[] = {
	{"step_ms", NULL, "100", 0, 1000, "lesson ms each printed line is held (0: the notes' timing)"},
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
