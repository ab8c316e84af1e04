/*
 * cli.h - the command line, parsed into what to do.
 *
 *   weft                               lesson browser
 *   weft open LESSON [--set k=v]... [--speed X]
 *   weft run LESSON [--set k=v]... [--speed X] [--timeout S]
 *   (open and run also take --limit cpu=S|mem=MiB|procs=N, repeatable)
 *   weft list | weft challenges
 *   weft open LESSON --predict | weft run LESSON --predict ANSWER
 *   weft open|run [LESSON] --challenge ID; weft rerun FILE --challenge ID
 *   weft bench [--quick] [--json] [--soak[=SECONDS]]
 *   weft open|run ... [--record FILE] [--sched free|random|pct] [--seed N]; open [--step]
 *   weft replay FILE | weft rerun FILE | weft script FILE [--frames DIR]
 *   weft --help | --version
 * and, anywhere: --lang en|zh, --ascii.
 *
 * Parsing is pure (no I/O), so every bad input can be tested: an unknown
 * command, lesson or parameter, a value out of range, a bad flag each give
 * a one-line reason and the caller exits 2.
 */
#ifndef WEFT_CLI_H
#define WEFT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "challenge.h"
#include "lesson.h"
#include "params.h"
#include "runlimits.h"

enum cli_command {
	CLI_BROWSE, CLI_OPEN, CLI_RUN, CLI_LIST, CLI_BENCH, CLI_REPLAY, CLI_RERUN, CLI_SCRIPT,
	CLI_EXPORT, CLI_CHALLENGES, CLI_HELP, CLI_VERSION
};

struct cli {
	enum cli_command cmd;
	const struct wf_lesson *lesson; /* CLI_OPEN, CLI_RUN; CLI_LIST: its parameters */
	struct lesson_args args;
	double speed;                   /* 1.0 unless --speed */
	double timeout;                 /* seconds of real time; 0: none */
	const char *lang;               /* "en", "zh", or NULL: from the locale */
	bool ascii;                     /* --ascii */
	bool zh_refused;                /* Chinese was asked for, the locale cannot show it */
	struct wf_limits limits;        /* --limit; limits_default() unless given */
	bool quick, json;               /* bench: --quick, --json */
	double soak;                    /* bench --soak[=S]: seconds; 0: no soak */
	bool step;                      /* open --step: start in step mode */
	const char *record;             /* --record FILE: a trace of the run */
	int sched;                      /* --sched: enum sched_kind */
	uint64_t seed;                  /* --seed */
	const char *file;               /* replay, rerun, script, export: the FILE */
	const char *frames;             /* script --frames DIR */
	const char *chrome, *text;      /* export --chrome OUT / --text OUT ("-": stdout) */
	const char *trace_text;         /* export --trace OUT: the text trace format */
	const char *cast;               /* open, replay --cast FILE: the screen as asciicast v2 */
	bool predict;                   /* --predict: the lesson's question first */
	double answer;                  /* run --predict ANSWER: the answer, checked */
	const struct wf_challenge *challenge; /* --challenge ID (its lesson is c->lesson) */
};

/* Fills c from argv.  0, or -1 with a one-line reason in err. */
int cli_parse(struct cli *c, int argc, char **argv, char *err, size_t errsize);
/* The --help text. */
const char *cli_usage(void);
/* "en" or "zh" from --lang, else from LC_ALL / LC_MESSAGES / LANG (zh_*). */
const char *cli_language(const struct cli *c);

#endif
