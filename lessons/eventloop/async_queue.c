/*
 * async-queue - a producer and a consumer task share an asyncio.Queue
 * (the notes' demo, 000 "用事件循环队列实现生产者-消费者异步流程").
 *
 * The producer makes items 0..n-1, taking produce_ms for each, and puts
 * it; then it puts None (the stop signal) and awaits queue.join().  The
 * consumer gets one item at a time, works on it for work_ms, prints it and
 * calls task_done; on None it calls task_done and stops.  join returns
 * once every item put, None included, has had its task_done, so with the
 * notes' 1 s and 1 s the run alternates produce/consume from 1 s to 6 s and
 * ends `consumer ends.`, `producer ends.` at 6 s.
 *
 * Weft's other design is a parameter set: produce_ms=0 (the producer puts
 * as fast as the queue lets it, so a small maxsize makes each put wait for
 * a get) and join=main (main awaits the producer, then joins the queue
 * itself).  The order of the lines is fixed by the queue's rules and, at a
 * second where both tasks wake, by the order their timers were set.
 */
#include "lesson.h"
#include "weft.h"

#define NONE UINT64_MAX /* Python's None: the stop signal */

static wf_aqueue *queue;
static long items, gets, max_depth, done_calls;
static double produce, work;
static bool main_joins;

/* Puts item and notes the deepest the queue has been. */
static void put(uint64_t item)
{
	wf_aqueue_put(queue, item);
	if ((long)wf_aqueue_size(queue) > max_depth)
		max_depth = wf_aqueue_size(queue);
}

static int producer(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	wf_print("producer starts.");
	for (long i = 0; i < items; i++) {
		if (produce > 0)
			wf_async_sleep(produce);
		wf_print("produce %ld", i);
		put((uint64_t)i);
	}
	put(NONE);
	if (main_joins)
		return 0;
	wf_aqueue_join(queue);
	wf_print("producer ends.");
	return 0;
}

static int consumer(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	wf_print("consumer starts.");
	for (;;) {
		uint64_t item;
		int r = wf_aqueue_get(queue, &item);
		if (r)
			return r;
		gets++;
		if (item == NONE) {
			wf_aqueue_task_done(queue);
			done_calls++;
			break;
		}
		wf_async_sleep(work);
		wf_print("consume %llu", (unsigned long long)item);
		wf_aqueue_task_done(queue);
		done_calls++;
	}
	wf_print("consumer ends.");
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	double t0 = wf_now();
	queue = wf_aqueue_new(l, "queue", (unsigned)wf_param_int("maxsize"));
	wf_task *p = wf_task_create(l, "producer", producer, NULL);
	wf_task *c = wf_task_create(l, "consumer", consumer, NULL);
	if (!queue || !c || !p)
		return WF_ENOMEM;
	long at_join = -1;
	if (main_joins) {
		wf_await_task(p, NULL);
		wf_print("main: producer done, joining the queue");
		wf_aqueue_join(queue);
		at_join = done_calls;
		wf_print("main: join returned: every item processed");
	}
	wf_future *both[2] = {wf_task_future(p), wf_task_future(c)};
	uint64_t v[2];
	wf_gather(both, 2, v); /* asyncio.gather(producer_task, consumer_task) */
	if (at_join < 0)
		at_join = done_calls; /* the producer's join returned before it ended */
	wf_result("items=%ld gets=%ld max_depth=%ld task_done_before_join=%ld elapsed_s=%.1f", items,
		  gets, max_depth, at_join, wf_now() - t0);
	*result = 0;
	return 0;
}

static void run(void)
{
	items = wf_param_int("items");
	produce = (double)wf_param_int("produce_ms") / 1000;
	work = (double)wf_param_int("work_ms") / 1000;
	main_joins = wf_param_is("join", "main");
	gets = max_depth = done_calls = 0;
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"items", NULL, "5", 1, 200, "items the producer puts (0 .. items-1)"},
	{"maxsize", NULL, "10", 1, 100, "the queue's maxsize"},
	{"produce_ms", NULL, "1000", 0, 5000, "lesson ms the producer takes per item (0: as fast as the queue lets it)"},
	{"work_ms", NULL, "1000", 0, 5000, "lesson ms the consumer works on each item"},
	{"join", "producer|main", "producer", 0, 0, "who awaits queue.join(): the producer (the notes) or main"},
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
