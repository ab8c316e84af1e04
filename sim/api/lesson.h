/*
 * lesson.h - what a lesson is, to the runtime and the UI: an id, titles, the
 * parameters it takes, and the function the host runs.
 *
 * Parameters are declared with their default and range (integers) or their
 * choices ("on|off"); lesson_args holds one run's values, all validated
 * against the declaration before the lesson starts, so a lesson may read
 * them with wf_param_int / wf_param_str without checking.
 */
#ifndef WEFT_LESSON_H
#define WEFT_LESSON_H

#include <stddef.h>

#include "arena.h"

struct wf_param {
	const char *name;
	const char *choices; /* "on|off" for a choice; NULL for an integer */
	const char *def;     /* default value, as text */
	long min, max;       /* integers only */
	const char *help;    /* one line, English */
};

struct wf_lesson {
	const char *id;       /* "race" */
	const char *track;    /* "threads" */
	const char *title_en;
	const char *title_zh;
	const struct wf_param *params;
	size_t nparams;
	void (*run)(void);    /* the lesson's main, on the host's main thread */
	unsigned flags;       /* WF_LESSON_* */
};

/* The lesson only runs free: no step mode, no scheduler.  An event loop
 * waits in the kernel (epoll) on lesson time, not at step points, so a
 * step clock that stands still would stop it for good; a measurement of
 * switch costs means nothing stepped. */
#define WF_LESSON_FREE_ONLY 1u

/* NULL when the lesson may run as `kind` asks (enum sched_kind), else why not. */
const char *lesson_schedule_refusal(const struct wf_lesson *l, int kind);

struct lesson_args {
	unsigned n;
	struct arena_param p[ARENA_MAX_PARAMS];
};

/* Fills args with the lesson's defaults. */
void lesson_args_init(struct lesson_args *args, const struct wf_lesson *l);
/* Sets one "name=value" from the command line.  0, or -1 with a one-line
 * reason in err (unknown name, value not a number, out of range, not one of
 * the choices). */
int lesson_args_set(struct lesson_args *args, const struct wf_lesson *l, const char *kv,
		    char *err, size_t errsize);
/* "threads=8 iters=100000 lock=off" into buf. */
char *lesson_args_format(const struct lesson_args *args, char *buf, size_t size);

#endif
