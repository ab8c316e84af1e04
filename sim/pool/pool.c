/*
 * pool.c - wf_pool: a fixed set of workers taking calls from one queue
 * (ThreadPoolExecutor, ProcessPoolExecutor, multiprocessing.Pool).
 *
 * Everything a worker needs lives in the arena: the pool, its table of
 * calls (function, argument, future) and its queues.  submit writes a
 * call into the next slot of the table, then queues its index; a worker
 * gets an index, marks the future running (skipping a cancelled one),
 * runs the call and completes it:
 *
 *  - a thread pool's worker completes the future itself, so the done
 *    callbacks run on the worker's lane, as in Python;
 *  - a process pool's calls and outcomes cross as messages (weft_msg.h:
 *    copied through the arena's message heap, drawn from lane to lane, as
 *    Python pickles them through pipes): the worker sends the outcome on
 *    the result queue, and the parent's result thread (Python's
 *    executor manager thread / the Pool's result handler) completes the
 *    future there, so callbacks run in the parent, where their effects
 *    are seen, on that thread's lane.
 *
 * A slot is written once, before its index is queued, and read after it
 * is taken: the queues' mutexes order the two.  A process pool forks all
 * its workers when it is made (multiprocessing.Pool does); a thread pool
 * starts a thread per submit while none is idle, up to its size, as
 * ThreadPoolExecutor does.  Workers run call after call, so one pid (or
 * thread) running a second call, a worker reused, is seen in the events:
 * EV_TASK_SUBMIT from the submitter, EV_TASK_START / EV_TASK_END from the
 * worker that ran it.  The queue's depth is submitted minus taken.  A
 * worker ends on a stop index, which shutdown queues once per worker
 * after the calls.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "pfuture.h"
#include "weft.h"

#define POOL_STOP UINT64_MAX

/* The exact counters (objkind.h: a pool's "submitted" and "completed"). */
enum { POOL_SUBMITTED = 0, POOL_COMPLETED = 1 };

struct pool_call {
	wf_work_fn fn;
	uint64_t arg;     /* thread pools; a process pool's travels in the call's message */
	wf_pfuture *fut;
	_Atomic int32_t pid; /* the worker that took it, 0 until then */
	uint16_t actor;
};

/* What crosses between a process pool's parent and its workers, as
 * messages (weft_msg.h): a call one way, its outcome the other. */
struct call_msg {
	uint64_t index; /* POOL_STOP: the worker (or the result thread) ends */
	uint64_t value; /* the argument, or the result */
	int64_t error;  /* outcomes: 0, or the exception */
};

struct worker_arg {
	struct wf_pool *pool;
	unsigned slot;
};

struct wf_pool {
	unsigned nworkers, flags;
	uint16_t id;
	_Atomic bool shut;
	_Atomic uint32_t ncalls; /* slots handed out (may pass the table: those are refused) */
	_Atomic uint32_t taken;  /* calls workers have taken off the queue */
	_Atomic uint32_t started; /* workers started (a thread pool starts them as calls come) */
	_Atomic uint32_t idle;   /* thread pools: Python's _idle_semaphore, a permit per call ended */
	wf_queue *calls;         /* calls to run, then one POOL_STOP per worker: indices in a
	                            thread pool, struct call_msg messages in a process pool */
	wf_queue *results;       /* process pools: outcomes (struct call_msg), then POOL_STOP */
	char name[ARENA_NAME_MAX];
	wf_thread threads[WF_POOL_MAX_WORKERS];
	wf_process procs[WF_POOL_MAX_WORKERS];
	wf_thread handler;       /* process pools: completes the futures in the parent */
	struct worker_arg wargs[WF_POOL_MAX_WORKERS];
	bool joined;
	struct pool_call call[WF_POOL_MAX_TASKS];
};

/* Runs call i on this worker; returns its outcome in the slot. */
static void run_call(wf_pool *p, unsigned slot, uint32_t i, uint64_t arg)
{
	struct pool_call *c = &p->call[i];
	atomic_fetch_add(&p->taken, 1);
	if (!wf_pfuture_set_running(c->fut)) { /* cancelled while queued: dropped */
		emit(EV_TASK_END, p->id, i, (uint32_t)WF_ECANCELLED);
		return;
	}
	c->actor = actor_self.id;
	atomic_store(&c->pid, (int32_t)getpid());
	emit(EV_TASK_START, p->id, i, slot);
	uint64_t value = 0;
	int error = c->fn(arg, &value);
	emit(EV_TASK_END, p->id, i, (uint32_t)error);
	arena_count_add(wf_arena, p->id, POOL_COMPLETED, 1);
	if (p->flags & WF_POOL_PROCESSES) {
		struct call_msg out = {i, value, error};
		wf_queue_put_msg(p->results, &out, sizeof out, WF_FOREVER);
		return;
	}
	if (error)
		wf_pfuture_set_exception(c->fut, error);
	else
		wf_pfuture_set_result(c->fut, value);
	atomic_fetch_add(&p->idle, 1);
}

