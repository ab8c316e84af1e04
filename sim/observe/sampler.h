/*
 * sampler.h - the scheduler as the kernel saw it.
 *
 * For every live actor the sampler keeps /proc/<pid>/task/<tid>/schedstat
 * and .../stat open and re-reads them with pread at each tick: time on a
 * CPU, time waiting on a run queue, the CPU last run on and the kernel's
 * state letter.  From the difference between two ticks it decides RUNNING
 * (mostly on a CPU), RUNNABLE (mostly waiting for one) or IDLE (neither:
 * asleep in the kernel), and injects an EV_SCHED into the collector only
 * when that, the CPU or the letter changes.  A process (its one thread) is
 * still read after it has said it exited: the kernel shows it as a zombie
 * (Z, KSCHED_ZOMBIE) until its parent reaps it, then the read fails
 * (KSCHED_GONE).  At most SAMPLER_MAX_PER_TICK threads are
 * read per tick (round robin), which bounds its cost.
 */
#ifndef WEFT_SAMPLER_H
#define WEFT_SAMPLER_H

#include "arena.h"
#include "collector.h"

#define SAMPLER_MAX_PER_TICK 64

typedef struct sampler sampler;

/* NULL on OOM. */
sampler *sampler_new(void);
/* Closes every file it holds. NULL is fine. */
void sampler_free(sampler *s);
/* Reads the actors that are due and injects what changed. */
void sampler_tick(sampler *s, const struct arena *a, collector *c);

#endif
