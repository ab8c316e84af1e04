/*
 * predict.c - see predict.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "predict.h"

bool predict_value(const char *results, bool deadlocked, const char *key, char *buf, size_t size)
{
	size_t n = strlen(key);
	if (strcmp(key, "deadlock") == 0) {
		snprintf(buf, size, "%s", deadlocked ? "yes" : "no");
		return true;
	}
	for (const char *p = results ? results : ""; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len > n && strncmp(p, key, n) == 0 && p[n] == '=') {
			snprintf(buf, size, "%.*s", (int)(len - n - 1), p + n + 1);
			return true;
		}
		p += len;
	}
	return false;
}

/* A whole string that is a finite number. */
static bool as_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}

int predict_cond(const char *cond, const char *results, bool deadlocked)
{
	size_t klen = strcspn(cond, "=!<>");
	char key[64], have[128];
	if (klen == 0 || klen >= sizeof key || !cond[klen])
		return -1;
	snprintf(key, sizeof key, "%.*s", (int)klen, cond);
	const char *op = cond + klen;
	size_t oplen = op[1] == '=' ? 2 : 1;
	const char *want = op + oplen;
	if (!predict_value(results, deadlocked, key, have, sizeof have))
		return -1;
	double a, b;
	int cmp;
	if (as_number(have, &a) && as_number(want, &b))
		cmp = a < b ? -1 : a > b;
	else
		cmp = strcmp(have, want);
	if (oplen == 1 && *op == '=')
		return cmp == 0;
	if (strncmp(op, "!=", 2) == 0)
		return cmp != 0;
	if (strncmp(op, "<=", 2) == 0)
		return cmp <= 0;
	if (strncmp(op, ">=", 2) == 0)
		return cmp >= 0;
	if (*op == '<')
		return cmp < 0;
	if (*op == '>')
		return cmp > 0;
	return -1;
}

int predict_parse(const struct wf_predict *p, const char *answer, double *out, char *err,
		  size_t errsize)
{
	double v;
	if (!as_number(answer ? answer : "", &v)) {
		snprintf(err, errsize, "--predict wants %s, got '%s'",
			 p->choices ? "a choice number" : "a number", answer ? answer : "");
		return -1;
	}
	if (p->choices && (v != floor(v) || v < 1 || v > (double)p->nchoices)) {
		snprintf(err, errsize, "--predict wants a choice from 1 to %zu, got '%s'", p->nchoices,
			 answer);
		return -1;
	}
	*out = v;
	return 0;
}

struct predict_verdict predict_judge(const struct wf_predict *p, double answer, const char *results,
				     bool deadlocked)
{
	struct predict_verdict v = {0};
	char value[64];
	if (predict_value(results, deadlocked, p->key, value, sizeof value))
		snprintf(v.measured, sizeof v.measured, "%s=%s", p->key, value);
	if (p->choices) {
		for (size_t i = 0; i < p->nchoices && !v.actual; i++)
			if (predict_cond(p->choices[i].when, results, deadlocked) == 1)
				v.actual = (int)i + 1;
		v.known = v.actual != 0;
		v.right = v.known && v.actual == (int)answer;
		return v;
	}
	double measured;
	v.known = v.measured[0] && as_number(value, &measured);
	v.right = v.known && fabs(answer - measured) <= p->tolerance + 1e-9;
	return v;
}

void predict_answer_text(const struct wf_predict *p, double answer, char *buf, size_t size)
{
	if (p->choices)
		snprintf(buf, size, "%d", (int)answer);
	else
		snprintf(buf, size, "%g", answer);
}

void predict_line(const struct wf_predict *p, double answer, const struct predict_verdict *v,
		  char *buf, size_t size)
{
	char given[32], actual[32];
	predict_answer_text(p, answer, given, sizeof given);
	if (!v->known)
		snprintf(actual, sizeof actual, "unknown");
	else if (p->choices)
		snprintf(actual, sizeof actual, "%d", v->actual);
	else
		snprintf(actual, sizeof actual, "%s", strchr(v->measured, '=') + 1);
	snprintf(buf, size, "predict: answer=%s actual=%s right=%s%s%s", given, actual,
		 v->right ? "yes" : "no", v->measured[0] ? " " : "", v->measured);
}
