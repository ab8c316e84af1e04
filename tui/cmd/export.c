/*
 * export.c - `weft export FILE`: a recorded run in formats other tools read.
 *
 * --text writes one event a line (lesson seconds, actor, event, object,
 * detail): for handouts and diffs.  --chrome writes Chrome's Trace Event
 * JSON, which Perfetto and chrome://tracing open:
 *
 *   M  process_name per pid, thread_name and thread_sort_index per actor:
 *      every thread, process, coroutine and task of the run is its own
 *      track (tid = actor id + 1, pid = the process it lives in);
 *   X  a slice per stretch of one state (running, runnable, blocked on
 *      NAME, sleeping, suspended, zombie) and per event-loop callback;
 *   C  counters: each queue's depth, each loop's ready callbacks and timers;
 *   i  instants: printed lines, a deadlock;
 *   s/f flows: a lock handed from the actor that released it to the one
 *      that was waiting for it, and each message from send to receive.
 *
 * States come from the same fold the timeline draws (model_fold), so the
 * export says what the screen said.  A state's slice is written when the
 * actor's state changes: after each event the actors it can touch are
 * looked at (all of them while there are few).  Timestamps are µs of
 * lesson time from the start of the run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "model.h"
#include "objkind.h"
#include "btrace.h"
#include "trace.h"

/* Up to this many actors every one is looked at after every event. */
#define EXPORT_SCAN_ALL 256

struct chrome {
	FILE *out;
	const struct trace *t;
	model *m;
	bool first;              /* no event written yet (commas) */
	uint8_t *state;          /* per actor: the state its open slice is in */
	int64_t *since;          /* ... and when it began */
	uint16_t *obj;           /* ... and what it waited on */
	uint8_t *joining;        /* ... which is an actor being joined */
	int64_t *cb_begin;       /* per object: the running callback's start, -1 none */
	const char **cb_name;
	int64_t *released;       /* per lock: when it was last let go, -1 none */
	uint16_t *released_by;
	uint64_t flow;           /* flow ids for lock hand-offs (messages use their own ids) */
};

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static double us(int64_t ns)
{
	return (double)ns / 1000.0;
}

static const char *object_name(const struct chrome *c, uint16_t id)
{
	const struct model_object *o = id == WF_NONE ? NULL : model_object(c->m, id);
	return o ? o->name : "";
}

static int32_t pid_of(const struct chrome *c, size_t id)
{
	const struct model_actor *a = model_actor(c->m, id);
	return a && a->pid > 0 ? a->pid : 1;
}

/* Starts one event object: {"ph":..,"ts":..,"pid":..,"tid":.. */
static void begin(struct chrome *c, char ph, int64_t ts, size_t actor)
{
	fprintf(c->out, "%s\n{\"ph\":\"%c\",\"ts\":%.3f,\"pid\":%" PRId32 ",\"tid\":%zu", c->first ? "" : ",",
		ph, us(ts), pid_of(c, actor), actor + 1);
	c->first = false;
}

static const char *state_word(unsigned s)
{
	static const char *const word[AS_COUNT] = {
		[AS_RUNNING] = "running",   [AS_RUNNABLE] = "runnable (waiting for a CPU)",
		[AS_BLOCKED] = "blocked",   [AS_SLEEPING] = "sleeping",
		[AS_SUSPENDED] = "suspended", [AS_ZOMBIE] = "zombie (ended, not reaped)",
	};
	return s < AS_COUNT && word[s] ? word[s] : NULL;
}

