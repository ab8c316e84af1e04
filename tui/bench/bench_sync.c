/*
 * bench_sync.c - rows mutex-lock, mutex-lock-rec and race-lock: what a
 * lesson's lock costs, next to the same C without Weft in the same run.
 *
 *  - mutex-lock: wf_mutex_lock + wf_mutex_unlock, uncontended, through the
 *    lesson API (weft.h's macros note the line, as in a lesson), recording
 *    off; peer pthread_mutex_lock + unlock.  Target: within 1.5x.
 *  - mutex-lock-rec: the same with recording on (two events a pair); the
 *    target is the peer + 4 ns + two emits, the emit measured in this run.
 *    The ring is emptied between batches, as the collector would.
 *  - race-lock: the race lesson's loop (lock, two WF_STEP points, read,
 *    write, unlock), 8 threads x 200k on one wf_mutex, wall ms, recording
 *    off (no collector runs here to drain the rings); peer the same loop
 *    with a pthread mutex and no step points.
 *
 * Invariants: each thread that runs Weft code is a real actor of a real
 * arena; a figure is a median of runs, Weft's and its peer's runs
 * alternating so a change in the machine's load hits both.
 */
#include <pthread.h>
#include <stdio.h>

#include "actor.h"
#include "bench.h"
#include "weft.h"


static double pairs_wf(wf_mutex *m, struct ring *r, long n)
{
	if (r) /* free every slot, as the collector's drain would */
		atomic_store_explicit(&r->tail, atomic_load_explicit(&r->head, memory_order_relaxed),
				      memory_order_release);
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < n; i += 4) {
		wf_mutex_lock(m);
		wf_mutex_unlock(m);
		wf_mutex_lock(m);
		wf_mutex_unlock(m);
		wf_mutex_lock(m);
		wf_mutex_unlock(m);
		wf_mutex_lock(m);
		wf_mutex_unlock(m);
	}
	return (double)(bench_now_ns() - t0) / (double)n;
}

static double pairs_pthread(pthread_mutex_t *m, long n)
{
	uint64_t t0 = bench_now_ns();
	for (long i = 0; i < n; i += 4) {
		pthread_mutex_lock(m);
		pthread_mutex_unlock(m);
		pthread_mutex_lock(m);
		pthread_mutex_unlock(m);
		pthread_mutex_lock(m);
		pthread_mutex_unlock(m);
		pthread_mutex_lock(m);
		pthread_mutex_unlock(m);
	}
	return (double)(bench_now_ns() - t0) / (double)n;
}

/* --- race: the lesson's loop, with Weft and without ------------------------------ */

static volatile long counter;
static long race_iters;
static wf_mutex *race_wf;
static pthread_mutex_t race_mu = PTHREAD_MUTEX_INITIALIZER;

struct racer {
	pthread_t t;
	uint16_t actor;
};

static void *race_worker_wf(void *arg)
{
	actor_enter(((struct racer *)arg)->actor);
	for (long i = 0; i < race_iters; i++) {
		wf_mutex_lock(race_wf);
		WF_STEP("read: tmp = counter");
		long tmp = counter;
		WF_STEP("write: counter = tmp + 1");
		counter = tmp + 1;
		wf_mutex_unlock(race_wf);
	}
	actor_leave(0);
	return NULL;
}

static void *race_worker_c(void *arg)
{
	(void)arg;
	for (long i = 0; i < race_iters; i++) {
		pthread_mutex_lock(&race_mu);
		long tmp = counter;
		counter = tmp + 1;
		pthread_mutex_unlock(&race_mu);
	}
	return NULL;
}

#define RACERS 8

/* Wall ms of RACERS threads x race_iters; -1 when a thread cannot start or
 * the count is wrong (the lock did not hold). */
static double race_ms(bool weft)
{
	struct racer r[RACERS];
	counter = 0;
	for (int i = 0; i < RACERS; i++)
		r[i].actor = weft ? actor_register("T", AK_THREAD, 0) : WF_NONE;
	uint64_t t0 = bench_now_ns();
	int n = 0;
	for (; n < RACERS; n++)
		if (pthread_create(&r[n].t, NULL, weft ? race_worker_wf : race_worker_c, &r[n]) != 0)
			break;
	for (int i = 0; i < n; i++)
		pthread_join(r[i].t, NULL);
	double ms = (double)(bench_now_ns() - t0) / 1e6;
	return n == RACERS && counter == RACERS * race_iters ? ms : -1;
}

