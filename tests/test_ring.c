/*
 * test_ring.c - the single-producer, single-consumer event ring.
 *
 * Each test gets a fresh, zeroed ring.  Events carry a sequence number in
 * `a` and its complement in `b`, so a lost, duplicated, reordered or torn
 * event shows up as a broken sequence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

static struct wf_ev seq_ev(uint64_t seq)
{
	return (struct wf_ev){.ts = seq, .actor = 1, .type = EV_PUT, .obj = 2, .a = seq, .b = ~seq};
}

/* Asserts out[0..n) are the events numbered first, first+1, ... */
static void assert_sequence(const struct wf_ev *out, size_t n, uint64_t first)
{
	for (size_t i = 0; i < n; i++) {
		if (out[i].a != first + i || out[i].b != ~(first + i) || out[i].type != EV_PUT)
			fail_msg("event %zu: got seq %llu (b %llx, type %u), want seq %llu", i,
			         (unsigned long long)out[i].a, (unsigned long long)out[i].b,
			         (unsigned)out[i].type, (unsigned long long)(first + i));
	}
}

struct fixture {
	struct ring *ring;
	struct wf_ev *out; /* RING_CAP + 1 events */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	f->ring = aligned_alloc(64, sizeof *f->ring);
	f->out = calloc(RING_CAP + 1, sizeof *f->out);
	if (!f->ring || !f->out)
		return -1;
	memset(f->ring, 0, sizeof *f->ring);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->ring);
	free(f->out);
	free(f);
	return 0;
}

static void test_ring_drain_empty_returns_zero(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(ring_drain(f->ring, f->out, 16), 0);
	assert_int_equal(ring_dropped(f->ring), 0);
}

