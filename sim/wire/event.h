/*
 * event.h - the one record every instrumentation point writes.
 *
 * An event is 32 bytes, fixed size, so a ring slot is one half cache line
 * and a store is a few plain moves.  Lessons write events with the raw
 * timestamp of sim/wire/clock.h in `ts`; the collector rewrites `ts` to lesson
 * nanoseconds before the model sees it, so everything above the collector
 * speaks lesson time only.
 *
 * Operands `a` and `b` mean different things per type; the table below is
 * the contract between emitters (sim/ primitives) and readers (the model).
 */
#ifndef WEFT_EVENT_H
#define WEFT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "objkind.h" /* enum obj_kind: the kinds EV_OBJ_NEW carries */

#define WF_NONE 0xffffu /* "no actor" / "no object" in a u16 field */

enum ev_type {
	EV_NONE = 0,
	EV_SPAWN,         /* new actor: a = parent actor (WF_NONE for the first), b = pid << 32 | tid
	                     (tid 0: a coroutine, which has no thread of its own); text = name */
	EV_EXIT,          /* actor ended: a = waitpid-style status (exit code << 8, or the signal) */
	EV_OBJ_NEW,       /* obj created: a = obj kind (enum obj_kind), b = capacity; text = name */
	EV_BLOCK_LOCK,    /* actor must wait for lock obj: a = holder actor (WF_NONE if unknown) */
	EV_ACQUIRE,       /* actor holds lock obj: a = ns it waited (0 uncontended), b = recursion depth */
	EV_RELEASE,       /* actor let go of lock obj: b = recursion depth left */
	EV_ORDER_VIOLATION, /* acquire of obj refused: a = the higher-ordered lock already held */
	EV_WAIT,          /* actor waits on condition/event/semaphore obj (blocking begins) */
	EV_WAKE,          /* the wait on obj ended: a = 1 if it timed out */
	EV_NOTIFY,        /* actor signalled obj: a = how many it may wake (WF_ALL for all), b = value after (semaphores) */
	EV_PUT,           /* item into queue obj: a = depth after, b = capacity */
	EV_GET,           /* item out of queue obj: a = depth after, b = capacity */
	EV_QUEUE_FULL,    /* put found queue obj full: a = depth, b = 1 if it blocks, 0 if it failed (Full) */
	EV_QUEUE_EMPTY,   /* get found queue obj empty: a = depth, b = 1 if it blocks, 0 if it failed (Empty) */
	EV_SLEEP,         /* actor sleeps: a = lesson ns asked */
	EV_RUN,           /* actor is back in lesson code (sleep, join or wait over) */
	EV_JOIN,          /* actor waits for actor a to end */
	EV_TERMINATE,     /* actor sent SIGTERM to actor a */
	EV_PRINT,         /* actor printed a line: a = offset in the arena text ring, b = length; text = the line */
	EV_SCHED,         /* kernel's view (sampler): a = enum sched_state, b = SCHED_B(cpu, the
	                     state letter of /proc/.../stat: 'R', 'S', 'D', 'Z'..., 0 if not read) */
	/* stepping (sim/gate): */
	EV_STEP,          /* actor is at a step point: obj = the object of the step, line = source line,
	                     a = offset of its label in the text ring, b = STEP_* fields below; text = the label */
	/* coroutines (sim/coro): */
	EV_CORO_RESUME,   /* actor (the resumer) hands its thread to coroutine actor a: b = the value sent */
	EV_CORO_YIELD,    /* coroutine actor gives the thread back to actor a: b = the value yielded
	                     (or returned: then its EV_EXIT follows) */
	/* event loops (sim/loop): */
	EV_CB_BEGIN,      /* loop actor starts a callback: obj = the loop, a = offset of its name in the
	                     text ring, b = length; text = the name */
	EV_CB_END,        /* the callback returned: obj = the loop */
	EV_TIMER_ADD,     /* a timer is scheduled on loop obj: a = due lesson ns, b = timer id, which is
	                     where its name lies: offset in the text ring | length << 48; text = the name */
	EV_LOOP_STATE,    /* loop obj's queues now: a = ready callbacks, b = pending timers */
	EV_TASK,          /* task a (its coroutine's actor) of loop obj changes state:
	                     b = enum task_state | enum task_wait << 8 | detail << 16 (sim/wire/task_state.h) */
	EV_TIMER_DONE,    /* timer b (as EV_TIMER_ADD's, without the length) left loop obj's heap:
	                     a = 1 if cancelled, 0 if it came due */
	/* messages between actors (sim/msg/queue_msg.c, pipe.c): */
	EV_MSG_SEND,      /* actor sent message a (its run-unique id) through queue or pipe obj:
	                     b = length | direction << 32 (a pipe: 0 = end 0 to end 1, 1 = back) */
	EV_MSG_RECV,      /* actor received message a from queue or pipe obj: b as EV_MSG_SEND's;
	                     a = 0: end of file, the pipe's other end is closed and nothing is left */
	EV_PIPE_CLOSE,    /* actor closed end a (0 or 1) of pipe obj */
	/* written by the collector, not by actors (actor = WF_NONE): */
	EV_COUNTER,       /* exact counter a (a slot, objkind.h) of obj is b, read from the arena */
	EV_DROPPED,       /* a = events lost so far in the run (full rings, lost texts, orphans),
	                     b = lesson ns since when the newly lost ones may be missing */
	/* concurrent futures and pools (sim/pool): */
	EV_FUT_STATE,     /* future obj changes state: a = enum pfuture_state, b = its result, or its
	                     exception (a negative WF_E* code) once finished with one */
	EV_FUT_CALLBACK,  /* actor runs done callback a of future obj (the completer's or the adder's lane) */
	EV_TASK_SUBMIT,   /* a call is queued on pool obj: a = task index, b = its future's object id */
	EV_TASK_START,    /* actor (a worker) starts task a of pool obj: b = the worker's slot in the pool */
	EV_TASK_END,      /* the worker ended task a of pool obj: b = 0, or the exception (WF_E* code, as u32) */
	/* written by the collector when a lesson outruns it (sim/observe/collector.c): */
	EV_COALESCED,     /* a repeats of a state-neutral pair by actor, folded as one: b = EV_ACQUIRE
	                     (uncontended acquire + release of lock obj) or EV_CORO_RESUME (a round trip
	                     to coroutine actor obj and back); lanes and holders as before the pairs.
	                     b = EV_STEP: actor passed a step points unparked (a recorded free run) */
	/* queues shut down (sim/sync/queue.c, sim/async/aqueue.c; Python 3.13): */
	EV_QUEUE_SHUTDOWN, /* actor shut queue obj down: a = depth after, b = items dropped | immediate << 32 */
	EV_TASK_AWAIT,    /* the task whose coroutine is `actor` awaits task a (its coroutine's actor) of
	                     loop obj, as one of the futures of a gather or a wait: the task tree */
	EV_TYPE_COUNT
};

