/*
 * lessontime.h - waiting in lesson time.
 *
 * Every timed wait of a lesson (wf_sleep, a queue get with a timeout, a
 * condition with a timeout) is a deadline in lesson time.  Real waits are cut
 * into slices: a wait re-plans whenever the UI changes the speed or pauses
 * (timebase_set wakes the futex every sleeper waits on), and a timed wait on
 * a condition wakes at least every LESSONTIME_SLICE_NS to re-plan, so a
 * deadline is met in lesson time whatever the speed does meanwhile.
 */
#ifndef WEFT_LESSONTIME_H
#define WEFT_LESSONTIME_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define LESSONTIME_FOREVER INT64_MAX
#define LESSONTIME_SLICE_NS (20 * 1000 * 1000)

/* Lesson ns now. */
int64_t lessontime_now(void);
/* The lesson-ns deadline `seconds` from now; LESSONTIME_FOREVER for a
 * negative timeout. */
int64_t lessontime_deadline(double seconds);
/* Blocks until lesson time reaches `deadline` (no events emitted). */
void lessontime_sleep_until(int64_t deadline);
/* One slice of pthread_cond_timedwait (the condition uses CLOCK_MONOTONIC).
 * Returns 0 when woken, or possibly spuriously; ETIMEDOUT only once lesson
 * time has reached `deadline`.  Callers loop on their predicate. */
int lessontime_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline);
/* The same slice as a futex wait on `word` while it still reads `seen`
 * (shared: across processes); 0 or ETIMEDOUT as above. */
int lessontime_futex_wait(_Atomic uint32_t *word, uint32_t seen, bool shared, int64_t deadline);

/* Waits on c (m held) until ready(arg) or lesson time reaches deadline;
 * meanwhile the caller counts as blocked (no deadline) or sleeping (a
 * deadline) for stepping (gate.h).  Returns whether ready(arg) holds. */
bool lessontime_wait_for(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline,
			 bool (*ready)(void *), void *arg);

#endif
