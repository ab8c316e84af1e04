/*
 * challenge.c - see challenge.h.
 *
 * Goals (lesson.h, enum wf_goal):
 *  - RESULT: a condition over the results (predict_cond), so only once the
 *    run has ended with them;
 *  - DEADLOCK: the model holds a wait-for cycle;
 *  - EMPTY_GET: a get found the named queue empty (the model counts its
 *    EV_QUEUE_EMPTY events);
 *  - BOTH_AT: two actors are parked at once at steps whose label begins
 *    with the goal's text ("write:": both have read the counter, neither
 *    has written it back: both are inside the critical section).
 */
#include <stdio.h>
#include <string.h>

#include "challenge.h"
#include "predict.h"
#include "registry.h"

size_t challenge_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < registry_count(); i++)
		n += registry_at(i)->nchallenges;
	return n;
}

const struct wf_challenge *challenge_at(size_t i, const struct wf_lesson **lesson)
{
	for (size_t l = 0; l < registry_count(); l++) {
		const struct wf_lesson *ls = registry_at(l);
		if (i < ls->nchallenges) {
			if (lesson)
				*lesson = ls;
			return &ls->challenges[i];
		}
		i -= ls->nchallenges;
	}
	return NULL;
}

const struct wf_challenge *challenge_find(const char *id, const struct wf_lesson **lesson)
{
	for (size_t i = 0; i < challenge_count(); i++) {
		const struct wf_challenge *c = challenge_at(i, lesson);
		if (strcmp(c->id, id) == 0)
			return c;
	}
	return NULL;
}

int challenge_args(const struct wf_challenge *c, const struct wf_lesson *l, struct lesson_args *args,
		   char *err, size_t errsize)
{
	char pairs[128];
	snprintf(pairs, sizeof pairs, "%s", c->params ? c->params : "");
	for (char *save, *kv = strtok_r(pairs, " ", &save); kv; kv = strtok_r(NULL, " ", &save))
		if (lesson_args_set(args, l, kv, err, errsize) < 0)
			return -1;
	return 0;
}

static bool empty_get(const model *m, const char *queue)
{
	for (size_t i = 0; i < model_object_count(m); i++) {
		const struct model_object *o = model_object(m, i);
		if (o && strcmp(o->name, queue) == 0 && o->empty > 0)
			return true;
	}
	return false;
}

static bool both_at(const model *m, const char *label)
{
	size_t n = strlen(label);
	int at = 0;
	for (size_t i = 0; i < model_actor_count(m); i++) {
		const struct model_actor *a = model_actor(m, i);
		if (a && a->parked && a->state != AS_EXITED && strncmp(a->pending, label, n) == 0)
			at++;
	}
	return at >= 2;
}

bool challenge_reached(const struct wf_challenge *c, const model *m, const char *results)
{
	bool deadlocked = model_deadlock(m) != NULL;
	switch (c->goal) {
	case WF_GOAL_RESULT:
		return results && *results && predict_cond(c->arg, results, deadlocked) == 1;
	case WF_GOAL_DEADLOCK:
		return deadlocked;
	case WF_GOAL_EMPTY_GET:
		return empty_get(m, c->arg);
	case WF_GOAL_BOTH_AT:
		return both_at(m, c->arg);
	}
	return false;
}
