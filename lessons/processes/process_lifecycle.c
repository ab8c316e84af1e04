/*
 * process-lifecycle - a process's states, as the kernel reports them.
 *
 * The notes (004) name five states: ready, running, interrupted, zombie,
 * finished.  Linux shows them as the letter in field 3 of /proc/PID/stat:
 * R (running, or ready: runnable, waiting for a CPU), S (asleep until
 * something happens: "interrupted"), Z (ended, its exit status not yet
 * collected by its parent) and, once the parent has reaped it, no entry
 * at all.
 *
 * Part 1: `child` computes for `run` s (R), sleeps `sleep` s (S) and
 * ends; the parent does not join it for `zombie` s more, so it stays a
 * zombie (Z) until the join reaps it.  Meanwhile the parent reads the
 * child's stat file every 10 lesson ms and prints each letter the first
 * time it appears; the UI's sampler reads the same file for the lane.
 *
 * Part 2: `parent2` forks `orphan`, then ends before it.  The kernel gives
 * the orphan a new parent: the nearest ancestor that is a "child
 * subreaper", or init.  Weft's UI is a subreaper (it collects what a
 * lesson leaves behind), so the orphan's ppid becomes the UI's pid.  The
 * orphan reads its ppid until it changes and names its new parent from
 * /proc/PPID/comm.
 *
 * The child's computing is a spin on lesson time, so this lesson only runs
 * free (no step mode): a stepped clock would never let the spin end.
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

#define POLL_S 0.01   /* lesson seconds between two reads of a stat file */
#define STATES_MAX 8  /* distinct letters kept, in order of first sight */

struct shared {
	pid_t ui;                    /* the lesson host's parent: Weft's UI */
	pid_t parent2, orphan, ppid_before, ppid_after;
	char adopter[32];            /* /proc/PPID/comm of the orphan's new parent */
	double reparented_at;        /* lesson s the orphan saw its new ppid */
	_Atomic int orphan_done;
};

static struct shared *sh;

/* The state letter of pid's main thread, or 0 when /proc has no such
 * process (reaped, or never there). */
static char kernel_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	const char *p = strrchr(buf, ')'); /* the command may hold spaces */
	return p && p[1] == ' ' ? p[2] : 0;
}

static const char *letter_name(char c)
{
	switch (c) {
	case 'R': return "running or ready";
	case 'S': return "asleep";
	case 'D': return "asleep, uninterruptible";
	case 'Z': return "zombie, not reaped";
	case 'T': return "stopped";
	default: return "another state";
	}
}

static void child(void *arg)
{
	(void)arg;
	double end = wf_now() + (double)wf_param_int("run");
	wf_print("computing %ld s (pid %d)", wf_param_int("run"), (int)getpid());
	volatile unsigned long work = 0;
	while (wf_now() < end) /* on a CPU, or ready for one: R */
		for (int i = 0; i < 10000; i++)
			work += (unsigned long)i;
	wf_print("computed (sum %lu); sleeping %ld s", (unsigned long)work, wf_param_int("sleep"));
	wf_sleep((double)wf_param_int("sleep"));
	wf_print("exiting");
}

static void orphan(void *arg)
{
	(void)arg;
	pid_t before = getppid();
	sh->ppid_before = before;
	wf_print("my parent: %d (parent2)", (int)before);
	double give_up = wf_now() + 10;
	while (getppid() == before && wf_now() < give_up)
		wf_sleep(POLL_S);
	pid_t after = getppid();
	sh->ppid_after = after;
	sh->reparented_at = wf_now();
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)after);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, sh->adopter, sizeof sh->adopter - 1) : -1;
	if (fd >= 0)
		close(fd);
	sh->adopter[n > 0 ? n : 0] = 0;
	sh->adopter[strcspn(sh->adopter, "\n")] = 0;
	wf_print("my parent now: %d (%s)", (int)after, sh->adopter);
	if (after == sh->ui || after == 1)
		wf_print("%d is %s", (int)after, after == 1 ? "init" : "Weft's UI, a subreaper");
	wf_sleep(0.5);
	atomic_store(&sh->orphan_done, 1);
}

