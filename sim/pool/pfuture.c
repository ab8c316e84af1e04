/*
 * pfuture.c - wf_pfuture: concurrent.futures.Future, a future any thread of
 * any process of the run can block on (weft_pool.h).
 *
 * The future lives in the arena: its state word, its value or exception,
 * when it finished, its done callbacks and the waiters registered on it,
 * all under one process-shared mutex.  The state only moves forward:
 * PENDING -> RUNNING -> FINISHED, or PENDING -> CANCELLED; once done it
 * never changes again, so readers may load it without the mutex.
 *
 * Waiting, for one future or many (result, wait, as_completed), is
 * Python's _Waiter: each waiting actor has one waiter of its own in the
 * arena (a shared mutex and condition, made on its first wait) and
 * registers it on every future it waits for; whoever completes a future
 * signals the waiters registered there.  The waiter re-checks what it
 * waits for under its own mutex, and the completer sets the state before
 * signalling, so no wake-up is lost; a future whose waiter slots are all
 * taken is still seen within one lesson-time slice (lessontime.h).
 *
 * Events: EV_OBJ_NEW (OBJ_FUTURE) when made; EV_FUT_STATE on each change
 * of state; EV_WAIT / EV_WAKE on the future around every wait that blocks
 * (for several futures, on the first of them still pending, moving on as
 * they finish); EV_FUT_CALLBACK before each done callback, from the lane
 * that runs it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "pfuture.h"
#include "pshared.h"
#include "weft.h"

#define PFUTURE_CALLBACKS 8
#define PFUTURE_WAITERS 16

/* One per waiting actor, in the arena, so a completer in another process
 * can signal it. */
struct pwaiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint16_t actor;
	uint64_t token; /* matches the maker's cache while this arena lives */
};

struct wf_pfuture {
	pthread_mutex_t mu;
	_Atomic uint32_t state; /* enum pfuture_state (event.h) */
	int error;              /* its exception, 0 for a result */
	uint64_t value;
	uint64_t done_at;       /* clock ticks when it became done: as_completed's order */
	uint16_t id;
	unsigned ncallbacks;
	struct {
		wf_pfuture_fn fn;
		void *arg;
	} cb[PFUTURE_CALLBACKS];
	struct pwaiter *waiters[PFUTURE_WAITERS];
	char name[ARENA_NAME_MAX];
};

wf_pfuture *wf_pfuture_new(const char *name)
{
	wf_pfuture *f = arena_alloc(wf_arena, sizeof *f);
	if (!f || pshared_mutex_init(&f->mu, true) != 0)
		return NULL;
	strncpy(f->name, name ? name : "future", sizeof f->name - 1);
	f->id = object_register(f->name, OBJ_FUTURE, 0);
	return f;
}

const char *wf_pfuture_name(const wf_pfuture *f)
{
	return f->name;
}

static uint32_t state_of(const wf_pfuture *f)
{
	return atomic_load(&((wf_pfuture *)f)->state);
}

static bool is_done(const wf_pfuture *f)
{
	uint32_t s = state_of(f);
	return s == PF_FINISHED || s == PF_CANCELLED;
}

bool wf_pfuture_done(const wf_pfuture *f)
{
	return is_done(f);
}

bool wf_pfuture_running(const wf_pfuture *f)
{
	return state_of(f) == PF_RUNNING;
}

bool wf_pfuture_cancelled(const wf_pfuture *f)
{
	return state_of(f) == PF_CANCELLED;
}

/* The future's object mirrors "done" as an event's level, so a stepped
 * wait on it is enabled once it is done (gate.h). */
static void publish(wf_pfuture *f)
{
	if (f->id < ARENA_MAX_OBJECTS)
		atomic_store(&wf_arena->objects[f->id].level, is_done(f));
}

