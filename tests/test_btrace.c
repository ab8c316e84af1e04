/*
 * test_btrace.c - the binary trace: everything the writer writes reads back
 * the same, over the whole event space (every type, ids and lines from 0 to
 * 0xffff, operands from 0 to UINT64_MAX, times up to INT64_MAX, texts
 * empty, long, UTF-8, with newlines, more distinct ones than are named by
 * number); a file cut anywhere reads up to its last whole record; the text
 * export reads back as the same trace; malformed bytes are named by offset.
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

#include "btrace.h"
#include "replay.h"
#include "trace.h"

#define N 60000

static uint64_t seed = 88172645463325252ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* An operand: often an edge (0, 1, UINT64_MAX, a power of two), else any. */
static uint64_t operand(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return UINT64_MAX;
	case 2: return 1ull << (rnd() % 64);
	case 3: return UINT64_MAX - rnd() % 16;
	default: return rnd();
	}
}

static uint16_t id16(void)
{
	switch (rnd() % 4) {
	case 0: return 0;
	case 1: return 0xffff;
	default: return (uint16_t)rnd();
	}
}

struct want {
	struct wf_ev ev[N];
	char *text[N];
	uint16_t grant[2 * N];
	size_t ngrant;
};

static char *make_text(size_t i)
{
	static const char *const pieces[] = {"read: tmp = counter", "步骤", "\n", " ", "x", "é"};
	size_t n = rnd() % 5 == 0 ? 0 : rnd() % 3 == 0 ? 400 : rnd() % 40;
	char *s = malloc(n * 4 + 32);
	size_t len = (size_t)sprintf(s, "%zu ", i % 6000); /* more than the 4096 named by number */
	while (len < n) {
		const char *p = pieces[rnd() % 6];
		strcpy(s + len, p);
		len += strlen(p);
	}
	s[len] = 0;
	return s;
}

/* N random events, the texts they carry and the grants writing them
 * implies (an unparked step, a coalesced run of steps, a grant now and
 * then), written to path. */
static void write_random(const char *path, struct want *w)
{
	struct trace_header h = {"0.1.0", "race", "threads=8 iters=1", 2.5, "pct", UINT64_MAX};
	char err[200];
	btrace_writer *bw = btrace_create(path, &h, err, sizeof err);
	assert_non_null(bw);
	uint64_t ts = 0;
	w->ngrant = 0;
	for (size_t i = 0; i < N; i++) {
		struct wf_ev *e = &w->ev[i];
		unsigned r = (unsigned)(rnd() % 100);
		ts += r < 40 ? 0 : r < 90 ? rnd() % 1000 : r < 99 ? rnd() % (1ull << 40) : 0;
		if (i == N - 1 || ts > INT64_MAX)
			ts = INT64_MAX;
		*e = (struct wf_ev){ts, id16(), (uint16_t)(rnd() % EV_TYPE_COUNT), id16(), id16(), operand(),
				    operand()};
		w->text[i] = NULL;
		if (e->type == EV_SPAWN || e->type == EV_OBJ_NEW) {
			w->text[i] = strdup("T42 worker");
			if (e->type == EV_SPAWN)
				e->b &= 0xffffffff00000000ull; /* only the pid is in the table */
		} else if (rnd() % 3 == 0) {
			w->text[i] = make_text(i);
		}
		if (e->type == EV_COALESCED && e->b == EV_STEP && e->a)
			e->a = e->a % 3 + 1; /* a run of grants: kept short */
		btrace_event(bw, e, w->text[i]);
		if (e->type == EV_STEP && !STEP_PARKED(e->b))
			w->grant[w->ngrant++] = e->actor;
		for (uint64_t k = 0; e->type == EV_COALESCED && e->b == EV_STEP && k < e->a; k++)
			w->grant[w->ngrant++] = e->actor;
		if (rnd() % 50 == 0) {
			uint16_t a = id16();
			btrace_grant(bw, a);
			w->grant[w->ngrant++] = a;
		}
	}
	btrace_end(bw, "counter=1 lost=1", "done");
	assert_int_equal(btrace_close(bw), 0);
}

