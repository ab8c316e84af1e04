/*
 * mdview_parse.c - the parse half of the lesson-text view: md4c's callbacks
 * into blocks of styled runs (see mdview.c for the design).
 *
 * A block's text lives in `text` as runs of one style each (`runs`); a
 * block has four ranges of runs: the prefix of its first line (quote bars,
 * the list marker of the item it starts), the prefix of its other lines
 * (the same widths in spaces, so items hang), the prefix of the blank line
 * before it, and its body.  In a body, '\n' is a hard break and '\r' a soft
 * break: md4c passes neither byte inside text (code blocks aside, where
 * '\n' ends a line), so they are free to mark what the layout needs.
 */
#include <limits.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdview_parse.h"
#include "utf8.h"

/* ---- growable arrays ---------------------------------------------------- */

void vec_init(struct vec *a, size_t size)
{
	a->p = NULL;
	a->n = a->cap = 0;
	a->size = size;
}

void *vec_add(struct vec *a, size_t count)
{
	void *slot;

	if (count > SIZE_MAX / a->size - a->n)
		return NULL;
	if (a->n + count > a->cap || !a->p) {
		size_t cap = a->cap ? a->cap : 64;
		void *p;

		while (cap < a->n + count && cap <= SIZE_MAX / a->size / 2)
			cap *= 2;
		if (cap < a->n + count)
			cap = a->n + count;
		p = realloc(a->p, cap * a->size);
		if (!p)
			return NULL;
		a->p = p;
		a->cap = cap;
	}
	slot = (char *)a->p + a->n * a->size;
	a->n += count;
	return slot;
}

/* ---- parsing: md4c callbacks into blocks -------------------------------- */

enum ckind { C_QUOTE, C_LIST, C_ITEM };

/* A container block open around the current one. */
struct container {
	enum ckind kind;
	int tight;       /* C_LIST, C_ITEM: no blank lines between items */
	int ordered;     /* C_LIST */
	unsigned next;   /* C_LIST ordered: number of the next item */
	char delim;      /* C_LIST ordered: '.' or ')' */
	char marker[16]; /* C_ITEM: "• ", "12. " */
	int marked;      /* C_ITEM: a block has drawn the marker */
};

struct parse {
	mdview *v;
	struct container stack[MDV_NEST];
	int depth;                  /* containers in stack */
	int overflow;               /* containers open beyond MDV_NEST */
	int min_depth;              /* least depth since the last leaf block began */
	int in_leaf;                /* the last block still receives text */
	int em, strong, code, link; /* open spans */
	int oom;
};

static const char spaces[] = "                ";

static struct block *last_block(const mdview *v)
{
	return (struct block *)v->blocks.p + v->blocks.n - 1;
}

/* Appends text in one style as a run; merges it into the previous run when
 * that run is at or after index `from`, has the same style and ends where
 * this one starts. */
static void add_run(struct parse *p, const char *s, size_t n, uint8_t style, uint8_t attr,
                    size_t from)
{
	mdview *v = p->v;
	struct run *runs = v->runs.p, *r;
	char *dst;

	if (n == 0 || p->oom)
		return;
	dst = vec_add(&v->text, n);
	if (!dst) {
		p->oom = 1;
		return;
	}
	memcpy(dst, s, n);
	r = v->runs.n > from ? &runs[v->runs.n - 1] : NULL;
	if (r && r->style == style && r->attr == attr && r->off + r->len == v->text.n - n) {
		r->len += n;
		return;
	}
	r = vec_add(&v->runs, 1);
	if (!r) {
		p->oom = 1;
		return;
	}
	r->off = v->text.n - n;
	r->len = n;
	r->style = style;
	r->attr = attr;
}

enum prefix { PX_FIRST, PX_CONT, PX_GAP };

/* The runs of a line prefix for the open containers (for PX_GAP, those
 * shared with the last leaf block): quote bars, and for list items either
 * the marker (on the PX_FIRST line of the item's first block) or as many
 * spaces; code blocks add their indent of two columns. */
static struct runs add_prefix(struct parse *p, enum prefix kind, int code)
{
	struct runs r = {p->v->runs.n, 0};
	int first = kind == PX_FIRST, upto = kind == PX_GAP ? p->min_depth : p->depth, i;

	for (i = 0; i < upto; i++) {
		struct container *c = &p->stack[i];

		if (c->kind == C_QUOTE) {
			const char *bar = p->v->ascii ? "| " : "\xe2\x94\x82 ";

			add_run(p, bar, strlen(bar), S_DIM, 0, r.at);
		} else if (c->kind == C_ITEM && first && !c->marked) {
			add_run(p, c->marker, strlen(c->marker), S_ACCENT, 0, r.at);
			c->marked = 1;
		} else if (c->kind == C_ITEM) {
			add_run(p, spaces, (size_t)utf8_width(c->marker), S_NORMAL, 0, r.at);
		}
	}
	if (code)
		add_run(p, spaces, 2, S_NORMAL, 0, r.at);
	r.n = p->v->runs.n - r.at;
	return r;
}

