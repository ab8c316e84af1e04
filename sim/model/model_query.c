/*
 * model_query.c - reading the model: the accessors widgets, scripts and
 * tests use, and the words for what it holds (see model.h).  Nothing here
 * changes the model.
 */
#include <stdio.h>
#include <string.h>

#include "model_impl.h"

static const char *const state_names[AS_COUNT] = {
	[AS_NONE] = "none",
	[AS_RUNNING] = "running",
	[AS_RUNNABLE] = "runnable",
	[AS_BLOCKED] = "blocked",
	[AS_SLEEPING] = "sleeping",
	[AS_EXITED] = "exited",
	[AS_SUSPENDED] = "suspended",
	[AS_ZOMBIE] = "zombie",
	[AS_PARKED] = "parked",
};

size_t model_loop_count(const model *m)
{
	return mloop_count(m ? m->loop : NULL);
}

const struct model_loop *model_loop(const model *m, size_t i)
{
	return mloop_loop(m ? m->loop : NULL, i);
}

const char *model_loop_name(const model *m, uint16_t name)
{
	return mloop_name(m ? m->loop : NULL, name);
}

size_t model_task_count(const model *m)
{
	return mloop_task_count(m ? m->loop : NULL);
}

const struct model_task *model_task(const model *m, size_t i)
{
	return mloop_task(m ? m->loop : NULL, i);
}

int64_t model_now(const model *m)
{
	return m ? m->now : 0;
}

uint64_t model_events(const model *m)
{
	return m ? m->events : 0;
}

uint64_t model_ignored(const model *m)
{
	return m ? m->ignored : 0;
}

size_t model_actor_count(const model *m)
{
	return m ? m->actor_count : 0;
}

const struct model_actor *model_actor(const model *m, size_t id)
{
	const struct actor_rec *r = m ? actor_get(m, id) : NULL;

	return r ? &r->pub : NULL;
}

int model_actor_find(const model *m, const char *name)
{
	if (!m || !name)
		return -1;
	for (size_t i = 0; i < m->actor_count; i++)
		if (m->actor[i] && strcmp(m->actor[i]->pub.name, name) == 0)
			return (int)i;
	return -1;
}

size_t model_object_count(const model *m)
{
	return m ? m->object_count : 0;
}

const struct model_object *model_object(const model *m, size_t id)
{
	const struct object_rec *o = m ? object_get(m, id) : NULL;

	return o ? &o->pub : NULL;
}

struct model_interval model_state_at(const model *m, size_t id, int64_t t)
{
	struct model_interval none = { .t0 = 0, .state = AS_NONE, .cpu = CPU_UNKNOWN, .obj = WF_NONE };
	const struct actor_rec *r = m ? actor_get(m, id) : NULL;
	size_t lo = 0, hi;

	if (!r || !r->pub.lane_len || t < r->lane[0].t0)
		return none;
	/* The last interval with t0 <= t: lane[lo].t0 <= t < lane[hi].t0. */
	hi = r->pub.lane_len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->lane[mid].t0 <= t)
			lo = mid;
		else
			hi = mid;
	}
	return r->lane[lo];
}

size_t model_line_count(const model *m)
{
	return m ? m->line_count : 0;
}

uint64_t model_line_total(const model *m)
{
	return m ? m->line_total : 0;
}

const struct model_line *model_line(const model *m, size_t i)
{
	if (!m || i >= m->line_count)
		return NULL;
	return &m->line[(m->line_head + i) % MODEL_CONSOLE_MAX];
}

const struct model_deadlock *model_deadlock(const model *m)
{
	return m && m->deadlocked ? &m->deadlock : NULL;
}

/* Appends s to buf, truncating; *used never passes size - 1. */
static void append(char *buf, size_t size, size_t *used, const char *s)
{
	size_t n = strlen(s);

	if (n > size - 1 - *used)
		n = size - 1 - *used;
	memcpy(buf + *used, s, n);
	*used += n;
	buf[*used] = '\0';
}

/* The display name of an actor or object, or "#id" when it has none. */
static const char *label(const char *name, uint16_t id, char tmp[12])
{
	if (name && name[0])
		return name;
	snprintf(tmp, 12, "#%u", (unsigned)id);
	return tmp;
}

char *model_deadlock_describe(const model *m, char *buf, size_t size)
{
	const struct model_deadlock *d = model_deadlock(m);
	size_t used = 0;

	if (!buf || !size)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; d && i < d->len; i++) {
		const struct actor_rec *a = actor_get(m, d->actor[i]);
		const struct actor_rec *b = actor_get(m, d->actor[(i + 1) % d->len]);
		const struct object_rec *o = object_get(m, d->obj[i]);
		char ta[12], tb[12], to[12];
		const char *an = label(a ? a->pub.name : NULL, d->actor[i], ta);
		const char *bn = label(b ? b->pub.name : NULL, d->actor[(i + 1) % d->len], tb);

		if (i)
			append(buf, size, &used, ", ");
		append(buf, size, &used, an);
		if (d->obj[i] == WF_NONE) {
			append(buf, size, &used, " joins ");
		} else if (d->len == 1) {
			/* One thread, one lock: a plain lock does not know its holder. */
			append(buf, size, &used, " waits for lock ");
			append(buf, size, &used, label(o ? o->pub.name : NULL, d->obj[i], to));
			append(buf, size, &used, ", which it holds itself");
			break;
		} else {
			append(buf, size, &used, " waits for lock ");
			append(buf, size, &used, label(o ? o->pub.name : NULL, d->obj[i], to));
			append(buf, size, &used, " held by ");
		}
		append(buf, size, &used, bn);
	}
	return buf;
}

bool model_ever_parked(const model *m)
{
	return m && m->ever_parked;
}

const char *actor_state_name(unsigned state)
{
	return state < AS_COUNT ? state_names[state] : "none";
}

int actor_state_parse(const char *name)
{
	for (int i = 0; name && i < AS_COUNT; i++)
		if (strcmp(state_names[i], name) == 0)
			return i;
	return -1;
}
