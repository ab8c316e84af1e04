/*
 * sampler.c - reading /proc for the scheduler's view (see sampler.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "sampler.h"

struct watch {
	int schedstat, stat;   /* open fds, -1 when not (yet) open */
	uint64_t run_ns, wait_ns;
	uint64_t at_ns;        /* monotonic ns of the last reading */
	uint8_t state, cpu;    /* last reported */
	char letter;           /* the kernel's state letter last reported */
	bool done;             /* gone, or could not be opened */
};

struct sampler {
	struct watch w[ARENA_MAX_ACTORS];
	uint32_t next; /* round-robin start */
};

sampler *sampler_new(void)
{
	sampler *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	for (int i = 0; i < ARENA_MAX_ACTORS; i++)
		s->w[i].schedstat = s->w[i].stat = -1;
	return s;
}

static void watch_close(struct watch *w)
{
	if (w->schedstat >= 0)
		close(w->schedstat);
	if (w->stat >= 0)
		close(w->stat);
	w->schedstat = w->stat = -1;
	w->done = true;
}

void sampler_free(sampler *s)
{
	if (!s)
		return;
	for (int i = 0; i < ARENA_MAX_ACTORS; i++)
		watch_close(&s->w[i]);
	free(s);
}

static int open_task_file(const struct arena_actor *a, const char *file)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", a->pid, a->tid, file);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static ssize_t read_file(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

/* The state letter and CPU (field 39) from a stat line; the command name in
 * parentheses may hold spaces, so fields are counted after its last ')'. */
static int parse_stat(const char *line, char *state, unsigned *cpu)
{
	const char *p = strrchr(line, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	*state = *p;
	for (int field = 3; field < 39; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	*cpu = (unsigned)strtoul(p, NULL, 10);
	return 0;
}

/* A process's only thread stays readable as a zombie (Z) from its exit
 * until its parent reaps it; a thread of a live process never does.  The
 * lesson's main is the host, which the UI reaps as the run ends: its end
 * is the run's. */
static bool zombie_kept(const struct arena_actor *a)
{
	return a->kind == AK_PROCESS && a->pid == a->tid && a->parent != WF_NONE;
}

static void sample(struct watch *w, const struct arena_actor *a, uint16_t id, collector *c)
{
	if (w->schedstat < 0) {
		w->schedstat = open_task_file(a, "schedstat");
		w->stat = open_task_file(a, "stat");
	}
	char buf[1024];
	unsigned long long run, wait;
	char letter;
	unsigned cpu;
	if (w->schedstat < 0 || w->stat < 0 || read_file(w->schedstat, buf, sizeof buf) <= 0 ||
	    sscanf(buf, "%llu %llu", &run, &wait) != 2 || read_file(w->stat, buf, sizeof buf) <= 0 ||
	    parse_stat(buf, &letter, &cpu) < 0 || letter == 'X' || (letter == 'Z' && !zombie_kept(a))) {
		/* The thread has ended (a process: it has been reaped).  Its own
		 * EV_EXIT comes first when it was not lost; the model ignores
		 * this one then. */
		watch_close(w);
		struct wf_ev gone = {clock_ticks(), id, EV_SCHED, WF_NONE, 0, KSCHED_GONE, 0};
		collector_inject(c, &gone, NULL);
		return;
	}
	uint64_t now = clock_mono_ns();
	uint8_t state = KSCHED_IDLE;
	if (letter == 'Z') {
		state = KSCHED_ZOMBIE; /* ended, not yet reaped: watched until the read fails */
	} else if (w->at_ns) {
		uint64_t dt = now - w->at_ns, drun = run - w->run_ns, dwait = wait - w->wait_ns;
		if (dwait > drun && dwait * 4 > dt)
			state = KSCHED_RUNNABLE;
		else if (drun * 4 > dt || letter == 'R')
			state = KSCHED_RUNNING;
	} else if (letter == 'R') {
		state = KSCHED_RUNNING;
	}
	w->run_ns = run;
	w->wait_ns = wait;
	w->at_ns = now;
	if (state == w->state && cpu == w->cpu && letter == w->letter)
		return;
	w->state = state;
	w->cpu = (uint8_t)cpu;
	w->letter = letter;
	struct wf_ev ev = {clock_ticks(), id, EV_SCHED, WF_NONE, 0, state, SCHED_B(cpu, letter)};
	collector_inject(c, &ev, NULL);
}

void sampler_tick(sampler *s, const struct arena *a, collector *c)
{
	uint32_t n = arena_actor_count(a);
	if (n == 0)
		return;
	uint32_t read = 0;
	for (uint32_t k = 0; k < n && read < SAMPLER_MAX_PER_TICK; k++) {
		uint32_t i = (s->next + k) % n;
		const struct arena_actor *aa = &a->actors[i];
		struct watch *w = &s->w[i];
		if (w->done || !atomic_load(&((struct arena_actor *)aa)->started))
			continue;
		if (atomic_load(&((struct arena_actor *)aa)->exited) && !zombie_kept(aa)) {
			watch_close(w);
			continue;
		}
		sample(w, aa, (uint16_t)i, c);
		read++;
	}
	s->next = (s->next + read) % n;
}
