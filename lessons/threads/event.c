/*
 * event - a countdown thread sets a "started" event; main waits for it.
 *
 * Python: threading.Event (set, wait, clear).  As the notes' demo: main
 * prints "Launching countdown" and starts the countdown thread, which says
 * "countdown starting", sets the event and then ticks T-minus 5 .. 1, three
 * lesson seconds apart.  Main waits on the event, so its lane is BLOCKED on
 * it until the set, then says "countdown is running" and joins.
 *
 * reuse=on keeps using that one event after the start: the countdown sets
 * it again at every tick, and main waits, handles the tick (`work` lesson
 * seconds), then clears it for the next one.  A tick that lands while main
 * is still handling the previous one sets an event that is already set, and
 * main's clear then wipes it out: the tick is lost.  Whether a clear comes
 * before or after the next set is a matter of timing, which is the race.
 * The results count the ticks sent and the ticks main saw.
 */
#include <stdatomic.h>

#include "lesson.h"
#include "weft.h"

#define TICK_S 3.0
#define TICKS 5

static wf_event *started;
static bool reuse;
static atomic_long tick;       /* the tick the countdown set the event for, 0: none yet */
static atomic_long ticks_sent;
static double set_at;          /* lesson seconds of the start signal */

static void countdown(void *arg)
{
	long n = (long)(intptr_t)arg;
	wf_print("countdown starting");
	set_at = wf_now();
	wf_event_set(started);
	while (n > 0) {
		wf_sleep(TICK_S);
		wf_print("T-minus %ld", n);
		atomic_fetch_add(&ticks_sent, 1);
		if (reuse) {
			atomic_store(&tick, n);
			wf_event_set(started); /* the same event, reused as "a tick happened" */
		}
		n--;
	}
}

/* reuse=on: main treats every set as a tick, clearing after each. */
static long watch_ticks(wf_thread *t, double work)
{
	long seen = 0;
	wf_event_clear(started); /* the start signal is taken; reuse it */
	for (;;) {
		/* A tick is due every TICK_S; longer than that with nothing set
		 * means the countdown has finished. */
		if (wf_event_wait(started, TICK_S + 1.0) != 0)
			break;
		seen++;
		wf_print("main saw T-minus %ld, handles it for %g s", atomic_load(&tick), work);
		wf_sleep(work);
		wf_event_clear(started);
	}
	wf_thread_join(t);
	return seen;
}

static void run(void)
{
	reuse = wf_param_is("reuse", "on");
	atomic_store(&tick, 0);
	atomic_store(&ticks_sent, 0);
	started = wf_event_new("started_evt", 0);

	wf_print("Launching countdown");
	wf_thread t;
	wf_thread_spawn(&t, "countdown", countdown, (void *)(intptr_t)TICKS);
	/* Already set before main got here would mean main never blocked. */
	bool blocked = !wf_event_is_set(started);
	wf_event_wait(started, WF_FOREVER);
	double woke_at = wf_now();
	wf_print("countdown is running");

	long seen = -1;
	if (reuse)
		seen = watch_ticks(&t, (double)wf_param_int("work"));
	else
		wf_thread_join(&t);

	long sent = atomic_load(&ticks_sent);
	if (reuse) {
		wf_print("ticks sent %ld, seen by main %ld, lost %ld", sent, seen, sent - seen);
		wf_result("main_blocked=%s set_ms=%.0f woke_ms=%.0f ticks=%ld seen=%ld lost=%ld",
			  blocked ? "yes" : "no", set_at * 1e3, woke_at * 1e3, sent, seen, sent - seen);
	} else {
		wf_result("main_blocked=%s set_ms=%.0f woke_ms=%.0f ticks=%ld", blocked ? "yes" : "no",
			  set_at * 1e3, woke_at * 1e3, sent);
	}
}

static const struct wf_param params[] = {
	{"reuse", "on|off", "off", 0, 0, "on: reuse the event for every tick, clearing it after each"},
	{"work", NULL, "4", 0, 10, "reuse=on: lesson seconds main spends on each tick before clearing"},
};

const struct wf_lesson lesson_event = {
	.id = "event",
	.track = "threads",
	.title_en = "Event: a signal that a thread has started",
	.title_zh = "Event：用信号通知线程已启动",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
