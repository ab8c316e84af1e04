/*
 * weft_green.h - green threads, as gevent has them (included by weft.h).
 *
 * A green thread is a coroutine with a call stack of its own whose calls
 * look blocking: wf_green_sleep() and wf_green_read() do not block the
 * thread, they switch to the hub, a loop on the same thread (an event loop
 * of weft_async.h named "hub"), which switches back when the timer is due
 * or the fd is readable.  The lesson code has no await and no yield: the
 * switching is inside those calls (gevent's monkey-patched sleep and
 * socket.recv).  Anything else that blocks (wf_sleep, a plain read) blocks
 * the thread, and with it the hub and every green thread.
 *
 * One hub per thread, made by the first wf_green_spawn on it; green
 * threads run only while the thread is inside wf_green_joinall.  An
 * "exception" is the error code a green thread's function returns; its
 * link_exception callbacks then run on the hub.
 */
#ifndef WEFT_GREEN_H
#define WEFT_GREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct wf_green wf_green;
/* A green thread's body: 0, or the error it raises (WF_EUSER - n). */
typedef int (*wf_green_fn)(void *arg);
/* A link callback: g has ended with an error (wf_green_error). */
typedef void (*wf_green_link_fn)(wf_green *g, void *arg);

/* gevent.spawn(fn, arg): a green thread on a lane named `name`, started
 * by the hub at its next turn (in spawn order).  NULL when out of memory. */
wf_green *wf_green_spawn(const char *name, wf_green_fn fn, void *arg);
/* g.link_exception(fn): fn(g, arg) runs on the hub once g has ended with
 * an error.  0, or WF_ENOMEM when g has one already. */
int wf_green_link_exception(wf_green *g, wf_green_link_fn fn, void *arg);
/* gevent.joinall(gs): runs the hub until every one of them has ended.
 * 0, or WF_ESTATE inside a green thread. */
int wf_green_joinall(wf_green *const *gs, size_t n);
/* gevent.sleep(seconds) (lesson time): inside a green thread, switches to
 * the hub until the time has passed; elsewhere, wf_sleep. */
void wf_green_sleep(double seconds);
/* A read that looks blocking: inside a green thread, while fd has nothing
 * it switches to the hub until fd is readable (fd is made non-blocking).
 * read(2)'s result and errno.  Elsewhere a plain read. */
ssize_t wf_green_read(int fd, void *buf, size_t size);
/* g.exception: the error it ended with, or 0. */
int wf_green_error(const wf_green *g);
/* g.dead: true once it has ended. */
bool wf_green_dead(const wf_green *g);
/* Its name. */
const char *wf_green_name(const wf_green *g);
/* gevent.getcurrent(): the green thread running now, or NULL. */
wf_green *wf_green_current(void);
/* Frees this thread's hub and its ended green threads; never inside one. */
void wf_green_hub_free(void);

#endif
