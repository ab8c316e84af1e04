/*
 * model.c - fold the merged event stream into what the widgets draw.
 *
 * Each actor is a small state machine (running, runnable, blocked, sleeping,
 * exited) whose changes become intervals on its lane; each object keeps its
 * holder, waiters and wait statistics (locks) or its depth series (queues);
 * the console keeps the latest printed lines; the wait-for graph is walked
 * whenever an edge appears, and the first cycle found is the deadlock.
 *
 * Invariants:
 *  - The model is a pure function of the events folded: no clock, no I/O,
 *    no globals.  Time only moves forward: an older ts is read as `now`.
 *  - Actors and objects live in tables indexed by id, below MODEL_ACTOR_MAX
 *    and MODEL_OBJECT_MAX; an event naming an actor never spawned, or an
 *    object never created, is counted in `ignored` and changes nothing.
 *  - Along a lane, t0 strictly increases and neighbours differ in
 *    (state, obj, cpu): a change at the same t replaces the last interval.
 *    Likewise along a series, t strictly increases and depth changes.
 *  - Memory is bounded: a full lane or series merges its older half
 *    pairwise, so the recent half stays exact.  Failing to grow an array
 *    merges early instead; failing to allocate anything else drops that
 *    datum and counts it in `ignored`.  Nothing is ever left half-updated.
 *  - Once an actor has exited its state no longer changes.
 *  - The public structs handed out point into arrays that only move when
 *    an event is folded, hence "valid until the next fold".
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "namecopy.h"
#include "model_series.h"
#include "model_poolfold.h"

/* --- lanes and series ------------------------------------------------------ */

static int interval_same(const struct model_interval *x, const struct model_interval *y)
{
	return x->state == y->state && x->obj == y->obj && x->cpu == y->cpu &&
	       x->joining == y->joining && x->kstate == y->kstate;
}

/* Merges the oldest three quarters of a full lane pairwise, in place, and
 * moves the newest quarter down after them with one memmove; returns the
 * new length.  Of each pair the longer-lasting state survives, starting at
 * the first t0.  A merge frees at least len / 4 - 1 slots for len / 4 + 1
 * pair reads and len / 4 moved intervals, so a push costs O(1) amortised:
 * about one pair read and one copy, never a rescan of the exact part. */
static size_t lane_compact(struct model_interval *v, size_t len)
{
	size_t old = (len - len / 4) & ~(size_t)1;
	size_t n = 0;

	for (size_t i = 0; i < old; i += 2) {
		struct model_interval keep = v[i + 1];
		int64_t first = v[i + 1].t0 - v[i].t0;
		int64_t second = v[i + 2].t0 - v[i + 1].t0; /* v[old] is the first recent one */

		if (second <= first)
			keep = v[i];
		keep.t0 = v[i].t0;
		if (n == 0 || !interval_same(&v[n - 1], &keep))
			v[n++] = keep;
	}
	size_t from = old;
	if (n && interval_same(&v[n - 1], &v[from])) /* the first recent one goes on from there */
		from++;
	memmove(&v[n], &v[from], (len - from) * sizeof *v);
	return n + (len - from);
}

/* The capacity an array of `cap` elements grows to, or 0 when at max. */
static size_t grown(size_t cap, size_t max)
{
	if (cap >= max)
		return 0;
	return !cap ? GROW_FIRST : cap * 2 < max ? cap * 2 : max;
}

/* Records the actor's current (state, obj, cpu) on its lane from t. */
static void lane_push(model *m, struct actor_rec *r, int64_t t)
{
	struct model_actor *a = &r->pub;
	struct model_interval iv = { .t0 = t, .state = a->state, .cpu = a->cpu, .obj = a->obj,
				     .joining = a->joining, .kstate = a->kstate };
	size_t len = a->lane_len;

	if (len && interval_same(&r->lane[len - 1], &iv))
		return;
	if (len && r->lane[len - 1].t0 == t) {
		len--;
		if (len && interval_same(&r->lane[len - 1], &iv)) {
			a->lane_len = len;
			return;
		}
	}
	if (len == r->cap) {
		size_t want = grown(r->cap, MODEL_LANE_MAX);
		struct model_interval *p = want ? realloc(r->lane, want * sizeof *p) : NULL;

		if (p) {
			r->lane = p;
			r->cap = want;
		} else if (len) {
			len = lane_compact(r->lane, len); /* at max, or out of memory */
		}
		if (len == r->cap) { /* not even a first array */
			m->ignored++;
			a->lane_len = len;
			return;
		}
	}
	r->lane[len++] = iv;
	a->lane = r->lane;
	a->lane_len = len;
}

