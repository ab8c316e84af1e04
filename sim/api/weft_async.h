/*
 * weft_async.h - coroutines and an asyncio-style event loop, for lessons
 * (included by weft.h).
 *
 * Coroutines are Python generators in C: wf_coro_send() runs one until it
 * calls wf_yield(), which hands a value back; the next send's value is what
 * wf_yield() returns.  Each has its own stack and its own lane; it runs on
 * the thread that sends to it, so it never needs a lock against another
 * coroutine of that thread.  Values are 64-bit words (cast pointers through
 * uintptr_t).
 *
 * The loop is asyncio's: one per thread, a ready queue of callbacks, timers
 * on lesson time (speed and pause apply), file descriptors on epoll.  Tasks
 * are coroutines the loop drives; inside one, wf_await() and friends
 * suspend the task until a future is done, as `await` does.  "Exceptions"
 * are error codes: a task function returns 0 or the error it fails with
 * (WF_ECANCELLED when it lets a cancellation through, or a lesson's own,
 * WF_EUSER - n).  Loops, futures, tasks and queues belong to the loop and
 * are freed with it; callbacks run on the loop's thread only, except
 * wf_call_soon_threadsafe.
 *
 * Names are copied (at most 31 bytes are kept).
 */
#ifndef WEFT_ASYNC_H
#define WEFT_ASYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- coroutines: generators with send -------------------------------- */

typedef struct wf_coro wf_coro;
/* A coroutine's body; its return value is StopIteration.value. */
typedef uint64_t (*wf_coro_fn)(void *arg);

enum wf_coro_state {
	WF_CORO_CREATED = 0, /* never sent to (inspect.GEN_CREATED) */
	WF_CORO_RUNNING,     /* it holds its thread now */
	WF_CORO_SUSPENDED,   /* parked in wf_yield, waiting for a send */
	WF_CORO_FINISHED,    /* its body returned */
	WF_CORO_CLOSED,      /* wf_coro_close ended it */
};

/* How a coroutine switches: the default chosen when Weft was built, or one
 * named (switch-cost compares them). */
enum wf_coro_switch { WF_SWITCH_DEFAULT = 0, WF_SWITCH_ASM, WF_SWITCH_UCONTEXT };

#define WF_CORO_STACK_DEFAULT (256 * 1024)
#define WF_CORO_QUIET 1u /* no events on each switch (only start and end): for measuring */

/* A new coroutine that will run fn(arg), on a lane named `name` under the
 * calling thread's; NULL when out of memory or actors. */
wf_coro *wf_coro_new(const char *name, wf_coro_fn fn, void *arg);
/* The same with a stack of `stack` bytes (0: the default), a switch and
 * WF_CORO_* flags; NULL also when that switch does not exist here. */
wf_coro *wf_coro_new_ex(const char *name, wf_coro_fn fn, void *arg, size_t stack,
			enum wf_coro_switch how, unsigned flags);
/* Runs the coroutine until it yields (0, *out = the value yielded) or
 * returns (WF_EDONE, *out = its return value).  The value sent is what its
 * pending wf_yield() returns; the first send's value is dropped, as
 * Python's first next().  WF_EDONE without running it when it has ended,
 * WF_ESTATE when it is running.  out may be NULL. */
int wf_coro_send(wf_coro *c, uint64_t value, uint64_t *out);
/* Inside a coroutine: hands `value` to whoever sent, waits for the next
 * send and returns its value.  Outside one it returns 0 at once. */
uint64_t wf_yield(uint64_t value);
/* Inside a coroutine: true when it is being closed and should return. */
bool wf_coro_closing(void);
/* generator.close(): a suspended coroutine is resumed with
 * wf_coro_closing() true and must return; one that yields instead is
 * abandoned (WF_ESTATE, "ignored GeneratorExit").  0 otherwise. */
int wf_coro_close(wf_coro *c);
/* Where it is in its life (inspect.getgeneratorstate). */
enum wf_coro_state wf_coro_state(const wf_coro *c);
/* True once it has finished or been closed. */
bool wf_coro_done(const wf_coro *c);
/* Closes it if it has not ended (without resuming it) and frees it; NULL
 * is fine.  Never while it runs. */
