/*
 * params.h - one run's parameter values (lesson_args), validated against
 * the lesson's declaration (lesson.h) before the lesson starts, and the
 * runs a lesson refuses.  The UI fills them; the host copies them into the
 * arena, where wf_param_int / wf_param_str read them.
 */
#ifndef WEFT_PARAMS_H
#define WEFT_PARAMS_H

#include <stddef.h>

#include "arena.h"
#include "lesson.h"

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
