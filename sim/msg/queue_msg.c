/*
 * queue_msg.c - queues that carry payloads (weft_msg.h).
 *
 * A payload queue is a wf_queue whose items are message references: the
 * put copies the payload into the arena's message heap and queues its
 * reference; the get takes the reference, copies the payload out and frees
 * it.  A put that cannot queue (full, timed out) frees its message again,
 * so nothing is lost or leaked.  EV_MSG_SEND follows the sender's EV_PUT,
 * EV_MSG_RECV the receiver's EV_GET, both with the message's id.
 */
#include <string.h>

#include "actor.h"
#include "msgio.h"
#include "queue.h"
#include "weft.h"

int wf_queue_put_msg(wf_queue *q, const void *buf, size_t len, double timeout)
{
	msg_ref m;
	int r = msgio_new(buf, len, &m);
	if (r != 0)
		return r;
	uint32_t id = msgheap_id(&wf_arena->msgs, m);
	r = wf_queue_put(q, m, timeout);
	if (r != 0) {
		msgheap_free(&wf_arena->msgs, m);
		return r;
	}
	emit(EV_MSG_SEND, queue_object(q), id, MSG_B(len, 0));
	return 0;
}

int wf_queue_get_msg(wf_queue *q, void *buf, size_t cap, size_t *len, double timeout)
{
	uint64_t item;
	int r = wf_queue_get(q, &item, timeout);
	if (r != 0)
		return r;
	msg_ref m = (msg_ref)item;
	uint32_t id = msgheap_id(&wf_arena->msgs, m);
	size_t whole;
	r = msgio_take(m, buf, cap, &whole);
	emit(EV_MSG_RECV, queue_object(q), id, MSG_B(whole, 0));
	if (len)
		*len = whole;
	return r;
}

int wf_queue_put_int(wf_queue *q, long v, double timeout)
{
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_int(&m, v);
	return wf_queue_put_msg(q, m.data, m.len, timeout);
}

int wf_queue_get_int(wf_queue *q, long *v, double timeout)
{
	unsigned char buf[64];
	size_t n;
	int r = wf_queue_get_msg(q, buf, sizeof buf, &n, timeout);
	if (r != 0)
		return r == WF_ESHORT ? WF_ESTATE : r;
	wf_msg_reader rd;
	struct wf_val val;
	wf_msg_read(&rd, buf, n);
	if (wf_msg_next(&rd, &val) != WF_VAL_INT)
		return WF_ESTATE;
	*v = val.i;
	return 0;
}

int wf_queue_put_str(wf_queue *q, const char *s, double timeout)
{
	wf_msg m;
	wf_msg_init(&m);
	wf_msg_str(&m, s);
	if (m.overflow)
		return WF_ENOMEM;
	return wf_queue_put_msg(q, m.data, m.len, timeout);
}

int wf_queue_get_str(wf_queue *q, char *buf, size_t cap, double timeout)
{
	if (cap == 0)
		return WF_ESHORT;
	wf_msg m;
	size_t n;
	int r = wf_queue_get_msg(q, m.data, sizeof m.data, &n, timeout);
	if (r != 0 && r != WF_ESHORT)
		return r;
	wf_msg_reader rd;
	struct wf_val val;
	wf_msg_read(&rd, m.data, n < sizeof m.data ? n : sizeof m.data);
	if (r == WF_ESHORT || wf_msg_next(&rd, &val) != WF_VAL_STR)
		return WF_ESTATE;
	size_t k = val.n < cap - 1 ? val.n : cap - 1;
	memcpy(buf, val.s, k);
	buf[k] = 0;
	return k < val.n ? WF_ESHORT : 0;
}
