/*
 * test_collector.c - the collector's merge: events of several rings come out
 * in timestamp order, the newest stay back for COLLECTOR_HOLDBACK_NS so a
 * late writer still lands in order, and a flushing pump folds the rest.
 *
 * Events are pushed straight into the arena's rings with chosen raw
 * timestamps, and the collector records what it folds to a trace file, in
 * fold order: reading that trace back is how each test sees the merge.
 * "Old" events are stamped well before the pump (100 ms and more) and
 * "new" ones in the future (a second ahead), so whether a pump holds an
 * event back never depends on how fast the test runs; the one test of the
 * holdback's width says how it copes with a slow pump.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixtures.h"

#define ACTORS 3
#define MS 1000000.0

struct fixture {
	struct fixture_recorder r;
	collector *c; /* r.c */
	uint16_t actor[ACTORS];
	uint64_t now; /* raw ticks, taken after lesson time has run 200 ms */
};

static uint64_t ticks_of_ms(double ms)
{
	return (uint64_t)(ms * MS / clock_ns_per_tick());
}

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	if (fixture_arena_up(1.0, false) < 0)
		return -1;
	for (int i = 0; i < ACTORS; i++)
		f.actor[i] = actor_register(i == 0 ? "A" : i == 1 ? "B" : "C", AK_THREAD, WF_NONE);
	if (fixture_recorder_up(&f.r, "collector") < 0)
		return -1;
	f.c = f.r.c;
	/* Old stamps must fall after lesson time began. */
	nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
	f.now = clock_ticks();
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fixture_recorder_down(&f->r);
	return fixture_arena_down();
}

/* An event of actor i at raw time ts, tagged `seq` in b (EV_SLEEP's b is
 * unused), straight into i's ring. */
static void push(struct fixture *f, int i, uint64_t ts, uint64_t seq)
{
	struct wf_ev ev = {ts, f->actor[i], EV_SLEEP, WF_NONE, 0, 0, seq};
	assert_int_equal(ring_push(&wf_arena->rings[f->actor[i]], &ev), 0);
}

/* What was folded, in fold order. */
static const struct trace *folded(struct fixture *f)
{
	const struct trace *t = fixture_recorded(&f->r);
	assert_non_null(t);
	return t;
}

static void assert_order(const struct trace *t, const uint64_t *want, size_t n)
{
	assert_int_equal(t->nev, n);
	for (size_t i = 0; i < n; i++) {
		if (t->ev[i].b != want[i])
			fail_msg("event %zu folded is #%llu, not #%llu", i,
				 (unsigned long long)t->ev[i].b, (unsigned long long)want[i]);
		if (i > 0)
			assert_true(t->ev[i].ts >= t->ev[i - 1].ts);
	}
}

