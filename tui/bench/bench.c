/*
 * bench.c - the `weft bench` command: runs the groups of rows and prints
 * them as a table, or as JSON lines with --json (see bench.h).
 *
 * Rows are printed as they finish, so a long run shows progress and a run
 * cut short still leaves every finished row.  The table header names the
 * machine, the clock the events are stamped with and how many runs each
 * figure is the median of.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "bench.h"
#include "clock.h"

static bool json;

/* --- figures --------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct bench_stat bench_stat_of(double *v, int n)
{
	struct bench_stat s = {0, 0, 0, 0};
	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s.min = v[0];
	s.max = v[n - 1];
	s.runs = n;
	return s;
}

uint64_t bench_now_ns(void)
{
	return clock_mono_ns();
}

int bench_pin(int cpu)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return -1;
	if (cpu < 0 || cpu >= n)
		cpu = (int)n - 1;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof set, &set) == 0 ? cpu : -1;
}

void bench_unpin(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	for (long i = 0; i < n && i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	sched_setaffinity(0, sizeof set, &set);
}

int bench_arena_open(struct bench_arena *b)
{
	b->saved = wf_arena;
	b->a = arena_new();
	if (!b->a)
		return -1;
	wf_arena = b->a;
	timebase_start(&b->a->ctl.time, 1.0);
	actor_enter(actor_register("main", AK_THREAD, WF_NONE));
	return 0;
}

void bench_arena_close(struct bench_arena *b)
{
	actor_self = (struct actor_self){NULL, WF_NONE};
	wf_arena = b->saved;
	arena_free(b->a);
	b->a = NULL;
}

/* --- output ---------------------------------------------------------------- */

/* A figure in at most 4 significant digits, as JSON and the table want it. */
static void fmt_num(char *buf, size_t size, double v)
{
	if (v >= 1000 || v == (double)(long long)v)
		snprintf(buf, size, "%.0f", v);
	else if (v >= 100)
		snprintf(buf, size, "%.1f", v);
	else if (v >= 10)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.3g", v);
}

