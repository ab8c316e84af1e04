/*
 * test_gate.c - stepping in one process: workers park at their step points,
 * a grant lets exactly one go one step, a run settles between grants, a
 * step that cannot go is refused, the step clock wakes sleepers, and what
 * is written after the clock jumps carries the jump's time, however many
 * grants go by between two pumps of the collector.
 *
 * Each test maps its own arena.  The test's main thread grants, as the UI
 * or a scheduler does; it is not an actor, so the run settles whenever the
 * workers do (a lesson's main, free, settles when it joins).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "actor.h"
#include "gate.h"
#include "weft.h"
#include "fixtures.h"

static atomic_int progress; /* how far the workers got, in steps */
static wf_mutex *lock;

static int setup(void **state)
{
	(void)state;
	if (fixture_arena_up(0, false) < 0) /* the step clock from the start */
		return -1;
	atomic_fetch_or(&wf_arena->ctl.gate, GATE_STEP);
	atomic_store(&progress, 0);
	lock = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_arena_down();
}

static void two_steps(void *arg)
{
	(void)arg;
	WF_STEP("first");
	atomic_fetch_add(&progress, 1);
	WF_STEP("second");
	atomic_fetch_add(&progress, 1);
}

static void grant(uint16_t id)
{
	char why[96];
	assert_true(gate_wait_settled(wf_arena, 5000));
	if (gate_grant(wf_arena, id, why, sizeof why) < 0)
		fail_msg("grant %u refused: %s", (unsigned)id, why);
}

static void test_gate_one_grant_one_step(void **state)
{
	(void)state;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", two_steps, NULL), 0);
	assert_true(gate_wait_settled(wf_arena, 5000));
	assert_int_equal(atomic_load(&progress), 0); /* parked at "first" */
	assert_true(gate_enabled(wf_arena, t.actor));
	grant(t.actor);
	assert_true(gate_wait_settled(wf_arena, 5000));
	assert_int_equal(atomic_load(&progress), 1); /* parked at "second" */
	grant(t.actor);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(atomic_load(&progress), 2);
	assert_int_equal(atomic_load(&wf_arena->actors[t.actor].status), STATUS_DONE);
}

static void test_gate_grants_are_logged_and_move_the_clock(void **state)
{
	(void)state;
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", two_steps, NULL), 0);
	grant(t.actor);
	grant(t.actor);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(atomic_load(&wf_arena->ctl.grants), 2);
	assert_int_equal(wf_arena->ctl.grant_log[0], t.actor);
	assert_int_equal(timebase_lesson_ns(&wf_arena->ctl.time, (int64_t)clock_mono_ns()),
			 2 * GATE_QUANTUM_NS);
}

static void test_gate_refuses_what_is_not_parked(void **state)
{
	(void)state;
	char why[96];
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", two_steps, NULL), 0);
	grant(t.actor);
	grant(t.actor);
	assert_int_equal(wf_thread_join(&t), 0);
	assert_int_equal(gate_grant(wf_arena, t.actor, why, sizeof why), -1);
	assert_string_equal(why, "T1 has exited");
	assert_int_equal(gate_grant(wf_arena, 9, why, sizeof why), -1);
	assert_string_equal(why, "there is no actor 9");
}

static void take_lock(void *arg)
{
	(void)arg;
	wf_mutex_lock(lock);
	atomic_fetch_add(&progress, 1);
	wf_mutex_unlock(lock);
}

/* T2's acquire of a lock T1 holds is refused until T1 lets go. */
static void test_gate_refuses_a_blocked_acquire(void **state)
{
	(void)state;
	char why[96];
	lock = wf_mutex_new("L", 0);
	wf_thread t1, t2;
	assert_int_equal(wf_thread_spawn(&t1, "T1", take_lock, NULL), 0);
	assert_int_equal(wf_thread_spawn(&t2, "T2", take_lock, NULL), 0);
	grant(t1.actor); /* T1 takes L, parks at its release */
	assert_true(gate_wait_settled(wf_arena, 5000));
	assert_false(gate_enabled(wf_arena, t2.actor));
	assert_int_equal(gate_grant(wf_arena, t2.actor, why, sizeof why), -1);
	assert_string_equal(why, "T2 waits for lock L held by T1");
	uint16_t cand[4];
	assert_int_equal(gate_candidates(wf_arena, cand, 4), 1);
	assert_int_equal(cand[0], t1.actor);
	grant(t1.actor); /* T1 lets go */
	grant(t2.actor);
	grant(t2.actor);
	assert_int_equal(wf_thread_join(&t1), 0);
	assert_int_equal(wf_thread_join(&t2), 0);
	assert_int_equal(atomic_load(&progress), 2);
}

static void nap(void *arg)
{
	wf_sleep(*(double *)arg);
	atomic_fetch_add(&progress, 1);
}

/* Nothing to grant while actors sleep: the clock jumps to the earliest. */
static void test_gate_clock_jumps_to_the_sleeper(void **state)
{
	(void)state;
	static double short_nap = 0.25, long_nap = 2;
	wf_thread a, b;
	assert_int_equal(wf_thread_spawn(&a, "A", nap, &short_nap), 0);
	assert_int_equal(wf_thread_spawn(&b, "B", nap, &long_nap), 0);
	grant(a.actor); /* both take their sleep step */
	grant(b.actor);
	assert_true(gate_wait_settled(wf_arena, 5000));
	uint16_t cand[4];
	assert_int_equal(gate_candidates(wf_arena, cand, 4), 0);
	int64_t before = timebase_lesson_ns(&wf_arena->ctl.time, (int64_t)clock_mono_ns());
	assert_true(gate_advance_clock(wf_arena));
	assert_int_equal(wf_thread_join(&a), 0); /* A woke; B sleeps on */
	assert_int_equal(atomic_load(&progress), 1);
	assert_int_equal(atomic_load(&wf_arena->actors[b.actor].status), STATUS_SLEEPING);
	int64_t after = timebase_lesson_ns(&wf_arena->ctl.time, (int64_t)clock_mono_ns());
	assert_true(after - before >= 250000000 - 2 * GATE_QUANTUM_NS);
	assert_true(gate_wait_settled(wf_arena, 5000));
	assert_true(gate_advance_clock(wf_arena));
	assert_int_equal(wf_thread_join(&b), 0);
	assert_false(gate_advance_clock(wf_arena)); /* nobody sleeps now */
}

