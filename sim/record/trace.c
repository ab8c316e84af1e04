/*
 * trace.c - writing and reading trace files (see trace.h and
 * docs/trace-format.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileline.h"
#include "namecopy.h"
#include "trace.h"

#define MAGIC "weft-trace"

struct trace_writer {
	FILE *f;
	bool failed;
};

/* --- writing ------------------------------------------------------------- */

/* A name or text on one line: newlines would split the record. */
static void put_text(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

trace_writer *trace_create(const char *path, const struct trace_header *h, char *err,
			   size_t errsize)
{
	trace_writer *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errsize, "%s: out of memory", path);
		return NULL;
	}
	w->f = fopen(path, "w");
	if (!w->f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	setvbuf(w->f, NULL, _IOFBF, 1 << 16);
	fprintf(w->f, "%s %d\nweft %s\nlesson %s\nparams %s\nspeed %.17g\nsched %s %llu\n---\n",
		MAGIC, TRACE_FORMAT, h->weft, h->lesson, h->params, h->speed, h->sched,
		(unsigned long long)h->seed);
	return w;
}

void trace_event(trace_writer *w, const struct wf_ev *ev, const char *text)
{
	if (!w)
		return;
	/* Names go into the tables; the events refer to them by id. */
	if (ev->type == EV_SPAWN || ev->type == EV_OBJ_NEW) {
		bool actor = ev->type == EV_SPAWN;
		fprintf(w->f, "%c %u %llu %llu ", actor ? 'a' : 'o', actor ? ev->actor : ev->obj,
			(unsigned long long)ev->a,
			(unsigned long long)(actor ? ev->b >> 32 : ev->b));
		put_text(w->f, text && *text ? text : "?");
		fputc('\n', w->f);
	}
	fprintf(w->f, "e %llu %u %u %u %u %llu %llu", (unsigned long long)ev->ts, ev->actor,
		ev->type, ev->obj, ev->line, (unsigned long long)ev->a, (unsigned long long)ev->b);
	if (text && ev->type != EV_SPAWN && ev->type != EV_OBJ_NEW) {
		fputc(' ', w->f);
		put_text(w->f, text);
	}
	fputc('\n', w->f);
	/* In a free run nobody grants: the schedule is the order in which
	 * actors passed their step points. */
	if (ev->type == EV_STEP && !STEP_PARKED(ev->b))
		trace_grant(w, ev->actor);
}

void trace_grant(trace_writer *w, uint16_t actor)
{
	if (w)
		fprintf(w->f, "g %u\n", actor);
}

void trace_end(trace_writer *w, const char *results, const char *ending)
{
	if (!w)
		return;
	fputs("r ", w->f);
	put_text(w->f, results);
	fputs("\nx ", w->f);
	put_text(w->f, ending);
	fputc('\n', w->f);
}

void trace_flush(trace_writer *w)
{
	if (w && fflush(w->f) != 0)
		w->failed = true;
}

int trace_close(trace_writer *w)
{
	if (!w)
		return 0;
	bool failed = w->failed || fflush(w->f) != 0 || ferror(w->f);
	failed |= fclose(w->f) != 0;
	free(w);
	return failed ? -1 : 0;
}

/* --- reading ------------------------------------------------------------- */

struct reader {
	const char *name;
	size_t line;
	char *err;
	size_t errsize;
};

static int fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fileline_verror(r->err, r->errsize, r->name, r->line, fmt, ap);
	va_end(ap);
	return -1;
}

/* An unsigned decimal at *p, at most `max`; moves *p past it and one space. */
static int number(const char **p, const char *end, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > max || (s < end && *s != ' '))
		return -1;
	*p = s < end ? s + 1 : s;
	*out = v;
	return 0;
}

