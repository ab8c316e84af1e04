/*
 * queue-shutdown - Queue.shutdown() (Python 3.13): the producer closes the
 * queue instead of sending one sentinel per consumer.
 *
 * Two halves, each on a real queue of the runtime (weft_shutdown.h):
 *
 *   1. queue.Queue and threads: workers W1 and W2 wait in get(); at 0.5 s
 *      the producer puts `jobs` jobs (1 s of work each), at 1.0 s it calls
 *      q.shutdown().  Plain: the workers still drain the jobs left, then
 *      get() raises ShutDown and they stop.  immediate=on: the jobs left
 *      are dropped (counted as done), so the workers stop after the job in
 *      hand.  Either way main's q.join() returns when the last job ends,
 *      and a put() after the shutdown raises ShutDown.
 *   2. asyncio.Queue and tasks: three consumers; two jobs (0.5 s each) at
 *      0.5 s, so at 1.0 s all three wait in `await q.get()`; at 1.5 s the
 *      producer shuts the queue down and all three wake at once with
 *      QueueShutDown - no None was sent.
 *
 * Invariant: a worker stops only on ShutDown, never on a special item.
 */
#include "lesson.h"
#include "weft.h"

/* --- 1. queue.Queue, threads ----------------------------------------------- */

struct worker {
	const char *name;
	wf_queue *q;
	unsigned done;
	bool shut;         /* its get() raised ShutDown */
	double stopped;    /* when, lesson seconds from the half's start */
	double t0;
};

static void work(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		uint64_t job;
		if (wf_queue_get(w->q, &job, WF_FOREVER) == WF_ESHUTDOWN) {
			w->shut = true;
			w->stopped = wf_now() - w->t0;
			wf_print("%s: get() raised ShutDown at %.1f s: stops", w->name, w->stopped);
			return;
		}
		wf_print("%s: got job %llu", w->name, (unsigned long long)job);
		wf_sleep(1.0);
		wf_print("%s: job %llu done", w->name, (unsigned long long)job);
		wf_queue_task_done(w->q);
		w->done++;
	}
}

struct producer {
	wf_queue *q;
	unsigned jobs, dropped;
	bool immediate, refused;
};

static void produce(void *arg)
{
	struct producer *p = arg;
	wf_sleep(0.5);
	for (unsigned i = 1; i <= p->jobs; i++)
		wf_queue_put(p->q, i, WF_FOREVER);
	wf_print("producer: put jobs 1-%u", p->jobs);
	wf_sleep(0.5);
	wf_print("producer: q.shutdown(immediate=%s) with %u jobs queued", p->immediate ? "True" : "False",
		 wf_queue_depth(p->q));
	p->dropped = wf_queue_shutdown(p->q, p->immediate);
	if (p->dropped)
		wf_print("producer: %u jobs dropped, each counted as task_done()", p->dropped);
	p->refused = wf_queue_put(p->q, 99, WF_FOREVER) == WF_ESHUTDOWN;
	if (p->refused)
		wf_print("producer: put(99) after the shutdown raised ShutDown");
}

static void run_threads(bool immediate, unsigned jobs)
{
	double t0 = wf_now();
	wf_print("-- queue.Queue: two worker threads, then q.shutdown() --");
	wf_queue *q = wf_queue_new("jobs", 8, 0);
	if (!q)
		return;
	struct worker w[2] = {{"W1", q, 0, false, 0, t0}, {"W2", q, 0, false, 0, t0}};
	struct producer p = {q, jobs, 0, immediate, false};
	wf_thread t[3];
	for (int i = 0; i < 2; i++)
		if (wf_thread_spawn(&t[i], w[i].name, work, &w[i]) < 0)
			return;
	if (wf_thread_spawn(&t[2], "producer", produce, &p) < 0)
		return;
	wf_thread_join(&t[2]);
	wf_queue_join(q, WF_FOREVER);
	double joined = wf_now() - t0;
	wf_print("main: q.join() returned at %.1f s", joined);
	wf_thread_join(&t[0]);
	wf_thread_join(&t[1]);
	wf_result("t_done=%u t_dropped=%u t_shutdown=%d t_join_s=%.1f t_put_after=%s", w[0].done + w[1].done,
		  p.dropped, w[0].shut + w[1].shut, joined, p.refused ? "ShutDown" : "ok");
}

