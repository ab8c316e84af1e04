/*
 * coro.c - coroutines: generators with their own stacks (see weft_async.h).
 *
 * A coroutine is an actor with a lane of its own but no ring of its own:
 * rings have one producer per thread, so a coroutine writes into the ring
 * of the thread running it, with ev.actor = its own id.  That is done by
 * swapping actor_self.id while it runs; everything instrumented it calls
 * (wf_print, wf_sleep, locks) is then reported as the coroutine's.
 *
 * Invariants:
 *  - `running` is the coroutine on this thread's CPU (NULL: the thread's
 *    own stack); a coroutine records who resumed it (caller, caller_actor)
 *    at each send, so coroutines may resume coroutines (pipelines) and a
 *    yield always goes back to the latest sender.
 *  - A coroutine runs on the thread that sends to it.  Once suspended it
 *    may be sent to from another thread (mn-scheduler moves them): nothing
 *    here keeps a thread-local address across a switch (wf_yield and
 *    coro_main read thread-locals on one side of it only), and every
 *    sender arms its own overflow stack.  Code inside a coroutine that
 *    migrates must not keep one across a yield either.
 *  - The stack is unmapped as soon as the coroutine has ended (it never
 *    runs on it again); the struct lives until wf_coro_free.
 *  - Events: the sender emits EV_CORO_RESUME (a = the coroutine), the
 *    coroutine EV_CORO_YIELD (a = the sender) when it yields or returns,
 *    then EV_EXIT when it has ended.  WF_CORO_QUIET coroutines emit only
 *    EV_SPAWN and EV_EXIT.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor.h"
#include "coro_stack.h"
#include "coro_switch.h"
#include "namecopy.h"
#include "weft.h"

#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#endif
#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(__SANITIZE_THREAD__)
#define CORO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CORO_TSAN 1
#endif
#endif
#ifdef CORO_TSAN
#include <sanitizer/tsan_interface.h>
#endif

struct wf_coro {
	void *sp, *caller_sp;          /* asm switch: saved stack pointers */
	ucontext_t *uc, *caller_uc;    /* ucontext switch: two contexts, one allocation */
	struct coro_stack stack;
	wf_coro_fn fn;
	void *arg;
	wf_coro *caller;               /* the coroutine that sent last, NULL: the thread */
	uint64_t transfer;             /* the value crossing the latest switch */
	uint16_t actor, caller_actor, thread_actor;
	uint8_t state;                 /* enum wf_coro_state */
	uint8_t how;                   /* enum wf_coro_switch, resolved */
	bool closing, quiet;
	char name[ARENA_NAME_MAX];
#ifdef CORO_ASAN
	void *asan_fake;               /* ASan's fake stack of whichever side switched away */
	const void *caller_bottom;     /* the sender's stack, for switching back */
	size_t caller_size;
#endif
#ifdef CORO_TSAN
	void *fiber, *caller_fiber;    /* TSan's view of the two stacks */
#endif
};

static _Thread_local wf_coro *running;

/* --- switching -------------------------------------------------------------- */