/* Leaving step mode lets every parked actor go, and the rest run freely. */
static void test_gate_leaving_step_mode_releases_all(void **state)
{
	(void)state;
	wf_thread t1, t2;
	assert_int_equal(wf_thread_spawn(&t1, "T1", two_steps, NULL), 0);
	assert_int_equal(wf_thread_spawn(&t2, "T2", two_steps, NULL), 0);
	assert_true(gate_wait_settled(wf_arena, 5000));
	gate_set_stepping(wf_arena, false, 1.0);
	assert_false(gate_stepping(wf_arena));
	assert_int_equal(wf_thread_join(&t1), 0);
	assert_int_equal(wf_thread_join(&t2), 0);
	assert_int_equal(atomic_load(&progress), 4);
}

/* The clock jumps (what gate_advance_clock publishes) while CLOCK_MONOTONIC
 * reads 5 ms ahead of what the TSC's calibration makes of the same moment
 * (the calibration drifts: hundreds of µs a second were seen in a VM).  The
 * line printed after the jump must carry the jump's time, as the step clock
 * shows it, not the time before; the one printed before keeps its own. */
static void test_gate_events_after_a_jump_carry_its_time(void **state)
{
	(void)state;
	struct fixture_recorder r;
	assert_int_equal(fixture_arena_down(), 0); /* again, with this thread as main */
	assert_int_equal(fixture_arena_up(0, true), 0);
	assert_int_equal(fixture_recorder_up(&r, "gate-jump"), 0);
	struct timebase *tb = &wf_arena->ctl.time;
	wf_print("before");
	timebase_jump(tb, 2000000000, 0);
	tb->seg[(atomic_load(&tb->count) - 1) % TIMEBASE_SEGMENTS].real0 += 5000000;
	wf_print("after");
	collector_pump(r.c, true);
	const struct trace *t = fixture_recorded(&r);
	assert_non_null(t);
	int seen = 0;
	for (size_t i = 0; i < t->nev; i++) {
		if (t->ev[i].type != EV_PRINT || !t->text[i])
			continue;
		bool after = strcmp(t->text[i], "after") == 0;
		assert_int_equal(t->ev[i].ts, after ? 2000000000 : 0);
		seen++;
	}
	assert_int_equal(seen, 2);
	fixture_recorder_down(&r);
}

#define MANY_STEPS (3 * TIMEBASE_SEGMENTS)

static void many_steps(void *arg)
{
	(void)arg;
	for (int i = 0; i < MANY_STEPS; i++)
		WF_STEP("s");
}

static atomic_bool pumping;

/* Pumps the way a slow frame would, every 50 ms. */
static void *slow_pumper(void *arg)
{
	collector *c = arg;
	while (atomic_load(&pumping)) {
		collector_pump(c, false);
		nanosleep(&(struct timespec){0, 50000000}, NULL);
	}
	return NULL;
}

/* Each grant moves the step clock a quantum by a new timebase segment; a
 * scheduler grants far faster than a frame pumps.  The segments an unfolded
 * event needs must still be there when it is folded: step i is stamped
 * i quanta, never the time of a later segment. */
static void test_gate_many_grants_between_pumps_keep_their_times(void **state)
{
	(void)state;
	struct fixture_recorder r;
	assert_int_equal(fixture_recorder_up(&r, "gate-many"), 0);
	wf_thread t;
	assert_int_equal(wf_thread_spawn(&t, "T1", many_steps, NULL), 0);
	atomic_store(&pumping, true);
	pthread_t p;
	assert_int_equal(pthread_create(&p, NULL, slow_pumper, r.c), 0);
	for (int i = 0; i < MANY_STEPS; i++)
		grant(t.actor);
	assert_int_equal(wf_thread_join(&t), 0);
	atomic_store(&pumping, false);
	pthread_join(p, NULL);
	collector_pump(r.c, true);
	const struct trace *tr = fixture_recorded(&r);
	assert_non_null(tr);
	int64_t k = 0;
	for (size_t i = 0; i < tr->nev; i++)
		if (tr->ev[i].type == EV_STEP) {
			if (tr->ev[i].ts != (uint64_t)(k * GATE_QUANTUM_NS))
				fail_msg("step %lld stamped %llu ns", (long long)k,
					 (unsigned long long)tr->ev[i].ts);
			k++;
		}
	assert_int_equal(k, MANY_STEPS);
	fixture_recorder_down(&r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_gate_one_grant_one_step),
		T(test_gate_grants_are_logged_and_move_the_clock),
		T(test_gate_refuses_what_is_not_parked),
		T(test_gate_refuses_a_blocked_acquire),
		T(test_gate_clock_jumps_to_the_sleeper),
		T(test_gate_leaving_step_mode_releases_all),
		T(test_gate_events_after_a_jump_carry_its_time),
		T(test_gate_many_grants_between_pumps_keep_their_times),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
