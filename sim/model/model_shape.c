/*
 * model_shape.c - each object's own state, by the shape of its kind
 * (sim/wire/objkind.h), and the run's exact counters and losses.
 *
 * model.c moves actors (blocked on what, running again); this file keeps
 * what an object is: a semaphore's permits, an event's flag, a barrier's
 * arrivals, a pipe's messages in flight, and every kind's counters twice:
 * as counted from the events folded (ev_count) and as the arena kept them
 * (count, from the collector's EV_COUNTER), which is exact however many
 * events the rings dropped.  model_count() chooses between them.
 *
 * Invariants: only shapes switch here, never kinds, so a kind added to
 * objkind.h with an existing shape needs nothing in this file; counters
 * only grow; a stretch of lost events is never forgotten (when the table is
 * full the two oldest merge).
 */
#include "model_impl.h"

static bool waits_on(const struct actor_rec *r, uint16_t obj)
{
	return r->pub.state == AS_BLOCKED && !r->pub.joining && r->pub.obj == obj;
}

static void raise_to(uint64_t *c, uint64_t v)
{
	if (v > *c)
		*c = v;
}

void shape_fold(struct object_rec *o, const struct actor_rec *r, const struct wf_ev *ev)
{
	struct model_object *x = &o->pub;
	uint64_t *n = x->ev_count;

	switch (o->shape) {
	case SHAPE_LOCK:
		/* contended when the wait begins (it may never end: a deadlock),
		 * the time waited once it has */
		if (ev->type == EV_BLOCK_LOCK) {
			n[CNT_CONTENDED] += !r->step_contended; /* a parked acquire was counted at its step */
		} else if (ev->type == EV_ACQUIRE) {
			n[CNT_ACQUIRES]++;
			if (waits_on(r, ev->obj) && r->why == WHY_LOCK)
				n[CNT_WAIT_NS] += ev->a;
		}
		break;
	case SHAPE_SEM:
		if (ev->type == EV_WAKE && ev->a == 0) {
			n[CNT_ACQUIRES]++;
			if (waits_on(r, ev->obj))
				n[CNT_CONTENDED]++;
		}
		if (ev->type == EV_WAKE || ev->type == EV_NOTIFY)
			x->value = (uint32_t)ev->b;
		break;
	case SHAPE_FLAG:
		if (ev->type == EV_NOTIFY) {
			x->value = ev->b != 0;
			n[CNT_SETS] += ev->b != 0;
		} else if (ev->type == EV_WAIT) {
			n[CNT_WAITS]++;
		}
		break;
	case SHAPE_COND:
		if (ev->type == EV_WAIT)
			n[CNT_WAITS]++;
		else if (ev->type == EV_NOTIFY)
			n[CNT_NOTIFIES]++;
		break;
	case SHAPE_BARRIER:
		if (ev->type == EV_WAIT) {
			x->value = (uint32_t)ev->b;
			n[CNT_WAITS]++;
		} else if (ev->type == EV_NOTIFY) {
			x->value = 0;
			if (ev->a == WF_ALL) { /* the last arrival: the round passes */
				n[CNT_WAITS]++;
				n[CNT_PASSES]++;
			}
		}
		break;
	case SHAPE_QUEUE:
		if (ev->type == EV_PUT) {
			n[CNT_PUTS]++;
			raise_to(&n[CNT_PEAK], ev->a);
		} else if (ev->type == EV_GET) {
			n[CNT_GETS]++;
		}
		break;
	case SHAPE_PIPE:
		if (ev->type == EV_MSG_SEND || ev->type == EV_MSG_RECV) {
			unsigned way = (ev->b >> 32) & 1;
			if (ev->type == EV_MSG_SEND) {
				x->inflight[way]++;
				n[way == 0 ? CNT_SENT_AB : CNT_SENT_BA]++;
			} else if (ev->a != 0 && x->inflight[way]) { /* a = 0: EOF, no message */
				x->inflight[way]--;
			}
		}
		break;
	case SHAPE_VALUE:
		if (ev->type == EV_NOTIFY)
			x->value = (uint32_t)ev->b;
		break;
	case SHAPE_FUTURE: /* value: enum pfuture_state */
		if (ev->type == EV_FUT_STATE)
			x->value = (uint32_t)ev->a;
		else if (ev->type == EV_WAIT)
			n[1]++;
		else if (ev->type == EV_FUT_CALLBACK)
			n[2]++;
		break;
	case SHAPE_POOL: /* value: calls queued, not yet taken by a worker */
		if (ev->type == EV_TASK_SUBMIT) {
			n[0]++;
			x->value++;
		} else if (ev->type == EV_TASK_START && x->value) {
			x->value--;
		} else if (ev->type == EV_TASK_END) {
			if ((int32_t)(uint32_t)ev->b == -8 /* WF_ECANCELLED: dropped from the queue */) {
				if (x->value)
					x->value--;
			} else {
				n[1]++;
			}
		}
		break;
	default:
		break;
	}
}

