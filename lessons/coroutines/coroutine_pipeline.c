/*
 * coroutine-pipeline - a producer drives a consumer coroutine with send.
 *
 * Python: the consumer is primed with send(None), then each n sent is
 * consumed and answered with "200 OK"; the producer closes it at the end.
 * One thread, strict alternation: no lock is needed because the two never
 * run at the same time, and each decides where it gives the thread up.
 */
#include <string.h>

#include "lesson.h"
#include "weft.h"

static double work;
static long consumed;

static uint64_t consumer(void *arg)
{
	(void)arg;
	const char *reply = "";
	for (;;) {
		uint64_t n = wf_yield((uintptr_t)reply);
		if (n == 0 || wf_coro_closing()) {
			wf_print("[consumer] closed after %ld items", consumed);
			return 0;
		}
		wf_print("[consumer] consuming %llu...", (unsigned long long)n);
		wf_sleep(work);
		consumed++;
		reply = "200 OK";
	}
}

static void run(void)
{
	long items = wf_param_int("items");
	work = (double)wf_param_int("work_ms") / 1000;
	consumed = 0;
	wf_coro *c = wf_coro_new("consumer", consumer, NULL);
	if (!c)
		return;
	wf_coro_send(c, 0, NULL); /* c.send(None): run it to its first yield */
	long replies = 0;
	for (long n = 1; n <= items; n++) {
		wf_print("[producer] producing %ld...", n);
		wf_sleep(work);
		uint64_t r = 0;
		wf_coro_send(c, (uint64_t)n, &r);
		const char *reply = (const char *)(uintptr_t)r;
		wf_print("[producer] consumer returned: %s", reply);
		replies += strcmp(reply, "200 OK") == 0;
	}
	wf_coro_close(c);
	wf_result("produced=%ld consumed=%ld replies=%ld closed=%s", items, consumed, replies,
		  wf_coro_state(c) == WF_CORO_CLOSED ? "yes" : "no");
	wf_coro_free(c);
}

static const struct wf_param params[] = {
	{"items", NULL, "5", 1, 20, "items the producer sends"},
	{"work_ms", NULL, "300", 0, 2000, "lesson ms each side works per item"},
};

const struct wf_lesson lesson_coroutine_pipeline = {
	.id = "coroutine-pipeline",
	.track = "coroutines",
	.title_en = "A pipeline of coroutines",
	.title_zh = "协程流水线",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
