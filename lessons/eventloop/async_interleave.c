/*
 * async-interleave - the notes' three tasks (003, "使用Asyncio控制任务"):
 * factorial(10), fibonacci(10) and binomialCoeff(20, 10), each printing
 * a line and sleeping 1 s per step, all started before the loop runs and
 * awaited with asyncio.wait.
 *
 * factorial takes 9 steps (i = 2..10), the other two 10, so at every
 * second the three step in the order they were created (their timers fall
 * due together and run in the order they were set); at 9 s factorial
 * prints its result between the others' last steps, and at 10 s the other
 * two finish.  The total is the longest task's time, 10 s, not the 29 s of
 * all the steps added up.  binomialCoeff divides as Python's `/` does, in
 * floating point, so its result prints as 184756.0.
 */
#include "lesson.h"
#include "weft.h"

static double step;
static long fact_n, fib_n, binom_n, binom_k;
static uint64_t fact_result, fib_result;
static double binom_result;

static int factorial(void *arg, uint64_t *result)
{
	(void)arg;
	uint64_t f = 1;
	for (long i = 2; i <= fact_n; i++) {
		wf_print("compute factorial(%ld)", i);
		wf_async_sleep(step);
		f *= (uint64_t)i;
	}
	wf_print("factorial(%ld) = %llu", fact_n, (unsigned long long)f);
	fact_result = *result = f;
	return 0;
}

static int fibonacci(void *arg, uint64_t *result)
{
	(void)arg;
	uint64_t a = 0, b = 1;
	for (long i = 0; i < fib_n; i++) {
		wf_print("compute fibonacci(%ld)", i);
		wf_async_sleep(step);
		uint64_t c = a + b;
		a = b, b = c;
	}
	wf_print("fibonacci(%ld) = %llu", fib_n, (unsigned long long)a);
	fib_result = *result = a;
	return 0;
}

static int binomial(void *arg, uint64_t *result)
{
	(void)arg;
	double c = 1;
	for (long i = 1; i <= binom_k; i++) {
		c = c * (double)(binom_n - i + 1) / (double)i;
		wf_print("compute binomialCoeff(%ld)", i);
		wf_async_sleep(step);
	}
	wf_print("binomialCoeff(%ld, %ld) = %.1f", binom_n, binom_k, c);
	binom_result = c;
	*result = 0;
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	double t0 = wf_now();
	wf_task *t[3] = {
		wf_task_create(l, "factorial", factorial, NULL),
		wf_task_create(l, "fibonacci", fibonacci, NULL),
		wf_task_create(l, "binomial", binomial, NULL),
	};
	wf_future *fs[3];
	bool done[3];
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			return WF_ENOMEM;
		fs[i] = wf_task_future(t[i]);
	}
	wf_wait(fs, 3, WF_FOREVER, WF_ALL_COMPLETED, done);
	wf_result("factorial=%llu fibonacci=%llu binomial=%.1f elapsed_s=%.1f",
		  (unsigned long long)fact_result, (unsigned long long)fib_result, binom_result,
		  wf_now() - t0);
	*result = 0;
	return 0;
}

static void run(void)
{
	step = (double)wf_param_int("step_ms") / 1000;
	fact_n = wf_param_int("factorial");
	fib_n = wf_param_int("fibonacci");
	binom_n = wf_param_int("binom_n");
	binom_k = wf_param_int("binom_k");
	fact_result = fib_result = 0;
	binom_result = 0;
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"step_ms", NULL, "1000", 10, 5000, "lesson ms each step sleeps"},
	{"factorial", NULL, "10", 1, 20, "n of factorial(n) (20! is the last that fits 64 bits)"},
	{"fibonacci", NULL, "10", 0, 90, "n of fibonacci(n)"},
	{"binom_n", NULL, "20", 0, 60, "n of binomialCoeff(n, k)"},
	{"binom_k", NULL, "10", 0, 60, "k of binomialCoeff(n, k) (its steps)"},
};

const struct wf_lesson lesson_async_interleave = {
	.id = "async-interleave",
	.track = "eventloop",
	.title_en = "Three tasks taking turns",
	.title_zh = "三个任务轮流推进",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
