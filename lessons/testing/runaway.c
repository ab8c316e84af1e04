/*
 * Runaway lessons (hidden test lessons), one per limit the host runs under
 * (sim/runtime/runlimits.h): each must be stopped with the reason on screen.
 *
 *   test-spin      threads that never stop computing: the CPU time limit
 *   test-hog       memory allocated and touched until malloc fails, then
 *                  used without a check, as careless code does: the memory
 *                  limit.  With no limit on data (sanitizer builds, or
 *                  --limit mem=off) it stops by itself at HOG_SAFE_MB.
 *   test-forkbomb  processes that fork processes without end: the process
 *                  limit
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lesson.h"
#include "weft.h"

/* --- test-spin ------------------------------------------------------------ */

static volatile unsigned long sink;

static void spin(void *arg)
{
	(void)arg;
	for (unsigned long i = 0;; i++)
		sink += i;
}

static void run_spin(void)
{
	long n = wf_param_int("threads");
	wf_print("spinning on %ld thread(s) until the CPU time limit stops us", n);
	static wf_thread t[8];
	for (long i = 1; i < n; i++)
		wf_thread_spawn(&t[i], "spinner", spin, NULL);
	spin(NULL);
}

static const struct wf_param spin_params[] = {
	{"threads", NULL, "1", 1, 8, "threads that spin"},
};

const struct wf_lesson lesson_test_spin = {
	.id = "test-spin",
	.track = "testing",
	.title_en = "Test: a lesson that never stops computing",
	.title_zh = "测试：不停计算的课程",
	.params = spin_params,
	.nparams = sizeof spin_params / sizeof *spin_params,
	.run = run_spin,
};

/* --- test-hog ------------------------------------------------------------- */

#define CHUNK (16u << 20)
#define HOG_SAFE_MB 1024

static void run_hog(void)
{
	struct rlimit data;
	if (getrlimit(RLIMIT_DATA, &data) < 0 || data.rlim_cur == RLIM_INFINITY) {
		wf_print("no memory limit: stopping at %u MiB", HOG_SAFE_MB);
		for (unsigned mib = 0; mib < HOG_SAFE_MB; mib += CHUNK >> 20)
			memset(malloc(CHUNK), 1, CHUNK);
		wf_result("limited=no");
		return;
	}
	wf_print("allocating %u MiB at a time until malloc fails", CHUNK >> 20);
	for (unsigned long mib = 0;; mib += CHUNK >> 20) {
		char *p = malloc(CHUNK);
		memset(p, 1, CHUNK); /* no check: a null p is where it crashes */
		if (mib % 256 == 0)
			wf_print("%lu MiB", mib);
	}
}

const struct wf_lesson lesson_test_hog = {
	.id = "test-hog",
	.track = "testing",
	.title_en = "Test: a lesson that eats memory",
	.title_zh = "测试：吃内存的课程",
	.run = run_hog,
};

/* --- test-forkbomb -------------------------------------------------------- */

static void bomb(void *arg)
{
	(void)arg;
	for (;;) {
		wf_process p;
		if (wf_process_spawn(&p, "bomb", bomb, NULL) < 0)
			wf_sleep(0.01);
	}
}

static void run_forkbomb(void)
{
	wf_print("forking processes that fork until the process limit stops us");
	bomb(NULL);
}

const struct wf_lesson lesson_test_forkbomb = {
	.id = "test-forkbomb",
	.track = "testing",
	.title_en = "Test: a fork bomb",
	.title_zh = "测试：fork 炸弹",
	.run = run_forkbomb,
};