void wf_coro_free(wf_coro *c);
/* The coroutine running on this thread, or NULL. */
wf_coro *wf_coro_current(void);
/* Its actor id (lane). */
uint16_t wf_coro_actor(const wf_coro *c);
/* True when this machine has that switch ("asm" or "ucontext"). */
bool wf_coro_switch_available(enum wf_coro_switch how);
/* "asm" or "ucontext" (the default resolved). */
const char *wf_coro_switch_name(enum wf_coro_switch how);

/* ---- event loop -------------------------------------------------------- */

typedef struct wf_loop wf_loop;
typedef struct wf_future wf_future;
typedef struct wf_task wf_task;
typedef struct wf_aqueue wf_aqueue;
typedef struct wf_executor wf_executor;

typedef void (*wf_callback)(void *arg);
typedef void (*wf_done_fn)(wf_future *f, void *arg);
/* A task's body: 0 with *result set, or the error it fails with. */
typedef int (*wf_task_fn)(void *arg, uint64_t *result);

/* A new loop, made the calling thread's; NULL when out of memory or when
 * the thread has one already. */
wf_loop *wf_loop_new(const char *name);
/* The calling thread's loop (asyncio.get_running_loop), or NULL. */
wf_loop *wf_loop_get(void);
/* Frees the loop with every future, task and queue it owns, after shutting
 * its default executor down; never while it runs.  NULL is fine. */
void wf_loop_free(wf_loop *l);
/* loop.time(): lesson seconds on the loop's clock (as wf_now). */
double wf_loop_time(const wf_loop *l);

/* Schedules fn(arg) on the ready queue (loop.call_soon); returns a handle
 * id for wf_handle_cancel, 0 when out of memory. */
uint32_t wf_call_soon(wf_loop *l, const char *name, wf_callback fn, void *arg);
/* After `delay` lesson seconds (loop.call_later); as wf_call_soon. */
uint32_t wf_call_later(wf_loop *l, double delay, const char *name, wf_callback fn, void *arg);
/* At loop time `when` (loop.call_at).  Timers due at the same time run in
 * the order they were scheduled. */
uint32_t wf_call_at(wf_loop *l, double when, const char *name, wf_callback fn, void *arg);
/* From any thread (loop.call_soon_threadsafe): wakes the loop. */
uint32_t wf_call_soon_threadsafe(wf_loop *l, const char *name, wf_callback fn, void *arg);
/* Handle.cancel(): true when it was still pending; it will not run. */
bool wf_handle_cancel(wf_loop *l, uint32_t handle);
/* Calls fn(arg) whenever fd is readable (loop.add_reader); 0 or WF_ESYS. */
int wf_loop_add_reader(wf_loop *l, int fd, const char *name, wf_callback fn, void *arg);
/* loop.remove_reader: 0, or WF_ESYS when fd was not watched. */
int wf_loop_remove_reader(wf_loop *l, int fd);

/* loop.stop(): run_forever returns after the callbacks already due. */
void wf_loop_stop(wf_loop *l);
/* Runs until wf_loop_stop; WF_ESTATE when the loop is already running. */
int wf_loop_run_forever(wf_loop *l);
/* Runs until f is done; returns f's outcome as wf_future_result does. */
int wf_loop_run_until_complete(wf_loop *l, wf_future *f, uint64_t *result);
/* asyncio.run(main()): a loop on this thread, a task `name` running fn,
 * run to completion, then everything freed.  Returns the task's outcome
 * (WF_ENOMEM, WF_ESTATE when the thread already has a loop). */
int wf_async_run(const char *name, wf_task_fn fn, void *arg, uint64_t *result);

/* ---- futures ----------------------------------------------------------- */

/* A pending future of loop l (loop.create_future); NULL when out of memory. */
wf_future *wf_future_new(wf_loop *l, const char *name);
/* True once it has a result, an error or a cancellation. */
bool wf_future_done(const wf_future *f);
/* True when it ended by cancellation. */
bool wf_future_cancelled(const wf_future *f);
/* Completes it with a result / an error (set_exception); its done
 * callbacks are scheduled.  WF_ESTATE when it is done already. */
int wf_future_set_result(wf_future *f, uint64_t value);
int wf_future_set_error(wf_future *f, int error);
/* Cancels it (a task's future: cancels the task); false when done. */
bool wf_future_cancel(wf_future *f);
/* The outcome: 0 with *value set, its error, WF_ECANCELLED, or WF_ESTATE
 * while pending.  value may be NULL. */
