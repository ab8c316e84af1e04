/*
 * collector.c - draining, merging and folding (see collector.h).
 *
 * One pending stream per actor ring plus one for injected events.  An
 * entry owns the copy of its printed text, taken when it was drained
 * (the text ring may be overwritten afterwards).
 *
 * Cost per event is what `weft bench` (row ingest) holds to >= 100 M
 * events/s:
 *  - a pump drains every ring completely (a copy, a few ns an event), so a
 *    ring only fills when the UI does not pump for a ring's worth of the
 *    producer's events; what is drained waits in the actor's stream, at most
 *    STREAM_MAX events of it (beyond that the ring keeps the rest, and a
 *    full ring drops, counted);
 *  - when a stream's backlog passes COALESCE_AT (the lesson outruns the
 *    fold), the stretch not yet looked at is coalesced: runs of a pair that
 *    leaves the model as it was (an uncontended acquire + release of one
 *    lock, a round trip to a coroutine and back) become one EV_COALESCED
 *    after the run's first pair, which folds to the same lanes, holders and
 *    counts (model.c); nothing a panel counts is lost, the exact counters
 *    are read as ever, and the events coalesced are counted apart from the
 *    dropped ones (collector_coalesced);
 *  - a pump folds for at most FOLD_BUDGET_NS unless it flushes, so a long
 *    backlog never stops the UI's frames: the next pump goes on;
 *  - the merge folds a run of events from the stream with the oldest head
 *    until it passes the next stream's head, touching the heap once a run,
 *    not once an event;
 *  - ticks become lesson ns by one linear map a pump (the clock's
 *    calibration composed with the timebase segment in force), one multiply
 *    an event; an event older than that segment takes the full search
 *    (timebase_ticks_lesson_ns).  Segments are told apart by the raw tick
 *    they began, so an event written after a jump of the step clock carries
 *    the jump's time however far the calibration drifted.  The map may
 *    round 1 ns differently from the full search;
 *  - which event types carry a text is read from ev_text_ref once, into a
 *    table, not asked per event;
 *  - a stream keeps its events and their texts in two arrays, so a ring is
 *    drained straight into the stream's events: one copy, not two.
 *
 * Besides the actors' events it injects two of its own, so the model, the
 * trace and replay know them: EV_DROPPED when the count of lost events has
 * grown since the last pump (the stretch since then is partial), and
 * EV_COUNTER for each exact counter of the arena's objects that changed,
 * every COUNTER_PERIOD_NS and at the final flush.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "collector.h"
#include "imagetext.h"
#include "btrace.h"
#include "trace.h"

#define STREAMS (ARENA_MAX_ACTORS + 1)
#define INJECTED ARENA_MAX_ACTORS
#define DRAIN_CHUNK 16384
#define STREAM_MAX (2 * RING_CAP)  /* events drained and not yet folded, per stream */
#define DRAIN_MIN_NS 200000        /* the drainer's sleep while rings fill */
#define DRAIN_MAX_NS 10000000      /* ... and while they stay empty */
#define COALESCE_AT (RING_CAP / 4) /* a backlog this long is coalesced */
#define FOLD_BUDGET_NS 20000000ull /* 20 ms of folding a pump, unless it flushes */
#define TEXT_MAX 512
#define VERBS 8 /* made step labels are kept per (verb, object) */
#define COUNTER_PERIOD_NS 100000000ull /* 0.1 s between readings of the exact counters */

struct stream {
	struct wf_ev *ev;
	char **text;           /* text[i]: owned copy of the text ev[i] carries, or NULL */
	size_t head, len, cap; /* entries [head, len) wait to be folded */
	size_t scanned;        /* [head, scanned) was looked at for coalescing */
};

