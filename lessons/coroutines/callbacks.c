/*
 * callbacks - functions passed to other functions, and callbacks that
 * remember: the notes' four demos (000, "回调函数（call back）"), in order.
 *
 * 1. caller('I am callee.', demo_callback): the caller does its part, then
 *    calls the function it was given with the argument it was given.
 * 2. demo_handle(add, (3, 5), callback=notify): the handle calls func, then
 *    hands the result and func's name to the callback: "Call function add
 *    result = 8".
 * 3. apply_async(func, args, callback=handle), where handle is a coroutine
 *    (make_handler's generator, primed with next): the result is sent into
 *    it, and it counts in a local that lives on between sends:
 *    counter = 1 result: 8 (add 3, 5), counter = 2 result: 15 (times 3, 5).
 * 4. apply_handler(func, args, callback=handler), where handler is a
 *    closure over a counter (nonlocal): counter = 1 result: 5 (add 2, 3),
 *    counter = 2 result: 24 (times 4, 6).  C has no closures: the closure
 *    is a struct holding the function and the variable it captured.
 *
 * As in the notes, apply_async calls the function and the callback at
 * once, on the caller's thread.  apply=thread is Weft's variant: it runs
 * the function on a worker thread, which sends the result into the
 * coroutine itself, so the handler runs on the worker's thread (main joins
 * the worker before the next call, so the counts stay in order).  main
 * holds each result pause_ms of lesson time; the notes take none.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

static double pause;

typedef long (*binary_fn)(long, long);

static long add(long x, long y)
{
	return x + y;
}

static long times(long x, long y)
{
	return x * y;
}

/* ---- 1. a caller and its callee ---------------------------------------- */

static void demo_callback(const char *st)
{
	wf_print("%s", st);
}

static void caller(const char *args, void (*func)(const char *))
{
	wf_print("Caller: Do something.");
	func(args);
}

/* ---- 2. a handle that composes a function and a callback ---------------- */

static void notify(long result, const char *frm)
{
	wf_print("Call function %s result = %ld", frm, result);
}

/* func.__name__ travels with func: C passes it beside. */
static void demo_handle(binary_fn func, const char *name, long x, long y,
			void (*callback)(long, const char *))
{
	callback(func(x, y), name);
}

/* ---- 3. apply_async with a coroutine as the callback ------------------- */

static uint64_t make_handler(void *arg)
{
	(void)arg;
	long counter = 0; /* on this coroutine's own stack, kept between sends */
	for (;;) {
		long result = (long)wf_yield(0);
		if (wf_coro_closing())
			return (uint64_t)counter;
		counter++;
		wf_print("counter = %ld result: %ld", counter, result);
	}
}

struct call {
	binary_fn func;
	long x, y;
	wf_coro *callback;
};

static void call_and_send(struct call *c)
{
	long result = c->func(c->x, c->y);
	wf_coro_send(c->callback, (uint64_t)result, NULL); /* callback.send(result) */
}

static void worker(void *arg)
{
	wf_sleep(pause); /* the work takes a while */
	call_and_send(arg);
}

static void apply_async(binary_fn func, long x, long y, wf_coro *callback)
{
	struct call c = {func, x, y, callback};
	wf_thread t;
	if (!wf_param_is("apply", "thread")) {
		call_and_send(&c);
		wf_sleep(pause);
	} else if (wf_thread_spawn(&t, "worker", worker, &c) == 0) {
		wf_print("apply_async: a worker computes, main waits for it");
		wf_thread_join(&t);
	}
}

/* ---- 4. apply_handler with a closure as the callback ------------------- */

struct closure {
	void (*fn)(struct closure *self, long result);
	long counter; /* the captured variable (nonlocal counter) */
};

static void handler_body(struct closure *self, long result)
{
	self->counter++;
	wf_print("counter = %ld result: %ld", self->counter, result);
}

static struct closure make_closure_handler(void)
{
	return (struct closure){handler_body, 0};
}

static void apply_handler(binary_fn func, long x, long y, struct closure *callback)
{
	long result = func(x, y);
	callback->fn(callback, result);
	wf_sleep(pause);
}

static void run(void)
{
	pause = (double)wf_param_int("pause_ms") / 1000;

	wf_print("-- 1. caller('I am callee.', demo_callback) --");
	caller("I am callee.", demo_callback);
	wf_sleep(pause);

	wf_print("-- 2. demo_handle(add, (3, 5), callback=notify) --");
	demo_handle(add, "add", 3, 5, notify);
	wf_sleep(pause);

	wf_print("-- 3. apply_async(add, (3, 5)), apply_async(times, (3, 5)), callback=handle --");
	wf_coro *handle = wf_coro_new("handle", make_handler, NULL);
	if (!handle) {
		wf_print("out of memory");
		return;
	}
	wf_coro_send(handle, 0, NULL); /* next(handle): run it to its first yield */
	apply_async(add, 3, 5, handle);
	apply_async(times, 3, 5, handle);
	uint64_t coro_count = 0;
	wf_coro_close(handle);
	wf_coro_send(handle, 0, &coro_count); /* ended: WF_EDONE gives what it returned */

	wf_print("-- 4. apply_handler(add, (2, 3)), apply_handler(times, (4, 6)), callback=handler --");
	struct closure handler = make_closure_handler();
	apply_handler(add, 2, 3, &handler);
	apply_handler(times, 4, 6, &handler);

	wf_result("coroutine_calls=%llu closure_calls=%ld", (unsigned long long)coro_count, handler.counter);
	wf_coro_free(handle);
}

static const struct wf_param params[] = {
	{"apply", "call|thread", "call", 0, 0,
	 "call: apply_async calls at once (the notes); thread: a worker computes and sends"},
	{"pause_ms", NULL, "200", 0, 2000, "lesson ms main holds each result (0: the notes' timing)"},
};

const struct wf_lesson lesson_callbacks = {
	.id = "callbacks",
	.track = "coroutines",
	.title_en = "Callbacks, and callbacks that remember",
	.title_zh = "回调，以及有记忆的回调",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
