/*
 * interp_lock.c - see interp_lock.h.
 */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "interp_lock.h"

double interp_mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void interp_take(struct interp_lock *g)
{
	atomic_fetch_add(&g->waiters, 1);
	wf_mutex_lock(g->lock);
	atomic_fetch_sub(&g->waiters, 1);
	g->taken_at = interp_mono_s();
	atomic_fetch_add(&g->handoffs, 1);
	syscall(SYS_futex, &g->handoffs, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

void interp_drop(struct interp_lock *g)
{
	wf_mutex_unlock(g->lock);
}

void interp_check(struct interp_lock *g, double interval_s)
{
	if (atomic_load_explicit(&g->waiters, memory_order_relaxed) == 0 ||
	    interp_mono_s() - g->taken_at < interval_s)
		return;
	uint32_t seen = atomic_load(&g->handoffs);
	interp_drop(g);
	while (atomic_load(&g->handoffs) == seen && atomic_load(&g->waiters) > 0)
		syscall(SYS_futex, &g->handoffs, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
	interp_take(g);
}
