/*
 * test_scheduler.c - controlled schedules: the same seed gives the same
 * schedule, pct switches actors only at its few change points, and a rerun
 * follows a recorded schedule (counting where it cannot).
 *
 * Each run is a real lesson host (host.c), forked with the arena set up as
 * a session sets it for --sched: step mode on, the kind, seed and plan in
 * the arena's control block; the host starts the scheduler thread, which
 * dies with it.  The lesson's free main spawns three workers that take
 * STEPS always-enabled steps each, and joins them.  The schedule is read
 * from the arena's grant log when the host has ended.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <sys/wait.h>

#include "params.h"
#include "scheduler.h"
#include "weft.h"
#include "fixtures.h"

#define WORKERS 3
#define STEPS 5
#define GRANTS (WORKERS * STEPS)

static void worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < STEPS; i++)
		WF_STEP("step");
}

static void three_workers(void)
{
	static const char *const names[WORKERS] = {"T1", "T2", "T3"};
	wf_thread t[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		if (wf_thread_spawn(&t[i], names[i], worker, NULL) != 0)
			_exit(3);
	for (int i = 0; i < WORKERS; i++)
		wf_thread_join(&t[i]);
}

static const struct wf_lesson lesson = {.id = "sched-test", .track = "testing",
					.title_en = "three workers", .title_zh = "三个线程",
					.run = three_workers};

struct schedule {
	uint16_t grant[GRANTS + 8];
	size_t n;
	uint32_t diverged;
};

/* Runs the lesson under plan p (p->grant: a rerun's recorded grants) and
 * returns what the scheduler granted. */
static struct schedule run(enum sched_kind kind, uint64_t seed, const uint16_t *plan, size_t nplan)
{
	struct schedule s = {0};
	struct arena *a = arena_new();
	assert_non_null(a);
	timebase_start(&a->ctl.time, 0); /* the step clock */
	a->ctl.sched_kind = kind;
	a->ctl.sched_seed = seed;
	if (nplan) {
		uint16_t *copy = arena_alloc(a, nplan * sizeof *copy);
		assert_non_null(copy);
		memcpy(copy, plan, nplan * sizeof *copy);
		a->ctl.sched_plan = copy;
		a->ctl.sched_plan_len = nplan;
	}
	atomic_fetch_or(&a->ctl.gate, GATE_STEP);
	struct lesson_args args;
	lesson_args_init(&args, &lesson);
	struct host h;
	assert_int_equal(host_start(&h, a, &lesson, &args), 0);
	bool ended = fixture_host_wait(&h, 30);
	host_stop(&h);
	assert_true(ended);
	assert_true(WIFEXITED(h.status));
	assert_int_equal(WEXITSTATUS(h.status), 0);
	uint32_t n = atomic_load(&a->ctl.grants);
	assert_true(n <= GRANTS + 8);
	s.n = n;
	memcpy(s.grant, a->ctl.grant_log, n * sizeof *s.grant);
	s.diverged = atomic_load(&a->ctl.diverged);
	arena_free(a);
	return s;
}

/* Every worker got exactly its STEPS grants, and nobody else any. */
static void assert_complete(const struct schedule *s)
{
	int per[WORKERS + 1] = {0};
	assert_int_equal(s->n, GRANTS);
	for (size_t i = 0; i < s->n; i++) {
		assert_in_range(s->grant[i], 1, WORKERS); /* actor 0 is the free main */
		per[s->grant[i]]++;
	}
	for (int w = 1; w <= WORKERS; w++)
		assert_int_equal(per[w], STEPS);
}

static size_t switches(const struct schedule *s)
{
	size_t n = 0;
	for (size_t i = 1; i < s->n; i++)
		n += s->grant[i] != s->grant[i - 1];
	return n;
}

static bool same(const struct schedule *x, const struct schedule *y)
{
	return x->n == y->n && memcmp(x->grant, y->grant, x->n * sizeof *x->grant) == 0;
}

static void test_scheduler_random_same_seed_same_schedule(void **state)
{
	(void)state;
	struct schedule a = run(SCHED_RANDOM, 42, NULL, 0);
	struct schedule b = run(SCHED_RANDOM, 42, NULL, 0);
	struct schedule c = run(SCHED_RANDOM, 7, NULL, 0);
	assert_complete(&a);
	assert_complete(&c);
	assert_true(same(&a, &b));
	assert_false(same(&a, &c)); /* these two seeds choose differently */
	assert_int_equal(a.diverged, 0);
}

/* pct runs the highest-priority enabled actor: it switches only when that
 * one ends (WORKERS - 1 times) or at a change point (SCHED_PCT_DEPTH - 1).
 * A random schedule of the same seed switches far more often. */
static void test_scheduler_pct_switches_only_at_change_points(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct schedule a = run(SCHED_PCT, seed, NULL, 0);
		struct schedule b = run(SCHED_PCT, seed, NULL, 0);
		assert_complete(&a);
		assert_true(same(&a, &b));
		assert_true(switches(&a) <= (WORKERS - 1) + (SCHED_PCT_DEPTH - 1));
	}
	struct schedule r = run(SCHED_RANDOM, 1, NULL, 0);
	assert_true(switches(&r) > (WORKERS - 1) + (SCHED_PCT_DEPTH - 1));
}

/* A rerun of a recorded schedule makes the same grants and never diverges. */
static void test_scheduler_rerun_follows_the_recording(void **state)
{
	(void)state;
	struct schedule rec = run(SCHED_RANDOM, 42, NULL, 0);
	struct schedule again = run(SCHED_RERUN, 0, rec.grant, rec.n);
	assert_true(same(&rec, &again));
	assert_int_equal(again.diverged, 0);
}

/* Where the recording asks for an actor that cannot go (T1 has ended after
 * its five steps), the first enabled actor goes instead, and each such
 * grant is counted as a divergence. */
static void test_scheduler_rerun_counts_divergence(void **state)
{
	(void)state;
	uint16_t all_t1[GRANTS];
	for (size_t i = 0; i < GRANTS; i++)
		all_t1[i] = 1;
	struct schedule s = run(SCHED_RERUN, 0, all_t1, GRANTS);
	assert_complete(&s);
	for (size_t i = 0; i < GRANTS; i++)
		assert_int_equal(s.grant[i], 1 + i / STEPS); /* T1 x5, then T2 x5, T3 x5 */
	assert_int_equal(s.diverged, GRANTS - STEPS);
}

int main(void)
{
	host_adopt_orphans(); /* the hosts' sentries come back to us to reap */
	clock_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scheduler_random_same_seed_same_schedule),
		cmocka_unit_test(test_scheduler_pct_switches_only_at_change_points),
		cmocka_unit_test(test_scheduler_rerun_follows_the_recording),
		cmocka_unit_test(test_scheduler_rerun_counts_divergence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