static void fmt_stat(char *buf, size_t size, const struct bench_stat *s)
{
	char m[24], lo[24], hi[24];
	if (!s->runs) {
		snprintf(buf, size, "-");
		return;
	}
	fmt_num(m, sizeof m, s->median);
	if (s->runs == 1 || s->min == s->max) {
		snprintf(buf, size, "%s", m);
		return;
	}
	fmt_num(lo, sizeof lo, s->min);
	fmt_num(hi, sizeof hi, s->max);
	snprintf(buf, size, "%s (%s-%s)", m, lo, hi);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_number(const char *key, const struct bench_stat *s, double v)
{
	char buf[32];
	printf(", \"%s\": ", key);
	if (s && !s->runs) {
		fputs("null", stdout);
		return;
	}
	fmt_num(buf, sizeof buf, v);
	fputs(buf, stdout);
}

static void print_json(const struct bench_row *r)
{
	fputs("{\"row\": ", stdout);
	json_string(r->row);
	fputs(", \"unit\": ", stdout);
	json_string(r->unit);
	json_number("weft", &r->weft, r->weft.median);
	json_number("min", &r->weft, r->weft.min);
	json_number("max", &r->weft, r->weft.max);
	printf(", \"runs\": %d", r->weft.runs);
	fputs(", \"peer\": ", stdout);
	if (r->peer)
		json_string(r->peer);
	else
		fputs("null", stdout);
	json_number("peer_value", r->peer ? &r->peer_value : &(struct bench_stat){0, 0, 0, 0},
		    r->peer_value.median);
	if (r->ratio > 0)
		json_number("ratio", NULL, r->ratio);
	else
		fputs(", \"ratio\": null", stdout);
	fputs(r->cost ? ", \"ratio_of\": \"weft/peer\"" : ", \"ratio_of\": \"peer/weft\"", stdout);
	fputs(", \"target\": ", stdout);
	json_string(r->target);
	bool absent = !r->weft.runs || (r->peer && !r->peer_value.runs);
	printf(", \"met\": %s", !r->has_target || absent ? "null" : r->met ? "true" : "false");
	fputs(", \"clock\": ", stdout);
	json_string(clock_source());
	fputs(", \"note\": ", stdout);
	json_string(r->note);
	fputs("}\n", stdout);
}

static void print_table_row(const struct bench_row *r)
{
	char w[80], p[80], ratio[24];
	fmt_stat(w, sizeof w, &r->weft);
	if (r->peer)
		fmt_stat(p, sizeof p, &r->peer_value);
	else
		snprintf(p, sizeof p, "-");
	if (r->ratio > 0) {
		fmt_num(ratio, sizeof ratio - 1, r->ratio);
		strcat(ratio, "x");
	} else {
		snprintf(ratio, sizeof ratio, "-");
	}
	/* n/a: the subject or a peer the target needs is not there (the note
	 * says why); never MISSED for want of a figure. */
	bool absent = !r->weft.runs || (r->peer && !r->peer_value.runs);
	const char *met = !r->has_target ? "-" : absent ? "n/a" : r->met ? "met" : "MISSED";
	printf("%-22s %-7s %-24s %-16s %-22s %-8s %-18s %s\n", r->row, r->unit, w,
	       r->peer ? r->peer : "-", p, ratio, r->target, met);
	if (r->note[0])
		printf("%-22s   %s\n", "", r->note);
	fflush(stdout);
}

void bench_report(const struct bench_row *in)
{
	struct bench_row r = *in;
	if (r.ratio == 0 && r.peer && r.weft.runs && r.peer_value.runs && r.weft.median > 0)
		r.ratio = r.cost ? r.weft.median / r.peer_value.median : r.peer_value.median / r.weft.median;
	if (json) {
		print_json(&r);
		fflush(stdout);
	} else {
		print_table_row(&r);
	}
}

void bench_missing(const char *row, const char *unit, const char *target, const char *why)
{
	struct bench_row r = {.row = row, .unit = unit, .target = target, .has_target = true};
	snprintf(r.note, sizeof r.note, "%s", why);
	bench_report(&r);
}

/* "AMD EPYC 7B13" from /proc/cpuinfo, or "unknown CPU". */
static void cpu_name(char *buf, size_t size)
{
	snprintf(buf, size, "unknown CPU");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) == 0 && colon) {
			colon += 2;
			colon[strcspn(colon, "\n")] = 0;
			snprintf(buf, size, "%s", colon);
			break;
		}
	}
	fclose(f);
}

/* The 1-minute load average, or -1. */
static double load_average(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f && fscanf(f, "%lf", &l) != 1)
		l = -1;
	if (f)
		fclose(f);
	return l;
}

static void self_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
}

int bench_main(const struct cli *c, const struct bench_term *term)
{
	char self[4096], cpu[160];
	self_path(self, sizeof self);
	cpu_name(cpu, sizeof cpu);
	json = c->json;
	struct bench_opts o = {c->quick, c->quick ? 3 : 9, term, self};
	if (!json) {
		printf("weft bench %s: %s, %ld CPUs, clock %s, %d runs a figure (median, min-max)%s\n",
		       WEFT_VERSION, cpu, sysconf(_SC_NPROCESSORS_ONLN), clock_source(), o.runs,
		       o.quick ? ", --quick" : "");
		double load = load_average();
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		if (load >= 0.5 * (double)cpus)
			printf("note: load average %.2f on %ld CPUs: other work shares the machine, "
			       "figures will be noisy\n", load, cpus);
		printf("%-22s %-7s %-24s %-16s %-22s %-8s %-18s %s\n", "row", "unit", "weft", "peer",
		       "peer value", "ratio", "target", "met");
		fflush(stdout);
	}
	if (c->soak > 0) /* --soak: only the soak (bench_soak.c) */
		return bench_soak(&o, json, c->soak);
	static const struct {
		const char *name;
		void (*run)(const struct bench_opts *);
	} groups[] = {
		{"emit", bench_emit}, {"sync", bench_sync}, {"coro", bench_coro}, {"switch", bench_switch},
		{"ingest", bench_ingest}, {"render", bench_render}, {"replay", bench_replay},
		{"idle", bench_idle},
	};
	/* WEFT_BENCH_ONLY=ingest,render runs only those groups (for profiling one). */
	const char *only = getenv("WEFT_BENCH_ONLY");
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
		if (!only || !*only || strstr(only, groups[i].name))
			groups[i].run(&o);
	return 0;
}
