/*
 * model_msg.h - the messages part of the model, folded by model.c
 * (internal to sim/model*.c; widgets read it through model.h).
 */
#ifndef WEFT_MODEL_MSG_H
#define WEFT_MODEL_MSG_H

#include <stdbool.h>

#include "model.h"

struct mmsg;

/* Folds EV_MSG_SEND, EV_MSG_RECV or EV_PIPE_CLOSE into *mm, made on first
 * use; returns 0, or -1 when it was ignored (out of memory). */
int mmsg_fold(struct mmsg **mm, const struct wf_ev *ev, int64_t t);
/* Frees it; NULL is fine. */
void mmsg_free(struct mmsg *mm);
/* A deep copy (NULL for NULL); sets *oom and returns NULL when out of memory. */
struct mmsg *mmsg_clone(const struct mmsg *mm, bool *oom);

#endif
