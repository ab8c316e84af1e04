/*
 * mdview.c - a lesson text: Markdown parsed once, laid out to a width, drawn.
 *
 * Two stages, each with its own storage in the view:
 *
 *   parse   md4c's callbacks append blocks.  A block's text lives in `text`
 *           as runs of one style each (`runs`); a block has four ranges of
 *           runs: the prefix of its first line (quote bars, the list marker
 *           of the item it starts), the prefix of its other lines (the same
 *           widths in spaces, so items hang), the prefix of the blank line
 *           before it (the containers it shares with the block before), and
 *           its body.  In a body, '\n' is a hard break and '\r' a soft
 *           break: md4c passes neither byte inside text (code blocks aside,
 *           where '\n' ends a line), so they are free to mark what the
 *           layout needs to know.
 *   layout  each block becomes lines of glyphs (`cells`, `lines`) no wider
 *           than the width; the layout is cached until the width changes.
 *
 * A soft break between two wide characters vanishes (Chinese puts no space
 * where the source line ended); anywhere else it is a space.  Control
 * characters and combining marks are dropped (a canvas cell holds one code
 * point of width 1 or 2), tabs are spaces, and in code blocks tabs move to
 * the next multiple of 4 columns.
 *
 * Break rules (kinsoku, simplified): a line may end before b, after a, if b
 * is not a space and not closing punctuation, a is not opening punctuation,
 * and a is a space or either of them is wide.  The greedy breaker ends each
 * line at the last such place that fits; where there is none, it cuts the
 * word, one character earlier if the cut would start a line with closing
 * punctuation.
 */
#include "mdview.h"

#include "utf8.h"

#include <limits.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MDV_NEST 16   /* containers nested deeper than this add no prefix */
#define MDV_TABSTOP 4 /* tab stops in code blocks */

/* A growable array of elements of `size` bytes. */
struct vec {
	void *p;
	size_t n, cap, size;
};

enum bkind { BK_TEXT, BK_CODE, BK_RULE };

struct run {
	size_t off, len; /* bytes in v->text */
	uint8_t style, attr;
};

struct runs {
	size_t at, n; /* a range of v->runs */
};

struct block {
	enum bkind kind;
	int heading;       /* 1..6 for a heading, else 0 */
	int gap;           /* a blank line goes before it */
	struct runs gapp;  /* prefix of that blank line, before trimming */
	struct runs first; /* prefix of the first line */
	struct runs cont;  /* prefix of every other line */
	struct runs body;
};

/* One laid-out character; also the scratch unit of the layout, where cp may
 * be '\n' (hard break) or '\r' (soft break) with w == 0. */
struct glyph {
	uint32_t cp;
	uint8_t style, attr, w;
};

struct line {
	size_t at, n; /* a range of v->cells */
};

struct mdview {
	int ascii;
	char *title;        /* first H1 as plain text; NULL if none */
	struct vec text;    /* char */
	struct vec runs;    /* struct run */
	struct vec blocks;  /* struct block */
	int width;          /* width of the layout below; 0 when there is none */
	struct vec cells;   /* struct glyph: every line's glyphs, in order */
	struct vec lines;   /* struct line */
	struct vec scratch; /* struct glyph: the block being laid out */
	struct vec pfirst;  /* struct glyph: its first-line prefix */
	struct vec pcont;   /* struct glyph: its other-line prefix */
};

/* ---- growable arrays ---------------------------------------------------- */

static void vec_init(struct vec *a, size_t size)
{
	a->p = NULL;
	a->n = a->cap = 0;
	a->size = size;
}

/* Appends `count` uninitialised elements; returns the first (never NULL
 * when count is 0), or NULL when out of memory (the array is unchanged). */
static void *vec_add(struct vec *a, size_t count)
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

/* Parses md into v's blocks: 0, 1 when md4c failed, -1 when out of memory. */
static int parse(mdview *v, const char *md, size_t len)
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

/* Replaces whatever a failed parse left with one block of the raw text, its
 * line ends as hard breaks: 0, or -1 when out of memory. */
static int load_raw(mdview *v, const char *md, size_t len)
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

mdview *mdview_new(const char *md, size_t len, int ascii)
{
	mdview *v = malloc(sizeof *v);
	int rc;

	if (!v)
		return NULL;
	v->ascii = ascii;
	v->title = NULL;
	v->width = 0;
	vec_init(&v->text, 1);
	vec_init(&v->runs, sizeof(struct run));
	vec_init(&v->blocks, sizeof(struct block));
	vec_init(&v->cells, sizeof(struct glyph));
	vec_init(&v->lines, sizeof(struct line));
	vec_init(&v->scratch, sizeof(struct glyph));
	vec_init(&v->pfirst, sizeof(struct glyph));
	vec_init(&v->pcont, sizeof(struct glyph));
	if (!md) {
		md = "";
		len = 0;
	}
	rc = parse(v, md, len);
	if (rc > 0)
		rc = load_raw(v, md, len);
	if (rc < 0) {
		mdview_free(v);
		return NULL;
	}
	return v;
}