/* Records a queue's depth at t on its series. */
static void series_push(model *m, struct object_rec *o, int64_t t, uint32_t depth)
{
	struct model_object *q = &o->pub;
	size_t len = q->series_len;

	if (len && o->series[len - 1].depth == depth)
		return;
	if (len && o->series[len - 1].t == t) {
		len--;
		if (len && o->series[len - 1].depth == depth) {
			q->series_len = len;
			return;
		}
	}
	if (len == o->cap) {
		size_t want = grown(o->cap, MODEL_SERIES_MAX);
		struct model_sample *p = want ? realloc(o->series, want * sizeof *p) : NULL;

		if (p) {
			o->series = p;
			o->cap = want;
		} else if (len) {
			len = series_compact(o->series, len);
		}
		if (len == o->cap) {
			m->ignored++;
			q->series_len = len;
			return;
		}
	}
	o->series[len++] = (struct model_sample){ .t = t, .depth = depth };
	q->series = o->series;
	q->series_len = len;
}

/* --- actor states and the wait-for graph ----------------------------------- */

/* Moves an actor to a state from t, keeping the objects' waiter counts. */
static void actor_set(model *m, struct actor_rec *r, uint8_t state, uint16_t obj,
		      uint8_t why, int64_t t)
{
	struct model_actor *a = &r->pub;
	struct object_rec *o;

	if (a->state == AS_EXITED)
		return;
	if (a->state == AS_BLOCKED && !a->joining && (o = object_get(m, a->obj)) && o->pub.waiters)
		o->pub.waiters--;
	if (state == AS_BLOCKED && why != WHY_JOIN && (o = object_get(m, obj)))
		o->pub.waiters++;
	if (state != a->state || obj != a->obj)
		a->since = t;
	a->state = state;
	a->obj = obj;
	a->joining = why == WHY_JOIN;
	r->why = why;
	lane_push(m, r, t);
}

/* Back in lesson code: running, unless the kernel last saw it queued. */
static void actor_run(model *m, struct actor_rec *r, int64_t t)
{
	uint8_t s = r->sched == KSCHED_RUNNABLE ? AS_RUNNABLE : AS_RUNNING;

	actor_set(m, r, s, WF_NONE, WHY_NONE, t);
}

/* The kernel shows the process ended and not reaped: a zombie, also after
 * its own EV_EXIT (which left it EXITED, and actor_set never leaves EXITED). */
static void actor_zombie(model *m, struct actor_rec *r, int64_t t)
{
	struct model_actor *a = &r->pub;

	if (r->reaped || a->state == AS_ZOMBIE)
		return;
	if (a->state != AS_EXITED) { /* killed: it never said it ended */
		actor_set(m, r, AS_ZOMBIE, WF_NONE, WHY_NONE, t);
		return;
	}
	a->state = AS_ZOMBIE;
	a->since = t;
	lane_push(m, r, t);
}

/* A join of `joiner` has returned: the joined process is reaped. */
static void join_done(model *m, struct actor_rec *joiner, int64_t t)
{
	struct actor_rec *x;

	if (joiner->pub.state != AS_BLOCKED || !joiner->pub.joining ||
	    !(x = actor_get(m, joiner->pub.obj)))
		return;
	x->reaped = 1;
	if (x->pub.state == AS_ZOMBIE)
		actor_set(m, x, AS_EXITED, WF_NONE, WHY_NONE, t);
}