/* Whether a blank line should separate the new leaf block from the last
 * one: not when the innermost container they share is a tight list. */
static int gap_wanted(const struct parse *p)
{
	const struct container *c;

	if (p->v->blocks.n == 0)
		return 0;
	if (p->min_depth == 0)
		return 1;
	c = &p->stack[p->min_depth - 1];
	return !((c->kind == C_LIST || c->kind == C_ITEM) && c->tight);
}

static void begin_leaf(struct parse *p, enum bkind kind, int heading)
{
	struct block b, *slot;

	b.kind = kind;
	b.heading = heading;
	b.gap = gap_wanted(p);
	b.gapp = add_prefix(p, PX_GAP, 0);
	b.first = add_prefix(p, PX_FIRST, kind == BK_CODE);
	b.cont = add_prefix(p, PX_CONT, kind == BK_CODE);
	b.body.at = p->v->runs.n;
	b.body.n = 0;
	slot = vec_add(&p->v->blocks, 1);
	if (!slot) {
		p->oom = 1;
		return;
	}
	*slot = b;
	p->in_leaf = 1;
	p->min_depth = p->depth;
}

/* The body of b as plain text, breaks as spaces; NULL when out of memory. */
static char *plain_text(const mdview *v, const struct block *b)
{
	const struct run *runs = v->runs.p;
	size_t len = 0, i;
	char *s, *o;

	for (i = 0; i < b->body.n; i++)
		len += runs[b->body.at + i].len;
	s = malloc(len + 1);
	if (!s)
		return NULL;
	o = s;
	for (i = 0; i < b->body.n; i++) {
		const struct run *r = &runs[b->body.at + i];

		memcpy(o, (const char *)v->text.p + r->off, r->len);
		o += r->len;
	}
	*o = '\0';
	for (o = s; *o; o++)
		if (*o == '\n' || *o == '\r')
			*o = ' ';
	return s;
}

static void end_leaf(struct parse *p)
{
	mdview *v = p->v;
	struct block *b;

	if (!p->in_leaf)
		return;
	p->in_leaf = 0;
	b = last_block(v);
	b->body.n = v->runs.n - b->body.at;
	if (b->heading == 1 && !v->title) {
		v->title = plain_text(v, b);
		if (!v->title)
			p->oom = 1;
	}
}

static struct container *push(struct parse *p, enum ckind kind)
{
	struct container *c;