void mdview_free(mdview *v)
{
	if (!v)
		return;
	free(v->title);
	free(v->text.p);
	free(v->runs.p);
	free(v->blocks.p);
	free(v->cells.p);
	free(v->lines.p);
	free(v->scratch.p);
	free(v->pfirst.p);
	free(v->pcont.p);
	free(v);
}

const char *mdview_title(const mdview *v)
{
	return v->title ? v->title : "";
}

/* ---- layout: blocks into lines ------------------------------------------ */

static int cp_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Punctuation that may not start a line (sorted). */
/* clang-format off */
static const uint32_t closing[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x2019, 0x201d, 0x2025, 0x2026, 0x203c, 0x2047, 0x2048, 0x2049,
	0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015,
	0x3017, 0x3019, 0x301b, 0x301e, 0x301f, 0x30fb, 0x30fc,
	0xff01, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d,
	0xff5d, 0xff60, 0xff61, 0xff63, 0xff64,
};
/* clang-format on */

/* Punctuation that may not end a line (sorted). */
/* clang-format off */
static const uint32_t opening[] = {
	'(', '[', '{', 0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e,
	0x3010, 0x3014, 0x3016, 0x3018, 0x301a, 0x301d, 0xff08, 0xff3b,
	0xff5b, 0xff5f, 0xff62,
};
/* clang-format on */

static int is_in(uint32_t cp, const uint32_t *set, size_t n)
{
	return bsearch(&cp, set, n, sizeof *set, cp_cmp) != NULL;
}

static int is_closing(uint32_t cp)
{
	return is_in(cp, closing, sizeof closing / sizeof closing[0]);
}

static int can_break(const struct glyph *a, const struct glyph *b)
{
	if (b->cp == ' ' || is_closing(b->cp))
		return 0;
	if (is_in(a->cp, opening, sizeof opening / sizeof opening[0]))
		return 0;
	return a->cp == ' ' || a->w == 2 || b->w == 2;
}

/* Decodes a range of runs into glyphs appended to out.  In verbatim text
 * (code) tabs advance to the next tab stop; elsewhere they are spaces.
 * Returns 0, or -1 when out of memory. */
static int expand(const mdview *v, struct runs rs, int verbatim, struct vec *out)
{
	const struct run *runs = v->runs.p;
	int col = 0;
	size_t i;

	for (i = 0; i < rs.n; i++) {
		const struct run *r = &runs[rs.at + i];
		const char *s = (const char *)v->text.p + r->off;
		size_t off = 0;

		while (off < r->len) {
			uint32_t cp;
			int w, k, reps = 1;
			struct glyph *g;

			off += utf8_decode(s + off, r->len - off, &cp);
			if (cp == '\t') {
				cp = ' ';
				reps = verbatim ? MDV_TABSTOP - col % MDV_TABSTOP : 1;
			}
			w = cell_width(cp);
			if (w == 0 && cp != '\n' && cp != '\r')
				continue;
			g = vec_add(out, (size_t)reps);
			if (!g)
				return -1;
			for (k = 0; k < reps; k++)
				g[k] = (struct glyph){cp, r->style, r->attr, (uint8_t)w};
			col = cp == '\n' ? 0 : col + w * reps;
		}
	}
	return 0;
}

/* Soft breaks become spaces, or nothing between two wide characters. */
static void resolve_soft_breaks(struct vec *a)
{
	struct glyph *g = a->p;
	size_t i, o = 0;

	for (i = 0; i < a->n; i++) {
		if (g[i].cp == '\r') {
			if (o > 0 && g[o - 1].w == 2 && i + 1 < a->n && g[i + 1].w == 2)
				continue;
			g[i].cp = ' ';
			g[i].w = 1;
		}
		g[o++] = g[i];
	}
	a->n = o;
}

static int width_of(const struct vec *a)
{
	const struct glyph *g = a->p;
	int w = 0;
	size_t i;

	for (i = 0; i < a->n; i++)
		w += g[i].w;
	return w;
}

/* Appends a line of the given glyphs to the layout; with `trim`, trailing
 * spaces are left out.  Returns 0, or -1 when out of memory. */
static int emit(mdview *v, const struct glyph *pre, size_t npre, const struct glyph *g, size_t n,
                int trim)
{
	struct glyph *cells;
	struct line *l;

	l = vec_add(&v->lines, 1);
	if (!l)
		return -1;
	l->at = v->cells.n;
	cells = vec_add(&v->cells, npre + n);
	if (!cells)
		return -1;
	if (npre > 0)
		memcpy(cells, pre, npre * sizeof *pre);
	if (n > 0)
		memcpy(cells + npre, g, n * sizeof *g);
	while (trim && v->cells.n > l->at && cells[v->cells.n - l->at - 1].cp == ' ')
		v->cells.n--;
	l->n = v->cells.n - l->at;
	return 0;
}

/* A line of `n` copies of one character after a prefix. */
static int emit_rule(mdview *v, const struct vec *pre, uint32_t cp, uint8_t style, int n)
{
	struct glyph *g;
	int i;

	v->scratch.n = 0;
	g = n > 0 ? vec_add(&v->scratch, (size_t)n) : NULL;
	if (n > 0 && !g)
		return -1;
	for (i = 0; i < n; i++)
		g[i] = (struct glyph){cp, style, 0, 1};
	return emit(v, pre->p, pre->n, v->scratch.p, v->scratch.n, 0);
}

