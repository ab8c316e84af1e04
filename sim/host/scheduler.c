/*
 * scheduler.c - the controlled scheduler (see scheduler.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gate.h"
#include "scheduler.h"

#define PCT_DEPTH SCHED_PCT_DEPTH /* bugs of depth up to 3 are found with good odds */
#define PCT_HORIZON 1000     /* change points fall in the first this many steps */
#define SETTLE_POLL_MS 20

static const char *const names[] = {"free", "step", "random", "pct", "rerun"};

const char *sched_name(enum sched_kind k)
{
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

int sched_parse(const char *name)
{
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

struct scheduler {
	struct arena *arena;
	struct sched_plan plan;
	uint64_t rng;
	uint64_t step;
	uint32_t priority[ARENA_MAX_ACTORS]; /* pct: 0 = not assigned yet */
	uint64_t change[PCT_DEPTH - 1];      /* pct: steps where the runner drops */
};

/* xorshift64*: small, fast, and the same sequence for the same seed. */
static uint64_t next_random(struct scheduler *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

static uint16_t choose_pct(struct scheduler *s, const uint16_t *cand, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s->priority[cand[i]]) /* d..d+2^20: above every change-point priority */
			s->priority[cand[i]] = PCT_DEPTH + 1 + (uint32_t)(next_random(s) % (1u << 20));
	uint16_t best = cand[0];
	for (size_t i = 1; i < n; i++)
		if (s->priority[cand[i]] > s->priority[best])
			best = cand[i];
	for (int j = 0; j < PCT_DEPTH - 1; j++)
		if (s->change[j] == s->step)
			s->priority[best] = (uint32_t)(j + 1);
	return best;
}

static uint16_t choose(struct scheduler *s, const uint16_t *cand, size_t n)
{
	switch (s->plan.kind) {
	case SCHED_PCT:
		return choose_pct(s, cand, n);
	case SCHED_RERUN:
		if (s->step < s->plan.ngrant) {
			uint16_t want = s->plan.grant[s->step];
			for (size_t i = 0; i < n; i++)
				if (cand[i] == want)
					return want;
		}
		atomic_fetch_add(&s->arena->ctl.diverged, 1);
		return cand[0];
	default:
		return cand[next_random(s) % n];
	}
}

static void *run(void *arg)
{
	struct scheduler *s = arg;
	uint16_t cand[ARENA_MAX_ACTORS];
	char why[96];
	for (;;) {
		if (!gate_wait_settled(s->arena, SETTLE_POLL_MS))
			continue;
		size_t n = gate_candidates(s->arena, cand, ARENA_MAX_ACTORS);
		if (n == 0) {
			/* Nothing can go: a sleeper's time comes, or we wait for
			 * a free actor (the lesson's main) to change something. */
			if (!gate_advance_clock(s->arena)) {
				struct timespec pause = {0, 1000000};
				nanosleep(&pause, NULL);
			}
			continue;
		}
		uint16_t pick = choose(s, cand, n);
		if (gate_grant(s->arena, pick, why, sizeof why) == 0)
			s->step++;
	}
	return NULL;
}

int sched_start(struct arena *a, const struct sched_plan *p)
{
	struct scheduler *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->arena = a;
	s->plan = *p;
	s->rng = p->seed * 0x9e3779b97f4a7c15ull + 1; /* never 0: xorshift would stick */
	for (int j = 0; j < PCT_DEPTH - 1; j++)
		s->change[j] = 1 + next_random(s) % PCT_HORIZON;
	pthread_t t;
	if (pthread_create(&t, NULL, run, s) != 0) {
		free(s);
		return -1;
	}
	pthread_detach(t);
	return 0;
}
