/*
 * model.h - what happened, folded from the event stream.
 *
 * The model is a pure function of the events it is given: the same events
 * (with the same texts) in the same order give the same model, which is what
 * makes replay and golden frames possible.  It never reads a clock, the
 * arena or /proc.  Every event's `ts` is lesson nanoseconds; events must come
 * in non-decreasing ts order (an older ts is treated as "now").
 *
 * Memory is bounded however long the run: each lane keeps at most
 * MODEL_LANE_MAX intervals and each queue at most MODEL_SERIES_MAX depth
 * samples; when full, the older half is merged pairwise into coarser
 * intervals, so recent history stays exact and old history stays visible.
 * The console keeps the last MODEL_CONSOLE_MAX lines.
 */
#ifndef WEFT_MODEL_H
#define WEFT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define MODEL_LANE_MAX 4096
#define MODEL_SERIES_MAX 4096
#define MODEL_CONSOLE_MAX 512
#define MODEL_NAME_MAX 32
#define MODEL_CYCLE_MAX 16
#define MODEL_ACTOR_MAX 2048  /* actor ids at or above are ignored (the arena's table) */
#define MODEL_OBJECT_MAX 4096 /* object ids at or above are ignored (the arena's table) */
#define MODEL_DROPS_MAX 64    /* stretches of lost events kept (older ones merged) */

/* What an actor is doing, as the timeline draws it. */
enum actor_state {
	AS_NONE = 0,  /* not started yet */
	AS_RUNNING,   /* in lesson code, on a CPU (the kernel agrees, or no sample says otherwise) */
	AS_RUNNABLE,  /* in lesson code but waiting for a CPU (kernel's run-queue accounting) */
	AS_BLOCKED,   /* waiting on `obj`: a lock, condition, event, semaphore or queue; or joining an actor */
	AS_SLEEPING,  /* in wf_sleep */
	AS_EXITED,
	AS_SUSPENDED, /* a coroutine parked until resumed, or a thread that handed its CPU to one */
	AS_ZOMBIE,    /* a process that has ended, not yet reaped: the kernel's Z, read from /proc */
	AS_PARKED,    /* at a step point, waiting for its grant (step mode, a controlled scheduler):
	                 not waiting for a CPU, waiting for someone's step */
	AS_COUNT
};

/* One stretch of one state on a lane; it lasts until the next one's t0. */
struct model_interval {
	int64_t t0;      /* lesson ns */
	uint8_t state;   /* enum actor_state */
	uint8_t cpu;     /* CPU last seen on, 0xff if unknown */
	uint16_t obj;    /* what it is blocked on (object id, or actor id when joining), WF_NONE otherwise */
	uint8_t joining; /* 1: obj is the actor being joined */
	char kstate;     /* the kernel's state letter last sampled ('R', 'S', 'Z', ...), 0 if none */
};

struct model_actor {
	char name[MODEL_NAME_MAX];
	uint8_t kind;          /* enum actor_kind */
	uint16_t parent;       /* actor id, WF_NONE for the lesson's main */
	int32_t pid, tid;
	uint8_t state;         /* current enum actor_state */
	uint16_t obj;          /* current blocking object, WF_NONE if none */
	uint8_t joining;       /* 1 if `obj` is an actor being joined, not an object */
	uint8_t cpu;           /* last CPU the sampler saw, 0xff if unknown */
	char kstate;           /* the kernel's state letter last sampled, 0 if none */
	int64_t since;         /* lesson ns the current state began */
	int64_t exit_status;
	const struct model_interval *lane; /* oldest first */
	size_t lane_len;
	/* stepping: the step the actor is at (EV_STEP), while `parked` it waits there for a grant */
	char pending[48];      /* its label: "read: tmp = counter", "acquire A" */
	uint16_t pending_line; /* source line, 0 if unknown */
	uint8_t parked;
};

struct model_sample {
	int64_t t;
	uint32_t depth;
};

