/*
 * model_series.h - a depth series that stays bounded (internal to sim/model).
 *
 * A queue's depth and a loop's ready-queue length are series of samples
 * (t strictly increasing, neighbours differing in depth); when one is full
 * its older half is merged pairwise, keeping each pair's peak, so recent
 * history stays exact and old history keeps its highs.
 */
#ifndef WEFT_MODEL_SERIES_H
#define WEFT_MODEL_SERIES_H

#include <stddef.h>

#include "model.h"

/* Merges the older half of v[0 .. len-1] in place; returns the new length. */
size_t series_compact(struct model_sample *v, size_t len);

#endif
