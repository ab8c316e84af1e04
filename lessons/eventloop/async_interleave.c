/*
 * async-interleave - three tasks that each sleep 1 s per step: factorial(5)
 * (4 steps), fibonacci(7) (6 steps) and binomial(6, 2) (2 steps).  While
 * one sleeps the others run, so the steps interleave three ways, then two,
 * then fibonacci goes on alone; the total is the longest task's, 6 s, not
 * the 12 s of the steps added up.
 */
#include "lesson.h"
#include "weft.h"

static double step;

static int factorial(void *arg, uint64_t *result)
{
	long n = (long)(uintptr_t)arg;
	uint64_t f = 1;
	for (long i = 2; i <= n; i++) {
		wf_print("factorial(%ld): i = %ld...", n, i);
		wf_async_sleep(step);
		f *= (uint64_t)i;
	}
	wf_print("factorial(%ld) = %llu", n, (unsigned long long)f);
	*result = f;
	return 0;
}

static int fibonacci(void *arg, uint64_t *result)
{
	long n = (long)(uintptr_t)arg;
	uint64_t a = 0, b = 1;
	for (long i = 2; i <= n; i++) {
		wf_print("fibonacci(%ld): i = %ld...", n, i);
		wf_async_sleep(step);
		uint64_t c = a + b;
		a = b, b = c;
	}
	wf_print("fibonacci(%ld) = %llu", n, (unsigned long long)b);
	*result = b;
	return 0;
}

static int binomial(void *arg, uint64_t *result)
{
	(void)arg;
	long n = 6, k = 2;
	uint64_t c = 1;
	for (long i = 1; i <= k; i++) {
		wf_print("binomial(%ld, %ld): i = %ld...", n, k, i);
		wf_async_sleep(step);
		c = c * (uint64_t)(n - k + i) / (uint64_t)i;
	}
	wf_print("binomial(%ld, %ld) = %llu", n, k, (unsigned long long)c);
	*result = c;
	return 0;
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	double t0 = wf_now();
	wf_task *t[3] = {
		wf_task_create(l, "factorial", factorial, (void *)5),
		wf_task_create(l, "fibonacci", fibonacci, (void *)7),
		wf_task_create(l, "binomial", binomial, NULL),
	};
	wf_future *fs[3];
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			return WF_ENOMEM;
		fs[i] = wf_task_future(t[i]);
	}
	uint64_t v[3];
	wf_gather(fs, 3, v);
	wf_result("factorial=%llu fibonacci=%llu binomial=%llu elapsed_s=%.1f", (unsigned long long)v[0],
		  (unsigned long long)v[1], (unsigned long long)v[2], wf_now() - t0);
	*result = 0;
	return 0;
}

static void run(void)
{
	step = (double)wf_param_int("step_ms") / 1000;
	wf_async_run("main()", amain, NULL, NULL);
}

static const struct wf_param params[] = {
	{"step_ms", NULL, "1000", 10, 5000, "lesson ms each step sleeps"},
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
