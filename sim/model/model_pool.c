/*
 * model_pool.c - the pool and future part of the model (model_pool.h).
 *
 * A pure fold like the rest of the model.  A pool is known from its first
 * EV_TASK_* event; its queue depth is calls submitted minus calls taken
 * (started, or dropped as cancelled), sampled on every change and bounded
 * at MODEL_POOL_SERIES samples by merging the older half pairwise (keeping
 * the larger depth of each pair, so a peak is never lost).  A worker is a
 * slot of the pool (EV_TASK_START's b), held by the actor that wrote it.
 * A future's state is the latest EV_FUT_STATE for its object.
 *
 * Everything is in one allocation of fixed size, made on the first pool
 * or future event, so a clone is a copy and two pointers set again.
 */
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "model_pool.h"
#include "model_poolfold.h"

struct pool_rec {
	struct model_pool pub;
	struct model_sample series[MODEL_POOL_SERIES];
	uint16_t future[MODEL_POOL_TASKS]; /* each call's future object id */
};

struct future_rec {
	uint8_t known;
	uint8_t state;
	uint32_t callbacks;
	uint64_t value;
};

struct mpool {
	size_t npools;
	struct pool_rec pool[MODEL_POOL_MAX];
	struct future_rec future[MODEL_OBJECT_MAX];
};

static struct pool_rec *pool_find(struct mpool *mp, uint16_t obj, bool make)
{
	for (size_t i = 0; i < mp->npools; i++)
		if (mp->pool[i].pub.obj == obj)
			return &mp->pool[i];
	if (!make || mp->npools == MODEL_POOL_MAX)
		return NULL;
	struct pool_rec *p = &mp->pool[mp->npools++];
	memset(p, 0, sizeof *p);
	p->pub.obj = obj;
	for (size_t i = 0; i < MODEL_POOL_WORKERS; i++)
		p->pub.worker[i] = (struct model_pool_worker){WF_NONE, -1, 0, 0};
	for (size_t i = 0; i < MODEL_POOL_TASKS; i++)
		p->future[i] = WF_NONE;
	p->pub.series = p->series;
	return p;
}

static size_t series_merge(struct model_sample *v, size_t len)
{
	size_t old = (len / 2) & ~(size_t)1, n = 0;
	for (size_t i = 0; i < len; i += i < old ? 2 : 1) {
		struct model_sample keep = v[i];
		if (i < old && v[i + 1].depth > keep.depth)
			keep.depth = v[i + 1].depth;
		if (n == 0 || v[n - 1].depth != keep.depth)
			v[n++] = keep;
	}
	return n;
}

static void depth_set(struct pool_rec *p, int64_t t)
{
	struct model_pool *q = &p->pub;
	uint32_t taken = q->started + q->cancelled;
	q->depth = q->submitted > taken ? q->submitted - taken : 0;
	if (q->depth > q->peak)
		q->peak = q->depth;
	size_t len = q->series_len;
	if (len && p->series[len - 1].depth == q->depth)
		return;
	if (len && p->series[len - 1].t == t) {
		p->series[len - 1].depth = q->depth;
		return;
	}
	if (len == MODEL_POOL_SERIES)
		len = series_merge(p->series, len);
	p->series[len++] = (struct model_sample){t, q->depth};
	q->series_len = len;
}

static int fold_task(struct mpool *mp, const struct wf_ev *ev, int64_t t)
{
	struct pool_rec *p = pool_find(mp, ev->obj, true);
	if (!p)
		return -1;
	struct model_pool *q = &p->pub;
	switch (ev->type) {
	case EV_TASK_SUBMIT:
		q->submitted++;
		if (ev->a < MODEL_POOL_TASKS)
			p->future[ev->a] = (uint16_t)ev->b;
		break;
	case EV_TASK_START: {
		if (ev->b >= MODEL_POOL_WORKERS)
			return -1;
		struct model_pool_worker *w = &q->worker[ev->b];
		if (ev->b >= q->workers)
			q->workers = ev->b + 1;
		if (w->tasks > 0)
			q->reused++;
		*w = (struct model_pool_worker){ev->actor, (int32_t)ev->a, w->tasks + 1, t};
		q->started++;
		break;
	}
	case EV_TASK_END: {
		int32_t err = (int32_t)(uint32_t)ev->b;
		if (err == WF_ECANCELLED_MODEL) {
			q->cancelled++;
			break;
		}
		q->ended++;
		q->failed += err != 0;
		for (size_t i = 0; i < q->workers; i++)
			if (q->worker[i].actor == ev->actor && q->worker[i].task == (int32_t)ev->a)
				q->worker[i].task = -1;
		break;
	}
	default:
		return -1;
	}
	depth_set(p, t);
	return 0;
}

int mpool_fold(struct mpool **mpp, const struct wf_ev *ev, int64_t t)
{
	if (!*mpp && !(*mpp = calloc(1, sizeof **mpp)))
		return -1;
	struct mpool *mp = *mpp;
	if (ev->type == EV_FUT_STATE || ev->type == EV_FUT_CALLBACK) {
		if (ev->obj >= MODEL_OBJECT_MAX)
			return -1;
		struct future_rec *f = &mp->future[ev->obj];
		if (ev->type == EV_FUT_CALLBACK) {
			f->callbacks++;
			return 0;
		}
		f->known = 1;
		f->state = (uint8_t)ev->a;
		f->value = ev->b;
		return 0;
	}
	return fold_task(mp, ev, t);
}

struct mpool *mpool_clone(const struct mpool *mp, bool *oom)
{
	if (!mp)
		return NULL;
	struct mpool *c = malloc(sizeof *c);
	if (!c) {
		*oom = true;
		return NULL;
	}
	memcpy(c, mp, sizeof *c);
	for (size_t i = 0; i < c->npools; i++)
		c->pool[i].pub.series = c->pool[i].series;
	return c;
}

void mpool_free(struct mpool *mp)
{
	free(mp);
}

/* --- reading ----------------------------------------------------------------- */

size_t model_pool_count(const model *m)
{
	return m->pool ? m->pool->npools : 0;
}

const struct model_pool *model_pool(const model *m, size_t i)
{
	return m->pool && i < m->pool->npools ? &m->pool->pool[i].pub : NULL;
}

const struct model_pool *model_pool_of(const model *m, uint16_t obj)
{
	struct pool_rec *p = m->pool ? pool_find(m->pool, obj, false) : NULL;
	return p ? &p->pub : NULL;
}

uint16_t model_pool_task_future(const model *m, const struct model_pool *p, uint32_t task)
{
	(void)m;
	if (!p || task >= MODEL_POOL_TASKS)
		return WF_NONE;
	const struct pool_rec *r = (const struct pool_rec *)(const void *)p; /* pub is first */
	return r->future[task];
}

int model_future_state(const model *m, uint16_t obj, uint64_t *value)
{
	if (!m->pool || obj >= MODEL_OBJECT_MAX || !m->pool->future[obj].known)
		return -1;
	if (value)
		*value = m->pool->future[obj].value;
	return m->pool->future[obj].state;
}

uint32_t model_future_callbacks(const model *m, uint16_t obj)
{
	return m->pool && obj < MODEL_OBJECT_MAX ? m->pool->future[obj].callbacks : 0;
}