/* With f->mu held: moves f to `state` and reports it. */
static void set_state(wf_pfuture *f, uint32_t state)
{
	if (state == PF_FINISHED || state == PF_CANCELLED)
		f->done_at = clock_ticks();
	atomic_store(&f->state, state);
	publish(f);
	emit(EV_FUT_STATE, f->id, state, state == PF_FINISHED && f->error ? (uint64_t)(int64_t)f->error
									     : f->value);
}

/* The exact counters (objkind.h: a future's "waits" and "callbacks"). */
enum { FUT_WAITS = 1, FUT_CALLBACKS = 2 };

static void run_callback(wf_pfuture *f, unsigned i, wf_pfuture_fn fn, void *arg)
{
	arena_count_add(wf_arena, f->id, FUT_CALLBACKS, 1);
	emit(EV_FUT_CALLBACK, f->id, i, 0);
	fn(f, arg);
}

/* Ends f in `state` (FINISHED with value / error, or CANCELLED), then
 * wakes its waiters and runs its callbacks here.  False when it was done
 * already (or, for a cancel, running). */
static bool complete(wf_pfuture *f, uint32_t state, uint64_t value, int error)
{
	pthread_mutex_lock(&f->mu);
	uint32_t was = state_of(f);
	if (was == PF_FINISHED || was == PF_CANCELLED || (state == PF_CANCELLED && was == PF_RUNNING)) {
		pthread_mutex_unlock(&f->mu);
		return false;
	}
	f->value = value;
	f->error = error;
	set_state(f, state);
	struct pwaiter *waiters[PFUTURE_WAITERS];
	memcpy(waiters, f->waiters, sizeof waiters);
	unsigned n = f->ncallbacks;
	pthread_mutex_unlock(&f->mu);

	for (unsigned i = 0; i < PFUTURE_WAITERS; i++) {
		struct pwaiter *w = waiters[i];
		if (!w)
			continue;
		pthread_mutex_lock(&w->mu);
		gate_wake(w->actor);
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	/* Slots below n are written once and never change after done. */
	for (unsigned i = 0; i < n; i++)
		run_callback(f, i, f->cb[i].fn, f->cb[i].arg);
	return true;
}

bool wf_pfuture_set_running(wf_pfuture *f)
{
	pthread_mutex_lock(&f->mu);
	bool ok = state_of(f) == PF_PENDING;
	if (ok)
		set_state(f, PF_RUNNING);
	pthread_mutex_unlock(&f->mu);
	return ok;
}

int wf_pfuture_set_result(wf_pfuture *f, uint64_t value)
{
	return complete(f, PF_FINISHED, value, 0) ? 0 : WF_ESTATE;
}

int wf_pfuture_set_exception(wf_pfuture *f, int error)
{
	return complete(f, PF_FINISHED, 0, error < 0 ? error : WF_EUSER) ? 0 : WF_ESTATE;
}

bool wf_pfuture_cancel(wf_pfuture *f)
{
	if (complete(f, PF_CANCELLED, 0, 0))
		return true;
	return state_of(f) == PF_CANCELLED;
}

int wf_pfuture_add_done_callback(wf_pfuture *f, wf_pfuture_fn fn, void *arg)
{
	pthread_mutex_lock(&f->mu);
	if (!is_done(f)) {
		if (f->ncallbacks == PFUTURE_CALLBACKS) {
			pthread_mutex_unlock(&f->mu);
			return WF_ENOMEM;
		}
		unsigned i = f->ncallbacks;
		f->cb[i].fn = fn;
		f->cb[i].arg = arg;
		f->ncallbacks = i + 1;
		pthread_mutex_unlock(&f->mu);
		return 0;
	}
	unsigned i = f->ncallbacks;
	pthread_mutex_unlock(&f->mu);
	run_callback(f, i, fn, arg); /* done already: at once, in the adder */
	return 0;
}

/* --- waiting ------------------------------------------------------------- */

/* The calling actor's waiter (made on its first wait).  Keyed by actor, so
 * a forked child, which inherits its parent's thread-local, makes its own;
 * and by a token kept in the waiter, so a cache that outlived its arena
 * (a test maps one after another, maybe at the same address) is not used. */
static _Thread_local struct {
	struct pwaiter *w;
	struct arena *arena; /* the cache is read only in the arena it was made in */
	uint16_t actor;
	uint64_t token;
} mine = {NULL, NULL, WF_NONE, 0};

static struct pwaiter *my_waiter(void)
{
	if (mine.w && mine.arena == wf_arena && mine.actor == actor_self.id && mine.w->token == mine.token)
		return mine.w;
	struct pwaiter *w = arena_alloc(wf_arena, sizeof *w);
	if (!w || pshared_mutex_init(&w->mu, true) != 0 || pshared_cond_init(&w->cv, true) != 0)
		return NULL;
	w->actor = actor_self.id;
	w->token = clock_ticks() | 1;
	mine.w = w;
	mine.arena = wf_arena;
	mine.actor = actor_self.id;
	mine.token = w->token;
	return w;
}

static void enlist(wf_pfuture *f, struct pwaiter *w, bool on)
{
	pthread_mutex_lock(&f->mu);
	for (unsigned i = 0; i < PFUTURE_WAITERS; i++) {
		if (on && !f->waiters[i]) {
			f->waiters[i] = w;
			break;
		}
		if (!on && f->waiters[i] == w) {
			f->waiters[i] = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&f->mu);
}

struct wait_set {
	wf_pfuture *const *fs;
	size_t n;
	enum wf_wait_when when;
};

static bool raised(const wf_pfuture *f)
{
	return state_of(f) == PF_FINISHED && f->error != 0;
}

static bool satisfied(const struct wait_set *s)
{
	size_t done = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!is_done(s->fs[i]))
			continue;
		done++;
		if (s->when == WF_FIRST_COMPLETED || (s->when == WF_FIRST_EXCEPTION && raised(s->fs[i])))
			return true;
	}
	return done == s->n;
}

