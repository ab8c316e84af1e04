/*
 * process-queue - a producer and a consumer process share a bounded queue.
 *
 * Python: multiprocessing.Queue(maxsize), Process.terminate().  As the
 * notes' demo (000 §7): the producer prints "Produce i", puts i and sleeps
 * 1 s, for i = 0..4; the consumer gets, prints "Consume i" and sleeps 1 s;
 * the parent joins the producer (≈ 5 s), terminates the consumer and says
 * how long it took.  The queue lives in the shared arena (WF_SHARED), so
 * both forked processes use the same one.  The consumer gets for ever
 * (sleeping, or blocked on the empty queue, between items) until the
 * parent terminates it.  Then the parent shows the calls
 * that fail instead of blocking: put_nowait on a full queue (Full),
 * get_nowait on an empty one (Empty) and a get that times out.
 */
#include <signal.h>
#include <sys/wait.h>

#include "lesson.h"
#include "weft.h"

struct counts {
	long produced, consumed; /* each written by one process only */
};

static wf_queue *queue;
static struct counts *counts;

static void producer(void *arg)
{
	(void)arg;
	long items = wf_param_int("items");
	for (long i = 0; i < items; i++) {
		wf_print("Produce %ld", i);
		wf_queue_put(queue, (uint64_t)i, WF_FOREVER);
		counts->produced++;
		wf_sleep(1.0);
	}
}

static void consumer(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t item;
		wf_queue_get(queue, &item, WF_FOREVER);
		__atomic_store_n(&counts->consumed, counts->consumed + 1, __ATOMIC_RELEASE);
		wf_print("Consume %llu", (unsigned long long)item);
		wf_sleep(1.0);
	}
}

/* The non-blocking and timed variants, on a queue of one. */
static void failures(int *full_errors, int *empty_errors)
{
	wf_queue *small = wf_queue_new("small", 1, 0);
	uint64_t item;
	wf_queue_put(small, 1, 0);
	if (wf_queue_put(small, 2, 0) == WF_EFULL) {
		++*full_errors;
		wf_print("put_nowait on a full queue: queue.Full");
	}
	wf_queue_get(small, &item, 0);
	if (wf_queue_get(small, &item, 0) == WF_EEMPTY) {
		++*empty_errors;
		wf_print("get_nowait on an empty queue: queue.Empty");
	}
	double start = wf_now();
	if (wf_queue_get(small, &item, 1.0) == WF_EEMPTY) {
		++*empty_errors;
		wf_print("get(timeout=1) gave up after %.1f s: queue.Empty", wf_now() - start);
	}
}

static void run(void)
{
	long items = wf_param_int("items");
	queue = wf_queue_new("queue", (unsigned)wf_param_int("capacity"), WF_SHARED);
	counts = wf_shared_alloc(sizeof *counts);
	if (!queue || !counts) {
		wf_print("out of shared memory");
		return;
	}
	wf_process consumer_p, producer_p;
	wf_process_spawn(&consumer_p, "consumer", consumer, NULL);
	wf_process_spawn(&producer_p, "producer", producer, NULL);
	double t0 = wf_now();
	wf_process_join(&producer_p);
	while (__atomic_load_n(&counts->consumed, __ATOMIC_ACQUIRE) < items)
		wf_sleep(0.1); /* the last item is taken at once: no wait with the defaults */
	wf_print("main: terminating the consumer");
	wf_process_terminate(&consumer_p);
	wf_process_join(&consumer_p);
	wf_print("Take %.2f s", wf_now() - t0);

	int full_errors = 0, empty_errors = 0;
	failures(&full_errors, &empty_errors);
	wf_result("produced=%ld consumed=%ld full_errors=%d empty_errors=%d consumer=%s",
		  counts->produced, counts->consumed, full_errors, empty_errors,
		  WIFSIGNALED(consumer_p.status) && WTERMSIG(consumer_p.status) == SIGTERM ? "terminated" : "exited");
}

static const struct wf_param params[] = {
	{"items", NULL, "5", 1, 20, "items the producer puts (0, 1, ...), one a second"},
	{"capacity", NULL, "3", 1, 10, "the queue's maxsize"},
};

const struct wf_lesson lesson_process_queue = {
	.id = "process-queue",
	.track = "processes",
	.title_en = "A queue between processes",
	.title_zh = "进程之间的队列",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
