/*
 * cli.c - see cli.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oneline.h"
#include "predict.h"
#include "runlimits.h"
#include "registry.h"
#include "scheduler.h"
#include "session.h"

static const char usage[] =
	"usage: weft [COMMAND] [OPTIONS]\n"
	"\n"
	"A terminal lab for concurrency: lessons run real threads and processes\n"
	"while Weft draws who runs, who waits, who holds which lock.\n"
	"\n"
	"commands:\n"
	"  (none)                 open the lesson browser\n"
	"  open LESSON            open a lesson and start it\n"
	"  run LESSON             run a lesson headless: its output, then summary:\n"
	"                         and result: lines\n"
	"  list                   list the lessons: id, track, title\n"
	"  list LESSON            the lesson's parameters: NAME=DEFAULT, values, what\n"
	"  challenges             list the challenges: id, lesson, goal (--challenge ID)\n"
	"  replay FILE            play a recorded run back (no lesson code runs)\n"
	"  rerun FILE             run the lesson again, forcing the recorded schedule\n"
	"  script FILE            a scripted session with no terminal (docs/scripts.md)\n"
	"  export FILE            a recorded run for other tools: --chrome OUT.json\n"
	"                         (Perfetto, chrome://tracing), --text OUT, or\n"
	"                         --trace OUT (the text trace format)\n"
	"                         (one event a line); OUT - is stdout\n"
	"  bench                  what observing costs, next to the best peers\n"
	"                         (--quick: a short run; --json: one object a row;\n"
	"                         --soak[=S]: only a lesson left running S seconds,\n"
	"                         default 600, whose memory must stay flat)\n"
	"\n"
	"options:\n"
	"  --set NAME=VALUE       set a lesson parameter (open, run); repeatable\n"
	"  --speed X              lesson speed, 0.05 to 20 (default 1)\n"
	"  --step                 open: start in step mode (s steps, 1-9 step an actor)\n"
	"  --record FILE          open, run: write a trace of the run (docs/trace-format.md)\n"
	"  --cast FILE            open, replay: record the screen as an asciicast v2 file\n"
	"                         (asciinema play FILE)\n"
	"  --predict              open: answer the lesson's question before it runs\n"
	"  --predict ANSWER       run: the answer (a choice 1-9 or a number); prints\n"
	"                         predict: answer=A actual=B right=yes|no\n"
	"  --challenge ID         open, run, rerun: check the challenge's goal (open starts\n"
	"                         in step mode; run needs --sched random|pct); prints\n"
	"                         challenge: id=ID reached=yes|no steps=N\n"
	"  --sched free|random|pct  open, run: who runs next; random and pct are seeded\n"
	"  --seed N               the seed for --sched (default 0)\n"
	"  --frames DIR           script: where `frame NAME` writes DIR/NAME.txt\n"
	"  --timeout S            run: stop after S seconds of real time\n"
	"  --limit cpu=S|mem=MiB|procs=N\n"
	"                         what the lesson may use (open, run): CPU seconds\n"
	"                         per process, MiB of memory for all its processes,\n"
	"                         processes at once; N=off for none (defaults:\n"
	"                         cpu=60 mem=RAM/4 procs=64)\n"
	"  --lang en|zh           language of titles and texts (default from LANG)\n"
	"  --ascii                ASCII glyphs only\n"
	"  -h, --help             this help\n"
	"  -V, --version          the version\n"
	"\n"
	"exit codes: 0 done; 1 internal failure, crashed lesson, timeout, or a rerun\n"
	"that could not follow its recording; 2 bad usage or input; 128+N stopped by\n"
	"signal N: 130 Ctrl-C (SIGINT), 143 SIGTERM, 129 the terminal closed (SIGHUP)\n";

const char *cli_usage(void)
{
	return usage;
}

static int number(const char *flag, const char *s, double lo, double hi, double *out, char *err,
		  size_t errsize)
{
	char *end;
	errno = 0;
	double v = s ? strtod(s, &end) : 0;
	if (!s || *s == 0 || *end != 0 || errno || !isfinite(v)) {
		snprintf(err, errsize, "%s wants a number, got '%s'", flag, s ? s : "");
		return -1;
	}
	if (v < lo || v > hi) {
		snprintf(err, errsize, "%s must be between %g and %g, got %g", flag, lo, hi, v);
		return -1;
	}
	*out = v;
	return 0;
}

/* The value of `--flag VALUE` or `--flag=VALUE`; NULL when argv[*i] is not
 * this flag; *missing when it is but has no value. */
