/*
 * challenge.h - challenges, as The Deadlock Empire sets them but on real
 * threads: a lesson's goal (lesson.h's wf_challenge) that a stepped run
 * reaches or not.
 *
 * The goal is a predicate over the model (what the events said) and the
 * run's results: pure, so a test can hold it to a hand-built model.  Only
 * a run whose schedule was chosen (step mode, a seeded scheduler, a rerun)
 * counts as reaching it; that is the caller's to check.
 */
#ifndef WEFT_CHALLENGE_H
#define WEFT_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "model.h"
#include "params.h"

/* Every challenge of every listed lesson, in registry order. */
size_t challenge_count(void);
const struct wf_challenge *challenge_at(size_t i, const struct wf_lesson **lesson);
/* The challenge called id, with its lesson; NULL if none. */
const struct wf_challenge *challenge_find(const char *id, const struct wf_lesson **lesson);
/* Sets the challenge's own parameters ("threads=2 iters=2") in args, on
 * top of what is there.  0, or -1 with a reason. */
int challenge_args(const struct wf_challenge *c, const struct wf_lesson *l, struct lesson_args *args,
		   char *err, size_t errsize);
/* True when the goal holds: results is "" while the run goes on. */
bool challenge_reached(const struct wf_challenge *c, const model *m, const char *results);

#endif
