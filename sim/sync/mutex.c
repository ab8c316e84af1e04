/*
 * mutex.c - wf_mutex: threading.Lock and threading.RLock, instrumented.
 *
 * A futex lock word (the one a pthread mutex keeps, taken here with one
 * inline compare-exchange) plus who holds it (an actor id in the arena's
 * object entry, so it is meaningful across processes) and, for an RLock,
 * how deep.  An uncontended acquire emits EV_ACQUIRE; a
 * contended one first emits EV_BLOCK_LOCK naming the holder, so the model
 * can draw the wait and the wait-for graph.  Release is emitted before the
 * lock word is let go, so the next holder's EV_ACQUIRE always comes after it.
 *
 * A plain mutex taken twice by its holder really deadlocks, as
 * threading.Lock does; the model reports it as a cycle of one.
 *
 * Lock-order checking, when on, refuses to take a lock while holding one
 * created after it (EV_ORDER_VIOLATION, WF_EORDER): with every actor taking
 * locks in creation order, no wait-for cycle can form.
 *
 * Exact counters (arena.h), bumped by the new holder while it holds the
 * lock (so plain stores do): acquisitions (a re-entry of an RLock counts)
 * and the ns waited; and those that had to wait, counted by the waiter
 * when it starts waiting (count_contended: an atomic add, it does not hold
 * the lock), so a thread blocked for good (a deadlock) reads as contending.
 *
 * The fast path (race with a lock takes one a step) is what a lesson pays
 * on every acquire: one load of the gate word decides it when nothing but
 * recording is on (no step mode, no hold, no lock-order check) and the
 * lock is plain and free; then the counter and one plain (release) store
 * of the holder, which only the holder writes and which a scheduler reads
 * once the run has settled (whose atomics order it).  Anything else takes
 * the full path of step points and gate passes.  The held-locks list is
 * kept only while lock order is checked.
 */
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "actor.h"
#include "gate.h"
#include "heldlocks.h"
#include "mutex.h"
#include "weft.h"

/* What a lock operation writes is all on its object's line of the arena
 * (arena.h): the lock word (the object's `level`, which locks have no
 * other use for: 0 free, 1 held, 2 held and someone may sleep on it), the
 * holder and the counters.  This struct is only read after it is made. */
struct wf_mutex {
	struct arena_object *obj; /* &wf_arena->objects[id] */
	uint16_t id;
	uint32_t depth;           /* an RLock's holder's depth; written by the holder only */
	bool recursive;
	bool shared;              /* WF_SHARED: the futex is not private to this process */
};

#define WORD(m) (&(m)->obj->level)

/* --- the lock word: a futex, taken with one inline compare-exchange ----------- */

static bool word_try(wf_mutex *m)
{
	uint32_t free = 0;
	return atomic_compare_exchange_strong_explicit(WORD(m), &free, 1, memory_order_acquire,
						       memory_order_relaxed);
}

static void word_wait(wf_mutex *m)
{
	int op = m->shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE;
	while (atomic_exchange_explicit(WORD(m), 2, memory_order_acquire) != 0)
		syscall(SYS_futex, WORD(m), op, 2, NULL, NULL, 0);
}

