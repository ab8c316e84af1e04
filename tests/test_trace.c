/*
 * test_trace.c - trace files: what is written reads back the same; a run
 * cut short is read up to its last whole line; malformed lines are named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay.h"
#include "trace.h"

struct fixture {
	char path[64];
	struct trace t;
};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	snprintf(f.path, sizeof f.path, "/tmp/weft-test-trace-%d", (int)getpid());
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	trace_free(&f->t);
	unlink(f->path);
	return 0;
}

static const struct wf_ev events[] = {
	{0, 0, EV_SPAWN, WF_NONE, 0, WF_NONE, 7ull << 32 | 7},
	{0, 0, EV_OBJ_NEW, 0, 0, OBJ_QUEUE, 3},
	{5, 0, EV_PRINT, WF_NONE, 12, 0, 0},
	{9, 0, EV_PUT, 0, 13, 1, 3},
	{9, 0, EV_STEP, WF_NONE, 14, 0, STEP_B(4, EV_STEP, 0)},
};
static const char *const texts[] = {"main", "q", "hello, world", NULL, "read"};

static void write_sample(const char *path, bool finish)
{
	struct trace_header h = {"0.1.0", "race", "threads=2 iters=1", 2.5, "random", 42};
	char err[200];
	trace_writer *w = trace_create(path, &h, err, sizeof err);
	assert_non_null(w);
	for (size_t i = 0; i < sizeof events / sizeof *events; i++)
		trace_event(w, &events[i], texts[i]);
	trace_grant(w, 1);
	if (finish)
		trace_end(w, "counter=1 lost=1", "done");
	assert_int_equal(trace_close(w), 0);
}

static void test_trace_round_trip(void **state)
{
	struct fixture *f = *state;
	char err[200];
	write_sample(f->path, true);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), 0);
	assert_string_equal(f->t.h.lesson, "race");
	assert_string_equal(f->t.h.params, "threads=2 iters=1");
	assert_true(f->t.h.speed == 2.5);
	assert_string_equal(f->t.h.sched, "random");
	assert_int_equal(f->t.h.seed, 42);
	assert_int_equal(f->t.nev, 5);
	for (size_t i = 0; i < f->t.nev; i++) {
		assert_memory_equal(&f->t.ev[i], &events[i], sizeof events[i]);
		if (texts[i])
			assert_string_equal(trace_text(&f->t, i), texts[i]);
		else
			assert_null(trace_text(&f->t, i));
	}
	/* the free run's step becomes a grant, after the explicit one */
	assert_int_equal(f->t.ngrant, 2);
	assert_int_equal(f->t.grant[0], 0);
	assert_int_equal(f->t.grant[1], 1);
	assert_string_equal(f->t.results, "counter=1 lost=1");
	assert_string_equal(f->t.ending, "done");
	assert_false(f->t.cut_short);
}

static void test_trace_cut_short_is_read(void **state)
{
	struct fixture *f = *state;
	char err[200];
	write_sample(f->path, false);
	FILE *in = fopen(f->path, "rb");
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf, in);
	fclose(in);
	assert_int_equal(trace_parse(buf, n - 5, "cut", &f->t, err, sizeof err), 0);
	assert_true(f->t.cut_short);
	assert_int_equal(f->t.nev, 5);
	assert_int_equal(f->t.ngrant, 0); /* the last line, "g 1", was cut */
}

static void expect_error(const char *text, const char *want)
{
	struct trace t;
	char err[200];
	assert_int_equal(trace_parse(text, strlen(text), "t.trace", &t, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("wanted \"%s\", got \"%s\"", want, err);
	assert_int_equal(t.nev, 0);
}

static void test_trace_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("nope\n", "t.trace:1: not a weft trace");
	expect_error("weft-trace 2\n---\n", "t.trace:1: trace format 2");
	expect_error("weft-trace 1\nlesson race\n", "the header never ends");
	expect_error("weft-trace 1\n---\ne 1 2 999 0 0 0 0\n", "t.trace:3: event field 3");
	expect_error("weft-trace 1\n---\ne 1 2 3 4 5 6\n", "t.trace:3: event field 7");
	expect_error("weft-trace 1\n---\nq 1\n", "t.trace:3: unknown record 'q'");
	expect_error("weft-trace 1\nspeed -1\n---\n", "t.trace:2: speed");
	expect_error("weft-trace 1\n---\ng x\n", "t.trace:3: a grant");
}

/* The replay of a trace folds the same events: forward and back agree. */
static void test_trace_replay_seeks_both_ways(void **state)
{
	struct fixture *f = *state;
	char err[200];
	write_sample(f->path, true);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), 0);
	replay *r = replay_new(&f->t);
	assert_non_null(r);
	replay_seek(r, replay_end(r));
	assert_int_equal(replay_position(r), 5);
	assert_int_equal(model_object(replay_model(r), 0)->queue_depth, 1);
	replay_seek(r, 5);
	assert_int_equal(replay_position(r), 3);
	assert_int_equal(model_object(replay_model(r), 0)->queue_depth, 0);
	assert_int_equal(model_line_count(replay_model(r)), 1);
	replay_step(r, 1);
	assert_int_equal(replay_position(r), 5);
	replay_free(r);
}

