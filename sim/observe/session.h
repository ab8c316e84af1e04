/*
 * session.h - one lesson, run after run: arena, host, collector, sampler and
 * model tied together, for the headless runner and the TUI alike.
 *
 * A session owns at most one run at a time.  session_start maps a fresh
 * arena and model and forks the host; session_pump (called often, from one
 * thread) reads the lesson's stdout, samples the scheduler, folds events and
 * notices the end of the run: the host exiting (DONE, or CRASHED with the
 * signal or exit code) or a deadlock in the model (DEADLOCK; the lesson is
 * left stuck, for the user to look at, until stopped).  session_stop kills
 * and reaps every process of the run; the model stays readable.
 */
#ifndef WEFT_SESSION_H
#define WEFT_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "lesson.h"
#include "params.h"
#include "model.h"
#include "scheduler.h"

enum session_state {
	SESSION_IDLE,     /* not started */
	SESSION_RUNNING,
	SESSION_DONE,     /* the lesson's main returned */
	SESSION_DEADLOCK, /* a wait-for cycle; the lesson is stuck */
	SESSION_CRASHED,  /* the host died of a signal or exited non-zero */
};

typedef struct session session;

/* A session for lesson l with validated args; NULL on OOM. */
session *session_new(const struct wf_lesson *l, const struct lesson_args *args, double speed);
/* Stops any run and frees everything. NULL is fine. */
void session_free(session *s);
/* Starts a new run (stopping any current one).  0, or -1 with a reason. */
int session_start(session *s, char *err, size_t errsize);
/* Kills and reaps the run; the model and results stay. */
void session_stop(session *s);
/* Does the periodic work; returns the events folded. */
size_t session_pump(session *s);
/* The fd to poll for lesson output, or -1. */
int session_fd(const session *s);

enum session_state session_state(const session *s);
const model *session_model(const session *s);
const struct wf_lesson *session_lesson(const session *s);
/* "exited with code 3", "killed by SIGSEGV", "stopped: CPU time limit
 * (10 s)" (sim/runtime/runlimits.h) for a CRASHED run; "" else. */
const char *session_ending(const session *s);
/* The lesson's "k=v k=v" results ("" before any). */
const char *session_results(const session *s);
uint64_t session_events(const session *s);
uint64_t session_dropped(const session *s);
/* Events folded coalesced (collector_coalesced): not lost, not one by one. */
uint64_t session_coalesced(const session *s);
/* Lesson ns since the run started (frozen while paused, and after the end). */
int64_t session_lesson_ns(const session *s);

/* How the next runs are scheduled (scheduler.h); a rerun's grants are
 * copied.  Free, unless set. */
void session_schedule(session *s, enum sched_kind kind, uint64_t seed, const uint16_t *grants,
		      size_t n);
/* Records the next runs into the trace file at `path` (NULL: stop); the
 * file is created when a run starts.  0, or -1 when out of memory. */
int session_record(session *s, const char *path);
/* True once a write to the run's trace has failed (the disk is full, ...),
 * with "path: cannot write the trace: why" in err. */
bool session_record_failed(const session *s, char *err, size_t errsize);
/* Step mode of the current run: on, actors park at their step points. */
bool session_stepping(const session *s);
/* Turns step mode on or off; 0, or -1 with why for a lesson that only
 * runs free (WF_LESSON_FREE_ONLY). */
int session_set_stepping(session *s, bool on, char *why, size_t size);
/* Grants actor `actor` one step, or the next actor in turn for -1 (when
 * none can go but one sleeps, lesson time moves to it).  0, or -1 with a
 * short reason in why. */
int session_step(session *s, int actor, char *why, size_t size);
/* Waits (up to timeout_ms) until every actor is parked, blocked, sleeping
 * or done, then folds every event written so far.  For scripts and tests
 * of step mode, where the run stands still between steps.  True if it
 * settled. */
bool session_settle(session *s, int timeout_ms);
/* Rerun: grants that could not follow the recorded schedule. */
uint32_t session_diverged(const session *s);
/* Steps granted so far in the current run (step mode, a scheduler, a
 * rerun): what a challenge took to reach its goal. */
uint32_t session_grants(const session *s);

/* Whether the next runs get presses of the input key from a person
 * (runtime/input.h); off unless set.  Headless runs leave it off. */
void session_take_input(session *s, bool on);
/* Delivers one press to the running lesson; the presses so far, or -1 with
 * no run. */
int session_press(session *s);

void session_set_paused(session *s, bool paused);
bool session_paused(const session *s);
/* Clamped to [SESSION_SPEED_MIN, SESSION_SPEED_MAX]. */
void session_set_speed(session *s, double speed);
double session_speed(const session *s);

#define SESSION_SPEED_MIN 0.05
#define SESSION_SPEED_MAX 20.0

#endif
