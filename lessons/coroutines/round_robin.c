/*
 * round-robin - a scheduler made of generators.
 *
 * Part 1: task1 needs 12 units and does 6 per turn, task2 needs 11 and
 * does 3; a round-robin scheduler gives each a turn in order until both
 * are done.  Part 2: the scheduler decides the slice instead, and sends it
 * in: each turn a task gets ceil(remaining x priority) units (priority
 * 0.5 by default), so slices shrink as the work does.  Each task yields
 * how much it still needs; the printed order is exactly the scheduler's.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

struct job {
	const char *name;
	long need, per_turn; /* per_turn 0: the slice is sent in */
};

static double pause;

static uint64_t job_body(void *arg)
{
	struct job *j = arg;
	long remaining = j->need;
	uint64_t slice = wf_yield((uint64_t)remaining); /* report the need first */
	while (remaining > 0) {
		long take = j->per_turn ? j->per_turn : (long)slice;
		if (take > remaining)
			take = remaining;
		wf_sleep(pause * (double)take);
		remaining -= take;
		slice = wf_yield((uint64_t)remaining);
	}
	return 0;
}

static void note(char *log, size_t size, int task, long left)
{
	size_t n = strlen(log);
	snprintf(log + n, size - n, "%s%d:%ld", n ? "," : "", task, left);
}

/* Runs both jobs to the end; priority_pct 0 means fixed turns. */
static int schedule(struct job *jobs, long priority_pct, char *log, size_t size)
{
	wf_coro *c[2];
	uint64_t left[2];
	int queue[2] = {0, 1}, n = 2, turns = 0;
	for (int i = 0; i < 2; i++) {
		c[i] = wf_coro_new(jobs[i].name, job_body, &jobs[i]);
		if (!c[i])
			return 0;
		wf_coro_send(c[i], 0, &left[i]);
	}
	while (n > 0) {
		int i = queue[0];
		memmove(queue, queue + 1, (size_t)(n - 1) * sizeof *queue);
		n--;
		uint64_t slice = 0;
		if (priority_pct) {
			slice = (uint64_t)ceil((double)left[i] * (double)priority_pct / 100.0);
			wf_coro_send(c[i], slice, &left[i]);
			wf_print("%s got a slice of %llu, remaining %llu", jobs[i].name,
				 (unsigned long long)slice, (unsigned long long)left[i]);
		} else {
			wf_coro_send(c[i], 0, &left[i]);
			wf_print("%s remaining %llu", jobs[i].name, (unsigned long long)left[i]);
		}
		note(log, size, i + 1, (long)left[i]);
		turns++;
		if (left[i] == 0) {
			wf_print("%s finished", jobs[i].name);
			wf_coro_close(c[i]);
		} else {
			queue[n++] = i;
		}
	}
	wf_coro_free(c[0]);
	wf_coro_free(c[1]);
	return turns;
}

static void run(void)
{
	pause = (double)wf_param_int("unit_ms") / 1000;
	long prio = wf_param_int("priority");
	char fixed[256] = "", sliced[256] = "";
	wf_print("-- round robin: task1 does 6 a turn, task2 does 3 --");
	struct job a[2] = {{"task1", 12, 6}, {"task2", 11, 3}};
	int t1 = schedule(a, 0, fixed, sizeof fixed);
	wf_print("-- the scheduler sends each a slice of remaining x %ld%% --", prio);
	struct job b[2] = {{"task1", 12, 0}, {"task2", 11, 0}};
	int t2 = schedule(b, prio, sliced, sizeof sliced);
	wf_result("rr=%s rr_turns=%d prio=%s prio_turns=%d", fixed, t1, sliced, t2);
}

static const struct wf_param params[] = {
	{"unit_ms", NULL, "50", 0, 1000, "lesson ms a task works per unit"},
	{"priority", NULL, "50", 1, 100, "percent of the remaining need sent as a slice"},
};

const struct wf_lesson lesson_round_robin = {
	.id = "round-robin",
	.track = "coroutines",
	.title_en = "Round-robin scheduling with generators",
	.title_zh = "用生成器轮转调度",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