struct collector {
	struct arena *arena;
	model *model;
	trace_writer *trace; /* NULL unless the run is recorded as text */
	btrace_writer *btrace; /* NULL unless the run is recorded (binary) */
	struct stream s[STREAMS];
	/* Rings are read under ring_lock, by the pump or by the drainer thread
	 * (collector_start_drainer), which copies into spill[]: one reader at
	 * a time, and what it took is older than what is still in the ring. */
	pthread_mutex_t ring_lock;
	struct stream spill[ARENA_MAX_ACTORS];
	struct stream take[ARENA_MAX_ACTORS]; /* a spill taken by the pump, its arrays kept */
	pthread_t drainer;
	bool draining;
	_Atomic bool stop;
	_Atomic uint64_t events, lost_texts, coalesced; /* also bumped by the drainer */
	bool has_text[EV_TYPE_COUNT]; /* ev_text_ref says the type carries a text */
	int heap[STREAMS]; /* stream ids ordered by their head's ts */
	size_t heap_len;
	uint64_t dropped_seen, pumped_at; /* lost events reported so far; ticks of the last pump */
	uint64_t counted_at;              /* ticks the counters were last read */
	uint64_t (*counted)[OBJ_COUNTERS]; /* the counters as last injected, per object */
	char **made; /* made step labels, [verb * (ARENA_MAX_OBJECTS + 1) + object] */
};

collector *collector_new(struct arena *a, model *m)
{
	collector *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->arena = a;
	c->model = m;
	pthread_mutex_init(&c->ring_lock, NULL);
	for (unsigned t = 0; t < EV_TYPE_COUNT; t++) {
		struct wf_ev ev = {.type = (uint16_t)t};
		uint64_t offset;
		size_t len;
		c->has_text[t] = ev_text_ref(&ev, &offset, &len);
	}
	return c;
}

static void stream_free(struct stream *s)
{
	for (size_t j = s->head; j < s->len; j++)
		free(s->text[j]);
	free(s->ev);
	free(s->text);
}

void collector_free(collector *c)
{
	if (!c)
		return;
	if (c->draining) {
		atomic_store(&c->stop, true);
		pthread_join(c->drainer, NULL);
	}
	free(c->counted);
	for (size_t i = 0; c->made && i < VERBS * (ARENA_MAX_OBJECTS + 1); i++)
		free(c->made[i]);
	free(c->made);
	for (int i = 0; i < STREAMS; i++)
		stream_free(&c->s[i]);
	for (int i = 0; i < ARENA_MAX_ACTORS; i++) {
		stream_free(&c->spill[i]);
		stream_free(&c->take[i]);
	}
	pthread_mutex_destroy(&c->ring_lock);
	free(c);
}

/* Room for n more entries at s->len; 0, or -1 when out of memory.  The
 * folded front is reused only when it is at least half the array, so a
 * long backlog is moved O(1) times per event, not once per chunk. */
static int stream_reserve(struct stream *s, size_t n)
{
	if (s->len + n <= s->cap)
		return 0;
	size_t live = s->len - s->head;
	if (s->head > 0 && live + n <= s->cap && s->head >= s->cap / 2) {
		memmove(s->ev, s->ev + s->head, live * sizeof *s->ev);
		memmove(s->text, s->text + s->head, live * sizeof *s->text);
		s->len = live;
		s->scanned = s->scanned > s->head ? s->scanned - s->head : 0;
		s->head = 0;
		return 0;
	}
	size_t cap = s->cap ? s->cap : 1024;
	while (cap < s->len + n)
		cap *= 2;
	struct wf_ev *ev = realloc(s->ev, cap * sizeof *ev);
	if (!ev)
		return -1;
	s->ev = ev;
	char **text = realloc(s->text, cap * sizeof *text);
	if (!text)
		return -1; /* ev stays grown; cap is still what both hold */
	s->text = text;
	s->cap = cap;
	return 0;
}

/* The text an event carries in the arena's text ring (a printed line, a
 * step's label, a callback's or timer's name: ev_text_ref says where),
 * copied now, before writers lap the ring; NULL when it carries none. */
static char *copy_text(collector *c, const struct wf_ev *ev)
{
	char buf[TEXT_MAX];
	uint64_t offset;
	size_t len;
	if (!ev_text_ref(ev, &offset, &len))
		return NULL;
	if (arena_text_get(c->arena, offset, len, buf, sizeof buf) < 0) {
		c->lost_texts++;
		return strdup("(line lost: printed faster than it was read)");
	}
	return strdup(buf);
}

