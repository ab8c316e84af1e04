/*
 * trace.c - writing and reading trace files (see trace.h and
 * docs/trace-format.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btrace.h"
#include "fileline.h"
#include "namecopy.h"
#include "oneline.h"
#include "trace.h"

#define MAGIC "weft-trace"
/* Room kept for the records that end a trace once it is full. */
#define TRACE_END_ROOM (4 * TRACE_LINE_MAX)

struct trace_writer {
	FILE *f;
	char path[256];
	int error;          /* errno of the first failed write; 0 while none */
	uint64_t bytes;     /* written (or buffered) so far */
	size_t nev;         /* events written */
	bool full;          /* past TRACE_EVENTS_MAX or TRACE_FILE_MAX: no more events */
	uint64_t last_ts;   /* the last event's time: events go out in time order */
};

/* --- writing ------------------------------------------------------------- */

/* Appends s to the line at *at (cut to `max` bytes, at a character's start);
 * newlines would split the record and become spaces. */
static void put_text(char *line, size_t *at, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
	}
	for (size_t i = 0; i < n && *at < TRACE_LINE_MAX - 1; i++)
		line[(*at)++] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	line[*at] = 0;
}

/* Appends printf output to the line at *at. */
static void put_fmt(char *line, size_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put_fmt(char *line, size_t *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + *at, TRACE_LINE_MAX - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at = *at + (size_t)n < TRACE_LINE_MAX - 1 ? *at + (size_t)n : TRACE_LINE_MAX - 1;
}

/* Writes one whole line (it ends with '\n') and counts it. */
static void put_line(trace_writer *w, const char *line, size_t n)
{
	if (fwrite(line, 1, n, w->f) != n && !w->error)
		w->error = errno ? errno : EIO;
	w->bytes += n;
}

int trace_check_target(const char *path, bool *existed, char *err, size_t errsize)
{
	struct stat st;
	bool there = stat(path, &st) == 0;
	*existed = there && S_ISREG(st.st_mode) && st.st_size > 0;
	if (there && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISDIR(st.st_mode))) {
		snprintf(err, errsize, "%s: a %s, not a file to record into", path,
			 S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "FIFO" : "socket");
		return -1;
	}
	/* Created (or opened) and left empty, exactly as the run will. */
	int fd = open(path, O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

trace_writer *trace_create(const char *path, const struct trace_header *h, char *err,
			   size_t errsize)
{
	trace_writer *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errsize, "%s: out of memory", path);
		return NULL;
	}
	snprintf(w->path, sizeof w->path, "%s", path);
	/* Never blocks (a FIFO is refused); a device such as /dev/full is a
	 * file like any other, whose writes may fail. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0666);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
		close(fd);
		fd = -1;
		errno = EINVAL;
		snprintf(err, errsize, "%s: a FIFO or socket, not a file to record into", path);
		free(w);
		return NULL;
	}
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	w->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!w->f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(w);
		return NULL;
	}
	setvbuf(w->f, NULL, _IOFBF, 1 << 16);
	char line[TRACE_LINE_MAX];
	size_t at = 0;
	put_fmt(line, &at, "%s %d\nweft ", MAGIC, TRACE_FORMAT);
	put_text(line, &at, h->weft, sizeof h->weft - 1);
	put_fmt(line, &at, "\nlesson ");
	put_text(line, &at, h->lesson, sizeof h->lesson - 1);
	put_fmt(line, &at, "\nparams ");
	put_text(line, &at, h->params, sizeof h->params - 1);
	put_fmt(line, &at, "\nspeed %.17g\nsched ", h->speed);
	put_text(line, &at, h->sched, sizeof h->sched - 1);
	put_fmt(line, &at, " %llu\n---\n", (unsigned long long)h->seed);
	put_line(w, line, at);
	return w;
}

/* Stops taking events once the trace is as large as a reader takes. */
static bool room_for_event(trace_writer *w)
{
	if (!w->full && (w->nev >= TRACE_EVENTS_MAX || w->bytes + TRACE_END_ROOM > TRACE_FILE_MAX))
		w->full = true;
	return !w->full;
}

void trace_event(trace_writer *w, const struct wf_ev *ev, const char *text)
{
	if (!w || !room_for_event(w))
		return;
	char line[TRACE_LINE_MAX];
	size_t at = 0;
	/* Names go into the tables; the events refer to them by id. */
	if (ev->type == EV_SPAWN || ev->type == EV_OBJ_NEW) {
		bool actor = ev->type == EV_SPAWN;
		put_fmt(line, &at, "%c %u %llu %llu ", actor ? 'a' : 'o', actor ? ev->actor : ev->obj,
			(unsigned long long)ev->a,
			(unsigned long long)(actor ? ev->b >> 32 : ev->b));
		put_text(line, &at, text && *text ? text : "?", TRACE_TEXT_MAX);
		put_fmt(line, &at, "\n");
		put_line(w, line, at);
		at = 0;
	}
	/* Lesson time is an int64_t to its readers; events go out in the order
	 * they were folded, which is time order (the collector's stamps never
	 * go back, collector.c). */
	uint64_t ts = ev->ts > INT64_MAX ? INT64_MAX : ev->ts;
	if (ts < w->last_ts)
		ts = w->last_ts;
	w->last_ts = ts;
	put_fmt(line, &at, "e %llu %u %u %u %u %llu %llu", (unsigned long long)ts, ev->actor,
		ev->type, ev->obj, ev->line, (unsigned long long)ev->a, (unsigned long long)ev->b);
	if (text && ev->type != EV_SPAWN && ev->type != EV_OBJ_NEW) {
		put_fmt(line, &at, " ");
		put_text(line, &at, text, TRACE_TEXT_MAX);
	}
	put_fmt(line, &at, "\n");
	put_line(w, line, at);
	w->nev++;
	/* In a free run nobody grants: the schedule is the order in which
	 * actors passed their step points. */
	if (ev->type == EV_STEP && !STEP_PARKED(ev->b))
		trace_grant(w, ev->actor);
}

void trace_grant(trace_writer *w, uint16_t actor)
{
	if (!w || w->full)
		return;
	char line[16];
	int n = snprintf(line, sizeof line, "g %u\n", actor);
	put_line(w, line, (size_t)n);
}

void trace_end(trace_writer *w, const char *results, const char *ending)
{
	if (!w)
		return;
	char line[TRACE_LINE_MAX];
	size_t at = 0;
	put_fmt(line, &at, "r ");
	put_text(line, &at, results, TRACE_RESULTS_MAX);
	put_fmt(line, &at, "\n");
	put_line(w, line, at);
	char end[TRACE_ENDING_MAX + 1];
	snprintf(end, sizeof end, "%s%s", ending ? ending : "", w->full ? " (trace full)" : "");
	if (w->full && strlen(ending ? ending : "") + 13 > TRACE_ENDING_MAX)
		snprintf(end, sizeof end, "trace full");
	at = 0;
	put_fmt(line, &at, "x ");
	put_text(line, &at, end, TRACE_ENDING_MAX);
	put_fmt(line, &at, "\n");
	put_line(w, line, at);
}

void trace_flush(trace_writer *w)
{
	if (w && fflush(w->f) != 0 && !w->error)
		w->error = errno ? errno : EIO;
}

bool trace_write_failed(const trace_writer *w, char *err, size_t errsize)
{
	if (!w || !w->error)
		return false;
	snprintf(err, errsize, "%s: cannot write the trace: %s", w->path, strerror(w->error));
	return true;
}

int trace_close(trace_writer *w)
{
	if (!w)
		return 0;
	trace_flush(w);
	bool failed = w->error || ferror(w->f);
	failed |= fclose(w->f) != 0;
	free(w);
	return failed ? -1 : 0;
}

/* --- reading ------------------------------------------------------------- */

struct caps {
	size_t ev, text, actor, object, grant;
};

struct reader {
	const char *name;
	size_t line;
	char *err;
	size_t errsize;
	struct trace *t;
	struct caps c;
	bool header;      /* still in the header (no "---" yet) */
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
		unsigned d = (unsigned)(*s - '0');
		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return -1;
		v = v * 10 + d;
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

static int parse_event(struct reader *r, const char *p, const char *end)
{
	struct trace *t = r->t;
	struct caps *c = &r->c;
	uint64_t v[7];
	static const uint64_t max[7] = {INT64_MAX, 0xffff, EV_TYPE_COUNT - 1, 0xffff, 0xffff,
					UINT64_MAX, UINT64_MAX};
	for (int i = 0; i < 7; i++)
		if (number(&p, end, max[i], &v[i]) < 0)
			return fail(r, "event field %d is not a number in range", i + 1);
	if (t->nev && v[0] < t->ev[t->nev - 1].ts)
		return fail(r, "event at %llu ns comes after one at %llu ns: events must be in time order",
			    (unsigned long long)v[0], (unsigned long long)t->ev[t->nev - 1].ts);
	if (t->nev >= TRACE_EVENTS_MAX)
		return fail(r, "more than %u events, the most a trace may hold", TRACE_EVENTS_MAX);
	if (grow((void **)&t->ev, &c->ev, t->nev, sizeof *t->ev) < 0 ||
	    grow((void **)&t->text, &c->text, t->nev, sizeof *t->text) < 0)
		return fail(r, "out of memory");
	t->ev[t->nev] = (struct wf_ev){v[0], (uint16_t)v[1], (uint16_t)v[2], (uint16_t)v[3],
				       (uint16_t)v[4], v[5], v[6]};
	t->text[t->nev] = NULL;
	/* a space after the last number: a text follows, maybe an empty one */
	if (p[-1] == ' ' && !(t->text[t->nev] = copy_rest(p, end)))
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
static int parse_header(struct reader *r, const char *p, const char *end)
{
	struct trace *t = r->t;
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

/* The first line: the magic and the format. */
static int parse_magic(struct reader *r, const char *p, const char *e)
{
	int version;
	char magic[16], first[64];
	/* sscanf needs a terminated string; the line is not one */
	size_t n = (size_t)(e - p) < sizeof first - 1 ? (size_t)(e - p) : sizeof first - 1;
	memcpy(first, p, n);
	first[n] = 0;
	if (sscanf(first, "%15s %d", magic, &version) != 2 || strcmp(magic, MAGIC) != 0)
		return fail(r, "not a weft trace (it should start with \"%s\")", MAGIC);
	if (version != TRACE_FORMAT)
		return fail(r, "trace format %d; this weft reads format %d", version, TRACE_FORMAT);
	return 0;
}

/* One whole line [p, e) (its newline not included), line r->line. */
static int parse_line(struct reader *r, const char *p, const char *e)
{
	struct trace *t = r->t;
	if (e - p > TRACE_LINE_MAX)
		return fail(r, "a line of more than %d bytes", TRACE_LINE_MAX);
	if (r->line == 1)
		return parse_magic(r, p, e);
	if (r->header) {
		int h = parse_header(r, p, e);
		if (h < 0)
			return -1;
		r->header = h == 0;
		return 0;
	}
	if (e - p < 2 || p[1] != ' ')
		return fail(r, "a record is a letter, a space and its fields");
	const char *f = p + 2;
	switch (*p) {
	case 'e':
		return parse_event(r, f, e);
	case 'a':
		return parse_name(r, &t->actor, &t->nactor, &r->c.actor, f, e);
	case 'o':
		return parse_name(r, &t->object, &t->nobject, &r->c.object, f, e);
	case 'g': {
		uint64_t a;
		if (number(&f, e, 0xffff, &a) < 0)
			return fail(r, "a grant names an actor id");
		if (grow((void **)&t->grant, &r->c.grant, t->ngrant, sizeof *t->grant) < 0)
			return fail(r, "out of memory");
		t->grant[t->ngrant++] = (uint16_t)a;
		return 0;
	}
	case 'r':
		copy_field(t->results, sizeof t->results, f, e);
		return 0;
	case 'x':
		copy_field(t->ending, sizeof t->ending, f, e);
		return 0;
	default:
		return fail(r, "unknown record '%c'", *p);
	}
}

/* Feeds the whole lines of [buf, buf + len) to the parser; returns how many
 * bytes were taken (what is left is a line not ended yet), or -1. */
static ssize_t parse_lines(struct reader *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	const char *nl;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->line++;
		if (parse_line(r, p, nl) < 0)
			return -1;
		p = nl + 1;
	}
	if (end - p > TRACE_LINE_MAX) {
		r->line++;
		return fail(r, "a line of more than %d bytes", TRACE_LINE_MAX);
	}
	return p - buf;
}

/* After the last line: a trace has a whole header; a line left unended is
 * a run cut short. */
static int parse_end(struct reader *r, size_t left)
{
	r->t->cut_short = left > 0;
	if (r->header) {
		r->line++;
		return fail(r, "the header never ends (no \"---\" line)");
	}
	return 0;
}

int trace_parse(const char *buf, size_t len, const char *name, struct trace *t, char *err,
		size_t errsize)
{
	memset(t, 0, sizeof *t);
	if (btrace_is(buf, len)) { /* binary (btrace.h): parsed from a copy it keeps */
		uint8_t *copy = malloc(len ? len : 1);
		if (!copy) {
			snprintf(err, errsize, "%s: out of memory", name);
			return -1;
		}
		memcpy(copy, buf, len);
		return btrace_parse(copy, len, name, t, err, errsize);
	}
	struct reader r = {name, 0, err, errsize, t, {0}, true};
	ssize_t took = parse_lines(&r, buf, len);
	if (took < 0 || parse_end(&r, len - (size_t)took) < 0) {
		trace_free(t);
		return -1;
	}
	return 0;
}

/* The chunk trace_load reads at a time, besides a line carried over. */
#define READ_CHUNK (1 << 16)

int trace_load(const char *path, struct trace *t, char *err, size_t errsize)
{
	memset(t, 0, sizeof *t);
	int fd = fileline_open(path, BTRACE_FILE_MAX, "a trace", err, errsize);
	if (fd < 0)
		return -1;
	char magic[BTRACE_MAGIC_LEN];
	if (pread(fd, magic, sizeof magic, 0) == (ssize_t)sizeof magic && btrace_is(magic, sizeof magic))
		return btrace_load_fd(fd, path, t, err, errsize); /* binary: what --record writes */
	struct stat st;
	if (fstat(fd, &st) == 0 && (unsigned long long)st.st_size > TRACE_FILE_MAX) {
		snprintf(err, errsize, "%s: %llu bytes, larger than the %u MiB a trace may be", path,
			 (unsigned long long)st.st_size, TRACE_FILE_MAX >> 20);
		oneline(err);
		close(fd);
		return -1;
	}
	size_t cap = READ_CHUNK + TRACE_LINE_MAX + 1, have = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		snprintf(err, errsize, "%s: out of memory", path);
		return -1;
	}
	struct reader r = {path, 0, err, errsize, t, {0}, true};
	uint64_t total = 0;
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsize, "%s: %s", path, strerror(errno));
			rc = -1;
			break;
		}
		total += (uint64_t)n;
		if (total > TRACE_FILE_MAX) { /* it grew while read */
			snprintf(err, errsize, "%s: larger than %u MiB, the most a trace may be", path,
				 TRACE_FILE_MAX >> 20);
			rc = -1;
			break;
		}
		have += (size_t)n;
		ssize_t took = parse_lines(&r, buf, have);
		if (took < 0) {
			rc = -1;
			break;
		}
		memmove(buf, buf + took, have - (size_t)took);
		have -= (size_t)took;
		if (n == 0) {
			rc = parse_end(&r, have);
			break;
		}
	}
	free(buf);
	close(fd);
	if (rc < 0)
		trace_free(t);
	return rc;
}

bool trace_other_version(const struct trace *t, char *note, size_t size)
{
	if (strcmp(t->h.weft, WEFT_VERSION) == 0)
		return false;
	snprintf(note, size, "recorded by weft %s; this is weft %s", t->h.weft[0] ? t->h.weft : "(unnamed)",
		 WEFT_VERSION);
	oneline(note);
	return true;
}

void trace_free(struct trace *t)
{
	for (size_t i = 0; t->text && i < t->nev; i++) /* a packed one has none */
		free(t->text[i]);
	free(t->ev);
	free(t->text);
	free(t->actor);
	free(t->object);
	free(t->grant);
	free(t->packed);
	free(t->btext);
	free(t->mark);
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
