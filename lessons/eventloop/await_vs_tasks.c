/*
 * await-vs-tasks - awaiting coroutines one after the other adds their
 * waits up; wrapping them in tasks first lets the waits overlap (the
 * notes' two say_after demos, 000 "用asyncio/await实现协程").
 *
 * Part 1 awaits say_after(1, "hello") then say_after(2, "world"): done at
 * 3 s.  Part 2 starts say_after(3, "hello") and say_after(1, "world") as
 * tasks, then awaits both: "world" prints first, at 1 s, and everything is
 * done at 3 s, not 4.  In part 1 the prints come from main()'s own lane
 * (awaiting a coroutine runs it inside the caller); in part 2 from the
 * tasks' lanes.  Each part prints "started at" and "finished at" as the
 * notes do, in lesson seconds where the notes print the wall clock.
 */
#include "lesson.h"
#include "weft.h"

struct say {
	double delay;
	const char *what;
};

static int say_after(double delay, const char *what)
{
	int r = wf_async_sleep(delay);
	if (r == 0)
		wf_print("%s", what);
	return r;
}

static int say_task(void *arg, uint64_t *result)
{
	struct say *s = arg;
	*result = 0;
	return say_after(s->delay, s->what);
}

static int amain(void *arg, uint64_t *result)
{
	(void)arg;
	wf_loop *l = wf_loop_get();
	double t0 = wf_now();
	wf_print("part 1: await say_after(1, hello), then say_after(2, world)");
	wf_print("started at %.1f s", t0);
	say_after(1, "hello");
	say_after(2, "world");
	double seq = wf_now() - t0;
	wf_print("finished at %.1f s", wf_now());

	double t1 = wf_now();
	wf_print("part 2: two tasks, say_after(3, hello) and say_after(1, world)");
	wf_print("started at %.1f s", t1);
	static struct say a = {3, "hello"}, b = {1, "world"};
	wf_task *task1 = wf_task_create(l, "task1", say_task, &a);
	wf_task *task2 = wf_task_create(l, "task2", say_task, &b);
	if (!task1 || !task2)
		return WF_ENOMEM;
	wf_await_task(task1, NULL);
	wf_await_task(task2, NULL);
	double conc = wf_now() - t1;
	wf_print("finished at %.1f s", wf_now());
	wf_result("sequential_s=%.1f concurrent_s=%.1f", seq, conc);
	*result = 0;
	return 0;
}

static void run(void)
{
	wf_async_run("main()", amain, NULL, NULL);
}

/* Predict, then run (lesson.h). */
static const struct wf_predict await_predict = {
	.question_en = "say_after(3) and say_after(1) are started as tasks, then awaited. "
		       "After how many seconds are both done?",
	.question_zh = "say_after(3) 和 say_after(1) 先包装成任务，再 await。几秒后两个都完成？",
	.key = "concurrent_s",
	.tolerance = 0.25,
	.explain_en = "Tasks start at once, so their sleeps overlap: done when the longest is, "
		      "3 s, not 3 + 1. Awaiting coroutines one by one adds the waits up.",
	.explain_zh = "任务一创建就开始运行，两个等待重叠：最长的那个结束就都结束了，是 3 秒，"
		      "不是 3 + 1。逐个 await 协程，等待时间才会相加。",
};

const struct wf_lesson lesson_await_vs_tasks = {
	.id = "await-vs-tasks",
	.track = "eventloop",
	.title_en = "await, or start tasks first",
	.title_zh = "直接 await，还是先创建任务",
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
	.predict = &await_predict,
};
