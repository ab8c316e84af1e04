/*
 * thread-start-join - two threads sleep at the same time.
 *
 * Python: threading.Thread(target=...).start(), then .join().  The point is
 * the total: two 2-second sleeps on two threads take about 2 seconds, not 4,
 * and main's lane shows it blocked in join meanwhile.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

static void sleeper(void *arg)
{
	const char *name = arg;
	long seconds = wf_param_int("sleep");
	wf_print("%s started, tid %ld, sleeping %ld s", name, (long)syscall(SYS_gettid), seconds);
	wf_sleep((double)seconds);
	wf_print("%s woke up", name);
}

static void run(void)
{
	double start = wf_now();
	wf_thread t1, t2;
	wf_thread_spawn(&t1, "T1", sleeper, "T1");
	wf_thread_spawn(&t2, "T2", sleeper, "T2");
	wf_thread_join(&t1);
	wf_thread_join(&t2);
	double elapsed = wf_now() - start;
	wf_print("main: both joined after %.2f s", elapsed);
	wf_result("elapsed_s=%.1f threads=2", elapsed);
}

static const struct wf_param params[] = {
	{"sleep", NULL, "2", 1, 10, "seconds each thread sleeps"},
};

const struct wf_lesson lesson_thread_start_join = {
	.id = "thread-start-join",
	.track = "threads",
	.title_en = "Start and join threads",
	.title_zh = "启动与等待线程",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
