/*
 * weft_pool.h - concurrent.futures for threads and processes: a blocking
 * future any thread or process of the run can wait on, and the pools of
 * workers built on it (ThreadPoolExecutor, ProcessPoolExecutor,
 * multiprocessing.Pool).
 *
 * A wf_pfuture lives in the shared arena, so a future made in the parent
 * may be completed by a forked process and waited on by any thread of any
 * process.  Its value is one 64-bit word (an integer, a double's bits, or,
 * in a thread pool, a pointer); an "exception" is an error code
 * (WF_EUSER - n), as elsewhere in weft.h.  Done callbacks run in the
 * thread that completes the future, in its process, as Python's do; one
 * added to a future already done runs at once in the adder.
 *
 * Every wait is drawn on the waiter's lane as blocked on the future.
 * (The event loop's futures, wf_future in weft_async.h, are another
 * thing: they never block a thread.)
 */
#ifndef WEFT_POOL_H
#define WEFT_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "weft_async.h" /* enum wf_wait_when */

/* ---- concurrent.futures.Future ---------------------------------------- */

typedef struct wf_pfuture wf_pfuture;
typedef void (*wf_pfuture_fn)(wf_pfuture *f, void *arg);

/* A pending future in the arena (usable from every process forked after);
 * NULL when the arena is full. */
wf_pfuture *wf_pfuture_new(const char *name);
/* The name it was made with. */
const char *wf_pfuture_name(const wf_pfuture *f);
/* Future.done(): finished (result or exception) or cancelled. */
bool wf_pfuture_done(const wf_pfuture *f);
/* Future.running(): an executor has started its call. */
bool wf_pfuture_running(const wf_pfuture *f);
/* Future.cancelled(). */
bool wf_pfuture_cancelled(const wf_pfuture *f);
/* Future.cancel(): true when it is cancelled now (it was pending, or was
 * cancelled already); false when it is running or finished.  Waiters wake
 * and the done callbacks run in the caller. */
bool wf_pfuture_cancel(wf_pfuture *f);
/* Future.set_running_or_notify_cancel(), for executors: true when the call
 * may start (the future is running now), false when it was cancelled. */
bool wf_pfuture_set_running(wf_pfuture *f);
/* Future.set_result / set_exception (error < 0): wakes every waiter and
 * runs the done callbacks in the caller.  WF_ESTATE when it is done
 * already (InvalidStateError). */
int wf_pfuture_set_result(wf_pfuture *f, uint64_t value);
int wf_pfuture_set_exception(wf_pfuture *f, int error);
/* Future.result(timeout): blocks until done or `timeout` lesson seconds
 * (WF_FOREVER: no limit).  0 with *value set, the future's exception,
 * WF_ECANCELLED, or WF_ETIMEDOUT.  value may be NULL. */
int wf_pfuture_result(wf_pfuture *f, double timeout, uint64_t *value);
/* Future.exception(timeout): blocks as result(); 0 when it finished
 * without one, else its exception, WF_ECANCELLED or WF_ETIMEDOUT. */
int wf_pfuture_exception(wf_pfuture *f, double timeout);
/* Future.add_done_callback(fn): fn(f, arg) runs in the thread that
 * completes f, or at once here when f is done.  WF_ENOMEM when its
 * callback slots are all taken. */
int wf_pfuture_add_done_callback(wf_pfuture *f, wf_pfuture_fn fn, void *arg);

/* concurrent.futures.wait(fs, timeout, return_when): blocks until `when`
 * holds (WF_FIRST_EXCEPTION: one finished with an exception, or all done)
 * or `timeout` lesson seconds pass.  done[i] (may be NULL) says which are
 * done; returns how many. */
int wf_pfuture_wait(wf_pfuture *const *fs, size_t n, enum wf_wait_when when, double timeout,
		    bool *done);

/* concurrent.futures.as_completed(fs, timeout): the futures in the order
 * they finish (those done already first, oldest first).  The timeout is
 * for the whole iteration, counted from wf_as_completed_new. */
