/*
 * bench_replay.c - rows replay-load and replay-seek: a recorded run of
 * 1 M events read back, and its playhead moved to 100 random points.
 *
 * The trace is written by the real trace writer (sim/record/trace.h) into a
 * temporary file: 8 threads taking and releasing two locks, waiting for
 * them, sleeping, over 10 s of lesson time.  replay-load is trace_load +
 * replay_new (the file parsed, the replay ready at its start); replay-seek
 * is one replay_seek to a random lesson time (forward or back, from the
 * nearest checkpoint), median over 100 of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "replay.h"
#include "trace.h"

#define EVENTS 1000000
#define THREADS 8
#define SEEKS 100
#define SPAN_NS 10000000000ll /* 10 s of lesson time */

static void put(trace_writer *w, int64_t t, uint16_t actor, uint16_t type, uint16_t obj,
		uint64_t a, uint64_t b, const char *text)
{
	struct wf_ev ev = {(uint64_t)t, actor, type, obj, 0, a, b};
	trace_event(w, &ev, text);
}

/* Writes the synthetic run; 0, or -1 with a reason in err. */
static int write_trace(const char *path, char *err, size_t size)
{
	struct trace_header h = {.speed = 1.0};
	snprintf(h.weft, sizeof h.weft, "%s", WEFT_VERSION);
	snprintf(h.lesson, sizeof h.lesson, "race");
	snprintf(h.params, sizeof h.params, "threads=%d iters=%d lock=on", THREADS,
		 EVENTS / THREADS / 2);
	snprintf(h.sched, sizeof h.sched, "free");
	trace_writer *w = trace_create(path, &h, err, size);
	if (!w)
		return -1;
	put(w, 0, 0, EV_SPAWN, WF_NONE, WF_NONE, (uint64_t)1000 << 32 | 1000, "main");
	put(w, 0, 0, EV_OBJ_NEW, 0, OBJ_MUTEX, 0, "lock_A");
	put(w, 0, 0, EV_OBJ_NEW, 1, OBJ_MUTEX, 0, "lock_B");
	for (uint16_t i = 1; i <= THREADS; i++) {
		char name[8];
		snprintf(name, sizeof name, "T%u", i);
		put(w, 0, i, EV_SPAWN, WF_NONE, 0, (uint64_t)1000 << 32 | (1000u + i), name);
	}
	uint32_t rng = 1;
	int64_t step = SPAN_NS / EVENTS;
	for (int n = 0; n < EVENTS; n++) {
		rng = rng * 1103515245u + 12345u;
		uint16_t actor = (uint16_t)(1 + (rng >> 8) % THREADS), lock = (uint16_t)((rng >> 20) & 1);
		int64_t t = (int64_t)n * step;
		switch ((rng >> 4) % 6) {
		case 0:
			put(w, t, actor, EV_BLOCK_LOCK, lock, WF_NONE, 0, NULL);
			break;
		case 1:
		case 2:
			put(w, t, actor, EV_ACQUIRE, lock, 500, 1, NULL);
			break;
		case 3:
		case 4:
			put(w, t, actor, EV_RELEASE, lock, 0, 0, NULL);
			break;
		default:
			put(w, t, actor, (rng >> 12) & 1 ? EV_SLEEP : EV_RUN, WF_NONE, 1000000, 0, NULL);
			break;
		}
	}
	trace_end(w, "counter=0 expected=0 lost=0", "done");
	if (trace_close(w) < 0) {
		snprintf(err, size, "writing the trace failed");
		return -1;
	}
	return 0;
}

void bench_replay(const struct bench_opts *o)
{
	char path[] = "/tmp/weft-bench-trace-XXXXXX", err[256] = "";
	int fd = mkstemp(path);
	if (fd < 0 || (close(fd), write_trace(path, err, sizeof err) < 0)) {
		char why[160];
		snprintf(why, sizeof why, "cannot write a trace: %.120s", err[0] ? err : "mkstemp failed");
		bench_missing("replay-load", "ms", "<= 300", why);
		bench_missing("replay-seek", "ms", "<= 10", why);
		if (fd >= 0)
			unlink(path);
		return;
	}
	int runs = o->quick ? 2 : o->runs < 5 ? o->runs : 5;
	double load[8], seek[SEEKS];
	int nload = 0, nseek = 0;
	double seek_worst = 0;
	for (int r = 0; r < runs; r++) {
		struct trace t;
		uint64_t t0 = bench_now_ns();
		if (trace_load(path, &t, err, sizeof err) < 0)
			break;
		replay *rp = replay_new(&t);
		uint64_t t1 = bench_now_ns();
		if (!rp)
			break;
		load[nload++] = (double)(t1 - t0) / 1e6;
		if (r == runs - 1) { /* the seeks, on the last replay loaded */
			uint32_t rng = 7;
			int64_t end = replay_end(rp);
			for (int i = 0; i < SEEKS; i++) {
				rng = rng * 1103515245u + 12345u;
				int64_t at = (int64_t)((double)(rng >> 8) / (double)(1u << 24) * (double)end);
				uint64_t s0 = bench_now_ns();
				replay_seek(rp, at);
				uint64_t s1 = bench_now_ns();
				seek[nseek] = (double)(s1 - s0) / 1e6;
				if (seek[nseek] > seek_worst)
					seek_worst = seek[nseek];
				nseek++;
			}
		}
		replay_free(rp);
	}
	unlink(path);
	if (!nload) {
		char why[160];
		snprintf(why, sizeof why, "cannot load the trace: %.120s", err);
		bench_missing("replay-load", "ms", "<= 300", why);
		bench_missing("replay-seek", "ms", "<= 10", why);
		return;
	}
	struct bench_row l = {.row = "replay-load", .unit = "ms", .weft = bench_stat_of(load, nload),
			      .target = "<= 300", .has_target = true};
	l.met = l.weft.median <= 300;
	snprintf(l.note, sizeof l.note, "trace_load + replay_new of a %d-event trace (%d threads, 2 locks)",
		 EVENTS, THREADS);
	bench_report(&l);
	struct bench_row s = {.row = "replay-seek", .unit = "ms", .weft = bench_stat_of(seek, nseek),
			      .target = "<= 10", .has_target = true};
	s.met = nseek && s.weft.median <= 10;
	snprintf(s.note, sizeof s.note, "%d seeks to random lesson times; worst %.2f ms", nseek,
		 seek_worst);
	bench_report(&s);
}
