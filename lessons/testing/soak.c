/*
 * test-soak - a lesson that loops for ever at a steady pace (a hidden test
 * lesson, for `weft bench --soak`).
 *
 * Two producers and two consumers pass items through a bounded queue; each
 * takes a shared lock to count what it did, and every `print_every` items
 * prints a line.  Everyone sleeps 1 ms of lesson time an item, so the run
 * writes a steady stream of events (locks, queue puts and gets, sleeps,
 * prints) for as long as it is left running, which is what a memory soak of
 * the model, the collector and the widgets needs.
 */
#include <stdint.h>

#include "lesson.h"
#include "weft.h"

static wf_queue *q;
static wf_mutex *m;
static uint64_t produced, consumed; /* under m */

static void producer(void *arg)
{
	(void)arg;
	long every = wf_param_int("print_every");
	for (uint64_t i = 1;; i++) {
		wf_queue_put(q, i, WF_FOREVER);
		wf_mutex_lock(m);
		produced++;
		wf_mutex_unlock(m);
		if (i % (uint64_t)every == 0)
			wf_print("put %llu", (unsigned long long)i);
		wf_sleep(0.001);
	}
}

static void consumer(void *arg)
{
	(void)arg;
	long every = wf_param_int("print_every");
	for (uint64_t i = 1;; i++) {
		uint64_t item;
		wf_queue_get(q, &item, WF_FOREVER);
		wf_mutex_lock(m);
		consumed++;
		wf_mutex_unlock(m);
		if (i % (uint64_t)every == 0)
			wf_print("got %llu", (unsigned long long)item);
		wf_sleep(0.001);
	}
}

static void run(void)
{
	q = wf_queue_new("items", 8, 0);
	m = wf_mutex_new("count", 0);
	static wf_thread t[4];
	wf_thread_spawn(&t[0], "producer1", producer, NULL);
	wf_thread_spawn(&t[1], "producer2", producer, NULL);
	wf_thread_spawn(&t[2], "consumer1", consumer, NULL);
	wf_thread_spawn(&t[3], "consumer2", consumer, NULL);
	for (int i = 0; i < 4; i++)
		wf_thread_join(&t[i]);
}

static const struct wf_param params[] = {
	{"print_every", NULL, "200", 1, 1000000, "items between two printed lines"},
};

const struct wf_lesson lesson_test_soak = {
	.id = "test-soak",
	.track = "testing",
	.title_en = "Test: a lesson that never ends",
	.title_zh = "测试：永不结束的课程",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
