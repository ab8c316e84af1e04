/*
 * model_copy.c - making, copying and freeing a model (see model.h): the
 * model's owned storage, deep-copied for replay's checkpoints and freed
 * whole.  Nothing here folds an event.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "model_poolfold.h"

model *model_new(void)
{
	return calloc(1, sizeof(model));
}

model *model_clone(const model *m)
{
	model *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *m;
	/* Owned storage is copied below; until then nothing is c's own. */
	memset(c->actor, 0, sizeof c->actor);
	memset(c->object, 0, sizeof c->object);
	memset(c->text, 0, sizeof c->text);
	c->loop = NULL;
	c->msg = NULL;
	c->pool = NULL;
	bool oom = false;
	for (size_t i = 0; i < m->actor_count && !oom; i++) {
		const struct actor_rec *from = m->actor[i];
		if (!from)
			continue;
		struct actor_rec *r = malloc(sizeof *r);
		if (!r) {
			oom = true;
			break;
		}
		*r = *from;
		if (from->cap) {
			r->lane = malloc(from->cap * sizeof *r->lane);
			if (!r->lane) {
				free(r);
				oom = true;
				break;
			}
			memcpy(r->lane, from->lane, from->pub.lane_len * sizeof *r->lane);
		}
		r->pub.lane = r->lane;
		c->actor[i] = r;
	}
	for (size_t i = 0; i < m->object_count && !oom; i++) {
		const struct object_rec *from = m->object[i];
		if (!from)
			continue;
		struct object_rec *o = malloc(sizeof *o);
		if (!o) {
			oom = true;
			break;
		}
		*o = *from;
		if (from->cap && !(o->series = malloc(from->cap * sizeof *o->series))) {
			free(o);
			oom = true;
			break;
		}
		if (from->cap)
			memcpy(o->series, from->series, from->pub.series_len * sizeof *o->series);
		o->pub.series = o->series;
		c->object[i] = o;
	}
	for (size_t i = 0; i < MODEL_CONSOLE_MAX && !oom; i++) {
		if (!m->text[i])
			continue;
		if (!(c->text[i] = strdup(m->text[i])))
			oom = true;
		else
			c->line[i].text = c->text[i];
	}
	if (!oom)
		c->loop = mloop_clone(m->loop, &oom);
	if (!oom)
		c->msg = mmsg_clone(m->msg, &oom);
	if (!oom)
		c->pool = mpool_clone(m->pool, &oom);
	if (oom) {
		model_free(c);
		return NULL;
	}
	return c;
}

void model_free(model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->actor_count; i++) {
		if (m->actor[i])
			free(m->actor[i]->lane);
		free(m->actor[i]);
	}
	for (size_t i = 0; i < m->object_count; i++) {
		if (m->object[i])
			free(m->object[i]->series);
		free(m->object[i]);
	}
	for (size_t i = 0; i < MODEL_CONSOLE_MAX; i++)
		free(m->text[i]);
	mloop_free(m->loop);
	mmsg_free(m->msg);
	mpool_free(m->pool);
	free(m);
}
