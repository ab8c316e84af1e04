/*
 * spawn.c - starting and ending actors: wf_thread_* and wf_process_*.
 *
 * The parent registers the new actor (so its id is known at once) and the
 * new actor announces itself with EV_SPAWN from its own ring when it runs.
 * A joiner's lane shows EV_JOIN until EV_RUN.  A process killed before it
 * could write its own EV_EXIT gets one written by whoever joins it, carrying
 * the waitpid status, so its lane ends where the kernel says it ended.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "runlimits.h"
#include "weft.h"

struct start {
	void (*fn)(void *);
	void *arg;
	uint16_t id;
};

static void *thread_main(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	actor_enter(s.id);
	s.fn(s.arg);
	actor_leave(0);
	return NULL;
}

int wf_thread_spawn(wf_thread *t, const char *name, void (*fn)(void *), void *arg)
{
	uint16_t id = actor_register(name, AK_THREAD, actor_self.id);
	if (id == WF_NONE)
		return WF_ENOMEM;
	struct start *s = malloc(sizeof *s);
	if (!s)
		return WF_ENOMEM;
	*s = (struct start){fn, arg, id};
	pthread_t th;
	if (pthread_create(&th, NULL, thread_main, s) != 0) {
		free(s);
		return WF_ESYS;
	}
	t->handle = (unsigned long)th;
	t->actor = id;
	return 0;
}

int wf_thread_join(wf_thread *t)
{
	emit(EV_JOIN, WF_NONE, t->actor, 0);
	gate_joining(t->actor);
	int r = pthread_join((pthread_t)t->handle, NULL);
	gate_unblocked();
	emit(EV_RUN, WF_NONE, 0, 0);
	return r == 0 ? 0 : WF_ESYS;
}

int wf_process_spawn(wf_process *p, const char *name, void (*fn)(void *), void *arg)
{
	/* Past the process budget the lesson is stopped (sim/runtime/runlimits.h). */
	if (limits_take_process() < 0)
		return WF_ESYS;
	uint16_t id = actor_register(name, AK_PROCESS, actor_self.id);
	if (id == WF_NONE) {
		limits_give_process();
		return WF_ENOMEM;
	}
	fflush(NULL); /* or the child would print the parent's buffered output again */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		limits_give_process();
		if (e == EAGAIN) /* RLIMIT_NPROC or the system's own limit */
			limits_hit(LIMIT_PROCS);
		errno = e;
		return WF_ESYS;
	}
	if (pid == 0) {
		actor_enter(id);
		fn(arg);
		actor_leave(0);
		fflush(NULL);
		_exit(0);
	}
	p->pid = pid;
	p->actor = id;
	p->status = 0;
	return 0;
}

int wf_process_join(wf_process *p)
{
	emit(EV_JOIN, WF_NONE, p->actor, 0);
	gate_joining(p->actor);
	pid_t r;
	while ((r = waitpid(p->pid, &p->status, 0)) < 0 && errno == EINTR)
		;
	if (r == p->pid)
		limits_give_process();
	gate_reaped(p->actor); /* a killed process never said it was done */
	gate_unblocked();
	if (r == p->pid && p->actor < ARENA_MAX_ACTORS && !atomic_load(&wf_arena->actors[p->actor].exited))
		emit_for(p->actor, EV_EXIT, WF_NONE, (uint64_t)(int64_t)p->status, 0);
	emit(EV_RUN, WF_NONE, 0, 0);
	return r == p->pid ? 0 : WF_ESYS;
}

int wf_process_terminate(wf_process *p)
{
	emit(EV_TERMINATE, WF_NONE, p->actor, 0);
	return kill(p->pid, SIGTERM) == 0 ? 0 : WF_ESYS;
}
