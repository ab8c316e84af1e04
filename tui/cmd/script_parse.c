/*
 * script_parse.c - the script language's parser (see script.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileline.h"
#include "keymap.h"
#include "script.h"

#define WORDS_MAX 32

struct parser {
	const char *name;
	int line;
	char *err;
	size_t errsize;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fileline_verror(p->err, p->errsize, p->name, (size_t)p->line, fmt, ap);
	va_end(ap);
	return -1;
}

/* "500ms", "2s", "1.5s", "100us" -> ns; -1 if malformed. */
static int64_t duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0 || v > 1e6)
		return -1;
	static const struct {
		const char *unit;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcmp(end, units[i].unit) == 0)
			return (int64_t)(v * units[i].ns);
	return -1;
}

static uint32_t key_code(const char *name)
{
	static const struct {
		const char *name;
		uint32_t key;
	} keys[] = {{"space", ' '}, {"enter", WK_ENTER}, {"esc", WK_ESC}, {"tab", WK_TAB},
		    {"up", WK_UP}, {"down", WK_DOWN}, {"left", WK_LEFT}, {"right", WK_RIGHT},
		    {"pgup", WK_PGUP}, {"pgdn", WK_PGDN}, {"home", WK_HOME}, {"end", WK_END}};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(name, keys[i].name) == 0)
			return keys[i].key;
	if (name[0] > ' ' && name[0] < 0x7f && name[1] == 0)
		return (uint32_t)name[0];
	return 0;
}

/* Splits a line into words (at most WORDS_MAX); returns how many, -1 if a
 * word is too long or there are too many. */
static int split(char *line, char *word[WORDS_MAX])
{
	int n = 0;
	for (char *save, *w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
		if (n == WORDS_MAX || strlen(w) >= SCRIPT_ARG_MAX)
			return -1;
		word[n++] = w;
	}
	return n;
}

/* The words joined by single spaces, cut to SCRIPT_ARG_MAX. */
static void join(char dst[SCRIPT_ARG_MAX], char **word, int n)
{
	dst[0] = 0;
	for (int i = 0; i < n; i++) {
		size_t at = strlen(dst);
		snprintf(dst + at, SCRIPT_ARG_MAX - at, "%s%s", i ? " " : "", word[i]);
	}
}

