/*
 * msgvalue.c - typed values in a message: a small pickle (see weft_msg.h).
 *
 * The encoding: one tag byte per value, then its body, integers little
 * endian:  'N' (None);  'I' int64;  'F' double;  'S' u32 length, bytes;
 * 'L' u32 count (the items follow);  'D' u32 count (2 × count values
 * follow).  Reading never runs past the buffer: a truncated or unknown
 * value reads as WF_VAL_BAD.  wf_msg_repr prints values as CPython 3.11's
 * repr() does for these types (str quoting, float shortest round-trip).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

#define REPR_DEPTH 16 /* nesting wf_msg_repr follows */

void wf_msg_init(wf_msg *m)
{
	m->len = 0;
	m->overflow = false;
}

static void put(wf_msg *m, const void *p, size_t n)
{
	if (m->overflow || n > sizeof m->data - m->len) {
		m->overflow = true;
		return;
	}
	memcpy(m->data + m->len, p, n);
	m->len += n;
}

static void put_tag_u32(wf_msg *m, char tag, uint32_t n)
{
	unsigned char b[5] = {(unsigned char)tag, (unsigned char)n, (unsigned char)(n >> 8),
			      (unsigned char)(n >> 16), (unsigned char)(n >> 24)};
	put(m, b, sizeof b);
}

static void put_tag_u64(wf_msg *m, char tag, uint64_t v)
{
	unsigned char b[9] = {(unsigned char)tag};
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (8 * i));
	put(m, b, sizeof b);
}

void wf_msg_none(wf_msg *m)
{
	put(m, "N", 1);
}

void wf_msg_int(wf_msg *m, long v)
{
	put_tag_u64(m, 'I', (uint64_t)(int64_t)v);
}

void wf_msg_float(wf_msg *m, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	put_tag_u64(m, 'F', bits);
}

void wf_msg_str(wf_msg *m, const char *s)
{
	size_t n = strlen(s);
	put_tag_u32(m, 'S', (uint32_t)n);
	put(m, s, n);
}

void wf_msg_list(wf_msg *m, unsigned n)
{
	put_tag_u32(m, 'L', n);
}

void wf_msg_dict(wf_msg *m, unsigned n)
{
	put_tag_u32(m, 'D', n);
}

void wf_msg_raw(wf_msg *m, const void *raw, size_t len)
{
	put(m, raw, len);
}

void wf_msg_read(wf_msg_reader *r, const void *buf, size_t len)
{
	r->p = buf;
	r->end = r->p + len;
}

static uint64_t le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

enum wf_val_kind wf_msg_next(wf_msg_reader *r, struct wf_val *v)
{
	memset(v, 0, sizeof *v);
	v->raw = r->p;
	if (r->p >= r->end)
		return v->kind = WF_VAL_END;
	size_t left = (size_t)(r->end - r->p) - 1;
	const unsigned char *b = r->p + 1;
	size_t body = 0;
	switch (*r->p) {
	case 'N':
		v->kind = WF_VAL_NONE;
		break;
	case 'I':
	case 'F':
		if (left < 8)
			return v->kind = WF_VAL_BAD;
		body = 8;
		if (*r->p == 'I') {
			v->kind = WF_VAL_INT;
			v->i = (long)(int64_t)le(b, 8);
		} else {
			uint64_t bits = le(b, 8);
			v->kind = WF_VAL_FLOAT;
			memcpy(&v->f, &bits, sizeof bits);
		}
		break;
	case 'S':
	case 'L':
	case 'D':
		if (left < 4)
			return v->kind = WF_VAL_BAD;
		v->n = (size_t)le(b, 4);
		body = 4;
		if (*r->p == 'S') {
			if (left - 4 < v->n)
				return v->kind = WF_VAL_BAD;
			v->kind = WF_VAL_STR;
			v->s = (const char *)b + 4;
			body += v->n;
		} else {
			v->kind = *r->p == 'L' ? WF_VAL_LIST : WF_VAL_DICT;
		}
		break;
	default:
		return v->kind = WF_VAL_BAD;
	}
	r->p = b + body;
	v->raw_len = body + 1;
	return v->kind;
}

/* Skips the items of a list or dict whose head was just read. */
static bool skip_items(wf_msg_reader *r, const struct wf_val *head, int depth)
{
	if (head->kind != WF_VAL_LIST && head->kind != WF_VAL_DICT)
		return true;
	if (depth > REPR_DEPTH)
		return false;
	size_t items = head->kind == WF_VAL_DICT ? 2 * head->n : head->n;
	for (size_t i = 0; i < items; i++) {
		struct wf_val item;
		enum wf_val_kind k = wf_msg_next(r, &item);
		if (k == WF_VAL_END || k == WF_VAL_BAD || !skip_items(r, &item, depth + 1))
			return false;
	}
	return true;
}

