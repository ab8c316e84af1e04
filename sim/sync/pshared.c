/*
 * pshared.c - see pshared.h.
 */
#include <time.h>

#include "pshared.h"

int pshared_mutex_init(pthread_mutex_t *m, bool shared)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	if (shared)
		pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	int r = pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	return r;
}

int pshared_cond_init(pthread_cond_t *c, bool shared)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (shared)
		pthread_condattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	int r = pthread_cond_init(c, &attr);
	pthread_condattr_destroy(&attr);
	return r;
}
