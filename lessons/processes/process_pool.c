/*
 * process-pool - five tasks of 2 s on a pool of four worker processes.
 *
 * Python: multiprocessing.Pool(4), apply_async(hello, (i,)) five times,
 * close(), join() (the notes' 000 §6: "4.06 seconds").  The pool forks its
 * four workers first; the parent queues five calls.  Tasks 0-3 start at
 * once, one per worker; task 4 waits in the pool's queue (depth 1) until
 * the first worker is free, about 2 s later, and runs there: the same pid
 * runs a second task.  Total about 4 s.
 *
 * Each task writes when it started and in which process into memory every
 * process shares, so the parent can report them after the join.  With
 * durations=random each task sleeps random() * 3 s (the notes' second
 * demo, with its lines), drawn from `seed` in the parent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define MAX_TASKS 20

struct task_log {
	double duration;     /* lesson seconds it sleeps, set by the parent */
	double submitted;    /* when the parent queued it */
	double start, end;   /* written by the worker that ran it */
	int pid;
};

static struct task_log *tasks;
static bool randomised;

/* hello(i): the notes' task (or long_time_task(i) with random durations). */
static int hello(uint64_t i, uint64_t *result)
{
	struct task_log *t = &tasks[i];
	t->pid = getpid();
	t->start = wf_now();
	if (randomised)
		wf_print("Run task %d (%d)...", (int)i, t->pid);
	else
		wf_print("Child process id %d - for task %d", t->pid, (int)i);
	wf_sleep(t->duration);
	t->end = wf_now();
	if (randomised)
		wf_print("Task %d runs %.2f seconds.", (int)i, t->end - t->start);
	*result = i;
	return 0;
}

/* random.random() from a seed (xorshift64*): the same seed, the same run. */
static double next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static void run(void)
{
	long workers = wf_param_int("workers"), n = wf_param_int("tasks");
	randomised = wf_param_is("durations", "random");
	tasks = wf_shared_alloc(MAX_TASKS * sizeof *tasks);
	if (!tasks) {
		wf_print("out of shared memory");
		return;
	}
	uint64_t seed = (uint64_t)wf_param_int("seed");
	if (seed == 0)
		seed = (uint64_t)getpid() * 2654435761u + 1;
	for (long i = 0; i < n; i++)
		tasks[i].duration = randomised ? next_random(&seed) * 3 : (double)wf_param_int("seconds");

	if (randomised)
		wf_print("Parent process %d.", getpid());
	double start = wf_now();
	wf_pool *pool = wf_pool_new("ForkPoolWorker", (unsigned)workers, WF_POOL_PROCESSES);
	if (!pool) {
		wf_print("the pool could not be made");
		return;
	}
	for (long i = 0; i < n; i++) {
		tasks[i].submitted = wf_now();
		char name[24];
		snprintf(name, sizeof name, "hello(%d)", (int)i);
		wf_pool_submit(pool, name, hello, (uint64_t)i); /* apply_async */
	}
	if (randomised)
		wf_print("Waiting for all subprocesses done...");
	wf_pool_shutdown(pool, true, false); /* close(), join() */
	double total = wf_now() - start;
	if (randomised)
		wf_print("All subprocesses done.");
	wf_print("Totally took %.2f seconds.", total);

	/* A task is on a reused worker when its pid ran an earlier-started task. */
	int reused = 0, reused_pid = 0;
	for (long i = 0; i < n; i++) {
		for (long j = 0; j < n; j++) {
			if (j != i && tasks[j].pid == tasks[i].pid && tasks[j].start < tasks[i].start) {
				reused++;
				if (!reused_pid)
					reused_pid = tasks[i].pid;
				break;
			}
		}
	}
	for (long i = 0; i < n; i++)
		wf_result("start%ld=%.2f pid%ld=%d waited%ld=%.2f", i, tasks[i].start - start, i,
			  tasks[i].pid, i, tasks[i].start - tasks[i].submitted);
	wf_result("total=%.2f reused=%d reused_pid=%d", total, reused, reused_pid);
}

static const struct wf_param params[] = {
	{"workers", NULL, "4", 1, 8, "processes in the pool (Pool(4))"},
	{"tasks", NULL, "5", 1, MAX_TASKS, "calls queued with apply_async"},
	{"seconds", NULL, "2", 1, 10, "how long each task sleeps (durations=fixed)"},
	{"durations", "fixed|random", "fixed", 0, 0, "random: each task sleeps random() * 3 s"},
	{"seed", NULL, "0", 0, 1000000, "random durations' seed (0: a new one each run)"},
};

/* Predict, then run (lesson.h). */
static const struct wf_choice pool_choices[] = {
	{"a new, fifth process", "一个新的第五个进程", "reused=0"},
	{"one of the four workers, once it is free", "四个工作进程之一，等它空下来", "reused=1"},
};
static const struct wf_predict pool_predict = {
	.question_en = "Pool(4) is given 5 calls. Which process runs the fifth?",
	.question_zh = "Pool(4) 收到 5 个调用。第五个由哪个进程来跑？",
	.choices = pool_choices,
	.nchoices = 2,
	.key = "reused",
	.explain_en = "A pool starts its workers once and keeps them: the fifth call waits in the "
		      "queue until a worker is done, then runs in that same process (same pid).",
	.explain_zh = "进程池只在开始时创建工作进程并一直复用：第五个调用在队列里等到某个进程做完，"
		      "再在那个进程里运行（pid 相同）。",
};

const struct wf_lesson lesson_process_pool = {
	.id = "process-pool",
	.track = "processes",
	.title_en = "A pool of worker processes",
	.title_zh = "进程池",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.predict = &pool_predict,
};
