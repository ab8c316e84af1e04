/*
 * callbacks - functions passed to other functions, and callbacks that
 * remember.
 *
 * 1. apply(fn, x): the caller calls back at once (synchronous).
 * 2. apply_async(add, 2, 3, callback): the work runs on a worker thread,
 *    which then calls the callback itself: its line is printed by the
 *    worker's lane, not main's.
 * 3. A handler that counts its calls three ways: a struct (a class with a
 *    sequence attribute), a static counter (a closure's nonlocal), and a
 *    coroutine whose counter is a local on its own stack, kept alive
 *    between sends: the generator way of carrying state.
 */
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

typedef void (*result_cb)(long result, void *ctx);

struct job {
	long (*fn)(long, long);
	long x, y;
	result_cb cb;
	void *ctx;
};

static long add(long x, long y)
{
	return x + y;
}

static long mul(long x, long y)
{
	return x * y;
}

static void print_result(long result, void *ctx)
{
	(void)ctx;
	wf_print("print_result: got %ld", result);
}

/* 1: the callback runs inside apply, on the caller's lane. */
static void apply(long (*fn)(long, long), long x, long y, result_cb cb, void *ctx)
{
	cb(fn(x, y), ctx);
}

static void worker(void *arg)
{
	struct job *j = arg;
	wf_sleep(0.5); /* the work takes a while */
	j->cb(j->fn(j->x, j->y), j->ctx);
}

/* 2: the work and the callback run on another thread. */
static void apply_async(struct job *j)
{
	wf_thread t;
	if (wf_thread_spawn(&t, "worker", worker, j) == 0) {
		wf_print("apply_async: started, main goes on");
		wf_sleep(0.2);
		wf_print("main: doing other things meanwhile");
		wf_thread_join(&t);
	}
}

/* 3a: a "class" with state. */
struct result_handler {
	long sequence;
};

static void handler_method(long result, void *ctx)
{
	struct result_handler *h = ctx;
	h->sequence++;
	wf_print("[%ld] handler object got %ld", h->sequence, result);
}

/* 3b: a "closure": state in a static the function alone sees. */
static long closure_calls;

static void closure_handler(long result, void *ctx)
{
	(void)ctx;
	wf_print("[%ld] closure got %ld", ++closure_calls, result);
}

/* 3c: a coroutine: the counter is a local variable that lives on. */
static uint64_t handler_coro(void *arg)
{
	(void)arg;
	long sequence = 0;
	for (;;) {
		long result = (long)wf_yield((uint64_t)sequence);
		if (wf_coro_closing())
			return (uint64_t)sequence;
		sequence++;
		wf_print("[%ld] coroutine handler got %ld", sequence, result);
	}
}

static uint64_t coro_calls; /* what the handler yielded last: its count */

static void send_to(long result, void *ctx)
{
	wf_coro_send(ctx, (uint64_t)result, &coro_calls);
}

static void run(void)
{
	wf_print("-- 1. a plain callback --");
	apply(add, 2, 3, print_result, NULL);

	wf_print("-- 2. apply_async: the worker calls back --");
	struct job j = {add, 2, 3, print_result, NULL};
	apply_async(&j);

	wf_print("-- 3. callbacks that remember --");
	struct result_handler h = {0};
	apply(add, 2, 3, handler_method, &h);
	apply(mul, 6, 7, handler_method, &h);
	closure_calls = 0;
	apply(add, 2, 3, closure_handler, NULL);
	apply(mul, 6, 7, closure_handler, NULL);
	wf_coro *c = wf_coro_new("handler", handler_coro, NULL);
	if (!c)
		return;
	wf_coro_send(c, 0, NULL); /* next(handler): prime it */
	apply(add, 2, 3, send_to, c);
	apply(mul, 6, 7, send_to, c);
	wf_coro_close(c);
	wf_result("class_calls=%ld closure_calls=%ld coroutine_calls=%llu", h.sequence, closure_calls,
		  (unsigned long long)coro_calls);
	wf_coro_free(c);
}

const struct wf_lesson lesson_callbacks = {
	.id = "callbacks",
	.track = "coroutines",
	.title_en = "Callbacks, and callbacks that remember",
	.title_zh = "回调，以及有记忆的回调",
	.run = run,
};