struct model_object {
	char name[MODEL_NAME_MAX];
	uint8_t kind;          /* enum obj_kind */
	uint32_t capacity;     /* queues and bounded semaphores, 0 otherwise */
	/* locks */
	uint16_t holder;       /* actor id, WF_NONE when free */
	uint32_t depth;        /* recursion depth of the holder */
	uint32_t waiters;      /* actors blocked on it now */
	uint64_t acquisitions;
	uint64_t contentions;  /* acquisitions that had to wait */
	int64_t wait_ns;       /* total lesson ns spent waiting for it */
	int64_t wait_max_ns;
	uint64_t violations;   /* lock-order violations refused */
	/* queues */
	uint32_t queue_depth;
	uint64_t puts, gets, full, empty;
	uint8_t shut;          /* 0 open; 1 shut down; 2 shut down immediately (EV_QUEUE_SHUTDOWN) */
	const struct model_sample *series; /* depth over time, oldest first */
	size_t series_len;
	/* conditions, events, semaphores */
	uint64_t notifies;
	/* by the kind's shape (objkind.h; folded in model_shape.c) */
	uint32_t value;        /* SEM: permits now; FLAG: 1 set, 0 clear; BARRIER: arrived this round;
	                          VALUE: as its EV_NOTIFY reported; FUTURE: enum pfuture_state;
	                          POOL: calls queued, not yet taken */
	uint32_t inflight[2];  /* PIPE: messages sent and not yet received, a->b and b->a */
	uint64_t ev_count[OBJ_COUNTERS]; /* the kind's counters as counted from events */
	uint64_t count[OBJ_COUNTERS];    /* ... and as the arena kept them (EV_COUNTER), exact */
	uint8_t count_known;   /* bit i: count[i] has been read from the arena */
};

/* A stretch of lesson time in which events were lost (full rings). */
struct model_drop {
	int64_t t0, t1;        /* lesson ns */
	uint64_t lost;         /* events lost in it */
};

struct model_line {
	int64_t t;
	uint16_t actor;
	const char *text;
};

/* A wait-for cycle: actor[i] waits for obj[i], which actor[i+1] holds
 * (cyclically); obj[i] is WF_NONE where actor[i] joins actor[i+1]. */
struct model_deadlock {
	int64_t t;             /* lesson ns it was detected */
	size_t len;
	uint16_t actor[MODEL_CYCLE_MAX];
	uint16_t obj[MODEL_CYCLE_MAX];
};

typedef struct model model;

/* A new empty model, or NULL when out of memory. */
model *model_new(void);
/* A deep copy (replay keeps some as checkpoints), or NULL when out of
 * memory. */
model *model_clone(const model *m);
/* Frees the model; NULL is fine. */
void model_free(model *m);

/* Folds one event (ts in lesson ns); `text` is the name or printed line the
 * event carries (EV_SPAWN, EV_OBJ_NEW, EV_PRINT), NULL otherwise.  Events for
 * unknown actors or objects are counted and ignored. */
void model_fold(model *m, const struct wf_ev *ev, const char *text);

/* Lesson ns of the latest event folded. */
int64_t model_now(const model *m);
/* Events folded so far, and how many were ignored as malformed (unknown
 * actor, object or type) or dropped for want of memory. */
uint64_t model_events(const model *m);
uint64_t model_ignored(const model *m);

/* Actor ids run 0 .. count-1 (highest spawned + 1). */
size_t model_actor_count(const model *m);
/* Actor `id` (0 .. count-1), or NULL. The pointer lives until the next fold. */
const struct model_actor *model_actor(const model *m, size_t id);
/* Actor id by name, or -1. */
int model_actor_find(const model *m, const char *name);

/* Object ids run 0 .. count-1; model_object is NULL for one never created.
 * The pointer lives until the next fold. */
size_t model_object_count(const model *m);
const struct model_object *model_object(const model *m, size_t id);

/* Counter `slot` of object o (its kind's, objkind.h): exact when no event
 * was lost so far (counted from events) or when the arena's count is known
 * (the latest EV_COUNTER); otherwise what the events counted, with *partial
 * set (partial may be NULL). */
uint64_t model_count(const model *m, const struct model_object *o, unsigned slot, bool *partial);

/* Events lost so far (EV_DROPPED), and the stretches they were lost in,
 * oldest first: 0 .. model_drop_count-1. */
uint64_t model_dropped(const model *m);
size_t model_drop_count(const model *m);
const struct model_drop *model_drop(const model *m, size_t i);

/* The state of actor `id` at lesson time t (AS_NONE before it started). */
struct model_interval model_state_at(const model *m, size_t id, int64_t t);

/* Console lines, oldest first: 0 .. model_line_count-1. */
size_t model_line_count(const model *m);
const struct model_line *model_line(const model *m, size_t i);
/* Lines ever folded, including those no longer kept. */
uint64_t model_line_total(const model *m);

/* The deadlock found, or NULL while there is none.  A cycle is withdrawn if
 * an actor in it acts afterwards, which a deadlocked actor cannot do: the
 * cycle was read from a stream that lost events (full rings). */
