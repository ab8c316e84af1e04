/*
 * process-start-join - a child process sleeps longer than its parent.
 *
 * Python: Process(target=func).start(), then .join().  The child sleeps
 * 3 s and prints; the parent sleeps 2 s, then joins: join blocks it for the
 * second the child still has to go (the parent's lane shows it blocked on
 * the child), then the parent prints.  So the child's line comes first,
 * although the parent's sleep was the shorter one.
 *
 * Who printed first is counted, not assumed: each side takes a ticket from
 * a shared counter as it prints.  The wait in join is measured around the
 * call, in lesson time.
 */
#include <stdatomic.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

struct shared {
	_Atomic int ticket;  /* next print's place in the order */
	int child_place;     /* written by the child only */
	pid_t child_pid;     /* as the child saw itself */
};

static struct shared *sh;

static void child(void *arg)
{
	(void)arg;
	sh->child_pid = getpid();
	wf_sleep((double)wf_param_int("child_sleep"));
	sh->child_place = atomic_fetch_add(&sh->ticket, 1);
	wf_print("done; pid %d, parent %d", (int)getpid(), (int)getppid());
}

static void run(void)
{
	sh = wf_shared_alloc(sizeof *sh);
	if (!sh) {
		wf_print("out of shared memory");
		return;
	}
	double start = wf_now();
	wf_process p;
	if (wf_process_spawn(&p, "child", child, NULL) < 0) {
		wf_print("could not start the child");
		return;
	}
	wf_sleep((double)wf_param_int("parent_sleep"));
	double before = wf_now();
	wf_process_join(&p);
	double waited = wf_now() - before;
	int parent_place = atomic_fetch_add(&sh->ticket, 1);
	wf_print("waited %.2f s in join; done (pid %d)", waited, (int)getpid());
	wf_result("first=%s join_wait_s=%.2f elapsed_s=%.2f child_pid=%d parent_pid=%d",
		  sh->child_place < parent_place ? "child" : "parent", waited, wf_now() - start,
		  (int)sh->child_pid, (int)getpid());
}

static const struct wf_param params[] = {
	{"child_sleep", NULL, "3", 0, 20, "seconds the child sleeps before it prints"},
	{"parent_sleep", NULL, "2", 0, 20, "seconds the parent sleeps before it joins"},
};

const struct wf_lesson lesson_process_start_join = {
	.id = "process-start-join",
	.track = "processes",
	.title_en = "Start a process, then join it",
	.title_zh = "启动进程，再等它结束",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
};
