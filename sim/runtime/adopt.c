/*
 * adopt.c - wf_process_adopt: a process exec'd by the lesson (spawn) made
 * an actor from its parent's side (weft_start.h).  It counts against the
 * process budget like a forked one; its lane starts when it is adopted and
 * ends when wf_process_join reaps it.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "actor.h"
#include "runlimits.h"
#include "weft.h"

/* Kills and reaps a child that cannot become an actor. */
static void discard(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int wf_process_adopt(wf_process *p, const char *name, pid_t pid)
{
	if (limits_take_process() < 0) {
		discard(pid);
		return WF_ESYS;
	}
	uint16_t id = actor_register(name, AK_PROCESS, actor_self.id);
	if (id == WF_NONE) {
		limits_give_process();
		discard(pid);
		return WF_ENOMEM;
	}
	struct arena_actor *a = &wf_arena->actors[id];
	a->pid = pid;
	a->tid = pid; /* its main thread */
	atomic_store(&a->started, 1);
	emit_for(id, EV_SPAWN, WF_NONE, a->parent, (uint64_t)(uint32_t)pid << 32 | (uint32_t)pid);
	p->pid = pid;
	p->actor = id;
	p->status = 0;
	return 0;
}