static int parse_line(struct parser *p, char *line, struct script_cmd *c)
{
	char *w[WORDS_MAX];
	int n = split(line, w);
	if (n <= 0)
		return fail(p, "a word is too long, or there are too many");
	memset(c, 0, sizeof *c);
	c->line = p->line;
	for (int i = 1; i < n && i <= 2; i++)
		snprintf(c->arg[i - 1], SCRIPT_ARG_MAX, "%s", w[i]);
	const char *cmd = w[0];
#define WANT(k, usage)                                                                     \
	do {                                                                               \
		if (n != (k) + 1)                                                          \
			return fail(p, "usage: %s", usage);                                \
	} while (0)
	if (strcmp(cmd, "open") == 0) {
		WANT(1, "open LESSON");
		c->op = OP_OPEN;
	} else if (strcmp(cmd, "replay") == 0) {
		WANT(1, "replay TRACE-FILE");
		c->op = OP_REPLAY;
	} else if (strcmp(cmd, "record") == 0) {
		WANT(1, "record TRACE-FILE");
		c->op = OP_RECORD;
	} else if (strcmp(cmd, "set") == 0) {
		WANT(2, "set NAME VALUE");
		c->op = OP_SET;
	} else if (strcmp(cmd, "size") == 0) {
		WANT(2, "size COLUMNS ROWS");
		c->op = OP_SIZE;
		c->num[0] = atoi(w[1]);
		c->num[1] = atoi(w[2]);
		if (c->num[0] < 20 || c->num[0] > 500 || c->num[1] < 5 || c->num[1] > 300)
			return fail(p, "size must be 20..500 columns and 5..300 rows");
	} else if (strcmp(cmd, "lang") == 0) {
		WANT(1, "lang en|zh");
		if (strcmp(w[1], "en") != 0 && strcmp(w[1], "zh") != 0)
			return fail(p, "lang is en or zh");
		c->op = OP_LANG;
	} else if (strcmp(cmd, "start") == 0) {
		c->op = OP_START;
		bool seeded = n == 3 && (strcmp(w[1], "random") == 0 || strcmp(w[1], "pct") == 0);
		if (!(n == 2 && (strcmp(w[1], "step") == 0 || strcmp(w[1], "run") == 0)) && !seeded)
			return fail(p, "usage: start step | start run | start random SEED | start pct SEED");
		if (seeded) {
			char *end;
			c->num[0] = (int)strtol(w[2], &end, 10);
			if (*end || c->num[0] < 0)
				return fail(p, "the seed is a whole number");
		}
	} else if (strcmp(cmd, "step") == 0) {
		WANT(1, "step ACTOR | step any");
		c->op = OP_STEP;
	} else if (strcmp(cmd, "run") == 0 || strcmp(cmd, "wait-exit") == 0) {
		WANT(1, "run DURATION | wait-exit DURATION (500ms, 2s)");
		c->op = cmd[0] == 'r' ? OP_RUN : OP_WAIT_EXIT;
		if ((c->ns = duration(w[1])) < 0)
			return fail(p, "'%s' is not a duration (500ms, 2s, 100us)", w[1]);
	} else if (strcmp(cmd, "key") == 0) {
		WANT(1, "key NAME (space, enter, esc, tab, up, down, left, right, home, end, or a character)");
		c->op = OP_KEY;
		if (!(c->key = key_code(w[1])))
			return fail(p, "unknown key '%s'", w[1]);
	} else if (strcmp(cmd, "frame") == 0) {
		WANT(1, "frame NAME");
		c->op = OP_FRAME;
		for (const char *q = w[1]; *q; q++)
			if (!(*q == '-' || *q == '_' || (*q >= '0' && *q <= '9') ||
			      (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
				return fail(p, "a frame name is letters, digits, - and _");
	} else if (strcmp(cmd, "expect") == 0) {
		if (n < 2)
			return fail(p, "usage: expect result K=V... | state ACTOR STATE | line TEXT | deadlock");
		if (strcmp(w[1], "result") == 0 && n >= 3) {
			c->op = OP_EXPECT_RESULT;
			join(c->arg[0], w + 2, n - 2);
		} else if (strcmp(w[1], "state") == 0 && n == 4) {
			c->op = OP_EXPECT_STATE;
			snprintf(c->arg[0], SCRIPT_ARG_MAX, "%s", w[2]);
			snprintf(c->arg[1], SCRIPT_ARG_MAX, "%s", w[3]);
		} else if (strcmp(w[1], "line") == 0 && n >= 3) {
			c->op = OP_EXPECT_LINE;
			join(c->arg[0], w + 2, n - 2);
		} else if (strcmp(w[1], "deadlock") == 0 && n == 2) {
			c->op = OP_EXPECT_DEADLOCK;
		} else {
			return fail(p, "usage: expect result K=V... | state ACTOR STATE | line TEXT | deadlock");
		}
	} else {
		return fail(p, "unknown command '%s'", cmd);
	}
#undef WANT
	return 0;
}

int script_parse(const char *text, size_t len, const char *name, struct script *s, char *err,
		 size_t errsize)
{
	memset(s, 0, sizeof *s);
	struct parser p = {name, 0, err, errsize};
	size_t cap = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		char line[1024];
		p.line++;
		if (n >= sizeof line)
			return script_free(s), fail(&p, "the line is too long");
		memcpy(line, text + at, n);
		line[n] = 0;
		at += n + 1;
		if (memchr(line, 0, n))
			return script_free(s), fail(&p, "a NUL byte in the line");
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		if (strspn(line, " \t\r") == strlen(line))
			continue;
		if (s->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct script_cmd *v = realloc(s->cmd, cap * sizeof *v);
			if (!v)
				return script_free(s), fail(&p, "out of memory");
			s->cmd = v;
		}
		if (parse_line(&p, line, &s->cmd[s->n]) < 0) {
			script_free(s);
			return -1;
		}
		s->n++;
	}
	return 0;
}

void script_free(struct script *s)
{
	free(s->cmd);
	s->cmd = NULL;
	s->n = 0;
}
