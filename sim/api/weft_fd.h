/*
 * weft_fd.h - wf_fd: waiting on file descriptors (sockets, pipes, eventfds)
 * where the timeline can see it.
 *
 * A lesson that waits in the kernel (accept, recv, poll on several fds)
 * is, to the kernel, asleep; to Weft's lanes it is only "in lesson code".
 * A wf_fd is a named object standing for what the lesson waits on ("the
 * listening socket", "q1 q2 q3"); wf_fd_poll is poll(2) that shows the
 * caller BLOCKED on that object from the moment nothing is ready until
 * something is, in lesson time (a timeout is lesson seconds; speed and
 * pause apply).  It reports readiness only: the lesson then does its own
 * accept / recv / read, which will not block.
 */
#ifndef WEFT_FD_H
#define WEFT_FD_H

#include <poll.h>

typedef struct wf_fd wf_fd;
/* A waiting-place named `name`.  NULL when the arena is full. */
wf_fd *wf_fd_new(const char *name);
/* poll(fds, n) as the caller's wait on w: the number of fds with revents
 * set (> 0), WF_ETIMEDOUT when `timeout` lesson seconds passed first
 * (0: do not wait; WF_FOREVER: no limit), WF_ESYS when poll fails. */
int wf_fd_poll(wf_fd *w, struct pollfd *fds, unsigned n, double timeout);
/* One fd: waits until it is ready for `events` (POLLIN, POLLOUT); as
 * wf_fd_poll, 1 when ready (or hung up / in error: the next call says). */
int wf_fd_wait(wf_fd *w, int fd, short events, double timeout);

/* How many descriptors this process has open now (from /proc/self/fd,
 * not counting the one used to read it); -1 when that cannot be read.
 * Lessons print it before and after to show nothing leaked. */
int wf_fd_count(void);
/* How many TCP sockets listen on `port` (any local address, from
 * /proc/net/tcp and /proc/net/tcp6); -1 when neither can be read. */
int wf_fd_listening(unsigned port);

#ifndef WEFT_SIM_INTERNAL
#define wf_fd_poll(w, f, n, t) (wf_line = __LINE__, wf_fd_poll(w, f, n, t))
#define wf_fd_wait(w, f, e, t) (wf_line = __LINE__, wf_fd_wait(w, f, e, t))
#endif

#endif