/* From the sender into c. */
static void enter(wf_coro *c)
{
#ifdef CORO_ASAN
	void *fake = NULL;
	__sanitizer_start_switch_fiber(&fake, c->stack.base, c->stack.size);
#endif
#ifdef CORO_TSAN
	c->caller_fiber = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(c->fiber, 0);
#endif
	if (c->how == WF_SWITCH_ASM)
		coro_asm_switch(&c->caller_sp, c->sp);
	else
		coro_uc_switch(c->caller_uc, c->uc);
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

/* From c back to its sender; `final`: c will never run again. */
static void leave(wf_coro *c, bool final)
{
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(final ? NULL : &c->asan_fake, c->caller_bottom, c->caller_size);
#else
	(void)final;
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(c->caller_fiber, 0);
#endif
	if (c->how == WF_SWITCH_ASM)
		coro_asm_switch(&c->sp, c->caller_sp);
	else
		coro_uc_switch(c->uc, c->caller_uc);
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(c->asan_fake, &c->caller_bottom, &c->caller_size);
#endif
}

static void release_stack(wf_coro *c)
{
#ifdef CORO_ASAN
	if (c->stack.base)
		ASAN_UNPOISON_MEMORY_REGION(c->stack.base, c->stack.size);
#endif
	coro_stack_free(&c->stack);
}

/* The end of a coroutine that will not run again: its lane ends. */
static void mark_ended(wf_coro *c, uint8_t state, bool report)
{
	c->state = state;
	if (report && c->actor < ARENA_MAX_ACTORS) {
		emit_for(c->actor, EV_EXIT, WF_NONE, 0, 0);
		atomic_store(&wf_arena->actors[c->actor].exited, 1);
	}
}

static void coro_main(void *p)
{
	wf_coro *c = p;
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(NULL, &c->caller_bottom, &c->caller_size);
#endif
	uint64_t r = c->fn(c->arg);
	c->transfer = r;
	if (!c->quiet)
		emit(EV_CORO_YIELD, WF_NONE, c->caller_actor, r);
	emit(EV_EXIT, WF_NONE, 0, 0);
	if (c->actor < ARENA_MAX_ACTORS)
		atomic_store(&wf_arena->actors[c->actor].exited, 1);
	c->state = c->closing ? WF_CORO_CLOSED : WF_CORO_FINISHED;
	leave(c, true);
	abort(); /* never resumed */
}

/* --- public ------------------------------------------------------------------ */

static enum wf_coro_switch resolve(enum wf_coro_switch how)
{
	if (how != WF_SWITCH_DEFAULT)
		return how;
#if defined(WEFT_CORO_UCONTEXT)
	return WF_SWITCH_UCONTEXT;
#else
	return coro_asm_available() ? WF_SWITCH_ASM : WF_SWITCH_UCONTEXT;
#endif
}

bool wf_coro_switch_available(enum wf_coro_switch how)
{
	return resolve(how) != WF_SWITCH_ASM || coro_asm_available();
}

const char *wf_coro_switch_name(enum wf_coro_switch how)
{
	return resolve(how) == WF_SWITCH_ASM ? "asm" : "ucontext";
}

wf_coro *wf_coro_new(const char *name, wf_coro_fn fn, void *arg)
{
	return wf_coro_new_ex(name, fn, arg, 0, WF_SWITCH_DEFAULT, 0);
}

wf_coro *wf_coro_new_ex(const char *name, wf_coro_fn fn, void *arg, size_t stack,
			enum wf_coro_switch how, unsigned flags)
{
	how = resolve(how);
	if (!fn || !wf_coro_switch_available(how))
		return NULL;
	wf_coro *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->fn = fn;
	c->arg = arg;
	c->how = (uint8_t)how;
	c->quiet = flags & WF_CORO_QUIET;
	c->state = WF_CORO_CREATED;
	name_copy(c->name, sizeof c->name, name ? name : "coro");
	if (coro_stack_new(&c->stack, stack ? stack : WF_CORO_STACK_DEFAULT) < 0)
		goto fail;
	coro_stack_handler();
	if (how == WF_SWITCH_ASM) {
		c->sp = coro_asm_prepare(c->stack.base, c->stack.size, coro_main, c);
	} else {
		c->uc = calloc(2, sizeof *c->uc);
		if (!c->uc || coro_uc_prepare(c->uc, c->stack.base, c->stack.size, coro_main, c) < 0)
			goto fail;
		c->caller_uc = c->uc + 1;
	}
#ifdef CORO_TSAN
	c->fiber = __tsan_create_fiber(0);
#endif
	c->thread_actor = running ? running->thread_actor : actor_self.id;
	c->actor = actor_register(c->name, AK_CORO, c->thread_actor);
	if (c->actor == WF_NONE)
		goto fail;
	wf_arena->actors[c->actor].pid = getpid();
	emit_for(c->actor, EV_SPAWN, WF_NONE, c->thread_actor, (uint64_t)(uint32_t)getpid() << 32);
	return c;
fail:
	release_stack(c);
#ifdef CORO_TSAN
	if (c->fiber)
		__tsan_destroy_fiber(c->fiber);
#endif
	free(c->uc);
	free(c);
	return NULL;
}

int wf_coro_send(wf_coro *c, uint64_t value, uint64_t *out)
{
	if (c->state == WF_CORO_RUNNING)
		return WF_ESTATE;
	if (c->state == WF_CORO_FINISHED || c->state == WF_CORO_CLOSED) {
		if (out)
			*out = c->transfer;
		return WF_EDONE;
	}
	uint16_t me = actor_self.id;
	if (!c->quiet)
		emit(EV_CORO_RESUME, WF_NONE, c->actor, value);
	coro_stack_arm(); /* this thread's overflow stack (once a thread): the sender may be new */
	c->caller = running;
	c->caller_actor = me;
	c->transfer = value;
	c->state = WF_CORO_RUNNING;
	running = c;
	actor_self.id = c->actor;
	coro_stack_running(&c->stack, c->name);
	enter(c);
	running = c->caller;
	actor_self.id = me;
	coro_stack_running(running ? &running->stack : NULL, running ? running->name : NULL);
	if (out)
		*out = c->transfer;
	if (c->state == WF_CORO_FINISHED || c->state == WF_CORO_CLOSED) {
		release_stack(c);
		return WF_EDONE;
	}
	return 0;
}

uint64_t wf_yield(uint64_t value)
{
	wf_coro *c = running;
	if (!c)
		return 0;
	c->transfer = value;
	c->state = WF_CORO_SUSPENDED;
	if (!c->quiet)
		emit(EV_CORO_YIELD, WF_NONE, c->caller_actor, value);
	leave(c, false);
	return c->transfer;
}

bool wf_coro_closing(void)
{
	return running && running->closing;
}

int wf_coro_close(wf_coro *c)
{
	switch (c->state) {
	case WF_CORO_RUNNING:
		return WF_ESTATE;
	case WF_CORO_CREATED:
		mark_ended(c, WF_CORO_CLOSED, true);
		release_stack(c);
		return 0;
	case WF_CORO_SUSPENDED:
		c->closing = true;
		wf_coro_send(c, 0, NULL);
		if (c->state == WF_CORO_SUSPENDED) { /* it yielded again: abandon it */
			mark_ended(c, WF_CORO_CLOSED, true);
			release_stack(c);
			return WF_ESTATE;
		}
		c->state = WF_CORO_CLOSED;
		return 0;
	default:
		c->state = WF_CORO_CLOSED;
		return 0;
	}
}

enum wf_coro_state wf_coro_state(const wf_coro *c)
{
	return (enum wf_coro_state)c->state;
}

bool wf_coro_done(const wf_coro *c)
{
	return c->state == WF_CORO_FINISHED || c->state == WF_CORO_CLOSED;
}

void wf_coro_free(wf_coro *c)
{
	if (!c || c->state == WF_CORO_RUNNING)
		return;
	if (c->state == WF_CORO_CREATED || c->state == WF_CORO_SUSPENDED)
		mark_ended(c, WF_CORO_CLOSED, true);
	release_stack(c);
#ifdef CORO_TSAN
	__tsan_destroy_fiber(c->fiber);
#endif
	free(c->uc);
	free(c);
}

wf_coro *wf_coro_current(void)
{
	return running;
}

uint16_t wf_coro_actor(const wf_coro *c)
{
	return c->actor;
}
