/*
 * model_loop.h - the event-loop part of the model, folded by model.c
 * (internal to sim/model*.c; widgets read it through model.h).
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
/* The model's loop part, NULL while no loop event was folded (model.c). */
const struct mloop *model_mloop(const model *m);

#endif