/*
 * Breaks the glyphs in v->scratch into lines after the prefixes; verbatim
 * text is only cut at the width, other text wraps by the rules at the top.
 * Returns the widest line's text width, or -1 when out of memory.
 */
static int flow(mdview *v, int width, int verbatim)
{
	const struct glyph *a = v->scratch.p;
	size_t n = v->scratch.n, i = 0;
	int first = 1, wrapped = 0, widest = 0;

	do {
		const struct vec *pre = first ? &v->pfirst : &v->pcont;
		int avail = width - width_of(pre), col = 0;
		size_t start, end, next, brk, j;

		while (wrapped && !verbatim && i < n && a[i].cp == ' ')
			i++;
		if (wrapped && i == n)
			break;
		start = brk = i;
		for (j = start;; j++) {
			if (j == n || a[j].cp == '\n') {
				end = j;
				next = j < n ? j + 1 : n;
				wrapped = 0;
				break;
			}
			if (!verbatim && j > start && can_break(&a[j - 1], &a[j]))
				brk = j;
			if (col + a[j].w > avail) {
				if (!verbatim && a[j].cp == ' ')
					end = j;
				else if (brk > start)
					end = brk;
				else if (!verbatim && j > start + 1 && is_closing(a[j].cp)) {
					/* take the characters before down too, past
					 * every closing mark: "x）。" moves down whole */
					end = j - 1;
					while (end > start + 1 && is_closing(a[end].cp))
						end--;
				} else {
					end = j;
				}
				next = end > start ? end : j + 1; /* wider than a line: dropped */
				wrapped = 1;
				break;
			}
			col += a[j].w;
		}
		/* a is NULL for an empty block: no offset may be added to it */
		if (emit(v, pre->p, pre->n, a ? a + start : NULL, end - start, !verbatim) < 0)
			return -1;
		for (col = 0, j = start; j < end; j++)
			col += a[j].w;
		if (col > widest)
			widest = col;
		i = next;
		first = 0;
	} while (i < n);
	return widest;
}

/* Lays out one block after its blank line, if any: 0, or -1 when out of
 * memory. */
static int layout_block(mdview *v, const struct block *b, int width)
{
	int verbatim = b->kind == BK_CODE, widest;

	v->pfirst.n = v->pcont.n = v->scratch.n = 0;
	if (expand(v, b->first, 0, &v->pfirst) < 0 || expand(v, b->cont, 0, &v->pcont) < 0)
		return -1;
	if (width - width_of(&v->pfirst) < 2 || width - width_of(&v->pcont) < 2)
		v->pfirst.n = v->pcont.n = 0; /* too narrow for indents */
	if (b->gap && (expand(v, b->gapp, 0, &v->scratch) < 0 ||
	               emit(v, v->scratch.p, v->scratch.n, NULL, 0, 1) < 0))
		return -1;
	v->scratch.n = 0;
	if (b->kind == BK_RULE)
		return emit_rule(v, &v->pfirst, v->ascii ? '-' : 0x2500, S_DIM,
		                 width - width_of(&v->pfirst));
	if (expand(v, b->body, verbatim, &v->scratch) < 0)
		return -1;
	if (!verbatim)
		resolve_soft_breaks(&v->scratch);
	widest = flow(v, width, verbatim);
	if (widest < 0)
		return -1;
	if (b->heading == 1)
		return emit_rule(v, &v->pcont, v->ascii ? '=' : 0x2550, S_TITLE, widest);
	return 0;
}

int mdview_layout(mdview *v, int width)
{
	const struct block *blocks = v->blocks.p;
	size_t i;

	if (width == v->width && width > 0)
		return (int)v->lines.n;
	v->width = 0;
	v->lines.n = v->cells.n = 0;
	if (width <= 0)
		return 0;
	for (i = 0; i < v->blocks.n; i++) {
		if (layout_block(v, &blocks[i], width) < 0) {
			v->lines.n = v->cells.n = 0;
			return -1;
		}
	}
	v->width = width;
	return v->lines.n > INT_MAX ? INT_MAX : (int)v->lines.n;
}

void mdview_draw(const mdview *v, canvas *c, struct rect r, int first_line)
{
	const struct line *lines = v->lines.p;
	const struct glyph *cells = v->cells.p;
	int row;

	canvas_fill(c, r, ' ', S_NORMAL, 0);
	for (row = 0; row < r.h; row++) {
		long long ln = (long long)first_line + row;
		int x = r.x;
		size_t k;

		if (ln < 0 || (size_t)ln >= v->lines.n)
			continue;
		for (k = 0; k < lines[ln].n; k++) {
			const struct glyph *g = &cells[lines[ln].at + k];

			if (x + g->w > r.x + r.w)
				break;
			canvas_put(c, x, r.y + row, g->cp, g->style, g->attr);
			x += g->w;
		}
	}
}
