/*
 * clock.c - TSC calibration and lesson time (see clock.h).
 *
 * The TSC is used only when /proc/cpuinfo lists both constant_tsc and
 * nonstop_tsc: then it ticks at one rate on every CPU, through idle states,
 * and one linear map holds for the whole run.  WEFT_CLOCK=monotonic
 * forces clock_gettime, to compare the two.
 *
 * No sleep at start (it was 20 ms of every command's start): clock_init
 * takes one (tsc, mono) pair, and each reader's call (the collector's
 * pumps) takes a new pair every CALIB_STEP_NS until the line from the first
 * pair spans CALIB_FINAL_NS, then it stays.  Every map passes through the
 * newest pair, so a conversion of an event written before it is an
 * interpolation between two real readings of both clocks, and successive
 * maps agree at the present to within one pair's error (tens of ns).
 */
#include <limits.h>
#include <pthread.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"

bool clock_use_tsc;

/* The calibration: the line through pair 0 (taken by clock_init) and the
 * latest pair, published under a sequence count so a reader on another
 * thread never mixes two of them.  ns_per_tick is kept as its bits. */
static _Atomic uint32_t calib_seq;
static _Atomic uint64_t calib_tsc0, calib_rate_bits;
static _Atomic int64_t calib_mono0;
static _Atomic int64_t calib_mono_last; /* the latest pair's monotonic ns */
static _Atomic bool calib_final;
static pthread_mutex_t calib_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t bits_of(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

static double double_of(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

static bool cpu_has_invariant_tsc(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return false;
	char line[4096];
	bool constant = false, nonstop = false;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		constant = strstr(line, " constant_tsc") != NULL;
		nonstop = strstr(line, " nonstop_tsc") != NULL;
		break;
	}
	fclose(f);
	return constant && nonstop;
}

#if CLOCK_HAVE_TSC
#define PAIR_TRIES 64

/* One (tsc, mono) pair: the TSC read between two clock readings, kept
 * from the try whose two clock readings came closest together.  A pair
 * whose reads a preemption separated (a loaded machine) would skew the
 * calibration by as long as the preemption lasted. */
static void clock_pair(uint64_t *tsc, int64_t *mono)
{
	int64_t best = INT64_MAX;
	*tsc = 0;
	*mono = 0;
	for (int i = 0; i < PAIR_TRIES; i++) {
		int64_t before = (int64_t)clock_mono_ns();
		uint64_t t = __rdtsc();
		int64_t after = (int64_t)clock_mono_ns();
		if (after - before < best) {
			best = after - before;
			*tsc = t;
			*mono = before + (after - before) / 2;
		}
	}
}
#endif

static void publish(uint64_t tsc0, int64_t mono0, double rate)
{
	uint32_t s = atomic_load_explicit(&calib_seq, memory_order_relaxed);
	atomic_store_explicit(&calib_seq, s + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&calib_tsc0, tsc0, memory_order_relaxed);
	atomic_store_explicit(&calib_mono0, mono0, memory_order_relaxed);
	atomic_store_explicit(&calib_rate_bits, bits_of(rate), memory_order_relaxed);
	atomic_store_explicit(&calib_seq, s + 2, memory_order_release);
}

static struct clock_map read_map(void)
{
	struct clock_map m;
	uint32_t s;
	do {
		s = atomic_load_explicit(&calib_seq, memory_order_acquire);
		m.tsc_base = atomic_load_explicit(&calib_tsc0, memory_order_relaxed);
		m.mono_base = atomic_load_explicit(&calib_mono0, memory_order_relaxed);
		m.ns_per_tick = double_of(atomic_load_explicit(&calib_rate_bits, memory_order_relaxed));
		atomic_thread_fence(memory_order_acquire);
	} while ((s & 1) || atomic_load_explicit(&calib_seq, memory_order_relaxed) != s);
	m.tsc = true;
	return m;
}

/* Takes a new pair when the latest is CALIB_STEP_NS old, until the line
 * spans CALIB_FINAL_NS; before the first, waits until pair 0 is
 * CALIB_FIRST_NS old (only a reader asking within that of the start). */
#define CALIB_FIRST_NS 1000000ll
#define CALIB_STEP_NS 2000000ll
#define CALIB_FINAL_NS 2000000000ll

static void refine(void)
{
#if CLOCK_HAVE_TSC
	if (!clock_use_tsc || atomic_load_explicit(&calib_final, memory_order_acquire))
		return;
	int64_t now = (int64_t)clock_mono_ns();
	int64_t last = atomic_load_explicit(&calib_mono_last, memory_order_relaxed);
	int64_t mono0 = atomic_load_explicit(&calib_mono0, memory_order_relaxed);
	bool have_rate = last > mono0;
	if (have_rate && now - last < CALIB_STEP_NS)
		return;
	if (pthread_mutex_trylock(&calib_lock) != 0) {
		if (have_rate)
			return; /* another thread refines it now */
		pthread_mutex_lock(&calib_lock);
	}
	if (atomic_load_explicit(&calib_mono_last, memory_order_relaxed) == last) {
		while (!have_rate && (int64_t)clock_mono_ns() - mono0 < CALIB_FIRST_NS)
			;
		uint64_t t;
		int64_t m;
		clock_pair(&t, &m);
		uint64_t tsc0 = atomic_load_explicit(&calib_tsc0, memory_order_relaxed);
		if (t > tsc0 && m > mono0) {
			publish(tsc0, mono0, (double)(m - mono0) / (double)(t - tsc0));
			atomic_store_explicit(&calib_mono_last, m, memory_order_relaxed);
			if (m - mono0 >= CALIB_FINAL_NS)
				atomic_store_explicit(&calib_final, true, memory_order_release);
		}
	}
	pthread_mutex_unlock(&calib_lock);
#endif
}

void clock_init(void)
{
	clock_use_tsc = false;
#if CLOCK_HAVE_TSC
	const char *force = getenv("WEFT_CLOCK");
	if ((force && strcmp(force, "monotonic") == 0) || !cpu_has_invariant_tsc())
		return;
	uint64_t t0;
	int64_t m0;
	clock_pair(&t0, &m0);
	atomic_store(&calib_final, false);
	atomic_store(&calib_mono_last, m0);
	publish(t0, m0, 0);
	clock_use_tsc = true;
#endif
}

int64_t clock_ns(uint64_t ticks)
{
	if (!clock_use_tsc)
		return (int64_t)ticks;
	/* Per event on some paths: only the first call refines (the
	 * collector's pumps do it through clock_map). */
	if (atomic_load_explicit(&calib_mono_last, memory_order_relaxed) ==
	    atomic_load_explicit(&calib_mono0, memory_order_relaxed))
		refine();
	struct clock_map m = read_map();
	return m.mono_base + (int64_t)((double)(int64_t)(ticks - m.tsc_base) * m.ns_per_tick);
}

struct clock_map clock_map(void)
{
	if (!clock_use_tsc)
		return (struct clock_map){false, 0, 0, 1.0};
	refine();
	return read_map();
}

double clock_ns_per_tick(void)
{
	return clock_map().ns_per_tick;
}

const char *clock_source(void)
{
	return clock_use_tsc ? "tsc" : "clock_gettime";
}

static const struct timebase_segment *latest(const struct timebase *tb)
{
	uint32_t n = atomic_load_explicit(&tb->count, memory_order_acquire);
	return &tb->seg[(n ? n - 1 : 0) % TIMEBASE_SEGMENTS];
}

static int64_t segment_lesson_ns(const struct timebase_segment *s, int64_t real)
{
	return timebase_segment_ns(s, real);
}

struct timebase_segment timebase_latest(const struct timebase *tb)
{
	return *latest(tb);
}

static void append(struct timebase *tb, int64_t real0, uint64_t tick0, int64_t lesson0, double speed)
{
	uint32_t n = atomic_load_explicit(&tb->count, memory_order_relaxed);
	tb->seg[n % TIMEBASE_SEGMENTS] = (struct timebase_segment){real0, tick0, lesson0, speed};
	atomic_store_explicit(&tb->count, n + 1, memory_order_release);
	/* Every process of the lesson may sleep on this word: a shared futex. */
	syscall(SYS_futex, &tb->count, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void timebase_start(struct timebase *tb, double speed)
{
	atomic_store(&tb->count, 0);
	atomic_store(&tb->kept, 0);
	append(tb, (int64_t)clock_mono_ns(), clock_ticks(), 0, speed);
}

void timebase_set(struct timebase *tb, double speed)
{
	int64_t now = (int64_t)clock_mono_ns();
	append(tb, now, clock_ticks(), segment_lesson_ns(latest(tb), now), speed);
}

void timebase_jump(struct timebase *tb, int64_t lesson, double speed)
{
	append(tb, (int64_t)clock_mono_ns(), clock_ticks(), lesson, speed);
}

double timebase_speed(const struct timebase *tb)
{
	return latest(tb)->speed;
}

int64_t timebase_lesson_ns(const struct timebase *tb, int64_t real)
{
	uint32_t n = atomic_load_explicit(&tb->count, memory_order_acquire);
	uint32_t oldest = n > TIMEBASE_SEGMENTS ? n - TIMEBASE_SEGMENTS : 0;
	/* Newest first: events are converted shortly after they are written. */
	for (uint32_t i = n; i > oldest + 1; i--) {
		const struct timebase_segment *s = &tb->seg[(i - 1) % TIMEBASE_SEGMENTS];
		if (real >= s->real0)
			return segment_lesson_ns(s, real);
	}
	return segment_lesson_ns(&tb->seg[oldest % TIMEBASE_SEGMENTS], real);
}

/* The segment in force at raw tick `ticks`: the latest kept one whose tick0
 * it is not before (tick0 grows with the index), or the oldest kept. */
static uint32_t segment_at_tick(const struct timebase *tb, uint32_t n, uint64_t ticks)
{
	uint32_t lo = n > TIMEBASE_SEGMENTS ? n - TIMEBASE_SEGMENTS : 0, hi = n ? n - 1 : 0;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;
		if (ticks >= tb->seg[mid % TIMEBASE_SEGMENTS].tick0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int64_t timebase_ticks_lesson_ns(const struct timebase *tb, uint64_t ticks)
{
	uint32_t n = atomic_load_explicit(&tb->count, memory_order_acquire);
	uint32_t i = segment_at_tick(tb, n, ticks);
	int64_t lesson = segment_lesson_ns(&tb->seg[i % TIMEBASE_SEGMENTS], clock_ns(ticks));
	if (i + 1 < n && lesson > tb->seg[(i + 1) % TIMEBASE_SEGMENTS].lesson0)
		lesson = tb->seg[(i + 1) % TIMEBASE_SEGMENTS].lesson0; /* the next one starts there */
	return lesson;
}

void timebase_keep_from(struct timebase *tb, uint64_t ticks)
{
	uint32_t n = atomic_load_explicit(&tb->count, memory_order_acquire);
	atomic_store_explicit(&tb->kept, segment_at_tick(tb, n, ticks) + 1, memory_order_release);
}

void timebase_wait_room(struct timebase *tb, int timeout_ms)
{
	for (int waited_us = 0; waited_us < timeout_ms * 1000; waited_us += 100) {
		uint32_t kept = atomic_load_explicit(&tb->kept, memory_order_acquire);
		uint32_t n = atomic_load_explicit(&tb->count, memory_order_relaxed);
		/* Appending writes index n over n - TIMEBASE_SEGMENTS. */
		if (kept == 0 || n + 1 < kept + TIMEBASE_SEGMENTS - 1)
			return;
		nanosleep(&(struct timespec){0, 100000}, NULL);
	}
}

int64_t timebase_real_ns(const struct timebase *tb, int64_t lesson)
{
	const struct timebase_segment *s = latest(tb);
	if (s->speed <= 0)
		return INT64_MAX;
	if (lesson <= s->lesson0)
		return s->real0;
	return s->real0 + (int64_t)((double)(lesson - s->lesson0) / s->speed);
}
