/*
 * arena.h - the one shared memory region a lesson run lives in.
 *
 * The UI maps the arena (shared, anonymous) before it forks the lesson host,
 * so the host and every process the lesson forks see the same bytes at the
 * same address and write events with plain stores: no syscall, no pipe.
 * One arena serves one run; a restart maps a fresh one.
 *
 * Who writes what:
 *  - ctl.time, ctl.gate, params: the UI (and the host before the lesson starts);
 *  - actors[i], rings[i]: actor i only (rings: see ring.h);
 *  - objects[i]: whoever created object i, once, before publishing it;
 *  - text, heap, results: any actor, by atomically bumping a cursor;
 *  - msgs: any actor, through its free list (msgheap.h).
 * Counters and cursors are atomics; tables are published by bumping a count
 * after the entry is written.
 *
 * Limits that hold: every table (actors, objects, the heap) refuses an entry
 * once full -- the count never hands out an index past the table, the call
 * fails (WF_NONE, NULL, WF_ENOMEM) and arena_refuse() records which limit
 * it was in ctl.limit_hit and calls arena_on_refuse, with which the lesson
 * host stops the lesson ("lesson stopped: too many sync objects (4096)",
 * sim/host/runlimits.c).  The text ring is circular and never full: a line
 * longer than a quarter of it is cut.  Sizes are the course's: a 100-thread
 * race, a gather of 1000 tasks (each a coroutine actor), 500 subscribers
 * each with its own queue.  The mapping is MAP_NORESERVE, so only the pages
 * written cost memory (a ring a few pages until it fills).
 *
 * Exact counters: objects[i].count[] are kept by the lesson side with
 * relaxed atomic adds where the operation happens (sim/sync), so they are
 * exact however many events the rings drop; the collector copies them into
 * the event stream (EV_COUNTER) for the model, the trace and `weft run`.
 * What each slot means is the kind's (sim/wire/objkind.h).
 */
#ifndef WEFT_ARENA_H
#define WEFT_ARENA_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "objkind.h"
#include "msgheap.h"
#include "ring.h"

#define ARENA_MAX_ACTORS 2048  /* threads, processes and coroutines ever started */
#define ARENA_MAX_OBJECTS 4096 /* sync objects, queues and loops ever made */
#define ARENA_NAME_MAX 32
#define ARENA_TEXT_SIZE (1u << 20)
#define ARENA_HEAP_SIZE (32u << 20)
#define ARENA_MAX_PARAMS 8
#define ARENA_RESULTS_SIZE 2048
#define GRANT_LOG 4096 /* grants the UI may fall behind by before the trace loses some */

/* ctl.gate: one word every instrumentation point loads once (relaxed).  The
 * fast path is gate == GATE_RECORDING: record and go on. */
#define GATE_RECORDING 1u /* someone reads the rings: emit() writes events */
#define GATE_HOLD 2u      /* actors wait at their next instrumentation point (pause) */
#define GATE_STEP 4u      /* step mode: actors wait at their step points for a grant (sim/runtime/gate.h) */
#define GATE_TRACE_STEPS 8u /* a free run is recorded: step points emit EV_STEP so their order is kept */

/* What the scheduler needs to know of an actor (arena_actor.status). */
enum actor_status {
	STATUS_RUN = 0, /* running lesson code, or about to: not yet settled */
	STATUS_PARKED,  /* waiting at a step point for a grant */
	STATUS_BLOCKED, /* in a real blocking call that only another actor can end */
	STATUS_SLEEPING,/* in wf_sleep until lesson time reaches sleep_until */
	STATUS_DONE,
};

/* The step an actor waits to take (arena_actor.pending). */
struct pending_step {
	uint16_t type;  /* EV_ACQUIRE, EV_PUT, EV_GET, EV_WAIT (a semaphore or event), or EV_STEP: always enabled */
	uint16_t obj;
	uint16_t line;
};

