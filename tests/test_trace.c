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
#include <sys/stat.h>
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


/* --- hostile and extreme input (issue 18) -------------------------------- */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* A 64-bit value, often one at an edge (the reader's old overflow check
 * refused 18446744073709551610 and up). */
static uint64_t edge_value(void)
{
	static const uint64_t edges[] = {0, 1, 9, 10, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 5,
					 18446744073709551610ull, UINT64_MAX / 10, INT64_MAX,
					 (uint64_t)INT64_MAX + 1};
	uint64_t r = rnd();
	return r % 3 == 0 ? edges[r / 3 % (sizeof edges / sizeof *edges)] : rnd();
}

/* Every value the writer can produce reads back: random events over the
 * whole space of fields (types, ids up to 65535, operands up to
 * UINT64_MAX, times up to INT64_MAX), texts of every length up to the cut,
 * empty or none; the file is larger than the reader's chunk. */
static void test_trace_every_value_reads_back(void **state)
{
	struct fixture *f = *state;
	enum { N = 20000 };
	struct wf_ev *ev = calloc(N, sizeof *ev);
	char (*text)[TRACE_TEXT_MAX + 1] = calloc(N, sizeof *text);
	bool *has = calloc(N, sizeof *has);
	assert_non_null(ev);
	assert_non_null(text);
	assert_non_null(has);
	struct trace_header h = {"0.1.0", "race", "threads=2", 1, "pct", UINT64_MAX};
	char err[200];
	trace_writer *w = trace_create(f->path, &h, err, sizeof err);
	assert_non_null(w);
	uint64_t ts = 0;
	for (size_t i = 0; i < N; i++) {
		uint64_t r = rnd();
		ts += r % 5 == 0 ? 0 : r % 1000;
		if (i == N - 2)
			ts = INT64_MAX; /* the latest time there is */
		uint16_t type;
		do
			type = (uint16_t)(rnd() % EV_TYPE_COUNT);
		while (type == EV_SPAWN || type == EV_OBJ_NEW); /* their texts go to the tables */
		ev[i] = (struct wf_ev){i == N - 1 ? UINT64_MAX : ts, (uint16_t)rnd(), type,
				       (uint16_t)rnd(), (uint16_t)rnd(), edge_value(), edge_value()};
		has[i] = rnd() % 4 != 0;
		size_t len = has[i] ? (size_t)(rnd() % (TRACE_TEXT_MAX + 1)) : 0;
		if (rnd() % 8 == 0)
			len = 0;
		for (size_t k = 0; k < len; k++)
			text[i][k] = (char)(' ' + rnd() % 95);
		trace_event(w, &ev[i], has[i] ? text[i] : NULL);
	}
	trace_end(w, "x=18446744073709551615", "done");
	assert_int_equal(trace_close(w), 0);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), 0);
	assert_int_equal(f->t.nev, N);
	assert_int_equal(f->t.h.seed, UINT64_MAX);
	ev[N - 1].ts = INT64_MAX; /* lesson time is an int64_t: the writer keeps it there */
	for (size_t i = 0; i < N; i++) {
		if (memcmp(&f->t.ev[i], &ev[i], sizeof ev[i]) != 0)
			fail_msg("event %zu: type %u a %llu b %llu ts %llu read back differently", i,
				 ev[i].type, (unsigned long long)ev[i].a, (unsigned long long)ev[i].b,
				 (unsigned long long)ev[i].ts);
		if (has[i])
			assert_string_equal(trace_text(&f->t, i), text[i]);
		else if (ev[i].type != EV_STEP)
			assert_null(trace_text(&f->t, i));
	}
	assert_string_equal(f->t.results, "x=18446744073709551615");
	free(ev);
	free(text);
	free(has);
}

/* A text past the cut is cut at a character's start, never inside one. */
static void test_trace_long_text_is_cut_whole(void **state)
{
	struct fixture *f = *state;
	char err[200], big[3 * TRACE_TEXT_MAX];
	size_t n = 0;
	while (n + 3 < sizeof big - 1) {
		memcpy(big + n, "\xe4\xb8\xad", 3); /* 中 */
		n += 3;
	}
	big[n] = 0;
	struct trace_header h = {"0.1.0", "race", "", 1, "free", 0};
	trace_writer *w = trace_create(f->path, &h, err, sizeof err);
	trace_event(w, &(struct wf_ev){1, 0, EV_PRINT, WF_NONE, 0, 0, 0}, big);
	assert_int_equal(trace_close(w), 0);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), 0);
	const char *got = trace_text(&f->t, 0);
	assert_true(strlen(got) <= TRACE_TEXT_MAX);
	assert_int_equal(strlen(got) % 3, 0);
	assert_memory_equal(got, big, strlen(got));
}

static void test_trace_numbers_at_the_edge(void **state)
{
	(void)state;
	struct trace t;
	char err[200];
	const char *ok = "weft-trace 1\n---\ne 9223372036854775807 65535 1 65535 65535 "
			 "18446744073709551615 18446744073709551610\n";
	assert_int_equal(trace_parse(ok, strlen(ok), "t", &t, err, sizeof err), 0);
	assert_int_equal(t.nev, 1);
	assert_true(t.ev[0].a == UINT64_MAX);
	assert_true(t.ev[0].b == 18446744073709551610ull);
	trace_free(&t);
	expect_error("weft-trace 1\n---\ne 1 0 1 0 0 18446744073709551616 0\n", "t.trace:3: event field 6");
	expect_error("weft-trace 1\n---\ne 9223372036854775808 0 1 0 0 0 0\n", "t.trace:3: event field 1");
	expect_error("weft-trace 1\n---\ne 1 0 1 0 0 99999999999999999999999 0\n", "t.trace:3: event field 6");
}