/* Whom actor `id` waits for (through *obj, WF_NONE for a join), or WF_NONE. */
static uint16_t waits_for(const model *m, uint16_t id, uint16_t *obj)
{
	const struct actor_rec *r = actor_get(m, id);
	const struct actor_rec *target;
	const struct object_rec *o;

	if (!r || r->pub.state != AS_BLOCKED)
		return WF_NONE;
	if (r->why == WHY_JOIN) {
		target = actor_get(m, r->pub.obj);
		if (!target || target->pub.state == AS_EXITED)
			return WF_NONE;
		*obj = WF_NONE;
		return r->pub.obj;
	}
	if (r->why != WHY_LOCK || !(o = object_get(m, r->pub.obj)))
		return WF_NONE;
	if (o->pub.holder == id && o->pub.kind == OBJ_RMUTEX)
		return WF_NONE; /* re-entry never blocks; the model is behind */
	*obj = r->pub.obj;
	return o->pub.holder;
}

/* Follows the wait-for chain from `start`; a chain that comes back to it is
 * recorded as the deadlock, rotated to begin at its lowest actor id. */
static void deadlock_check(model *m, uint16_t start, int64_t t)
{
	uint16_t actor[MODEL_CYCLE_MAX], obj[MODEL_CYCLE_MAX];
	uint16_t cur = start, next = WF_NONE, via = WF_NONE;
	size_t n = 0, low = 0;

	if (m->deadlocked)
		return;
	while (n < MODEL_CYCLE_MAX) {
		next = waits_for(m, cur, &via);
		if (next == WF_NONE)
			return;
		actor[n] = cur;
		obj[n] = via;
		if (cur < actor[low])
			low = n;
		n++;
		if (next == start)
			break;
		cur = next;
	}
	if (n == MODEL_CYCLE_MAX && next != start)
		return;
	m->deadlocked = 1;
	m->deadlock.t = t;
	m->deadlock.len = n;
	for (size_t i = 0; i < n; i++) {
		m->deadlock.actor[i] = actor[(low + i) % n];
		m->deadlock.obj[i] = obj[(low + i) % n];
	}
}

/* --- one fold per event type ------------------------------------------------ */

static void fold_spawn(model *m, const struct wf_ev *ev, const char *text, int64_t t)
{
	struct actor_rec *r, *parent;
	uint16_t id = ev->actor;

	if (id >= MODEL_ACTOR_MAX || m->actor[id] || !(r = calloc(1, sizeof *r))) {
		m->ignored++;
		return;
	}
	name_copy(r->pub.name, sizeof r->pub.name, text);
	r->pub.parent = ev->a < WF_NONE ? (uint16_t)ev->a : WF_NONE;
	r->pub.pid = (int32_t)(uint32_t)(ev->b >> 32);
	r->pub.tid = (int32_t)(uint32_t)(ev->b & 0xffffffffu);
	parent = actor_get(m, r->pub.parent);
	r->pub.kind = parent && parent->pub.pid == r->pub.pid ? AK_THREAD : AK_PROCESS;
	if (r->pub.kind == AK_THREAD && r->pub.tid == 0)
		r->pub.kind = AK_CORO;
	r->pub.state = AS_NONE;
	r->pub.obj = WF_NONE;
	r->pub.cpu = CPU_UNKNOWN;
	m->actor[id] = r;
	r->id = (uint16_t)id;
	if (m->actor_count <= id)
		m->actor_count = (size_t)id + 1;
	if (r->pub.kind == AK_CORO) /* created, not started: a generator before its first next() */
		actor_set(m, r, AS_SUSPENDED, WF_NONE, WHY_NONE, t);
	else
		actor_run(m, r, t);
}

/* Control passing on one thread (EV_CORO_RESUME, EV_CORO_YIELD): actor r
 * hands the CPU to actor a.  The giver is suspended, unless it gives it up
 * because it waits (a task blocked on a queue, sleeping), which it keeps
 * showing; the taker runs, on the giver's CPU. */
static void fold_coro(model *m, struct actor_rec *r, const struct wf_ev *ev, int64_t t)
{
	struct actor_rec *to = actor_get(m, ev->a);

	if (!to) {
		m->ignored++;
		return;
	}
	if (r->pub.state == AS_RUNNING || r->pub.state == AS_RUNNABLE)
		actor_set(m, r, AS_SUSPENDED, WF_NONE, WHY_NONE, t);
	to->pub.cpu = r->pub.cpu;
	actor_run(m, to, t);
}

