/*
 * pipe.c - a duplex pipe: two ends, a bounded way of messages each way
 * (multiprocessing.Pipe; weft_pipe.h).
 *
 * The pipe lives in the arena: a process-shared mutex, one condition per
 * way, and per way a ring of WF_PIPE_DEPTH message references (the
 * messages themselves are in the arena's message heap).  Way d carries
 * what end d sends to the other end, so a message's direction is its
 * sender's end.  Invariants, under the mutex: a way's ring holds exactly
 * the messages sent on it and not yet received; once an end is closed it
 * neither sends nor receives, and the other end's recv, having drained
 * the way, reports EOF.  Counters (sent, received per way) are exact,
 * kept here whatever the event rings drop.
 *
 * Events, emitted under the mutex so their order is the pipe's order:
 * EV_WAIT on the pipe when a recv (or a send into a full way) must block,
 * EV_WAKE when that wait ends; EV_MSG_SEND / EV_MSG_RECV with the
 * message's id and direction; EV_MSG_RECV with id 0 for EOF;
 * EV_PIPE_CLOSE.  Whoever makes a blocked actor able to go marks it
 * running (gate_wake) before it signals, for stepping (gate.h).
 */
#include <errno.h>
#include <string.h>

#include "actor.h"
#include "gate.h"
#include "lessontime.h"
#include "msgio.h"
#include "pshared.h"
#include "weft.h"

struct way {
	msg_ref slot[WF_PIPE_DEPTH];
	unsigned head, count;
	uint16_t reader, writer; /* actor blocked reading from / writing into it, WF_NONE */
	uint64_t sent, received;
};

struct wf_conn {
	struct wf_pipe *pipe;
	unsigned end; /* 0 or 1 */
};

struct wf_pipe {
	pthread_mutex_t mu;
	pthread_cond_t changed[2]; /* way d got or lost a message, or an end closed */
	struct way way[2];         /* way[d]: sent by end d to end 1 - d */
	bool closed[2];
	uint16_t id;
	struct wf_conn end[2];
};

int wf_pipe_new(const char *name, wf_conn **a, wf_conn **b)
{
	struct wf_pipe *p = arena_alloc(wf_arena, sizeof *p);
	if (!p || pshared_mutex_init(&p->mu, true) != 0 || pshared_cond_init(&p->changed[0], true) != 0 ||
	    pshared_cond_init(&p->changed[1], true) != 0)
		return WF_ENOMEM;
	for (unsigned d = 0; d < 2; d++) {
		p->way[d].reader = p->way[d].writer = WF_NONE;
		p->end[d] = (struct wf_conn){p, d};
	}
	p->id = object_register(name, OBJ_PIPE, WF_PIPE_DEPTH);
	if (p->id == WF_NONE)
		return WF_ENOMEM;
	*a = &p->end[0];
	*b = &p->end[1];
	return 0;
}

/* What a blocked end waits for, as lessontime_wait_for's predicate. */
struct wait {
	struct wf_pipe *p;
	unsigned end; /* the waiting end */
};

static bool can_recv(void *arg)
{
	struct wait *w = arg;
	return w->p->way[1 - w->end].count > 0 || w->p->closed[1 - w->end] || w->p->closed[w->end];
}

static bool can_send(void *arg)
{
	struct wait *w = arg;
	return w->p->way[w->end].count < WF_PIPE_DEPTH || w->p->closed[1 - w->end] || w->p->closed[w->end];
}

static void mirror_level(struct wf_pipe *p)
{
	atomic_store(&wf_arena->objects[p->id].level, p->way[0].count + p->way[1].count);
}

/* Blocks (mutex held) until ready, shown as a wait on the pipe; *who is the
 * way's reader or writer slot, for the waker's gate_wake.  Returns whether
 * it became ready before `deadline`. */
static bool block(struct wf_pipe *p, unsigned end, bool (*ready)(void *), uint16_t *who, int64_t deadline)
{
	struct wait w = {p, end};
	if (ready(&w))
		return true;
	if (deadline == 0)
		return false;
	emit(EV_WAIT, p->id, 0, 0);
	*who = actor_self.id;
	bool ok = lessontime_wait_for(&p->changed[ready == can_recv ? 1 - end : end], &p->mu, deadline, ready, &w);
	*who = WF_NONE;
	emit(EV_WAKE, p->id, !ok, 0);
	return ok;
}

/* Tells way d's blocked reader or writer (mutex held) that it may go. */
static void changed(struct wf_pipe *p, unsigned d)
{
	if (p->way[d].reader != WF_NONE)
		gate_wake(p->way[d].reader);
	if (p->way[d].writer != WF_NONE)
		gate_wake(p->way[d].writer);
	pthread_cond_broadcast(&p->changed[d]);
}

