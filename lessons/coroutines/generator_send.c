/*
 * generator-send - values crossing between a thread and two coroutines,
 * the notes' two demos (000, "Python迭代器（可看作协程）").
 *
 * Part 1: fib(20), a generator that yields the Fibonacci numbers from 1 and
 * prints what each send brought it.  main starts it with send(None), then
 * sends 1, 2, 3, 4: it yields 1, 1, 2, 3, 5, printing receive 1 ... 4 in
 * between.  With n below 5 the generator ends first, and the send that
 * finds it ended reports StopIteration instead of a number.
 *
 * Part 2: gen_cal(), a generator that steps its own Fibonacci pair when it
 * gets None and evaluates the expression when it gets a string: next,
 * next, send('23+9/3.0'), next print 2, 3, 26.0, 5.  Python's eval is a
 * small evaluator here (numbers, + - * /, unary minus, parentheses) with
 * Python's rules: / always gives a float, + - * of two ints an int; a
 * float prints as Python's repr does for these values.
 *
 * One thread: main and the coroutine it sends to take turns, never both.
 * Each coroutine runs on a C stack of its own, so gen_cal yields a pointer
 * to a number in its own frame and main reads it while gen_cal is
 * suspended.  main holds each answer pause_ms of lesson time so the
 * timeline can show it (the notes' Python takes none: pause_ms=0).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

static double pause;

static void list_add(char *list, size_t size, const char *v)
{
	size_t n = strlen(list);
	snprintf(list + n, size - n, "%s%s", n ? "," : "", v);
}

/* ---- part 1: fib(n) driven by send ------------------------------------- */

static uint64_t fib(void *arg)
{
	long n = (long)(intptr_t)arg, index = 0;
	uint64_t a = 0, b = 1;
	while (index < n) {
		uint64_t receive = wf_yield(b);
		if (receive == 0)
			wf_print("\"fib\" receive None"); /* next(), or send(None) */
		else
			wf_print("\"fib\" receive %llu", (unsigned long long)receive);
		uint64_t next = a + b;
		a = b, b = next;
		index++;
	}
	return 0;
}

static void part_fib(long n, char *yields, size_t size)
{
	wf_print("-- fib = fib(%ld); fib.send(None), then send(1) ... send(4) --", n);
	wf_coro *f = wf_coro_new("fib", fib, (void *)(intptr_t)n);
	if (!f) {
		wf_print("out of memory");
		return;
	}
	for (uint64_t k = 0; k <= 4; k++) {
		char sent[24] = "None", got[24];
		uint64_t v;
		if (k)
			snprintf(sent, sizeof sent, "%llu", (unsigned long long)k);
		if (wf_coro_send(f, k, &v) == WF_EDONE) {
			wf_print("fib.send(%s): StopIteration, fib(%ld) has given all it had", sent, n);
			list_add(yields, size, "StopIteration");
			break;
		}
		snprintf(got, sizeof got, "%llu", (unsigned long long)v);
		wf_print("fib.send(%s) -> \"fib\" yield %s", sent, got);
		list_add(yields, size, got);
		wf_sleep(pause);
	}
	wf_coro_free(f); /* still suspended: freeing it closes it, as Python's gc does */
}

/* ---- part 2: gen_cal, a generator with eval ---------------------------- */

struct num {
	bool is_float;
	long long i;
	double f;
};

struct parser {
	const char *s;
	const char *error; /* NULL, or the Python exception it would raise */
};

static double as_double(struct num v)
{
	return v.is_float ? v.f : (double)v.i;
}

static struct num parse_sum(struct parser *p);

static void skip_space(struct parser *p)
{
	while (isspace((unsigned char)*p->s))
		p->s++;
}

/* A number, a parenthesised sum, or a signed factor. */
static struct num parse_factor(struct parser *p)
{
	struct num v = {false, 0, 0};
	skip_space(p);
	if (*p->s == '-' || *p->s == '+') {
		bool neg = *p->s++ == '-';
		v = parse_factor(p);
		if (neg)
			v.is_float ? (v.f = -v.f) : (v.i = -v.i);
		return v;
	}
	if (*p->s == '(') {
		p->s++;
		v = parse_sum(p);
		skip_space(p);
		if (*p->s++ != ')')
			p->error = "SyntaxError";
		return v;
	}
	char *end;
	const char *start = p->s;
	while (isdigit((unsigned char)*p->s))
		p->s++;
	if (*p->s == '.' || *p->s == 'e' || *p->s == 'E') {
		v.is_float = true;
		v.f = strtod(start, &end);
	} else {
		v.i = strtoll(start, &end, 10);
	}
	if (end == start)
		p->error = "SyntaxError";
	p->s = end;
	return v;
}