const struct model_deadlock *model_deadlock(const model *m);
/* Writes "T1 waits for lock B held by T2, T2 waits for lock A held by T1"
 * (a join reads "T1 joins T2"; a cycle of one, "T1 waits for lock A, which
 * it holds itself") into buf, or "" while there is no deadlock;
 * buf is always NUL-terminated when size > 0, truncated if short; returns buf. */
char *model_deadlock_describe(const model *m, char *buf, size_t size);

/* --- event loops (model_loop.c) ------------------------------------------- */

#define MODEL_LOOP_MAX 16     /* loops followed; more are ignored */
#define MODEL_CALLBACK_MAX 4096
#define MODEL_TIMER_MAX 256   /* pending timers listed per loop */
#define MODEL_TASK_MAX 256
#define MODEL_NAMES_MAX 512   /* distinct callback and timer names */

/* One callback run on a loop's thread. */
struct model_callback {
	int64_t t0, t1;        /* lesson ns; t1 = -1 while it runs */
	uint16_t name;         /* model_loop_name() */
};

struct model_timer {
	uint64_t id;           /* EV_TIMER_ADD's id, without the length */
	int64_t due;           /* lesson ns */
	uint16_t name;
};

struct model_loop {
	uint16_t obj;          /* the loop's object id */
	uint16_t actor;        /* the thread that ran its latest callback */
	uint32_t ready, timers; /* queue lengths now (EV_LOOP_STATE) */
	uint64_t callbacks;    /* callbacks run */
	int64_t longest_ns;    /* the longest callback so far, and its name */
	uint16_t longest_name;
	const struct model_callback *cb; /* oldest first; older ones merged pairwise when full */
	size_t cb_len;
	const struct model_sample *ready_series; /* ready-queue length over time */
	size_t ready_len;
	const struct model_timer *timer; /* pending, earliest due first */
	size_t timer_len;
};

/* A task: its coroutine's actor, its loop and its latest state. */
struct model_task {
	uint16_t actor;
	uint16_t loop;         /* the loop's object id */
	uint8_t state;         /* enum task_state (sim/wire/task_state.h) */
	uint8_t wait;          /* enum task_wait while waiting */
	uint32_t detail;       /* what it waits on (see enum task_wait) */
	int64_t since;         /* lesson ns of the latest change */
	uint16_t awaiter;      /* the task (its actor) that awaits this one, WF_NONE: none
	                          (an `await t`, or t among a gather's or a wait's futures) */
};

/* Loops seen, in order of their first event: 0 .. count-1. */
size_t model_loop_count(const model *m);
const struct model_loop *model_loop(const model *m, size_t i);
/* A callback or timer name, "" when unknown. */
const char *model_loop_name(const model *m, uint16_t name);
/* Tasks seen, in order of creation: 0 .. count-1. */
size_t model_task_count(const model *m);
const struct model_task *model_task(const model *m, size_t i);

/* --- messages between actors (model_msg.c) --------------------------------- */

#define MODEL_MSG_MAX 1024 /* the latest messages kept, by id */

/* One message through a queue or a pipe, from its EV_MSG_SEND and
 * EV_MSG_RECV (either may come first, or be missing while in flight). */
struct model_message {
	uint32_t id;            /* run-unique, increasing in the order sent */
	uint16_t obj;           /* the queue or pipe it went through */
	uint16_t from, to;      /* sender and receiver, WF_NONE while unknown */
	uint8_t dir;            /* a pipe: the sender's end (0 or 1); a queue: 0 */
	uint32_t len;           /* bytes */
	int64_t sent, received; /* lesson ns; -1 while unknown */
};

/* What went through one queue or pipe one way, from every event folded. */
struct model_msg_counts {
	uint64_t sent, received, eofs; /* eofs: recvs that found the pipe closed */
	uint8_t closed;                /* a pipe: bit e set when end e is closed */
};

/* The window of the latest message ids: 0 .. count-1, oldest first;
 * model_message is NULL for an id of the window never seen. */
size_t model_message_count(const model *m);
const struct model_message *model_message(const model *m, size_t i);
/* Counters of queue or pipe obj in direction dir (a pipe's sender end). */
struct model_msg_counts model_msg_counts(const model *m, uint16_t obj, unsigned dir);

/* Whether any actor has been parked at a step point in this run (the
 * timeline's legend then explains the state). */
bool model_ever_parked(const model *m);

/* The display name of a state ("running"), and its enum from a name, or -1. */
const char *actor_state_name(unsigned state);
int actor_state_parse(const char *name);

#endif
