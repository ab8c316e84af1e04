/*
 * pshared.h - pthread objects that may live in the shared arena.
 *
 * Every primitive of a lesson is built from a pthread mutex and conditions.
 * Made here, they are process-shared when asked (so a forked process may use
 * them) and conditions time out on CLOCK_MONOTONIC, the clock lesson time is
 * derived from.
 */
#ifndef WEFT_PSHARED_H
#define WEFT_PSHARED_H

#include <pthread.h>
#include <stdbool.h>

/* 0, or the pthread error. */
int pshared_mutex_init(pthread_mutex_t *m, bool shared);
int pshared_cond_init(pthread_cond_t *c, bool shared);

#endif