static void word_unlock(wf_mutex *m)
{
	if (atomic_exchange_explicit(WORD(m), 0, memory_order_release) == 2)
		syscall(SYS_futex, WORD(m), m->shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

wf_mutex *wf_mutex_new(const char *name, unsigned flags)
{
	wf_mutex *m = arena_alloc(wf_arena, sizeof *m);
	if (!m)
		return NULL;
	m->recursive = flags & WF_RECURSIVE;
	m->shared = flags & WF_SHARED;
	m->id = object_register(name, m->recursive ? OBJ_RMUTEX : OBJ_MUTEX, 0);
	if (m->id == WF_NONE)
		return NULL;
	m->obj = &wf_arena->objects[m->id];
	return m;
}

void wf_lock_order_check(bool on)
{
	atomic_store(&wf_arena->ctl.lock_order, on);
}

#define ORDER_CHECKED (1u << 31) /* not a gate bit: lock order is checked */

/* The gate word, with ORDER_CHECKED added when lock order is checked (both
 * send the caller down the full path). */
static inline uint32_t gate_or_order(void)
{
	uint32_t g = atomic_load_explicit(&wf_arena->ctl.gate, memory_order_relaxed);
	if (__builtin_expect(atomic_load_explicit(&wf_arena->ctl.lock_order, memory_order_relaxed) != 0, 0))
		g |= ORDER_CHECKED;
	return g;
}

static inline bool only_recording(uint32_t g)
{
	return (g & ~GATE_RECORDING) == 0;
}

/* arena_count_add_locked on the cached object (the holder bumps it). */
static inline void count(wf_mutex *m, unsigned slot, uint64_t n)
{
	_Atomic uint64_t *c = &m->obj->count[slot];
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}

static uint16_t holder(wf_mutex *m)
{
	return atomic_load_explicit(&m->obj->holder, memory_order_relaxed);
}

/* The holder's bookkeeping once the lock word is ours; g: the gate word
 * (GATE_RECORDING: events are written) with ORDER_CHECKED. */
static inline void taken(wf_mutex *m, uint32_t depth, uint64_t waited_ns, uint32_t g)
{
	uint16_t self = actor_self.id;
	atomic_store_explicit(&m->obj->holder, self, memory_order_release);
	if (m->recursive)
		m->depth = depth;
	if (g & ORDER_CHECKED)
		heldlocks_push(m->id);
	if (g & GATE_RECORDING)
		emit_store(self, EV_ACQUIRE, m->id, waited_ns, depth);
}

/* Before the lock word is let go; returns the depth held. */
static inline uint32_t letting_go(wf_mutex *m, uint32_t g)
{
	uint32_t depth = 1;
	if (g & GATE_RECORDING)
		emit_store(actor_self.id, EV_RELEASE, m->id, 0, 0);
	if (m->recursive) {
		depth = m->depth;
		m->depth = 0;
	}
	if (g & ORDER_CHECKED)
		heldlocks_pop(m->id);
	atomic_store_explicit(&m->obj->holder, WF_NONE, memory_order_release);
	return depth;
}

/* The gate passed (a hold waited out): GATE_RECORDING or 0, and
 * ORDER_CHECKED as it was. */
static uint32_t passed(uint32_t g)
{
	return (gate_pass() ? GATE_RECORDING : 0) | (g & ORDER_CHECKED);
}

void mutex_taken(wf_mutex *m, uint32_t depth, uint64_t waited_ns)
{
	taken(m, depth, waited_ns, passed(gate_or_order()));
}

uint32_t mutex_letting_go(wf_mutex *m)
{
	return letting_go(m, passed(gate_or_order()));
}

static bool mine(wf_mutex *m)
{
	return actor_self.id != WF_NONE && holder(m) == actor_self.id;
}

static int order_refused(wf_mutex *m)
{
	if (!atomic_load_explicit(&wf_arena->ctl.lock_order, memory_order_relaxed))
		return 0;
	uint16_t highest = heldlocks_highest();
	if (highest == WF_NONE || highest < m->id)
		return 0;
	emit(EV_ORDER_VIOLATION, m->id, highest, 0);
	return 1;
}

/* A contended acquire begins: the waiter counts it before it waits, so
 * the count is true while it waits (it may wait for ever). */
static void count_contended(wf_mutex *m)
{
	arena_count_add(wf_arena, m->id, CNT_CONTENDED, 1);
}

/* Takes m (a step), the full path: step mode, a hold, lock order, an
 * RLock, a lock someone holds.  If it is taken and `wait` is false, gives
 * up with WF_ETIMEDOUT.  `depth` is the holder's depth once taken (1, or
 * what a condition wait had let go of). */
static __attribute__((noinline)) int take(wf_mutex *m, bool wait, uint32_t depth)
{
	uint32_t g = gate_or_order();
	bool again = m->recursive && mine(m);
	if (!only_recording(g)) {
		/* Refused at once, so not a step: in step mode it would otherwise
		 * park as a blocked acquire that the runtime was never going to
		 * wait for. */
		if (!again && order_refused(m))
			return WF_EORDER;
		gate_step(wait ? EV_ACQUIRE : EV_STEP, m->id, NULL, wf_line);
		g = passed(g); /* waits out a hold */
	}
	if (again) {
		count(m, CNT_ACQUIRES, 1);
		++m->depth;
		if (g & GATE_RECORDING)
			emit_store(actor_self.id, EV_ACQUIRE, m->id, 0, m->depth);
		return 0;
	}
	uint64_t waited_ns = 0;
	if (!word_try(m)) {
		if (!wait)
			return WF_ETIMEDOUT;
		emit(EV_BLOCK_LOCK, m->id, holder(m), 0);
		count_contended(m);
		uint64_t t0 = clock_mono_ns(); /* a lesson converts no ticks (clock.h) */
		word_wait(m);
		waited_ns = clock_mono_ns() - t0;
		count(m, CNT_WAIT_NS, waited_ns);
		g = passed(g); /* a hold may have come while it waited */
	}
	count(m, CNT_ACQUIRES, 1);
	taken(m, depth, waited_ns, g);
	return 0;
}

/* The fast path: nothing but recording on, a plain lock, free. */
static inline int take_fast(wf_mutex *m, bool wait)
{
	uint32_t g = gate_or_order();
	if (__builtin_expect(only_recording(g) && !m->recursive, 1) && word_try(m)) {
		count(m, CNT_ACQUIRES, 1);
		taken(m, 1, 0, g);
		return 0;
	}
	return take(m, wait, 1);
}

int wf_mutex_lock(wf_mutex *m)
{
	return take_fast(m, true);
}

int wf_mutex_trylock(wf_mutex *m)
{
	return take_fast(m, false);
}

void mutex_retake(wf_mutex *m, uint32_t depth)
{
	take(m, true, depth);
}

uint32_t mutex_let_go(wf_mutex *m)
{
	uint32_t depth = mutex_letting_go(m);
	word_unlock(m);
	return depth;
}

/* wf_mutex_unlock's full path: step mode, a hold, an RLock. */
static __attribute__((noinline)) void unlock_slow(wf_mutex *m, uint32_t g)
{
	if (!only_recording(g)) {
		gate_step(EV_RELEASE, m->id, NULL, wf_line);
		g = passed(g);
	}
	if (m->recursive && m->depth > 1) {
		--m->depth;
		if (g & GATE_RECORDING)
			emit_store(actor_self.id, EV_RELEASE, m->id, 0, m->depth);
		return;
	}
	letting_go(m, g);
	word_unlock(m);
}

void wf_mutex_unlock(wf_mutex *m)
{
	uint32_t g = gate_or_order();
	if (__builtin_expect(!only_recording(g) || m->recursive, 0)) {
		unlock_slow(m, g);
		return;
	}
	letting_go(m, g);
	word_unlock(m);
}