static void parent2(void *arg)
{
	(void)arg;
	sh->parent2 = getpid();
	wf_process o;
	if (wf_process_spawn(&o, "orphan", orphan, NULL) < 0)
		return;
	sh->orphan = o.pid;
	wf_print("forked orphan %d; exits in 1 s", (int)o.pid);
	wf_sleep(1.0);
}

/* Watches pid until `until` (lesson s) or until it is gone; appends each
 * letter not seen before to seen[], with the lesson time it first showed. */
static int watch(pid_t pid, double until, char *seen, double *at, int nseen)
{
	for (;;) {
		char c = kernel_state(pid);
		if (!c)
			return nseen;
		if (!memchr(seen, c, (size_t)nseen) && nseen < STATES_MAX) {
			seen[nseen] = c;
			at[nseen++] = wf_now();
			wf_print("kernel: %d is %c (%s)", (int)pid, c, letter_name(c));
		}
		if (wf_now() >= until)
			return nseen;
		wf_sleep(POLL_S);
	}
}

static void run(void)
{
	sh = wf_shared_alloc(sizeof *sh);
	if (!sh) {
		wf_print("out of shared memory");
		return;
	}
	sh->ui = getppid();
	double start = wf_now();

	/* Part 1: running, sleeping, zombie, reaped. */
	wf_process c;
	if (wf_process_spawn(&c, "child", child, NULL) < 0) {
		wf_print("could not start the child");
		return;
	}
	char seen[STATES_MAX];
	double at[STATES_MAX];
	double reap_at = start + (double)(wf_param_int("run") + wf_param_int("sleep") + wf_param_int("zombie"));
	int n = watch(c.pid, reap_at, seen, at, 0);
	double zombie_from = -1;
	for (int i = 0; i < n; i++)
		if (seen[i] == 'Z')
			zombie_from = at[i];
	wf_process_join(&c);
	double reaped = wf_now();
	char after = kernel_state(c.pid);
	wf_print(after ? "joined, but %d is still in /proc" : "joined: reaped, no /proc/%d now", (int)c.pid);

	char states[64] = "";
	for (int i = 0; i < n; i++)
		snprintf(states + strlen(states), sizeof states - strlen(states), "%s%c", i ? "," : "", seen[i]);
	if (!after)
		snprintf(states + strlen(states), sizeof states - strlen(states), "%sreaped", n ? "," : "");

	/* Part 2: an orphan and its new parent. */
	int reparented = 0;
	if (wf_param_is("orphan", "on")) {
		wf_process p2;
		if (wf_process_spawn(&p2, "parent2", parent2, NULL) == 0) {
			wf_process_join(&p2);
			/* The orphan is not ours to join: its new parent reaps it. */
			while (!atomic_load(&sh->orphan_done) || kernel_state(sh->orphan))
				wf_sleep(POLL_S);
			reparented = 1;
		}
	}
	wf_print("done after %.2f s", wf_now() - start);
	wf_result("states=%s zombie_s=%.2f", states, zombie_from >= 0 ? reaped - zombie_from : 0.0);
	if (reparented)
		wf_result("orphan_ppid_before=%d parent2=%d orphan_ppid_after=%d adopter=%s adopter_comm=%s",
			  (int)sh->ppid_before, (int)sh->parent2, (int)sh->ppid_after,
			  sh->ppid_after == sh->ui ? "ui" : sh->ppid_after == 1 ? "init" : "other",
			  sh->adopter[0] ? sh->adopter : "?");
}

static const struct wf_param params[] = {
	{"run", NULL, "1", 1, 10, "seconds the child computes (R)"},
	{"sleep", NULL, "1", 1, 10, "seconds the child then sleeps (S)"},
	{"zombie", NULL, "1", 0, 10, "seconds the parent waits after the child's end before it joins (Z)"},
	{"orphan", "on|off", "on", 0, 0, "part 2: a process whose parent ends first"},
};

const struct wf_lesson lesson_process_lifecycle = {
	.id = "process-lifecycle",
	.track = "processes",
	.title_en = "A process's life: R, S, Z, reaped",
	.title_zh = "进程的一生：R、S、Z、回收",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY | WF_LESSON_KERNEL_LETTERS,
};
