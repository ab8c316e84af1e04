/*
 * actor.c - registering actors and objects, and the gate (see actor.h).
 */
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "namecopy.h"

struct arena *wf_arena;
_Thread_local struct actor_self actor_self = {NULL, WF_NONE};

bool gate_wait(void)
{
	uint32_t g;
	while ((g = atomic_load(&wf_arena->ctl.gate)) & GATE_HOLD)
		syscall(SYS_futex, &wf_arena->ctl.gate, FUTEX_WAIT, g, NULL, NULL, 0);
	return g & GATE_RECORDING;
}

uint16_t actor_register(const char *name, uint8_t kind, uint16_t parent)
{
	int32_t id = arena_take_index(wf_arena, &wf_arena->ctl.actor_count, ARENA_MAX_ACTORS,
				      LIMIT_ACTORS);
	if (id < 0)
		return WF_NONE;
	struct arena_actor *a = &wf_arena->actors[id];
	name_copy(a->name, sizeof a->name, name ? name : "?");
	a->kind = kind;
	a->parent = parent;
	atomic_store(&a->joiner, WF_NONE);
	/* A thread or process runs until it settles (sim/runtime/gate.h); a coroutine
	 * runs only on its thread's time and is counted with it. */
	if (kind != AK_CORO)
		atomic_fetch_add(&wf_arena->ctl.running, 1);
	return (uint16_t)id;
}

void actor_enter(uint16_t id)
{
	if (id >= ARENA_MAX_ACTORS) {
		actor_self = (struct actor_self){NULL, WF_NONE};
		return;
	}
	struct arena_actor *a = &wf_arena->actors[id];
	a->pid = getpid();
	a->tid = (int32_t)syscall(SYS_gettid);
	atomic_store(&a->started, 1);
	actor_self = (struct actor_self){&wf_arena->rings[id], id};
	emit(EV_SPAWN, WF_NONE, a->parent, (uint64_t)(uint32_t)a->pid << 32 | (uint32_t)a->tid);
}

void actor_leave(int status)
{
	if (actor_self.id >= ARENA_MAX_ACTORS)
		return;
	emit_for(actor_self.id, EV_EXIT, WF_NONE, (uint64_t)(int64_t)status, 0);
	atomic_store(&wf_arena->actors[actor_self.id].exited, 1);
	gate_done();
}

uint16_t object_register(const char *name, uint8_t kind, uint32_t capacity)
{
	int32_t id = arena_take_index(wf_arena, &wf_arena->ctl.object_count, ARENA_MAX_OBJECTS,
				      LIMIT_OBJECTS);
	if (id < 0)
		return WF_NONE;
	struct arena_object *o = &wf_arena->objects[id];
	name_copy(o->name, sizeof o->name, name ? name : "?");
	o->kind = kind;
	o->capacity = capacity;
	atomic_store(&o->holder, WF_NONE);
	emit(EV_OBJ_NEW, (uint16_t)id, kind, capacity);
	return (uint16_t)id;
}
