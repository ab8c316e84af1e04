/*
 * objkind.h - every kind of shared object a lesson can make, described once.
 *
 * A kind is one OBJKIND(...) line in OBJKIND_LIST below.  From that line
 * come: the enum value EV_OBJ_NEW carries (OBJ_<SYM>), the word scripts
 * and traces use ("mutex"), its name on screen in English and Chinese, the
 * shape of state the model folds for it (enum obj_shape: model.c keeps one
 * fold per shape, not per kind), how the sync panel draws its row (one row
 * drawer per shape, tui/widgets/syncpanel.c), whether a step that waits on
 * it can go while its level is 0 (sim/runtime/gate.c), and the names of its
 * exact counters, kept in the arena (arena_object.count[]) by the lesson
 * side and printed by `weft run` as `object: name=.. kind=.. acquires=..`.
 *
 * HOW TO ADD A KIND (say a pipe end):
 *  1. Append one line to OBJKIND_LIST (append only: the enum values are in
 *     recorded traces).  Pick the shape whose state fits (SHAPE_PIPE here);
 *     name up to OBJ_COUNTERS counters in the order of the shape's slots
 *     (enum below), "" for a slot the kind does not use.
 *  2. In the primitive: object_register(name, OBJ_<SYM>, capacity), emit the
 *     events the shape folds (see enum obj_shape), and bump the counters
 *     with arena_count_add / arena_count_max (arena.h) where they happen.
 *  That is all: the model, the sync panel, the gate, the scheduler and
 *  `weft run` read this table.  Only a new SHAPE needs code beyond it: a
 *  fold in sim/model/model_shape.c and a row in tui/widgets/syncpanel.c
 *  (both switch on the shape, nowhere on the kind).
 *
 * Kinds whose primitive is not written yet keep their line so the enum is
 * stable; their helpers fill in the primitive (pipe: "msg", future and
 * pool: "pool").
 */
#ifndef WEFT_OBJKIND_H
#define WEFT_OBJKIND_H

#include <stdbool.h>
#include <stdint.h>

#define OBJ_COUNTERS 4 /* exact counters per object (arena_object.count) */

/* The state the model folds for a kind and the row the sync panel draws.
 * The events each folds (sim/wire/event.h has their operands):
 *  LOCK:    EV_BLOCK_LOCK, EV_ACQUIRE (b = depth), EV_RELEASE -> holder, depth, waiters
 *  SEM:     EV_WAIT, EV_WAKE (b = value after), EV_NOTIFY (b = value after) -> value, waiters
 *  FLAG:    EV_WAIT, EV_WAKE, EV_NOTIFY (b = 1 set, 0 clear) -> set or clear, waiters
 *  COND:    EV_WAIT, EV_WAKE, EV_NOTIFY (a = how many) -> waiters, notifies
 *  BARRIER: EV_WAIT (b = arrived after), EV_NOTIFY (the last arrival: b = passes) -> count/parties
 *  QUEUE:   EV_PUT, EV_GET, EV_QUEUE_FULL, EV_QUEUE_EMPTY -> depth, series, puts, gets
 *  PIPE:    EV_MSG_SEND, EV_MSG_RECV (b >> 32 = the way: 0 end 0 -> end 1, 1 back) -> in flight each way
 *  VALUE:   EV_NOTIFY (b = the value now); waits as SEM
 *  FUTURE:  EV_FUT_STATE (a = enum pfuture_state), EV_WAIT, EV_FUT_CALLBACK -> state, waits, callbacks
 *  POOL:    EV_TASK_SUBMIT, EV_TASK_START, EV_TASK_END -> calls queued, submitted, completed
 *  LOOP:    the event loop's own events (model_loop.c); drawn by looppanel.c, not the sync panel */
enum obj_shape {
	SHAPE_LOCK = 1,
	SHAPE_SEM,
	SHAPE_FLAG,
	SHAPE_COND,
	SHAPE_BARRIER,
	SHAPE_QUEUE,
	SHAPE_PIPE,
	SHAPE_VALUE,
	SHAPE_FUTURE,
	SHAPE_POOL,
	SHAPE_LOOP,
};

/* Counter slots, by shape (the names in the table say what each means). */
enum { CNT_ACQUIRES = 0, CNT_CONTENDED = 1, CNT_WAIT_NS = 2, CNT_REFUSED = 3 }; /* LOCK, SEM (REFUSED:
									     a bounded semaphore's releases past its start value) */