/* --- 2. asyncio.Queue, tasks ---------------------------------------------- */

struct consumer {
	char name[4];
	wf_aqueue *q;
	double t0, stopped;
	bool shut;
	unsigned done;
};

static int consume(void *arg, uint64_t *result)
{
	struct consumer *c = arg;
	*result = 0;
	for (;;) {
		uint64_t job;
		int r = wf_aqueue_get(c->q, &job);
		if (r == WF_ESHUTDOWN) {
			c->shut = true;
			c->stopped = wf_now() - c->t0;
			wf_print("%s: await q.get() raised QueueShutDown at %.1f s", c->name, c->stopped);
			return 0;
		}
		if (r < 0)
			return r;
		wf_print("%s: got job %llu", c->name, (unsigned long long)job);
		wf_async_sleep(0.5);
		wf_aqueue_task_done(c->q);
		c->done++;
	}
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	*result = 0;
	double t0 = wf_now();
	wf_print("-- asyncio.Queue: three consumer tasks, then q.shutdown() --");
	wf_loop *l = wf_loop_get();
	wf_aqueue *q = wf_aqueue_new(l, "ajobs", 0);
	if (!q)
		return WF_ENOMEM;
	struct consumer c[3];
	wf_task *t[3];
	for (int i = 0; i < 3; i++) {
		c[i] = (struct consumer){{'c', (char)('1' + i), 0, 0}, q, t0, 0, false, 0};
		if (!(t[i] = wf_task_create(l, c[i].name, consume, &c[i])))
			return WF_ENOMEM;
	}
	wf_async_sleep(0.5);
	wf_aqueue_put_nowait(q, 1);
	wf_aqueue_put_nowait(q, 2);
	wf_print("producer: put jobs 1-2");
	wf_async_sleep(1.0);
	wf_print("producer: q.shutdown() while every consumer waits in get()");
	wf_aqueue_shutdown(q, false);
	bool refused = wf_aqueue_put_nowait(q, 99) == WF_ESHUTDOWN;
	if (refused)
		wf_print("producer: put_nowait(99) raised QueueShutDown");
	for (int i = 0; i < 3; i++)
		wf_await_task(t[i], NULL);
	wf_aqueue_join(q);
	double last = 0;
	int shut = 0;
	for (int i = 0; i < 3; i++) {
		shut += c[i].shut;
		last = c[i].stopped > last ? c[i].stopped : last;
	}
	wf_print("main: every consumer ended by %.1f s; await q.join() returned", last);
	wf_result("a_done=%u a_shutdown=%d a_woke_s=%.1f a_put_after=%s", c[0].done + c[1].done + c[2].done,
		  shut, last, refused ? "QueueShutDown" : "ok");
	return 0;
}

static void run(void)
{
	if (!wf_param_is("part", "asyncio"))
		run_threads(wf_param_is("immediate", "on"), (unsigned)wf_param_int("jobs"));
	if (!wf_param_is("part", "threads"))
		wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"immediate", "off|on", "off", 0, 0, "on: the thread queue's shutdown drops the jobs left"},
	{"jobs", NULL, "4", 1, 8, "jobs the thread half's producer puts"},
	{"part", "both|threads|asyncio", "both", 0, 0, "both halves, or only one"},
};

const struct wf_lesson lesson_queue_shutdown = {
	.id = "queue-shutdown",
	.track = "modern",
	.title_en = "Queue.shutdown: no more sentinels",
	.title_zh = "Queue.shutdown：不再需要哨兵值",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