int wf_future_result(const wf_future *f, uint64_t *value);
/* Calls fn(f, arg) from the loop once f is done (soon, if it is). */
int wf_future_add_done_callback(wf_future *f, wf_done_fn fn, void *arg);
/* The name it was made with (a task's future: the task's). */
const char *wf_future_name(const wf_future *f);

/* ---- tasks ------------------------------------------------------------- */

/* Wraps fn(arg) in a coroutine and schedules its first step
 * (asyncio.create_task); NULL when out of memory. */
wf_task *wf_task_create(wf_loop *l, const char *name, wf_task_fn fn, void *arg);
/* The task's future: done when fn returns. */
wf_future *wf_task_future(wf_task *t);
/* Task.cancel(): the task sees WF_ECANCELLED at its current (or next)
 * await; false when it is done. */
bool wf_task_cancel(wf_task *t);
/* The task running now, or NULL. */
wf_task *wf_task_current(void);
/* The task's name (its lane's). */
const char *wf_task_name(const wf_task *t);

/* ---- awaiting: only inside a task (elsewhere they return WF_ESTATE) --- */

/* await f: 0 with *result, f's error, or WF_ECANCELLED when this task is
 * cancelled meanwhile.  result may be NULL. */
int wf_await(wf_future *f, uint64_t *result);
/* await task. */
int wf_await_task(wf_task *t, uint64_t *result);
/* await asyncio.sleep(seconds) (lesson time); 0 or WF_ECANCELLED. */
int wf_async_sleep(double seconds);
/* await asyncio.gather(*fs): results in the order given; the first error
 * (in time) when one fails; the others go on running. */
int wf_gather(wf_future *const *fs, size_t n, uint64_t *results);

enum wf_wait_when { WF_ALL_COMPLETED = 0, WF_FIRST_COMPLETED, WF_FIRST_EXCEPTION };
/* await asyncio.wait(fs, timeout, return_when): returns when `when` holds
 * or after `timeout` lesson seconds (WF_FOREVER: none); done[i] tells the
 * done set, the rest is pending.  Returns how many are done, or
 * WF_ECANCELLED. */
int wf_wait(wf_future *const *fs, size_t n, double timeout, enum wf_wait_when when, bool *done);
/* await asyncio.wait_for(f, timeout): f's outcome, or WF_ETIMEDOUT after
 * cancelling f and waiting for it to end cancelled; when f swallows the
 * cancellation and ends otherwise, that outcome (Python 3.9+). */
int wf_wait_for(wf_future *f, double timeout, uint64_t *result);

/* ---- asyncio.Queue ----------------------------------------------------- */

/* A queue of loop l; maxsize 0 is unbounded.  NULL when out of memory. */
wf_aqueue *wf_aqueue_new(wf_loop *l, const char *name, unsigned maxsize);
/* await q.put(item): waits while full.  0 or WF_ECANCELLED. */
int wf_aqueue_put(wf_aqueue *q, uint64_t item);
/* await q.get(): waits while empty.  0 or WF_ECANCELLED. */
int wf_aqueue_get(wf_aqueue *q, uint64_t *item);
/* put_nowait / get_nowait: 0, WF_EFULL or WF_EEMPTY. */
int wf_aqueue_put_nowait(wf_aqueue *q, uint64_t item);
int wf_aqueue_get_nowait(wf_aqueue *q, uint64_t *item);
/* q.task_done(): WF_ESTATE when called more times than items were put. */
int wf_aqueue_task_done(wf_aqueue *q);
/* await q.join(): until every item put has had its task_done. */
int wf_aqueue_join(wf_aqueue *q);
/* q.qsize(): items in it now. */
unsigned wf_aqueue_size(const wf_aqueue *q);

/* ---- executor: a pool of threads for blocking calls ------------------- */

/* A pool of `workers` threads (lanes "name-1" ...); NULL on failure. */
wf_executor *wf_executor_new(const char *name, unsigned workers);
/* Lets queued calls finish, then ends and joins the threads; NULL is fine. */
void wf_executor_free(wf_executor *e);
/* loop.run_in_executor(e, fn, arg): fn(arg) runs on a pool thread; the
 * future returned completes with its value on loop l.  e NULL: the loop's
 * default pool (made on first use).  NULL when out of memory. */
wf_future *wf_run_in_executor(wf_loop *l, wf_executor *e, const char *name,
			      uint64_t (*fn)(void *), void *arg);

#endif