static void fold_obj_new(model *m, const struct wf_ev *ev, const char *text, int64_t t)
{
	struct object_rec *o;
	uint16_t id = ev->obj;

	if (id >= MODEL_OBJECT_MAX) {
		m->ignored++;
		return;
	}
	o = m->object[id];
	if (!o) {
		if (!(o = calloc(1, sizeof *o))) {
			m->ignored++;
			return;
		}
		o->pub.holder = WF_NONE;
		o->id = id;
		m->object[id] = o;
		if (m->object_count <= id)
			m->object_count = (size_t)id + 1;
	}
	name_copy(o->pub.name, sizeof o->pub.name, text);
	o->pub.kind = (uint8_t)ev->a;
	o->shape = (uint8_t)objkind_get(o->pub.kind)->shape;
	o->pub.capacity = (uint32_t)ev->b;
	if (o->pub.kind == OBJ_QUEUE && !o->pub.series_len)
		series_push(m, o, t, 0);
}

static void fold_acquire(model *m, struct actor_rec *r, struct object_rec *o,
			 const struct wf_ev *ev, int64_t t)
{
	struct model_object *l = &o->pub;
	uint16_t old = l->holder;
	int64_t waited = ev->a > INT64_MAX ? INT64_MAX : (int64_t)ev->a;

	l->acquisitions++;
	if (r->pub.state == AS_BLOCKED && r->why == WHY_LOCK && r->pub.obj == ev->obj) {
		l->wait_ns = waited > INT64_MAX - l->wait_ns ? INT64_MAX : l->wait_ns + waited;
		if (waited > l->wait_max_ns)
			l->wait_max_ns = waited;
	}
	l->holder = ev->actor;
	l->depth = ev->b ? (uint32_t)ev->b : 1;
	actor_run(m, r, t);
	if (old == l->holder || !l->waiters)
		return;
	/* Every chain from a waiter now runs into the new holder, who has just
	 * acquired and so waits for no one: no cycle closes through this lock,
	 * and the walk over every actor (once per contended acquire) is skipped. */
	uint16_t via;
	if (waits_for(m, l->holder, &via) == WF_NONE)
		return;
	for (size_t i = 0; i < m->actor_count && !m->deadlocked; i++) {
		const struct actor_rec *w = m->actor[i];

		if (w && w->pub.state == AS_BLOCKED && w->why == WHY_LOCK && w->pub.obj == ev->obj)
			deadlock_check(m, (uint16_t)i, t);
	}
}

static void fold_release(struct object_rec *o, const struct wf_ev *ev)
{
	/* Only the holder's release counts: the next holder's acquire may be
	 * stamped before this release and must not be undone by it. */
	if (o->pub.holder != ev->actor)
		return;
	o->pub.depth = (uint32_t)ev->b;
	if (!ev->b)
		o->pub.holder = WF_NONE;
}

static void fold_queue(model *m, struct actor_rec *r, struct object_rec *o,
		       const struct wf_ev *ev, int64_t t)
{
	struct model_object *q = &o->pub;
	bool queue = o->shape == SHAPE_QUEUE; /* else a pipe: b is its way */

	if (queue)
		q->queue_depth = (uint32_t)ev->a;
	if (ev->type == EV_PUT || ev->type == EV_GET) {
		*(ev->type == EV_PUT ? &q->puts : &q->gets) += 1;
		if (queue)
			q->capacity = (uint32_t)ev->b;
		if (r->pub.state == AS_BLOCKED && r->pub.obj == ev->obj && !r->pub.joining)
			actor_run(m, r, t);
	} else {
		*(ev->type == EV_QUEUE_FULL ? &q->full : &q->empty) += 1;
		if (ev->b == 1)
			actor_set(m, r, AS_BLOCKED, ev->obj, WHY_OTHER, t);
	}
	if (queue)
		series_push(m, o, t, q->queue_depth);
}

static void fold_print(model *m, const struct wf_ev *ev, const char *text, int64_t t)
{
	size_t n = strlen(text ? text : ""), slot;
	char *copy = malloc(n + 1);

	if (!copy) {
		m->ignored++;
		return;
	}
	memcpy(copy, text ? text : "", n + 1);
	if (m->line_count == MODEL_CONSOLE_MAX) {
		slot = m->line_head;
		free(m->text[slot]);
		m->line_head = (m->line_head + 1) % MODEL_CONSOLE_MAX;
	} else {
		slot = (m->line_head + m->line_count++) % MODEL_CONSOLE_MAX;
	}
	m->text[slot] = copy;
	m->line_total++;
	m->line[slot] = (struct model_line){ .t = t, .actor = ev->actor, .text = copy };
}