/* Seeks in any order give the model a fold from scratch gives: the
 * checkpoints a replay keeps change nothing but the time a seek takes. */
static void test_trace_replay_checkpoints_agree_with_a_fresh_fold(void **state)
{
	(void)state;
	struct trace t;
	memset(&t, 0, sizeof t);
	enum { N = 100000 };
	t.nev = N;
	t.ev = calloc(N, sizeof *t.ev);
	t.text = calloc(N, sizeof *t.text);
	t.actor = calloc(2, sizeof *t.actor);
	assert_non_null(t.ev);
	assert_non_null(t.text);
	assert_non_null(t.actor);
	t.nactor = 2;
	t.actor[0] = (struct trace_name){0, WF_NONE, 1, "main"};
	t.actor[1] = (struct trace_name){1, 0, 1, "T1"};
	t.ev[0] = (struct wf_ev){0, 0, EV_SPAWN, WF_NONE, 0, WF_NONE, 1ull << 32 | 1};
	t.ev[1] = (struct wf_ev){0, 1, EV_SPAWN, WF_NONE, 0, 0, 1ull << 32 | 2};
	for (size_t i = 2; i < N; i++) /* T1 sleeps and runs by turns, main prints now and then */
		t.ev[i] = i % 97 == 0 ? (struct wf_ev){i * 10, 0, EV_PRINT, WF_NONE, 0, 0, 0}
				      : (struct wf_ev){i * 10, 1, i % 2 ? EV_SLEEP : EV_RUN, WF_NONE, 0, 0, 0};
	for (size_t i = 0; i < N; i++)
		if (t.ev[i].type == EV_PRINT)
			t.text[i] = strdup("tick");
	struct wf_ev *copy = malloc(N * sizeof *copy);
	assert_non_null(copy);
	memcpy(copy, t.ev, N * sizeof *copy);
	replay *r = replay_new(&t);
	assert_non_null(r);
	static const int64_t at[] = {999990, 20, 400000, 999990, 655360, 327680, 10, 700000, 0};
	for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
		replay_seek(r, at[k]);
		model *fresh = model_new();
		for (size_t i = 0; i < N && (int64_t)copy[i].ts <= at[k]; i++)
			model_fold(fresh, &copy[i], copy[i].type == EV_PRINT ? "tick" :
						    copy[i].type == EV_SPAWN ? (copy[i].actor ? "T1" : "main") : NULL);
		const model *m = replay_model(r);
		assert_int_equal(model_events(m), model_events(fresh));
		assert_int_equal(model_line_total(m), model_line_total(fresh));
		for (size_t id = 0; id < 2; id++) {
			const struct model_actor *a = model_actor(m, id), *b = model_actor(fresh, id);
			assert_int_equal(a->state, b->state);
			assert_int_equal(a->lane_len, b->lane_len);
			for (size_t j = 0; j < a->lane_len; j++) { /* field by field: padding is not state */
				assert_int_equal(a->lane[j].t0, b->lane[j].t0);
				assert_int_equal(a->lane[j].state, b->lane[j].state);
				assert_int_equal(a->lane[j].obj, b->lane[j].obj);
			}
		}
		model_free(fresh);
	}
	free(copy);
	replay_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trace_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_cut_short_is_read, setup, teardown),
		cmocka_unit_test(test_trace_errors_name_file_and_line),
		cmocka_unit_test_setup_teardown(test_trace_replay_seeks_both_ways, setup, teardown),
		cmocka_unit_test(test_trace_replay_checkpoints_agree_with_a_fresh_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
