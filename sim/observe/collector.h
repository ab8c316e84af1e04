/*
 * collector.h - from the arena's rings to the model.
 *
 * The collector is the rings' only reader.  Each pump drains every ring,
 * merges the actors' streams by timestamp (each ring is already in order, so
 * this is a k-way merge over a heap of stream heads), converts timestamps to
 * lesson ns with the timebase, attaches the texts events refer to, and folds
 * into the model.  Events newer than COLLECTOR_HOLDBACK_NS stay back until
 * the next pump, so an event written a moment late by a preempted actor
 * still lands in order; a flushing pump folds everything.
 *
 * The UI side adds its own events (the scheduler sampler, the lesson's raw
 * stdout) with collector_inject; they merge like any actor's.
 */
#ifndef WEFT_COLLECTOR_H
#define WEFT_COLLECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "model.h"
#include "btrace.h"
#include "trace.h"

#define COLLECTOR_HOLDBACK_NS (2 * 1000 * 1000)

typedef struct collector collector;

/* A collector reading arena `a` into model `m` (neither owned); NULL on OOM. */
collector *collector_new(struct arena *a, model *m);
void collector_free(collector *c);
/* Starts a thread that empties the rings every 0.2 ms while events come
 * (more rarely while none do), so bursts between two pumps do not fill
 * them; the pump takes what it spilled.  Stopped by collector_free.  0, or
 * -1 when the thread cannot start (pumps alone then read the rings). */
int collector_start_drainer(collector *c);
/* Drains, merges and folds; returns the events folded. */
size_t collector_pump(collector *c, bool flush);
/* Adds a UI-side event (ts in raw clock ticks, non-decreasing across calls)
 * with an optional text, copied. */
void collector_inject(collector *c, const struct wf_ev *ev, const char *text);
/* Writes every event folded from now on to w as well (NULL: stop). */
void collector_record(collector *c, trace_writer *w);
/* The same into a binary trace (btrace.h), what `--record` writes. */
void collector_record_binary(collector *c, btrace_writer *w);
/* Events lost: full rings, threads that are not actors, texts overwritten. */
uint64_t collector_dropped(const collector *c);
/* Events read from the rings and injected so far. */
uint64_t collector_events(const collector *c);
/* Events folded as part of an EV_COALESCED instead of one by one (the
 * lesson outran the fold); nothing a panel counts was lost with them. */
uint64_t collector_coalesced(const collector *c);

#endif