static void fold_sched(model *m, struct actor_rec *r, const struct wf_ev *ev, int64_t t)
{
	struct model_actor *a = &r->pub;
	uint8_t state = a->state;
	char letter = SCHED_LETTER(ev->b), was = a->kstate;

	if (ev->a == KSCHED_GONE) { /* ended (and reaped); if its own EV_EXIT was lost, this says so */
		r->reaped = 1;
		actor_set(m, r, AS_EXITED, WF_NONE, WHY_NONE, t);
		return;
	}
	if (ev->a == KSCHED_ZOMBIE) {
		if (!r->reaped && letter)
			a->kstate = letter;
		actor_zombie(m, r, t);
		return;
	}
	if (state == AS_EXITED || state == AS_ZOMBIE) /* read while it was ending: the lane is over */
		return;
	a->cpu = SCHED_CPU(ev->b) < CPU_UNKNOWN ? (uint8_t)SCHED_CPU(ev->b) : CPU_UNKNOWN;
	if (letter)
		a->kstate = letter;
	if (ev->a >= KSCHED_RUNNING && ev->a <= KSCHED_IDLE)
		r->sched = (uint8_t)ev->a;
	if ((state != AS_RUNNING && state != AS_RUNNABLE) || a->parked) {
		if (a->kstate != was)
			lane_push(m, r, t);
		return;
	}
	if (ev->a == KSCHED_RUNNING)
		state = AS_RUNNING;
	else if (ev->a == KSCHED_RUNNABLE)
		state = AS_RUNNABLE;
	actor_set(m, r, state, WF_NONE, WHY_NONE, t);
}

/* Events whose obj must name a known object. */
static int needs_object(unsigned type)
{
	switch (type) {
	case EV_BLOCK_LOCK: case EV_ACQUIRE: case EV_RELEASE: case EV_ORDER_VIOLATION:
	case EV_WAIT: case EV_WAKE: case EV_NOTIFY: case EV_PUT: case EV_GET:
	case EV_QUEUE_FULL: case EV_QUEUE_EMPTY: case EV_QUEUE_SHUTDOWN:
	case EV_MSG_SEND: case EV_MSG_RECV: case EV_PIPE_CLOSE:
	case EV_FUT_STATE: case EV_FUT_CALLBACK: case EV_TASK_SUBMIT: case EV_TASK_START: case EV_TASK_END:
		return 1;
	default:
		return 0;
	}
}

/* --- public (model_new, model_clone, model_free: model_copy.c) ------------- */

/* A parked actor waits for a grant: parked (its own state: it waits for a
 * step, not for a CPU), or blocked when its step cannot go yet (the runtime refuses the grant then): an acquire of a lock
 * another holds, a get from an empty queue, a put into a full one. */
static void step_settle(model *m, struct actor_rec *r, int64_t t)
{
	struct object_rec *o = object_get(m, r->pending_obj);
	struct model_object *x = o ? &o->pub : NULL;
	bool lock = r->pending_kind == EV_ACQUIRE && x && x->holder != WF_NONE &&
		    x->holder != r->id;
	if (lock && !r->step_contended) { /* its acquire must wait: contended, once per step */
		x->contentions++;
		x->ev_count[CNT_CONTENDED]++;
		r->step_contended = 1;
	}
	bool queue = x && !x->shut && ((r->pending_kind == EV_GET && x->queue_depth == 0) ||
			   (r->pending_kind == EV_PUT && x->capacity && x->queue_depth >= x->capacity));
	if (lock || queue) {
		actor_set(m, r, AS_BLOCKED, r->pending_obj, lock ? WHY_LOCK : WHY_OTHER, t);
		if (lock)
			deadlock_check(m, r->id, t);
	} else {
		actor_set(m, r, AS_PARKED, WF_NONE, WHY_NONE, t);
	}
}