typedef struct wf_as_completed wf_as_completed;
/* NULL when out of memory. */
wf_as_completed *wf_as_completed_new(wf_pfuture *const *fs, size_t n, double timeout);
/* The next future to finish, in *out: 0, WF_EDONE when every one has been
 * given, WF_ETIMEDOUT when the timeout passed first (TimeoutError). */
int wf_as_completed_next(wf_as_completed *it, wf_pfuture **out);
/* NULL is fine. */
void wf_as_completed_free(wf_as_completed *it);

/* ---- executors: ThreadPoolExecutor, ProcessPoolExecutor, Pool ---------- */

/* The work a pool runs: 0 with *result set, or the exception it raises
 * (WF_EUSER - n).  In a process pool arg and result are values: they are
 * copied across the processes (pointers into the shared arena are fine). */
typedef int (*wf_work_fn)(uint64_t arg, uint64_t *result);

typedef struct wf_pool wf_pool;

#define WF_POOL_PROCESSES 1u /* workers are forked processes, not threads */
#define WF_POOL_MAX_WORKERS 32
#define WF_POOL_MAX_TASKS 1024 /* calls one pool accepts in its life */

/* A pool of up to `workers` threads (lanes "name_0", "name_1" ...:
 * Python's "ThreadPoolExecutor-0_0"), started one per submit while none is
 * idle, as ThreadPoolExecutor does; or, with WF_POOL_PROCESSES, `workers`
 * processes ("name-1" ...: "ForkPoolWorker-1") forked now, then a result
 * thread ("name-results"): make it while the caller has no other threads.
 * NULL when out of memory or workers is out of range. */
wf_pool *wf_pool_new(const char *name, unsigned workers, unsigned flags);
/* Executor.submit(fn, arg) / Pool.apply_async: queues the call and returns
 * its future (named `task`), which a worker completes.  NULL after
 * shutdown or when the pool's task table or the arena is full. */
wf_pfuture *wf_pool_submit(wf_pool *p, const char *task, wf_work_fn fn, uint64_t arg);
/* Executor.map(fn, args) / Pool.map: submits every call (futures named
 * "task[i]"), then waits for each in input order, whatever order they
 * finish in; results[i] is args[i]'s.  0, or the first exception in input order (the remaining
 * calls still run). */
int wf_pool_map(wf_pool *p, const char *task, wf_work_fn fn, const uint64_t *args, size_t n,
		uint64_t *results);
/* Executor.shutdown(wait, cancel_futures) / Pool.close + join: no more
 * submits; with cancel_futures the calls still queued are cancelled; the
 * workers end once the queue is drained.  wait: joins them (and a process
 * pool's result thread).  Call it with wait true once before the run ends.
 * 0, or WF_ESYS when a join fails. */
int wf_pool_shutdown(wf_pool *p, bool wait, bool cancel_futures);
/* Calls queued and not yet taken by a worker. */
unsigned wf_pool_queued(wf_pool *p);
/* The pid and actor of the worker that ran (or runs) the call behind f;
 * -1 / 0xffff when none has taken it. */
int wf_pool_worker_of(wf_pool *p, const wf_pfuture *f, int *pid, uint16_t *actor);

/* The calling actor's name: threading.current_thread().name in a pool's
 * thread ("ThreadPoolExecutor-0_1"), current_process().name in its
 * processes; "" when the caller is not an actor. */
const char *wf_current_name(void);

#ifndef WEFT_SIM_INTERNAL
#define wf_pfuture_result(f, t, v) WF_AT_(wf_pfuture_result(f, t, v))
#define wf_pfuture_exception(f, t) WF_AT_(wf_pfuture_exception(f, t))
#define wf_pfuture_wait(fs, n, w, t, d) WF_AT_(wf_pfuture_wait(fs, n, w, t, d))
#define wf_as_completed_next(it, out) WF_AT_(wf_as_completed_next(it, out))
#endif

#endif
