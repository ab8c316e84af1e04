/*
 * model_loop.h - the event-loop part of the model (internal to sim/model).
 *
 * It knows nothing of the rest of the model: model.c folds loop events into
 * a struct mloop, model_query.c answers model.h's loop questions from it.
 */
#ifndef WEFT_MODEL_LOOP_H
#define WEFT_MODEL_LOOP_H

#include <stdbool.h>

#include "model.h"

struct mloop;

/* Folds one loop event (EV_CB_BEGIN, EV_CB_END, EV_TIMER_ADD,
 * EV_TIMER_DONE, EV_LOOP_STATE, EV_TASK) into *ml, made on first use;
 * returns 0, or -1 when it was ignored (out of memory, a table full). */
int mloop_fold(struct mloop **ml, const struct wf_ev *ev, const char *text, int64_t t);
/* Frees it; NULL is fine. */
void mloop_free(struct mloop *ml);
/* A deep copy of ml (NULL for NULL); sets *oom and returns NULL when out
 * of memory. */
struct mloop *mloop_clone(const struct mloop *ml, bool *oom);
/* What model.h's model_loop_count .. model_task answer, for ml (NULL: none). */
size_t mloop_count(const struct mloop *ml);
const struct model_loop *mloop_loop(const struct mloop *ml, size_t i);
const char *mloop_name(const struct mloop *ml, uint16_t name);
size_t mloop_task_count(const struct mloop *ml);
const struct model_task *mloop_task(const struct mloop *ml, size_t i);

#endif