static void worker(void *arg)
{
	struct worker_arg w = *(struct worker_arg *)arg;
	for (;;) {
		struct call_msg in = {POOL_STOP, 0, 0};
		if (w.pool->flags & WF_POOL_PROCESSES)
			wf_queue_get_msg(w.pool->calls, &in, sizeof in, NULL, WF_FOREVER);
		else
			wf_queue_get(w.pool->calls, &in.index, WF_FOREVER);
		if (in.index >= WF_POOL_MAX_TASKS)
			return;
		uint32_t i = (uint32_t)in.index;
		run_call(w.pool, w.slot, i, w.pool->flags & WF_POOL_PROCESSES ? in.value : w.pool->call[i].arg);
	}
}

/* A process pool's result thread, in the parent. */
static void handler(void *arg)
{
	wf_pool *p = arg;
	for (;;) {
		struct call_msg out = {POOL_STOP, 0, 0};
		wf_queue_get_msg(p->results, &out, sizeof out, NULL, WF_FOREVER);
		if (out.index >= WF_POOL_MAX_TASKS)
			return;
		wf_pfuture *f = p->call[out.index].fut;
		if (out.error)
			wf_pfuture_set_exception(f, (int)out.error);
		else
			wf_pfuture_set_result(f, out.value);
	}
}

wf_pool *wf_pool_new(const char *name, unsigned workers, unsigned flags)
{
	if (workers == 0 || workers > WF_POOL_MAX_WORKERS)
		return NULL;
	wf_pool *p = arena_alloc(wf_arena, sizeof *p);
	if (!p)
		return NULL;
	snprintf(p->name, sizeof p->name, "%s", name ? name : "pool");
	p->nworkers = workers;
	p->flags = flags;
	bool procs = flags & WF_POOL_PROCESSES;
	char qname[ARENA_NAME_MAX + 8];
	snprintf(qname, sizeof qname, "%s calls", p->name);
	p->calls = wf_queue_new(qname, WF_POOL_MAX_TASKS + WF_POOL_MAX_WORKERS, procs ? WF_SHARED : 0);
	if (procs) {
		snprintf(qname, sizeof qname, "%s results", p->name);
		p->results = wf_queue_new(qname, WF_POOL_MAX_TASKS + 1, WF_SHARED);
	}
	if (!p->calls || (procs && !p->results))
		return NULL;
	p->id = object_register(p->name, OBJ_POOL, workers);
	if (!procs)
		return p; /* threads start as calls come (start_thread) */
	for (unsigned i = 0; i < workers; i++) {
		char wname[ARENA_NAME_MAX + 12];
		snprintf(wname, sizeof wname, "%s-%u", p->name, i + 1);
		p->wargs[i] = (struct worker_arg){p, i};
		if (wf_process_spawn(&p->procs[i], wname, worker, &p->wargs[i]) != 0) {
			p->nworkers = i;
			wf_pool_shutdown(p, true, true);
			return NULL;
		}
		atomic_store(&p->started, i + 1);
	}
	char hname[ARENA_NAME_MAX + 12];
	snprintf(hname, sizeof hname, "%s-results", p->name);
	if (wf_thread_spawn(&p->handler, hname, handler, p) != 0) {
		wf_pool_shutdown(p, true, true);
		return NULL;
	}
	return p;
}

/* ThreadPoolExecutor._adjust_thread_count: after a submit, a worker that
 * ended a call may take it (an idle permit); else one more thread starts,
 * up to the pool's size. */
static void start_thread(wf_pool *p)
{
	uint32_t idle = atomic_load(&p->idle);
	while (idle > 0)
		if (atomic_compare_exchange_weak(&p->idle, &idle, idle - 1))
			return;
	uint32_t n = atomic_load(&p->started);
	do {
		if (n >= p->nworkers)
			return;
	} while (!atomic_compare_exchange_weak(&p->started, &n, n + 1));
	char wname[ARENA_NAME_MAX + 12];
	snprintf(wname, sizeof wname, "%s_%u", p->name, n);
	p->wargs[n] = (struct worker_arg){p, n};
	if (wf_thread_spawn(&p->threads[n], wname, worker, &p->wargs[n]) != 0)
		p->threads[n].actor = WF_NONE; /* the calls still queued wait for the others */
}

/* Queues call i (or POOL_STOP) for a worker: its index in a thread pool,
 * the index and argument as a message in a process pool. */