/* A unit that leaves the model as it was, at ev[i] (before end): an
 * uncontended acquire and release of one lock (kind EV_ACQUIRE, `with` the
 * lock), or a send to a coroutine that yields straight back (EV_CORO_RESUME,
 * `with` the coroutine), and around them the step points its actor passed
 * unparked (a recorded free run: only their order is kept), counted in
 * *steps.  Its length, or 0. */
static size_t neutral_unit(const struct wf_ev *ev, size_t i, size_t end, uint16_t *kind,
			   uint16_t *with, uint64_t *steps)
{
	uint16_t x = ev[i].actor;
	size_t j = i;
	*steps = 0;
#define PASSED(k) ((k) < end && ev[k].type == EV_STEP && !STEP_PARKED(ev[k].b) && ev[k].actor == x)
	while (PASSED(j))
		j++, (*steps)++;
	if (j < end && ev[j].type == EV_ACQUIRE && ev[j].a == 0 && ev[j].b == 1 && ev[j].actor == x) {
		*kind = EV_ACQUIRE;
		*with = ev[j].obj;
		j++;
		while (PASSED(j))
			j++, (*steps)++;
		if (j < end && ev[j].type == EV_RELEASE && ev[j].b == 0 && ev[j].actor == x &&
		    ev[j].obj == *with)
			return j + 1 - i;
		j = i + *steps; /* no pair: only the steps before it */
	} else if (j + 1 < end && ev[j].type == EV_CORO_RESUME && ev[j].actor == x &&
		   ev[j + 1].type == EV_CORO_YIELD && ev[j + 1].actor == ev[j].a && ev[j + 1].a == x) {
		*kind = EV_CORO_RESUME;
		*with = (uint16_t)ev[j].a;
		return j + 2 - i;
	}
	if (*steps) { /* steps alone */
		*kind = EV_STEP;
		*with = WF_NONE;
		return *steps;
	}
#undef PASSED
	return 0;
}

#define RUN_KEYS 8 /* locks and coroutines one run of units may mix */

struct run_key {
	uint16_t kind, with; /* as neutral_unit says */
	uint64_t count;      /* units counted, after the first */
};

/* Coalesces the stretch of s not looked at yet (see the top of the file),
 * in place.  A run is a sequence of units by one actor: the first unit of
 * each lock or coroutine is kept as it is, after which the actor and that
 * lock or coroutine are where every further unit leaves them, so those are
 * only counted (an EV_COALESCED for each, at the run's last time; the steps
 * passed in one more).  What might begin a unit at the end is left for the
 * next look.  Linear: every event is looked at once. */
static void coalesce(collector *c, struct stream *s)
{
	size_t i = s->scanned > s->head ? s->scanned : s->head, w = i, end = s->len;
	const struct wf_ev *ev = s->ev;
	while (i < end) {
		uint16_t kind, with;
		uint64_t steps;
		size_t n = neutral_unit(ev, i, end, &kind, &with, &steps);
		if (!n) {
			if (end - i < 8) /* maybe a unit not yet whole */
				break;
			s->ev[w] = s->ev[i];
			s->text[w++] = s->text[i++];
			continue;
		}
		struct run_key key[RUN_KEYS];
		size_t nkeys = 0, j = i;
		uint64_t passed = 0;
		uint16_t x = ev[i].actor, line = ev[i].line;
		while (j < end && ev[j].actor == x && (n = neutral_unit(ev, j, end, &kind, &with, &steps))) {
			size_t k = 0;
			while (k < nkeys && (key[k].kind != kind || key[k].with != with))
				k++;
			size_t keep = 0; /* events of the unit kept as they are */
			if (k == nkeys) {
				if (nkeys == RUN_KEYS)
					break;
				key[nkeys++] = (struct run_key){kind, with, 0};
				keep = kind == EV_STEP ? 1 : n; /* a run of steps: its first */
			} else if (kind != EV_STEP) {
				key[k].count++;
			}
			for (size_t m = 0; m < n; m++, j++) {
				if (m < keep) {
					s->ev[w] = s->ev[j];
					s->text[w++] = s->text[j];
				} else {
					passed += ev[j].type == EV_STEP;
					free(s->text[j]); /* a step's label from the text ring: counted, not kept */
				}
			}
		}
		uint64_t last = ev[j - 1].ts;
		for (size_t k = 0; k < nkeys; k++) {
			if (!key[k].count || key[k].kind == EV_STEP)
				continue;
			s->ev[w] = (struct wf_ev){last, x, EV_COALESCED, key[k].with, line, key[k].count, key[k].kind};
			s->text[w++] = NULL;
			c->coalesced += 2 * key[k].count - 1;
		}
		if (passed) {
			s->ev[w] = (struct wf_ev){last, x, EV_COALESCED, WF_NONE, line, passed, EV_STEP};
			s->text[w++] = NULL;
			c->coalesced += passed - 1;
		}
		i = j;
	}
	size_t scanned = w;
	for (; i < end; i++, w++) {
		s->ev[w] = s->ev[i];
		s->text[w] = s->text[i];
	}
	s->len = w;
	s->scanned = scanned;
}

