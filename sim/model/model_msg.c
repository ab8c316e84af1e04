/*
 * model_msg.c - messages between actors, paired from their two events
 * (see model.h: model_message).
 *
 * A message is known by its run-unique id (sim/wire/msgheap.h hands them
 * out in order), so the record of message `id` lives in slot id % MAX of a
 * window over the latest MODEL_MSG_MAX ids: pairing a send with its
 * receive is one look-up, whichever of the two comes first (a queue's
 * getter can stamp its EV_MSG_RECV a hair before the putter's
 * EV_MSG_SEND), and a run of a million messages keeps the latest
 * MODEL_MSG_MAX.  Counters per channel (a queue or a pipe, per direction)
 * count every event, however old.
 */
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "model_msg.h"

#define CHANNEL_MAX 64 /* queues and pipes with counters; more are not counted */

struct channel {
	uint16_t obj;
	struct model_msg_counts way[2];
};

struct mmsg {
	struct model_message rec[MODEL_MSG_MAX]; /* rec[id % MAX], id 0: empty */
	uint32_t top;                            /* the highest id seen */
	struct channel ch[CHANNEL_MAX];
	size_t nch;
};

static struct channel *channel(struct mmsg *mm, uint16_t obj, bool make)
{
	for (size_t i = 0; i < mm->nch; i++)
		if (mm->ch[i].obj == obj)
			return &mm->ch[i];
	if (!make || mm->nch == CHANNEL_MAX)
		return NULL;
	struct channel *c = &mm->ch[mm->nch++];
	memset(c, 0, sizeof *c);
	c->obj = obj;
	return c;
}

/* The record of message id, made (or taken over from an id one window
 * older) when `make`; NULL for an id older than the window. */
static struct model_message *record(struct mmsg *mm, uint32_t id)
{
	if (mm->top >= MODEL_MSG_MAX && id <= mm->top - MODEL_MSG_MAX)
		return NULL;
	struct model_message *r = &mm->rec[id % MODEL_MSG_MAX];
	if (r->id != id) {
		*r = (struct model_message){id, WF_NONE, WF_NONE, WF_NONE, 0, 0, -1, -1};
		if (id > mm->top)
			mm->top = id;
	}
	return r;
}

int mmsg_fold(struct mmsg **mm, const struct wf_ev *ev, int64_t t)
{
	if (!*mm && !(*mm = calloc(1, sizeof **mm)))
		return -1;
	struct mmsg *x = *mm;
	struct channel *c = channel(x, ev->obj, true);
	unsigned dir = MSG_DIR(ev->b);
	if (ev->type == EV_PIPE_CLOSE) {
		if (c && ev->a < 2) {
			c->way[0].closed |= (uint8_t)(1u << ev->a);
			c->way[1].closed = c->way[0].closed;
		}
		return 0;
	}
	if (ev->type == EV_MSG_RECV && ev->a == 0) { /* EOF */
		if (c)
			c->way[dir].eofs++;
		return 0;
	}
	if (c) {
		if (ev->type == EV_MSG_SEND)
			c->way[dir].sent++;
		else
			c->way[dir].received++;
	}
	struct model_message *r = record(x, (uint32_t)ev->a);
	if (!r)
		return 0;
	r->obj = ev->obj;
	r->dir = (uint8_t)dir;
	r->len = MSG_LEN(ev->b);
	if (ev->type == EV_MSG_SEND) {
		r->from = ev->actor;
		r->sent = t;
	} else {
		r->to = ev->actor;
		r->received = t;
	}
	return 0;
}

void mmsg_free(struct mmsg *mm)
{
	free(mm);
}

struct mmsg *mmsg_clone(const struct mmsg *mm, bool *oom)
{
	if (!mm)
		return NULL;
	struct mmsg *c = malloc(sizeof *c);
	if (!c) {
		*oom = true;
		return NULL;
	}
	memcpy(c, mm, sizeof *c);
	return c;
}

/* --- reading (model.h) ------------------------------------------------------ */

size_t model_message_count(const model *m)
{
	const struct mmsg *x = m ? m->msg : NULL;
	if (!x)
		return 0;
	return x->top < MODEL_MSG_MAX ? x->top : MODEL_MSG_MAX;
}

const struct model_message *model_message(const model *m, size_t i)
{
	size_t n = model_message_count(m);
	if (i >= n)
		return NULL;
	const struct mmsg *x = m->msg;
	uint32_t id = x->top - (uint32_t)n + 1 + (uint32_t)i;
	const struct model_message *r = &x->rec[id % MODEL_MSG_MAX];
	return r->id == id ? r : NULL;
}

struct model_msg_counts model_msg_counts(const model *m, uint16_t obj, unsigned dir)
{
	struct model_msg_counts none = {0};
	struct mmsg *x = m ? m->msg : NULL;
	struct channel *c = x ? channel(x, obj, false) : NULL;
	return c && dir < 2 ? c->way[dir] : none;
}
