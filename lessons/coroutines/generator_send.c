/*
 * generator-send - values crossing between a thread and two coroutines.
 *
 * Python: a generator that yields Fibonacci numbers and accepts "reset"
 * through send(), and a second one that evaluates the expressions sent to
 * it.  Main asks each in turn; the timeline shows the one thread passing
 * from main to fib, back, to calc, back: never two at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define FIB_NEXT 0  /* next(fib) */
#define FIB_RESET 1 /* fib.send("reset") */

static uint64_t fib(void *arg)
{
	(void)arg;
	uint64_t a = 0, b = 1;
	for (;;) {
		uint64_t cmd = wf_yield(a);
		if (cmd == FIB_RESET) {
			a = 0, b = 1;
		} else {
			uint64_t next = a + b;
			a = b, b = next;
		}
	}
	return 0;
}

/* Evaluates "x op y" (op one of + - * /) for each expression sent. */
static uint64_t calc(void *arg)
{
	(void)arg;
	long result = 0;
	for (;;) {
		const char *expr = (const char *)(uintptr_t)wf_yield((uint64_t)result);
		long x, y;
		char op;
		if (!expr || sscanf(expr, "%ld %c %ld", &x, &op, &y) != 3)
			continue;
		result = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : y ? x / y : 0;
		wf_print("calc: %s = %ld", expr, result);
	}
	return 0;
}

static void append(char *list, size_t size, uint64_t v)
{
	size_t n = strlen(list);
	snprintf(list + n, size - n, "%s%llu", n ? "," : "", (unsigned long long)v);
}

static void run(void)
{
	long count = wf_param_int("count");
	double pause = (double)wf_param_int("pause_ms") / 1000;
	wf_coro *f = wf_coro_new("fib", fib, NULL);
	wf_coro *c = wf_coro_new("calc", calc, NULL);
	if (!f || !c) {
		wf_print("out of memory");
		return;
	}
	char fibs[256] = "", squares[256] = "", expr[64];
	uint64_t v = 0, sq = 0;
	wf_coro_send(c, 0, NULL); /* prime calc: run it to its first yield */
	for (long i = 0; i < count; i++) {
		uint64_t cmd = i == count / 2 + 1 ? FIB_RESET : FIB_NEXT;
		wf_coro_send(f, cmd, &v);
		wf_print("main: fib %s -> %llu", cmd == FIB_RESET ? "send(reset)" : "next()",
			 (unsigned long long)v);
		append(fibs, sizeof fibs, v);
		wf_sleep(pause);
		snprintf(expr, sizeof expr, "%llu * %llu", (unsigned long long)v, (unsigned long long)v);
		wf_coro_send(c, (uintptr_t)expr, &sq);
		append(squares, sizeof squares, sq);
		wf_sleep(pause);
	}
	wf_coro_close(f);
	wf_coro_close(c);
	wf_print("main: closed both; fib is %s", wf_coro_done(f) ? "closed" : "still open");
	wf_result("fib=%s squares=%s sends=%ld", fibs, squares, 2 * count + 1);
	wf_coro_free(f);
	wf_coro_free(c);
}

static const struct wf_param params[] = {
	{"count", NULL, "10", 2, 30, "numbers asked of fib"},
	{"pause_ms", NULL, "200", 0, 2000, "lesson ms main waits between sends"},
};

const struct wf_lesson lesson_generator_send = {
	.id = "generator-send",
	.track = "coroutines",
	.title_en = "Generators: yield and send",
	.title_zh = "生成器：yield 与 send",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
