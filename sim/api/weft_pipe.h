/*
 * weft_pipe.h - a duplex pipe between two actors: multiprocessing.Pipe()
 * (included by weft.h).
 *
 * wf_pipe_new gives two connected ends, as `a, b = Pipe()` does: what is
 * sent on one is received on the other, in order, each way.  Messages are
 * bytes (typed values from weft_msg.h to send Python-like objects),
 * copied into the arena's message heap and freed by the receiver.  Both
 * ends live in the arena: make the pipe before wf_process_spawn and give
 * one end to the child.
 *
 *     wf_conn *parent_end, *child_end;
 *     wf_pipe_new("pipe", &parent_end, &child_end);
 *     ... child:  wf_conn_send_str(child_end, "hello");
 *     ... parent: char s[64]; wf_conn_recv_str(parent_end, s, sizeof s);  blocks until it comes
 *     wf_conn_close(child_end);   then recv on parent_end, once the pipe is empty: WF_EEOF
 *
 * A receiver with nothing to read blocks for real (a futex in the arena)
 * and its lane shows it blocked on the pipe; a sender blocks likewise when
 * WF_PIPE_DEPTH messages wait unread its way (an OS pipe's buffer filling).
 * Each message is EV_MSG_SEND on the sender's lane and EV_MSG_RECV on the
 * receiver's, with its id, so the timeline draws it from one to the other.
 *
 * One difference from Python: after fork() every Python process holds its
 * own copy of both ends, and recv() reports EOF only when every copy of
 * the other end is closed (the parent too must close the child's end).
 * Here an end is one shared object: one wf_conn_close closes it for all.
 */
#ifndef WEFT_PIPE_H
#define WEFT_PIPE_H

#include <stdbool.h>
#include <stddef.h>

#define WF_PIPE_DEPTH 64 /* messages that may wait unread each way */

typedef struct wf_conn wf_conn;
typedef struct wf_msg wf_msg;

/* Makes a pipe named `name` and its two ends (a sends to b, b to a).  0,
 * or WF_ENOMEM when the arena or the object table is full. */
int wf_pipe_new(const char *name, wf_conn **a, wf_conn **b);

/* Sends a copy of len bytes (Connection.send_bytes; send(obj) is
 * wf_conn_send_msg).  0; WF_ESYS with errno EPIPE when the other end is
 * closed (BrokenPipeError); WF_ESTATE on an end already closed; WF_ENOMEM
 * when the message heap is full or len > WF_MSG_MAX. */
int wf_conn_send(wf_conn *c, const void *buf, size_t len);
/* Receives the oldest message into buf (at most cap bytes), its whole
 * length in *len (may be NULL); blocks while there is none.  0; WF_EEOF
 * when the other end is closed and nothing is left (EOFError); WF_ESHORT
 * when it was longer than cap (the message is consumed); WF_ESTATE on an
 * end already closed (OSError: handle is closed). */
int wf_conn_recv(wf_conn *c, void *buf, size_t cap, size_t *len);
/* Whether there is something to recv within `timeout` lesson seconds
 * (0: look only; WF_FOREVER): 1 when a message waits or the other end is
 * closed (recv will not block), 0 when not, WF_ESTATE on a closed end. */
int wf_conn_poll(wf_conn *c, double timeout);
/* Closes this end: the other end's recv reports EOF once it has read what
 * was sent.  Closing twice is harmless. */
int wf_conn_close(wf_conn *c);

/* Sends the typed values in m (Connection.send(obj)). */
int wf_conn_send_msg(wf_conn *c, const wf_msg *m);
/* Sends a string as a typed value. */
int wf_conn_send_str(wf_conn *c, const char *s);
/* Receives a message into m (as typed values: read them with
 * wf_msg_read / wf_msg_repr); wf_conn_recv's results. */
int wf_conn_recv_msg(wf_conn *c, wf_msg *m);
/* Receives a string into buf (NUL-terminated, cut to cap-1 with
 * WF_ESHORT); WF_ESTATE when the message was not a string. */
int wf_conn_recv_str(wf_conn *c, char *buf, size_t cap);

#ifndef WEFT_SIM_INTERNAL
#define wf_conn_send(c, b, n) WF_AT_(wf_conn_send(c, b, n))
#define wf_conn_recv(c, b, cap, n) WF_AT_(wf_conn_recv(c, b, cap, n))
#define wf_conn_poll(c, t) WF_AT_(wf_conn_poll(c, t))
#define wf_conn_close(c) WF_AT_(wf_conn_close(c))
#define wf_conn_send_msg(c, m) WF_AT_(wf_conn_send_msg(c, m))
#define wf_conn_send_str(c, s) WF_AT_(wf_conn_send_str(c, s))
#define wf_conn_recv_msg(c, m) WF_AT_(wf_conn_recv_msg(c, m))
#define wf_conn_recv_str(c, b, cap) WF_AT_(wf_conn_recv_str(c, b, cap))
#endif

#endif