/* The slice of the state actor `id` was in, from since[id] to `until`. */
static void close_slice(struct chrome *c, size_t id, int64_t until)
{
	const char *word = state_word(c->state[id]);
	if (!word || until <= c->since[id])
		return;
	begin(c, 'X', c->since[id], id);
	fprintf(c->out, ",\"dur\":%.3f,\"cat\":\"state\",\"name\":", us(until - c->since[id]));
	if (c->state[id] == AS_BLOCKED && c->obj[id] != WF_NONE) {
		char name[96];
		const struct model_actor *joined = c->joining[id] ? model_actor(c->m, c->obj[id]) : NULL;
		if (c->joining[id])
			snprintf(name, sizeof name, "joining %s", joined ? joined->name : "?");
		else
			snprintf(name, sizeof name, "blocked on %s", object_name(c, c->obj[id]));
		json_string(c->out, name);
	} else {
		json_string(c->out, word);
	}
	fputc('}', c->out);
}

static void look_at(struct chrome *c, size_t id)
{
	const struct model_actor *a = model_actor(c->m, id);
	if (!a || (a->state == c->state[id] && a->since == c->since[id] && a->obj == c->obj[id] &&
		   a->joining == c->joining[id]))
		return;
	close_slice(c, id, a->since);
	c->state[id] = a->state;
	c->since[id] = a->since;
	c->obj[id] = a->obj;
	c->joining[id] = a->joining;
}

static void counter(struct chrome *c, int64_t ts, size_t actor, const char *name, const char *key,
		    uint64_t v)
{
	begin(c, 'C', ts, actor);
	fputs(",\"name\":", c->out);
	json_string(c->out, name);
	fprintf(c->out, ",\"args\":{\"%s\":%" PRIu64 "}}", key, v);
}

static void flow(struct chrome *c, char ph, int64_t ts, size_t actor, uint64_t id, const char *cat)
{
	begin(c, ph, ts, actor);
	fprintf(c->out, ",\"cat\":\"%s\",\"name\":\"%s\",\"id\":%" PRIu64 "%s}", cat, cat, id,
		ph == 'f' ? ",\"bp\":\"e\"" : "");
}

/* What one event adds besides states: callbacks, counters, instants, flows. */
static void extras(struct chrome *c, const struct wf_ev *ev, const char *text)
{
	int64_t ts = (int64_t)ev->ts;
	size_t actor = ev->actor;
	uint16_t o = ev->obj;
	bool known_obj = o < MODEL_OBJECT_MAX;
	switch (ev->type) {
	case EV_PRINT:
		begin(c, 'i', ts, actor);
		fputs(",\"s\":\"t\",\"cat\":\"print\",\"name\":", c->out);
		json_string(c->out, text);
		fputc('}', c->out);
		break;
	case EV_CB_BEGIN:
		if (known_obj) {
			c->cb_begin[o] = ts;
			c->cb_name[o] = text;
		}
		break;
	case EV_CB_END:
		if (known_obj && c->cb_begin[o] >= 0) {
			begin(c, 'X', c->cb_begin[o], actor);
			fprintf(c->out, ",\"dur\":%.3f,\"cat\":\"callback\",\"name\":", us(ts - c->cb_begin[o]));
			json_string(c->out, c->cb_name[o] ? c->cb_name[o] : "callback");
			fputc('}', c->out);
			c->cb_begin[o] = -1;
		}
		break;
	case EV_PUT:
	case EV_GET:
		counter(c, ts, actor, object_name(c, o), "depth", ev->a);
		break;
	case EV_LOOP_STATE: {
		char name[96];
		snprintf(name, sizeof name, "%s queues", object_name(c, o));
		begin(c, 'C', ts, actor);
		fputs(",\"name\":", c->out);
		json_string(c->out, name);
		fprintf(c->out, ",\"args\":{\"ready\":%" PRIu64 ",\"timers\":%" PRIu64 "}}", ev->a, ev->b);
		break;
	}
	case EV_RELEASE:
		if (known_obj && ev->b == 0) {
			c->released[o] = ts;
			c->released_by[o] = ev->actor;
		}
		break;
	case EV_ACQUIRE:
		/* It waited, and the lock was let go while it did: a hand-off. */
		if (known_obj && ev->a > 0 && c->released[o] >= 0 && c->released_by[o] != ev->actor &&
		    c->released[o] >= ts - (int64_t)ev->a) {
			c->flow++;
			flow(c, 's', c->released[o], c->released_by[o], c->flow, "lock hand-off");
			flow(c, 'f', ts, actor, c->flow, "lock hand-off");
			c->released[o] = -1;
		}
		break;
	case EV_MSG_SEND:
		flow(c, 's', ts, actor, ev->a << 1 | 1, "message");
		break;
	case EV_MSG_RECV:
		if (ev->a)
			flow(c, 'f', ts, actor, ev->a << 1 | 1, "message");
		break;
	default:
		break;
	}
}

