/*
 * main.c - the weft command: parse the command line, then list, run
 * headless, or hand over to the terminal UI.
 *
 * Exit codes: 0 done, 1 internal failure, 2 bad usage or input (one line on
 * stderr says why).
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "startchild.h"
#include "bench.h"
#include "challenge.h"
#include "cli.h"
#include "clock.h"
#include "export.h"
#include "host.h"
#include "runlimits.h"
#include "registry.h"
#include "runner.h"
#include "script.h"
#include "term.h"

/* `weft list LESSON`: one parameter a line, NAME=DEFAULT first, so that
 * shell completion can cut at '='. */
static void list_params(const struct wf_lesson *l)
{
	for (size_t i = 0; i < l->nparams; i++) {
		const struct wf_param *p = &l->params[i];
		char name[64], values[48];
		snprintf(name, sizeof name, "%s=%s", p->name, p->def);
		if (p->choices)
			snprintf(values, sizeof values, "%s", p->choices);
		else
			snprintf(values, sizeof values, "%ld..%ld", p->min, p->max);
		printf("%-22s %-16s %s\n", name, values, p->help ? p->help : "");
	}
}

static void list_lessons(const char *lang)
{
	bool zh = strcmp(lang, "zh") == 0;
	for (size_t i = 0; i < registry_count(); i++) {
		const struct wf_lesson *l = registry_at(i);
		printf("%-20s %-10s %s\n", l->id, l->track, zh ? l->title_zh : l->title_en);
	}
}

/* `weft challenges`: id, lesson, goal in the chosen language. */
static void list_challenges(const char *lang)
{
	bool zh = strcmp(lang, "zh") == 0;
	for (size_t i = 0; i < challenge_count(); i++) {
		const struct wf_lesson *l;
		const struct wf_challenge *c = challenge_at(i, &l);
		printf("%-22s %-16s %s\n", c->id, l->id, zh ? c->goal_zh : c->goal_en);
	}
}

int main(int argc, char **argv)
{
	int code;
	if (startchild_main(argc, argv, &code)) /* a child the start-methods lesson spawned */
		return code;
	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN); /* a closed stdout is a write error (EPIPE), said by the caller */
	struct cli cli;
	char err[256];
	if (cli_parse(&cli, argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "weft: %s\n", err);
		return 2;
	}
	switch (cli.cmd) {
	case CLI_HELP:
		fputs(cli_usage(), stdout);
		return runner_stdout_failed();
	case CLI_VERSION:
		printf("weft %s\n", WEFT_VERSION);
		return runner_stdout_failed();
	case CLI_LIST:
		if (cli.lesson)
			list_params(cli.lesson);
		else
			list_lessons(cli_language(&cli));
		return runner_stdout_failed();
	case CLI_CHALLENGES:
		list_challenges(cli_language(&cli));
		return runner_stdout_failed();
	case CLI_EXPORT:
		return export_main(cli.file, cli.chrome, cli.text, cli.trace_text);
	default:
		break;
	}
	clock_init();
	host_adopt_orphans();
	limits_configure(&cli.limits);
	/* A headless run flushes once a pump (runner_stdout_failed), where a
	 * failed write is seen with its errno. */
	if (cli.cmd == CLI_RUN || cli.cmd == CLI_RERUN)
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (cli.cmd == CLI_RUN)
		return runner_run(&cli);
	if (cli.cmd == CLI_RERUN)
		return runner_rerun(&cli);
	if (cli.cmd == CLI_SCRIPT)
		return script_main(cli.file, cli.frames);
	if (cli.cmd == CLI_BENCH)
		return bench_main(&cli, &term_bench);
	return term_main(&cli);
}