int wf_conn_send(wf_conn *c, const void *buf, size_t len)
{
	struct wf_pipe *p = c->pipe;
	unsigned e = c->end;
	gate_step(EV_STEP, p->id, "send", wf_line);
	msg_ref m;
	int r = msgio_new(buf, len, &m);
	if (r != 0)
		return r;
	pthread_mutex_lock(&p->mu);
	struct way *w = &p->way[e];
	block(p, e, can_send, &w->writer, LESSONTIME_FOREVER);
	if (p->closed[e] || p->closed[1 - e]) {
		r = p->closed[e] ? WF_ESTATE : WF_ESYS;
		pthread_mutex_unlock(&p->mu);
		msgheap_free(&wf_arena->msgs, m);
		if (r == WF_ESYS)
			errno = EPIPE;
		return r;
	}
	w->slot[(w->head + w->count++) % WF_PIPE_DEPTH] = m;
	w->sent++;
	arena_count_add(wf_arena, p->id, e == 0 ? CNT_SENT_AB : CNT_SENT_BA, 1);
	mirror_level(p);
	emit(EV_MSG_SEND, p->id, msgheap_id(&wf_arena->msgs, m), MSG_B(len, e));
	changed(p, e);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int wf_conn_recv(wf_conn *c, void *buf, size_t cap, size_t *len)
{
	struct wf_pipe *p = c->pipe;
	unsigned e = c->end, d = 1 - e;
	gate_step(EV_STEP, p->id, "recv", wf_line);
	pthread_mutex_lock(&p->mu);
	struct way *w = &p->way[d];
	block(p, e, can_recv, &w->reader, LESSONTIME_FOREVER);
	if (p->closed[e]) {
		pthread_mutex_unlock(&p->mu);
		return WF_ESTATE;
	}
	if (w->count == 0) { /* the other end is closed and the way is drained */
		emit(EV_MSG_RECV, p->id, 0, MSG_B(0, d));
		pthread_mutex_unlock(&p->mu);
		if (len)
			*len = 0;
		return WF_EEOF;
	}
	msg_ref m = w->slot[w->head];
	w->head = (w->head + 1) % WF_PIPE_DEPTH;
	w->count--;
	w->received++;
	mirror_level(p);
	emit(EV_MSG_RECV, p->id, msgheap_id(&wf_arena->msgs, m), MSG_B(msgheap_len(&wf_arena->msgs, m), d));
	changed(p, d);
	pthread_mutex_unlock(&p->mu);
	return msgio_take(m, buf, cap, len);
}

int wf_conn_poll(wf_conn *c, double timeout)
{
	struct wf_pipe *p = c->pipe;
	unsigned e = c->end;
	gate_step(EV_STEP, p->id, "poll", wf_line);
	pthread_mutex_lock(&p->mu);
	int64_t deadline = timeout == 0 ? 0 : lessontime_deadline(timeout);
	bool ready = block(p, e, can_recv, &p->way[1 - e].reader, deadline);
	int r = p->closed[e] ? WF_ESTATE : ready;
	pthread_mutex_unlock(&p->mu);
	return r;
}

int wf_conn_close(wf_conn *c)
{
	struct wf_pipe *p = c->pipe;
	unsigned e = c->end;
	gate_step(EV_STEP, p->id, "close", wf_line);
	pthread_mutex_lock(&p->mu);
	if (!p->closed[e]) {
		p->closed[e] = true;
		emit(EV_PIPE_CLOSE, p->id, e, 0);
		changed(p, 0);
		changed(p, 1);
	}
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int wf_conn_send_msg(wf_conn *c, const wf_msg *m)
{
	if (m->overflow)
		return WF_ENOMEM;
	return wf_conn_send(c, m->data, m->len);
}

int wf_conn_send_str(wf_conn *c, const char *s)
{
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_str(&m, s);
	return wf_conn_send_msg(c, &m);
}

int wf_conn_recv_msg(wf_conn *c, wf_msg *m)
{
	size_t n = 0;
	int r = wf_conn_recv(c, m->data, sizeof m->data, &n);
	m->len = n < sizeof m->data ? n : sizeof m->data;
	m->overflow = r == WF_ESHORT;
	return r;
}

int wf_conn_recv_str(wf_conn *c, char *buf, size_t cap)
{
	wf_msg m;
	int r = wf_conn_recv_msg(c, &m);
	if (r != 0)
		return r == WF_ESHORT ? WF_ESTATE : r;
	wf_msg_reader rd;
	struct wf_val v;
	wf_msg_read(&rd, m.data, m.len);
	if (cap == 0 || wf_msg_next(&rd, &v) != WF_VAL_STR)
		return WF_ESTATE;
	size_t k = v.n < cap - 1 ? v.n : cap - 1;
	memcpy(buf, v.s, k);
	buf[k] = 0;
	return k < v.n ? WF_ESHORT : 0;
}