enum wf_val_kind wf_msg_take(wf_msg_reader *r, struct wf_val *v)
{
	enum wf_val_kind k = wf_msg_next(r, v);
	if (k == WF_VAL_END || k == WF_VAL_BAD)
		return k;
	if (!skip_items(r, v, 0))
		return v->kind = WF_VAL_BAD;
	v->raw_len = (size_t)(r->p - v->raw);
	return k;
}

/* --- repr ------------------------------------------------------------------ */

struct out {
	char *p;
	size_t cap, len;
};

static void out_put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && o->len + 1 < o->cap; i++)
		o->p[o->len++] = s[i];
	if (o->cap)
		o->p[o->len] = 0;
}

static void out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* The shortest digits that read back as v, laid out as Python's repr:
 * positional for exponents -4 .. 15 (with ".0" when integral), else
 * d.ddde+XX. */
static void repr_float(struct out *o, double v)
{
	char b[400];
	if (isnan(v) || isinf(v)) {
		out_str(o, isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return;
	}
	int prec = 1;
	for (; prec < 17; prec++) {
		snprintf(b, sizeof b, "%.*e", prec - 1, v);
		if (strtod(b, NULL) == v)
			break;
	}
	snprintf(b, sizeof b, "%.*e", prec - 1, v);
	int exp = atoi(strchr(b, 'e') + 1);
	if (exp >= -4 && exp < 16) {
		int decimals = prec - 1 - exp;
		snprintf(b, sizeof b, "%.*f", decimals > 0 ? decimals : 0, v);
		out_str(o, b);
		if (!strchr(b, '.'))
			out_str(o, ".0");
		return;
	}
	out_str(o, b);
}

/* A str as Python quotes it: single quotes unless it holds ' and no ". */
static void repr_str(struct out *o, const char *s, size_t n)
{
	bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
	char q = sq && !dq ? '"' : '\'';
	out_put(o, &q, 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '\\' || c == (unsigned char)q) {
			esc[0] = '\\';
			esc[1] = (char)c;
			out_put(o, esc, 2);
		} else if (c == '\n') {
			out_str(o, "\\n");
		} else if (c == '\t') {
			out_str(o, "\\t");
		} else if (c == '\r') {
			out_str(o, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			out_str(o, esc);
		} else {
			out_put(o, (const char *)&c, 1); /* UTF-8 passes as it is: Python prints '一' */
		}
	}
	out_put(o, &q, 1);
}

static bool repr_value(struct out *o, wf_msg_reader *r, int depth)
{
	struct wf_val v;
	char b[32];
	switch (wf_msg_next(r, &v)) {
	case WF_VAL_NONE:
		out_str(o, "None");
		return true;
	case WF_VAL_INT:
		snprintf(b, sizeof b, "%ld", v.i);
		out_str(o, b);
		return true;
	case WF_VAL_FLOAT:
		repr_float(o, v.f);
		return true;
	case WF_VAL_STR:
		repr_str(o, v.s, v.n);
		return true;
	case WF_VAL_LIST:
	case WF_VAL_DICT: {
		if (depth >= REPR_DEPTH)
			return false;
		bool dict = v.kind == WF_VAL_DICT;
		out_str(o, dict ? "{" : "[");
		for (size_t i = 0; i < v.n; i++) {
			if (i)
				out_str(o, ", ");
			if (!repr_value(o, r, depth + 1))
				return false;
			if (dict) {
				out_str(o, ": ");
				if (!repr_value(o, r, depth + 1))
					return false;
			}
		}
		out_str(o, dict ? "}" : "]");
		return true;
	}
	default:
		return false;
	}
}

int wf_msg_repr(const void *buf, size_t len, char *out, size_t cap)
{
	struct out o = {out, cap, 0};
	if (cap)
		out[0] = 0;
	wf_msg_reader r;
	wf_msg_read(&r, buf, len);
	for (int i = 0; r.p < r.end; i++) {
		if (i)
			out_str(&o, ", ");
		if (!repr_value(&o, &r, 0))
			return WF_ESTATE;
	}
	return 0;
}

int wf_msg_text(const void *buf, size_t len, char *out, size_t cap)
{
	wf_msg_reader r;
	struct wf_val v;
	wf_msg_read(&r, buf, len);
	if (wf_msg_next(&r, &v) == WF_VAL_STR && r.p == r.end) {
		struct out o = {out, cap, 0};
		if (cap)
			out[0] = 0;
		out_put(&o, v.s, v.n);
		return 0;
	}
	return wf_msg_repr(buf, len, out, cap);
}

void wf_msg_word(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return;
	for (; *text && n + 1 < cap; text++) {
		if (*text == ' ' && n > 0 && (out[n - 1] == ',' || out[n - 1] == ':'))
			continue;
		out[n++] = *text == ' ' ? '_' : *text;
	}
	out[n] = 0;
}