/* Drains ring r into stream s, all of it unless the stream's backlog is
 * full; coalesces a long backlog.  Under ring_lock. */
static void drain_into(collector *c, struct stream *s, struct ring *r)
{
	for (;;) {
		size_t pending = s->len - s->head;
		if (pending >= STREAM_MAX)
			break;
		size_t want = STREAM_MAX - pending < DRAIN_CHUNK ? STREAM_MAX - pending : DRAIN_CHUNK;
		if (stream_reserve(s, want) < 0)
			break;
		size_t n = ring_drain(r, s->ev + s->len, want);
		if (n < want && ring_kept(r) && want - n > RING_OVER + 1) /* read empty: the overflow too */
			n += ring_take_overflow(r, s->ev + s->len + n);
		for (size_t i = s->len; i < s->len + n; i++) {
			const struct wf_ev *ev = &s->ev[i];
			s->text[i] = NULL;
			if (ev->type < EV_TYPE_COUNT && c->has_text[ev->type])
				s->text[i] = copy_text(c, ev);
			else if (ev->type == EV_COALESCED && ev->a) /* the producer's, while its ring was full */
				c->coalesced += (ev->b == EV_STEP ? ev->a : 2 * ev->a) - 1;
		}
		s->len += n;
		c->events += n;
		if (s->len - s->head > COALESCE_AT)
			coalesce(c, s);
		if (n < want)
			break;
	}
}

/* Takes into each actor's stream what the drainer spilled and what is
 * still in its ring.  The rings are read under ring_lock into the spills,
 * which are swapped out whole; the copy into the streams and their
 * coalescing happen after, so the drainer never waits long. */
static void drain_all(collector *c, uint32_t actors)
{
	pthread_mutex_lock(&c->ring_lock);
	for (uint32_t i = 0; i < actors; i++) {
		drain_into(c, &c->spill[i], &c->arena->rings[i]);
		if (c->spill[i].len > c->spill[i].head) {
			struct stream t = c->take[i];
			c->take[i] = c->spill[i];
			c->spill[i] = t;
		}
	}
	pthread_mutex_unlock(&c->ring_lock);
	for (uint32_t i = 0; i < actors; i++) {
		struct stream *s = &c->s[i], *tk = &c->take[i];
		size_t n = tk->len - tk->head;
		if (!n)
			continue;
		if (s->head == s->len) { /* nothing waits: the spill becomes the stream */
			struct stream t = *s;
			*s = *tk;
			*tk = t;
			s->scanned = 0;
		} else if (stream_reserve(s, n) == 0) {
			memcpy(s->ev + s->len, tk->ev + tk->head, n * sizeof *s->ev);
			memcpy(s->text + s->len, tk->text + tk->head, n * sizeof *s->text);
			s->len += n;
		} else {
			continue; /* out of memory: it waits in take */
		}
		tk->head = tk->len = tk->scanned = 0; /* its arrays stay, for the next spill */
		if (s->len - s->head > COALESCE_AT)
			coalesce(c, s);
	}
}