/* Out-of-order times would make replay's search draw a wrong picture. */
static void test_trace_times_never_go_back(void **state)
{
	(void)state;
	expect_error("weft-trace 1\n---\ne 5 0 1 0 0 0 0\ne 5 0 1 0 0 0 0\ne 4 0 1 0 0 0 0\n",
		     "t.trace:5: event at 4 ns comes after one at 5 ns");
}

static void test_trace_huge_line_is_refused(void **state)
{
	struct fixture *f = *state;
	char err[200];
	FILE *o = fopen(f->path, "w");
	fputs("weft-trace 1\n---\ne 1 0 1 0 0 0 0 ", o);
	for (int i = 0; i < 1 << 20; i++)
		fputc('x', o);
	fputs("\n", o);
	fclose(o);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), -1);
	if (!strstr(err, ":3: a line of more than 4096 bytes"))
		fail_msg("got \"%s\"", err);
	/* and a line that never ends is refused as soon as it is too long */
	o = fopen(f->path, "w");
	fputs("weft-trace 1\n---\n", o);
	for (int i = 0; i < 1 << 20; i++)
		fputc('x', o);
	fclose(o);
	assert_int_equal(trace_load(f->path, &f->t, err, sizeof err), -1);
	if (!strstr(err, ":3: a line of more than"))
		fail_msg("got \"%s\"", err);
}

/* Only a regular file of at most TRACE_FILE_MAX is read, and nothing
 * blocks: a FIFO no one writes is refused at once. */
static void test_trace_load_refuses_what_is_not_a_file(void **state)
{
	struct fixture *f = *state;
	char err[200];
	struct trace t;
	assert_int_equal(trace_load("/dev/zero", &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "/dev/zero: a character device, not a trace"));
	assert_int_equal(trace_load("/tmp", &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "/tmp: a directory, not a trace"));
	assert_int_equal(mkfifo(f->path, 0600), 0);
	assert_int_equal(trace_load(f->path, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, ": a FIFO, not a trace"));
	unlink(f->path);
	FILE *o = fopen(f->path, "w");
	fputs("weft-trace 1\n---\n", o);
	fclose(o);
	assert_int_equal(truncate(f->path, (off_t)TRACE_FILE_MAX + 1), 0); /* sparse */
	assert_int_equal(trace_load(f->path, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than the 512 MiB a trace may be"));
}

/* A failed write is seen, named with the file, and trace_close says so. */
static void test_trace_write_errors_are_reported(void **state)
{
	(void)state;
	char err[200];
	struct trace_header h = {"0.1.0", "race", "", 1, "free", 0};
	trace_writer *w = trace_create("/dev/full", &h, err, sizeof err);
	assert_non_null(w);
	assert_false(trace_write_failed(w, err, sizeof err));
	for (int i = 0; i < 4000; i++)
		trace_event(w, &(struct wf_ev){(uint64_t)i, 0, EV_PRINT, WF_NONE, 0, 0, 0}, "hello");
	trace_flush(w);
	assert_true(trace_write_failed(w, err, sizeof err));
	assert_non_null(strstr(err, "/dev/full: cannot write the trace: No space left on device"));
	assert_int_equal(trace_close(w), -1);
	bool existed;
	assert_int_equal(trace_check_target("/nonexistent-dir/x.trace", &existed, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent-dir/x.trace: No such file or directory"));
	assert_int_equal(trace_check_target("/tmp", &existed, err, sizeof err), -1);
	assert_non_null(strstr(err, "a directory"));
}

static void test_trace_names_another_version(void **state)
{
	(void)state;
	struct trace t;
	char err[200], note[128];
	const char *other = "weft-trace 1\nweft 0.0.1-old\n---\n";
	assert_int_equal(trace_parse(other, strlen(other), "t", &t, err, sizeof err), 0);
	assert_true(trace_other_version(&t, note, sizeof note));
	assert_non_null(strstr(note, "recorded by weft 0.0.1-old; this is weft " WEFT_VERSION));
	trace_free(&t);
	char same[128];
	snprintf(same, sizeof same, "weft-trace 1\nweft %s\n---\n", WEFT_VERSION);
	assert_int_equal(trace_parse(same, strlen(same), "t", &t, err, sizeof err), 0);
	assert_false(trace_other_version(&t, note, sizeof note));
	trace_free(&t);
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
	replay_step(r, 1); /* one event, though two share the next time */
	assert_int_equal(replay_position(r), 4);
	replay_step(r, 1);
	assert_int_equal(replay_position(r), 5);
	replay_step(r, -1);
	assert_int_equal(replay_position(r), 4);
	assert_int_equal(replay_now(r), (int64_t)replay_trace(r)->ev[3].ts);
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
		cmocka_unit_test_setup_teardown(test_trace_every_value_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_long_text_is_cut_whole, setup, teardown),
		cmocka_unit_test(test_trace_numbers_at_the_edge),
		cmocka_unit_test(test_trace_times_never_go_back),
		cmocka_unit_test_setup_teardown(test_trace_huge_line_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_load_refuses_what_is_not_a_file, setup, teardown),
		cmocka_unit_test(test_trace_write_errors_are_reported),
		cmocka_unit_test(test_trace_names_another_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