static char *copy_rest(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (n > TRACE_TEXT_MAX)
		n = TRACE_TEXT_MAX;
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, p, n);
		s[n] = 0;
	}
	return s;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 256;
	void *p = realloc(*v, c * size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

struct caps {
	size_t ev, text, actor, object, grant;
};

static int parse_event(struct reader *r, struct trace *t, struct caps *c, const char *p,
		       const char *end)
{
	uint64_t v[7];
	static const uint64_t max[7] = {INT64_MAX, 0xffff, EV_TYPE_COUNT - 1, 0xffff, 0xffff,
					UINT64_MAX, UINT64_MAX};
	for (int i = 0; i < 7; i++)
		if (number(&p, end, max[i], &v[i]) < 0)
			return fail(r, "event field %d is not a number in range", i + 1);
	if (grow((void **)&t->ev, &c->ev, t->nev, sizeof *t->ev) < 0 ||
	    grow((void **)&t->text, &c->text, t->nev, sizeof *t->text) < 0)
		return fail(r, "out of memory");
	t->ev[t->nev] = (struct wf_ev){v[0], (uint16_t)v[1], (uint16_t)v[2], (uint16_t)v[3],
				       (uint16_t)v[4], v[5], v[6]};
	t->text[t->nev] = NULL;
	if (p < end && p[-1] == ' ' && !(t->text[t->nev] = copy_rest(p, end)))
		return fail(r, "out of memory");
	t->nev++;
	return 0;
}

static int parse_name(struct reader *r, struct trace_name **v, size_t *n, size_t *cap,
		      const char *p, const char *end)
{
	uint64_t id, a, b;
	if (number(&p, end, 0xffff, &id) < 0 || number(&p, end, UINT64_MAX, &a) < 0 ||
	    number(&p, end, UINT64_MAX, &b) < 0)
		return fail(r, "a table entry wants: id number number name");
	if (grow((void **)v, cap, *n, sizeof **v) < 0)
		return fail(r, "out of memory");
	struct trace_name *e = &(*v)[(*n)++];
	*e = (struct trace_name){(uint16_t)id, a, b, ""};
	name_copy_n(e->name, sizeof e->name, p, (size_t)(end - p));
	return 0;
}

static void copy_field(char *dst, size_t size, const char *p, const char *end)
{
	size_t n = (size_t)(end - p) < size - 1 ? (size_t)(end - p) : size - 1;
	memcpy(dst, p, n);
	dst[n] = 0;
}

/* One header line: "key value".  Returns 1 at "---", 0 for a line taken. */
static int parse_header(struct reader *r, struct trace *t, const char *p, const char *end)
{
	if (end - p == 3 && memcmp(p, "---", 3) == 0)
		return 1;
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	if (!sp)
		return fail(r, "header line wants: key value");
	size_t klen = (size_t)(sp - p);
	const char *v = sp + 1;
#define KEY(k) (klen == sizeof k - 1 && memcmp(p, k, klen) == 0)
	if (KEY("weft")) {
		copy_field(t->h.weft, sizeof t->h.weft, v, end);
	} else if (KEY("lesson")) {
		copy_field(t->h.lesson, sizeof t->h.lesson, v, end);
	} else if (KEY("params")) {
		copy_field(t->h.params, sizeof t->h.params, v, end);
	} else if (KEY("speed")) {
		char buf[40], *e;
		copy_field(buf, sizeof buf, v, end);
		t->h.speed = strtod(buf, &e);
		if (*e || !(t->h.speed > 0 && t->h.speed <= 1000))
			return fail(r, "speed must be a positive number");
	} else if (KEY("sched")) {
		const char *sp2 = memchr(v, ' ', (size_t)(end - v));
		if (!sp2 || number(&(const char *){sp2 + 1}, end, UINT64_MAX, &t->h.seed) < 0)
			return fail(r, "sched wants: kind seed");
		copy_field(t->h.sched, sizeof t->h.sched, v, sp2);
	} else {
		/* Unknown header keys are for later versions of the same format. */
	}
#undef KEY
	return 0;
}

static int parse_lines(struct reader *r, struct trace *t, const char *buf, size_t len)
{
	struct caps c = {0};
	bool header = true;
	const char *p = buf, *end = buf + len;
	for (r->line = 1; p < end; r->line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) { /* a run cut short: the last line never ended */
			t->cut_short = true;
			break;
		}
		const char *e = nl;
		if (r->line == 1) {
			int version;
			char magic[16], first[64];
			/* sscanf needs a terminated string; buf need not be one (it
			 * read past the end: fuzz_trace) */
			size_t n = (size_t)(e - p) < sizeof first - 1 ? (size_t)(e - p) : sizeof first - 1;
			memcpy(first, p, n);
			first[n] = 0;
			if (sscanf(first, "%15s %d", magic, &version) != 2 || strcmp(magic, MAGIC) != 0)
				return fail(r, "not a weft trace (it should start with \"%s\")", MAGIC);
			if (version != TRACE_FORMAT)
				return fail(r, "trace format %d; this weft reads format %d", version,
					    TRACE_FORMAT);
		} else if (header) {
			int h = parse_header(r, t, p, e);
			if (h < 0)
				return -1;
			header = h == 0;
		} else if (e - p < 2 || p[1] != ' ') {
			return fail(r, "a record is a letter, a space and its fields");
		} else {
			const char *f = p + 2;
			int ok = 0;
			switch (*p) {
			case 'e':
				ok = parse_event(r, t, &c, f, e);
				break;
			case 'a':
				ok = parse_name(r, &t->actor, &t->nactor, &c.actor, f, e);
				break;
			case 'o':
				ok = parse_name(r, &t->object, &t->nobject, &c.object, f, e);
				break;
			case 'g': {
				uint64_t a;
				if (number(&f, e, 0xffff, &a) < 0)
					return fail(r, "a grant names an actor id");
				if (grow((void **)&t->grant, &c.grant, t->ngrant, sizeof *t->grant) < 0)
					return fail(r, "out of memory");
				t->grant[t->ngrant++] = (uint16_t)a;
				break;
			}
			case 'r':
				copy_field(t->results, sizeof t->results, f, e);
				break;
			case 'x':
				copy_field(t->ending, sizeof t->ending, f, e);
				break;
			default:
				return fail(r, "unknown record '%c'", *p);
			}
			if (ok < 0)
				return -1;
		}
		p = nl + 1;
	}
	if (header)
		return fail(r, "the header never ends (no \"---\" line)");
	return 0;
}