/* The drainer: empties every ring into the spill streams every
 * DRAIN_MIN_NS while events come, backing off to DRAIN_MAX_NS while none
 * do, so a producer that bursts (an uncontended lock taken 40 M times a
 * second) does not fill its ring while the UI thread draws or waits. */
static void *drainer_main(void *arg)
{
	collector *c = arg;
	long sleep_ns = DRAIN_MIN_NS;
	while (!atomic_load_explicit(&c->stop, memory_order_relaxed)) {
		nanosleep(&(struct timespec){0, sleep_ns}, NULL);
		pthread_mutex_lock(&c->ring_lock);
		uint64_t before = c->events;
		uint32_t actors = arena_actor_count(c->arena);
		for (uint32_t i = 0; i < actors; i++)
			drain_into(c, &c->spill[i], &c->arena->rings[i]);
		uint64_t got = c->events - before;
		pthread_mutex_unlock(&c->ring_lock);
		sleep_ns = got > 1024 ? DRAIN_MIN_NS : sleep_ns * 2 < DRAIN_MAX_NS ? sleep_ns * 2 : DRAIN_MAX_NS;
	}
	return NULL;
}

int collector_start_drainer(collector *c)
{
	if (c->draining)
		return 0;
	if (pthread_create(&c->drainer, NULL, drainer_main, c) != 0)
		return -1;
	c->draining = true;
	return 0;
}

void collector_inject(collector *c, const struct wf_ev *ev, const char *text)
{
	struct stream *s = &c->s[INJECTED];
	if (stream_reserve(s, 1) < 0)
		return;
	s->ev[s->len] = *ev;
	s->text[s->len++] = text ? strdup(text) : NULL;
	c->events++;
}

/* --- a min-heap of stream ids keyed by the ts of their next entry --- */

static uint64_t head_ts(const collector *c, int id)
{
	const struct stream *s = &c->s[id];
	return s->ev[s->head].ts;
}

static void heap_swap(collector *c, size_t i, size_t j)
{
	int t = c->heap[i];
	c->heap[i] = c->heap[j];
	c->heap[j] = t;
}

static void heap_down(collector *c, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < c->heap_len && head_ts(c, c->heap[l]) < head_ts(c, c->heap[m]))
			m = l;
		if (r < c->heap_len && head_ts(c, c->heap[r]) < head_ts(c, c->heap[m]))
			m = r;
		if (m == i)
			return;
		heap_swap(c, i, m);
		i = m;
	}
}

/* The heap of streams with entries: the first `actors` and the injected. */
static void heap_build(collector *c, uint32_t actors)
{
	c->heap_len = 0;
	for (uint32_t i = 0; i < actors; i++)
		if (c->s[i].head < c->s[i].len)
			c->heap[c->heap_len++] = (int)i;
	if (c->s[INJECTED].head < c->s[INJECTED].len)
		c->heap[c->heap_len++] = INJECTED;
	for (size_t i = c->heap_len / 2; i-- > 0;)
		heap_down(c, i);
}


/* "acquire counter_lock": a primitive's step label, made once per kind and
 * object (whose name never changes) and kept; NULL when out of memory. */
static const char *made_label(collector *c, unsigned kind, uint16_t obj)
{
	static const uint16_t verbs[VERBS] = {EV_ACQUIRE, EV_RELEASE, EV_PUT, EV_GET,
					      EV_WAIT, EV_NOTIFY, EV_SLEEP, EV_STEP};
	unsigned v = 0;
	while (v < VERBS - 1 && verbs[v] != kind)
		v++;
	size_t slot = (size_t)v * (ARENA_MAX_OBJECTS + 1) + (obj < ARENA_MAX_OBJECTS ? obj : ARENA_MAX_OBJECTS);
	if (!c->made && !(c->made = calloc(VERBS * (ARENA_MAX_OBJECTS + 1), sizeof *c->made)))
		return NULL;
	if (!c->made[slot]) {
		const char *what = obj < ARENA_MAX_OBJECTS ? c->arena->objects[obj].name : "";
		size_t n = strlen(ev_step_verb(kind)) + 1 + strnlen(what, ARENA_NAME_MAX) + 1;
		if ((c->made[slot] = malloc(n)))
			snprintf(c->made[slot], n, "%s %.*s", ev_step_verb(kind), ARENA_NAME_MAX, what);
	}
	return c->made[slot];
}

