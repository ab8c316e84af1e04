/*
 * runlimits.h - what a lesson may use, so a runaway one cannot hurt the machine.
 *
 * Three limits, set in the host before the lesson's code runs, inherited by
 * every process the lesson forks:
 *
 *  - CPU time per process: RLIMIT_CPU.  At the soft limit the kernel sends
 *    SIGXCPU; the host's handler stops the lesson (the hard limit, a few
 *    seconds later, is SIGKILL from the kernel should a lesson block it).
 *  - memory per process: RLIMIT_DATA (heap, private mappings, thread
 *    stacks; not the shared arena, which is MAP_SHARED and NORESERVE).  A
 *    lesson past it sees malloc fail; when it then crashes (SIGSEGV, SIGBUS,
 *    SIGABRT) within a few MiB of the limit, the crash is reported as the
 *    memory limit.  A lesson that copes with malloc failing just goes on.
 *    Not set in sanitizer builds: their shadow memory counts as data.
 *  - processes: a budget of processes alive at once, counted by
 *    wf_process_spawn (forked and not yet joined).  Spawning past it, or a
 *    fork that fails with EAGAIN, stops the lesson.  A bare fork() in lesson
 *    code is not counted; RLIMIT_NPROC is the backstop for those, but only
 *    for users other than root (the kernel does not apply it to root), and
 *    it counts every process of the user, so it is set to what the user
 *    runs now plus the budget plus room for the lesson's threads.
 *
 * Stopping the lesson means: the reason goes into the arena
 * (ctl.limit_hit), then SIGKILL to the lesson's process group.  The UI,
 * seeing the host killed, asks limits_explain() why, and says so: "lesson
 * stopped: CPU time limit (10 s)".  Core dumps are off in the host.
 */
#ifndef WEFT_RUNLIMITS_H
#define WEFT_RUNLIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct wf_limits {
	unsigned cpu_s;  /* CPU seconds per process; 0: no limit */
	unsigned mem_mb; /* MiB of private memory per process; 0: no limit */
	unsigned procs;  /* processes of the lesson alive at once; 0: no limit */
};

#define LIMITS_CPU_S 60
#define LIMITS_MEM_MB 2048
#define LIMITS_PROCS 64

/* enum limit_kind is the arena's (arena.h): the run limits and its tables. */

/* The defaults: LIMITS_CPU_S, LIMITS_MEM_MB, LIMITS_PROCS. */
struct wf_limits limits_default(void);
/* Reads "cpu=S", "mem=MiB", "procs=N" (0 or "off": no limit), or several
 * separated by commas, into l.  0, or -1 with a one-line reason in err. */
int limits_parse(struct wf_limits *l, const char *spec, char *err, size_t errsize);
/* The limits for lesson hosts started from now on (process-wide). */
void limits_configure(const struct wf_limits *l);
const struct wf_limits *limits_current(void);

/* In the forked host, before the lesson runs (single-threaded): records
 * the limits in a's control block, sets the rlimits, installs the handlers
 * that stop the lesson (also when a table of the arena is full:
 * arena_on_refuse). */
void limits_enter(struct arena *a);
/* wf_process_spawn, before forking: 0, or -1 when the budget is spent (the
 * lesson is being stopped). */
int limits_take_process(void);
/* A process of the lesson was joined, or its fork failed. */
void limits_give_process(void);
/* Records `why` and kills the lesson's process group, the caller with it.
 * Async-signal-safe. */
void limits_hit(enum limit_kind why);

/* For a run whose host ended with waitpid status `status`: when a limit
 * stopped it, writes "stopped: CPU time limit (10 s)" (or "stopped: too
 * many sync objects (4096)") into buf and returns true; false otherwise. */
bool limits_explain(const struct arena *a, int status, char *buf, size_t size);

#endif
