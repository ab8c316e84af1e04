/*
 * race - N threads add 1 to one counter by read-modify-write.
 *
 * The read and the write are separate loads and stores (volatile keeps the
 * compiler from fusing them), so two threads can read the same value and
 * one write overwrites the other: a lost update.  Each is a step of its own,
 * so in step mode a student can drive two threads into one by hand.  With lock=on each
 * increment holds a wf_mutex and the count is exact; the lock panel shows
 * the contention that costs.
 */
#include <stdio.h>

#include "lesson.h"
#include "weft.h"

static volatile long counter;
static long iters;
static wf_mutex *lock;

static void worker(void *arg)
{
	(void)arg;
	for (long i = 0; i < iters; i++) {
		if (lock)
			wf_mutex_lock(lock);
		WF_STEP("read: tmp = counter");
		long tmp = counter;
		WF_STEP("write: counter = tmp + 1");
		counter = tmp + 1;
		if (lock)
			wf_mutex_unlock(lock);
	}
}

static void run(void)
{
	long threads = wf_param_int("threads");
	iters = wf_param_int("iters");
	counter = 0;
	lock = wf_param_is("lock", "on") ? wf_mutex_new("counter_lock", 0) : NULL;
	wf_print("%ld threads x %ld increments, lock %s", threads, iters, lock ? "on" : "off");

	wf_thread t[100];
	char names[100][24];
	for (long i = 0; i < threads; i++) {
		snprintf(names[i], sizeof names[i], "T%ld", i + 1);
		wf_thread_spawn(&t[i], names[i], worker, NULL);
	}
	for (long i = 0; i < threads; i++)
		wf_thread_join(&t[i]);

	long expected = threads * iters;
	wf_print("counter = %ld, expected %ld, lost %ld", counter, expected, expected - counter);
	wf_result("counter=%ld expected=%ld lost=%ld", counter, expected, expected - counter);
}

static const struct wf_param params[] = {
	{"threads", NULL, "8", 1, 100, "threads adding to the counter"},
	{"iters", NULL, "100000", 1, 10000000, "increments per thread"},
	{"lock", "on|off", "off", 0, 0, "hold a mutex around each increment"},
};

const struct wf_lesson lesson_race = {
	.id = "race",
	.track = "threads",
	.title_en = "Race condition: lost updates",
	.title_zh = "竞态条件：丢失的更新",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
