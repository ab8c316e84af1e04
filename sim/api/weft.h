/*
 * weft.h - the API lessons are written against.
 *
 * Thin, instrumented wrappers over pthreads, fork and futexes, named after
 * the Python objects students know (threading.Lock -> wf_mutex,
 * multiprocessing.Queue -> wf_queue with WF_SHARED).  Every operation writes
 * events to the calling actor's ring and passes its gate, so the UI can draw
 * it and pause it; otherwise each behaves exactly like the primitive it wraps.
 *
 * Primitives live in the shared arena, so one created with WF_SHARED before
 * wf_process_spawn() works across processes.  They are never freed: they
 * live as long as the run.  Constructors return NULL when the arena is full.
 *
 * Durations are lesson seconds (real seconds × 1/speed, frozen while paused).
 * Functions returning int give 0 or a negative WF_E* code.
 */
#ifndef WEFT_H
#define WEFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum wf_error {
	WF_OK = 0,
	WF_EFULL = -1,     /* queue.Full */
	WF_EEMPTY = -2,    /* queue.Empty */
	WF_ETIMEDOUT = -3, /* a timed wait ran out */
	WF_EORDER = -4,    /* lock-order checking refused an acquisition */
	WF_EBOUND = -5,    /* a bounded semaphore released past its start value */
	WF_ENOMEM = -6,    /* the arena or a table is full */
	WF_ESYS = -7,      /* a system call failed (errno is set) */
	WF_ECANCELLED = -8, /* asyncio.CancelledError */
	WF_ESTATE = -9,    /* not now: a future not done, a coroutine running, await outside a task */
	WF_EDONE = -10,    /* StopIteration: the coroutine has ended */
	WF_EEOF = -11,     /* EOFError: the other end of a pipe is closed and nothing is left */
	WF_ESHORT = -12,   /* a message longer than the buffer (BufferTooShort) */
	WF_ESHUTDOWN = -13, /* queue.ShutDown / asyncio.QueueShutDown: the queue was shut down */
	WF_EUSER = -64,    /* lessons' own errors ("exceptions"): WF_EUSER - n */
};

#define WF_SHARED 1u     /* usable across processes */
#define WF_RECURSIVE 2u  /* mutex: the holder may take it again (threading.RLock) */
#define WF_FOREVER (-1.0) /* timeout: block until it happens */

/* ---- actors ----------------------------------------------------------- */

typedef struct wf_thread {
	unsigned long handle; /* pthread_t */
	uint16_t actor;
} wf_thread;

typedef struct wf_process {
	pid_t pid;
	uint16_t actor;
	int status;           /* waitpid status once joined */
} wf_process;

/* Starts fn(arg) on a new thread, an actor named `name`.  0, WF_ENOMEM when
 * the actor table is full, WF_ESYS when pthread_create fails. */
int wf_thread_spawn(wf_thread *t, const char *name, void (*fn)(void *), void *arg);
/* Waits for the thread to end (the caller's lane shows it joining). */
int wf_thread_join(wf_thread *t);

/* Forks a process running fn(arg), an actor named `name`; it ends with
 * _exit(0) when fn returns.  Fork before starting threads in the caller. */
int wf_process_spawn(wf_process *p, const char *name, void (*fn)(void *), void *arg);
/* Waits for the process to end; its waitpid status goes to p->status. */
int wf_process_join(wf_process *p);
/* Sends SIGTERM (Process.terminate()); join it afterwards. */
int wf_process_terminate(wf_process *p);

/* ---- time and output -------------------------------------------------- */

/* Sleeps `seconds` of lesson time; follows speed changes and pauses. */
void wf_sleep(double seconds);
/* Lesson seconds since the run started. */
double wf_now(void);
/* Prints a line to the console, stamped with lesson time and actor. */
void wf_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Adds "key=value" pairs to the run's results (headless `result:` line). */
void wf_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Zeroed memory every process of the run shares (multiprocessing.Value);
 * NULL when the arena is full.  Allocate it before wf_process_spawn. */
void *wf_shared_alloc(size_t size);

/* ---- parameters (validated before the lesson starts) ----------------- */

/* The value of an integer parameter. */
long wf_param_int(const char *name);
/* The value of a choice parameter ("on"), or "" if there is none. */
const char *wf_param_str(const char *name);
/* True when the parameter's value is `value`. */
bool wf_param_is(const char *name, const char *value);

/* ---- mutex: threading.Lock / RLock ------------------------------------ */

typedef struct wf_mutex wf_mutex;
wf_mutex *wf_mutex_new(const char *name, unsigned flags);
/* Takes the lock, blocking while another actor holds it.  WF_EORDER when
 * lock-order checking is on and a lock created later is already held. */
