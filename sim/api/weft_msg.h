/*
 * weft_msg.h - messages between processes: queues that carry payloads, and
 * small typed values (included by weft.h).
 *
 * Python's q.put(obj) pickles obj into bytes that travel to the getter, who
 * unpickles a copy.  Here a payload is bytes too: copied into the arena's
 * message heap (shared by every process of the run) by the put, copied out
 * and freed by the get, so memory is bounded by what is in flight, not by
 * what was ever sent.  A queue of payloads is an ordinary wf_queue (made
 * with WF_SHARED to cross processes; its capacity counts messages); use it
 * either with the _msg calls or with the uint64_t ones, not both.
 *
 * How to use it:
 *
 *     wf_queue *q = wf_queue_new("tasks", 8, WF_SHARED);   before forking
 *     wf_queue_put_str(q, "hello", WF_FOREVER);             any process
 *     char line[64];
 *     wf_queue_get_str(q, line, sizeof line, WF_FOREVER);   "hello"
 *
 *     wf_queue_put_int(q, 42, WF_FOREVER);  long v;  wf_queue_get_int(q, &v, 1.0);
 *     wf_queue_put_msg(q, &task, sizeof task, WF_FOREVER);  any struct without pointers
 *     size_t n;  wf_queue_get_msg(q, &task, sizeof task, &n, WF_FOREVER);
 *
 * Typed values (a few of pickle's): build a wf_msg with wf_msg_int / _none
 * / _str / _list ..., send its data and len, and on the other side read the
 * values back with wf_msg_next, or print them as Python would with
 * wf_msg_repr:
 *
 *     wf_msg m;  wf_msg_init(&m);
 *     wf_msg_list(&m, 3); wf_msg_int(&m, 42); wf_msg_none(&m); wf_msg_str(&m, "hello");
 *     wf_queue_put_msg(q, m.data, m.len, WF_FOREVER);
 *     ... char buf[WF_MSG_INLINE], text[128]; size_t n;
 *     wf_queue_get_msg(q, buf, sizeof buf, &n, WF_FOREVER);
 *     wf_msg_repr(buf, n, text, sizeof text);              "[42, None, 'hello']"
 *
 * Every put and get emits the queue's EV_PUT / EV_GET, then EV_MSG_SEND on
 * the sender's lane and EV_MSG_RECV on the receiver's with the message's
 * id, so the timeline draws the message from one to the other.  When the
 * message heap is full (about 3 MiB of messages waiting unread) the put
 * fails with WF_ENOMEM and the lesson is stopped: "stopped: too many
 * messages in flight"; a payload over WF_MSG_MAX only fails.
 */
#ifndef WEFT_MSG_H
#define WEFT_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wf_queue wf_queue;

#define WF_MSG_MAX (64 * 1024) /* the largest payload, in bytes */
#define WF_MSG_INLINE 1024     /* what a wf_msg holds */

/* ---- payload queues ---------------------------------------------------- */

/* Puts a copy of len bytes; with the queue full waits up to `timeout`
 * lesson seconds (WF_FOREVER, 0 as wf_queue_put).  0, WF_EFULL, or
 * WF_ENOMEM when the message heap is full or len > WF_MSG_MAX. */
int wf_queue_put_msg(wf_queue *q, const void *buf, size_t len, double timeout);
/* Gets the oldest message into buf (at most cap bytes), its whole length in
 * *len (may be NULL).  0, WF_EEMPTY, or WF_ESHORT when it was longer than
 * cap (the first cap bytes are in buf; the message is consumed). */
int wf_queue_get_msg(wf_queue *q, void *buf, size_t cap, size_t *len, double timeout);
/* An integer as a typed value (see wf_msg_int). */
int wf_queue_put_int(wf_queue *q, long v, double timeout);
/* 0 with the integer in *v; WF_ESTATE when the message was not one. */
int wf_queue_get_int(wf_queue *q, long *v, double timeout);
/* A string as a typed value (see wf_msg_str); WF_ENOMEM past about
 * WF_MSG_INLINE bytes. */
int wf_queue_put_str(wf_queue *q, const char *s, double timeout);
/* 0 with the string in buf (NUL-terminated, cut to cap-1 with WF_ESHORT);
 * WF_ESTATE when the message was not one. */