static const char *flag_value(int argc, char **argv, int *i, const char *flag, bool *missing)
{
	size_t n = strlen(flag);
	if (strncmp(argv[*i], flag, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != 0)
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static bool takes_file(enum cli_command cmd)
{
	return cmd == CLI_REPLAY || cmd == CLI_RERUN || cmd == CLI_SCRIPT || cmd == CLI_EXPORT;
}

static int parse(struct cli *c, int argc, char **argv, char *err, size_t errsize)
{
	memset(c, 0, sizeof *c);
	c->cmd = CLI_BROWSE;
	c->speed = 1.0;
	c->limits = limits_default();
	bool limited = false;
	const char *sets[64];
	int nsets = 0;
	bool have_cmd = false;
	const char *answer = NULL;
	const struct wf_lesson *challenged = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		bool missing = false;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			c->cmd = CLI_HELP;
			return 0;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			c->cmd = CLI_VERSION;
			return 0;
		} else if (strcmp(a, "--ascii") == 0) {
			c->ascii = true;
		} else if (strcmp(a, "--step") == 0) {
			c->step = true;
		} else if ((v = flag_value(argc, argv, &i, "--record", &missing))) {
			c->record = v;
		} else if (strcmp(a, "--predict") == 0 && c->cmd != CLI_RUN) {
			c->predict = true;
		} else if ((v = flag_value(argc, argv, &i, "--predict", &missing))) {
			c->predict = true;
			answer = v;
		} else if ((v = flag_value(argc, argv, &i, "--challenge", &missing))) {
			c->challenge = challenge_find(v, &challenged);
			if (!c->challenge) {
				snprintf(err, errsize, "unknown challenge '%s' (weft challenges lists them)", v);
				return -1;
			}
		} else if ((v = flag_value(argc, argv, &i, "--frames", &missing))) {
			c->frames = v;
		} else if ((v = flag_value(argc, argv, &i, "--sched", &missing))) {
			c->sched = sched_parse(v);
			if (c->sched != SCHED_FREE && c->sched != SCHED_RANDOM && c->sched != SCHED_PCT) {
				snprintf(err, errsize, "--sched must be free, random or pct, got '%s'", v);
				return -1;
			}
		} else if ((v = flag_value(argc, argv, &i, "--seed", &missing))) {
			char *end;
			errno = 0;
			c->seed = strtoull(v, &end, 10);
			if (*v < '0' || *v > '9' || *end || errno) {
				snprintf(err, errsize, "--seed wants a whole number, got '%s'", v);
				return -1;
			}
		} else if (strcmp(a, "--soak") == 0) {
			c->soak = 600;
		} else if (strncmp(a, "--soak=", 7) == 0) {
			if (number("--soak", a + 7, 1, 86400, &c->soak, err, errsize) < 0)
				return -1;
		} else if (strcmp(a, "--quick") == 0 || strcmp(a, "--json") == 0) {
			*(a[2] == 'q' ? &c->quick : &c->json) = true;
		} else if ((v = flag_value(argc, argv, &i, "--set", &missing))) {
			if (nsets == 64) {
				snprintf(err, errsize, "too many --set options");
				return -1;
			}
			sets[nsets++] = v;
		} else if ((v = flag_value(argc, argv, &i, "--cast", &missing))) {
			c->cast = v;
		} else if ((v = flag_value(argc, argv, &i, "--chrome", &missing))) {
			c->chrome = v;
		} else if ((v = flag_value(argc, argv, &i, "--text", &missing))) {
			c->text = v;
		} else if ((v = flag_value(argc, argv, &i, "--trace", &missing))) {
			c->trace_text = v;
		} else if ((v = flag_value(argc, argv, &i, "--limit", &missing))) {
			if (limits_parse(&c->limits, v, err, errsize) < 0)
				return -1;
			limited = true;
		} else if ((v = flag_value(argc, argv, &i, "--speed", &missing))) {
			if (number("--speed", v, SESSION_SPEED_MIN, SESSION_SPEED_MAX, &c->speed, err, errsize) < 0)
				return -1;
		} else if ((v = flag_value(argc, argv, &i, "--timeout", &missing))) {
			if (number("--timeout", v, 0.001, 86400, &c->timeout, err, errsize) < 0)
				return -1;
		} else if ((v = flag_value(argc, argv, &i, "--lang", &missing))) {
			if (strcmp(v, "en") != 0 && strcmp(v, "zh") != 0) {
				snprintf(err, errsize, "--lang must be en or zh, got '%s'", v);
				return -1;
			}
			c->lang = v;
		} else if (missing) {
			snprintf(err, errsize, "%s needs a value", a);
			return -1;
		} else if (a[0] == '-') {
			snprintf(err, errsize, "unknown option '%s' (see weft --help)", a);
			return -1;
		} else if (!have_cmd) {
			have_cmd = true;
			if (strcmp(a, "open") == 0)
				c->cmd = CLI_OPEN;
			else if (strcmp(a, "run") == 0)
				c->cmd = CLI_RUN;
			else if (strcmp(a, "list") == 0)
				c->cmd = CLI_LIST;
			else if (strcmp(a, "bench") == 0)
				c->cmd = CLI_BENCH;
			else if (strcmp(a, "replay") == 0)
				c->cmd = CLI_REPLAY;
			else if (strcmp(a, "rerun") == 0)
				c->cmd = CLI_RERUN;
			else if (strcmp(a, "script") == 0)
				c->cmd = CLI_SCRIPT;
			else if (strcmp(a, "export") == 0)
				c->cmd = CLI_EXPORT;
			else if (strcmp(a, "challenges") == 0)
				c->cmd = CLI_CHALLENGES;
			else {
				snprintf(err, errsize, "unknown command '%s' (see weft --help)", a);
				return -1;
			}
		} else if (takes_file(c->cmd) && !c->file) {
			c->file = a;
		} else if ((c->cmd == CLI_OPEN || c->cmd == CLI_RUN || c->cmd == CLI_LIST) && !c->lesson) {
			c->lesson = registry_find(a);
			if (!c->lesson) {
				snprintf(err, errsize, "unknown lesson '%s' (weft list shows them)", a);
				return -1;
			}
		} else {
			snprintf(err, errsize, "unexpected argument '%s'", a);
			return -1;
		}
	}
	if (c->challenge && c->lesson && c->lesson != challenged) {
		snprintf(err, errsize, "challenge %s is for lesson %s, not %s", c->challenge->id,
			 challenged->id, c->lesson->id);
		return -1;
	}
	if (c->challenge && (c->cmd == CLI_OPEN || c->cmd == CLI_RUN))
		c->lesson = challenged;
	if ((c->cmd == CLI_OPEN || c->cmd == CLI_RUN) && !c->lesson) {
		snprintf(err, errsize, "%s needs a lesson (weft list shows them)",
			 c->cmd == CLI_OPEN ? "open" : "run");
		return -1;
	}
	if (takes_file(c->cmd) && !c->file) {
		snprintf(err, errsize, "%s needs a FILE", c->cmd == CLI_REPLAY ? "replay" :
			 c->cmd == CLI_RERUN ? "rerun" : c->cmd == CLI_EXPORT ? "export" : "script");
		return -1;
	}
	if (c->step && c->cmd != CLI_OPEN) {
		snprintf(err, errsize, "--step is for open");
		return -1;
	}
	if ((c->record || c->sched || c->seed) && c->cmd != CLI_OPEN && c->cmd != CLI_RUN) {
		snprintf(err, errsize, "--record, --sched and --seed are for open and run");
		return -1;
	}
	if (c->step && c->sched) {
		snprintf(err, errsize, "--step and --sched both choose who runs next: give one");
		return -1;
	}
	if (c->cast && c->cmd != CLI_OPEN && c->cmd != CLI_REPLAY) {
		snprintf(err, errsize, "--cast is for open and replay");
		return -1;
	}
	if ((c->chrome || c->text || c->trace_text) && c->cmd != CLI_EXPORT) {
		snprintf(err, errsize, "%s is for export",
			 c->chrome ? "--chrome" : c->text ? "--text" : "--trace");
		return -1;
	}
	if (c->cmd == CLI_EXPORT && !!c->chrome + !!c->text + !!c->trace_text != 1) {
		snprintf(err, errsize, "export needs one of --chrome OUT.json, --text OUT or --trace OUT");
		return -1;
	}
	if (c->frames && c->cmd != CLI_SCRIPT) {
		snprintf(err, errsize, "--frames is for script");
		return -1;
	}
	if (nsets && c->cmd != CLI_OPEN && c->cmd != CLI_RUN) {
		snprintf(err, errsize, "--set is for open and run");
		return -1;
	}
	if (c->soak > 0 && c->cmd != CLI_BENCH) {
		snprintf(err, errsize, "--soak is for bench");
		return -1;
	}
	if ((c->quick || c->json) && c->cmd != CLI_BENCH) {
		snprintf(err, errsize, "%s is for bench", c->quick ? "--quick" : "--json");
		return -1;
	}
	if (limited && c->cmd != CLI_OPEN && c->cmd != CLI_RUN) {
		snprintf(err, errsize, "--limit is for open and run");
		return -1;
	}
	if (c->timeout > 0 && c->cmd != CLI_RUN) {
		snprintf(err, errsize, "--timeout is for run");
		return -1;
	}
	if (c->predict && c->cmd != CLI_OPEN && c->cmd != CLI_RUN) {
		snprintf(err, errsize, "--predict is for open and run");
		return -1;
	}
	if (c->predict && !c->lesson->predict) {
		snprintf(err, errsize, "lesson %s asks no question (--predict: race, deadlock, gil, ...)",
			 c->lesson->id);
		return -1;
	}
	if (c->predict && c->cmd == CLI_RUN && !answer) {
		snprintf(err, errsize, "run --predict needs an ANSWER");
		return -1;
	}
	if (answer && predict_parse(c->lesson->predict, answer, &c->answer, err, errsize) < 0)
		return -1;
	if (c->challenge && c->cmd != CLI_OPEN && c->cmd != CLI_RUN && c->cmd != CLI_RERUN) {
		snprintf(err, errsize, "--challenge is for open, run and rerun");
		return -1;
	}
	if (c->challenge && c->challenge->goal == WF_GOAL_BOTH_AT && c->cmd != CLI_OPEN) {
		/* a moment between two steps: headless, the model is read between
		 * pumps and could miss it, so only the stepped UI judges it */
		snprintf(err, errsize, "challenge %s is judged in step mode: weft open --challenge %s",
			 c->challenge->id, c->challenge->id);
		return -1;
	}
	if (c->challenge && c->cmd == CLI_RUN && c->sched != SCHED_RANDOM && c->sched != SCHED_PCT) {
		snprintf(err, errsize, "run --challenge needs a chosen schedule: --sched random|pct");
		return -1;
	}
	if (c->challenge && c->cmd == CLI_OPEN && !c->sched)
		c->step = true; /* a challenge is played by stepping */
	const char *refused = c->lesson ? lesson_schedule_refusal(c->lesson, c->step ? SCHED_STEP : c->sched)
					: NULL;
	if (refused) {
		snprintf(err, errsize, "lesson %s %s", c->lesson->id, refused);
		return -1;
	}
	if (c->lesson) {
		lesson_args_init(&c->args, c->lesson);
		if (c->challenge && c->challenge->params && c->cmd != CLI_RERUN)
			if (challenge_args(c->challenge, c->lesson, &c->args, err, errsize) < 0)
				return -1;
		for (int i = 0; i < nsets; i++)
			if (lesson_args_set(&c->args, c->lesson, sets[i], err, errsize) < 0)
				return -1;
	}
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, char *err, size_t errsize)
{
	int r = parse(c, argc, argv, err, errsize);
	if (r < 0)
		oneline(err); /* arguments are quoted: a newline in one stays out */
	return r;
}

const char *cli_language(const struct cli *c)
{
	if (c->lang)
		return c->lang;
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
	}
	return "en";
}
