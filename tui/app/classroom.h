/*
 * classroom.h - predict, then run, and challenges, in the terminal UI.
 *
 * Predict: with `weft open LESSON --predict` (or `a` on the lesson page)
 * the lesson's question stands over the screen before the run starts; the
 * student answers (1-9 for a choice, digits then Enter for a number), the
 * run starts, and once it has ended a box sets the answer beside what the
 * run measured (predict.c judges it), with the explanation.
 *
 * Challenge: with `weft open --challenge ID` the run is stepped and a
 * banner names the goal; after each tick the goal is checked on the model
 * (challenge.c), and when it is reached the banner says so with the steps
 * it took and the trace file that keeps the schedule.  A goal counts only
 * in a run whose schedule was chosen (stepped or seeded), never a free one.
 */
#ifndef WEFT_CLASSROOM_H
#define WEFT_CLASSROOM_H

#include <stdbool.h>
#include <stdint.h>

#include "lesson.h"

struct classroom {
	bool asking;        /* the question is up; the run waits for the answer */
	bool answered;      /* an answer is given; judged when the run ends */
	bool shown;         /* the verdict was closed (Esc or Enter) */
	double answer;
	char typed[16];     /* a number answer, as typed so far */
	const struct wf_challenge *challenge;
	bool reached;
	uint32_t steps;     /* the steps granted when it was reached */
	bool chosen;        /* the schedule was chosen (stepped, seeded) at some point */
	char trace[256];    /* where the challenge's schedule is recorded */
};

struct app;
struct cli;
struct look;
typedef struct canvas canvas;

enum classroom_do { CLASS_PASS, CLASS_TAKEN, CLASS_START };

/* From the command line: --predict asks first; --challenge records the
 * schedule (into --record FILE, else challenge-ID.trace). */
void classroom_init(struct app *a, const struct cli *c);
/* True while the run must not start yet (the question is up). */
bool classroom_holds(const struct app *a);
/* A new run of the lesson begins: the challenge starts over. */
void classroom_restart(struct app *a);
/* Takes the keys the question and the verdict want: PASS (not ours),
 * TAKEN, or START (the answer is in: start the run). */
enum classroom_do classroom_apply(struct app *a, int act);
/* Checks the challenge's goal against the model. */
void classroom_tick(struct app *a);
/* The question, the verdict box, the challenge's banner, over the frame. */
void classroom_draw(struct app *a, canvas *c, const struct look *k);
/* The help's line for `a`, or "" when the lesson asks nothing. */
const char *classroom_help(const struct app *a);

#endif
