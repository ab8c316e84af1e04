/*
 * scheduler.h - controlled schedules: a scheduler, not a person, grants the steps.
 *
 * As Fray and Coyote test real programs: the lesson runs in step mode and a
 * scheduler thread in the host waits until the run is settled (gate.h),
 * then grants one enabled actor its next step, again and again.  Which one:
 *  - random: a seeded random choice among the enabled actors;
 *  - pct:    probabilistic concurrency testing (Burckhardt et al.): random
 *            distinct priorities, the highest enabled actor runs, and at
 *            d-1 random steps the running actor drops to the lowest
 *            priority; it finds bugs that need few ordering changes fast;
 *  - rerun:  a recorded schedule, forced grant by grant; where the recorded
 *            actor cannot go, the run has diverged: the first enabled actor
 *            goes instead and the divergence is counted.
 * The same seed (or plan) gives the same choices; with the run settled at
 * every choice, the same choices give the same interleaving.  When nothing
 * is enabled but an actor sleeps, the step clock jumps to it.
 */
#ifndef WEFT_SCHEDULER_H
#define WEFT_SCHEDULER_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* pct's depth d: at d-1 change points the running actor drops to the
 * lowest priority, so a pct run switches actors at most d-1 times more than
 * its actors' ends force it to. */
#define SCHED_PCT_DEPTH 3

enum sched_kind { SCHED_FREE = 0, SCHED_STEP, SCHED_RANDOM, SCHED_PCT, SCHED_RERUN };

struct sched_plan {
	enum sched_kind kind;
	uint64_t seed;
	const uint16_t *grant; /* SCHED_RERUN: the recorded schedule */
	size_t ngrant;
};

/* "free", "step", "random", "pct", "rerun". */
const char *sched_name(enum sched_kind k);
/* The kind called `name`, or -1. */
int sched_parse(const char *name);
/* Starts the scheduler thread for a controlled plan (random, pct, rerun);
 * returns 0, or -1 if the thread cannot start.  Runs until the process ends. */
int sched_start(struct arena *a, const struct sched_plan *p);

#endif