int wf_mutex_lock(wf_mutex *m);
/* Takes the lock only if it is free: 0, or WF_ETIMEDOUT. */
int wf_mutex_trylock(wf_mutex *m);
void wf_mutex_unlock(wf_mutex *m);
/* Turns lock-order checking on for the rest of the run: locks must be taken
 * in the order they were created. */
void wf_lock_order_check(bool on);

/* ---- condition: threading.Condition ----------------------------------- */

typedef struct wf_cond wf_cond;
wf_cond *wf_cond_new(const char *name, unsigned flags);
/* Releases m, waits for a notify (or `timeout` lesson seconds; WF_FOREVER),
 * takes m again.  0, WF_ETIMEDOUT, or WF_ENOMEM when every waiter slot is
 * taken.  Call it, and the notifies, with m held. */
int wf_cond_wait(wf_cond *c, wf_mutex *m, double timeout);
void wf_cond_notify(wf_cond *c);
void wf_cond_notify_all(wf_cond *c);

/* ---- semaphore: threading.Semaphore / BoundedSemaphore --------------- */

typedef struct wf_sem wf_sem;
/* bounded: release past `initial` fails with WF_EBOUND. */
wf_sem *wf_sem_new(const char *name, unsigned initial, bool bounded, unsigned flags);
/* 0, or WF_ETIMEDOUT after `timeout` lesson seconds (0: do not block). */
int wf_sem_acquire(wf_sem *s, double timeout);
int wf_sem_release(wf_sem *s);
/* Actors waiting in acquire now; they are served in the order they came. */
unsigned wf_sem_waiting(wf_sem *s);

/* ---- event: threading.Event ------------------------------------------- */

typedef struct wf_event wf_event;
wf_event *wf_event_new(const char *name, unsigned flags);
void wf_event_set(wf_event *e);
void wf_event_clear(wf_event *e);
bool wf_event_is_set(wf_event *e);
/* Waits until set: 0, or WF_ETIMEDOUT. */
int wf_event_wait(wf_event *e, double timeout);

/* ---- queue: queue.Queue / multiprocessing.Queue ----------------------- */

typedef struct wf_queue wf_queue;
wf_queue *wf_queue_new(const char *name, unsigned capacity, unsigned flags);
/* Puts an item; with the queue full waits up to `timeout` lesson seconds
 * (WF_FOREVER: block; 0: put_nowait).  0 or WF_EFULL. */
int wf_queue_put(wf_queue *q, uint64_t item, double timeout);
/* Gets the oldest item; 0 or WF_EEMPTY, as wf_queue_put. */
int wf_queue_get(wf_queue *q, uint64_t *item, double timeout);
unsigned wf_queue_depth(wf_queue *q);

/* ---- stepping ---------------------------------------------------------- */

/* A step of the lesson's own, shown as `label` in step mode: the actor
 * waits here for a grant, as it does before each lock, queue, wait, notify
 * and sleep operation.  In a free run it costs one load. */
#define WF_STEP(label) wf_step((label), __LINE__)
void wf_step(const char *label, int line);

/* The source line of the lesson's current call, for the source pane: the
 * macros below note it before each stepping call. */
extern _Thread_local int wf_line;

#ifndef WEFT_SIM_INTERNAL
#define WF_AT_(call) (wf_line = __LINE__, call)
#define wf_mutex_lock(m) WF_AT_(wf_mutex_lock(m))
#define wf_mutex_trylock(m) WF_AT_(wf_mutex_trylock(m))
#define wf_mutex_unlock(m) WF_AT_(wf_mutex_unlock(m))
#define wf_cond_wait(c, m, t) WF_AT_(wf_cond_wait(c, m, t))
#define wf_cond_notify(c) WF_AT_(wf_cond_notify(c))
#define wf_cond_notify_all(c) WF_AT_(wf_cond_notify_all(c))
#define wf_sem_acquire(s, t) WF_AT_(wf_sem_acquire(s, t))
#define wf_sem_release(s) WF_AT_(wf_sem_release(s))
#define wf_event_set(e) WF_AT_(wf_event_set(e))
#define wf_event_wait(e, t) WF_AT_(wf_event_wait(e, t))
#define wf_queue_put(q, i, t) WF_AT_(wf_queue_put(q, i, t))
#define wf_queue_get(q, i, t) WF_AT_(wf_queue_get(q, i, t))
#define wf_sleep(s) WF_AT_(wf_sleep(s))
#endif

#include "weft_async.h"
#include "weft_introspect.h"
#include "weft_green.h"
#include "weft_msg.h"
#include "weft_pipe.h"
#include "weft_input.h"
#include "weft_barrier.h"
#include "weft_fd.h"
#include "weft_pool.h"
#include "weft_shutdown.h"
#include "weft_start.h"

#endif
