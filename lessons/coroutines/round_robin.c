/*
 * round-robin - two schedulers made of generators, the notes' (000,
 * "任务轮转调度：用协程实现" and "轮转调度队列中的协程").
 *
 * Part 1, RoundRobin: task1 needs 12 and takes 6 off each turn, task2
 * needs 11 and takes 3.  Each task prints what it still needs and yields;
 * the scheduler loops over its list calling next() and removes a task when
 * next() raises StopIteration.  As in the notes, nothing is clamped: task2
 * goes 8, 5, 2, -1.  A task yields after its last print too, so it ends
 * (prints "Task N Finished") only on the turn after it reached 0 or less.
 *
 * Part 2, SophisticatedRoundRobin: a handle per task, a FIFO of handles.
 * On its first call a handle runs the task to its first yield, which says
 * how much it needs, and fixes the slice once: int(need x 0.5), 6 and 5.
 * Every later call sends that same slice in; the task subtracts it and
 * prints.  task2 goes 6, 1, -4.  The handle prints "taskN finished" when
 * the send raises StopIteration.
 *
 * rules=clamped is Weft's variant: a task never takes more than it needs
 * and ends on the turn it reaches 0, and part 2 recomputes the slice each
 * turn as ceil(still needed x priority).
 *
 * The task's lane holds one turn for unit_ms x the units it takes off, so
 * the timeline shows the work; the notes' Python takes no time (unit_ms=0).
 * Values cross as 64-bit words: a need below 0 is cast back to long.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

struct job {
	const char *name; /* "task1": its lane, and the generator's __name__ */
	int no;           /* 1 or 2, as the notes print it */
	long need, dur;   /* dur: units taken off each turn (part 1) */
};

static double unit;
static bool clamped;

static void work(long units)
{
	wf_sleep(unit * (double)(units > 0 ? units : 0));
}

/* Part 1's task1/task2: print the need, yield it; "Finished" at the end. */
static uint64_t rr_task(void *arg)
{
	const struct job *j = arg;
	long t = j->need;
	while (t > 0) {
		long take = clamped && j->dur > t ? t : j->dur;
		work(take);
		t -= take;
		wf_print("Task%d need: %ld", j->no, t);
		if (clamped && t == 0)
			break; /* Weft's variant: no yield after the last unit */
		wf_yield((uint64_t)t);
	}
	wf_print("Task %d Finished", j->no);
	return 0;
}

/* Part 2's tasks: yield the need, subtract the slice sent in, print.  It
 * returns its last need (the notes' generator returns None) for the
 * result line alone. */
static uint64_t slice_task(void *arg)
{
	const struct job *j = arg;
	long t = j->need;
	while (t > 0) {
		long slice = (long)wf_yield((uint64_t)t); /* None from next(): 0 */
		if (clamped && slice > t)
			slice = t;
		work(slice);
		t -= slice;
		wf_print("Task%d need: %ld and Time slice = %ld", j->no, t, slice);
	}
	return (uint64_t)t;
}

static void note(char *log, size_t size, int task, long left)
{
	size_t n = strlen(log);
	snprintf(log + n, size - n, "%s%d:%ld", n ? "," : "", task, left);
}

static char needs[256]; /* part 2: task:need after each send */

/* RoundRobin(t1, t2): `for p in tls`, removing a task as it ends (the index
 * is not stepped back, as Python's list iterator is not).  Returns the
 * number of next() calls; the needs each turn left go to log. */
static int round_robin(const struct job *jobs, char *log, size_t size)
{
	wf_coro *tls[2];
	int no[2], n = 0, calls = 0;
	for (int i = 0; i < 2; i++) {
		no[n] = jobs[i].no;
		if (!(tls[n++] = wf_coro_new(jobs[i].name, rr_task, (void *)&jobs[i])))
			return 0;
	}
	wf_coro *all[2] = {tls[0], tls[1]};
	while (n > 0) {
		for (int i = 0; i < n; i++) {
			uint64_t left;
			calls++;
			if (wf_coro_send(tls[i], 0, &left) == WF_EDONE) { /* tls.remove(p) */
				memmove(tls + i, tls + i + 1, (size_t)(n - i - 1) * sizeof *tls);
				memmove(no + i, no + i + 1, (size_t)(n - i - 1) * sizeof *no);
				n--;
			} else {
				note(log, size, no[i], (long)left);
			}
		}
	}
	wf_print("All finished!");
	wf_coro_free(all[0]);
	wf_coro_free(all[1]);
	return calls;
}

struct handle {
	const struct job *job;
	wf_coro *gen;
	long slice, need; /* slice 0: not called yet */
};

