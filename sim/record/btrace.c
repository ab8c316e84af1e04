/*
 * btrace.c - the binary trace: writer, reader, decoder (see btrace.h and
 * docs/trace-format.md).
 *
 * Records after the magic (strings are a varint length, the bytes and a
 * NUL; varints are LEB128):
 *   'H' weft lesson params speed(8 bytes, IEEE double) sched seed   first
 *   'a' id parent pid name        'o' id kind capacity name
 *   'T' text                      (the next text number, from 0)
 *   'g' actor   'G' actor count   'r' results        'x' ending
 *   0x80 | type, flags, ts step, [actor] [obj] [line] [a] [b] [text]
 * An event's flags say which fields follow: actor when it is not the
 * previous event's, obj when not WF_NONE, line, a, b when not 0, a text
 * by number or inline.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btrace.h"
#include "fileline.h"
#include "namecopy.h"

#define EV_TAG 0x80u
#define F_ACTOR 1u  /* the actor differs from the previous event's */
#define F_OBJ 2u
#define F_LINE 4u
#define F_A 8u
#define F_B 16u
#define F_TEXT 32u   /* a text by number */
#define F_INLINE 64u /* a text inline */
#define BUF_SIZE (256u << 10)
#define RECORD_MAX 4096 /* more than the longest records written between two looks at room() */
#define NAME_LEN 31 /* struct trace_name's name, without its NUL */
#define INTERN_MAX 4096                     /* texts named by number; later ones go inline */
#define INTERN_SLOTS 8192

struct intern {
	uint64_t hash;
	char *s; /* NULL: a free slot */
	uint32_t id;
};

#define SEEN 256 /* texts known by address: a label handed again costs a compare */

struct btrace_writer {
	struct { const char *p; uint32_t id; } seen[SEEN];
	int fd;
	char *path;
	uint8_t *buf;
	size_t len;
	bool failed, full;
	int error;
	uint64_t nev, bytes, prev_ts;
	uint16_t prev_actor;
	struct intern *tab;
	const char *tab_text[INTERN_MAX]; /* text of each number */
	uint32_t ntexts;
};

/* --- writing ------------------------------------------------------------- */

static void put_byte(btrace_writer *w, unsigned b)
{
	w->buf[w->len++] = (uint8_t)b;
}

