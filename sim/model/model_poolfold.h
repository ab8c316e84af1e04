/*
 * model_poolfold.h - the pool part of the model, folded by model.c
 * (internal to sim/model*.c; widgets read it through model_pool.h).
 */
#ifndef WEFT_MODEL_POOLFOLD_H
#define WEFT_MODEL_POOLFOLD_H

#include <stdbool.h>

#include "model.h"

/* WF_ECANCELLED of weft.h, which the model does not include. */
#define WF_ECANCELLED_MODEL (-8)

struct mpool;

/* Folds one EV_TASK_SUBMIT / START / END or EV_FUT_STATE / CALLBACK into
 * *mp, made on first use; 0, or -1 when it was ignored. */
int mpool_fold(struct mpool **mp, const struct wf_ev *ev, int64_t t);
/* A copy of mp (NULL for NULL); sets *oom and returns NULL when out of memory. */
struct mpool *mpool_clone(const struct mpool *mp, bool *oom);
/* NULL is fine. */
void mpool_free(struct mpool *mp);

#endif
