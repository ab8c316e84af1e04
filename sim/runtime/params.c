/*
 * params.c - lesson parameters: validating them (UI side) and reading them
 * (lesson side, from the copy the host put in the arena).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "lesson.h"
#include "params.h"
#include "oneline.h"
#include "weft.h"

const char *lesson_schedule_refusal(const struct wf_lesson *l, int kind)
{
	if (kind == 0 /* SCHED_FREE */ || !(l->flags & WF_LESSON_FREE_ONLY))
		return NULL;
	return "runs only free: its waits are not step points (no --step, --sched or rerun)";
}

void lesson_args_init(struct lesson_args *args, const struct wf_lesson *l)
{
	memset(args, 0, sizeof *args);
	for (size_t i = 0; i < l->nparams && i < ARENA_MAX_PARAMS; i++) {
		snprintf(args->p[i].name, sizeof args->p[i].name, "%s", l->params[i].name);
		snprintf(args->p[i].value, sizeof args->p[i].value, "%s", l->params[i].def);
		args->n++;
	}
}

static int choice_ok(const char *choices, const char *value)
{
	size_t len = strlen(value);
	for (const char *c = choices; *c;) {
		size_t n = strcspn(c, "|");
		if (n == len && strncmp(c, value, n) == 0)
			return 1;
		c += n + (c[n] == '|');
	}
	return 0;
}

static void param_names(const struct wf_lesson *l, char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l->nparams && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", l->params[i].name);
	if (l->nparams == 0)
		snprintf(buf, size, "none");
}

static int set_arg(struct lesson_args *args, const struct wf_lesson *l, const char *kv,
		   char *err, size_t errsize)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv) {
		snprintf(err, errsize, "--set wants name=value, got '%s'", kv);
		return -1;
	}
	size_t nlen = (size_t)(eq - kv);
	const char *value = eq + 1;
	for (size_t i = 0; i < l->nparams && i < args->n; i++) {
		const struct wf_param *p = &l->params[i];
		if (strlen(p->name) != nlen || strncmp(p->name, kv, nlen) != 0)
			continue;
		if (p->choices) {
			if (!choice_ok(p->choices, value)) {
				snprintf(err, errsize, "%s must be one of %s, got '%s'", p->name,
					 p->choices, value);
				return -1;
			}
		} else {
			char *end;
			errno = 0;
			long v = strtol(value, &end, 10);
			bool digits = (*value >= '0' && *value <= '9') || (*value == '-' && value[1] >= '0' && value[1] <= '9');
			if (!digits || *end != 0 || errno == ERANGE) {
				snprintf(err, errsize, "%s must be a whole number, got '%s'", p->name, value);
				return -1;
			}
			if (v < p->min || v > p->max) {
				snprintf(err, errsize, "%s must be between %ld and %ld, got %ld", p->name,
					 p->min, p->max, v);
				return -1;
			}
		}
		if (strlen(value) >= sizeof args->p[i].value) {
			snprintf(err, errsize, "value of %s is too long", p->name);
			return -1;
		}
		snprintf(args->p[i].value, sizeof args->p[i].value, "%s", value);
		return 0;
	}
	char names[128];
	param_names(l, names, sizeof names);
	snprintf(err, errsize, "lesson %s has no parameter '%.*s' (it takes: %s)", l->id, (int)nlen,
		 kv, names);
	return -1;
}

int lesson_args_set(struct lesson_args *args, const struct wf_lesson *l, const char *kv,
		    char *err, size_t errsize)
{
	int r = set_arg(args, l, kv, err, errsize);
	if (r < 0)
		oneline(err); /* the value is quoted: a newline in it stays out */
	return r;
}

char *lesson_args_format(const struct lesson_args *args, char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < args->n && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s=%s", i ? " " : "", args->p[i].name,
				       args->p[i].value);
	return buf;
}

static const char *param_value(const char *name)
{
	const struct arena_control *c = &wf_arena->ctl;
	for (unsigned i = 0; i < c->nparams; i++)
		if (strcmp(c->params[i].name, name) == 0)
			return c->params[i].value;
	return "";
}

long wf_param_int(const char *name)
{
	return strtol(param_value(name), NULL, 10);
}

const char *wf_param_str(const char *name)
{
	return param_value(name);
}

bool wf_param_is(const char *name, const char *value)
{
	return strcmp(param_value(name), value) == 0;
}