/* Three rings, each in order, interleaved across rings: one timestamp order. */
static void test_collector_merges_rings_in_timestamp_order(void **state)
{
	struct fixture *f = *state;
	uint64_t base = f->now - ticks_of_ms(150), step = ticks_of_ms(1);
	/* seq = the rank in time; ring i holds ranks i, i + 3, ... except that
	 * A runs ahead: A has ranks 0, 1, 2, 9, B 3, 5, 7, C 4, 6, 8. */
	static const int owner[] = {0, 0, 0, 1, 2, 1, 2, 1, 2, 0};
	for (int i = 0; i < ACTORS; i++)
		for (uint64_t r = 0; r < 10; r++)
			if (owner[r] == i)
				push(f, i, base + r * step, r);
	assert_int_equal(collector_pump(f->c, false), 10);
	assert_int_equal(collector_events(f->c), 10);
	const uint64_t want[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	assert_order(folded(f), want, 10);
	/* Lesson ns kept the spacing: 1 ms of raw time is 1 ms at speed 1. */
	assert_in_range(f->r.t.ev[9].ts - f->r.t.ev[0].ts, 9 * 1000000 - 1000, 9 * 1000000 + 1000);
}

/* Injected (UI-side) events merge with the rings like any actor's. */
static void test_collector_merges_injected_events(void **state)
{
	struct fixture *f = *state;
	uint64_t base = f->now - ticks_of_ms(150), step = ticks_of_ms(1);
	push(f, 0, base, 0);
	push(f, 0, base + 2 * step, 2);
	struct wf_ev ui = {base + step, f->actor[1], EV_SCHED, WF_NONE, 0, KSCHED_RUNNING, 1};
	collector_inject(f->c, &ui, NULL);
	assert_int_equal(collector_pump(f->c, false), 3);
	const struct trace *t = folded(f);
	assert_int_equal(t->nev, 3);
	assert_int_equal(t->ev[0].b, 0);
	assert_int_equal(t->ev[1].type, EV_SCHED);
	assert_int_equal(t->ev[2].b, 2);
}

/* What is newer than the holdback stays back; what is older is folded. */
static void test_collector_holds_back_the_newest(void **state)
{
	struct fixture *f = *state;
	uint64_t old = f->now - ticks_of_ms(100), ahead = f->now + ticks_of_ms(1000);
	push(f, 0, old, 0);
	push(f, 1, ahead, 1);
	assert_int_equal(collector_pump(f->c, false), 1);
	assert_int_equal(collector_pump(f->c, false), 0); /* still held */
	assert_int_equal(collector_pump(f->c, true), 1);
	const uint64_t want[] = {0, 1};
	assert_order(folded(f), want, 2);
}

/* The holdback is COLLECTOR_HOLDBACK_NS: 2.5 ms old is folded, 1 ms old
 * stays back.  A pump's own clock reading falls between `before` and
 * `after`; the verdict is taken only from a pump that ran within 0.5 ms
 * (else the 1 ms event may rightly have aged past the holdback), and
 * tried again otherwise: a busy machine can only skip this test. */
static void test_collector_holdback_is_2ms(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(COLLECTOR_HOLDBACK_NS, 2000000);
	for (uint64_t attempt = 0; attempt < 50; attempt++) {
		collector_pump(f->c, true); /* what a busy attempt left */
		uint64_t before = clock_ticks();
		push(f, 0, before - ticks_of_ms(2.5), 2 * attempt);
		push(f, 1, before - ticks_of_ms(1), 2 * attempt + 1);
		size_t n = collector_pump(f->c, false);
		uint64_t after = clock_ticks();
		assert_true(n >= 1); /* 2.5 ms old whenever the pump ran */
		if (after - before < ticks_of_ms(0.5)) {
			assert_int_equal(n, 1);
			return;
		}
	}
	skip(); /* never a pump within 0.5 ms: too busy to tell 1 ms from 2 */
}

/* A writer that was late (its event older than one already held back)
 * still lands before it: holding back is what makes that possible. */
static void test_collector_late_writer_lands_in_order(void **state)
{
	struct fixture *f = *state;
	uint64_t ms = ticks_of_ms(1);
	push(f, 0, f->now - 100 * ms, 0);
	push(f, 0, f->now + 1000 * ms, 3);
	push(f, 1, f->now + 900 * ms, 2); /* ahead of A's second, in another ring */
	assert_int_equal(collector_pump(f->c, false), 1);
	/* C writes now, stamped before both held-back events. */
	push(f, 2, f->now + 500 * ms, 1);
	assert_int_equal(collector_pump(f->c, true), 3);
	const uint64_t want[] = {0, 1, 2, 3};
	assert_order(folded(f), want, 4);
}

/* The final flush folds everything, also what lies ahead; then nothing is
 * left, and a ring refilled after it is read again. */
static void test_collector_final_flush_folds_everything(void **state)
{
	struct fixture *f = *state;
	uint64_t ms = ticks_of_ms(1);
	for (uint64_t k = 0; k < 5; k++)
		push(f, (int)(k % ACTORS), f->now + (1000 + k) * ms, k);
	assert_int_equal(collector_pump(f->c, false), 0);
	assert_int_equal(collector_pump(f->c, true), 5);
	assert_int_equal(collector_pump(f->c, true), 0);
	push(f, 1, f->now + 2000 * ms, 5);
	assert_int_equal(collector_pump(f->c, true), 1);
	const uint64_t want[] = {0, 1, 2, 3, 4, 5};
	assert_order(folded(f), want, 6);
	assert_int_equal(collector_events(f->c), 6);
	assert_int_equal(collector_dropped(f->c), 0);
}

/* A ring that fills keeps RING_OVER more in its overflow, drops what does
 * not fit after that and says how many: the count, and one EV_DROPPED the
 * collector folds with the rest (the overflow too, once the ring is read). */
static void test_collector_counts_what_a_full_ring_dropped(void **state)
{
	struct fixture *f = *state;
	struct wf_ev ev = {f->now - ticks_of_ms(100), f->actor[0], EV_SLEEP, WF_NONE, 0, 0, 0};
	for (uint32_t i = 0; i < RING_CAP + RING_OVER + 10; i++)
		ring_push(&wf_arena->rings[f->actor[0]], &ev);
	assert_int_equal(collector_dropped(f->c), 10);
	assert_int_equal(collector_pump(f->c, true), RING_CAP + RING_OVER + 1);
	const struct trace *t = folded(f);
	size_t dropped = 0;
	for (size_t i = 0; i < t->nev; i++)
		if (t->ev[i].type == EV_DROPPED) {
			dropped++;
			assert_int_equal(t->ev[i].a, 10);
		}
	assert_int_equal(dropped, 1);
}

/* A lesson that outruns the fold (a backlog past a quarter of a ring) has
 * its runs of uncontended acquire + release coalesced: fewer events are
 * folded, but the model counts every acquisition, keeps the lane and the
 * holder, and the trace replays to the same counts. */
static void test_collector_coalesces_a_long_backlog(void **state)
{
	struct fixture *f = *state;
	const uint32_t pairs = RING_CAP / 4 + 1000;
	uint64_t t = f->now - ticks_of_ms(150);
	struct ring *r = &wf_arena->rings[f->actor[0]];
	struct wf_ev spawn = {t, f->actor[0], EV_SPAWN, WF_NONE, 0, WF_NONE, 0};
	struct wf_ev made = {t, f->actor[0], EV_OBJ_NEW, 7, 0, OBJ_MUTEX, 0};
	assert_int_equal(ring_push(r, &spawn), 0);
	assert_int_equal(ring_push(r, &made), 0);
	for (uint32_t i = 0; i < pairs; i++) {
		struct wf_ev acq = {++t, f->actor[0], EV_ACQUIRE, 7, 0, 0, 1};
		struct wf_ev rel = {++t, f->actor[0], EV_RELEASE, 7, 0, 0, 0};
		assert_int_equal(ring_push(r, &acq), 0);
		assert_int_equal(ring_push(r, &rel), 0);
	}
	size_t n = collector_pump(f->c, true);
	assert_true(n < pairs); /* coalesced */
	assert_true(collector_coalesced(f->c) > pairs);
	assert_int_equal(collector_dropped(f->c), 0);
	const model *m = f->r.m;
	assert_int_equal(model_events(m), 2 + 2 * (uint64_t)pairs);
	const struct model_object *o = model_object(m, 7);
	assert_non_null(o);
	assert_int_equal(o->acquisitions, pairs);
	assert_int_equal(model_count(m, o, CNT_ACQUIRES, NULL), pairs);
	assert_int_equal(o->holder, WF_NONE);
	const struct model_actor *a = model_actor(m, f->actor[0]);
	assert_int_equal(a->lane_len, 1);
	assert_int_equal(a->state, AS_RUNNING);
	const struct trace *tr = folded(f);
	model *again = model_new();
	size_t coalesced = 0;
	for (size_t i = 0; i < tr->nev; i++) {
		coalesced += tr->ev[i].type == EV_COALESCED;
		model_fold(again, &tr->ev[i], trace_text(tr, i));
	}
	assert_true(coalesced > 0);
	assert_int_equal(model_object(again, 7)->acquisitions, pairs);
	assert_int_equal(model_events(again), model_events(m));
	model_free(again);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_collector_merges_rings_in_timestamp_order),
		T(test_collector_merges_injected_events),
		T(test_collector_holds_back_the_newest),
		T(test_collector_holdback_is_2ms),
		T(test_collector_late_writer_lands_in_order),
		T(test_collector_final_flush_folds_everything),
		T(test_collector_counts_what_a_full_ring_dropped),
		T(test_collector_coalesces_a_long_backlog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