static const char *event_text(collector *c, const struct wf_ev *ev, const char *text)
{
	switch (ev->type) {
	case EV_STEP:
		if (ev->b & STEP_LABEL_IMAGE)
			return image_text_string((uintptr_t)ev->a, TEXT_MAX);
		if (ev->b & STEP_LABEL_MADE)
			return made_label(c, STEP_KIND(ev->b), ev->obj);
		return text;
	case EV_SPAWN:
		return ev->actor < ARENA_MAX_ACTORS ? c->arena->actors[ev->actor].name : NULL;
	case EV_OBJ_NEW:
		return ev->obj < ARENA_MAX_OBJECTS ? c->arena->objects[ev->obj].name : NULL;
	default:
		return text;
	}
}

/* ticks -> lesson ns for every tick at or after `start`, the tick the
 * segment in force began (timebase_ticks_lesson_ns by one multiply): the
 * clock's calibration composed with the segment, lesson0 until the
 * calibrated clock reaches real0. */
struct tick_map {
	uint64_t start, from;
	int64_t lesson0;    /* lesson ns in [start, from) */
	double lesson_from; /* lesson ns at `from` */
	double ns_per_tick; /* times the segment's speed */
};

static struct tick_map tick_map_now(const struct timebase *tb)
{
	struct clock_map cm = clock_map();
	struct timebase_segment seg = timebase_latest(tb);
	double ticks = (double)(seg.real0 - cm.mono_base) / cm.ns_per_tick;
	uint64_t from = cm.tsc_base + (uint64_t)(int64_t)ticks + 1; /* never before real0 */
	if (from < seg.tick0)
		from = seg.tick0;
	double real_from = (double)cm.mono_base + (double)(int64_t)(from - cm.tsc_base) * cm.ns_per_tick;
	return (struct tick_map){seg.tick0, from, seg.lesson0,
				 (double)seg.lesson0 + (real_from - (double)seg.real0) * seg.speed,
				 cm.ns_per_tick * seg.speed};
}

/* Injects EV_DROPPED when events were lost since the last pump, and the
 * exact counters that changed when it is time to read them. */
static void inject_own(collector *c, uint64_t now, bool flush)
{
	uint64_t dropped = collector_dropped(c);
	if (dropped > c->dropped_seen) {
		const struct timebase *tb = &c->arena->ctl.time;
		uint64_t since = c->pumped_at ? (uint64_t)timebase_ticks_lesson_ns(tb, c->pumped_at) : 0;
		collector_inject(c, &(struct wf_ev){now, WF_NONE, EV_DROPPED, WF_NONE, 0, dropped, since},
				 NULL);
		c->dropped_seen = dropped;
	}
	c->pumped_at = now;
	uint64_t period = (uint64_t)((double)COUNTER_PERIOD_NS / clock_ns_per_tick());
	if (!flush && now - c->counted_at < period)
		return;
	c->counted_at = now;
	if (!c->counted && !(c->counted = calloc(ARENA_MAX_OBJECTS, sizeof *c->counted)))
		return;
	uint32_t n = arena_object_count(c->arena);
	for (uint32_t i = 0; i < n; i++)
		for (unsigned k = 0; k < OBJ_COUNTERS; k++) {
			uint64_t v = atomic_load_explicit(&c->arena->objects[i].count[k], memory_order_relaxed);
			if (v == c->counted[i][k])
				continue;
			c->counted[i][k] = v;
			collector_inject(c, &(struct wf_ev){now, WF_NONE, EV_COUNTER, (uint16_t)i, 0, k, v},
					 NULL);
		}
}

