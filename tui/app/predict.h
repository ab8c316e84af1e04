/*
 * predict.h - predict, then run: a lesson's question (lesson.h's
 * wf_predict), the student's answer, and the verdict from what the run
 * measured.
 *
 * Everything here is pure: it reads a results string ("k=v k=v", the
 * lesson's wf_result) and whether the model found a deadlock, never the
 * run itself, so every verdict can be tested on strings.  A choice answer
 * is right when the choice's own condition holds for the results; a number
 * answer when it lies within the question's tolerance of the measured key.
 */
#ifndef WEFT_PREDICT_H
#define WEFT_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"

struct predict_verdict {
	bool known;        /* the results hold what the question is judged by */
	bool right;
	int actual;        /* a choice question: the choice (1..n) that happened, 0 if none */
	char measured[96]; /* "lost=511874": the key the question names, as measured */
};

/* The value of `key` in results into buf ("deadlock": "yes" or "no" from
 * deadlocked); false when it is not there. */
bool predict_value(const char *results, bool deadlocked, const char *key, char *buf, size_t size);
/* 1 if the condition "KEY OP VALUE" holds, 0 if not, -1 if it cannot be read
 * or its key is not among the results. */
int predict_cond(const char *cond, const char *results, bool deadlocked);
/* Reads an answer to p: a choice 1..n, or a number.  0, or -1 with a
 * one-line reason in err. */
int predict_parse(const struct wf_predict *p, const char *answer, double *out, char *err,
		  size_t errsize);
/* Judges the answer against a finished run's results. */
struct predict_verdict predict_judge(const struct wf_predict *p, double answer, const char *results,
				     bool deadlocked);
/* The headless line: "predict: answer=2 actual=2 right=yes lost=511874". */
void predict_line(const struct wf_predict *p, double answer, const struct predict_verdict *v,
		  char *buf, size_t size);
/* "2" or "3.5": an answer as the student gave it, into buf. */
void predict_answer_text(const struct wf_predict *p, double answer, char *buf, size_t size);

#endif
