/*
 * process-isolation - each process has its own copy of a "shared" global.
 *
 * Python: a Process subclass with a class attribute pool = [0, 0] and a
 * run() that sets pool[0] the first time and pool[1] after ("called").
 * Process1 and Process2 each run it in a child of their own, each on a
 * fresh copy: [1, 1] and [2, 1].  Then the parent calls run() itself, on
 * both objects: no new process, just a call, on the parent's copy, which
 * the children never touched.  So it prints [1, 1], then "called" and
 * [1, 2]: the notes' "strange output", line for line.
 *
 * The class attribute is a global here (`pool`, in the binary's data
 * segment).  fork() gives the child the parent's address space copied on
 * write: the same virtual address, but a write makes the writer a page of
 * its own.  Every process records the address and the values it saw in a
 * shared page, and the results compare them.  The read and the writes are
 * steps, so in step mode each child can be walked through run() by hand.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

/* CustomProcess: the fields a Process subclass adds. */
struct custom_process {
	int n;
	const char *name;
	wf_process proc;
};

static int pool[2] = {0, 0}; /* CustomProcess.pool: one per process after fork */

#define SEEN_MAX 8

/* What one call of run() saw, wherever it ran. */
struct seen {
	pid_t pid;
	int n;
	int value[2];
	int called;
	uintptr_t address;
};

struct shared {
	_Atomic int count;
	struct seen seen[SEEN_MAX];
};

static struct shared *sh;

/* CustomProcess.run(): in a child when started, in the caller when called. */
static void custom_run(struct custom_process *self)
{
	wf_print("%s has the number %d (pid %d)", self->name, self->n, (int)getpid());
	int called = 0;
	WF_STEP("read pool[0]");
	if (pool[0] == 0) {
		WF_STEP("write pool[0], pool[1]");
		pool[0] = self->n;
		pool[1] += 1;
	} else {
		called = 1;
		wf_print("called");
		WF_STEP("write pool[1]");
		pool[1] = self->n;
	}
	wf_print("pool = [%d, %d] at %p", pool[0], pool[1], (void *)pool);
	int k = atomic_fetch_add(&sh->count, 1);
	if (k < SEEN_MAX)
		sh->seen[k] = (struct seen){getpid(), self->n, {pool[0], pool[1]}, called, (uintptr_t)pool};
}

static void child_main(void *arg)
{
	custom_run(arg);
}

static void run(void)
{
	sh = wf_shared_alloc(sizeof *sh);
	if (!sh) {
		wf_print("out of shared memory");
		return;
	}
	pool[0] = pool[1] = 0;
	struct custom_process p1 = {1, "Process1", {0}}, p2 = {2, "Process2", {0}};
	if (wf_process_spawn(&p1.proc, p1.name, child_main, &p1) < 0 ||
	    wf_process_spawn(&p2.proc, p2.name, child_main, &p2) < 0) {
		wf_print("could not start the processes");
		return;
	}
	wf_process_join(&p1.proc);
	wf_process_join(&p2.proc);
	/* p1.run(), p2.run(): plain calls, in this process.  The notes join
	 * both again afterwards, which returns at once in Python; the
	 * processes are already reaped here, so that is left out. */
	custom_run(&p1);
	custom_run(&p2);
	wf_print("All processes finished.");

	int count = atomic_load(&sh->count);
	if (count > SEEN_MAX)
		count = SEEN_MAX;
	char order[32] = "";
	char child[2][16] = {"none", "none"}, parent[2][16] = {"none", "none"};
	int same = 1, parents = 0, parent_called = 0, child_called = 0;
	pid_t me = getpid();
	for (int k = 0; k < count; k++) {
		const struct seen *s = &sh->seen[k];
		same &= s->address == sh->seen[0].address;
		if (s->pid == me) {
			if (parents < 2)
				snprintf(parent[parents++], sizeof parent[0], "%d,%d", s->value[0], s->value[1]);
			parent_called += s->called;
		} else if (s->n == 1 || s->n == 2) {
			snprintf(child[s->n - 1], sizeof child[0], "%d,%d", s->value[0], s->value[1]);
			child_called += s->called;
			snprintf(order + strlen(order), sizeof order - strlen(order), "%sProcess%d",
				 *order ? "," : "", s->n);
		}
	}
	wf_result("child1=%s child2=%s parent_p1=%s parent_p2=%s called_in_parent=%d "
		  "called_in_children=%d same_address=%s address=%#lx children_order=%s",
		  child[0], child[1], parent[0], parent[1], parent_called, child_called,
		  same ? "yes" : "no", (unsigned long)sh->seen[0].address, order);
}

const struct wf_lesson lesson_process_isolation = {
	.id = "process-isolation",
	.track = "processes",
	.title_en = "Each process has its own copy",
	.title_zh = "每个进程各有一份副本",
	.run = run,
};