	if (p->depth == MDV_NEST) {
		p->overflow++;
		return NULL;
	}
	c = &p->stack[p->depth++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	return c;
}

static void pop(struct parse *p)
{
	if (p->overflow > 0) {
		p->overflow--;
		return;
	}
	if (p->depth > 0)
		p->depth--;
	if (p->min_depth > p->depth)
		p->min_depth = p->depth;
}

static void begin_item(struct parse *p)
{
	struct container *list = p->depth > 0 && !p->overflow ? &p->stack[p->depth - 1] : NULL;
	struct container *item = push(p, C_ITEM);

	if (!item)
		return;
	if (list && list->kind == C_LIST && list->ordered) {
		snprintf(item->marker, sizeof item->marker, "%u%c ", list->next++, list->delim);
	} else {
		strcpy(item->marker, p->v->ascii ? "* " : "\xe2\x80\xa2 ");
	}
	item->tight = list && list->tight;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct parse *p = userdata;
	struct container *c;

	end_leaf(p);
	switch (type) {
	case MD_BLOCK_QUOTE:
		push(p, C_QUOTE);
		break;
	case MD_BLOCK_UL:
		c = push(p, C_LIST);
		if (c)
			c->tight = ((const MD_BLOCK_UL_DETAIL *)detail)->is_tight;
		break;
	case MD_BLOCK_OL:
		c = push(p, C_LIST);
		if (c) {
			const MD_BLOCK_OL_DETAIL *d = detail;

			c->tight = d->is_tight;
			c->ordered = 1;
			c->next = d->start;
			c->delim = d->mark_delimiter;
		}
		break;
	case MD_BLOCK_LI:
		begin_item(p);
		break;
	case MD_BLOCK_H:
		begin_leaf(p, BK_TEXT, (int)((const MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		begin_leaf(p, BK_CODE, 0);
		break;
	case MD_BLOCK_HR:
		begin_leaf(p, BK_RULE, 0);
		end_leaf(p);
		break;
	case MD_BLOCK_P:
		begin_leaf(p, BK_TEXT, 0);
		break;
	default:
		break; /* the document; tables are not enabled */
	}
	return p->oom ? -1 : 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct parse *p = userdata;

	(void)detail;
	end_leaf(p);
	if (type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
	    type == MD_BLOCK_LI)
		pop(p);
	return p->oom ? -1 : 0;
}

static int *span_counter(struct parse *p, MD_SPANTYPE type)
{
	switch (type) {
	case MD_SPAN_EM:
		return &p->em;
	case MD_SPAN_STRONG:
		return &p->strong;
	case MD_SPAN_CODE:
		return &p->code;
	case MD_SPAN_A:
		return &p->link;
	default:
		return NULL; /* images show their alt text plainly */
	}
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	int *n = span_counter(userdata, type);

	(void)detail;
	if (n)
		++*n;
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	int *n = span_counter(userdata, type);

	(void)detail;
	if (n)
		--*n;
	return 0;
}

/* Appends body text in the style the open block and spans give it. */
static void add_body(struct parse *p, const char *s, size_t n)
{
	const struct block *b = last_block(p->v);
	uint8_t style = S_NORMAL, attr = 0;

	if (b->kind == BK_CODE) {
		style = S_CODE;
	} else if (b->heading) {
		style = S_TITLE;
		attr = A_BOLD_ | (b->heading == 2 ? A_UNDERLINE_ : 0);
	}
	if (p->code)
		style = S_CODE;
	else if (p->link) {
		style = S_ACCENT;
		attr |= A_UNDERLINE_;
	}
	if (p->strong)
		attr |= A_BOLD_;
	if (p->em)
		attr |= A_UNDERLINE_;
	add_run(p, s, n, style, attr, b->body.at);
}

/* clang-format off */
static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{"&amp;", '&'},      {"&apos;", '\''},     {"&copy;", 0xa9},   {"&gt;", '>'},
	{"&hellip;", 0x2026}, {"&lt;", '<'},       {"&mdash;", 0x2014}, {"&nbsp;", 0xa0},
	{"&ndash;", 0x2013}, {"&quot;", '"'},
};
/* clang-format on */

/* An entity ("&amp;", "&#20013;", "&#x4e2d;") as its character; a name not
 * in the table stays as written, a bad number becomes U+FFFD.  md4c has
 * checked the syntax: '&', then '#' and digits or a name, then ';'. */
static void add_entity(struct parse *p, const char *s, size_t n)
{
	char enc[4], num[16], *end;
	size_t i;

	if (n > 3 && n < sizeof num && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		unsigned long cp;

		memcpy(num, s, n - 1);
		num[n - 1] = '\0'; /* in place of ';' */
		cp = strtoul(num + (hex ? 3 : 2), &end, hex ? 16 : 10);
		if (*end != '\0' || cp == 0 || cp > 0x10ffff)
			cp = UTF8_REPLACEMENT;
		add_body(p, enc, utf8_encode((uint32_t)cp, enc));
		return;
	}
	for (i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		if (strlen(entities[i].name) == n && memcmp(entities[i].name, s, n) == 0) {
			add_body(p, enc, utf8_encode(entities[i].cp, enc));
			return;
		}
	}
	add_body(p, s, n);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
	struct parse *p = userdata;

	if (!p->in_leaf)
		begin_leaf(p, BK_TEXT, 0); /* an item of a tight list has no paragraph */
	if (p->oom)
		return -1;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		add_body(p, "\xef\xbf\xbd", 3);
		break;
	case MD_TEXT_BR:
		add_body(p, "\n", 1);
		break;
	case MD_TEXT_SOFTBR:
		add_body(p, "\r", 1);
		break;
	case MD_TEXT_ENTITY:
		add_entity(p, s, n);
		break;
	default:
		add_body(p, s, n);
		break;
	}
	return p->oom ? -1 : 0;
}

int mdview_parse(mdview *v, const char *md, size_t len)
{
	MD_PARSER parser;
	struct parse p;
	int rc;

	if (len > (MD_SIZE)-1)
		return 1;
	memset(&parser, 0, sizeof parser);
	parser.flags = MD_FLAG_NOHTML;
	parser.enter_block = on_enter_block;
	parser.leave_block = on_leave_block;
	parser.enter_span = on_enter_span;
	parser.leave_span = on_leave_span;
	parser.text = on_text;
	memset(&p, 0, sizeof p);
	p.v = v;
	/* md4c scans some constructs with strcspn, that is up to a NUL, even
	 * past `len`: it gets a terminated copy (ASan's strict_string_checks in
	 * fuzz_mdview).  The callbacks copy what they keep. */
	char *text = malloc(len + 1);
	if (!text)
		return -1;
	memcpy(text, md, len);
	text[len] = 0;
	rc = md_parse(text, (MD_SIZE)len, &parser, &p);
	free(text);
	end_leaf(&p);
	if (p.oom)
		return -1;
	return rc != 0;
}

int mdview_parse_raw(mdview *v, const char *md, size_t len)
{
	struct parse p;
	char *text;
	size_t i;

	free(v->title);
	v->title = NULL;
	v->text.n = v->runs.n = v->blocks.n = 0;
	memset(&p, 0, sizeof p);
	p.v = v;
	begin_leaf(&p, BK_TEXT, 0);
	if (!p.oom)
		add_body(&p, md, len);
	end_leaf(&p);
	text = v->text.p;
	for (i = 0; i < v->text.n; i++)
		if (text[i] == '\r')
			text[i] = ' '; /* here it would mark a soft break */
	return p.oom ? -1 : 0;
}

