/*
 * runlimits.h - what a lesson may use, so a runaway one cannot hurt the machine.
 *
 * Three limits, given by --limit (runlimits_parse) or the defaults below:
 *
 *  - CPU time per process: RLIMIT_CPU, set in the host before the lesson's
 *    code runs and inherited by every process it forks.  At the soft limit
 *    the kernel sends SIGXCPU; the host's handler stops the lesson (the hard
 *    limit, a few seconds later, is SIGKILL from the kernel should a lesson
 *    block it).
 *  - memory: `mem` MiB for the lesson's processes together, memory of
 *    every kind they touch (private, and shared: MAP_SHARED, the arena's
 *    heap they fill, memfd).  Two mechanisms:
 *      . each process: RLIMIT_DATA of `mem` (heap, private mappings, thread
 *        stacks), so one process cannot pass it even between two looks of
 *        the watch below.  A lesson past it sees malloc fail; when it then
 *        crashes (SIGSEGV, SIGBUS, SIGABRT) within a few MiB of the limit,
 *        the crash is reported as the memory limit.  Not set in sanitizer
 *        builds: their shadow memory counts as data.
 *      . the group: the run's sentry (sim/host/sentry.h), a process outside
 *        the lesson's group and its limits, looks every LIMITS_WATCH_MS at
 *        every process of the group in /proc and sums their proportional
 *        share of anonymous and shared memory (smaps_rollup: Pss_Anon +
 *        Pss_Shmem: a page two processes share counts once in all).  Past
 *        `mem` it stops the lesson: "stopped: memory limit (300 MiB, the
 *        lesson's processes together)".
 *    Control groups are not used: Weft would need a delegated cgroup v2
 *    subtree with the memory and pids controllers (a user slice, or root on
 *    a v2-only host), and where it runs here the hierarchy is v1 and
 *    belongs to the machine's own supervisor (docs/ARCHITECTURE.md).
 *  - processes: the sentry's watch counts every live process of the group
 *    (bare fork()s, and root's, whom RLIMIT_NPROC does not stop); past
 *    `procs` it stops the lesson.  Besides, wf_process_spawn keeps a budget
 *    of processes alive at once (forked and not yet joined) and stops the
 *    lesson at once past it, and for users other than root RLIMIT_NPROC is
 *    a backstop (set to what the user runs now plus the budget plus room
 *    for the lesson's threads).
 *
 * The default memory is a share of the machine: a quarter of its RAM
 * (LIMITS_MEM_SHARE), at least LIMITS_MEM_MIN_MB.
 *
 * Stopping the lesson means: the reason goes into the arena
 * (ctl.limit_hit, the first reason wins), then SIGKILL to the lesson's
 * process group.  The UI, seeing the host killed, asks limits_explain()
 * why, and says so: "lesson stopped: CPU time limit (10 s)".  Core dumps
 * are off in the host.
 */
#ifndef WEFT_RUNLIMITS_H
#define WEFT_RUNLIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "arena.h"

struct wf_limits {
	unsigned cpu_s;  /* CPU seconds per process; 0: no limit */
	unsigned mem_mb; /* MiB of memory, the lesson's processes together; 0: no limit */
	unsigned procs;  /* processes of the lesson alive at once; 0: no limit */
};

#define LIMITS_CPU_S 60
#define LIMITS_MEM_SHARE 4      /* the default memory: RAM / this */
#define LIMITS_MEM_MIN_MB 256
#define LIMITS_PROCS 64
#define LIMITS_WATCH_MS 100    /* how often the sentry looks at the group */

/* enum limit_kind is the arena's (arena.h): the run limits and its tables. */

/* The default memory limit on this machine: its RAM / LIMITS_MEM_SHARE in
 * MiB, at least LIMITS_MEM_MIN_MB. */
unsigned limits_machine_mem_mb(void);
/* The defaults: LIMITS_CPU_S, limits_machine_mem_mb(), LIMITS_PROCS. */
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

/* In the sentry, every LIMITS_WATCH_MS: the limit the processes of
 * `group` together are past (LIMIT_GROUP_MEM, LIMIT_GROUP_PROCS), or
 * LIMIT_NONE.  Reads /proc; `mem_kib` and `procs`, when not NULL, get what
 * it found. */
enum limit_kind limits_watch(pid_t group, unsigned long long *mem_kib, unsigned *procs);

/* For a run whose host ended with waitpid status `status`: when a limit
 * stopped it, writes "stopped: CPU time limit (10 s)" (or "stopped: too
 * many sync objects (4096)") into buf and returns true; false otherwise. */
bool limits_explain(const struct arena *a, int status, char *buf, size_t size);

#endif
