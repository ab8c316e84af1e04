/*
 * test-exit - a lesson that calls exit() (a hidden test lesson).
 *
 * After `delay` lesson milliseconds the main actor (where=main) or a worker
 * thread (where=thread) calls exit(code): the C library runs the atexit
 * handlers the host inherited from the UI (which must do nothing outside
 * the UI process) and the host ends with that code.  The UI must say
 * "exited with code N" and offer a restart.
 */
#include <stdlib.h>

#include "lesson.h"
#include "weft.h"

static void leave(void *arg)
{
	(void)arg;
	int code = (int)wf_param_int("code");
	wf_print("%s: calling exit(%d)", wf_param_is("where", "main") ? "main" : "worker", code);
	wf_sleep((double)wf_param_int("delay") / 1000.0);
	exit(code);
}

static void run(void)
{
	if (wf_param_is("where", "main")) {
		leave(NULL);
		return;
	}
	wf_thread t;
	wf_thread_spawn(&t, "worker", leave, NULL);
	wf_thread_join(&t);
}

static const struct wf_param params[] = {
	{"code", NULL, "3", 0, 255, "the exit code"},
	{"where", "main|thread", "main", 0, 0, "who calls exit()"},
	{"delay", NULL, "300", 0, 60000, "lesson ms before exit()"},
};

const struct wf_lesson lesson_test_exit = {
	.id = "test-exit",
	.track = "testing",
	.title_en = "Test: a lesson calls exit()",
	.title_zh = "测试：课程调用 exit()",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