int trace_parse(const char *buf, size_t len, const char *name, struct trace *t, char *err,
		size_t errsize)
{
	memset(t, 0, sizeof *t);
	struct reader r = {name, 0, err, errsize};
	if (parse_lines(&r, t, buf, len) < 0) {
		trace_free(t);
		return -1;
	}
	return 0;
}

int trace_load(const char *path, struct trace *t, char *err, size_t errsize)
{
	memset(t, 0, sizeof *t);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	do {
		if (len + 65536 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			char *b = realloc(buf, cap);
			if (!b) {
				free(buf);
				fclose(f);
				snprintf(err, errsize, "%s: out of memory", path);
				return -1;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	bool bad = ferror(f);
	fclose(f);
	int r = bad ? (snprintf(err, errsize, "%s: read error", path), -1)
		    : trace_parse(buf, len, path, t, err, errsize);
	free(buf);
	return r;
}

void trace_free(struct trace *t)
{
	for (size_t i = 0; i < t->nev; i++)
		free(t->text[i]);
	free(t->ev);
	free(t->text);
	free(t->actor);
	free(t->object);
	free(t->grant);
	memset(t, 0, sizeof *t);
}

static const char *table_name(const struct trace_name *v, size_t n, uint16_t id)
{
	for (size_t i = n; i-- > 0;)
		if (v[i].id == id)
			return v[i].name;
	return NULL;
}

const char *trace_text(const struct trace *t, size_t i)
{
	const struct wf_ev *ev = &t->ev[i];
	if (ev->type == EV_SPAWN)
		return table_name(t->actor, t->nactor, ev->actor);
	if (ev->type == EV_OBJ_NEW)
		return table_name(t->object, t->nobject, ev->obj);
	return t->text[i];
}