struct arena_actor {
	char name[ARENA_NAME_MAX];
	uint16_t parent;          /* actor id, WF_NONE for the lesson's main */
	uint8_t kind;             /* enum actor_kind (model.h) */
	int32_t pid, tid;         /* written by the actor itself when it starts */
	_Atomic uint32_t started; /* 1 once pid and tid are written */
	_Atomic uint32_t exited;  /* 1 once the actor wrote its own EV_EXIT */
	/* stepping (sim/runtime/gate.c) */
	_Atomic uint32_t status;  /* enum actor_status */
	_Atomic uint32_t grant;   /* steps granted so far; the futex a parked actor sleeps on */
	uint32_t taken;           /* steps used so far (the actor only) */
	struct pending_step pending;
	int64_t sleep_until;      /* lesson ns, while STATUS_SLEEPING */
	_Atomic uint16_t joiner;  /* the actor joining this one, WF_NONE: none */
	uint8_t free;             /* never waits at step points (the lesson's main) */
};

/* A shut-down queue's level bit: every put and get on it can go (and fail). */
#define ARENA_LEVEL_SHUT 0x80000000u

/* A line of its own for what the lesson side writes (the holder, the
 * level, the counters): objects never share one, so two locks' holders
 * never fight over it. */
struct arena_object {
	_Alignas(64) _Atomic uint64_t count[OBJ_COUNTERS]; /* exact counters, slots per kind (objkind.h) */
	/* mirrors the scheduler reads to know whether a pending step can go */
	_Atomic uint16_t holder;  /* locks: actor id, WF_NONE when free */
	uint8_t kind;             /* enum obj_kind */
	_Atomic uint32_t level;   /* queues: depth (| ARENA_LEVEL_SHUT once shut down); semaphores: value; events: 1 when set; locks: the lock word (sim/sync/mutex.c) */
	uint32_t capacity;        /* queues */
	char name[ARENA_NAME_MAX];
};

struct arena_param {
	char name[24];
	char value[32];
};

struct arena_control {
	struct timebase time;
	_Atomic uint32_t gate;           /* GATE_* bits; the futex held actors sleep on */
	_Atomic uint32_t lock_order;     /* non-zero: out-of-order lock acquisitions are refused */
	_Atomic uint32_t actor_count;    /* ids handed out (may exceed ARENA_MAX_ACTORS: those are refused) */
	_Atomic uint32_t object_count;
	_Atomic uint64_t heap_used;
	_Atomic uint64_t text_cursor;    /* bytes ever written to `text` */
	_Atomic uint64_t dropped_orphan; /* events from threads that are not actors */
	_Atomic uint32_t running;        /* actors in STATUS_RUN; the futex a scheduler waits on for 0 */
	_Atomic uint32_t grants;         /* grants ever made; grant_log[i % GRANT_LOG] is the i-th */
	_Atomic uint32_t diverged;       /* rerun: grants that could not follow the recording */
	/* how the run is scheduled (set before the host starts; sim/host/scheduler.h) */
	uint32_t sched_kind;             /* enum sched_kind */
	uint64_t sched_seed;
	const uint16_t *sched_plan;      /* rerun: the recorded grants, in the heap */
	uint64_t sched_plan_len;
	uint16_t grant_log[GRANT_LOG];   /* which actor each grant went to, for the trace */
	uint32_t nparams;
	struct arena_param params[ARENA_MAX_PARAMS];
	_Atomic uint32_t results_len;
	char results[ARENA_RESULTS_SIZE]; /* "k=v k=v", appended by wf_result */
	/* resource limits (sim/runtime/runlimits.h) */
	uint32_t limit_cpu_s, limit_mem_mb, limit_procs; /* this run's limits, 0: none */
	_Atomic int32_t live_procs;      /* processes forked by wf_process_spawn, not yet joined */
	_Atomic uint32_t limit_hit;      /* enum limit_kind: the limit that stopped the lesson */
	/* presses of the input key (sim/runtime/input.h) */
	uint32_t input_live;             /* 1: a person at the UI delivers presses (set before the host starts) */
	_Atomic uint32_t input_sent;     /* presses delivered; the futex a waiting lesson sleeps on */
	_Atomic uint32_t input_taken;    /* presses the lesson has taken */
	_Atomic uint32_t input_obj;      /* the presses' object id + 1; 0 until a lesson waits */
};

struct arena {
	struct arena_control ctl;
	struct arena_actor actors[ARENA_MAX_ACTORS];
	struct arena_object objects[ARENA_MAX_OBJECTS];
	char text[ARENA_TEXT_SIZE];      /* circular: printed lines */
	_Alignas(64) unsigned char heap[ARENA_HEAP_SIZE];
	struct msgheap msgs;             /* messages in flight (queues' payloads, pipes) */
	struct ring rings[ARENA_MAX_ACTORS];
};