/* One SophisticatedHandle.call(); false when the task has ended. */
static bool handle_call(struct handle *h, long pct, char *slices, size_t size)
{
	uint64_t v;
	int rc;
	if (h->slice == 0) {
		rc = wf_coro_send(h->gen, 0, &v); /* next(gen): the need */
		h->need = (long)v;
		h->slice = h->need * pct / 100; /* int(need * pr) */
		if (clamped)
			h->slice = (long)ceil((double)h->need * (double)pct / 100.0);
		note(slices, size, h->job->no, h->slice);
	} else {
		rc = wf_coro_send(h->gen, (uint64_t)h->slice, &v);
		note(needs, sizeof needs, h->job->no, (long)v);
		if (rc == 0 && clamped) /* Weft's variant: recompute on what is left */
			h->slice = (long)ceil((double)(long)v * (double)pct / 100.0);
	}
	if (rc == WF_EDONE) {
		wf_print("%s finished", h->job->name);
		return false;
	}
	return true;
}

/* SophisticatedRoundRobin: pop a handle from the front, call it, append it
 * again unless its task ended.  Returns the number of calls. */
static int sophisticated(const struct job *jobs, long pct, char *slices, size_t size)
{
	struct handle hs[2];
	struct handle *waiting[4];
	int head = 0, len = 0, calls = 0;
	for (int i = 0; i < 2; i++) {
		hs[i] = (struct handle){&jobs[i], wf_coro_new(jobs[i].name, slice_task, (void *)&jobs[i]), 0, 0};
		if (!hs[i].gen)
			return 0;
		waiting[len++] = &hs[i];
	}
	while (len > 0) {
		struct handle *p = waiting[head]; /* waiting_list.pop(0) */
		head = (head + 1) % 4;
		len--;
		calls++;
		if (handle_call(p, pct, slices, size))
			waiting[(head + len++) % 4] = p;
	}
	wf_print("All finished!");
	wf_coro_free(hs[0].gen);
	wf_coro_free(hs[1].gen);
	return calls;
}

static void run(void)
{
	unit = (double)wf_param_int("unit_ms") / 1000;
	clamped = wf_param_is("rules", "clamped");
	long pct = wf_param_int("priority");
	char rr[128] = "", slices[64] = "";
	needs[0] = '\0';
	const struct job a[2] = {{"task1", 1, 12, 6}, {"task2", 2, 11, 3}};
	wf_print("-- RoundRobin: task1 takes 6 a turn, task2 takes 3%s --",
		 clamped ? ", never below 0" : "");
	int rr_calls = round_robin(a, rr, sizeof rr);
	wf_print("-- SophisticatedRoundRobin: slice = %s(need x %ld%%)%s --", clamped ? "ceil" : "int", pct,
		 clamped ? ", every turn" : ", fixed on the first call");
	const struct job b[2] = {{"task1", 1, 12, 0}, {"task2", 2, 11, 0}};
	int s_calls = sophisticated(b, pct, slices, sizeof slices);
	wf_result("rr=%s rr_calls=%d slices=%s needs=%s calls=%d", rr, rr_calls, slices, needs, s_calls);
}

static const struct wf_param params[] = {
	{"rules", "notes|clamped", "notes", 0, 0,
	 "notes: as the notes' Python; clamped: never below 0, end at 0, slice recomputed"},
	{"priority", NULL, "50", 10, 100, "part 2's slice, percent of the need (the notes: 50)"},
	{"unit_ms", NULL, "50", 0, 1000, "lesson ms a task works per unit (0: the notes' timing)"},
};

/* Predict, then run (lesson.h). */
static const struct wf_predict rr_predict = {
	.question_en = "Part 1: task1 needs 12 (6 a turn), task2 needs 11 (3 a turn). "
		       "How many times does the scheduler call next()?",
	.question_zh = "第一部分：task1 需要 12（每轮 6），task2 需要 11（每轮 3）。"
		       "调度器一共调用几次 next()？",
	.key = "rr_calls",
	.tolerance = 0,
	.explain_en = "task1 prints 6, 0 and ends on its third call; task2 prints 8, 5, 2, -1 and "
		      "ends on its fifth: a task ends only on the call after its last yield.",
	.explain_zh = "task1 打印 6、0，第三次调用时结束；task2 打印 8、5、2、-1，第五次调用时结束："
		      "任务要在最后一次 yield 之后的那次调用里才结束。",
};

const struct wf_lesson lesson_round_robin = {
	.id = "round-robin",
	.track = "coroutines",
	.title_en = "Round-robin scheduling with generators",
	.title_zh = "用生成器轮转调度",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.predict = &rr_predict,
};
