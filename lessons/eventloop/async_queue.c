/*
 * async-queue - a producer and a consumer task share an asyncio.Queue.
 *
 * The producer puts as fast as the queue lets it: it fills the queue to
 * maxsize, then each put waits until the consumer's get makes room.  The
 * consumer takes one item at a time, works on it, and calls task_done.  A
 * sentinel (0) tells it to stop.  main awaits the producer, then
 * queue.join(), which returns only once every item put has had its
 * task_done, the sentinel's included.  Items are 1..n; the order of the
 * lines is fixed by the queue's rules.
 */
#include "lesson.h"
#include "weft.h"

static wf_aqueue *queue;
static long items, gets, max_depth, done_calls;
static double work;

static int producer(void *arg, uint64_t *result)
{
	(void)arg;
	for (long i = 1; i <= items; i++) {
		wf_aqueue_put(queue, (uint64_t)i);
		if ((long)wf_aqueue_size(queue) > max_depth)
			max_depth = wf_aqueue_size(queue);
		wf_print("put %ld (size %u)", i, wf_aqueue_size(queue));
	}
	wf_aqueue_put(queue, 0);
	wf_print("put the sentinel");
	*result = 0;
	return 0;
}

static int consumer(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	for (;;) {
		uint64_t item;
		int r = wf_aqueue_get(queue, &item);
		if (r)
			return r;
		gets++;
		if (item == 0) {
			wf_aqueue_task_done(queue);
			done_calls++;
			wf_print("got the sentinel: stopping");
			return 0;
		}
		wf_print("got %llu", (unsigned long long)item);
		wf_async_sleep(work);
		wf_aqueue_task_done(queue);
		done_calls++;
	}
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	queue = wf_aqueue_new(l, "queue", (unsigned)wf_param_int("maxsize"));
	wf_task *c = wf_task_create(l, "consumer", consumer, NULL);
	wf_task *p = wf_task_create(l, "producer", producer, NULL);
	if (!queue || !c || !p)
		return WF_ENOMEM;
	wf_await_task(p, NULL);
	wf_print("main: producer done, joining the queue");
	wf_aqueue_join(queue);
	wf_print("main: join returned: every item processed");
	long after_join = done_calls;
	wf_await_task(c, NULL);
	wf_result("items=%ld gets=%ld max_depth=%ld task_done_before_join=%ld", items, gets, max_depth,
		  after_join);
	*result = 0;
	return 0;
}

static void run(void)
{
	items = wf_param_int("items");
	work = (double)wf_param_int("work_ms") / 1000;
	gets = max_depth = done_calls = 0;
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"items", NULL, "15", 1, 200, "items the producer puts"},
	{"maxsize", NULL, "10", 1, 100, "the queue's maxsize"},
	{"work_ms", NULL, "250", 0, 5000, "lesson ms the consumer works on each item"},
};

const struct wf_lesson lesson_async_queue = {
	.id = "async-queue",
	.track = "eventloop",
	.title_en = "asyncio.Queue: producer, consumer, join",
	.title_zh = "asyncio.Queue：生产者、消费者与 join",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
