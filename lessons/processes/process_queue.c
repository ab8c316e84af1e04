/*
 * process-queue - processes that talk through a queue: one message, then a
 * producer and a consumer.
 *
 * Python: multiprocessing.Queue(maxsize), Process.terminate().  The notes'
 * two demos (000 §7), in their order.  First one message: process f1
 * prints "f1 start...", puts the list [42, None, 'hello'] and prints
 * "f1 end"; process f2 prints "f2 start...", gets (blocking until the list
 * is there), prints it and "f2 end"; main joins both.  Which of "f1 end"
 * and "f2 start..." comes first is up to the scheduler, as in Python.
 * Then the stream: the producer prints "Produce i", puts i and sleeps 1 s,
 * for i = 0..4; the consumer gets, prints "Consume i" and sleeps 1 s; the
 * parent joins the producer (≈ 5 s), terminates the consumer and says how
 * long it took.  The queues live in the shared arena (WF_SHARED), so the
 * forked processes use the same ones.  The consumer gets for ever
 * (sleeping, or blocked on the empty queue, between items) until the
 * parent terminates it.  Then the parent shows the calls that fail
 * instead of blocking: put_nowait on a full queue (Full), get_nowait on an
 * empty one (Empty) and a get that times out.  demo=message or
 * demo=stream runs one of the two.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "lesson.h"
#include "weft.h"

struct counts {
	long produced, consumed; /* each written by one process only */
};

static wf_queue *queue, *message_q;
static struct counts *counts;
static char *got_text; /* what f2 printed, in shared memory for main's result */

/* ---- the first demo: one message from f1 to f2 ----------------------- */

static void f1(void *arg)
{
	(void)arg;
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_list(&m, 3);
	wf_msg_int(&m, 42);
	wf_msg_none(&m);
	wf_msg_str(&m, "hello");
	wf_print("f1 start...");
	wf_queue_put_msg(message_q, m.data, m.len, WF_FOREVER);
	wf_print("f1 end");
}

static void f2(void *arg)
{
	(void)arg;
	unsigned char buf[WF_MSG_INLINE];
	size_t n = 0;
	wf_print("f2 start...");
	if (wf_queue_get_msg(message_q, buf, sizeof buf, &n, WF_FOREVER) != 0 ||
	    wf_msg_text(buf, n, got_text, 128) != 0)
		snprintf(got_text, 128, "nothing");
	wf_print("%s", got_text);
	wf_print("f2 end");
}

static void one_message(void)
{
	wf_process p1, p2;
	wf_process_spawn(&p1, "f1", f1, NULL);
	wf_process_spawn(&p2, "f2", f2, NULL);
	wf_process_join(&p1);
	wf_process_join(&p2);
}

/* ---- the second demo: a producer and a consumer ---------------------- */

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

static void stream_demo(void)
{
	long items = wf_param_int("items");
	wf_process consumer_p, producer_p;
	double t0 = wf_now();
	wf_process_spawn(&producer_p, "producer", producer, NULL);
	wf_process_spawn(&consumer_p, "consumer", consumer, NULL);
	wf_process_join(&producer_p);
	while (__atomic_load_n(&counts->consumed, __ATOMIC_ACQUIRE) < items)
		wf_sleep(0.1); /* the last item is taken at once: no wait with the defaults */
	wf_print("main: terminating the consumer");
	wf_process_terminate(&consumer_p);
	wf_process_join(&consumer_p);
	double took = wf_now() - t0;
	wf_print("Take %.2f s", took);

	int full_errors = 0, empty_errors = 0;
	failures(&full_errors, &empty_errors);
	wf_result("produced=%ld consumed=%ld take_s=%.2f full_errors=%d empty_errors=%d consumer=%s",
		  counts->produced, counts->consumed, took, full_errors, empty_errors,
		  WIFSIGNALED(consumer_p.status) && WTERMSIG(consumer_p.status) == SIGTERM ? "terminated" : "exited");
}

static void run(void)
{
	bool message = !wf_param_is("demo", "stream"), stream = !wf_param_is("demo", "message");
	message_q = wf_queue_new("q", 4, WF_SHARED);
	got_text = wf_shared_alloc(128);
	queue = wf_queue_new("queue", (unsigned)wf_param_int("capacity"), WF_SHARED);
	counts = wf_shared_alloc(sizeof *counts);
	if (!message_q || !got_text || !queue || !counts) {
		wf_print("out of shared memory");
		return;
	}
	char word[128];
	if (message) {
		one_message();
		wf_msg_word(got_text, word, sizeof word);
		wf_result("message=%s", word);
	}
	if (stream)
		stream_demo();
}

static const struct wf_param params[] = {
	{"demo", "both|message|stream", "both", 0, 0,
	 "both: the notes' two demos in order; message: f1 puts one list for f2; stream: producer and consumer"},
	{"items", NULL, "5", 1, 20, "items the producer puts (0, 1, ...), one a second"},
	{"capacity", NULL, "3", 1, 10, "the queue's maxsize"},
};

/* The challenge (lesson.h). */
static const struct wf_challenge pq_challenges[] = {
	{"process-queue-empty", "make the consumer process find the queue empty",
	 "让消费者进程看到队列是空的", WF_GOAL_EMPTY_GET, "queue", "demo=stream"},
};

const struct wf_lesson lesson_process_queue = {
	.id = "process-queue",
	.track = "processes",
	.title_en = "A queue between processes",
	.title_zh = "进程之间的队列",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.challenges = pq_challenges,
	.nchallenges = 1,
};
