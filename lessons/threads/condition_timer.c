/*
 * condition-timer - a periodic timer on a Condition, and two threads
 * waiting for its ticks.
 *
 * Python: threading.Condition (wait, notify_all).  The notes' PeriodicTimer:
 * a timer thread sleeps `interval` lesson seconds, then, holding the
 * condition's lock, flips a flag (0 -> 1 -> 0 ...) and notifies all.  A
 * waiter remembers the flag and waits until it differs, so a spurious wake
 * or a notify meant for someone else does not count as a tick.  countdown(5)
 * prints T-minus 5 .. 1 and countup(3) prints Counting 0 .. 2, one line per
 * tick each: while both wait, one notify_all wakes both, and the two lines
 * of a tick come in either order.
 *
 * The timer thread is a daemon in the notes: it ticks for ever and dies
 * with the program.  Here too: main joins the two waiters and returns, and
 * the run ends with the timer asleep in its next interval.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "lesson.h"
#include "weft.h"

#define MAX_TICKS 64

struct ptimer {
	double interval;
	int flag;             /* guarded by lock */
	long ticks;           /* guarded by lock: notifies sent */
	wf_mutex *lock;
	wf_cond *cv;
};

static struct ptimer timer;
static atomic_int woken[MAX_TICKS + 1]; /* woken[k]: waiters that saw tick k */

static void timer_run(void *arg)
{
	struct ptimer *p = arg;
	for (;;) {
		wf_sleep(p->interval);
		wf_mutex_lock(p->lock);
		int was = p->flag;
		p->flag ^= 1;
		p->ticks++;
		wf_print("tick %ld: flag %d -> %d, notify_all", p->ticks, was, p->flag);
		wf_cond_notify_all(p->cv);
		wf_mutex_unlock(p->lock);
	}
}

/* Blocks until the flag has flipped; returns the tick seen. */
static long wait_for_tick(struct ptimer *p)
{
	wf_mutex_lock(p->lock);
	int last = p->flag;
	while (last == p->flag)
		wf_cond_wait(p->cv, p->lock, WF_FOREVER);
	long seen = p->ticks;
	wf_mutex_unlock(p->lock);
	if (seen <= MAX_TICKS)
		atomic_fetch_add(&woken[seen], 1);
	return seen;
}

static void countdown(void *arg)
{
	long nticks = (long)(intptr_t)arg;
	while (nticks > 0) {
		wait_for_tick(&timer);
		wf_print("T-minus %ld", nticks);
		nticks--;
	}
}

static void countup(void *arg)
{
	long last = (long)(intptr_t)arg;
	for (long n = 0; n < last; n++) {
		wait_for_tick(&timer);
		wf_print("Counting %ld", n);
	}
}

static void run(void)
{
	long down = wf_param_int("down"), up = wf_param_int("up");
	timer = (struct ptimer){.interval = (double)wf_param_int("interval")};
	timer.lock = wf_mutex_new("cv_lock", 0);
	timer.cv = wf_cond_new("ptimer_cv", 0);
	for (int i = 0; i <= MAX_TICKS; i++)
		atomic_store(&woken[i], 0);

	wf_thread tt, t1, t2;
	wf_thread_spawn(&tt, "ptimer", timer_run, &timer); /* a daemon: never joined */
	wf_thread_spawn(&t1, "countdown", countdown, (void *)(intptr_t)down);
	wf_thread_spawn(&t2, "countup", countup, (void *)(intptr_t)up);
	wf_thread_join(&t1);
	wf_thread_join(&t2);

	/* Woken per tick, "2,2,2,1,1": both waiters while both wait. */
	char per[4 * MAX_TICKS] = "";
	size_t used = 0;
	long last = down > up ? down : up;
	for (long k = 1; k <= last && k <= MAX_TICKS; k++)
		used += (size_t)snprintf(per + used, sizeof per - used, "%s%d", k > 1 ? "," : "",
					 atomic_load(&woken[k]));
	wf_mutex_lock(timer.lock);
	long ticks = timer.ticks;
	int flag = timer.flag;
	wf_mutex_unlock(timer.lock);
	wf_result("ticks=%ld flag=%d woken_per_tick=%s", ticks, flag, per);
}

static const struct wf_param params[] = {
	{"interval", NULL, "5", 1, 30, "lesson seconds between the timer's ticks"},
	{"down", NULL, "5", 1, 20, "ticks countdown waits for (T-minus N .. 1)"},
	{"up", NULL, "3", 1, 20, "ticks countup waits for (Counting 0 .. N-1)"},
};

const struct wf_lesson lesson_condition_timer = {
	.id = "condition-timer",
	.track = "threads",
	.title_en = "Condition: a periodic timer wakes every waiter",
	.title_zh = "Condition：周期定时器唤醒所有等待者",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
