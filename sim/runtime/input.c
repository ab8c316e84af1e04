/*
 * input.c - presses of the input key (weft_input.h, input.h).
 *
 * Invariants: input_taken never passes input_sent (a press is taken by a
 * compare-and-swap from taken to taken + 1 while taken < sent), so every
 * press is taken once; only the UI writes input_sent and input_live.  A
 * waiter sleeps on the input_sent futex in slices of lesson time, so speed
 * changes and pauses move its deadline as they move every other wait.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "arena.h"
#include "gate.h"
#include "input.h"
#include "lessontime.h"
#include "weft.h"

void input_attach(struct arena *a, bool live)
{
	a->ctl.input_live = live;
}

uint32_t input_press(struct arena *a)
{
	uint32_t n = atomic_fetch_add(&a->ctl.input_sent, 1) + 1;
	syscall(SYS_futex, &a->ctl.input_sent, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
	return n;
}

uint32_t input_pending(const struct arena *a)
{
	return atomic_load(&a->ctl.input_sent) - atomic_load(&a->ctl.input_taken);
}

bool wf_input_live(void)
{
	return wf_arena->ctl.input_live != 0;
}

/* The presses' object, registered by the first actor that asks. */
static uint16_t input_object(void)
{
	_Atomic uint32_t *slot = &wf_arena->ctl.input_obj;
	uint32_t v = atomic_load(slot);
	if (v)
		return (uint16_t)(v - 1);
	uint16_t id = object_register("input key", OBJ_EVENT, 0);
	uint32_t none = 0;
	if (id == WF_NONE || !atomic_compare_exchange_strong(slot, &none, (uint32_t)id + 1))
		return none ? (uint16_t)(none - 1) : id; /* someone else's came first */
	return id;
}

/* Takes one press if one is waiting; *taken is the count after. */
static bool take(uint32_t *taken)
{
	struct arena_control *c = &wf_arena->ctl;
	uint32_t t = atomic_load(&c->input_taken);
	while (t != atomic_load(&c->input_sent))
		if (atomic_compare_exchange_weak(&c->input_taken, &t, t + 1)) {
			*taken = t + 1;
			return true;
		}
	return false;
}

bool wf_input_poll(void)
{
	uint32_t taken;
	if (!take(&taken))
		return false;
	emit(EV_WAKE, input_object(), 0, taken);
	return true;
}

int wf_input_wait(double timeout)
{
	uint16_t obj = input_object();
	uint32_t taken;
	if (take(&taken)) {
		emit(EV_WAKE, obj, 0, taken);
		return 0;
	}
	if (timeout == 0)
		return WF_ETIMEDOUT;
	int64_t deadline = lessontime_deadline(timeout);
	struct timebase *tb = &wf_arena->ctl.time;
	emit(EV_WAIT, obj, 0, 0);
	/* Only the UI ends this wait: for a scheduler, blocked. */
	if (deadline == LESSONTIME_FOREVER)
		gate_block();
	else
		gate_sleep(deadline);
	bool got = false;
	for (;;) {
		uint32_t seen = atomic_load(&wf_arena->ctl.input_sent);
		if ((got = take(&taken)))
			break;
		int64_t now = (int64_t)clock_mono_ns();
		if (deadline != LESSONTIME_FOREVER && timebase_lesson_ns(tb, now) >= deadline)
			break;
		int64_t slice = LESSONTIME_SLICE_NS;
		if (deadline != LESSONTIME_FOREVER) {
			int64_t until = timebase_real_ns(tb, deadline);
			if (until != INT64_MAX && until - now < slice)
				slice = until - now > 0 ? until - now : 1;
		}
		struct timespec rel = {slice / 1000000000, slice % 1000000000};
		syscall(SYS_futex, &wf_arena->ctl.input_sent, FUTEX_WAIT, seen, &rel, NULL, 0);
	}
	gate_unblocked();
	emit(EV_WAKE, obj, !got, got ? taken : 0);
	return got ? 0 : WF_ETIMEDOUT;
}
