/*
 * process-parallel - two processes sleep at the same time.
 *
 * Python: two Process objects started one after the other, then joined;
 * each prints its pid and task number and sleeps 2 s.  The total is about
 * 2 s, not 4: the lanes overlap.  `n` starts more of them.
 *
 * Each child writes, in shared memory, the lesson time it began and ended,
 * so the overlap in the results is measured: the stretch when every child
 * was alive at once (from the latest start to the earliest end).
 */
#include <stdio.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define CHILDREN_MAX 16

struct span {
	double begin, end; /* lesson seconds; each written by its own child */
};

static struct span *spans;

static void hello(void *arg)
{
	long task = (long)(intptr_t)arg;
	spans[task - 1].begin = wf_now();
	wf_print("child pid %d runs task %ld", (int)getpid(), task);
	wf_sleep((double)wf_param_int("sleep"));
	spans[task - 1].end = wf_now();
}

static void run(void)
{
	long n = wf_param_int("n");
	spans = wf_shared_alloc(CHILDREN_MAX * sizeof *spans);
	if (!spans) {
		wf_print("out of shared memory");
		return;
	}
	double start = wf_now();
	wf_process p[CHILDREN_MAX];
	char names[CHILDREN_MAX][24];
	long started = 0;
	for (long i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "task%ld", i + 1);
		if (wf_process_spawn(&p[i], names[i], hello, (void *)(intptr_t)(i + 1)) < 0)
			break;
		started++;
	}
	for (long i = 0; i < started; i++)
		wf_process_join(&p[i]);
	double elapsed = wf_now() - start;
	wf_print("all %ld joined after %.2f s", started, elapsed);

	double latest_begin = 0, earliest_end = 1e300;
	for (long i = 0; i < started; i++) {
		if (spans[i].begin > latest_begin)
			latest_begin = spans[i].begin;
		if (spans[i].end < earliest_end)
			earliest_end = spans[i].end;
	}
	double overlap = started && earliest_end > latest_begin ? earliest_end - latest_begin : 0;
	wf_result("children=%ld elapsed_s=%.2f overlap_s=%.2f serial_s=%ld", started, elapsed, overlap,
		  started * wf_param_int("sleep"));
}

static const struct wf_param params[] = {
	{"n", NULL, "2", 1, CHILDREN_MAX, "child processes to start"},
	{"sleep", NULL, "2", 1, 10, "seconds each child sleeps"},
};

const struct wf_lesson lesson_process_parallel = {
	.id = "process-parallel",
	.track = "processes",
	.title_en = "Processes sleep in parallel",
	.title_zh = "多个进程同时睡眠",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
