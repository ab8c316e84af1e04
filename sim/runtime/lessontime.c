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

/* The monotonic ns a slice of a wait for `deadline` ends (now: `now`), or
 * -1 when lesson time has reached the deadline already. */
static int64_t slice_end(int64_t now, int64_t deadline)
{
	struct timebase *tb = timebase();
	if (deadline != LESSONTIME_FOREVER && timebase_lesson_ns(tb, now) >= deadline)
		return -1;
	int64_t until = deadline == LESSONTIME_FOREVER ? INT64_MAX : timebase_real_ns(tb, deadline);
	if (until - now > LESSONTIME_SLICE_NS || until < now)
		until = now + LESSONTIME_SLICE_NS;
	return until;
}

static int slice_result(bool timed_out, int64_t deadline)
{
	if (timed_out && deadline != LESSONTIME_FOREVER &&
	    timebase_lesson_ns(timebase(), (int64_t)clock_mono_ns()) >= deadline)
		return ETIMEDOUT;
	return 0;
}

int lessontime_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, int64_t deadline)
{
	int64_t until = slice_end((int64_t)clock_mono_ns(), deadline);
	if (until < 0)
		return ETIMEDOUT;
	struct timespec abs = ns_to_timespec(until);
	return slice_result(pthread_cond_timedwait(c, m, &abs) == ETIMEDOUT, deadline);
}

int lessontime_futex_wait(_Atomic uint32_t *word, uint32_t seen, bool shared, int64_t deadline)
{
	int64_t now = (int64_t)clock_mono_ns();
	int64_t until = slice_end(now, deadline);
	if (until < 0)
		return ETIMEDOUT;
	struct timespec rel = ns_to_timespec(until - now);
	long r = syscall(SYS_futex, word, shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE, seen, &rel, NULL, 0);
	return slice_result(r < 0 && errno == ETIMEDOUT, deadline);
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