static void metadata(struct chrome *c)
{
	size_t n = model_actor_count(c->m);
	for (size_t id = 0; id < n; id++) {
		const struct model_actor *a = model_actor(c->m, id);
		if (!a || !a->name[0])
			continue;
		bool leader = a->kind == AK_PROCESS || id == 0;
		if (leader) {
			begin(c, 'M', 0, id);
			fputs(",\"name\":\"process_name\",\"args\":{\"name\":", c->out);
			char name[96];
			snprintf(name, sizeof name, "%s (pid %" PRId32 ")", id == 0 ? c->t->h.lesson : a->name,
				 a->pid);
			json_string(c->out, name);
			fputs("}}", c->out);
		}
		begin(c, 'M', 0, id);
		fputs(",\"name\":\"thread_name\",\"args\":{\"name\":", c->out);
		json_string(c->out, a->name);
		fputs("}}", c->out);
		begin(c, 'M', 0, id);
		fprintf(c->out, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%zu}}", id);
	}
}

static int chrome(const struct trace *t, FILE *out)
{
	struct chrome c = {.out = out, .t = t, .m = model_new(), .first = true};
	c.state = calloc(MODEL_ACTOR_MAX, 1);
	c.since = calloc(MODEL_ACTOR_MAX, sizeof *c.since);
	c.obj = malloc(MODEL_ACTOR_MAX * sizeof *c.obj);
	c.joining = calloc(MODEL_ACTOR_MAX, 1);
	c.cb_begin = malloc(MODEL_OBJECT_MAX * sizeof *c.cb_begin);
	c.cb_name = calloc(MODEL_OBJECT_MAX, sizeof *c.cb_name);
	c.released = malloc(MODEL_OBJECT_MAX * sizeof *c.released);
	c.released_by = calloc(MODEL_OBJECT_MAX, sizeof *c.released_by);
	int rc = -1;
	if (!c.m || !c.state || !c.since || !c.obj || !c.joining || !c.cb_begin || !c.cb_name || !c.released ||
	    !c.released_by)
		goto out;
	for (size_t i = 0; i < MODEL_ACTOR_MAX; i++)
		c.obj[i] = WF_NONE;
	for (size_t i = 0; i < MODEL_OBJECT_MAX; i++)
		c.cb_begin[i] = c.released[i] = -1;

	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"lesson\":", out);
	json_string(out, t->h.lesson);
	fputs(",\"params\":", out);
	json_string(out, t->h.params);
	fputs(",\"weft\":", out);
	json_string(out, t->h.weft);
	fputs(",\"ending\":", out);
	json_string(out, t->ending);
	fputs("},\n\"traceEvents\":[", out);
	int64_t shown = -1; /* when the deadlock last written was detected */
	for (size_t i = 0; i < t->nev; i++) {
		const struct wf_ev *ev = &t->ev[i];
		const char *text = trace_text(t, i);
		model_fold(c.m, ev, text);
		size_t n = model_actor_count(c.m);
		if (n <= EXPORT_SCAN_ALL) {
			for (size_t id = 0; id < n; id++)
				look_at(&c, id);
		} else {
			if (ev->actor < n)
				look_at(&c, ev->actor);
			if (ev->a < n && (ev->type == EV_CORO_RESUME || ev->type == EV_CORO_YIELD))
				look_at(&c, (size_t)ev->a);
		}
		if (ev->actor < MODEL_ACTOR_MAX)
			extras(&c, ev, text);
		const struct model_deadlock *d = model_deadlock(c.m);
		if (d && d->t != shown) {
			char why[512];
			model_deadlock_describe(c.m, why, sizeof why);
			begin(&c, 'i', d->t, d->actor[0]);
			fputs(",\"s\":\"g\",\"cat\":\"deadlock\",\"name\":", out);
			json_string(out, why);
			fputc('}', out);
			shown = d->t;
		}
	}
	/* States still open at the end run to the last event. */
	int64_t end = model_now(c.m);
	for (size_t id = 0; id < model_actor_count(c.m); id++)
		close_slice(&c, id, end);
	metadata(&c);
	fputs("\n]}\n", out);
	rc = 0;