static void test_btrace_round_trip_over_the_event_space(void **state)
{
	(void)state;
	char path[64], err[320];
	snprintf(path, sizeof path, "/tmp/weft-test-btrace-%d", (int)getpid());
	struct want *w = calloc(1, sizeof *w);
	assert_non_null(w);
	write_random(path, w);
	struct trace t;
	assert_int_equal(trace_load(path, &t, err, sizeof err), 0);
	assert_non_null(t.packed);
	assert_int_equal(t.nev, N);
	assert_false(t.cut_short);
	assert_string_equal(t.h.lesson, "race");
	assert_true(t.h.seed == UINT64_MAX);
	assert_true(t.h.speed == 2.5);
	assert_string_equal(t.results, "counter=1 lost=1");
	assert_string_equal(t.ending, "done");
	struct btrace_cursor c = btrace_at(&t, 0);
	for (size_t i = 0; i < N; i++) {
		struct wf_ev got;
		const char *text;
		assert_true(btrace_next(&t, &c, &got, &text));
		if (memcmp(&got, &w->ev[i], sizeof got) != 0)
			fail_msg("event %zu: ts %llu type %u a %llu b %llu, wrote ts %llu type %u a %llu b %llu", i,
				 (unsigned long long)got.ts, got.type, (unsigned long long)got.a,
				 (unsigned long long)got.b, (unsigned long long)w->ev[i].ts, w->ev[i].type,
				 (unsigned long long)w->ev[i].a, (unsigned long long)w->ev[i].b);
		if (!w->text[i] != !text || (text && strcmp(text, w->text[i]) != 0))
			fail_msg("event %zu: text '%s', wrote '%s'", i, text ? text : "(none)",
				 w->text[i] ? w->text[i] : "(none)");
		free(w->text[i]);
	}
	assert_int_equal(t.ngrant, w->ngrant);
	assert_memory_equal(t.grant, w->grant, w->ngrant * sizeof *w->grant);
	/* seeking lands on the same events */
	for (int k = 0; k < 50; k++) {
		size_t i = (size_t)(rnd() % N);
		struct btrace_cursor at = btrace_at(&t, i);
		struct wf_ev got;
		const char *text;
		assert_true(btrace_next(&t, &at, &got, &text));
		assert_memory_equal(&got, &w->ev[i], sizeof got);
	}
	trace_free(&t);
	unlink(path);
	free(w);
}

/* Texts of every kind read back, named by number or inline. */
static void test_btrace_texts_read_back(void **state)
{
	(void)state;
	char path[64], err[320];
	snprintf(path, sizeof path, "/tmp/weft-test-btrace-t-%d", (int)getpid());
	struct trace_header h = {"0.1.0", "race", "", 1, "free", 0};
	btrace_writer *bw = btrace_create(path, &h, err, sizeof err);
	assert_non_null(bw);
	enum { M = 9000 };
	static char *text[M];
	static struct wf_ev ev[M];
	for (size_t i = 0; i < M; i++) {
		text[i] = make_text(i);
		uint16_t type = i % 3 == 0 ? EV_PRINT : i % 3 == 1 ? EV_STEP : EV_CB_BEGIN;
		ev[i] = (struct wf_ev){i, 1, type, WF_NONE, 3, 0, type == EV_STEP ? STEP_B(0, EV_STEP, 1) : 0};
		btrace_event(bw, &ev[i], text[i]);
	}
	btrace_event(bw, &(struct wf_ev){M, 2, EV_SPAWN, WF_NONE, 0, 1, 77ull << 32}, "");
	assert_int_equal(btrace_close(bw), 0);
	struct trace t;
	assert_int_equal(trace_load(path, &t, err, sizeof err), 0);
	assert_int_equal(t.nev, M + 1);
	struct btrace_cursor c = btrace_at(&t, 0);
	for (size_t i = 0; i < M; i++) {
		struct wf_ev got;
		const char *s;
		assert_true(btrace_next(&t, &c, &got, &s));
		assert_non_null(s);
		assert_string_equal(s, text[i]);
		free(text[i]);
	}
	struct wf_ev got;
	const char *s;
	assert_true(btrace_next(&t, &c, &got, &s));
	assert_string_equal(s, "?"); /* a name-less actor, as the text format says it */
	assert_int_equal(got.b, 77ull << 32);
	trace_free(&t);
	unlink(path);
}

/* A recorded run cut at any byte reads up to its last whole record, and
 * the text export of a trace reads back as the same events. */
