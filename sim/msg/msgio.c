/*
 * msgio.c - see msgio.h.
 */
#include "actor.h"
#include "msgio.h"
#include "weft.h"

int msgio_new(const void *buf, size_t len, msg_ref *out)
{
	if (len > MSGHEAP_MAX_LEN)
		return WF_ENOMEM; /* the lesson's own mistake, not a full table: it may go on */
	int r = msgheap_put(&wf_arena->msgs, buf, len, out);
	if (r != 0)
		arena_refuse(wf_arena, LIMIT_MSGS);
	return r;
}

int msgio_take(msg_ref m, void *buf, size_t cap, size_t *len)
{
	size_t whole = msgheap_len(&wf_arena->msgs, m);
	msgheap_read(&wf_arena->msgs, m, buf, cap);
	msgheap_free(&wf_arena->msgs, m);
	if (len)
		*len = whole;
	return whole > cap ? WF_ESHORT : 0;
}