static void fold_step(model *m, struct actor_rec *r, const struct wf_ev *ev, const char *text,
		      int64_t t)
{
	struct model_actor *a = &r->pub;
	size_t n = strnlen(text ? text : "", sizeof a->pending - 1);
	memcpy(a->pending, text ? text : "", n);
	a->pending[n] = 0;
	a->pending_line = ev->line;
	r->pending_kind = STEP_KIND(ev->b);
	r->pending_obj = ev->obj;
	r->step_contended = 0;
	if (!STEP_PARKED(ev->b))
		return; /* a free run being recorded: it passed at once */
	a->parked = 1;
	m->parked++;
	m->ever_parked = 1;
	step_settle(m, r, t);
}

/* Object obj changed (a release, a put, a get): parked actors waiting on it
 * may go now, or no longer. */
static void steps_recheck(model *m, uint16_t obj, int64_t t)
{
	for (size_t i = 0; m->parked && i < m->actor_count; i++) {
		struct actor_rec *r = m->actor[i];
		if (r && r->pub.parked && r->pending_obj == obj)
			step_settle(m, r, t);
	}
}

/* EV_COALESCED: a repeats of a pair that leaves lanes, holders and waiters
 * as they were (the collector made it, sim/observe/collector.c); only what
 * the pairs count is counted, and the events folded are the pairs'. */
static void fold_coalesced(model *m, const struct wf_ev *ev)
{
	struct object_rec *o;
	uint64_t n = ev->a;

	m->events += (ev->b == EV_STEP ? n : 2 * n) - 1; /* the one event itself was counted */
	if (ev->b != EV_ACQUIRE)
		return; /* round trips, steps passed in a free run: nothing the model keeps */
	if (!(o = object_get(m, ev->obj))) {
		m->ignored++;
		return;
	}
	o->pub.acquisitions += n;
	if (o->shape == SHAPE_LOCK)
		o->pub.ev_count[CNT_ACQUIRES] += n;
}

/* An actor has ended after events were lost: a lock the model still has
 * it holding was let go in a lost release (a lesson's thread lets go
 * before it ends), so it is free, not "held by" a thread that is gone.
 * With nothing lost the model is exact and a lock held at exit stays held. */
static void exit_releases(model *m, uint16_t actor)
{
	if (!m->dropped)
		return;
	for (size_t i = 0; i < m->object_count; i++) {
		struct object_rec *o = m->object[i];
		if (o && o->shape == SHAPE_LOCK && o->pub.holder == actor) {
			o->pub.holder = WF_NONE;
			o->pub.depth = 0;
		}
	}
}

static bool in_cycle(const struct model_deadlock *d, uint16_t actor)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->actor[i] == actor)
			return true;
	return false;
}