int wf_queue_get_str(wf_queue *q, char *buf, size_t cap, double timeout);

#ifndef WEFT_SIM_INTERNAL
#define wf_queue_put_msg(q, b, n, t) WF_AT_(wf_queue_put_msg(q, b, n, t))
#define wf_queue_get_msg(q, b, c, n, t) WF_AT_(wf_queue_get_msg(q, b, c, n, t))
#define wf_queue_put_int(q, v, t) WF_AT_(wf_queue_put_int(q, v, t))
#define wf_queue_get_int(q, v, t) WF_AT_(wf_queue_get_int(q, v, t))
#define wf_queue_put_str(q, s, t) WF_AT_(wf_queue_put_str(q, s, t))
#define wf_queue_get_str(q, b, c, t) WF_AT_(wf_queue_get_str(q, b, c, t))
#endif

/* ---- typed values: a small pickle ------------------------------------- */

/* A message being built: values appended one after another.  A list or
 * dict is its count, then its items (a dict: key, value, key, value ...). */
typedef struct wf_msg {
	size_t len;    /* bytes used in data */
	bool overflow; /* a value did not fit: the message is unusable */
	unsigned char data[WF_MSG_INLINE];
} wf_msg;

enum wf_val_kind {
	WF_VAL_END = 0, /* no value left */
	WF_VAL_NONE,
	WF_VAL_INT,
	WF_VAL_FLOAT,
	WF_VAL_STR,
	WF_VAL_LIST,
	WF_VAL_DICT,
	WF_VAL_BAD,     /* the bytes are not typed values */
};

/* One value read back.  For a list or dict, n is its count and its items
 * are the next values; raw/raw_len cover the whole value, items and all. */
struct wf_val {
	enum wf_val_kind kind;
	long i;
	double f;
	const char *s; /* WF_VAL_STR: not NUL-terminated, n bytes */
	size_t n;
	const unsigned char *raw;
	size_t raw_len;
};

/* A cursor over typed values. */
typedef struct wf_msg_reader {
	const unsigned char *p, *end;
} wf_msg_reader;

void wf_msg_init(wf_msg *m);
void wf_msg_none(wf_msg *m);
void wf_msg_int(wf_msg *m, long v);
void wf_msg_float(wf_msg *m, double v);
/* A NUL-terminated UTF-8 string. */
void wf_msg_str(wf_msg *m, const char *s);
/* A list of n items: append them next. */
void wf_msg_list(wf_msg *m, unsigned n);
/* A dict of n pairs: append key, value, ... next. */
void wf_msg_dict(wf_msg *m, unsigned n);
/* Appends len bytes that already are typed values (a value's raw). */
void wf_msg_raw(wf_msg *m, const void *raw, size_t len);

/* Starts reading len bytes of typed values. */
void wf_msg_read(wf_msg_reader *r, const void *buf, size_t len);
/* Reads the next value into *v (a list's items come next); returns its
 * kind, WF_VAL_END when none is left, WF_VAL_BAD on malformed bytes. */
enum wf_val_kind wf_msg_next(wf_msg_reader *r, struct wf_val *v);
/* Reads the next value with everything in it (a list with its items) and
 * sets v->raw / v->raw_len to cover it all; returns its kind. */
enum wf_val_kind wf_msg_take(wf_msg_reader *r, struct wf_val *v);
/* Writes the values as Python's repr() would ("[42, None, 'hello']";
 * several are separated by ", ") into out, cut to cap-1 bytes; returns
 * 0, or WF_ESTATE when the bytes are not typed values. */
int wf_msg_repr(const void *buf, size_t len, char *out, size_t cap);
/* The same as print() shows it (str(), not repr()): a lone string comes
 * without its quotes ("Hi"), anything else as wf_msg_repr. */
int wf_msg_text(const void *buf, size_t len, char *out, size_t cap);
/* A printed value as one word of a wf_result line, which splits at spaces:
 * a space after ',' or ':' is dropped, any other becomes '_'
 * ("{1: 'a b'}" -> "{1:'a_b'}"); out is cut to cap-1 bytes. */
void wf_msg_word(const char *text, char *out, size_t cap);

#endif