enum { CNT_PUTS = 0, CNT_GETS = 1, CNT_PEAK = 2 };                        /* QUEUE */
enum { CNT_SENT_AB = 0, CNT_SENT_BA = 1 };                                /* PIPE */
enum { CNT_SETS = 0, CNT_WAITS = 1, CNT_NOTIFIES = 2, CNT_PASSES = 3 };   /* FLAG, COND, BARRIER */

/* A step waiting on an object (EV_WAIT) may go: always (it blocks for real
 * and is woken: a condition, a barrier) or only while level > 0. */
enum { WAIT_ALWAYS = 0, WAIT_LEVEL = 1 };

/*        SYM         id                  English              Chinese      shape          wait        counters */
#define OBJKIND_LIST(X)                                                                                                   \
	X(MUTEX,      "mutex",            "lock",              "锁",        SHAPE_LOCK,    WAIT_LEVEL,  "acquires", "contended", "wait_ns", "") \
	X(RMUTEX,     "rlock",            "recursive lock",    "可重入锁",  SHAPE_LOCK,    WAIT_LEVEL,  "acquires", "contended", "wait_ns", "") \
	X(COND,       "condition",        "condition",         "条件变量",  SHAPE_COND,    WAIT_ALWAYS, "", "waits", "notifies", "")           \
	X(SEMAPHORE,  "semaphore",        "semaphore",         "信号量",    SHAPE_SEM,     WAIT_LEVEL,  "acquires", "contended", "wait_ns", "") \
	X(EVENT,      "event",            "event",             "事件",      SHAPE_FLAG,    WAIT_LEVEL,  "sets", "waits", "", "")               \
	X(QUEUE,      "queue",            "queue",             "队列",      SHAPE_QUEUE,   WAIT_LEVEL,  "puts", "gets", "peak", "")            \
	X(LOOP,       "loop",             "event loop",        "事件循环",  SHAPE_LOOP,    WAIT_ALWAYS, "", "", "", "")                        \
	X(PIPE,       "pipe",             "pipe",              "管道",      SHAPE_PIPE,    WAIT_ALWAYS, "sent_ab", "sent_ba", "", "")          \
	X(BSEMAPHORE, "bounded_semaphore","bounded semaphore", "有界信号量", SHAPE_SEM,    WAIT_LEVEL,  "acquires", "contended", "wait_ns", "refused") \
	X(BARRIER,    "barrier",          "barrier",           "屏障",      SHAPE_BARRIER, WAIT_ALWAYS, "", "waits", "", "passes")         \
	X(VALUE,      "value",            "shared value",      "共享值",    SHAPE_VALUE,   WAIT_ALWAYS, "writes", "reads", "", "")             \
	X(FUTURE,     "future",           "future",            "Future",    SHAPE_FUTURE,  WAIT_LEVEL,  "", "waits", "callbacks", "")      \
	X(POOL,       "pool",             "pool",              "池",        SHAPE_POOL,    WAIT_ALWAYS, "submitted", "completed", "", "") \
	X(FD,         "fd",               "file descriptor",   "文件描述符", SHAPE_COND,   WAIT_ALWAYS, "", "waits", "", "")

/* Object kinds carried by EV_OBJ_NEW: OBJ_MUTEX = 1, ... in list order. */
enum obj_kind {
	OBJ_NONE = 0,
#define OBJKIND_ENUM(sym, ...) OBJ_##sym,
	OBJKIND_LIST(OBJKIND_ENUM)
#undef OBJKIND_ENUM
	OBJ_KIND_COUNT
};

struct objkind {
	const char *id;     /* "mutex": the word in `object:` lines */
	const char *en, *zh; /* its name on screen */
	uint8_t shape;      /* enum obj_shape */
	uint8_t wait;       /* WAIT_ALWAYS or WAIT_LEVEL */
	const char *counter[OBJ_COUNTERS]; /* "" where unused; a name ending in _ns is a duration */
};

/* The descriptor of `kind`; a neutral one ("object", no shape) for a kind
 * not in the list (a newer trace), never NULL. */
const struct objkind *objkind_get(unsigned kind);
/* The kind whose id is `id`, or OBJ_NONE. */
unsigned objkind_find(const char *id);

#endif