/* The future a blocked waiter is drawn waiting on: the first still pending. */
static uint16_t shown(const struct wait_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!is_done(s->fs[i]))
			return s->fs[i]->id;
	return WF_NONE;
}

/* Blocks until s is satisfied or lesson time reaches deadline; returns
 * whether it is.  Each round counts as blocked (no deadline) or sleeping
 * (a deadline) for stepping, and a completer marks it running before it
 * signals, so a waiter woken for one future of several re-blocks. */
static bool wait_set(const struct wait_set *s, int64_t deadline, double timeout)
{
	if (satisfied(s))
		return true;
	uint16_t obj = shown(s);
	gate_step(timeout < 0 && s->n == 1 ? EV_WAIT : EV_STEP, obj, NULL, wf_line);
	if (satisfied(s) || timeout == 0)
		return satisfied(s);
	struct pwaiter *w = my_waiter();
	if (w)
		for (size_t i = 0; i < s->n; i++)
			enlist(s->fs[i], w, true);
	arena_count_add(wf_arena, obj, FUT_WAITS, 1);
	emit(EV_WAIT, obj, 0, 0);
	bool ok = false;
	if (w)
		pthread_mutex_lock(&w->mu);
	for (;;) {
		if ((ok = satisfied(s)))
			break;
		uint16_t now = shown(s);
		if (now != obj) { /* the one drawn finished, another still holds us */
			emit(EV_WAKE, obj, 0, 0);
			arena_count_add(wf_arena, now, FUT_WAITS, 1);
			emit(EV_WAIT, now, 0, 0);
			obj = now;
		}
		if (deadline == LESSONTIME_FOREVER)
			gate_block();
		else
			gate_sleep(deadline);
		int r;
		if (w) {
			r = lessontime_cond_wait(&w->cv, &w->mu, deadline);
		} else { /* no waiter could be made: poll a slice at a time */
			int64_t until = lessontime_now() + LESSONTIME_SLICE_NS;
			lessontime_sleep_until(until < deadline ? until : deadline);
			r = lessontime_now() >= deadline ? ETIMEDOUT : 0;
		}
		gate_unblocked();
		if (r == ETIMEDOUT) {
			ok = satisfied(s);
			break;
		}
	}
	if (w)
		pthread_mutex_unlock(&w->mu);
	emit(EV_WAKE, obj, !ok, 0);
	if (w)
		for (size_t i = 0; i < s->n; i++)
			enlist(s->fs[i], w, false);
	return ok;
}

