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

/* Predict, then run, and the challenges (lesson.h). */
static const struct wf_choice race_choices[] = {
	{"exactly threads x iters: every increment counts", "正好是线程数 x 次数：每次加一都算数", "lost=0"},
	{"less: some increments are lost", "更少：有些加一丢了", "lost>0"},
	{"more than threads x iters", "比线程数 x 次数还多", "lost<0"},
};
static const struct wf_predict race_predict = {
	.question_en = "Without the lock, what will the counter be at the end?",
	.question_zh = "不加锁，最后计数器会是多少？",
	.choices = race_choices,
	.nchoices = 3,
	.key = "lost",
	.explain_en = "counter += 1 is a read then a write. Two threads that read the same value "
		      "both write value + 1, and one increment is gone. lock=on makes each "
		      "read-write one step nobody can cut into.",
	.explain_zh = "counter += 1 是先读后写。两个线程读到同一个值，都写回这个值加一，"
		      "于是有一次加一被覆盖了。lock=on 让每次读写成为别人插不进来的一步。",
};
static const struct wf_challenge race_challenges[] = {
	{"race-lose", "make the counter lose an update", "让计数器丢掉一次更新", WF_GOAL_RESULT,
	 "lost>0", "threads=2 iters=2"},
	{"race-both", "get both threads into the critical section (both read, neither wrote)",
	 "让两个线程同时进入临界区（都读了，都还没写）", WF_GOAL_BOTH_AT, "write:",
	 "threads=2 iters=2"},
};

const struct wf_lesson lesson_race = {
	.id = "race",
	.track = "threads",
	.title_en = "Race condition: lost updates",
	.title_zh = "竞态条件：丢失的更新",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.predict = &race_predict,
	.challenges = race_challenges,
	.nchallenges = 2,
};
