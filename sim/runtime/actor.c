/*
 * actor.c - registering actors and objects, and the gate (see actor.h).
 */
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
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

#define EXIT_ROOM_WAITS 500 /* 1 ms each: the collector drains every ring each pump */

/* The actor's EV_EXIT, which a full ring must not drop: a lane ends where
 * its thread ended, and a lost exit leaves it drawn alive to the end of
 * the run.  Stamped now; if the ring is full, waits (up to half a second,
 * then gives up as any event would) for the collector to make room.  Only
 * this thread writes its ring, so room seen stays room. */
static void emit_exit(int status)
{
	struct ring *r = actor_self.ring;
	if (!r || !(atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed) & GATE_RECORDING)) {
		emit_for(actor_self.id, EV_EXIT, WF_NONE, (uint64_t)(int64_t)status, 0);
		return;
	}
	struct wf_ev ev = {clock_ticks(), actor_self.id, EV_EXIT, WF_NONE, 0, (uint64_t)(int64_t)status, 0};
	uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	for (int i = 0; i < EXIT_ROOM_WAITS &&
			head - atomic_load_explicit(&r->tail, memory_order_acquire) >= RING_CAP; i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	ring_push(r, &ev);
}

void actor_leave(int status)
{
	if (actor_self.id >= ARENA_MAX_ACTORS)
		return;
	emit_exit(status);
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