static void test_btrace_cut_anywhere_and_export(void **state)
{
	(void)state;
	char path[64], err[320];
	snprintf(path, sizeof path, "/tmp/weft-test-btrace-c-%d", (int)getpid());
	struct trace_header h = {"0.1.0", "race", "threads=2", 1, "free", 0};
	btrace_writer *bw = btrace_create(path, &h, err, sizeof err);
	assert_non_null(bw);
	btrace_event(bw, &(struct wf_ev){0, 0, EV_SPAWN, WF_NONE, 0, WF_NONE, 5ull << 32}, "main");
	btrace_event(bw, &(struct wf_ev){1, 0, EV_OBJ_NEW, 3, 0, OBJ_MUTEX, 0}, "counter_lock");
	for (uint64_t i = 0; i < 200; i++)
		btrace_event(bw, &(struct wf_ev){10 + i, 0, i % 2 ? EV_RELEASE : EV_ACQUIRE, 3, 25, 0, i % 2 ? 0 : 1},
			     NULL);
	btrace_event(bw, &(struct wf_ev){300, 0, EV_STEP, WF_NONE, 26, 0, STEP_B(0, EV_STEP, 0)}, "read");
	btrace_event(bw, &(struct wf_ev){301, 0, EV_PRINT, WF_NONE, 0, 0, 0}, "done\nnow");
	btrace_end(bw, "n=1", "done");
	assert_int_equal(btrace_close(bw), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t buf[8192];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	size_t last = 0;
	for (size_t cut = BTRACE_MAGIC_LEN + 40; cut <= len; cut++) {
		struct trace t;
		int rc = trace_parse((const char *)buf, cut, "cut.trace", &t, err, sizeof err);
		if (rc < 0)
			fail_msg("cut at %zu of %zu: %s", cut, len, err);
		assert_true(t.nev >= last); /* whole records only, never fewer */
		if (cut == len)
			assert_false(t.cut_short); /* inside a record only: a cut between two reads clean */
		last = t.nev;
		trace_free(&t);
	}
	assert_int_equal(last, 204);
	/* export, read back */
	struct trace t, back;
	assert_int_equal(trace_load(path, &t, err, sizeof err), 0);
	char tpath[80];
	snprintf(tpath, sizeof tpath, "%s.txt", path);
	FILE *out = fopen(tpath, "w");
	assert_non_null(out);
	assert_int_equal(btrace_write_text(&t, out), 0);
	fclose(out);
	assert_int_equal(trace_load(tpath, &back, err, sizeof err), 0);
	assert_null(back.packed);
	assert_int_equal(back.nev, t.nev);
	assert_int_equal(back.ngrant, 1);
	assert_int_equal(trace_unpack(&t), 0);
	for (size_t i = 0; i < t.nev; i++) {
		assert_memory_equal(&t.ev[i], &back.ev[i], sizeof t.ev[i]);
		const char *a = trace_text(&t, i), *b = trace_text(&back, i);
		assert_true(!a == !b);
		if (a && !strchr(a, '\n'))
			assert_string_equal(a, b);
	}
	assert_string_equal(back.results, "n=1");
	/* replay of the packed trace ends where the unpacked one does */
	struct trace again;
	assert_int_equal(trace_load(path, &again, err, sizeof err), 0);
	replay *r = replay_new(&again);
	assert_non_null(r);
	replay_seek(r, replay_end(r));
	assert_int_equal(replay_position(r), 204);
	assert_int_equal(model_object(replay_model(r), 3)->acquisitions, 100);
	replay_step(r, -1);
	assert_int_equal(replay_position(r), 203);
	replay_free(r);
	trace_free(&t);
	trace_free(&back);
	unlink(path);
	unlink(tpath);
}

/* Malformed bytes: one line naming the file and the offset. */
static void test_btrace_malformed_is_named(void **state)
{
	(void)state;
	char err[320];
	struct trace t;
	static const struct {
		const char *bytes;
		size_t len;
		const char *want;
	} bad[] = {
		{BTRACE_MAGIC "\x81\x00\x00", 11, "bad.trace:8: the header must come first"},
		{BTRACE_MAGIC "H\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 26,
		 "bad.trace:8: speed must be a positive number"},
		{BTRACE_MAGIC "H\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00Z", 27,
		 "bad.trace:26: unknown record 0x5a"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = 0;
		assert_int_equal(trace_parse(bad[i].bytes, bad[i].len, "bad.trace", &t, err, sizeof err), -1);
		assert_string_equal(err, bad[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btrace_round_trip_over_the_event_space),
		cmocka_unit_test(test_btrace_texts_read_back),
		cmocka_unit_test(test_btrace_cut_anywhere_and_export),
		cmocka_unit_test(test_btrace_malformed_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
