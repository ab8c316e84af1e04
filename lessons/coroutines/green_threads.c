/*
 * green-threads - gevent-style coroutines: code that looks blocking, run
 * by a hub on one thread.
 *
 * The notes (004) show long_task sleeping 1 s while job1 and hello_world
 * run, and print, in this order: long task started, job1 started...,
 * job1 paused, hello world, job1 resumed, job1 finished, long task
 * finished.  Here the same three, spawned as green threads (gevent.spawn)
 * and joined (gevent.joinall):
 *
 *  - long_task sleeps 1 s (wf_green_sleep, gevent.sleep);
 *  - job1 reads a pipe that has nothing yet (wf_green_read, a patched
 *    socket.recv): it "pauses" there;
 *  - hello_world prints and writes the byte job1 is waiting for.
 *
 * No await, no yield in this file: each call switches to the hub inside
 * itself, and the hub (an event loop on main's thread, its own lane)
 * switches back when the timer is due or the pipe is readable.
 *
 * fail=on adds the notes' link_exception: a fetcher that raises after
 * 1.5 s, whose callback runs on the hub.  blocking=on makes hello_world
 * call the unpatched sleep (wf_sleep: the thread itself sleeps) for 2 s,
 * and every green thread stalls with it: long_task's 1 s takes 2.
 */
#include <stdio.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define E_CONNECTION (WF_EUSER - 1) /* the fetcher's ConnectionError */

static int pipefd[2];
static double long_started, long_finished;

static int long_task(void *arg)
{
	(void)arg;
	long_started = wf_now();
	wf_print("long task started");
	wf_green_sleep(1);
	wf_print("long task finished");
	long_finished = wf_now();
	return 0;
}

static int job1(void *arg)
{
	(void)arg;
	char c;
	wf_print("job1 started...");
	wf_print("job1 paused");
	if (wf_green_read(pipefd[0], &c, 1) != 1) /* nothing there yet: the hub runs others */
		return WF_ESYS;
	wf_print("job1 resumed");
	wf_print("job1 finished");
	return 0;
}

static int hello_world(void *arg)
{
	(void)arg;
	wf_print("hello world");
	if (wf_param_is("blocking", "on")) {
		wf_print("calling the unpatched sleep(2): the whole thread blocks");
		wf_sleep(2); /* time.sleep without monkey.patch_all() */
	}
	return write(pipefd[1], "x", 1) == 1 ? 0 : WF_ESYS;
}

static int fetcher(void *arg)
{
	(void)arg;
	wf_green_sleep(1.5);
	wf_print("fetcher: the feed is unreachable, raising ConnectionError");
	return E_CONNECTION;
}

static void on_exception(wf_green *g, void *arg)
{
	(void)arg;
	wf_print("link_exception: %s died with %s", wf_green_name(g),
		 wf_green_error(g) == E_CONNECTION ? "ConnectionError" : "an error");
}

static void run(void)
{
	if (pipe(pipefd) < 0)
		return;
	wf_green *g[4];
	size_t n = 0;
	g[n++] = wf_green_spawn("long_task", long_task, NULL);
	g[n++] = wf_green_spawn("job1", job1, NULL);
	g[n++] = wf_green_spawn("hello_world", hello_world, NULL);
	if (wf_param_is("fail", "on")) {
		g[n] = wf_green_spawn("fetcher", fetcher, NULL);
		if (g[n])
			wf_green_link_exception(g[n], on_exception, NULL);
		n++;
	}
	for (size_t i = 0; i < n; i++)
		if (!g[i])
			return;
	wf_green_joinall(g, n);
	double took = long_finished - long_started;
	wf_print("long_task slept 1 s and took %.2f s", took);
	wf_result("long_task_s=%.2f failed=%d", took, n > 3 ? wf_green_error(g[3]) != 0 : 0);
	wf_green_hub_free();
	close(pipefd[0]);
	close(pipefd[1]);
}

static const struct wf_param params[] = {
	{"fail", "on|off", "on", 0, 0, "a fourth green thread raises; link_exception reports it"},
	{"blocking", "off|on", "off", 0, 0, "on: hello_world calls the unpatched sleep(2)"},
};

const struct wf_lesson lesson_green_threads = {
	.id = "green-threads",
	.track = "coroutines",
	.title_en = "Green threads: blocking-looking calls on a hub",
	.title_zh = "绿色线程：看似阻塞的调用，由 hub 调度",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