size_t collector_pump(collector *c, bool flush)
{
	uint64_t now = clock_ticks();
	uint32_t actors = arena_actor_count(c->arena);
	drain_all(c, actors);
	inject_own(c, now, flush);
	uint64_t holdback = (uint64_t)((double)COLLECTOR_HOLDBACK_NS / clock_ns_per_tick());
	uint64_t limit = flush ? UINT64_MAX : now - holdback;
	const struct timebase *tb = &c->arena->ctl.time;
	const struct tick_map map = tick_map_now(tb);
	size_t folded = 0, checked = 0;
	uint64_t budget = flush ? UINT64_MAX : (uint64_t)((double)FOLD_BUDGET_NS / clock_ns_per_tick());
	heap_build(c, actors);
	while (c->heap_len > 0) {
		if (folded - checked >= 16384) {
			/* Producers go on while we fold: take in what they wrote
			 * before their rings fill; a long backlog is left for the
			 * next pump. */
			checked = folded;
			drain_all(c, actors);
			if (clock_ticks() - now > budget)
				break;
		}
		int id = c->heap[0];
		struct stream *s = &c->s[id];
		if (s->ev[s->head].ts > limit)
			break;
		/* This stream leads until its head passes the next one's. */
		uint64_t until = limit;
		for (size_t k = 1; k <= 2 && k < c->heap_len; k++) {
			uint64_t t = head_ts(c, c->heap[k]);
			if (t < until)
				until = t;
		}
		do {
			struct wf_ev ev = s->ev[s->head];
			char *owned = s->text[s->head];
			uint64_t ticks = ev.ts;
			if (ticks >= map.from)
				ev.ts = (uint64_t)(int64_t)(map.lesson_from +
							    (double)(ticks - map.from) * map.ns_per_tick);
			else if (ticks >= map.start)
				ev.ts = (uint64_t)map.lesson0;
			else
				ev.ts = (uint64_t)timebase_ticks_lesson_ns(tb, ticks);
			const char *text = event_text(c, &ev, owned);
			if (ev.type == EV_STEP && ev.b & (STEP_LABEL_IMAGE | STEP_LABEL_MADE)) {
				ev.a = 0; /* where it was is of this run only: the text says it */
				ev.b &= ~(STEP_LABEL_IMAGE | STEP_LABEL_MADE);
			}
			model_fold(c->model, &ev, text);
			if (c->btrace)
				btrace_event(c->btrace, &ev, text);
			else if (c->trace)
				trace_event(c->trace, &ev, text);
			if (owned)
				free(owned);
			folded++;
		} while (++s->head < s->len && s->ev[s->head].ts <= until);
		if (s->head == s->len) {
			s->head = s->len = s->scanned = 0;
			c->heap[0] = c->heap[--c->heap_len];
		}
		heap_down(c, 0);
	}
	/* What is left, or is still to be written, needs the segments from
	 * the one in force at the oldest of it on. */
	uint64_t need = limit < now ? limit : now;
	if (c->heap_len > 0 && head_ts(c, c->heap[0]) < need)
		need = head_ts(c, c->heap[0]);
	timebase_keep_from(&c->arena->ctl.time, need);
	if (folded)
		trace_flush(c->trace), btrace_flush(c->btrace); /* a run cut short keeps what was folded */
	return folded;
}

void collector_record(collector *c, trace_writer *w)
{
	c->trace = w;
}

void collector_record_binary(collector *c, btrace_writer *w)
{
	c->btrace = w;
}

uint64_t collector_dropped(const collector *c)
{
	uint64_t n = atomic_load(&c->arena->ctl.dropped_orphan) + c->lost_texts;
	uint32_t actors = arena_actor_count(c->arena);
	for (uint32_t i = 0; i < actors; i++)
		n += ring_dropped(&c->arena->rings[i]);
	return n;
}

uint64_t collector_events(const collector *c)
{
	return atomic_load(&c->events);
}

uint64_t collector_coalesced(const collector *c)
{
	return atomic_load(&c->coalesced);
}