static void *no_op(void *arg)
{
	return arg;
}

/* Per pair, medians of SAMPLES short batches, Weft's and the peer's
 * alternating: a batch is a fraction of a millisecond, so a preemption
 * spoils one sample, not the figure. */
#define SAMPLES 201
#define BATCH_PAIRS 4096

static void mutex_rows(struct bench_arena *ba)
{
	static double wf_off[SAMPLES], wf_on[SAMPLES], pt[SAMPLES], em[SAMPLES];
	wf_mutex *m = wf_mutex_new("bench", 0);
	pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
	struct ring *ring = actor_self.ring;
	int n = m ? SAMPLES : 0;
	bench_pin(-1);
	pairs_pthread(&pm, BATCH_PAIRS); /* warm up */
	pairs_wf(m, ring, BATCH_PAIRS);
	for (int s = 0; s < n; s++) {
		atomic_store(&ba->a->ctl.gate, 0);
		wf_off[s] = pairs_wf(m, NULL, BATCH_PAIRS);
		pt[s] = pairs_pthread(&pm, BATCH_PAIRS);
		atomic_store(&ba->a->ctl.gate, GATE_RECORDING);
		wf_on[s] = pairs_wf(m, ring, BATCH_PAIRS);
		em[s] = bench_emit_ns(ring, 2 * BATCH_PAIRS);
	}
	bench_unpin();
	struct bench_stat off = bench_stat_of(wf_off, n), on = bench_stat_of(wf_on, n);
	struct bench_stat peer = bench_stat_of(pt, SAMPLES), emit1 = bench_stat_of(em, n);

	struct bench_row r = {.row = "mutex-lock", .unit = "ns", .weft = off, .peer = "pthread_mutex",
			      .peer_value = peer, .cost = true, .target = "within 1.5x", .has_target = true};
	r.met = off.runs && peer.runs && off.median <= 1.5 * peer.median;
	snprintf(r.note, sizeof r.note, "wf_mutex_lock+unlock, uncontended, recording off; ratio: "
		 "Weft / peer");
	bench_report(&r);

	double budget = peer.median + 4 + 2 * emit1.median;
	struct bench_row rr = {.row = "mutex-lock-rec", .unit = "ns", .weft = on, .peer = "pthread_mutex",
			       .peer_value = peer, .cost = true, .target = "peer+4+2 emits",
			       .has_target = true};
	rr.met = on.runs && peer.runs && on.median <= budget;
	snprintf(rr.note, sizeof rr.note, "recording on, 2 events a pair; one emit here %.1f ns, so the "
		 "target is <= %.1f ns", emit1.median, budget);
	bench_report(&rr);
}

static void race_row(const struct bench_opts *o, struct bench_arena *ba)
{
	race_iters = o->quick ? 50000 : 200000;
	race_wf = wf_mutex_new("counter_lock", 0);
	atomic_store(&ba->a->ctl.gate, 0);
	double rw[32], rc[32];
	int nw = 0, nc = 0;
	for (int s = 0; s < o->runs && s < 32 && race_wf; s++) {
		double w = race_ms(true), c = race_ms(false);
		if (w > 0)
			rw[nw++] = w;
		if (c > 0)
			rc[nc++] = c;
	}
	struct bench_row rl = {.row = "race-lock", .unit = "ms", .weft = bench_stat_of(rw, nw),
			       .peer = "plain C", .peer_value = bench_stat_of(rc, nc), .cost = true,
			       .target = "reported"};
	snprintf(rl.note, sizeof rl.note, "race's loop, %d threads x %ldk on one lock, wall; recording "
		 "off; peer: pthread_mutex, no step points", RACERS, race_iters / 1000);
	bench_report(&rl);
}

void bench_sync(const struct bench_opts *o)
{
	struct bench_arena ba;
	if (bench_arena_open(&ba) != 0) {
		bench_missing("mutex-lock", "ns", "within 1.5x", "cannot map an arena");
		return;
	}
	/* A lesson always has threads: once a process has started one, glibc
	 * takes its locks with atomic instructions (single-threaded, it skips
	 * them), so the peer is timed as a lesson would use it. */
	pthread_t t;
	if (pthread_create(&t, NULL, no_op, NULL) == 0)
		pthread_join(t, NULL);
	mutex_rows(&ba);
	race_row(o, &ba);
	bench_arena_close(&ba);
}