/* Why a lesson was stopped (ctl.limit_hit): the run limits of
 * sim/host/runlimits.h and the arena's own tables.  Add a table's limit here
 * and its words in limits_explain's table. */
enum limit_kind {
	LIMIT_NONE,
	LIMIT_CPU,
	LIMIT_MEM,
	LIMIT_PROCS,
	LIMIT_ACTORS,  /* the actor table (ARENA_MAX_ACTORS) */
	LIMIT_OBJECTS, /* the object table (ARENA_MAX_OBJECTS) */
	LIMIT_HEAP,    /* the shared heap (ARENA_HEAP_SIZE) */
	LIMIT_MSGS,    /* the message heap's cells (MSGHEAP_CELLS, msgheap.h) */
	LIMIT_GROUP_MEM,   /* the lesson's processes together (the sentry's watch, runlimits.h) */
	LIMIT_GROUP_PROCS, /* processes of the lesson's group, bare fork()s too (the same) */
};

/* What a refusal does besides being recorded: NULL (tests, the UI) or, in
 * the lesson host, stop the lesson (set by limits_enter).  Per process. */
extern void (*arena_on_refuse)(enum limit_kind why);
/* A table of a is full: records `why` in ctl.limit_hit (the first reason
 * wins) and calls arena_on_refuse. */
void arena_refuse(struct arena *a, enum limit_kind why);
/* Hands out the next index of a table of `max` entries counted by *count,
 * or -1 when it is full (the count then stays at max, refused is recorded
 * as `why`). */
int32_t arena_take_index(struct arena *a, _Atomic uint32_t *count, uint32_t max,
			 enum limit_kind why);

/* Adds n to exact counter `slot` of object `obj` (relaxed; any thread or
 * process of the run). */
static inline void arena_count_add(struct arena *a, uint16_t obj, unsigned slot, uint64_t n)
{
	if (obj < ARENA_MAX_OBJECTS && slot < OBJ_COUNTERS)
		atomic_fetch_add_explicit(&a->objects[obj].count[slot], n, memory_order_relaxed);
}

/* The same, for a caller holding the lock that orders every bump of this
 * slot (a mutex's holder, a queue's own mutex): a relaxed load and store,
 * no locked instruction, which is what the hottest path (race with a lock:
 * one acquire per increment) can afford.  Readers still see whole values. */
static inline void arena_count_add_locked(struct arena *a, uint16_t obj, unsigned slot, uint64_t n)
{
	if (obj < ARENA_MAX_OBJECTS && slot < OBJ_COUNTERS) {
		_Atomic uint64_t *c = &a->objects[obj].count[slot];
		atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
				      memory_order_relaxed);
	}
}

/* Raises exact counter `slot` of object `obj` to v if it is lower (a peak). */
static inline void arena_count_max(struct arena *a, uint16_t obj, unsigned slot, uint64_t v)
{
	if (obj >= ARENA_MAX_OBJECTS || slot >= OBJ_COUNTERS)
		return;
	_Atomic uint64_t *c = &a->objects[obj].count[slot];
	uint64_t old = atomic_load_explicit(c, memory_order_relaxed);
	while (old < v && !atomic_compare_exchange_weak_explicit(c, &old, v, memory_order_relaxed,
								 memory_order_relaxed))
		;
}

/* Maps a fresh, zeroed arena with recording on (GATE_RECORDING); NULL when
 * the mapping fails. */
struct arena *arena_new(void);
/* Unmaps it; NULL is fine.  Only after every process of the run is gone. */
void arena_free(struct arena *a);

/* Shared memory for a primitive, 64-byte aligned and zeroed; NULL when the
 * heap is used up (refused: LIMIT_HEAP).  Never freed: the heap lives as
 * long as the run. */
void *arena_alloc(struct arena *a, size_t size);

/* Copies a line into the text ring; returns its offset (for EV_PRINT). */
uint64_t arena_text_put(struct arena *a, const char *s, size_t len);
/* Copies the line at `offset` back out (NUL-terminated, cut to size-1);
 * returns 0, or -1 when writers have since overwritten it. */
int arena_text_get(const struct arena *a, uint64_t offset, size_t len, char *buf, size_t size);

/* The number of actors that may have written events (capped to the table). */
uint32_t arena_actor_count(const struct arena *a);
/* The number of objects registered (capped to the table). */
uint32_t arena_object_count(const struct arena *a);

#endif