void model_fold(model *m, const struct wf_ev *ev, const char *text)
{
	struct actor_rec *r;
	struct object_rec *o = NULL;
	int64_t t;

	if (!m || !ev)
		return;
	m->events++;
	t = ev->ts > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)ev->ts;
	if (t < m->now)
		t = m->now;
	m->now = t;

	if (ev->type == EV_SPAWN) {
		fold_spawn(m, ev, text, t);
		return;
	}
	if (ev->type == EV_OBJ_NEW) {
		fold_obj_new(m, ev, text, t);
		return;
	}
	if (ev->type == EV_COUNTER || ev->type == EV_DROPPED) { /* the collector's: no actor */
		if (ev->type == EV_COUNTER)
			shape_fold_counter(m, ev);
		else
			shape_fold_dropped(m, ev, t);
		return;
	}
	r = actor_get(m, ev->actor);
	if (!r || ev->type == EV_NONE || ev->type >= EV_TYPE_COUNT ||
	    (needs_object(ev->type) && !(o = object_get(m, ev->obj)))) {
		m->ignored++;
		return;
	}

	if (m->deadlocked && ev->type != EV_SCHED && in_cycle(&m->deadlock, ev->actor))
		m->deadlocked = 0; /* a deadlocked actor cannot act: events were lost */
	if (o)
		shape_fold(o, r, ev); /* the object's own state, before the actor moves */
	if (r->pub.parked && ev->type != EV_STEP && ev->type != EV_SCHED) {
		r->pub.parked = 0; /* it was granted its step and is taking it */
		m->parked--;
	}

	switch (ev->type) {
	case EV_EXIT:
		if (!r->exit_seen) /* the first report wins; a joiner may report again */
			r->pub.exit_status = (int64_t)ev->a;
		r->exit_seen = 1;
		if (r->pub.state == AS_ZOMBIE) /* killed, then reaped: its joiner reports it */
			r->reaped = 1;
		actor_set(m, r, AS_EXITED, WF_NONE, WHY_NONE, t);
		exit_releases(m, ev->actor);
		break;
	case EV_SLEEP:
		actor_set(m, r, AS_SLEEPING, WF_NONE, WHY_NONE, t);
		break;
	case EV_RUN:
		join_done(m, r, t);
		actor_run(m, r, t);
		break;
	case EV_WAKE:
		actor_run(m, r, t);
		break;
	case EV_BLOCK_LOCK:
		if (!r->step_contended) /* when the wait begins (it may never end), once */
			o->pub.contentions++;
		actor_set(m, r, AS_BLOCKED, ev->obj, WHY_LOCK, t);
		deadlock_check(m, ev->actor, t);
		break;
	case EV_ACQUIRE:
		fold_acquire(m, r, o, ev, t);
		r->step_contended = 0;
		steps_recheck(m, ev->obj, t); /* parked acquires of it can no longer go */
		break;
	case EV_RELEASE:
		fold_release(o, ev);
		steps_recheck(m, ev->obj, t);
		break;
	case EV_WAIT:
		actor_set(m, r, AS_BLOCKED, ev->obj, WHY_OTHER, t);
		break;
	case EV_PUT:
	case EV_GET:
	case EV_QUEUE_FULL:
	case EV_QUEUE_EMPTY:
		fold_queue(m, r, o, ev, t);
		steps_recheck(m, ev->obj, t);
		break;
	case EV_QUEUE_SHUTDOWN: /* blocked callers wake with their own EV_WAKE */
		o->pub.shut = (ev->b >> 32) & 1 ? 2 : (o->pub.shut ? o->pub.shut : 1);
		o->pub.queue_depth = (uint32_t)ev->a;
		series_push(m, o, t, o->pub.queue_depth);
		steps_recheck(m, ev->obj, t);
		break;
	case EV_JOIN:
		/* The joined actor may not have announced itself yet: a new
		 * thread's EV_SPAWN comes from its own ring when it first runs. */
		if (ev->a >= MODEL_ACTOR_MAX) {
			m->ignored++;
			break;
		}
		actor_set(m, r, AS_BLOCKED, (uint16_t)ev->a, WHY_JOIN, t);
		deadlock_check(m, ev->actor, t);
		break;
	case EV_NOTIFY:
		o->pub.notifies++;
		break;
	case EV_ORDER_VIOLATION:
		o->pub.violations++;
		break;
	case EV_PRINT:
		fold_print(m, ev, text, t);
		break;
	case EV_SCHED:
		fold_sched(m, r, ev, t);
		break;
	case EV_STEP:
		fold_step(m, r, ev, text, t);
		break;
	case EV_CORO_RESUME:
	case EV_CORO_YIELD:
		fold_coro(m, r, ev, t);
		break;
	case EV_CB_BEGIN:
	case EV_CB_END:
	case EV_TIMER_ADD:
	case EV_TIMER_DONE:
	case EV_LOOP_STATE:
	case EV_TASK:
	case EV_TASK_AWAIT:
		if (mloop_fold(&m->loop, ev, text, t) < 0)
			m->ignored++;
		break;
	case EV_MSG_SEND:
	case EV_MSG_RECV:
	case EV_PIPE_CLOSE:
		if (mmsg_fold(&m->msg, ev, t) < 0)
			m->ignored++;
		break;
	case EV_TASK_SUBMIT:
	case EV_TASK_START:
	case EV_TASK_END:
	case EV_FUT_STATE:
	case EV_FUT_CALLBACK:
		if (mpool_fold(&m->pool, ev, t) < 0)
			m->ignored++;
		break;
	case EV_COALESCED:
		if (ev->a)
			fold_coalesced(m, ev);
		break;
	default: /* EV_TERMINATE: counted, nothing to draw */
		break;
	}
}