static void put_varint(btrace_writer *w, uint64_t v)
{
	while (v >= 0x80) {
		w->buf[w->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	w->buf[w->len++] = (uint8_t)v;
}

/* A string of at most max bytes, cut on a UTF-8 character boundary. */
static void put_str(btrace_writer *w, const char *s, size_t max)
{
	size_t n = strlen(s ? s : "");
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	put_varint(w, n);
	memcpy(w->buf + w->len, s ? s : "", n);
	w->len += n;
	w->buf[w->len++] = 0;
}

static void write_out(btrace_writer *w)
{
	size_t done = 0;
	while (done < w->len && !w->failed) {
		ssize_t n = write(w->fd, w->buf + done, w->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->failed = true;
			w->error = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	w->bytes += w->len;
	w->len = 0;
}

/* Room for one more record in the buffer. */
static void room(btrace_writer *w)
{
	if (w->len + RECORD_MAX > BUF_SIZE)
		write_out(w);
}

btrace_writer *btrace_create(const char *path, const struct trace_header *h, char *err,
			     size_t errsize)
{
	btrace_writer *w = calloc(1, sizeof *w);
	if (w) {
		w->buf = malloc(BUF_SIZE);
		w->path = strdup(path);
		w->tab = calloc(INTERN_SLOTS, sizeof *w->tab);
	}
	if (!w || !w->buf || !w->path || !w->tab) {
		snprintf(err, errsize, "%s: out of memory", path);
		btrace_close(w);
		return NULL;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644);
	if (w->fd < 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		w->fd = -1;
		btrace_close(w);
		return NULL;
	}
	fcntl(w->fd, F_SETFL, fcntl(w->fd, F_GETFL) & ~O_NONBLOCK);
	memcpy(w->buf, BTRACE_MAGIC, BTRACE_MAGIC_LEN);
	w->len = BTRACE_MAGIC_LEN;
	put_byte(w, 'H');
	put_str(w, h->weft, sizeof h->weft - 1);
	put_str(w, h->lesson, sizeof h->lesson - 1);
	put_str(w, h->params, sizeof h->params - 1);
	memcpy(w->buf + w->len, &h->speed, 8);
	w->len += 8;
	put_str(w, h->sched, sizeof h->sched - 1);
	put_varint(w, h->seed);
	return w;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The number of text s, written now if it is new; -1 when the table is
 * full (the text then goes inline). */
static int64_t intern(btrace_writer *w, const char *s)
{
	size_t at = ((uintptr_t)s >> 4) % SEEN;
	if (w->seen[at].p == s && strcmp(w->tab_text[w->seen[at].id], s) == 0)
		return w->seen[at].id; /* the same label as before, at the same address */
	uint64_t h = hash_str(s);
	for (size_t k = h % INTERN_SLOTS;; k = (k + 1) % INTERN_SLOTS) {
		struct intern *e = &w->tab[k];
		if (!e->s) {
			if (w->ntexts >= INTERN_MAX || !(e->s = strdup(s)))
				return -1;
			e->hash = h;
			e->id = w->ntexts++;
			w->tab_text[e->id] = e->s;
			w->seen[at].p = s;
			w->seen[at].id = e->id;
			put_byte(w, 'T');
			put_str(w, s, TRACE_TEXT_MAX);
			room(w);
			return e->id;
		}
		if (e->hash == h && strcmp(e->s, s) == 0) {
			w->seen[at].p = s;
			w->seen[at].id = e->id;
			return e->id;
		}
	}
}

void btrace_event(btrace_writer *w, const struct wf_ev *ev, const char *text)
{
	if (!w || w->full)
		return;
	if (w->nev >= BTRACE_EVENTS_MAX || w->bytes + w->len + 4 * RECORD_MAX > BTRACE_FILE_MAX) {
		w->full = true;
		return;
	}
	room(w);
	if (ev->type == EV_SPAWN || ev->type == EV_OBJ_NEW) {
		bool actor = ev->type == EV_SPAWN;
		put_byte(w, actor ? 'a' : 'o');
		put_varint(w, actor ? ev->actor : ev->obj);
		put_varint(w, ev->a);
		put_varint(w, actor ? ev->b >> 32 : ev->b);
		put_str(w, text && *text ? text : "?", NAME_LEN);
		text = NULL;
		room(w);
	}
	int64_t id = -1;
	bool inline_text = false;
	if (text) {
		if (ev->type != EV_PRINT)
			id = intern(w, text);
		inline_text = id < 0;
	}
	uint64_t ts = ev->ts > (uint64_t)INT64_MAX ? (uint64_t)INT64_MAX : ev->ts;
	if (ts < w->prev_ts) /* fold order is time order: never back */
		ts = w->prev_ts;
	unsigned flags = (ev->actor != w->prev_actor ? F_ACTOR : 0) | (ev->obj != WF_NONE ? F_OBJ : 0) |
			 (ev->line ? F_LINE : 0) | (ev->a ? F_A : 0) | (ev->b ? F_B : 0) |
			 (id >= 0 ? F_TEXT : 0) | (inline_text ? F_INLINE : 0);
	put_byte(w, EV_TAG | (ev->type & 0x7f));
	put_byte(w, flags);
	put_varint(w, ts - w->prev_ts);
	if (flags & F_ACTOR)
		put_varint(w, ev->actor);
	if (flags & F_OBJ)
		put_varint(w, ev->obj);
	if (flags & F_LINE)
		put_varint(w, ev->line);
	if (flags & F_A)
		put_varint(w, ev->a);
	if (flags & F_B)
		put_varint(w, ev->b);
	if (flags & F_TEXT)
		put_varint(w, (uint64_t)id);
	if (flags & F_INLINE)
		put_str(w, text, TRACE_TEXT_MAX);
	w->prev_ts = ts;
	w->prev_actor = ev->actor;
	w->nev++;
	if (ev->type == EV_STEP && !STEP_PARKED(ev->b))
		btrace_grant(w, ev->actor); /* a free run: the order steps were passed */
	if (ev->type == EV_COALESCED && ev->b == EV_STEP && ev->a) { /* as many, at once */
		room(w);
		put_byte(w, 'G');
		put_varint(w, ev->actor);
		put_varint(w, ev->a);
	}
}

void btrace_grant(btrace_writer *w, uint16_t actor)
{
	if (!w)
		return;
	room(w);
	put_byte(w, 'g');
	put_varint(w, actor);
}

void btrace_end(btrace_writer *w, const char *results, const char *ending)
{
	if (!w)
		return;
	char end[TRACE_ENDING_MAX + 1];
	snprintf(end, sizeof end, "%s%s", ending ? ending : "", w->full ? " (trace full)" : "");
	room(w);
	put_byte(w, 'r');
	put_str(w, results, TRACE_RESULTS_MAX);
	put_byte(w, 'x');
	put_str(w, end, TRACE_ENDING_MAX);
}

void btrace_flush(btrace_writer *w)
{
	if (w && w->len)
		write_out(w);
}

bool btrace_write_failed(const btrace_writer *w, char *err, size_t errsize)
{
	if (!w || !w->failed)
		return false;
	snprintf(err, errsize, "%s: cannot write the trace: %s", w->path, strerror(w->error));
	return true;
}

int btrace_close(btrace_writer *w)
{
	if (!w)
		return 0;
	if (w->fd >= 0) {
		btrace_flush(w);
		if (close(w->fd) != 0 && !w->failed) {
			w->failed = true;
			w->error = errno;
		}
	}
	bool failed = w->failed;
	for (size_t k = 0; w->tab && k < INTERN_SLOTS; k++)
		free(w->tab[k].s);
	free(w->tab);
	free(w->buf);
	free(w->path);
	free(w);
	return failed ? -1 : 0;
}

/* --- reading ------------------------------------------------------------- */

bool btrace_is(const void *buf, size_t len)
{
	return len >= BTRACE_MAGIC_LEN && memcmp(buf, BTRACE_MAGIC, BTRACE_MAGIC_LEN) == 0;
}

struct rd {
	const uint8_t *b;
	size_t len, p;    /* reading at p */
	bool short_;      /* ran past the end */
	const char *name;
	char *err;
	size_t errsize;
	size_t at;        /* where the record being read began */
};

static int bad(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fileline_verror(r->err, r->errsize, r->name, r->at, fmt, ap);
	va_end(ap);
	return -1;
}

/* A varint at r->p; false (r->short_ at the end, else malformed). */
static bool get_varint(struct rd *r, uint64_t *out)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 70; shift += 7) {
		if (r->p >= r->len) {
			r->short_ = true;
			return false;
		}
		uint8_t c = r->b[r->p++];
		if (shift == 63 && c > 1)
			return false; /* past 64 bits */
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* A string of at most max bytes at r->p: where it begins, or NULL. */
static const char *get_str(struct rd *r, size_t max, size_t *n)
{
	uint64_t len;
	if (!get_varint(r, &len))
		return NULL;
	if (len > max)
		return NULL;
	if (r->len - r->p < len + 1) {
		r->short_ = true;
		return NULL;
	}
	const char *s = (const char *)r->b + r->p;
	if (memchr(s, 0, len) || s[len] != 0)
		return NULL;
	r->p += len + 1;
	*n = (size_t)len;
	return s;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	void *p = realloc(*v, c * size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

struct caps {
	size_t actor, object, grant, text, mark;
};

/* A table entry: 0, -1 (malformed or cut short: r->short_ says which). */
static int get_name(struct rd *r, struct trace_name **v, size_t *n, size_t *cap)
{
	uint64_t id, a, b;
	size_t len;
	const char *name;
	if (!get_varint(r, &id) || !get_varint(r, &a) || !get_varint(r, &b) ||
	    !(name = get_str(r, NAME_LEN, &len)))
		return r->short_ ? -1 : bad(r, "a table entry wants: id parent-or-kind pid-or-capacity name");
	if (id > 0xffff)
		return bad(r, "table id %llu is out of range", (unsigned long long)id);
	if (grow((void **)v, cap, *n, sizeof **v) < 0)
		return bad(r, "out of memory");
	struct trace_name *e = &(*v)[(*n)++];
	*e = (struct trace_name){(uint16_t)id, a, b, ""};
	name_copy_n(e->name, sizeof e->name, name, len);
	return 0;
}

static int get_header(struct rd *r, struct trace *t)
{
	const char *s[5];
	size_t n[5];
	static const size_t max[5] = {sizeof t->h.weft - 1, sizeof t->h.lesson - 1,
				      sizeof t->h.params - 1, 0, sizeof t->h.sched - 1};
	for (int k = 0; k < 5; k++) {
		if (k == 3) {
			if (r->len - r->p < 8) {
				r->short_ = true;
				return -1;
			}
			memcpy(&t->h.speed, r->b + r->p, 8);
			r->p += 8;
			continue;
		}
		if (!(s[k] = get_str(r, max[k], &n[k])))
			return r->short_ ? -1 : bad(r, "a malformed header");
	}
	if (!get_varint(r, &t->h.seed))
		return r->short_ ? -1 : bad(r, "a malformed header");
	if (!(t->h.speed > 0 && t->h.speed <= 1000))
		return bad(r, "speed must be a positive number");
	memcpy(t->h.weft, s[0], n[0]);
	memcpy(t->h.lesson, s[1], n[1]);
	memcpy(t->h.params, s[2], n[2]);
	memcpy(t->h.sched, s[4], n[4]);
	return 0;
}

/* One event record at r->p (its tag read): checked, its ts and actor
 * returned; 0, or -1. */
static int get_event(struct rd *r, unsigned type, uint64_t *ts, uint16_t *actor, size_t ntexts)
{
	uint64_t flags, step, v;
	if (type >= EV_TYPE_COUNT)
		return bad(r, "event type %u is not one this weft knows", type);
	if (r->p >= r->len) {
		r->short_ = true;
		return -1;
	}
	flags = r->b[r->p++];
	if (flags & ~(uint64_t)(F_ACTOR | F_OBJ | F_LINE | F_A | F_B | F_TEXT | F_INLINE) ||
	    (flags & F_TEXT && flags & F_INLINE))
		return bad(r, "an event with unknown flags");
	if (!get_varint(r, &step))
		return r->short_ ? -1 : bad(r, "a malformed event");
	if (step > (uint64_t)INT64_MAX - *ts)
		return bad(r, "an event past the end of lesson time");
	*ts += step;
	static const unsigned field[] = {F_ACTOR, F_OBJ, F_LINE, F_A, F_B, F_TEXT};
	for (int k = 0; k < 6; k++) {
		if (!(flags & field[k]))
			continue;
		if (!get_varint(r, &v))
			return r->short_ ? -1 : bad(r, "a malformed event");
		if (k <= 2 && v > 0xffff)
			return bad(r, "an event's actor, object or line is out of range");
		if (k == 0)
			*actor = (uint16_t)v;
		if (k == 5 && v >= ntexts)
			return bad(r, "an event names text %llu, not yet written", (unsigned long long)v);
	}
	size_t n;
	if (flags & F_INLINE && !get_str(r, TRACE_TEXT_MAX, &n))
		return r->short_ ? -1 : bad(r, "a malformed text");
	return 0;
}

/* Walks every record, checking it and keeping the events (and the texts
 * they name) packed at the front of r->b; returns the packed length, or
 * -1.  Offsets of texts go to t->btext as integers until the buffer is
 * final. */
static ssize_t walk(struct rd *r, struct trace *t, struct caps *c)
{
	uint8_t *b = (uint8_t *)r->b;
	size_t w = 0;
	uint64_t ts = 0;
	uint16_t actor = 0;
	r->p = BTRACE_MAGIC_LEN;
	bool header = false;
	while (r->p < r->len) {
		r->at = r->p;
		unsigned tag = r->b[r->p++];
		int ok = 0;
		if (!header && tag != 'H')
			return bad(r, "the header must come first");
		if (tag & EV_TAG) {
			if (t->nev >= BTRACE_EVENTS_MAX)
				return bad(r, "more than %u events, the most a trace may hold",
					   BTRACE_EVENTS_MAX);
			uint64_t ts0 = ts;
			uint16_t actor0 = actor;
			ok = get_event(r, tag & 0x7f, &ts, &actor, t->nbtext);
			if (ok == 0) {
				if (t->nev % BTRACE_MARK_EVERY == 0) {
					if (grow((void **)&t->mark, &c->mark, t->nmark, sizeof *t->mark) < 0)
						return bad(r, "out of memory");
					t->mark[t->nmark++] = (struct trace_mark){w, ts0, actor0};
				}
				memmove(b + w, b + r->at, r->p - r->at);
				w += r->p - r->at;
				t->nev++;
			}
		} else {
			size_t n;
			uint64_t a;
			const char *s;
			switch (tag) {
			case 'H':
				if (header)
					return bad(r, "a second header");
				ok = get_header(r, t);
				header = ok == 0;
				break;
			case 'a':
				ok = get_name(r, &t->actor, &t->nactor, &c->actor);
				break;
			case 'o':
				ok = get_name(r, &t->object, &t->nobject, &c->object);
				break;
			case 'T':
				if (!(s = get_str(r, TRACE_TEXT_MAX, &n))) {
					ok = r->short_ ? -1 : bad(r, "a malformed text");
					break;
				}
				if (grow((void **)&t->btext, &c->text, t->nbtext, sizeof *t->btext) < 0)
					return bad(r, "out of memory");
				memmove(b + w, b + r->at, r->p - r->at);
				/* the text begins after the tag and its length */
				t->btext[t->nbtext++] = (const char *)(uintptr_t)(w + (size_t)(s - (const char *)b - r->at));
				w += r->p - r->at;
				break;
			case 'g':
				if (!get_varint(r, &a)) {
					ok = r->short_ ? -1 : bad(r, "a grant names an actor id");
					break;
				}
				if (a > 0xffff || t->ngrant >= BTRACE_EVENTS_MAX)
					return bad(r, "a grant names an actor id");
				if (grow((void **)&t->grant, &c->grant, t->ngrant, sizeof *t->grant) < 0)
					return bad(r, "out of memory");
				t->grant[t->ngrant++] = (uint16_t)a;
				break;
			case 'G': { /* actor, count: that many grants in a row */
				uint64_t times;
				if (!get_varint(r, &a) || !get_varint(r, &times)) {
					ok = r->short_ ? -1 : bad(r, "a run of grants wants: actor count");
					break;
				}
				if (a > 0xffff || times > BTRACE_EVENTS_MAX - t->ngrant)
					return bad(r, "a run of grants out of range");
				while (times--) {
					if (grow((void **)&t->grant, &c->grant, t->ngrant, sizeof *t->grant) < 0)
						return bad(r, "out of memory");
					t->grant[t->ngrant++] = (uint16_t)a;
				}
				break;
			}
			case 'r':
			case 'x':
				if (!(s = get_str(r, tag == 'r' ? TRACE_RESULTS_MAX : TRACE_ENDING_MAX, &n))) {
					ok = r->short_ ? -1 : bad(r, "malformed results or ending");
					break;
				}
				memcpy(tag == 'r' ? t->results : t->ending, s, n);
				(tag == 'r' ? t->results : t->ending)[n] = 0;
				break;
			default:
				return bad(r, "unknown record 0x%02x", tag);
			}
		}
		if (ok < 0) {
			if (!r->short_)
				return -1;
			t->cut_short = true; /* the file ends inside this record */
			break;
		}
	}
	if (!header)
		return bad(r, "the header never came");
	return (ssize_t)w;
}

int btrace_parse(uint8_t *buf, size_t len, const char *name, struct trace *t, char *err,
		 size_t errsize)
{
	memset(t, 0, sizeof *t);
	struct rd r = {buf, len, 0, false, name, err, errsize, 0};
	struct caps c = {0};
	if (!btrace_is(buf, len)) {
		free(buf);
		return bad(&r, "not a binary weft trace");
	}
	ssize_t w = walk(&r, t, &c);
	if (w < 0) {
		free(buf);
		trace_free(t);
		return -1;
	}
	uint8_t *packed = realloc(buf, (size_t)w ? (size_t)w : 1);
	t->packed = packed ? packed : buf;
	t->packed_len = (size_t)w;
	for (size_t i = 0; i < t->nbtext; i++)
		t->btext[i] = (const char *)t->packed + (uintptr_t)t->btext[i];
	return 0;
}

int btrace_load_fd(int fd, const char *path, struct trace *t, char *err, size_t errsize)
{
	memset(t, 0, sizeof *t);
	struct stat st;
	if (fstat(fd, &st) < 0 || (unsigned long long)st.st_size > BTRACE_FILE_MAX) {
		snprintf(err, errsize, "%s: larger than the %llu MiB a trace may be", path,
			 BTRACE_FILE_MAX >> 20);
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	uint8_t *buf = malloc(cap);
	if (!buf) {
		snprintf(err, errsize, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsize, "%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap) { /* it grew while read */
			snprintf(err, errsize, "%s: changed while it was read", path);
			free(buf);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return btrace_parse(buf, len, path, t, err, errsize);
}

/* --- decoding (of what walk checked) -------------------------------------- */

static uint64_t dec_varint(const uint8_t *b, size_t *p)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t c = b[(*p)++];
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
}

struct btrace_cursor btrace_at(const struct trace *t, size_t i)
{
	struct btrace_cursor c = {0, 0, 0, 0};
	if (!t->nmark)
		return c;
	size_t k = i / BTRACE_MARK_EVERY;
	if (k >= t->nmark)
		k = t->nmark - 1;
	c = (struct btrace_cursor){t->mark[k].off, k * BTRACE_MARK_EVERY, t->mark[k].ts, t->mark[k].actor};
	struct wf_ev ev;
	const char *text;
	while (c.i < i && btrace_next(t, &c, &ev, &text)) {
	}
	return c;
}

static const char *table_name(const struct trace_name *v, size_t n, uint16_t id)
{
	for (size_t i = n; i-- > 0;)
		if (v[i].id == id)
			return v[i].name;
	return NULL;
}

bool btrace_next(const struct trace *t, struct btrace_cursor *c, struct wf_ev *ev,
		 const char **text)
{
	const uint8_t *b = t->packed;
	size_t p = c->off;
	while (p < t->packed_len && b[p] == 'T') { /* a text: its number is already known */
		p++;
		uint64_t n = dec_varint(b, &p);
		p += n + 1;
	}
	if (p >= t->packed_len || c->i >= t->nev)
		return false;
	unsigned type = b[p++] & 0x7f, flags = b[p++];
	c->ts += dec_varint(b, &p);
	*ev = (struct wf_ev){c->ts, c->actor, (uint16_t)type, WF_NONE, 0, 0, 0};
	if (flags & F_ACTOR)
		ev->actor = c->actor = (uint16_t)dec_varint(b, &p);
	if (flags & F_OBJ)
		ev->obj = (uint16_t)dec_varint(b, &p);
	if (flags & F_LINE)
		ev->line = (uint16_t)dec_varint(b, &p);
	if (flags & F_A)
		ev->a = dec_varint(b, &p);
	if (flags & F_B)
		ev->b = dec_varint(b, &p);
	*text = NULL;
	if (flags & F_TEXT)
		*text = t->btext[dec_varint(b, &p)];
	if (flags & F_INLINE) {
		uint64_t n = dec_varint(b, &p);
		*text = (const char *)b + p;
		p += n + 1;
	}
	if (type == EV_SPAWN)
		*text = table_name(t->actor, t->nactor, ev->actor);
	else if (type == EV_OBJ_NEW)
		*text = table_name(t->object, t->nobject, ev->obj);
	c->off = p;
	c->i++;
	return true;
}

int trace_unpack(struct trace *t)
{
	if (!t->packed || t->ev)
		return 0;
	struct wf_ev *ev = malloc((t->nev ? t->nev : 1) * sizeof *ev);
	char **text = calloc(t->nev ? t->nev : 1, sizeof *text);
	if (!ev || !text) {
		free(ev);
		free(text);
		return -1;
	}
	struct btrace_cursor c = {0, 0, 0, 0};
	const char *s;
	for (size_t i = 0; i < t->nev && btrace_next(t, &c, &ev[i], &s); i++)
		if (s && ev[i].type != EV_SPAWN && ev[i].type != EV_OBJ_NEW && !(text[i] = strdup(s))) {
			for (size_t k = 0; k < i; k++)
				free(text[k]);
			free(ev);
			free(text);
			return -1;
		}
	free(t->packed);
	free(t->btext);
	free(t->mark);
	t->packed = NULL;
	t->btext = NULL;
	t->mark = NULL;
	t->packed_len = t->nbtext = t->nmark = 0;
	t->ev = ev;
	t->text = text;
	return 0;
}

/* A name or text on one line, as the text format wants it. */
static void put_line_text(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
}

int btrace_write_text(const struct trace *t, FILE *out)
{
	fprintf(out, "weft-trace %d\nweft %s\nlesson %s\nparams %s\nspeed %.17g\nsched %s %llu\n---\n",
		TRACE_FORMAT, t->h.weft, t->h.lesson, t->h.params, t->h.speed, t->h.sched,
		(unsigned long long)t->h.seed);
	struct btrace_cursor c = {0, 0, 0, 0};
	struct wf_ev e;
	const char *text;
	for (size_t i = 0; i < t->nev; i++) {
		if (t->packed) {
			if (!btrace_next(t, &c, &e, &text))
				break;
		} else {
			e = t->ev[i];
			text = trace_text(t, i);
		}
		if (e.type == EV_SPAWN || e.type == EV_OBJ_NEW) {
			bool actor = e.type == EV_SPAWN;
			fprintf(out, "%c %u %llu %llu ", actor ? 'a' : 'o', actor ? e.actor : e.obj,
				(unsigned long long)e.a, (unsigned long long)(actor ? e.b >> 32 : e.b));
			put_line_text(out, text && *text ? text : "?");
			fputc('\n', out);
		}
		fprintf(out, "e %llu %u %u %u %u %llu %llu", (unsigned long long)e.ts, e.actor, e.type,
			e.obj, e.line, (unsigned long long)e.a, (unsigned long long)e.b);
		if (text && e.type != EV_SPAWN && e.type != EV_OBJ_NEW) {
			fputc(' ', out);
			put_line_text(out, text);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < t->ngrant; i++)
		fprintf(out, "g %u\n", t->grant[i]);
	fputs("r ", out);
	put_line_text(out, t->results);
	fputs("\nx ", out);
	put_line_text(out, t->ending);
	fputc('\n', out);
	return 0; /* a write error is the caller's to see (ferror) */
}
