/*
 * green.c - green threads on a hub (see weft_green.h).
 *
 * The hub is this thread's event loop (sim/async), named "hub"; a green
 * thread is a coroutine (sim/coro).  Every switch into a green thread is a
 * callback of the hub named "switch to <name>", so the hub's lane shows
 * each one as a block: its start (call_soon at spawn), a timer of
 * wf_green_sleep, an fd of wf_green_read becoming readable.  A green thread
 * switches back to the hub by yielding from its coroutine; the callback
 * that sent to it then returns, and the loop goes on.
 *
 * Invariants:
 *  - one hub per thread (`hub`, thread-local), made at the first spawn;
 *    green threads never move to another thread;
 *  - a green thread is resumed only by a hub callback, and only once per
 *    wait: the timer or the reader that resumes it is its only wake-up;
 *  - wf_green_joinall returns once every green thread it waits for has
 *    ended and every link callback scheduled meanwhile has run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft.h"

#define GREEN_NAME_MAX 24

struct wf_green {
	wf_coro *coro;
	wf_green_fn fn;
	void *arg;
	wf_green_link_fn link;
	void *link_arg;
	int error;                 /* what fn returned */
	bool dead;
	int wait_fd;               /* the fd it waits on in wf_green_read, or -1 */
	char name[GREEN_NAME_MAX];
	char switch_name[GREEN_NAME_MAX + 12]; /* "switch to <name>", the hub's callback */
	wf_green *next;            /* every green thread of the hub */
};

struct hub {
	wf_loop *loop;
	bool own_loop;             /* made by the hub, freed with it */
	wf_green *all;
	wf_green *running;
	wf_future *joined;         /* the joinall in progress, or NULL */
	wf_green *const *waiting;
	size_t nwaiting;
	unsigned links_pending;    /* link callbacks scheduled, not yet run */
};

static _Thread_local struct hub *hub;

static struct hub *hub_get(void)
{
	if (hub)
		return hub;
	struct hub *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->loop = wf_loop_get();
	if (!h->loop) {
		h->loop = wf_loop_new("hub");
		h->own_loop = true;
	}
	if (!h->loop) {
		free(h);
		return NULL;
	}
	hub = h;
	return h;
}

/* Completes the joinall in progress when everything it waits for is done. */
static void check_joined(struct hub *h)
{
	if (!h->joined || wf_future_done(h->joined) || h->links_pending)
		return;
	for (size_t i = 0; i < h->nwaiting; i++)
		if (h->waiting[i] && !h->waiting[i]->dead)
			return;
	wf_future_set_result(h->joined, 0);
}

static void run_link(void *arg)
{
	wf_green *g = arg;
	hub->links_pending--;
	g->link(g, g->link_arg);
	check_joined(hub);
}

static void ended(struct hub *h, wf_green *g)
{
	g->dead = true;
	if (g->error && g->link) {
		h->links_pending++;
		wf_call_soon(h->loop, "link_exception", run_link, g);
	}
	check_joined(h);
}

/* The hub's callback: run g until it switches back (or ends). */
static void switch_to(void *arg)
{
	wf_green *g = arg;
	struct hub *h = hub;
	h->running = g;
	int rc = wf_coro_send(g->coro, 0, NULL);
	h->running = NULL;
	if (rc == WF_EDONE)
		ended(h, g);
}

static void readable(void *arg)
{
	wf_green *g = arg;
	wf_loop_remove_reader(hub->loop, g->wait_fd);
	g->wait_fd = -1;
	switch_to(g);
}

static uint64_t body(void *arg)
{
	wf_green *g = arg;
	g->error = g->fn(g->arg);
	return (uint64_t)(int64_t)g->error;
}

wf_green *wf_green_spawn(const char *name, wf_green_fn fn, void *arg)
{
	struct hub *h = hub_get();
	if (!h || !fn)
		return NULL;
	wf_green *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->fn = fn;
	g->arg = arg;
	g->wait_fd = -1;
	snprintf(g->name, sizeof g->name, "%s", name ? name : "greenlet");
	snprintf(g->switch_name, sizeof g->switch_name, "switch to %s", g->name);
	g->coro = wf_coro_new(g->name, body, g);
	if (!g->coro || !wf_call_soon(h->loop, g->switch_name, switch_to, g)) {
		wf_coro_free(g->coro);
		free(g);
		return NULL;
	}
	g->next = h->all;
	h->all = g;
	return g;
}

int wf_green_link_exception(wf_green *g, wf_green_link_fn fn, void *arg)
{
	if (g->link)
		return WF_ENOMEM;
	g->link = fn;
	g->link_arg = arg;
	return 0;
}

int wf_green_joinall(wf_green *const *gs, size_t n)
{
	struct hub *h = hub_get();
	if (!h)
		return WF_ENOMEM;
	if (h->running || h->joined)
		return WF_ESTATE;
	h->joined = wf_future_new(h->loop, "joinall");
	if (!h->joined)
		return WF_ENOMEM;
	h->waiting = gs;
	h->nwaiting = n;
	check_joined(h);
	int rc = wf_loop_run_until_complete(h->loop, h->joined, NULL);
	h->joined = NULL;
	h->waiting = NULL;
	h->nwaiting = 0;
	return rc;
}

void wf_green_sleep(double seconds)
{
	wf_green *g = wf_green_current();
	if (!g) {
		wf_sleep(seconds);
		return;
	}
	if (!wf_call_later(hub->loop, seconds, g->switch_name, switch_to, g)) {
		wf_sleep(seconds); /* out of memory: block rather than never wake */
		return;
	}
	wf_yield(0);
}

ssize_t wf_green_read(int fd, void *buf, size_t size)
{
	wf_green *g = wf_green_current();
	if (!g)
		return read(fd, buf, size);
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0 && !(flags & O_NONBLOCK))
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(fd, buf, size);
		if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return n;
		if (wf_loop_add_reader(hub->loop, fd, g->switch_name, readable, g) != 0)
			return -1;
		g->wait_fd = fd;
		wf_yield(0);
	}
}

int wf_green_error(const wf_green *g)
{
	return g->error;
}

bool wf_green_dead(const wf_green *g)
{
	return g->dead;
}

const char *wf_green_name(const wf_green *g)
{
	return g->name;
}

wf_green *wf_green_current(void)
{
	return hub ? hub->running : NULL;
}

void wf_green_hub_free(void)
{
	struct hub *h = hub;
	if (!h || h->running)
		return;
	for (wf_green *g = h->all, *next; g; g = next) {
		next = g->next;
		wf_coro_free(g->coro);
		free(g);
	}
	if (h->own_loop)
		wf_loop_free(h->loop);
	free(h);
	hub = NULL;
}
