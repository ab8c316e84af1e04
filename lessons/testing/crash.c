/*
 * test-segv - a lesson thread that segfaults (one of Weft's own test
 * lessons: hidden from the list and the browser, run by id).
 *
 * main starts a worker and joins it; the worker prints, waits `delay`
 * lesson milliseconds and writes through a null pointer.  The kernel kills
 * the whole host with SIGSEGV; the UI must survive, say "killed by SIGSEGV"
 * and offer a restart, and no process of the lesson may remain.
 */
#include "lesson.h"
#include "weft.h"

static void crash(void *arg)
{
	(void)arg;
	wf_print("worker: about to write through a null pointer");
	wf_sleep((double)wf_param_int("delay") / 1000.0);
	volatile int *nowhere = NULL;
	__asm__ volatile("" : "+r"(nowhere)); /* the compiler may not assume it is NULL */
	*nowhere = 42;
	wf_print("worker: still alive?"); /* never printed */
}

static void run(void)
{
	wf_thread t;
	wf_print("main: starting a worker that will crash");
	wf_thread_spawn(&t, "worker", crash, NULL);
	wf_thread_join(&t);
	wf_print("main: the worker ended?"); /* never printed */
}

static const struct wf_param params[] = {
	{"delay", NULL, "300", 0, 60000, "lesson ms before the worker crashes"},
};

const struct wf_lesson lesson_test_segv = {
	.id = "test-segv",
	.track = "testing",
	.title_en = "Test: a thread segfaults",
	.title_zh = "测试：线程段错误",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