static void test_ring_push_drain_keeps_order(void **state)
{
	struct fixture *f = *state;
	for (uint64_t i = 0; i < 100; i++) {
		struct wf_ev ev = seq_ev(i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	assert_int_equal(ring_drain(f->ring, f->out, 1000), 100);
	assert_sequence(f->out, 100, 0);
	assert_int_equal(f->out[7].actor, 1);
	assert_int_equal(f->out[7].obj, 2);
	assert_int_equal(f->out[7].ts, 7);
	assert_int_equal(ring_drain(f->ring, f->out, 1000), 0);
	assert_int_equal(ring_dropped(f->ring), 0);
}

static void test_ring_drain_max_smaller_than_available(void **state)
{
	struct fixture *f = *state;
	for (uint64_t i = 0; i < 10; i++) {
		struct wf_ev ev = seq_ev(i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	assert_int_equal(ring_drain(f->ring, f->out, 3), 3);
	assert_sequence(f->out, 3, 0);
	assert_int_equal(ring_drain(f->ring, f->out, 3), 3);
	assert_sequence(f->out, 3, 3);
	assert_int_equal(ring_drain(f->ring, f->out, 0), 0);
	assert_int_equal(ring_drain(f->ring, f->out, 100), 4);
	assert_sequence(f->out, 4, 6);
	assert_int_equal(ring_drain(f->ring, f->out, 100), 0);
}

static void test_ring_wraps_around_many_times(void **state)
{
	struct fixture *f = *state;
	/* A batch that does not divide RING_CAP, so slots and batches drift. */
	const uint64_t batch = 1000, total = 10ull * RING_CAP + 123;
	uint64_t pushed = 0, drained = 0;
	while (pushed < total) {
		for (uint64_t i = 0; i < batch && pushed < total; i++, pushed++) {
			struct wf_ev ev = seq_ev(pushed);
			assert_int_equal(ring_push(f->ring, &ev), 0);
		}
		size_t n = ring_drain(f->ring, f->out, RING_CAP);
		assert_sequence(f->out, n, drained);
		drained += n;
		assert_int_equal(drained, pushed);
	}
	assert_int_equal(drained, total);
	assert_true(atomic_load(&f->ring->head) > 10ull * RING_CAP);
	assert_int_equal(ring_dropped(f->ring), 0);
}

static void test_ring_full_keeps_an_overflow_then_drops_and_counts(void **state)
{
	struct fixture *f = *state;
	for (uint64_t i = 0; i < RING_CAP; i++) {
		struct wf_ev ev = seq_ev(i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	/* Full: the next RING_OVER wait in the producer's overflow; past that
	 * every push fails at once, is counted, and leaves the rest alone. */
	for (uint64_t i = 0; i < RING_OVER; i++) {
		struct wf_ev ev = seq_ev(RING_CAP + i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	for (uint64_t i = 0; i < 10; i++) {
		struct wf_ev ev = seq_ev(1000000 + i);
		assert_int_equal(ring_push(f->ring, &ev), -1);
		assert_int_equal(ring_dropped(f->ring), i + 1);
	}
	assert_int_equal(ring_drain(f->ring, f->out, RING_CAP + 1), RING_CAP);
	assert_sequence(f->out, RING_CAP, 0);

	/* Room again: the overflow goes in first, in order, then the push. */
	struct wf_ev ev = seq_ev(RING_CAP + RING_OVER);
	assert_int_equal(ring_push(f->ring, &ev), 0);
	assert_int_equal(ring_drain(f->ring, f->out, RING_CAP), RING_OVER + 1);
	assert_sequence(f->out, RING_OVER + 1, RING_CAP);
	assert_int_equal(ring_dropped(f->ring), 10);
}

static void test_ring_full_then_partial_drain_frees_that_many(void **state)
{
	struct fixture *f = *state;
	for (uint64_t i = 0; i < RING_CAP; i++) {
		struct wf_ev ev = seq_ev(i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	assert_int_equal(ring_drain(f->ring, f->out, 2), 2);
	struct wf_ev a = seq_ev(RING_CAP), b = seq_ev(RING_CAP + 1), c = seq_ev(RING_CAP + 2);
	assert_int_equal(ring_push(f->ring, &a), 0);
	assert_int_equal(ring_push(f->ring, &b), 0);
	assert_int_equal(ring_push(f->ring, &c), 0); /* kept in the overflow */
	assert_int_equal(ring_dropped(f->ring), 0);
	assert_int_equal(ring_drain(f->ring, f->out, RING_CAP + 1), RING_CAP);
	assert_sequence(f->out, RING_CAP, 2);
	struct wf_ev d = seq_ev(RING_CAP + 3);
	assert_int_equal(ring_push(f->ring, &d), 0);
	assert_int_equal(ring_drain(f->ring, f->out, 16), 2);
	assert_sequence(f->out, 2, RING_CAP + 2);
}

/* While full, uncontended acquire + release pairs (and coroutine round
 * trips) are counted in EV_COALESCED, however many: a pair of another
 * lock, or another event, starts the next entry of the overflow. */
static void test_ring_full_coalesces_neutral_pairs(void **state)
{
	struct fixture *f = *state;
	for (uint64_t i = 0; i < RING_CAP; i++) {
		struct wf_ev ev = seq_ev(i);
		assert_int_equal(ring_push(f->ring, &ev), 0);
	}
	for (uint64_t i = 0; i < 100000; i++) {
		struct wf_ev acq = {10 + 2 * i, 3, EV_ACQUIRE, 7, 0, 0, 1};
		struct wf_ev rel = {11 + 2 * i, 3, EV_RELEASE, 7, 0, 0, 0};
		assert_int_equal(ring_push(f->ring, &acq), 0);
		assert_int_equal(ring_push(f->ring, &rel), 0);
	}
	struct wf_ev contended = {500000, 3, EV_ACQUIRE, 7, 0, 1234, 1};
	struct wf_ev rel = {500001, 3, EV_RELEASE, 7, 0, 0, 0};
	struct wf_ev resume = {500002, 3, EV_CORO_RESUME, WF_NONE, 0, 9, 0};
	struct wf_ev yield = {500003, 9, EV_CORO_YIELD, WF_NONE, 0, 3, 0};
	assert_int_equal(ring_push(f->ring, &contended), 0);
	assert_int_equal(ring_push(f->ring, &rel), 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(ring_push(f->ring, &resume), 0);
		assert_int_equal(ring_push(f->ring, &yield), 0);
	}
	assert_int_equal(ring_dropped(f->ring), 0);
	assert_int_equal(ring_drain(f->ring, f->out, RING_CAP + 1), RING_CAP);
	struct wf_ev last = seq_ev(RING_CAP);
	assert_int_equal(ring_push(f->ring, &last), 0);
	size_t n = ring_drain(f->ring, f->out, RING_CAP);
	assert_int_equal(n, 5);
	assert_int_equal(f->out[0].type, EV_COALESCED);
	assert_int_equal(f->out[0].a, 100000);
	assert_int_equal(f->out[0].b, EV_ACQUIRE);
	assert_int_equal(f->out[0].obj, 7);
	assert_int_equal(f->out[0].ts, 10);
	assert_int_equal(f->out[1].a, 1234); /* contended: kept as it was */
	assert_int_equal(f->out[2].type, EV_RELEASE);
	assert_int_equal(f->out[3].type, EV_COALESCED);
	assert_int_equal(f->out[3].a, 5);
	assert_int_equal(f->out[3].b, EV_CORO_RESUME);
	assert_int_equal(f->out[3].obj, 9);
	assert_sequence(&f->out[4], 1, RING_CAP);
}

/* ---- one producer thread, the test thread consuming ---------------------- */

#define RACE_EVENTS 3000000ull

struct producer {
	struct ring *ring;
	bool retry;             /* push again when the ring is full */
	uint64_t failed_pushes; /* pushes that returned -1 */
	_Atomic bool done;
};

static void *produce(void *p)
{
	struct producer *pr = p;
	for (uint64_t seq = 0; seq < RACE_EVENTS;) {
		struct wf_ev ev = seq_ev(seq);
		if (ring_push(pr->ring, &ev) == 0) {
			seq++;
			continue;
		}
		pr->failed_pushes++;
		if (!pr->retry)
			seq++;
	}
	atomic_store(&pr->done, true);
	return NULL;
}

/* Drains until the producer is done and the ring empty, checking every
 * event read against the sequence: with `dense` it must have no gaps,
 * otherwise it must only rise.  The first mismatch goes to `why` (the
 * consumer keeps draining, so the producer never outlives the fixture).
 * Returns the events read. */
static uint64_t consume(struct fixture *f, struct producer *pr, bool dense, char *why, size_t size)
{
	uint64_t got = 0, next = 0;
	why[0] = 0;
	for (;;) {
		bool done = atomic_load(&pr->done);
		size_t n = ring_drain(f->ring, f->out, 4096);
		if (n == 0) /* read empty: what the producer kept while it was full */
			n = ring_take_overflow(f->ring, f->out);
		for (size_t i = 0; i < n; i++) {
			const struct wf_ev *e = &f->out[i];
			if (!why[0] && e->b != ~e->a)
				snprintf(why, size, "torn event after %llu: a %llu b %llx",
					 (unsigned long long)got, (unsigned long long)e->a,
					 (unsigned long long)e->b);
			if (!why[0] && (dense ? e->a != next : e->a < next))
				snprintf(why, size, "event %llu: got seq %llu, want %s%llu",
					 (unsigned long long)got, (unsigned long long)e->a,
					 dense ? "" : ">= ", (unsigned long long)next);
			next = e->a + 1;
			got++;
		}
		if (done && n == 0)
			return got;
	}
}

static void test_ring_spsc_threads_lose_nothing(void **state)
{
	struct fixture *f = *state;
	struct producer pr = {.ring = f->ring, .retry = true};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, produce, &pr), 0);
	char why[128];
	uint64_t got = consume(f, &pr, true, why, sizeof why);
	assert_int_equal(pthread_join(th, NULL), 0);
	if (why[0])
		fail_msg("%s", why);
	assert_int_equal(got, RACE_EVENTS);
	/* Every refused push was counted, and none of them was delivered. */
	assert_int_equal(ring_dropped(f->ring), pr.failed_pushes);
}

static void test_ring_spsc_threads_count_every_drop(void **state)
{
	struct fixture *f = *state;
	struct producer pr = {.ring = f->ring, .retry = false};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, produce, &pr), 0);
	char why[128];
	uint64_t got = consume(f, &pr, false, why, sizeof why);
	assert_int_equal(pthread_join(th, NULL), 0);
	if (why[0])
		fail_msg("%s", why);
	assert_int_equal(ring_dropped(f->ring), pr.failed_pushes);
	assert_int_equal(got + ring_dropped(f->ring), RACE_EVENTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ring_drain_empty_returns_zero, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_push_drain_keeps_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_drain_max_smaller_than_available, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ring_wraps_around_many_times, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_full_keeps_an_overflow_then_drops_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_full_coalesces_neutral_pairs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_full_then_partial_drain_frees_that_many,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_spsc_threads_lose_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ring_spsc_threads_count_every_drop, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