/* Python's + - * / on two numbers: / is true division, ints stay ints. */
static struct num apply(char op, struct num a, struct num b, struct parser *p)
{
	struct num r = {true, 0, 0};
	if (op == '/') {
		if (as_double(b) == 0)
			p->error = "ZeroDivisionError";
		else
			r.f = as_double(a) / as_double(b);
		return r;
	}
	if (!a.is_float && !b.is_float) {
		r.is_float = false;
		r.i = op == '+' ? a.i + b.i : op == '-' ? a.i - b.i : a.i * b.i;
		return r;
	}
	double x = as_double(a), y = as_double(b);
	r.f = op == '+' ? x + y : op == '-' ? x - y : x * y;
	return r;
}

static struct num parse_product(struct parser *p)
{
	struct num v = parse_factor(p);
	for (skip_space(p); !p->error && (*p->s == '*' || *p->s == '/'); skip_space(p)) {
		char op = *p->s++;
		v = apply(op, v, parse_factor(p), p);
	}
	return v;
}

static struct num parse_sum(struct parser *p)
{
	struct num v = parse_product(p);
	for (skip_space(p); !p->error && (*p->s == '+' || *p->s == '-'); skip_space(p)) {
		char op = *p->s++;
		v = apply(op, v, parse_product(p), p);
	}
	return v;
}

/* eval(expr) for what this evaluator knows; error set if it cannot. */
static struct num eval(const char *expr, const char **error)
{
	struct parser p = {expr, NULL};
	struct num v = parse_sum(&p);
	skip_space(&p);
	if (!p.error && *p.s)
		p.error = "SyntaxError";
	*error = p.error;
	return v;
}

/* As Python prints it: 26.0, not 26 (the shortest digits that read back). */
static void num_format(struct num v, char *out, size_t size)
{
	if (!v.is_float) {
		snprintf(out, size, "%lld", v.i);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(out, size, "%.*g", prec, v.f);
		if (strtod(out, NULL) == v.f)
			break;
	}
	if (!strpbrk(out, ".en"))
		strncat(out, ".0", size - strlen(out) - 1);
}

/* gen_cal(): None steps x, y = y, x + y and yields y; a string is eval'd.
 * It yields the address of `out`, a local on its own stack. */
static uint64_t gen_cal(void *arg)
{
	(void)arg;
	long long x = 1, y = 1;
	const char *exp = NULL;
	struct num out;
	while (x < 256) {
		if (!exp) {
			long long t = x + y;
			x = y, y = t;
			out = (struct num){false, y, 0};
		} else {
			const char *error;
			wf_print("gen_cal: eval('%s')", exp);
			out = eval(exp, &error);
			if (error) {
				wf_print("gen_cal: %s: it ends here", error);
				return 0;
			}
		}
		exp = (const char *)(uintptr_t)wf_yield((uintptr_t)&out);
	}
	return 0;
}

static void part_calc(char *printed, size_t size)
{
	static const char *const sends[] = {NULL, NULL, "23+9/3.0", NULL};
	wf_print("-- gc = gen_cal(); next, next, send('23+9/3.0'), next --");
	wf_coro *gc = wf_coro_new("gen_cal", gen_cal, NULL);
	if (!gc) {
		wf_print("out of memory");
		return;
	}
	for (size_t k = 0; k < sizeof sends / sizeof *sends; k++) {
		uint64_t v;
		char got[40], call[48];
		if (sends[k])
			snprintf(call, sizeof call, "gc.send('%s')", sends[k]);
		else
			snprintf(call, sizeof call, "next(gc)");
		if (wf_coro_send(gc, (uintptr_t)sends[k], &v) == WF_EDONE) {
			wf_print("%s: StopIteration", call);
			list_add(printed, size, "StopIteration");
			break;
		}
		num_format(*(const struct num *)(uintptr_t)v, got, sizeof got);
		wf_print("%s -> %s", call, got);
		list_add(printed, size, got);
		wf_sleep(pause);
	}
	wf_coro_free(gc);
}

static void run(void)
{
	pause = (double)wf_param_int("pause_ms") / 1000;
	char yields[160] = "", printed[160] = "";
	part_fib(wf_param_int("n"), yields, sizeof yields);
	part_calc(printed, sizeof printed);
	wf_result("fib=%s gen_cal=%s", yields, printed);
}

static const struct wf_param params[] = {
	{"n", NULL, "20", 1, 40, "fib(n): how many numbers fib may yield (the notes: 20)"},
	{"pause_ms", NULL, "200", 0, 2000, "lesson ms main holds each answer (0: the notes' timing)"},
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
