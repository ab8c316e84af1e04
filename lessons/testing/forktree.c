/*
 * test-forktree - processes that fork processes, which fork again (a hidden
 * test lesson), and then never end.
 *
 * main forks `children` processes (wf_process_spawn); each forks
 * `grandchildren` more the same way, and one more with a bare fork() that
 * Weft knows nothing of.  Everyone then sleeps for ever.  When the tree is
 * up, main prints "tree up: N processes".  Every way the run can end (q,
 * restart, Ctrl-C, the UI killed with SIGKILL) must leave none of them.
 */
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

static _Atomic int *up; /* processes of the tree that have started (shared) */

static void sleep_forever(void)
{
	for (;;)
		wf_sleep(3600);
}

static void grandchild(void *arg)
{
	(void)arg;
	atomic_fetch_add(up, 1);
	sleep_forever();
}

static void child(void *arg)
{
	(void)arg;
	atomic_fetch_add(up, 1);
	long n = wf_param_int("grandchildren");
	for (long i = 0; i < n; i++) {
		wf_process p;
		wf_process_spawn(&p, "grandchild", grandchild, NULL);
	}
	/* A process outside Weft's bookkeeping: only the process group (or
	 * the sentry) can find it. */
	pid_t bare = fork();
	if (bare == 0) {
		atomic_fetch_add(up, 1);
		for (;;)
			pause();
	}
	sleep_forever();
}

static void run(void)
{
	up = wf_shared_alloc(sizeof *up);
	long n = wf_param_int("children");
	long want = n * (1 + wf_param_int("grandchildren") + 1);
	for (long i = 0; i < n; i++) {
		wf_process p;
		wf_process_spawn(&p, "child", child, NULL);
	}
	while (atomic_load(up) < want)
		wf_sleep(0.01);
	wf_print("tree up: %d processes", atomic_load(up));
	sleep_forever();
}

static const struct wf_param params[] = {
	{"children", NULL, "3", 1, 16, "processes main forks"},
	{"grandchildren", NULL, "2", 0, 8, "processes each child forks with wf_process_spawn"},
};

const struct wf_lesson lesson_test_forktree = {
	.id = "test-forktree",
	.track = "testing",
	.title_en = "Test: a tree of processes that never ends",
	.title_zh = "测试：永不结束的进程树",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
