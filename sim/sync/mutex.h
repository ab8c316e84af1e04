/*
 * mutex.h - what other primitives need of wf_mutex (internal).
 *
 * A condition wait lets go of its mutex inside pthread_cond_wait and takes
 * it back there; these keep wf_mutex's holder, depth and events true across it.
 */
#ifndef WEFT_MUTEX_H
#define WEFT_MUTEX_H

#include <stdint.h>

#include "weft.h"

/* Records that the caller now holds m at `depth` (EV_ACQUIRE). */
void mutex_taken(wf_mutex *m, uint32_t depth, uint64_t waited_ns);
/* Records that the caller is letting go of m (EV_RELEASE); returns the depth
 * it held, to restore with mutex_taken. */
uint32_t mutex_letting_go(wf_mutex *m);
/* Lets go of m entirely (all depths) without a step; returns the depth. */
uint32_t mutex_let_go(wf_mutex *m);
/* Takes m back at `depth`, as an acquire step (it may wait for a holder). */
void mutex_retake(wf_mutex *m, uint32_t depth);

#endif