static int outcome(const wf_pfuture *f, uint64_t *value)
{
	uint32_t s = state_of(f);
	if (s == PF_CANCELLED)
		return WF_ECANCELLED;
	if (f->error)
		return f->error;
	if (value)
		*value = f->value;
	return 0;
}

int wf_pfuture_result(wf_pfuture *f, double timeout, uint64_t *value)
{
	wf_pfuture *one[1] = {f};
	struct wait_set s = {one, 1, WF_ALL_COMPLETED};
	if (!wait_set(&s, lessontime_deadline(timeout), timeout))
		return WF_ETIMEDOUT;
	return outcome(f, value);
}

int wf_pfuture_exception(wf_pfuture *f, double timeout)
{
	wf_pfuture *one[1] = {f};
	struct wait_set s = {one, 1, WF_ALL_COMPLETED};
	if (!wait_set(&s, lessontime_deadline(timeout), timeout))
		return WF_ETIMEDOUT;
	return state_of(f) == PF_CANCELLED ? WF_ECANCELLED : f->error;
}

int wf_pfuture_wait(wf_pfuture *const *fs, size_t n, enum wf_wait_when when, double timeout,
		    bool *done)
{
	struct wait_set s = {fs, n, when};
	wait_set(&s, lessontime_deadline(timeout), timeout);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		bool d = is_done(fs[i]);
		if (done)
			done[i] = d;
		count += d;
	}
	return count;
}

/* --- as_completed -------------------------------------------------------- */

struct wf_as_completed {
	wf_pfuture **left; /* not yet given out */
	size_t n;
	int64_t deadline;
	double timeout;
};

wf_as_completed *wf_as_completed_new(wf_pfuture *const *fs, size_t n, double timeout)
{
	wf_as_completed *it = calloc(1, sizeof *it);
	if (!it || !(it->left = malloc((n ? n : 1) * sizeof *it->left))) {
		free(it);
		return NULL;
	}
	memcpy(it->left, fs, n * sizeof *fs);
	it->n = n;
	it->deadline = lessontime_deadline(timeout);
	it->timeout = timeout;
	return it;
}

int wf_as_completed_next(wf_as_completed *it, wf_pfuture **out)
{
	if (it->n == 0)
		return WF_EDONE;
	struct wait_set s = {it->left, it->n, WF_FIRST_COMPLETED};
	double left = it->timeout < 0 ? WF_FOREVER : (double)(it->deadline - lessontime_now()) / 1e9;
	if (!wait_set(&s, it->deadline, left < 0 && it->timeout >= 0 ? 0 : left))
		return WF_ETIMEDOUT;
	size_t best = it->n;
	for (size_t i = 0; i < it->n; i++)
		if (is_done(it->left[i]) && (best == it->n || it->left[i]->done_at < it->left[best]->done_at))
			best = i;
	*out = it->left[best];
	/* The rest stay in the caller's order: the first pending is the one drawn. */
	memmove(&it->left[best], &it->left[best + 1], (it->n - best - 1) * sizeof *it->left);
	it->n--;
	return 0;
}

void wf_as_completed_free(wf_as_completed *it)
{
	if (it) {
		free(it->left);
		free(it);
	}
}

uint16_t pfuture_object(const wf_pfuture *f)
{
	return f->id;
}
