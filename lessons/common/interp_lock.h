/*
 * interp_lock.h - a simulated interpreter lock (CPython's GIL) and the
 * "bytecodes" it guards, shared by the lessons that run Python-like CPU
 * work: gil (threads, processes and one lock) and free-threading (the same
 * work with the lock and without).
 *
 * The holder of an interp_lock checks, every INTERP_CHECK_EVERY bytecodes,
 * whether someone is waiting and it has held the lock for the switch
 * interval; then it drops the lock, waits until another thread has taken
 * it (CPython's FORCE_SWITCHING), and queues for it again.  The lock is a
 * wf_mutex, so its holder and waiters are drawn like any lock's.
 */
#ifndef WEFT_LESSON_INTERP_LOCK_H
#define WEFT_LESSON_INTERP_LOCK_H

#include <stdatomic.h>
#include <stdint.h>

#include "weft.h"

#define INTERP_CHECK_EVERY 1024 /* bytecodes between two looks at the drop request */

struct interp_lock {
	wf_mutex *lock;
	_Atomic int waiters;       /* threads queued for the lock */
	_Atomic uint32_t handoffs; /* times it changed hands; a dropper waits on it */
	double taken_at;           /* monotonic s when the holder took it */
};

/* Seconds on CLOCK_MONOTONIC: real time, which CPU work is measured in. */
double interp_mono_s(void);
/* Takes the lock (queues behind the holder). */
void interp_take(struct interp_lock *g);
/* Lets it go (as a blocking call or time.sleep does). */
void interp_drop(struct interp_lock *g);
/* The eval loop's check: drop the lock if someone waits and interval_s has
 * passed since it was taken, wait until another thread has it, queue again. */
void interp_check(struct interp_lock *g, double interval_s);

/* One "bytecode": a few dependent multiply-adds the compiler cannot fold. */
static inline uint64_t interp_bytecode(uint64_t x)
{
	for (int k = 0; k < 6; k++)
		x = x * 6364136223846793005u + 1442695040888963407u;
	return x;
}

#endif