void shape_fold_counter(model *m, const struct wf_ev *ev)
{
	struct object_rec *o = object_get(m, ev->obj);
	if (!o || ev->a >= OBJ_COUNTERS) {
		m->ignored++;
		return;
	}
	raise_to(&o->pub.count[ev->a], ev->b);
	o->pub.count_known |= (uint8_t)(1u << ev->a);
}

void shape_fold_dropped(model *m, const struct wf_ev *ev, int64_t t)
{
	if (ev->a <= m->dropped)
		return;
	uint64_t lost = ev->a - m->dropped;
	int64_t t0 = ev->b > (uint64_t)t ? t : (int64_t)ev->b;
	m->dropped = ev->a;
	struct model_drop *last = m->ndrops ? &m->drop[m->ndrops - 1] : NULL;
	if (last && t0 <= last->t1) { /* goes on from the last stretch */
		last->t1 = t;
		last->lost += lost;
		return;
	}
	if (m->ndrops == MODEL_DROPS_MAX) { /* the two oldest become one */
		m->drop[0].t1 = m->drop[1].t1;
		m->drop[0].lost += m->drop[1].lost;
		for (size_t i = 1; i + 1 < m->ndrops; i++)
			m->drop[i] = m->drop[i + 1];
		m->ndrops--;
	}
	m->drop[m->ndrops++] = (struct model_drop){t0, t, lost};
}

/* The lesson ns spent so far by the actors blocked on lock o now, in waits
 * that have not ended (a wait's time is counted once it ends). */
static uint64_t waiting_now(const model *m, const struct model_object *o)
{
	const struct object_rec *rec = (const struct object_rec *)o; /* pub is its first member */
	uint64_t sum = 0;
	if (!m || objkind_get(o->kind)->shape != SHAPE_LOCK)
		return 0;
	for (size_t i = 0; i < m->actor_count; i++) {
		const struct actor_rec *r = m->actor[i];
		if (r && waits_on(r, rec->id) && r->why == WHY_LOCK && !r->pub.parked && m->now > r->pub.since)
			sum += (uint64_t)(m->now - r->pub.since);
	}
	return sum;
}

uint64_t model_count(const model *m, const struct model_object *o, unsigned slot, bool *partial)
{
	if (partial)
		*partial = false;
	if (!o || slot >= OBJ_COUNTERS)
		return 0;
	uint64_t seen = o->ev_count[slot], open = slot == CNT_WAIT_NS ? waiting_now(m, o) : 0;
	bool known = o->count_known & (1u << slot);
	if (known && o->count[slot] >= seen)
		return o->count[slot] + open; /* exact as of the latest reading */
	if (partial && m && m->dropped)
		*partial = true; /* counted from events, some of them lost */
	return seen + open;
}

uint64_t model_dropped(const model *m)
{
	return m ? m->dropped : 0;
}

size_t model_drop_count(const model *m)
{
	return m ? m->ndrops : 0;
}

const struct model_drop *model_drop(const model *m, size_t i)
{
	return m && i < m->ndrops ? &m->drop[i] : NULL;
}