out:
	model_free(c.m);
	free(c.state);
	free(c.since);
	free(c.obj);
	free(c.joining);
	free(c.cb_begin);
	free(c.cb_name);
	free(c.released);
	free(c.released_by);
	return rc;
}

static int text(const struct trace *t, FILE *out)
{
	fprintf(out, "# weft %s  lesson %s  %s\n# seconds  actor  event  object  detail\n", t->h.weft,
		t->h.lesson, t->h.params);
	const char *actor[MODEL_ACTOR_MAX] = {0}, *object[MODEL_OBJECT_MAX] = {0};
	for (size_t i = 0; i < t->nactor; i++)
		if (t->actor[i].id < MODEL_ACTOR_MAX)
			actor[t->actor[i].id] = t->actor[i].name;
	for (size_t i = 0; i < t->nobject; i++)
		if (t->object[i].id < MODEL_OBJECT_MAX)
			object[t->object[i].id] = t->object[i].name;
	for (size_t i = 0; i < t->nev; i++) {
		const struct wf_ev *ev = &t->ev[i];
		const char *who = ev->actor < MODEL_ACTOR_MAX && actor[ev->actor] ? actor[ev->actor] : "-";
		const char *what = ev->obj < MODEL_OBJECT_MAX && object[ev->obj] ? object[ev->obj] : "-";
		const char *said = trace_text(t, i);
		fprintf(out, "%12.6f  %-12s %-14s %-14s ", (double)(int64_t)ev->ts / 1e9, who,
			ev_type_name(ev->type), what);
		if (said)
			fprintf(out, "\"%s\"\n", said);
		else
			fprintf(out, "a=%" PRIu64 " b=%" PRIu64 "\n", ev->a, ev->b);
	}
	if (t->results[0])
		fprintf(out, "# result: %s\n", t->results);
	if (t->ending[0])
		fprintf(out, "# ended: %s\n", t->ending);
	return 0;
}

int export_main(const char *file, const char *chrome_out, const char *text_out,
		const char *trace_out)
{
	struct trace t;
	char err[320];
	if (trace_load(file, &t, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		return 2;
	}
	if (!trace_out && trace_unpack(&t) < 0) { /* a binary trace's events, indexed */
		trace_free(&t);
		fprintf(stderr, "weft: out of memory\n");
		return 1;
	}
	const char *path = chrome_out ? chrome_out : text_out ? text_out : trace_out;
	bool to_stdout = strcmp(path, "-") == 0;
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	if (!out) {
		fprintf(stderr, "weft: cannot write %s: %s\n", path, strerror(errno));
		trace_free(&t);
		return 2;
	}
	int rc = chrome_out ? chrome(&t, out) : text_out ? text(&t, out) : btrace_write_text(&t, out);
	trace_free(&t);
	bool failed = ferror(out) != 0;
	if ((to_stdout ? fflush(out) : fclose(out)) != 0)
		failed = true;
	if (rc < 0) {
		fprintf(stderr, "weft: out of memory\n");
		return 1;
	}
	if (failed) {
		fprintf(stderr, "weft: writing %s failed\n", path);
		return 1;
	}
	return 0;
}
