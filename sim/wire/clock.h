/*
 * clock.h - the one timestamp every event carries, and lesson time.
 *
 * clock_ticks() is what emitters call: the invariant TSC where the CPU says
 * it is constant and non-stop (a few ns, no syscall), CLOCK_MONOTONIC
 * nanoseconds elsewhere.  Ticks become nanoseconds only on the reader's side
 * (clock_ns, clock_map), with a calibration the reader's process refines as
 * it reads (clock.c): no lesson process converts ticks (a lesson measures
 * a duration with clock_mono_ns).
 *
 * Lesson time is real time × speed, frozen while paused.  It is kept as a
 * short history of segments in the arena (struct timebase): only the UI
 * appends a segment, when the speed or the pause state changes; lessons read
 * the latest one.  Readers convert any past timestamp with the segment that
 * was current then, so the time axis stays right across speed changes.
 *
 * A segment starts at a CLOCK_MONOTONIC reading (real0) and at a raw
 * clock_ticks() reading (tick0) taken with it.  An event's raw timestamp
 * picks its segment by tick0, never by clock_ns(ticks) against real0: the
 * TSC's calibration drifts from CLOCK_MONOTONIC (hundreds of µs a second
 * in a VM), and an event written after a jump of the step clock was
 * published must carry the jump's time, not the time before it.
 */
#ifndef WEFT_CLOCK_H
#define WEFT_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define CLOCK_HAVE_TSC 1
#else
#define CLOCK_HAVE_TSC 0
#endif

/* Set once by clock_init(), before any fork; read-only afterwards. */
extern bool clock_use_tsc;

static inline uint64_t clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Raw timestamp: TSC ticks, or monotonic ns when the TSC is not usable. */
static inline uint64_t clock_ticks(void)
{
#if CLOCK_HAVE_TSC
	if (clock_use_tsc)
		return __rdtsc();
#endif
	return clock_mono_ns();
}

/* Decides between TSC and clock_gettime and takes the first (tsc, mono)
 * pair of the calibration (a few µs, no sleep).  Call once, early. */
void clock_init(void);
/* Monotonic ns for a raw timestamp taken by clock_ticks(). */
int64_t clock_ns(uint64_t ticks);

/* The map clock_ns() applies, for a reader converting many timestamps:
 * clock_ns(t) == mono_base + (t - tsc_base) * ns_per_tick. */
struct clock_map {
	bool tsc;          /* false: ticks are already monotonic ns (bases 0, 1 ns a tick) */
	uint64_t tsc_base;
	int64_t mono_base;
	double ns_per_tick;
};
struct clock_map clock_map(void);
/* Nanoseconds per tick (1.0 without TSC), for converting durations; the
 * reader's side (it refines the calibration as clock_map does). */
double clock_ns_per_tick(void);
/* "tsc" or "clock_gettime": what clock_ticks() reads. */
const char *clock_source(void);

/* The step clock appends a segment a grant, and a scheduler grants tens a
 * millisecond: the reader's conversions need the segments of every event
 * not yet folded, so a granter waits for room (timebase_wait_room). */
#define TIMEBASE_SEGMENTS 512

/* Lesson time from real time `real0` on: lesson0 + (real - real0) * speed. */
struct timebase_segment {
	int64_t real0;    /* monotonic ns the segment starts */
	uint64_t tick0;   /* clock_ticks() read with real0 */
	int64_t lesson0;  /* lesson ns at real0 */
	double speed;     /* 0 while paused */
};

struct timebase {
	_Atomic uint32_t count;  /* segments written; also the futex sleepers wait on */
	_Atomic uint32_t kept;   /* the reader needs segment kept - 1 and later (0: no reader) */
	struct timebase_segment seg[TIMEBASE_SEGMENTS];
};

/* Starts lesson time at 0 now, running at `speed` (UI side). */
void timebase_start(struct timebase *tb, double speed);
/* Changes speed or pauses (speed 0) from now on and wakes every wf_sleep so
 * it re-plans (UI side). */
void timebase_set(struct timebase *tb, double speed);
/* Sets lesson time to `lesson` now, running at `speed` (0: standing still);
 * the step clock of step mode moves this way. */
void timebase_jump(struct timebase *tb, int64_t lesson, double speed);
/* The speed now (0 while paused). */
double timebase_speed(const struct timebase *tb);
/* Lesson ns at monotonic ns `real`, using the segment current then. */
int64_t timebase_lesson_ns(const struct timebase *tb, int64_t real);
/* Lesson ns at raw timestamp `ticks` (clock_ticks()): the segment is the
 * latest whose tick0 it is not before, and the result lies between that
 * segment's lesson0 and the next one's, so it never goes back. */
int64_t timebase_ticks_lesson_ns(const struct timebase *tb, uint64_t ticks);
/* The reader (the collector) still needs the segment in force at raw tick
 * `ticks` and every later one. */
void timebase_keep_from(struct timebase *tb, uint64_t ticks);
/* Waits, at most timeout_ms, until one more segment would not overwrite
 * one the reader still needs; at once when no reader said so. */
void timebase_wait_room(struct timebase *tb, int timeout_ms);
/* The segment in force now (the latest appended). */
struct timebase_segment timebase_latest(const struct timebase *tb);
/* Lesson ns at `real` by segment s alone: what timebase_lesson_ns gives
 * for any real >= s->real0 when s is the latest segment. */
static inline int64_t timebase_segment_ns(const struct timebase_segment *s, int64_t real)
{
	if (real <= s->real0)
		return s->lesson0;
	return s->lesson0 + (int64_t)((double)(real - s->real0) * s->speed);
}
/* Monotonic ns at which lesson time reaches `lesson` at the current speed,
 * or INT64_MAX while paused. */
int64_t timebase_real_ns(const struct timebase *tb, int64_t lesson);

#endif
