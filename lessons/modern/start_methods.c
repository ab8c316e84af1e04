/*
 * start-methods - multiprocessing's three ways to start a child (Python
 * 3.14 makes forkserver the Linux default): the same child started by
 *
 *   fork        fork() of the lesson itself: a copy-on-write copy, so it
 *               sees every global the lesson set; fastest;
 *   forkserver  a request over a pipe to a clean helper process forked at
 *               the very start, before the lesson set its global; the
 *               server forks the child, which sees the server's globals;
 *   spawn       posix_spawn of /proc/self/exe with a hidden argument (as
 *               Python runs `python -c "from multiprocessing.spawn import
 *               spawn_main; ..."`): a fresh program, nothing inherited,
 *               with an empty environment; slowest.
 *
 * Each child reports over a pipe the CLOCK_MONOTONIC time of its first
 * instruction in the child's code, its pid and the global it sees; the
 * start-up time is that minus the moment the parent asked for it.  Each
 * method starts `starts` children, one at a time; the median is printed.
 * Invariant: every child is a lane (the spawned ones adopted from the
 * parent's side) that ends when the child ends.
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson.h"
#include "weft.h"

/* The global the lesson sets before starting children (a module-level
 * `config = ...` in the Python twin).  A fresh program has the initial 0. */
static int config;

enum method { FORK, FORKSERVER, SPAWN, METHODS };
static const char *const method_name[METHODS] = {"fork", "forkserver", "spawn"};

struct report {
	long long t_ns; /* CLOCK_MONOTONIC at the child's first instruction */
	int config;     /* the global, as the child sees it */
	int pid;
};

static long long mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* The child's body, whichever way it started: report and end. */
static void child_report(int fd, long long t)
{
	struct report r = {t, config, (int)getpid()};
	if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(1);
}

/* The entry of a spawned child (tui/cmd/startchild.c calls it first thing
 * in main): fd is the report pipe's write end. */
int start_methods_spawned(int fd)
{
	long long t = mono_ns();
	child_report(fd, t);
	return 0;
}

static int report_fd = -1; /* the pipe's write end, inherited by forked children */

static void forked_child(void *arg)
{
	(void)arg;
	child_report(report_fd, mono_ns());
}

/* --- the fork server ----------------------------------------------------- */

static int request_fd[2] = {-1, -1};
static wf_fd *requests, *reports; /* where the server and main wait, drawn */

/* The server's loop: one byte per child asked for, 0 to stop. */
static void serve(void *arg)
{
	(void)arg;
	close(request_fd[1]);
	unsigned char b;
	unsigned n = 0;
	while (wf_fd_wait(requests, request_fd[0], POLLIN, WF_FOREVER) > 0 && read(request_fd[0], &b, 1) == 1 &&
	       b) {
		char name[24];
		snprintf(name, sizeof name, "fs-child%u", ++n);
		wf_process child;
		if (wf_process_spawn(&child, name, forked_child, NULL) == 0)
			wf_process_join(&child);
	}
}

/* --- one start --------------------------------------------------------------- */

static char *const empty_env[] = {NULL};

static int start_one(enum method m, unsigned i, long long *asked)
{
	char name[24];
	snprintf(name, sizeof name, "%s%u", method_name[m], i + 1);
	wf_process p;
	*asked = mono_ns();
	if (m == FORK)
		return wf_process_spawn(&p, name, forked_child, NULL) ? -1 : wf_process_join(&p);
	if (m == FORKSERVER) {
		unsigned char b = 1;
		return write(request_fd[1], &b, 1) == 1 ? 0 : -1; /* the server joins it */
	}
	/* Nothing inherited but the standard streams and the report pipe, as
	 * fd 3: every other descriptor is closed in the new program. */
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	if (report_fd != 3)
		posix_spawn_file_actions_adddup2(&fa, report_fd, 3);
	posix_spawn_file_actions_addclosefrom_np(&fa, 4);
	char *argv[] = {"weft", "--weft-start-child", "3", NULL};
	/* The path the link names (under valgrind, the client's: exec of the
	 * link itself would start valgrind's tool). */
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	pid_t pid;
	int r = n > 0 ? (exe[n] = 0, posix_spawn(&pid, exe, &fa, NULL, argv, empty_env)) : -1;
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -1;
	if (wf_process_adopt(&p, name, pid) < 0)
		return -1;
	return wf_process_join(&p);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void run(void)
{
	unsigned starts = (unsigned)wf_param_int("starts");
	int pipefd[2];
	if (pipe(pipefd) < 0 || pipe(request_fd) < 0) {
		wf_print("pipe: failed");
		return;
	}
	report_fd = pipefd[1];
	requests = wf_fd_new("requests");
	reports = wf_fd_new("reports");
	if (!requests || !reports)
		return;
	/* The server first: forked while config is still 0. */
	wf_process server;
	if (wf_process_spawn(&server, "forkserver", serve, NULL) < 0)
		return;
	close(request_fd[0]);
	config = (int)wf_param_int("config");
	wf_print("the lesson sets config = %d (the fork server was forked before)", config);
	double median_ms[METHODS];
	int seen[METHODS];
	for (int m = 0; m < METHODS; m++) {
		long long took[16];
		for (unsigned i = 0; i < starts; i++) {
			long long asked;
			struct report r = {0, -1, 0};
			if (start_one((enum method)m, i, &asked) < 0 ||
			    /* fork and spawn children were joined: their report is in, or never comes */
			    wf_fd_wait(reports, pipefd[0], POLLIN, m == FORKSERVER ? WF_FOREVER : 0) <= 0 ||
			    read(pipefd[0], &r, sizeof r) != (ssize_t)sizeof r) {
				wf_print("%s: the child did not report", method_name[m]);
				return;
			}
			took[i] = r.t_ns - asked;
			seen[m] = r.config;
			wf_sleep(0.2);
		}
		qsort(took, starts, sizeof *took, cmp_ll);
		median_ms[m] = (double)took[starts / 2] / 1e6;
		wf_print("%-10s %u starts: median %.3f ms (min %.3f, max %.3f); the child sees config = %d",
			 method_name[m], starts, median_ms[m], (double)took[0] / 1e6,
			 (double)took[starts - 1] / 1e6, seen[m]);
	}
	unsigned char stop = 0;
	if (write(request_fd[1], &stop, 1) != 1)
		wf_process_terminate(&server);
	wf_process_join(&server);
	close(pipefd[0]);
	close(pipefd[1]);
	close(request_fd[1]);
	wf_print("spawn / fork: %.1fx the start-up time", median_ms[SPAWN] / median_ms[FORK]);
	wf_result("fork_ms=%.3f forkserver_ms=%.3f spawn_ms=%.3f fork_config=%d forkserver_config=%d "
		  "spawn_config=%d",
		  median_ms[FORK], median_ms[FORKSERVER], median_ms[SPAWN], seen[FORK], seen[FORKSERVER],
		  seen[SPAWN]);
}

static const struct wf_param params[] = {
	{"starts", NULL, "5", 1, 15, "children started each way (the median is shown)"},
	{"config", NULL, "42", 1, 1000000, "the value the lesson gives its global before the starts"},
};

const struct wf_lesson lesson_start_methods = {
	.id = "start-methods",
	.track = "modern",
	.title_en = "Start methods: fork, forkserver, spawn",
	.title_zh = "启动方式：fork、forkserver、spawn",
	.params = params,
	.nparams = sizeof params / sizeof *params,
	.run = run,
	.flags = WF_LESSON_FREE_ONLY,
};
