/*
 * weft_barrier.h - wf_barrier: threading.Barrier, for lessons.
 *
 * `parties` actors meet: each calls wf_barrier_wait and waits until the
 * last of them arrives; then all go on together and the barrier is ready
 * for the next round.  As in Python, a wait that times out breaks the
 * barrier, and every wait on a broken barrier (those waiting then, and
 * those that come later, until a reset) fails.
 */
#ifndef WEFT_BARRIER_H
#define WEFT_BARRIER_H

#include <stdbool.h>

/* threading.BrokenBarrierError: the barrier was broken (a timeout, an
 * abort, a reset while actors waited). */
#define WF_EBROKEN (-20)

typedef struct wf_barrier wf_barrier;
/* A barrier for `parties` actors (at least 1); flags: WF_SHARED for
 * processes.  NULL when the arena is full. */
wf_barrier *wf_barrier_new(const char *name, unsigned parties, unsigned flags);
/* Waits for the round to fill: the caller's arrival index, 0 for the first
 * to arrive up to parties - 1 for the last (Python's return value), or
 * WF_EBROKEN (also when `timeout` lesson seconds ran out: WF_FOREVER to
 * wait for ever). */
int wf_barrier_wait(wf_barrier *b, double timeout);
/* Breaks the barrier: its waiters, and later waits, fail with WF_EBROKEN. */
void wf_barrier_abort(wf_barrier *b);
/* Back to empty and unbroken; actors waiting now fail with WF_EBROKEN. */
void wf_barrier_reset(wf_barrier *b);
/* How many wait now (Barrier.n_waiting), and whether it is broken. */
unsigned wf_barrier_waiting(wf_barrier *b);
bool wf_barrier_broken(wf_barrier *b);

#ifndef WEFT_SIM_INTERNAL
#define wf_barrier_wait(b, t) (wf_line = __LINE__, wf_barrier_wait(b, t))
#endif

#endif