static void put_call(wf_pool *p, uint64_t i, uint64_t arg)
{
	if (p->flags & WF_POOL_PROCESSES) {
		struct call_msg in = {i, arg, 0};
		wf_queue_put_msg(p->calls, &in, sizeof in, WF_FOREVER);
	} else {
		wf_queue_put(p->calls, i, WF_FOREVER);
	}
}

wf_pfuture *wf_pool_submit(wf_pool *p, const char *task, wf_work_fn fn, uint64_t arg)
{
	if (atomic_load(&p->shut))
		return NULL;
	uint32_t i = atomic_fetch_add(&p->ncalls, 1);
	if (i >= WF_POOL_MAX_TASKS)
		return NULL;
	char name[ARENA_NAME_MAX];
	if (task)
		snprintf(name, sizeof name, "%s", task);
	else
		snprintf(name, sizeof name, "task %u", i);
	struct pool_call *c = &p->call[i];
	c->fn = fn;
	c->arg = arg;
	c->actor = WF_NONE;
	if (!(c->fut = wf_pfuture_new(name)))
		return NULL;
	wf_pfuture *f = c->fut;
	arena_count_add(wf_arena, p->id, POOL_SUBMITTED, 1);
	emit(EV_TASK_SUBMIT, p->id, i, pfuture_object(f));
	put_call(p, i, arg);
	if (!(p->flags & WF_POOL_PROCESSES))
		start_thread(p);
	return f;
}

int wf_pool_map(wf_pool *p, const char *task, wf_work_fn fn, const uint64_t *args, size_t n,
		uint64_t *results)
{
	wf_pfuture *fs[WF_POOL_MAX_TASKS];
	if (n > WF_POOL_MAX_TASKS)
		return WF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char name[ARENA_NAME_MAX];
		snprintf(name, sizeof name, "%s[%zu]", task ? task : "map", i);
		if (!(fs[i] = wf_pool_submit(p, name, fn, args[i])))
			return WF_ENOMEM;
	}
	int first = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0;
		int r = wf_pfuture_result(fs[i], WF_FOREVER, &v);
		if (results)
			results[i] = v;
		if (r && !first)
			first = r;
	}
	return first;
}

int wf_pool_shutdown(wf_pool *p, bool wait, bool cancel_futures)
{
	if (!atomic_exchange(&p->shut, true)) {
		uint32_t n = atomic_load(&p->ncalls);
		if (n > WF_POOL_MAX_TASKS)
			n = WF_POOL_MAX_TASKS;
		if (cancel_futures)
			for (uint32_t i = 0; i < n; i++)
				if (p->call[i].fut)
					wf_pfuture_cancel(p->call[i].fut);
		for (unsigned i = 0; i < atomic_load(&p->started); i++)
			put_call(p, POOL_STOP, 0);
	}
	if (!wait || p->joined)
		return 0;
	p->joined = true;
	int r = 0;
	bool procs = p->flags & WF_POOL_PROCESSES;
	for (unsigned i = 0; i < atomic_load(&p->started); i++) {
		if (!procs && p->threads[i].actor == WF_NONE)
			continue; /* never started */
		if ((procs ? wf_process_join(&p->procs[i]) : wf_thread_join(&p->threads[i])) != 0)
			r = WF_ESYS;
	}
	if (procs && p->handler.actor) {
		struct call_msg stop = {POOL_STOP, 0, 0};
		wf_queue_put_msg(p->results, &stop, sizeof stop, WF_FOREVER);
		if (wf_thread_join(&p->handler) != 0)
			r = WF_ESYS;
	}
	return r;
}

unsigned wf_pool_queued(wf_pool *p)
{
	uint32_t n = atomic_load(&p->ncalls);
	if (n > WF_POOL_MAX_TASKS)
		n = WF_POOL_MAX_TASKS;
	return n - atomic_load(&p->taken);
}

int wf_pool_worker_of(wf_pool *p, const wf_pfuture *f, int *pid, uint16_t *actor)
{
	uint32_t n = atomic_load(&p->ncalls);
	for (uint32_t i = 0; i < n && i < WF_POOL_MAX_TASKS; i++) {
		if (p->call[i].fut != f)
			continue;
		int32_t who = atomic_load(&p->call[i].pid);
		if (pid)
			*pid = who ? who : -1;
		if (actor)
			*actor = who ? p->call[i].actor : WF_NONE;
		return who ? 0 : WF_ESTATE;
	}
	return WF_ESTATE;
}

const char *wf_current_name(void)
{
	return actor_self.id < ARENA_MAX_ACTORS ? wf_arena->actors[actor_self.id].name : "";
}
