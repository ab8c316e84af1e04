/*
 * lessontime.c - waiting in lesson time (see lessontime.h).
 */
#include <errno.h>
#include <stdio.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "weft.h"

static struct timebase *timebase(void)
{
	return &wf_arena->ctl.time;
}

int64_t lessontime_now(void)
{
	return timebase_lesson_ns(timebase(), (int64_t)clock_mono_ns());
}

int64_t lessontime_deadline(double seconds)
{
	if (seconds < 0)
		return LESSONTIME_FOREVER;
	return lessontime_now() + (int64_t)(seconds * 1e9);
}

static struct timespec ns_to_timespec(int64_t ns)
{
	return (struct timespec){ns / 1000000000, ns % 1000000000};
}

void lessontime_sleep_until(int64_t deadline)
{
	struct timebase *tb = timebase();
	for (;;) {
		uint32_t seen = atomic_load(&tb->count);
		int64_t now = (int64_t)clock_mono_ns();
		if (timebase_lesson_ns(tb, now) >= deadline)
			return;
		int64_t until = timebase_real_ns(tb, deadline);
		/* Paused: sleep until the UI changes the timebase. */
		struct timespec rel = ns_to_timespec(until == INT64_MAX ? 1000000000 : until - now);
		syscall(SYS_futex, &tb->count, FUTEX_WAIT, seen, &rel, NULL, 0);
	}
}

int lessontime_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline)
{
	struct timebase *tb = timebase();
	int64_t now = (int64_t)clock_mono_ns();
	if (deadline != LESSONTIME_FOREVER && timebase_lesson_ns(tb, now) >= deadline)
		return ETIMEDOUT;
	int64_t until = deadline == LESSONTIME_FOREVER ? INT64_MAX : timebase_real_ns(tb, deadline);
	if (until - now > LESSONTIME_SLICE_NS || until < now)
		until = now + LESSONTIME_SLICE_NS;
	struct timespec abs = ns_to_timespec(until);
	int r = pthread_cond_timedwait(c, m, &abs);
	if (r == ETIMEDOUT && deadline != LESSONTIME_FOREVER &&
	    timebase_lesson_ns(tb, (int64_t)clock_mono_ns()) >= deadline)
		return ETIMEDOUT;
	return 0;
}

bool lessontime_wait_for(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline,
			 bool (*ready)(void *), void *arg)
{
	if (ready(arg))
		return true;
	if (deadline == LESSONTIME_FOREVER)
		gate_block();
	else
		gate_sleep(deadline);
	int r = 0;
	while (!ready(arg) && r != ETIMEDOUT)
		r = lessontime_cond_wait(c, m, deadline);
	gate_unblocked();
	return ready(arg);
}

void wf_sleep(double seconds)
{
	if (seconds < 0)
		seconds = 0;
	char label[40];
	snprintf(label, sizeof label, "sleep %gs", seconds);
	gate_step(EV_SLEEP, WF_NONE, label, wf_line);
	emit(EV_SLEEP, WF_NONE, (uint64_t)(seconds * 1e9), 0);
	int64_t until = lessontime_deadline(seconds);
	gate_sleep(until);
	lessontime_sleep_until(until);
	gate_unblocked();
	emit(EV_RUN, WF_NONE, 0, 0);
}

double wf_now(void)
{
	return (double)lessontime_now() / 1e9;
}