/* EV_FUT_STATE's a: a future's states, which only move forward. */
enum pfuture_state { PF_PENDING = 0, PF_RUNNING, PF_CANCELLED, PF_FINISHED };

/* EV_MSG_SEND / EV_MSG_RECV's b. */
#define MSG_B(len, dir) ((uint64_t)(uint32_t)(len) | (uint64_t)(dir) << 32)
#define MSG_LEN(b) ((uint32_t)(b))
#define MSG_DIR(b) ((unsigned)((b) >> 32) & 1u)

#define WF_ALL 0xffffffffu

/* EV_STEP's b: the label's length, the kind of step (the event type it
 * will do: EV_ACQUIRE, EV_PUT, ... or EV_STEP for a lesson's own step) and
 * whether the actor waits there for a grant (step mode) or passes (a free
 * run being recorded). */
#define STEP_LABEL_LEN_MASK 0xffffull
#define STEP_KIND(b) ((uint16_t)((b) >> 16))
#define STEP_PARKED(b) (((b) >> 32) & 1)
#define STEP_B(len, kind, parked) \
	((uint64_t)(len) | (uint64_t)(uint16_t)(kind) << 16 | (uint64_t)!!(parked) << 32)
/* Where the label is, when not in the text ring (the lesson side sets one,
 * the collector reads it and clears both before anything folds): */
#define STEP_LABEL_IMAGE (1ull << 33) /* a = its address in the program's image (imagetext.h) */
#define STEP_LABEL_MADE (1ull << 34)  /* none: "<verb of the kind> <object's name>" */

/* The verb of a step's kind in a made label ("acquire", "put", ...). */
const char *ev_step_verb(unsigned kind);

/* Actor kinds carried in the arena's actor table. */
enum actor_kind { AK_THREAD = 1, AK_PROCESS, AK_CORO };

/* What the scheduler sampler read for a thread (EV_SCHED's a). */
enum sched_state {
	KSCHED_RUNNING = 1, /* on a CPU for most of the last sample */
	KSCHED_RUNNABLE,    /* waiting on a run queue for most of it */
	KSCHED_IDLE,        /* neither: asleep in the kernel */
	KSCHED_GONE,        /* the thread no longer exists */
	KSCHED_ZOMBIE,      /* the process has ended and waits for its parent to reap it (Z) */
};

/* EV_SCHED's b: the CPU in the low 32 bits, the kernel's letter above. */
#define SCHED_B(cpu, letter) ((uint64_t)(uint32_t)(cpu) | (uint64_t)(uint8_t)(letter) << 32)
#define SCHED_CPU(b) ((uint32_t)(b))
#define SCHED_LETTER(b) ((char)(uint8_t)((b) >> 32))

struct wf_ev {
	uint64_t ts;    /* raw clock ticks when written; lesson ns once collected */
	uint16_t actor; /* who caused it */
	uint16_t type;  /* enum ev_type */
	uint16_t obj;   /* which object, or WF_NONE */
	uint16_t line;  /* source line in the lesson, 0 if none */
	uint64_t a, b;  /* operands, see enum ev_type */
};

_Static_assert(sizeof(struct wf_ev) == 32, "an event is 32 bytes");

/* The name of an event type, for traces and debugging ("acquire"). */
const char *ev_type_name(unsigned type);

/* EV_TIMER_ADD's b: a timer is known by where its name lies in the text ring. */
#define EV_TIMER_ID(offset, len) (((uint64_t)(offset) & 0xffffffffffffull) | (uint64_t)(len) << 48)
#define EV_TIMER_OFFSET(b) ((b) & 0xffffffffffffull)

/* Where the text an event carries lies in the arena's text ring (EV_PRINT,
 * EV_STEP, EV_CB_BEGIN, EV_TIMER_ADD): true with its offset and length;
 * false for a type that carries none. */
bool ev_text_ref(const struct wf_ev *ev, uint64_t *offset, size_t *len);

#endif
